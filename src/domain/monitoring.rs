//! How a Managed Flink application reports to CloudWatch: its MetricsLevel, and what raising it costs (an estimate, said as one).
use std::fmt;

/// CloudWatch's price of a metric a month in its first tier (us-east-1): an estimate to check
/// against the region's price list.
pub const USD_PER_METRIC_MONTH: f64 = 0.30;

/// About how many metrics Managed Flink adds at each level per task, operator or subtask (its
/// metrics table lists about ten at the Task, Operator and Parallelism levels): an estimate.
pub const METRICS_PER_UNIT: u32 = 10;

/// How much an application reports to CloudWatch (MonitoringConfiguration's MetricsLevel);
/// each level reports its own metrics and all of the levels above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MetricsLevel {
    Application,
    Task,
    Operator,
    Parallelism,
}

impl MetricsLevel {
    pub const ALL: [MetricsLevel; 4] = [
        Self::Application,
        Self::Task,
        Self::Operator,
        Self::Parallelism,
    ];

    /// The level as AWS names it, or as typed (any case).
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(raw.trim()))
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Application => "APPLICATION",
            Self::Task => "TASK",
            Self::Operator => "OPERATOR",
            Self::Parallelism => "PARALLELISM",
        }
    }

    /// Busy, backpressured and idle time per task reach CloudWatch.
    pub fn has_tasks(&self) -> bool {
        *self >= Self::Task
    }
}

impl fmt::Display for MetricsLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the application reports to CloudWatch (MonitoringConfigurationDescription).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    /// DEFAULT (AWS's own: APPLICATION metrics, INFO logs) or CUSTOM.
    pub configuration_type: String,
    pub metrics_level: MetricsLevel,
    pub log_level: Option<String>,
}

/// What moving to a level adds to CloudWatch, as far as can be told before it is done.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCost {
    /// Metrics added, when the job's tasks (and parallelism) are known.
    pub metrics: Option<u32>,
    pub usd_per_month: Option<f64>,
    /// The sentence the dialog and the Overview show.
    pub said: String,
    /// The same in a few words: "≈ 40 metrics, ≈ $12 a month".
    pub short: String,
}

/// What raising the metrics level from `from` to `to` adds, for a job of `tasks` tasks (when
/// the live view told them) at `parallelism`. Lowering it costs nothing.
pub fn level_cost(
    from: MetricsLevel,
    to: MetricsLevel,
    tasks: Option<u32>,
    parallelism: u32,
) -> LevelCost {
    if to <= from {
        return LevelCost {
            metrics: Some(0),
            usd_per_month: Some(0.0),
            said: format!("{to} publishes fewer metrics than {from}: nothing more to pay"),
            short: "nothing more to pay".to_string(),
        };
    }
    let per_task = |level: MetricsLevel| match level {
        MetricsLevel::Application => 0,
        MetricsLevel::Task => METRICS_PER_UNIT,
        // At least one operator a task: an operator's own metrics beside its task's.
        MetricsLevel::Operator => 2 * METRICS_PER_UNIT,
        MetricsLevel::Parallelism => 2 * METRICS_PER_UNIT * parallelism.max(1),
    };
    let added_per_task = per_task(to) - per_task(from);
    let metrics = tasks.map(|t| t * added_per_task);
    let usd = metrics.map(|m| f64::from(m) * USD_PER_METRIC_MONTH);
    let said = match (metrics, usd) {
        (Some(m), Some(usd)) => format!(
            "{to} adds about {m} metrics ({added_per_task} a task for its {} tasks), ≈ ${usd:.0} a month at ${USD_PER_METRIC_MONTH:.2} a metric (an estimate: check CloudWatch's price in the region)",
            tasks.unwrap_or_default()
        ),
        _ => format!(
            "{to} adds about {added_per_task} metrics a task, ≈ ${:.0} a month a task at ${USD_PER_METRIC_MONTH:.2} a metric (an estimate: check CloudWatch's price in the region)",
            f64::from(added_per_task) * USD_PER_METRIC_MONTH
        ),
    };
    let said = if to == MetricsLevel::Parallelism && parallelism > 64 {
        format!("{said}; AWS advises against PARALLELISM above parallelism 64")
    } else {
        said
    };
    let short = match (metrics, usd) {
        (Some(m), Some(usd)) => format!("≈ {m} metrics, ≈ ${usd:.0} a month"),
        _ => format!(
            "≈ {added_per_task} metrics, ≈ ${:.0} a month, a task",
            f64::from(added_per_task) * USD_PER_METRIC_MONTH
        ),
    };
    LevelCost {
        metrics,
        usd_per_month: usd,
        said,
        short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_as_typed_and_order_by_detail() {
        assert_eq!(MetricsLevel::parse("task"), Some(MetricsLevel::Task));
        assert_eq!(
            MetricsLevel::parse(" OPERATOR "),
            Some(MetricsLevel::Operator)
        );
        assert_eq!(MetricsLevel::parse("tasks"), None);
        assert!(MetricsLevel::Task.has_tasks() && !MetricsLevel::Application.has_tasks());
    }

    #[test]
    fn raising_the_level_is_priced_per_task_and_lowering_it_is_free() {
        let task = level_cost(MetricsLevel::Application, MetricsLevel::Task, Some(4), 8);
        assert_eq!(task.metrics, Some(40));
        assert_eq!(task.usd_per_month, Some(12.0));
        assert!(
            task.said.starts_with("TASK adds about 40 metrics"),
            "{}",
            task.said
        );
        let unknown = level_cost(MetricsLevel::Application, MetricsLevel::Operator, None, 8);
        assert_eq!(unknown.metrics, None);
        assert!(
            unknown.said.contains("20 metrics a task"),
            "{}",
            unknown.said
        );
        let wide = level_cost(MetricsLevel::Task, MetricsLevel::Parallelism, Some(2), 100);
        assert_eq!(wide.metrics, Some(2 * (2_000 - 10)));
        assert!(wide.said.contains("advises against"), "{}", wide.said);
        let down = level_cost(
            MetricsLevel::Operator,
            MetricsLevel::Application,
            Some(4),
            8,
        );
        assert_eq!(down.usd_per_month, Some(0.0));
    }
}
