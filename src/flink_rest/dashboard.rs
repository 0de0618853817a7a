//! Managed Flink's jobs read through their Flink dashboards, as AWS's own sample reads them: a presigned dashboard URL (CreateApplicationPresignedUrl) gives a base URL and a token, and Flink's REST API is read under that base with the token on every GET; a session is renewed when refused or near its end, at most once a minute.
use super::client::{FlinkRest, Transport};
use crate::aws::quotas::ApiBudget;
use crate::domain::dashboard::{self, MIN_RENEWAL_SECS, RENEW_BEFORE_SECS, SESSION_SECS};
use crate::domain::job_view::{JobSource, JobView, SlowestPart};
use crate::domain::{PortError, Timestamp};
use crate::ports::{FlinkPort, JobsPort};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// What kinetic sends the dashboards of one account and region at most. AWS documents no
/// quota for them; a job view of 10 operators is about 20 calls, read once a refresh while the
/// Job tab is open.
pub const DASHBOARD_BUDGET: ApiBudget = ApiBudget {
    api: "Flink dashboard",
    quota_tps: 20.0,
    rate_per_sec: 10.0,
    burst: 30,
};

/// One application's dashboard session.
struct Session {
    rest: Arc<FlinkRest>,
    /// When AWS gave its URL: the session lasts `SESSION_SECS` from then.
    started: Timestamp,
}

/// Per application: its session, and when a URL was last asked for it, with why none came
/// (an application that is not RUNNING, a role without the permission).
#[derive(Default)]
struct Sessions {
    open: HashMap<String, Session>,
    asked: HashMap<String, (Timestamp, Option<PortError>)>,
}

/// `JobsPort` for Managed Flink applications, over their dashboards.
pub struct ManagedDashboards {
    flink: Arc<dyn FlinkPort>,
    region: String,
    /// `--endpoint-url` is set: the dashboard URL may point anywhere the operator chose.
    custom_endpoint: bool,
    transport: Transport,
    sessions: tokio::sync::Mutex<Sessions>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    urls_asked: AtomicU32,
}

impl ManagedDashboards {
    pub fn new(
        flink: Arc<dyn FlinkPort>,
        region: &str,
        custom_endpoint: bool,
        clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    ) -> Self {
        Self {
            flink,
            region: region.to_string(),
            custom_endpoint,
            transport: Transport::new(DASHBOARD_BUDGET),
            sessions: tokio::sync::Mutex::new(Sessions::default()),
            clock,
            urls_asked: AtomicU32::new(0),
        }
    }

    /// Presigned dashboard URLs asked for so far (CreateApplicationPresignedUrl calls).
    pub fn urls_asked(&self) -> u32 {
        self.urls_asked.load(Ordering::Relaxed)
    }

    /// The application's session: the open one unless it nears its end or was refused
    /// (`renew`), else a new one — at most one URL a minute per application.
    async fn session(&self, app: &str, renew: bool) -> Result<Arc<FlinkRest>, PortError> {
        let mut sessions = self.sessions.lock().await;
        let now = (self.clock)();
        if let Some(open) = sessions.open.get(app) {
            let ends = open.started + chrono::Duration::seconds(SESSION_SECS - RENEW_BEFORE_SECS);
            if !renew && now < ends {
                return Ok(open.rest.clone());
            }
        }
        if let Some((asked, why_none)) = sessions.asked.get(app)
            && now - *asked < chrono::Duration::seconds(MIN_RENEWAL_SECS)
        {
            // Within the minute: the answer of the last ask, not another call.
            return Err(why_none.clone().unwrap_or_else(|| PortError::Unavailable {
                what: format!("Flink's own view of the job of {app}"),
                why: format!(
                    "its dashboard session was refused and a new one was asked for {} s ago; kinetic asks at most once a minute",
                    (now - *asked).num_seconds()
                ),
            }));
        }
        sessions.open.remove(app);
        self.urls_asked.fetch_add(1, Ordering::Relaxed);
        let access = match self.flink.dashboard_url(app).await {
            Ok(url) => dashboard::access(&url, &self.region, self.custom_endpoint).map_err(|why| {
                PortError::Unavailable {
                    what: format!("Flink's own view of the job of {app}"),
                    why,
                }
            }),
            Err(error) => Err(not_running_said(app, error)),
        };
        sessions
            .asked
            .insert(app.to_string(), (now, access.as_ref().err().cloned()));
        let access = access?;
        tracing::info!(app, base = %access.base, "a new Flink dashboard session");
        let rest = Arc::new(FlinkRest::dashboard(
            &format!("the Flink dashboard of {app}"),
            &access.base,
            access.token,
            &self.transport,
        ));
        sessions.open.insert(
            app.to_string(),
            Session {
                rest: rest.clone(),
                started: now,
            },
        );
        Ok(rest)
    }

