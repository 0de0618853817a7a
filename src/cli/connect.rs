//! Connecting the console to its account: AWS through the SDK's own profile handling, or the simulated account of a region, with the effect runner wired to them.
use super::args::{Cli, StartupError};
use crate::app::effects::EffectRunner;
use crate::app::model::Context;
use crate::aws::config::SessionOptions;
use crate::aws::{AwsCode, AwsFlink, AwsLogs, AwsMetrics, AwsStreams, load_session};
use crate::sim::clock::SimClock;
use crate::sim::{SimAccount, SimOptions};
use std::sync::Arc;
use std::time::Duration;

/// Ports and the header context for the account the operator chose.
pub struct Account {
    pub context: Context,
    pub runner: EffectRunner,
    pub clock: Arc<dyn Fn() -> crate::domain::Timestamp + Send + Sync>,
}

/// Connects to AWS (or builds the simulator) and wires the effect runner to `tx`.
pub async fn connect(
    cli: &Cli,
    tx: tokio::sync::mpsc::UnboundedSender<crate::app::Msg>,
) -> Result<Account, StartupError> {
    if cli.demo {
        let region = cli
            .demo_region
            .clone()
            .unwrap_or_else(|| crate::sim::scenario::REGION.to_string());
        let options = SimOptions {
            seed: cli.demo_seed,
            streams: usize::try_from(cli.demo_streams).unwrap_or(24),
            apps: crate::sim::apps::SCENARIOS,
            // Real networks take time; so does the demo, so loading states are visible.
            latency: Duration::from_millis(25),
        };
        let sim = cli.demo_accounts.get_or_build(&region, || {
            SimAccount::regional(&region, &options, SimClock::fast(cli.demo_speed as f64))
        });
        let sim_clock = sim.clone();
        let context = cli.context(None, region, None, true);
        let audit = crate::ops::audit::AuditContext {
            user: Some("demo-operator".into()),
            profile: None,
            region: context.region.clone(),
            endpoint: None,
        };
        return Ok(Account {
            context,
            runner: EffectRunner::simulated(sim, tx)
                .with_audit(
                    crate::ops::audit::AuditLog::new(cli.audit_log_path()),
                    audit,
                )
                .with_clusters(
                    &cli.flink_clusters(),
                    crate::flink_rest::deployments::DeploymentLog::beside(&cli.audit_log_path()),
                ),
            // The console's clock is the account's, so a sped-up demo ticks as fast.
            clock: Arc::new(move || sim_clock.clock().now()),
        });
    }
    let session = load_session(&SessionOptions {
        profile: cli.profile.clone(),
        region: cli.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
        max_attempts: 3,
        attempt_timeout: Duration::ZERO,
        profile_files: cli.profile_files.clone(),
    })
    .await
    .map_err(|e| StartupError(e.to_string()))?;
    let clients = crate::aws::Clients::new(&session.sdk, session.endpoint.is_some());
    let clock: Arc<dyn Fn() -> crate::domain::Timestamp + Send + Sync> = Arc::new(chrono::Utc::now);
    let context = cli.context(
        session.profile.clone(),
        session.region.clone(),
        session.endpoint.clone(),
        false,
    );
    let custom = session.endpoint.as_deref();
    let streams = AwsStreams::new(clients.kinesis.clone()).with_endpoint(custom);
    let metrics = AwsMetrics::new(clients.cloudwatch).with_endpoint(custom);
    let flink = AwsFlink::new(clients.flink).with_endpoint(custom);
    let logs = AwsLogs::new(clients.logs, session.endpoint.is_some()).with_endpoint(custom);
    let limiters: Vec<_> = [
        streams.limiters(),
        metrics.limiters(),
        flink.limiters(),
        logs.limiters(),
    ]
    .concat();
    // Who is acting, for the audit log, and which account's budget the calls spend: asked
    // once in the background, so start-up never waits (until then this context paces alone).
    let audit_log = crate::ops::audit::AuditLog::new(cli.audit_log_path());
    let sts = aws_sdk_sts::Client::new(&session.sdk);
    let caller_log = audit_log.clone();
    let (budget_endpoint, budget_region) = (session.endpoint.clone(), session.region.clone());
    tokio::spawn(async move {
        let Ok(Ok(identity)) =
            tokio::time::timeout(Duration::from_secs(15), sts.get_caller_identity().send()).await
        else {
            return;
        };
        if let Some(arn) = identity.arn() {
            caller_log.set_caller(arn.to_string());
        }
        if let Some(account) = identity.account() {
            let key = crate::aws::shared_budget::BudgetKey {
                endpoint: budget_endpoint,
                account: account.to_string(),
                region: budget_region,
            };
            let following = crate::aws::shared_budget::SharedBudgets::global().join(key, &limiters);
            if following > 0 {
                tracing::info!(
                    following,
                    "calls share the budget of another context of the same account and region"
                );
            }
        }
    });
    let audit = crate::ops::audit::AuditContext {
        user: None,
        profile: context.profile.clone(),
        region: context.region.clone(),
        endpoint: context.endpoint.clone(),
    };
    let flink_ops = flink.ops();
    Ok(Account {
        context,
        runner: EffectRunner::new(
            Arc::new(streams),
            Arc::new(metrics),
            Arc::new(flink),
            Arc::new(logs),
            Arc::new(AwsCode::new(clients.s3).with_endpoint(custom)),
            tx,
            clock.clone(),
        )
        .with_ops(Arc::new(
            crate::aws::AwsStreamOps::new(clients.kinesis).with_endpoint(custom),
        ))
        .with_flink_ops(Arc::new(flink_ops))
        .with_dashboards(&session.region, custom.is_some())
        .with_audit(audit_log, audit)
        .with_clusters(
            &cli.flink_clusters(),
            crate::flink_rest::deployments::DeploymentLog::beside(&cli.audit_log_path()),
        ),
        clock,
    })
}
