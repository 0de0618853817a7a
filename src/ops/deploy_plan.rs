//! Deploying new code: UpdateApplication with a new S3 object version, the restore choice and
//! AllowNonRestoredState always sent explicitly. The health gate follows on a running application.
use super::app_checks::{self, AppLimits};
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::flink::CodeLocation;
use crate::domain::{AppStatus, AppUpdate, PortError, Restore};

/// What the operator picked in the deploy dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployChoice {
    /// A key of the application's code bucket.
    pub key: String,
    /// The object version; None in a bucket without versioning.
    pub version: Option<String>,
    /// Latest snapshot (the default) or none.
    pub restore: Restore,
    /// True only by explicit choice.
    pub allow_non_restored_state: bool,
    /// Go on although snapshots are disabled and the state is lost.
    pub accept_state_loss: bool,
}

fn version_text(version: Option<&str>) -> String {
    version.unwrap_or("(unversioned)").to_string()
}

/// UpdateApplication to the picked code.
pub fn deploy(inputs: &AppInputs, choice: &DeployChoice, limits: &AppLimits) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let running = detail.code.as_ref();
    let mut checks = vec![app_checks::state_allows(
        "UpdateApplication",
        &detail.status,
        &[AppStatus::Running, AppStatus::Ready],
    )];
    let same = running.is_some_and(|c| {
        c.file_key == choice.key && c.object_version.as_deref() == choice.version.as_deref()
    });
    checks.push(Check::either(
        "new code",
        !same,
        "differs from the running code",
        format!(
            "{app} already runs {}@{}",
            choice.key,
            version_text(choice.version.as_deref())
        ),
    ));
    checks.push(match &inputs.head {
        Some(Ok(object)) => Check::pass(
            "object exists",
            format!(
                "{}@{}, {}{}",
                object.key,
                version_text(object.version_id.as_deref()),
                object.size_text(),
                object
                    .uploaded
                    .map(|t| format!(", uploaded {} ago", crate::domain::time::age(t, inputs.at)))
                    .unwrap_or_default()
            ),
        ),
        Some(Err(PortError::NotFound { .. })) => Check::fail(
            "object exists",
            format!(
                "there is no {}@{} in the code bucket (HeadObject)",
                choice.key,
                version_text(choice.version.as_deref())
            ),
        ),
        Some(Err(error)) => Check::warn(
            "object exists",
            format!("could not check ({error}); AWS refuses the update if it is missing"),
        ),
        None => Check::warn("object exists", "not checked"),
    });
    checks.push(app_checks::nothing_in_flight(inputs));
    checks.push(app_checks::snapshots_enabled(
        inputs,
        choice.accept_state_loss,
    ));
    checks.push(app_checks::newest_snapshot(inputs));
    checks.push(app_checks::snapshot_quota(
        inputs,
        limits.snapshot_quota,
        false,
    ));
    checks.push(match choice.restore {
        Restore::Skip => Check::warn(
            DESTRUCTIVE,
            "no restore: the new code starts with empty state",
        ),
        _ => Check::pass(
            "restore",
            "from the latest snapshot (taken as the update begins)",
        ),
    });
    checks.push(if choice.allow_non_restored_state {
        Check::warn(
            "AllowNonRestoredState",
            "true: state of operators the new code no longer has is dropped",
        )
    } else {
        Check::pass(
            "AllowNonRestoredState",
            "false (sent explicitly): state that does not fit the new code fails the update",
        )
    });
    checks.push(Check::pass(
        "runtime",
        format!("{} (unchanged)", detail.runtime),
    ));
    let bucket_arn = running.map(|c| c.bucket_arn.clone()).unwrap_or_default();
    let code = CodeLocation {
        bucket_arn,
        file_key: choice.key.clone(),
        object_version: choice.version.clone(),
    };
    let gate = detail.status == AppStatus::Running;
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Deploy new code to {app}"),
        changes: vec![
            Change::new(
                "code key",
                running.map(|c| c.file_key.clone()).unwrap_or_default(),
                choice.key.clone(),
            ),
            Change::new(
                "object version",
                version_text(running.and_then(|c| c.object_version.as_deref())),
                version_text(choice.version.as_deref()),
            ),
            Change::new(
                "version",
                detail.version_id.to_string(),
                (detail.version_id + 1).to_string(),
            ),
            Change::new("state", "—", choice.restore.to_string()),
        ],
        call: OpCall::UpdateApplication(AppUpdate {
            expected_version: detail.version_id,
            code: Some(code),
            parallelism: None,
            runtime: None,
            properties: None,
            restore: choice.restore.clone(),
            allow_non_restored_state: choice.allow_non_restored_state,
            monitoring: None,
        }),
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::Operation,
        gate,
        recovery: false,
        done: format!(
            "{app} runs {}@{}",
            choice.key,
            version_text(choice.version.as_deref())
        ),
        next: None,
        notes: if gate {
            Vec::new()
        } else {
            vec![format!(
                "{app} is {}: the new code runs from its next start",
                detail.status
            )]
        },
    }
}
