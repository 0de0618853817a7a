//! Reading one job through Flink's REST API: the job, its operators with their metrics, checkpoints and the slowest part of one, exceptions and task managers — everything the Job tab shows.
use super::client::FlinkRest;
use super::wire::{
    AggregatedMetric, CheckpointConfig, CheckpointDetail, CheckpointSubtasks, Checkpoints,
    Exceptions, JobDetail, JobList, MetricValue, TaskManagers, VERTEX_METRICS, VertexMetrics,
    WATERMARK_METRIC,
};
use crate::domain::PortError;
use crate::domain::job_graph::{JobGraph, bottleneck};
use crate::domain::job_view::{
    CheckpointRun, CheckpointSettings, JobException, JobSource, JobView, SlowestPart, TaskManager,
};
use crate::domain::time::from_epoch_millis;
use std::collections::HashMap;

impl FlinkRest {
    /// `GET /jobs`: every job's id and status.
    pub async fn job_list(&self) -> Result<JobList, PortError> {
        self.get("/jobs").await
    }

    /// `GET /jobs/:id`.
    pub async fn job(&self, job: &str) -> Result<JobDetail, PortError> {
        self.get(&format!("/jobs/{job}")).await
    }

    /// `GET /jobs/:id/exceptions`.
    pub async fn exceptions(&self, job: &str) -> Result<Exceptions, PortError> {
        self.get(&format!("/jobs/{job}/exceptions")).await
    }

    /// `GET /jobs/:id/checkpoints`.
    pub async fn checkpoints(&self, job: &str) -> Result<Checkpoints, PortError> {
        self.get(&format!("/jobs/{job}/checkpoints")).await
    }

    /// `GET /jobs/:id/checkpoints/config`.
    pub async fn checkpoint_config(&self, job: &str) -> Result<CheckpointConfig, PortError> {
        self.get(&format!("/jobs/{job}/checkpoints/config")).await
    }

    /// The job's operators with their metrics over the subtasks: one call for the job and one
    /// a vertex.
    pub async fn job_graph(&self, job: &str) -> Result<JobGraph, PortError> {
        let detail = self.job(job).await?;
        self.graph_of(&detail).await
    }

