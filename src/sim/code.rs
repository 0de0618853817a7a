//! The simulated code bucket: every application's jars as versioned S3 objects, each built well
//! or badly (what happens once it is deployed).
use crate::domain::{AppDetail, CodeObject, Timestamp};
use chrono::Duration;

/// The bucket every simulated application's code lives in.
pub const BUCKET: &str = "acme-flink-artifacts";

/// How a jar behaves once deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeQuality {
    Good,
    /// Reaches RUNNING, then restarts every minute (a bug on the data path).
    RestartsEveryMinute,
    /// The job cannot start (a class is missing): the update fails.
    FailsToStart,
    /// Not a jar AWS can validate: UpdateApplication fails with CodeValidationException.
    Invalid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimObject {
    pub key: String,
    pub version_id: String,
    pub size: u64,
    pub uploaded: Timestamp,
    pub quality: CodeQuality,
}

impl SimObject {
    fn new(
        key: &str,
        version_id: &str,
        size: u64,
        uploaded: Timestamp,
        quality: CodeQuality,
    ) -> Self {
        Self {
            key: key.to_string(),
            version_id: version_id.to_string(),
            size,
            uploaded,
            quality,
        }
    }
}

/// Every version of every key the applications ran, plus the drills' newer uploads.
pub fn build(histories: &[&[AppDetail]], now: Timestamp) -> Vec<SimObject> {
    let mut objects: Vec<SimObject> = Vec::new();
    for history in histories {
        for version in *history {
            let Some(code) = &version.code else { continue };
            let Some(object_version) = &code.object_version else {
                continue;
            };
            if objects
                .iter()
                .any(|o| o.key == code.file_key && &o.version_id == object_version)
            {
                continue;
            }
            let uploaded = version.version_created.unwrap_or(now) - Duration::hours(1);
            // Sizes vary a little per jar, as real builds do.
            let size = 48_000_000
                + (code.file_key.len() as u64 * 7_919 + object_version.len() as u64 * 104_729)
                    % 9_000_000;
            objects.push(SimObject::new(
                &code.file_key,
                object_version,
                size,
                uploaded,
                CodeQuality::Good,
            ));
        }
    }
    // orders-enricher: a rebuilt 1.2.0 with a fix, uploaded 20 minutes ago: deploying it works.
    objects.push(SimObject::new(
        "orders-enricher/orders-enricher-1.2.0.jar",
        "tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU",
        52_614_332,
        now - Duration::minutes(20),
        CodeQuality::Good,
    ));
    // telemetry-aggregator: a newer build with a null-pointer bug: it runs, then restarts.
    objects.push(SimObject::new(
        "telemetry-aggregator/telemetry-aggregator-1.0.0.jar",
        "Qm7bX2cVn9LkJ4hGf6DsA1zPw8RyT3eU",
        50_118_907,
        now - Duration::minutes(35),
        CodeQuality::RestartsEveryMinute,
    ));
    // payments-fraud-scorer: an upload that is not a valid jar.
    objects.push(SimObject::new(
        "payments-fraud-scorer/fraud-scorer-3.4.0.jar",
        "Hx0aZ5sE3dR7fT1gY9uJ2kL6mN4bV8cQ",
        1_024,
        now - Duration::minutes(10),
        CodeQuality::Invalid,
    ));
    // session-windows 2.0.0 cannot start either; alerts-router 1.1.0 restarts every minute.
    for object in &mut objects {
        if object.key.ends_with("session-windows-2.0.0.jar") {
            object.quality = CodeQuality::FailsToStart;
        }
        if object.key.ends_with("alerts-router-1.1.0.jar") {
            object.quality = CodeQuality::RestartsEveryMinute;
        }
    }
    // audit-archiver: the 4.3.0 build that cannot start (what its failed update ran).
    if let Some(object) = objects
        .iter_mut()
        .find(|o| o.key.ends_with("audit-archiver-4.3.0.jar"))
    {
        object.quality = CodeQuality::FailsToStart;
    }
    objects.sort_by_key(|o| std::cmp::Reverse(o.uploaded));
    objects
}

/// The versions of `key`, newest first, as ListObjectVersions reports them.
pub fn versions(objects: &[SimObject], key: &str) -> Vec<CodeObject> {
    let mut found: Vec<&SimObject> = objects.iter().filter(|o| o.key == key).collect();
    found.sort_by_key(|o| std::cmp::Reverse(o.uploaded));
    found
        .iter()
        .enumerate()
        .map(|(i, o)| CodeObject {
            key: o.key.clone(),
            version_id: Some(o.version_id.clone()),
            size: o.size,
            uploaded: Some(o.uploaded),
            latest: i == 0,
        })
        .collect()
}

/// One object: the version asked for, or the newest.
pub fn find<'a>(
    objects: &'a [SimObject],
    key: &str,
    version: Option<&str>,
) -> Option<&'a SimObject> {
    objects
        .iter()
        .filter(|o| o.key == key && version.is_none_or(|v| o.version_id == v))
        .max_by_key(|o| o.uploaded)
}
