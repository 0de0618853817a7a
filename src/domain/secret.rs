//! Credentials kinetic carries (a Flink dashboard's token, a presigned URL): their `Debug` and `Display` never show them, and text that might hold one is cut before it is shown.
use std::fmt;

/// What a credential is replaced with wherever text is shown or written.
pub const CUT: &str = "…";

/// A credential: only `expose` gives it out, for the one request or opener that needs it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself: for a request, never for text.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of this credential cut: for sentences built from answers
    /// that may echo a request (an error page quoting its URL).
    pub fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            return text.to_string();
        }
        text.replace(&self.0, CUT)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({CUT})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(CUT)
    }
}

/// Query parameters that carry a credential in the URLs kinetic meets: the Flink dashboard's
/// `authToken`, and SigV4's signature, credential and session token.
const SECRET_PARAMETERS: [&str; 4] = [
    "authtoken",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
];

/// `url` with the value of every credential-bearing query parameter cut:
/// `https://h/flinkdashboard/#/overview?authToken=…`.
pub fn redact_url(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let cut: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_PARAMETERS.contains(&name.to_ascii_lowercase().as_str()) => {
                format!("{name}={CUT}")
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{head}?{}", cut.join("&"))
}

/// A URL whose query carries a credential (CreateApplicationPresignedUrl's AuthorizedUrl).
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedUrl(Secret);

impl PresignedUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(Secret::new(url))
    }

    /// The whole URL, token and all: for the browser that opens it, never for text.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The value of its query parameter `name` (the `authToken`), as written in the URL.
    pub fn parameter(&self, name: &str) -> Option<Secret> {
        let (_, query) = self.expose().split_once('?')?;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| Secret::new(value.split('#').next().unwrap_or(value)))
    }
}

impl fmt::Debug for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PresignedUrl({})", redact_url(self.expose()))
    }
}

impl fmt::Display for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(self.expose()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://abc.kinesisanalytics.us-east-1.amazonaws.com/flinkdashboard/#/overview?authToken=tok-SECRET-123&x=1";

    #[test]
    fn a_secret_never_formats_itself() {
        let secret = Secret::new("tok-SECRET-123");
        assert_eq!(format!("{secret}"), "…");
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert_eq!(
            secret.scrub("GET /jobs?authToken=tok-SECRET-123 failed"),
            "GET /jobs?authToken=… failed"
        );
    }

    #[test]
    fn a_presigned_url_shows_without_its_token_and_gives_it_only_when_asked() {
        let url = PresignedUrl::new(URL);
        let shown = format!("{url} {url:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("authToken=…&x=1"), "{shown}");
        assert_eq!(
            url.parameter("authToken").map(|s| s.expose().to_string()),
            Some("tok-SECRET-123".to_string())
        );
        assert_eq!(url.parameter("nope"), None);
    }

    #[test]
    fn sigv4_parameters_are_cut_too() {
        let cut = redact_url("https://h/p?X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F&a=b");
        assert_eq!(cut, "https://h/p?X-Amz-Signature=…&X-Amz-Credential=…&a=b");
        assert_eq!(redact_url("https://h/p"), "https://h/p");
    }
}
