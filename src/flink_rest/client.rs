//! A small read client for one Flink cluster's REST API: GET with a timeout, JSON answers read into the wire types, error bodies and unreachable clusters as sentences.
use super::wire::{
    AggregatedMetric, Checkpoints, ErrorBody, Exceptions, JobDetail, JobsOverview,
    busy_and_backpressured,
};
use crate::domain::PortError;
use crate::domain::job_graph::JobGraph;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::time::Duration;

/// A request that has not answered by then is given up (a cluster under load answers in ms).
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct FlinkRest {
    /// `http://host:port`, without a trailing slash.
    base: String,
    client: Client<HttpConnector, Empty<Bytes>>,
}

impl FlinkRest {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, PortError> {
        let unreachable = |reason: String| PortError::Network {
            endpoint: self.base.clone(),
            reason,
        };
        let uri: hyper::Uri =
            format!("{}{path}", self.base)
                .parse()
                .map_err(
                    |e: hyper::http::uri::InvalidUri| PortError::InvalidArgument {
                        detail: format!("{} is not a Flink REST URL: {e}", self.base),
                    },
                )?;
        let answer = tokio::time::timeout(TIMEOUT, self.client.get(uri))
            .await
            .map_err(|_| unreachable(format!("no answer within {} s", TIMEOUT.as_secs())))?
            .map_err(|e| unreachable(connect_reason(&e)))?;
        let status = answer.status();
        let body = tokio::time::timeout(TIMEOUT, answer.into_body().collect())
            .await
            .map_err(|_| unreachable("the answer stopped half way".to_string()))?
            .map_err(|e| unreachable(e.to_string()))?
            .to_bytes();
        if !status.is_success() {
            let detail = serde_json::from_slice::<ErrorBody>(&body)
                .map_or_else(|_| format!("HTTP {status}"), |e| e.sentence());
            return Err(if status == hyper::StatusCode::NOT_FOUND {
                PortError::NotFound {
                    resource: format!("{path} on {}: {detail}", self.base),
                }
            } else {
                PortError::Service {
                    api: format!("GET {path}"),
                    detail,
                }
            });
        }
        serde_json::from_slice(&body).map_err(|e| PortError::NotUnderstood {
            api: format!("GET {path}"),
            detail: format!("not Flink's answer: {e}"),
        })
    }

    /// `GET /jobs/overview`.
    pub async fn jobs(&self) -> Result<JobsOverview, PortError> {
        self.get("/jobs/overview").await
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

    /// The job's operators with each one's busy and backpressured time (the worst subtask's):
    /// one call for the job and one a vertex.
    pub async fn job_graph(&self, job: &str) -> Result<JobGraph, PortError> {
        let detail = self.job(job).await?;
        let mut metrics = HashMap::new();
        for vertex in &detail.vertices {
            let path = format!(
                "/jobs/{job}/vertices/{}/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=max",
                vertex.id
            );
            let answer: Vec<AggregatedMetric> = self.get(&path).await?;
            metrics.insert(vertex.id.clone(), busy_and_backpressured(&answer));
        }
        Ok(detail.graph(&metrics))
    }
}

/// Why a connection failed, in words: the error's chain without its `Debug` form.
fn connect_reason(error: &hyper_util::client::legacy::Error) -> String {
    let mut reason = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        reason = cause.to_string();
        source = cause.source();
    }
    if reason.contains("Connection refused") {
        "connection refused".to_string()
    } else {
        reason
    }
}