    /// `read` through the application's session; a session refused (HTTP 401/403) is
    /// renewed once and `read` tried again.
    async fn through<T, F, Fut>(&self, app: &str, read: F) -> Result<T, PortError>
    where
        F: Fn(Arc<FlinkRest>) -> Fut,
        Fut: std::future::Future<Output = Result<T, PortError>>,
    {
        let rest = self.session(app, false).await?;
        let read = match read(rest).await {
            Err(PortError::Unauthorized { .. }) => {
                tracing::info!(app, "the Flink dashboard session was refused: renewing it");
                let rest = self.session(app, true).await?;
                read(rest).await
            }
            other => other,
        };
        // A dashboard is AWS's endpoint, not a cluster of the operator's: said as the network.
        read.map_err(|e| match e {
            PortError::ClusterUnreachable { url, reason, .. } => PortError::Network {
                endpoint: url,
                reason,
            },
            other => other,
        })
    }
}

/// The job the application runs: the first of `GET /jobs` that has not ended.
async fn current_job(rest: &FlinkRest, app: &str) -> Result<String, PortError> {
    let jobs = rest.job_list().await?;
    jobs.current()
        .map(|j| j.id.clone())
        .ok_or_else(|| PortError::NotFound {
            resource: format!("the job of {app} on its Flink dashboard"),
        })
}

/// AWS serves a dashboard only while the application runs: CreateApplicationPresignedUrl
/// answers ResourceInUse otherwise, which is said as that, not as a busy resource.
fn not_running_said(app: &str, error: PortError) -> PortError {
    match error {
        PortError::ResourceInUse { .. } => PortError::Unavailable {
            what: format!("Flink's own view of the job of {app}"),
            why: "AWS serves an application's Flink dashboard only while it is RUNNING".to_string(),
        },
        other => other,
    }
}

#[async_trait]
impl JobsPort for ManagedDashboards {
    async fn job_view(&self, app: &str) -> Result<JobView, PortError> {
        self.through(app, |rest| async move {
            let before = rest.calls();
            let job = current_job(&rest, app).await?;
            let mut view = rest.job_view(&job).await?;
            view.calls = rest.calls() - before;
            view.source = JobSource::Dashboard {
                app: app.to_string(),
                url: rest.url().to_string(),
            };
            Ok(view)
        })
        .await
    }

