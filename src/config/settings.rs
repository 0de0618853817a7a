//! kinetic's own config file: safety per AWS profile, and defaults for a few flags.
use crate::domain::flink_cluster::{ClusterAuth, CredentialSource};
use std::collections::BTreeMap;

/// What a profile is allowed, and how loudly the console warns about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProfileSafety {
    /// Every change is refused, as with `--read-only`.
    pub read_only: bool,
    /// The frame and header turn to the danger colour, PRODUCTION shows in the header, and every
    /// change needs its resource's name typed.
    pub production: bool,
}

/// The whole file. Flags given on the command line win over its defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub theme: Option<String>,
    pub refresh: Option<u64>,
    pub health_gate: Option<chrono::Duration>,
    pub profiles: BTreeMap<String, ProfileSafety>,
    /// Self-managed Flink clusters (`[[flink]]` entries).
    pub flink: Vec<crate::domain::flink_cluster::ClusterEntry>,
    /// AWS contexts watched together (`[[watch]]` entries).
    pub watch: Vec<crate::domain::watch::WatchedContext>,
}

/// A config file kinetic cannot use; each names the file, the section and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("{file}: not valid TOML: {detail}")]
    Syntax { file: String, detail: String },
    #[error("{file}: unknown key {key:?} {place}; {expected}")]
    UnknownKey {
        file: String,
        place: String,
        key: String,
        expected: String,
    },
    #[error("{file}: {key} {place} {detail}")]
    BadValue {
        file: String,
        place: String,
        key: String,
        detail: String,
    },
}

const TOP_KEYS: &str = "the file may set theme, refresh, health_gate, [profiles.NAME] sections, [[flink]] and [[watch]] entries";
const WATCH_KEYS: &str = "a [[watch]] entry may set label, profile, region and endpoint_url";
const FLINK_KEYS: &str = "a [[flink]] entry may set name, url, headers, production, savepoint_dir, read_only, ca_file, client_cert, client_key, user with password_env or password_file, and token_env or token_file";
const PROFILE_KEYS: &str = "a profile may set read_only and production";

