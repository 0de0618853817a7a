//! kinetic's own config file: safety per AWS profile, and defaults for a few flags.
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

const TOP_KEYS: &str = "the file may set theme, refresh, health_gate and [profiles.NAME] sections";
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
}
