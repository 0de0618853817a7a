//! Apache Flink's REST API as kinetic reads it: the answers' wire shapes (tolerant of Flink 1.20 and 2.x), a read client for one cluster, and self-managed clusters' jobs beside the Managed Flink applications.
pub mod client;
pub mod cluster_logs;
pub mod clusters;
pub mod deploy;
pub mod deployments;
pub mod wire;