impl Settings {
    /// Parses the text of `file` (named in every error).
    pub fn parse(file: &str, text: &str) -> Result<Self, SettingsError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| SettingsError::Syntax {
            file: file.to_string(),
            detail: e.to_string().trim().replace('\n', " "),
        })?;
        let bad = |place: &str, key: &str, detail: &str| SettingsError::BadValue {
            file: file.to_string(),
            place: place.to_string(),
            key: key.to_string(),
            detail: detail.to_string(),
        };
        let top = "at the top level";
        let mut settings = Settings::default();
        for (key, value) in &table {
            match key.as_str() {
                "theme" => {
                    let theme = value
                        .as_str()
                        .ok_or_else(|| bad(top, key, "must be a string such as \"dark\""))?;
                    settings.theme = Some(theme.to_string());
                }
                "refresh" => {
                    let refresh = value
                        .as_integer()
                        .and_then(|n| u64::try_from(n).ok())
                        .filter(|n| (1..=3600).contains(n))
                        .ok_or_else(|| {
                            bad(top, key, "must be a whole number of seconds, 1 to 3600")
                        })?;
                    settings.refresh = Some(refresh);
                }
                "health_gate" => {
                    let gate = value
                        .as_str()
                        .ok_or_else(|| bad(top, key, "must be a duration such as \"5m\""))?;
                    let gate =
                        crate::domain::time::parse_duration(gate).map_err(|e| bad(top, key, &e))?;
                    settings.health_gate = Some(gate);
                }
                "profiles" => {
                    let profiles = value
                        .as_table()
                        .ok_or_else(|| bad(top, key, "must hold [profiles.NAME] sections"))?;
                    for (name, profile) in profiles {
                        let place = format!("in [profiles.{name}]");
                        let profile = profile.as_table().ok_or_else(|| {
                            bad(&place, name, "must be a section: [profiles.NAME]")
                        })?;
                        settings
                            .profiles
                            .insert(name.clone(), profile_safety(file, &place, profile)?);
                    }
                }
                "flink" => {
                    let entries = value.as_array().ok_or_else(|| {
                        bad(top, key, "must be [[flink]] entries with a name and a url")
                    })?;
                    for (i, entry) in entries.iter().enumerate() {
                        let place = format!("in [[flink]] entry {}", i + 1);
                        let table = entry.as_table().ok_or_else(|| {
                            bad(
                                &place,
                                key,
                                "must be a [[flink]] entry with a name and a url",
                            )
                        })?;
                        settings.flink.push(flink_entry(file, &place, table)?);
                    }
                }
                "watch" => {
                    let entries = value.as_array().ok_or_else(|| {
                        bad(
                            top,
                            key,
                            "must be [[watch]] entries with a profile or a region",
                        )
                    })?;
                    for (i, entry) in entries.iter().enumerate() {
                        let place = format!("in [[watch]] entry {}", i + 1);
                        let table = entry.as_table().ok_or_else(|| {
                            bad(
                                &place,
                                key,
                                "must be a [[watch]] entry with a profile or a region",
                            )
                        })?;
                        let watched = watch_entry(file, &place, table)?;
                        if settings.watch.iter().any(|w| w.label == watched.label) {
                            return Err(bad(
                                &place,
                                "label",
                                &format!(
                                    "{:?} is already the label of another entry",
                                    watched.label
                                ),
                            ));
                        }
                        settings.watch.push(watched);
                    }
                }
                other => {
                    return Err(SettingsError::UnknownKey {
                        file: file.to_string(),
                        place: top.to_string(),
                        key: other.to_string(),
                        expected: TOP_KEYS.to_string(),
                    });
                }
            }
        }
        Ok(settings)
    }

    /// The safety of `profile` (none is set for a profile the file does not name).
    pub fn safety(&self, profile: Option<&str>) -> ProfileSafety {
        self.profiles
            .get(profile.unwrap_or("default"))
            .copied()
            .unwrap_or_default()
    }
}

/// One `[[watch]]` entry: a profile and region (either may be left to the defaults), an
/// endpoint, a label (else `PROFILE@REGION`).
fn watch_entry(
    file: &str,
    place: &str,
    table: &toml::Table,
) -> Result<crate::domain::watch::WatchedContext, SettingsError> {
    let bad = |key: &str, detail: &str| SettingsError::BadValue {
        file: file.to_string(),
        place: place.to_string(),
        key: key.to_string(),
        detail: detail.to_string(),
    };
    let mut watched = crate::domain::watch::WatchedContext {
        label: String::new(),
        profile: None,
        region: None,
        endpoint: None,
    };
    for (key, value) in table {
        let text = value
            .as_str()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| bad(key, "must be a string"));
        match key.as_str() {
            "label" => watched.label = text?.to_string(),
            "profile" => watched.profile = Some(text?.to_string()),
            "region" => {
                let region = text?;
                if !crate::domain::watch::is_region(region) {
                    return Err(bad(key, "must be a region such as \"eu-west-1\""));
                }
                watched.region = Some(region.to_string());
            }
            "endpoint_url" => {
                let url = text?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(bad(key, "must be an http:// or https:// URL"));
                }
                watched.endpoint = Some(url.to_string());
            }
            other => {
                return Err(SettingsError::UnknownKey {
                    file: file.to_string(),
                    place: place.to_string(),
                    key: other.to_string(),
                    expected: WATCH_KEYS.to_string(),
                });
            }
        }
    }
    if watched.profile.is_none() && watched.region.is_none() {
        return Err(bad("profile", "or region must be set"));
    }
    if watched.label.is_empty() {
        watched.label = format!(
            "{}{}",
            watched.profile.as_deref().unwrap_or("default"),
            watched
                .region
                .as_deref()
                .map(|r| format!("@{r}"))
                .unwrap_or_default()
        );
    }
    Ok(watched)
}

