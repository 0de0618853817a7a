//! The profile names in the AWS config and credentials files (names only: nothing else of the
//! files is read into the console).
use std::path::{Path, PathBuf};

/// The files the SDK reads: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else ~/.aws.
pub fn default_files() -> (PathBuf, PathBuf) {
    let home = dirs::home_dir().unwrap_or_default().join(".aws");
    let from = |var: &str, file: &str| {
        std::env::var_os(var).map_or_else(|| home.join(file), PathBuf::from)
    };
    (
        from("AWS_CONFIG_FILE", "config"),
        from("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

/// Profile names in a config file (`[profile NAME]`, `[default]`) or a credentials file
/// (`[NAME]`); SSO sessions and services sections are not profiles.
pub fn names_in(text: &str, config: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let header = line.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
            if config {
                match header.strip_prefix("profile ") {
                    Some(name) => Some(name.trim().to_string()),
                    None => (header == "default").then(|| header.to_string()),
                }
            } else {
                Some(header.to_string())
            }
        })
        .collect()
}

/// Every profile of both files, sorted, once each. A missing file has none.
pub fn names(config: &Path, credentials: &Path) -> Result<Vec<String>, String> {
    let read = |path: &Path| match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    };
    let mut names = names_in(&read(config)?, true);
    names.extend(names_in(&read(credentials)?, false));
    names.sort();
    names.dedup();
    Ok(names)
}

#[cfg(test)]
mod tests {
    #[test]
    fn profile_headers_only() {
        let config = "[default]\nregion = us-east-1\n[profile prod-ops]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n[services local]\n";
        assert_eq!(super::names_in(config, true), ["default", "prod-ops"]);
        let credentials = "[default]\naws_access_key_id = AKIA\n[staging]\n";
        assert_eq!(super::names_in(credentials, false), ["default", "staging"]);
    }
}
