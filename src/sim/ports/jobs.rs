//! JobsPort over the simulated account: the simulated engine's view of a running application's job.
use super::super::SimAccount;
use super::super::jobs;
use crate::domain::PortError;
use crate::domain::job_view::{JobView, SlowestPart};
use crate::ports::JobsPort;
use async_trait::async_trait;

#[async_trait]
impl JobsPort for SimAccount {
    async fn job_view(&self, app: &str) -> Result<JobView, PortError> {
        self.network().await;
        let now = self.inner.clock.now();
        self.with_app("FlinkRest", app, |a| {
            jobs::view(a, now).ok_or_else(|| PortError::Unavailable {
                what: format!("The job of {app}"),
                why: format!("the application is {}: no job runs", a.current().status),
            })
        })?
    }

    async fn checkpoint_detail(
        &self,
        app: &str,
        checkpoint: u64,
    ) -> Result<SlowestPart, PortError> {
        self.network().await;
        let now = self.inner.clock.now();
        self.with_app("FlinkRest", app, |a| jobs::slowest_of(a, now, checkpoint))?
            .ok_or_else(|| PortError::NotFound {
                resource: format!("checkpoint {checkpoint} of {app}"),
            })
    }
}
