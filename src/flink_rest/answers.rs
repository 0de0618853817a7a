//! What a Flink REST answer that is not Flink's success means, in a sentence: Flink's own error body, an HTML page where JSON was due (a wrong address, a missing path prefix, a proxy's login page), credentials refused, a change refused by a read-only proxy.
use super::wire::ErrorBody;
use crate::domain::PortError;
use hyper::StatusCode;

/// Who answered, and what kinetic had to offer it.
pub struct Asked<'a> {
    /// "the Flink cluster prod-flink at https://…" or "the Flink dashboard of orders-enricher".
    pub who: &'a str,
    /// `GET /jobs/overview`.
    pub api: &'a str,
    pub path: &'a str,
    /// Where the credentials came from, when kinetic sent some.
    pub credentials: Option<&'a str>,
    /// A Managed Flink dashboard session's token was sent.
    pub dashboard: bool,
}

/// The start of an HTML page, where Flink answers JSON.
pub fn is_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

/// An HTML page that asks for a password: a proxy's or an identity provider's login.
fn is_login_page(body: &[u8]) -> bool {
    let page = String::from_utf8_lossy(body).to_ascii_lowercase();
    [
        "type=\"password\"",
        "type='password'",
        "log in",
        "login",
        "sign in",
        "signin",
    ]
    .iter()
    .any(|w| page.contains(w))
}

/// What it means that `asked` got `body` with `status`: `None` when it is Flink's success.
pub fn refusal(asked: &Asked<'_>, status: StatusCode, body: &[u8]) -> Option<PortError> {
    let not_flink = |what: String| PortError::NotFlinkRest {
        target: asked.who.to_string(),
        what,
    };
    // Credentials refused are that, whatever page comes with the refusal.
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        return Some(PortError::Unauthorized {
            target: asked.who.to_string(),
            status: status.as_u16(),
            hint: if asked.dashboard {
                "its dashboard session ended or its token was refused".to_string()
            } else {
                credentials_hint(asked)
            },
        });
    }
    if is_html(body) {
        let path = asked.path;
        return Some(if is_login_page(body) {
            not_flink(format!(
                "answered {path} with a login page: it wants credentials ({})",
                credentials_hint(asked)
            ))
        } else {
            not_flink(format!(
                "answered {} with an HTML page for {path}, not Flink's JSON: is this Flink's REST address, with its path prefix?",
                status.as_u16()
            ))
        });
    }
    if status.is_success() {
        return None;
    }
    let detail = serde_json::from_slice::<ErrorBody>(body)
        .map_or_else(|_| format!("HTTP {status}"), |e| e.sentence());
    Some(match status {
        StatusCode::NOT_FOUND => PortError::NotFound {
            resource: format!("{} on {}: {detail}", asked.path, asked.who),
        },
        _ => PortError::Service {
            api: asked.api.to_string(),
            detail,
        },
    })
}

fn credentials_hint(asked: &Asked<'_>) -> String {
    match asked.credentials {
        Some(from) => format!("the credentials from {from} were refused"),
        None => "give them in its [[flink]] entry: user with password_env or password_file, or token_env or token_file".to_string(),
    }
}

/// A change a read-only proxy refused (405 to a POST, 403 to a PATCH while GET works): the
/// sentence every later change of the cluster is refused with, before any request.
pub fn read_only_proxy(asked: &Asked<'_>, status: StatusCode) -> Option<String> {
    (status == StatusCode::METHOD_NOT_ALLOWED || status == StatusCode::FORBIDDEN).then(|| {
        format!(
            "{} answered {} with HTTP {}: it lets kinetic read, not change (set read_only = true in its [[flink]] entry to say so from the start)",
            asked.who,
            asked.api,
            status.as_u16()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(credentials: Option<&'static str>) -> Asked<'static> {
        Asked {
            who: "the Flink cluster prod at https://flink.example.com",
            api: "GET /jobs/overview",
            path: "/jobs/overview",
            credentials,
            dashboard: false,
        }
    }

    #[test]
    fn an_html_page_says_what_to_check_instead_of_not_found() {
        let page =
            b"<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>";
        let said = refusal(&asked(None), StatusCode::NOT_FOUND, page)
            .unwrap()
            .to_string();
        assert_eq!(
            said,
            "the Flink cluster prod at https://flink.example.com answered 404 with an HTML page for /jobs/overview, not Flink's JSON: is this Flink's REST address, with its path prefix?"
        );
        // A 200 page where JSON was due says the same.
        assert!(refusal(&asked(None), StatusCode::OK, page).is_some());
    }

    #[test]
    fn a_login_page_says_the_cluster_wants_credentials() {
        let login = b"<html><body><form><input type=\"password\" name=\"pw\"></form></body></html>";
        let said = refusal(&asked(None), StatusCode::OK, login)
            .unwrap()
            .to_string();
        assert!(
            said.contains(
                "with a login page: it wants credentials (give them in its [[flink]] entry"
            ),
            "{said}"
        );
        let refused = refusal(
            &asked(Some("the environment variable FLINK_PASSWORD")),
            StatusCode::UNAUTHORIZED,
            b"",
        )
        .unwrap()
        .to_string();
        assert_eq!(
            refused,
            "the Flink cluster prod at https://flink.example.com refused the request (HTTP 401): the credentials from the environment variable FLINK_PASSWORD were refused"
        );
    }

    #[test]
    fn flinks_own_answers_pass_and_its_errors_read_as_before() {
        assert!(refusal(&asked(None), StatusCode::OK, b"{\"jobs\":[]}").is_none());
        let missing = refusal(
            &asked(None),
            StatusCode::NOT_FOUND,
            b"{\"errors\":[\"Job 1 not found\"]}",
        )
        .unwrap();
        assert!(matches!(missing, PortError::NotFound { .. }), "{missing:?}");
        assert!(read_only_proxy(&asked(None), StatusCode::METHOD_NOT_ALLOWED).is_some());
        assert!(read_only_proxy(&asked(None), StatusCode::BAD_REQUEST).is_none());
    }
}
