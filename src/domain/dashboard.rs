//! The Flink dashboard of a Managed Flink application as a program reads it: the base URL and token taken from a presigned URL, and where that token may be sent.
use super::secret::{PresignedUrl, Secret};

/// How long a dashboard session kinetic asks for lasts (`SessionExpirationDurationInSeconds`,
/// 1,800–43,200 s): an hour, so a token that leaks is dead soon, at one URL an hour.
pub const SESSION_SECS: i64 = 3_600;

/// A session is renewed this long before AWS ends it, so no read meets the end.
pub const RENEW_BEFORE_SECS: i64 = 120;

/// A new URL is asked for at most this often, whatever the answers say.
pub const MIN_RENEWAL_SECS: i64 = 60;

/// Where a dashboard session's requests go: Flink's REST API under `base`, each request
/// carrying `token` as its `authToken` query parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardAccess {
    /// `https://HOST/flinkdashboard`, without a trailing slash (and without the token).
    pub base: String,
    pub token: Secret,
}

/// The domain of AWS's hosts in the partition of `region`.
pub fn partition_domain(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else if region.starts_with("eusc-") {
        "amazonaws.eu"
    } else {
        "amazonaws.com"
    }
}

/// Reads the base URL and the token out of an AuthorizedUrl, as AWS's own sample does: the
/// URL up to and including `/flinkdashboard`, and the `authToken` query parameter. Unless
/// `custom_endpoint` (tests, VPC endpoints), the token goes only over HTTPS to a host of AWS's
/// domain for `region`'s partition; anything else is refused with a sentence that does not
/// hold the token.
pub fn access(
    url: &PresignedUrl,
    region: &str,
    custom_endpoint: bool,
) -> Result<DashboardAccess, String> {
    let whole = url.expose();
    let shown = url.to_string();
    let token = url
        .parameter("authToken")
        .filter(|t| !t.expose().is_empty())
        .ok_or_else(|| format!("the dashboard URL AWS gave ({shown}) carries no authToken"))?;
    let path_start = whole
        .find("/flinkdashboard")
        .ok_or_else(|| format!("the dashboard URL AWS gave ({shown}) has no /flinkdashboard"))?;
    let base = whole[..path_start + "/flinkdashboard".len()].to_string();
    let (scheme, rest) = base
        .split_once("://")
        .ok_or_else(|| format!("the dashboard URL AWS gave ({shown}) is not a URL"))?;
    let host = rest
        .split('/')
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !custom_endpoint {
        let domain = partition_domain(region);
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(format!(
                "the dashboard URL AWS gave ({shown}) is not HTTPS, so kinetic does not send its token there"
            ));
        }
        if !host.ends_with(&format!(".{domain}")) {
            return Err(format!(
                "the dashboard URL AWS gave points at {host}, not a host of {domain} (AWS in {region}), so kinetic does not send its token there"
            ));
        }
    }
    Ok(DashboardAccess { base, token })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> PresignedUrl {
        PresignedUrl::new(text)
    }

    #[test]
    fn the_base_and_token_come_from_the_url_as_the_sample_takes_them() {
        let found = access(
            &url("https://a1b2.kinesisanalytics.eu-west-1.amazonaws.com/flinkdashboard/#/overview?authToken=SECRET-1"),
            "eu-west-1",
            false,
        )
        .unwrap();
        assert_eq!(
            found.base,
            "https://a1b2.kinesisanalytics.eu-west-1.amazonaws.com/flinkdashboard"
        );
        assert_eq!(found.token.expose(), "SECRET-1");
    }

    #[test]
    fn the_token_goes_only_over_https_to_aws_in_the_regions_partition() {
        let refused = |text: &str, region: &str| access(&url(text), region, false).unwrap_err();
        let plain = refused(
            "http://x.amazonaws.com/flinkdashboard?authToken=SECRET-2",
            "us-east-1",
        );
        assert!(plain.contains("not HTTPS"), "{plain}");
        let elsewhere = refused(
            "https://amazonaws.com.evil.example/flinkdashboard?authToken=SECRET-2",
            "us-east-1",
        );
        assert!(
            elsewhere.contains("not a host of amazonaws.com"),
            "{elsewhere}"
        );
        let wrong_partition = refused(
            "https://x.amazonaws.com/flinkdashboard?authToken=SECRET-2",
            "cn-north-1",
        );
        assert!(
            wrong_partition.contains("amazonaws.com.cn"),
            "{wrong_partition}"
        );
        for sentence in [plain, elsewhere, wrong_partition] {
            assert!(!sentence.contains("SECRET"), "{sentence}");
        }
        assert!(
            access(
                &url("https://x.kinesisanalytics.cn-north-1.amazonaws.com.cn/flinkdashboard?authToken=t"),
                "cn-north-1",
                false
            )
            .is_ok()
        );
        // --endpoint-url: a local stand-in over plain HTTP is the operator's choice.
        assert!(
            access(
                &url("http://127.0.0.1:9/flinkdashboard/#/overview?authToken=t"),
                "us-east-1",
                true
            )
            .is_ok()
        );
    }

    #[test]
    fn a_url_without_a_token_or_a_dashboard_path_is_refused() {
        assert!(
            access(
                &url("https://x.amazonaws.com/flinkdashboard"),
                "us-east-1",
                false
            )
            .unwrap_err()
            .contains("no authToken")
        );
        assert!(
            access(
                &url("https://x.amazonaws.com/other?authToken=t"),
                "us-east-1",
                false
            )
            .unwrap_err()
            .contains("no /flinkdashboard")
        );
    }
}
