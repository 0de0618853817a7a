//! What changed between two application versions: code, runtime, parallelism, checkpoints, properties.
use super::flink::AppDetail;

/// One field that differs (or not, when `changed` is false).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

fn row(field: &str, before: String, after: String) -> FieldDiff {
    FieldDiff {
        changed: before != after,
        field: field.to_string(),
        before,
        after,
    }
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// Every compared field, in reading order; properties are compared key by key.
pub fn diff(before: &AppDetail, after: &AppDetail) -> Vec<FieldDiff> {
    let code = |d: &AppDetail, f: fn(&super::flink::CodeLocation) -> Option<String>| {
        or_dash(d.code.as_ref().and_then(f))
    };
    let par = |d: &AppDetail, f: fn(&super::flink::ParallelismConfig) -> String| {
        or_dash(d.parallelism.as_ref().map(f))
    };
    let cp = |d: &AppDetail, f: fn(&super::flink::CheckpointConfig) -> String| {
        or_dash(d.checkpoint.as_ref().map(f))
    };
    let mut rows = vec![
        row(
            "version",
            before.version_id.to_string(),
            after.version_id.to_string(),
        ),
        row("runtime", before.runtime.clone(), after.runtime.clone()),
        row(
            "code bucket",
            code(before, |c| Some(c.bucket_arn.clone())),
            code(after, |c| Some(c.bucket_arn.clone())),
        ),
        row(
            "code key",
            code(before, |c| Some(c.file_key.clone())),
            code(after, |c| Some(c.file_key.clone())),
        ),
        row(
            "code object version",
            code(before, |c| c.object_version.clone()),
            code(after, |c| c.object_version.clone()),
        ),
        row(
            "parallelism",
            par(before, |p| p.parallelism.to_string()),
            par(after, |p| p.parallelism.to_string()),
        ),
        row(
            "parallelism per KPU",
            par(before, |p| p.per_kpu.to_string()),
            par(after, |p| p.per_kpu.to_string()),
        ),
        row(
            "autoscaling",
            par(before, |p| p.autoscaling.to_string()),
            par(after, |p| p.autoscaling.to_string()),
        ),
        row(
            "checkpoint interval",
            cp(before, |c| format!("{} ms", c.interval_ms)),
            cp(after, |c| format!("{} ms", c.interval_ms)),
        ),
        row(
            "snapshots enabled",
            before.snapshots_enabled.to_string(),
            after.snapshots_enabled.to_string(),
        ),
    ];
    let mut keys: Vec<(String, String)> = before
        .property_groups
        .iter()
        .chain(&after.property_groups)
        .flat_map(|g| g.properties.keys().map(move |k| (g.id.clone(), k.clone())))
        .collect();
    keys.sort();
    keys.dedup();
    let lookup = |d: &AppDetail, group: &str, key: &str| {
        or_dash(
            d.property_groups
                .iter()
                .find(|g| g.id == group)
                .and_then(|g| g.properties.get(key).cloned()),
        )
    };
    for (group, key) in keys {
        rows.push(row(
            &format!("{group}.{key}"),
            lookup(before, &group, &key),
            lookup(after, &group, &key),
        ));
    }
    rows
}
