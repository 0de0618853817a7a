//! Apache Flink's REST API as kinetic reads it: the answers' wire shapes (tolerant of Flink 1.20 and 2.x), a client for one cluster or Managed Flink dashboard (its transport, its job reads, its job changes), self-managed clusters' jobs beside the Managed Flink applications, and Managed Flink's jobs read through their dashboards.
pub mod answers;
pub mod client;
pub mod cluster_logs;
pub mod cluster_ops;
pub mod clusters;
mod credentials;
pub mod dashboard;
pub mod deploy;
pub mod deployments;
pub mod job_changes;
mod job_health;
pub mod job_reads;
mod tls;
pub mod wire;
pub mod wire_changes;