    async fn checkpoint_detail(
        &self,
        app: &str,
        checkpoint: u64,
    ) -> Result<SlowestPart, PortError> {
        self.through(app, |rest| async move {
            let job = current_job(&rest, app).await?;
            let detail = rest.job(&job).await?;
            rest.slowest_of(&detail, checkpoint).await
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::secret::PresignedUrl;
    use crate::domain::{
        AppDetail, AppSummary, OperationDetail, OperationSummary, Snapshot, VersionSummary,
    };
    use std::sync::Mutex;

    /// Answers CreateApplicationPresignedUrl only, counting the URLs; as for an application that
    /// is not RUNNING when `stopped`.
    struct Presigner(AtomicU32, bool);

    fn not_served() -> PortError {
        PortError::Unavailable {
            what: "this call".into(),
            why: "not served here".into(),
        }
    }

    #[async_trait]
    impl FlinkPort for Presigner {
        async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError> {
            Err(not_served())
        }
        async fn describe_application(&self, _: &str) -> Result<AppDetail, PortError> {
            Err(not_served())
        }
        async fn list_versions(&self, _: &str) -> Result<Vec<VersionSummary>, PortError> {
            Err(not_served())
        }
        async fn describe_version(&self, _: &str, _: i64) -> Result<AppDetail, PortError> {
            Err(not_served())
        }
        async fn list_snapshots(&self, _: &str) -> Result<Vec<Snapshot>, PortError> {
            Err(not_served())
        }
        async fn list_operations(&self, _: &str) -> Result<Vec<OperationSummary>, PortError> {
            Err(not_served())
        }
        async fn describe_operation(&self, _: &str, _: &str) -> Result<OperationDetail, PortError> {
            Err(not_served())
        }
        async fn describe_snapshot(&self, _: &str, _: &str) -> Result<Snapshot, PortError> {
            Err(not_served())
        }
        async fn dashboard_url(&self, app: &str) -> Result<PresignedUrl, PortError> {
            let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
            if self.1 {
                return Err(PortError::ResourceInUse {
                    resource: format!("application {app}"),
                    detail: "Application is not RUNNING".into(),
                });
            }
            Ok(PresignedUrl::new(format!(
                "https://{app}.kinesisanalytics.us-east-1.amazonaws.com/flinkdashboard/#/overview?authToken=t{n}"
            )))
        }
    }

    fn dashboards() -> (ManagedDashboards, Arc<Mutex<Timestamp>>) {
        dashboards_of(false)
    }

    fn dashboards_of(stopped: bool) -> (ManagedDashboards, Arc<Mutex<Timestamp>>) {
        let now = Arc::new(Mutex::new(crate::domain::time::from_epoch_secs(
            1_800_000_000,
        )));
        let clock = now.clone();
        let dashboards = ManagedDashboards::new(
            Arc::new(Presigner(AtomicU32::new(0), stopped)),
            "us-east-1",
            false,
            Arc::new(move || *clock.lock().unwrap()),
        );
        (dashboards, now)
    }

    #[tokio::test]
    async fn with_the_tab_open_a_session_is_asked_for_once_and_renewed_before_its_end() {
        let (dashboards, now) = dashboards();
        // Two hours of refreshes every 10 s.
        for _ in 0..720 {
            dashboards.session("orders-enricher", false).await.unwrap();
            *now.lock().unwrap() += chrono::Duration::seconds(10);
        }
        // At 0, then 2 minutes before each hour-long session ends: 0 s, 3,480 s and 6,960 s.
        assert_eq!(dashboards.urls_asked(), 3);
    }

    #[tokio::test]
    async fn a_refused_session_is_renewed_at_most_once_a_minute() {
        let (dashboards, now) = dashboards();
        dashboards.session("a", false).await.unwrap();
        *now.lock().unwrap() += chrono::Duration::seconds(30);
        let refused = dashboards.session("a", true).await.unwrap_err();
        assert!(
            refused.to_string().contains("at most once a minute"),
            "{refused}"
        );
        assert_eq!(dashboards.urls_asked(), 1);
        *now.lock().unwrap() += chrono::Duration::seconds(31);
        dashboards.session("a", true).await.unwrap();
        assert_eq!(dashboards.urls_asked(), 2);
        // Each application has its own session.
        dashboards.session("b", false).await.unwrap();
        assert_eq!(dashboards.urls_asked(), 3);
    }

    #[tokio::test]
    async fn an_application_that_is_not_running_says_so_and_is_asked_at_most_once_a_minute() {
        let (dashboards, now) = dashboards_of(true);
        for _ in 0..6 {
            let refused = dashboards.session("stopped", false).await.unwrap_err();
            assert!(
                refused.to_string().contains("only while it is RUNNING"),
                "{refused}"
            );
            *now.lock().unwrap() += chrono::Duration::seconds(10);
        }
        assert_eq!(dashboards.urls_asked(), 1);
        dashboards.session("stopped", false).await.unwrap_err();
        assert_eq!(dashboards.urls_asked(), 2, "a minute on, asked again");
    }
}
