//! The alarms the console knows: DescribeAlarms read each refresh, for the `:alarms` screen, the
//! ALARM badges on rows and detail headers, and the pulse.
use super::msg::RequestId;
use super::table::TableState;
use crate::domain::alarm::NAMESPACES;
use crate::domain::{Alarm, AlarmState, Loadable};

#[derive(Debug, Clone, Default)]
pub struct AlarmsPage {
    /// Alarms in ALARM or INSUFFICIENT_DATA, as last read.
    pub list: Loadable<Vec<Alarm>>,
    pub request: Option<RequestId>,
    pub table: TableState,
}

impl AlarmsPage {
    /// The alarms that are kinetic's business, newest first: those in the Kinesis and Flink
    /// namespaces, and those whose dimensions name a stream or application `known` knows.
    pub fn relevant(&self, known: impl Fn(&str) -> bool) -> Vec<&Alarm> {
        let mut alarms: Vec<&Alarm> = self
            .list
            .value()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|a| {
                NAMESPACES.contains(&a.namespace.as_str())
                    || a.dimensions.iter().any(|(_, v)| known(v))
            })
            .collect();
        alarms.sort_by(|a, b| b.since.cmp(&a.since).then_with(|| a.name.cmp(&b.name)));
        alarms
    }

    /// Alarms in ALARM on `resource` (a stream or application name).
    pub fn firing_on(&self, resource: &str) -> Vec<&Alarm> {
        self.list
            .value()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|a| a.state == AlarmState::Alarm && a.names(resource))
            .collect()
    }
}
