//! Flink's REST answers as a real Apache Flink gave them (1.20.5 and 2.2.1, session clusters
//! running the two jobs of flink-jobs/, saved under tests/fixtures/flink/): every shape reads on
//! both versions, the job graph comes out in topological order, the root cause of the failing
//! job is its exception, and the sink kinetic made busy reads as busy.
use kinetic::domain::job_graph::bottleneck;
use kinetic::flink_rest::wire::{
    AggregatedMetric, Checkpoints, Exceptions, JobDetail, JobsOverview, VertexMetrics,
};
use std::collections::HashMap;

const VERSIONS: [&str; 2] = ["1.20", "2.2"];

fn answer<T: serde::de::DeserializeOwned>(version: &str, file: &str) -> T {
    let path = format!(
        "{}/tests/fixtures/flink/{version}/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn jobs_are_listed_with_their_state_on_both_versions() {
    for version in VERSIONS {
        let overview: JobsOverview = answer(version, "jobs_overview.json");
        let mut names: Vec<(&str, &str)> = overview
            .jobs
            .iter()
            .map(|j| (j.name.as_str(), j.state.as_str()))
            .collect();
        names.sort();
        assert_eq!(names[1], ("keyed-counter", "RUNNING"), "{version}");
        assert_eq!(names[0].0, "failing-job", "{version}");
        assert!(
            overview
                .jobs
                .iter()
                .all(|j| j.start_time > 0 && j.duration > 0)
        );
    }
}

#[test]
fn the_job_graph_is_in_topological_order_with_all_tasks_running() {
    for version in VERSIONS {
        let job: JobDetail = answer(version, "job.json");
        let graph = job.graph(&HashMap::new());
        let names: Vec<&str> = graph.operators.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Source: orders-source",
                "parse",
                "count-per-key",
                "sink-to-payments",
                "discard: Writer"
            ],
            "{version}"
        );
        assert_eq!(
            graph.edges,
            vec![(3, 4), (2, 3), (1, 2), (0, 1)],
            "{version}"
        );
        assert!(graph.operators.iter().all(|o| o.parallelism == 2));
        assert!(job.all_tasks_running(), "{version}");
    }
}

#[test]
fn the_busy_sink_reads_as_busy_and_is_named_the_bottleneck_below_a_backpressured_operator() {
    for version in VERSIONS {
        let job: JobDetail = answer(version, "job.json");
        let sink: Vec<AggregatedMetric> = answer(version, "vertex_metrics.json");
        let read = VertexMetrics::read(&sink);
        let busy = read.busy_ms;
        assert!(busy.is_some_and(|ms| ms >= 500.0), "{version}: {busy:?}");
        assert!(
            read.backpressured_ms.is_some_and(|ms| ms < 500.0),
            "{version}"
        );
        // The counter before the sink, as the live cluster showed it: backpressured.
        let count = &job.vertices[2].id;
        let metrics = HashMap::from([
            (job.vertices[3].id.clone(), read),
            (
                count.clone(),
                VertexMetrics {
                    busy_ms: Some(10.0),
                    backpressured_ms: Some(750.0),
                    ..VertexMetrics::default()
                },
            ),
        ]);
        let graph = job.graph(&metrics);
        let found = bottleneck(&graph).unwrap();
        assert_eq!(graph.operators[found.operator].name, "sink-to-payments");
        assert!(
            found
                .sentence(&graph)
                .contains("the operator before it is backpressured"),
            "{version}"
        );
    }
}

#[test]
fn the_failing_job_s_root_cause_is_its_exception_on_both_versions() {
    for version in VERSIONS {
        let exceptions: Exceptions = answer(version, "exceptions.json");
        let newest = &exceptions.history.entries[0];
        assert_eq!(newest.name, "java.lang.IllegalStateException", "{version}");
        assert!(
            newest
                .root_cause()
                .contains("has no currency (thrown every 300 records)"),
            "{version}: {}",
            newest.root_cause()
        );
        assert!(
            newest
                .task
                .as_deref()
                .is_some_and(|t| t.contains("validate-payment")),
            "{version}"
        );
        assert!(newest.endpoint.is_some(), "{version}");
    }
}

#[test]
fn checkpoints_count_and_list_on_both_versions() {
    for version in VERSIONS {
        let checkpoints: Checkpoints = answer(version, "checkpoints.json");
        assert!(checkpoints.counts.completed >= 1, "{version}");
        assert!(!checkpoints.history.is_empty(), "{version}");
        let newest = &checkpoints.history[0];
        assert!(!newest.is_savepoint);
        assert!(newest.trigger_timestamp > 0 && newest.checkpointed_size > 0);
        assert!(
            ["COMPLETED", "IN_PROGRESS", "FAILED"].contains(&newest.status.as_str()),
            "{version}: {}",
            newest.status
        );
        assert!(newest.end_to_end_duration >= 0);
    }
}