/// One `[[flink]]` entry: a name, a plain-HTTP REST URL, headers for a proxy, production.
fn flink_entry(
    file: &str,
    place: &str,
    table: &toml::Table,
) -> Result<crate::domain::flink_cluster::ClusterEntry, SettingsError> {
    let bad = |key: &str, detail: &str| SettingsError::BadValue {
        file: file.to_string(),
        place: place.to_string(),
        key: key.to_string(),
        detail: detail.to_string(),
    };
    let url = table
        .get("url")
        .and_then(toml::Value::as_str)
        .ok_or_else(|| {
            bad(
                "url",
                "must be set, such as \"http://flink-jobmanager:8081\"",
            )
        })?;
    let mut entry =
        crate::domain::flink_cluster::ClusterEntry::from_url(url).map_err(|e| bad("url", &e))?;
    let (mut user, mut password, mut token) = (None, None, None);
    for (key, value) in table {
        match key.as_str() {
            "url" => {}
            "name" => {
                let name = value
                    .as_str()
                    .filter(|n| {
                        !n.is_empty() && !n.contains(crate::domain::flink_cluster::SEPARATOR)
                    })
                    .ok_or_else(|| bad(key, "must be a name without @, such as \"prod-flink\""))?;
                entry.name = name.to_string();
            }
            "production" => {
                entry.production = value
                    .as_bool()
                    .ok_or_else(|| bad(key, "must be true or false"))?;
            }
            "savepoint_dir" => {
                let dir = value
                    .as_str()
                    .filter(|d| !d.is_empty())
                    .ok_or_else(|| bad(key, "must be a path such as \"s3://bucket/savepoints\""))?;
                entry.savepoint_dir = Some(dir.to_string());
            }
            "read_only" => {
                entry.access.read_only = value
                    .as_bool()
                    .ok_or_else(|| bad(key, "must be true or false"))?;
            }
            "ca_file" | "client_cert" | "client_key" | "password_file" | "token_file" => {
                let path = value
                    .as_str()
                    .filter(|p| !p.is_empty())
                    .map(std::path::PathBuf::from)
                    .ok_or_else(|| bad(key, "must be a file's path"))?;
                match key.as_str() {
                    "ca_file" => entry.access.ca_file = Some(path),
                    "client_cert" => entry.access.client_cert = Some(path),
                    "client_key" => entry.access.client_key = Some(path),
                    "password_file" => password = Some(CredentialSource::File(path)),
                    _ => token = Some(CredentialSource::File(path)),
                }
            }
            "password_env" | "token_env" => {
                let name = value
                    .as_str()
                    .filter(|n| !n.is_empty() && !n.contains(['=', ' ']))
                    .ok_or_else(|| bad(key, "must be the name of an environment variable"))?;
                let source = CredentialSource::Env(name.to_string());
                if key == "password_env" {
                    password = Some(source);
                } else {
                    token = Some(source);
                }
            }
            "user" => {
                user = Some(
                    value
                        .as_str()
                        .filter(|u| !u.is_empty())
                        .ok_or_else(|| bad(key, "must be a user name"))?
                        .to_string(),
                );
            }
            "headers" => {
                let headers = value
                    .as_table()
                    .ok_or_else(|| bad(key, "must be a table of header names and values"))?;
                for (name, value) in headers {
                    let value = value
                        .as_str()
                        .ok_or_else(|| bad(key, "must hold string values"))?;
                    entry.headers.push((name.clone(), value.to_string()));
                }
            }
            other => {
                return Err(SettingsError::UnknownKey {
                    file: file.to_string(),
                    place: place.to_string(),
                    key: other.to_string(),
                    expected: FLINK_KEYS.to_string(),
                });
            }
        }
    }
    entry.access.auth = match (user, password, token) {
        (Some(user), Some(password), None) => Some(ClusterAuth::Basic { user, password }),
        (None, None, Some(token)) => Some(ClusterAuth::Bearer { token }),
        (None, None, None) => None,
        (Some(_), None, _) => {
            return Err(bad(
                "user",
                "needs its password: password_env (an environment variable's name) or password_file",
            ));
        }
        (None, Some(_), _) => return Err(bad("password_env", "needs the user it is for")),
        (_, Some(_), Some(_)) => {
            return Err(bad(
                "token_env",
                "goes alone: a cluster takes a user and password, or a token, not both",
            ));
        }
    };
    if entry.access.client_cert.is_some() != entry.access.client_key.is_some() {
        return Err(bad(
            "client_cert",
            "goes with client_key: a client certificate needs its private key",
        ));
    }
    Ok(entry)
}