    async fn graph_of(&self, detail: &JobDetail) -> Result<JobGraph, PortError> {
        let job = &detail.jid;
        let sources: Vec<&str> = detail
            .plan
            .nodes
            .iter()
            .filter(|n| n.inputs.is_empty())
            .map(|n| n.id.as_str())
            .collect();
        let mut metrics = HashMap::new();
        for vertex in &detail.vertices {
            let asked = if sources.contains(&vertex.id.as_str()) {
                VERTEX_METRICS.to_string()
            } else {
                format!("{VERTEX_METRICS},{WATERMARK_METRIC}")
            };
            let path = format!(
                "/jobs/{job}/vertices/{}/subtasks/metrics?get={asked}&agg=max,min,sum",
                vertex.id
            );
            let answer: Vec<AggregatedMetric> = self.get(&path).await?;
            metrics.insert(vertex.id.clone(), VertexMetrics::read(&answer));
        }
        let mut graph = detail.graph(&metrics);
        // The bottleneck's busiest subtask: one more call, for that operator only.
        if let Some(found) = bottleneck(&graph)
            && let Some(operator) = graph.operators.get_mut(found.operator)
            && operator.parallelism > 1
        {
            let asked: Vec<String> = (0..operator.parallelism)
                .map(|i| format!("{i}.busyTimeMsPerSecond"))
                .collect();
            let path = format!(
                "/jobs/{job}/vertices/{}/metrics?get={}",
                operator.id,
                asked.join(",")
            );
            let values: Vec<MetricValue> = self.get(&path).await?;
            operator.worst_subtask = values
                .iter()
                .filter_map(|v| {
                    let subtask = v.id.split('.').next()?.parse::<u32>().ok()?;
                    Some((subtask, v.value.parse::<f64>().ok()?))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(subtask, _)| subtask);
        }
        Ok(graph)
    }

    /// Everything the Job tab shows: the job and its operators, checkpoints (history,
    /// configuration, the slowest part of the latest), exceptions and task managers.
    pub async fn job_view(&self, job: &str) -> Result<JobView, PortError> {
        let before = self.calls();
        let detail = self.job(job).await?;
        let graph = self.graph_of(&detail).await?;
        let checkpoints = self.checkpoints(job).await?;
        let settings = self.checkpoint_config(job).await.ok();
        let slowest = self.slowest_part(&detail, &checkpoints).await;
        let exceptions = self.exceptions(job).await?;
        let task_managers = self.task_managers().await?;
        let restored = checkpoints
            .latest
            .as_ref()
            .and_then(|l| l.restored.as_ref())
            .map(|r| r.id);
        Ok(JobView {
            source: JobSource::Rest {
                cluster: self.name().to_string(),
                url: self.url().to_string(),
            },
            job_id: detail.jid.clone(),
            name: detail.name.clone(),
            state: detail.state.clone(),
            all_running: detail.all_tasks_running(),
            graph,
            checkpoints: checkpoints
                .history
                .iter()
                .map(|c| CheckpointRun {
                    id: c.id,
                    status: c.status.clone(),
                    savepoint: c.is_savepoint,
                    triggered: from_epoch_millis(c.trigger_timestamp),
                    duration_ms: c.end_to_end_duration,
                    size_bytes: c.checkpointed_size,
                    restored: restored == Some(c.id),
                })
                .collect(),
            checkpoint_settings: settings.map(|c| CheckpointSettings {
                interval_ms: c.interval,
                timeout_ms: c.timeout,
                unaligned: c.unaligned_checkpoints,
                tolerable_failures: c.tolerable_failed_checkpoints,
                mode: c.mode,
            }),
            slowest,
            exceptions: exceptions
                .history
                .entries
                .iter()
                .map(|e| JobException {
                    at: from_epoch_millis(e.timestamp),
                    root_cause: e.root_cause(),
                    name: e.name.clone(),
                    task: e.task.clone(),
                    host: e.endpoint.clone(),
                    stack: e.stacktrace.clone(),
                })
                .collect(),
            task_managers,
            calls: self.calls() - before,
        })
    }

    /// The operator, and its subtask, that took longest in the newest completed checkpoint.
    async fn slowest_part(
        &self,
        job: &JobDetail,
        checkpoints: &Checkpoints,
    ) -> Option<SlowestPart> {
        let newest = checkpoints
            .history
            .iter()
            .find(|c| c.status == "COMPLETED")?;
        self.slowest_of(job, newest.id).await.ok()
    }

    /// The operator, and its subtask, that took longest in checkpoint `checkpoint` (two calls).
    pub async fn slowest_of(
        &self,
        job: &JobDetail,
        checkpoint: u64,
    ) -> Result<SlowestPart, PortError> {
        let jid = &job.jid;
        let detail: CheckpointDetail = self
            .get(&format!("/jobs/{jid}/checkpoints/details/{checkpoint}"))
            .await?;
        let (vertex, task) = detail
            .tasks
            .iter()
            .max_by_key(|(_, t)| t.end_to_end_duration)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("the operators of checkpoint {checkpoint} of job {jid}"),
            })?;
        let operator = job
            .vertices
            .iter()
            .find(|v| &v.id == vertex)
            .map_or_else(|| vertex.clone(), |v| v.name.clone());
        let subtasks: Option<CheckpointSubtasks> = self
            .get(&format!(
                "/jobs/{jid}/checkpoints/details/{}/subtasks/{vertex}",
                detail.id
            ))
            .await
            .ok();
        let subtask = subtasks.and_then(|s| {
            s.subtasks
                .iter()
                .filter_map(|t| Some((t.index, t.end_to_end_duration?)))
                .max_by_key(|(_, ms)| *ms)
        });
        Ok(SlowestPart {
            checkpoint: detail.id,
            operator,
            duration_ms: task.end_to_end_duration,
            subtask,
        })
    }

    /// `GET /taskmanagers`, and each one's heap.
    pub async fn task_managers(&self) -> Result<Vec<TaskManager>, PortError> {
        let list: TaskManagers = self.get("/taskmanagers").await?;
        let mut found = Vec::new();
        for tm in list.taskmanagers {
            let heap: Vec<MetricValue> = self
                .get(&format!(
                    "/taskmanagers/{}/metrics?get=Status.JVM.Memory.Heap.Used,Status.JVM.Memory.Heap.Max",
                    tm.id
                ))
                .await
                .unwrap_or_default();
            let value = |id: &str| {
                heap.iter()
                    .find(|m| m.id == id)
                    .and_then(|m| m.value.parse::<u64>().ok())
            };
            found.push(TaskManager {
                slots_total: tm.slots,
                slots_free: tm.free_slots,
                heap_used: value("Status.JVM.Memory.Heap.Used"),
                heap_max: value("Status.JVM.Memory.Heap.Max"),
                id: tm.id,
            });
        }
        Ok(found)
    }
}
