//! A cluster's credentials read from where its entry names them (an environment variable, a file) into the `Authorization` header's value, kept as a secret; what could not be read said without it.
use crate::domain::flink_cluster::{ClusterAuth, CredentialSource};
use crate::domain::record::base64;
use crate::domain::secret::Secret;

/// The secret at `source`, a file's trailing newline dropped.
fn read(source: &CredentialSource) -> Result<String, String> {
    let value = match source {
        CredentialSource::Env(name) => std::env::var(name)
            .map_err(|_| format!("{source} is not set (the cluster's [[flink]] entry names it)"))?,
        CredentialSource::File(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("{source} cannot be read: {}", e.kind()))?,
    };
    let value = value.trim_end_matches(['\n', '\r']).to_string();
    if value.is_empty() {
        return Err(format!("{source} is empty"));
    }
    Ok(value)
}

/// `Basic base64(user:password)` or `Bearer token`, and where it came from (for sentences).
pub fn authorization(auth: &ClusterAuth) -> (Result<Secret, String>, String) {
    match auth {
        ClusterAuth::Basic { user, password } => (
            read(password).map(|p| {
                Secret::new(format!(
                    "Basic {}",
                    base64(format!("{user}:{p}").as_bytes())
                ))
            }),
            format!("user {user} and {password}"),
        ),
        ClusterAuth::Bearer { token } => (
            read(token).map(|t| Secret::new(format!("Bearer {t}"))),
            token.to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_rfc_4648_base64() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn a_secret_is_read_from_a_file_and_what_is_missing_is_said_without_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "s3cr3t-token\n").unwrap();
        let (value, from) = authorization(&ClusterAuth::Bearer {
            token: CredentialSource::File(file.clone()),
        });
        assert_eq!(value.unwrap().expose(), "Bearer s3cr3t-token");
        assert!(from.contains("token"), "{from}");
        let (missing, _) = authorization(&ClusterAuth::Basic {
            user: "ops".into(),
            password: CredentialSource::Env("KINETIC_TEST_NO_SUCH_VARIABLE".into()),
        });
        assert_eq!(
            missing.unwrap_err(),
            "the environment variable KINETIC_TEST_NO_SUCH_VARIABLE is not set (the cluster's [[flink]] entry names it)"
        );
    }
}