fn profile_safety(
    file: &str,
    place: &str,
    table: &toml::Table,
) -> Result<ProfileSafety, SettingsError> {
    let mut safety = ProfileSafety::default();
    for (key, value) in table {
        let flag = value.as_bool().ok_or_else(|| SettingsError::BadValue {
            file: file.to_string(),
            place: place.to_string(),
            key: key.clone(),
            detail: "must be true or false".to_string(),
        });
        match key.as_str() {
            "read_only" => safety.read_only = flag?,
            "production" => safety.production = flag?,
            other => {
                return Err(SettingsError::UnknownKey {
                    file: file.to_string(),
                    place: place.to_string(),
                    key: other.to_string(),
                    expected: PROFILE_KEYS.to_string(),
                });
            }
        }
    }
    Ok(safety)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_and_defaults_are_read() {
        let settings = Settings::parse(
            "config.toml",
            "theme = \"light\"\nrefresh = 30\nhealth_gate = \"10m\"\n\n[profiles.prod-ops]\nread_only = true\nproduction = true\n\n[profiles.staging]\nproduction = false\n",
        )
        .unwrap();
        assert_eq!(settings.theme.as_deref(), Some("light"));
        assert_eq!(settings.refresh, Some(30));
        assert_eq!(settings.health_gate, Some(chrono::Duration::minutes(10)));
        assert_eq!(
            settings.safety(Some("prod-ops")),
            ProfileSafety {
                read_only: true,
                production: true
            }
        );
        assert_eq!(settings.safety(Some("staging")), ProfileSafety::default());
        assert_eq!(settings.safety(None), ProfileSafety::default());
    }

    #[test]
    fn flink_entries_are_read_and_checked() {
        let settings = Settings::parse(
            "config.toml",
            "[[flink]]\nname = \"prod-flink\"\nurl = \"http://10.0.0.5:8081/\"\nproduction = true\nheaders = { Authorization = \"Bearer t\" }\n\n[[flink]]\nurl = \"http://localhost:8081\"\n",
        )
        .unwrap();
        assert_eq!(settings.flink.len(), 2);
        assert_eq!(settings.flink[0].name, "prod-flink");
        assert_eq!(settings.flink[0].url, "http://10.0.0.5:8081");
        assert!(settings.flink[0].production);
        assert_eq!(
            settings.flink[0].headers,
            vec![("Authorization".to_string(), "Bearer t".to_string())]
        );
        assert_eq!(settings.flink[1].name, "localhost:8081");
        let error = |text: &str| Settings::parse("c.toml", text).unwrap_err().to_string();
        assert!(
            error("[[flink]]\nname = \"x\"\n").contains("url in [[flink]] entry 1 must be set")
        );
        assert!(error("[[flink]]\nurl = \"flink:8081\"\n").contains("is not a Flink REST URL"));
        assert!(error("[[flink]]\nurl = \"http://f:1\"\nname = \"a@b\"\n").contains("without @"));
        assert!(
            error("[[flink]]\nurl = \"http://f:1\"\ntoken = \"x\"\n")
                .contains("unknown key \"token\"")
        );
        // Credentials are named, never written in the file: a variable or a file.
        let secured = Settings::parse(
            "c.toml",
            "[[flink]]\nurl = \"https://flink.example.com/ns/orders/\"\nca_file = \"/etc/flink/ca.pem\"\nclient_cert = \"/etc/flink/kinetic.pem\"\nclient_key = \"/etc/flink/kinetic.key\"\nuser = \"ops\"\npassword_env = \"FLINK_PASSWORD\"\nread_only = true\n",
        )
        .unwrap();
        let access = &secured.flink[0].access;
        assert_eq!(
            access.auth,
            Some(ClusterAuth::Basic {
                user: "ops".into(),
                password: CredentialSource::Env("FLINK_PASSWORD".into())
            })
        );
        assert!(access.read_only && access.ca_file.is_some() && access.client_key.is_some());
        assert!(
            error("[[flink]]\nurl = \"http://f:1\"\nuser = \"ops\"\n")
                .contains("needs its password")
        );
        assert!(
            error("[[flink]]\nurl = \"http://f:1\"\nclient_cert = \"/c.pem\"\n")
                .contains("goes with client_key")
        );
        assert!(
            error("[[flink]]\nurl = \"http://f:1\"\nuser = \"u\"\npassword_env = \"P\"\ntoken_file = \"/t\"\n")
                .contains("not both")
        );
    }

    #[test]
    fn errors_name_the_file_the_section_and_the_key() {
        let error = |text: &str| {
            Settings::parse("/home/me/.config/kinetic/config.toml", text)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("[profiles.prod]\nreadonly = true\n"),
            "/home/me/.config/kinetic/config.toml: unknown key \"readonly\" in [profiles.prod]; a profile may set read_only and production"
        );
        assert_eq!(
            error("[profiles.prod]\nproduction = \"yes\"\n"),
            "/home/me/.config/kinetic/config.toml: production in [profiles.prod] must be true or false"
        );
        assert_eq!(
            error("refresh = 0\n"),
            "/home/me/.config/kinetic/config.toml: refresh at the top level must be a whole number of seconds, 1 to 3600"
        );
        assert!(error("thme = \"dark\"\n").contains("unknown key \"thme\" at the top level"));
        assert!(error("health_gate = \"soon\"\n").contains("health_gate at the top level"));
        assert!(error("[profiles\n").contains("not valid TOML"));
    }

    #[test]
    fn watch_entries_are_read_and_checked() {
        let settings = Settings::parse(
            "config.toml",
            "[[watch]]\nlabel = \"prod-eu\"\nprofile = \"prod\"\nregion = \"eu-west-1\"\n\n[[watch]]\nprofile = \"staging\"\nendpoint_url = \"http://localhost:5000\"\n",
        )
        .unwrap();
        assert_eq!(settings.watch.len(), 2);
        assert_eq!(settings.watch[0].label, "prod-eu");
        assert_eq!(settings.watch[0].region.as_deref(), Some("eu-west-1"));
        assert_eq!(settings.watch[1].label, "staging");
        assert_eq!(
            settings.watch[1].endpoint.as_deref(),
            Some("http://localhost:5000")
        );
        let error = |text: &str| Settings::parse("c.toml", text).unwrap_err().to_string();
        assert!(
            error("[[watch]]\nlabel = \"x\"\n")
                .contains("profile in [[watch]] entry 1 or region must be set")
        );
        assert!(error("[[watch]]\nregion = \"Europe\"\n").contains("must be a region"));
        assert!(error("[[watch]]\nprofile = \"a\"\nkey = 1\n").contains("unknown key \"key\""));
        assert!(
            error("[[watch]]\nprofile = \"a\"\n[[watch]]\nprofile = \"a\"\n")
                .contains("already the label")
        );
    }
}
