//! Appending one JSON line to a record file (the audit log, the deployments) and flushing it to
//! disk, so a crash mid-change still leaves the line.
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Creates the file's folder if need be, appends `value` as one line and syncs it.
pub fn append(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let line = serde_json::to_string(value).map_err(std::io::Error::other)?;
    writeln!(file, "{line}")?;
    file.sync_data()
}
