//! A CloudWatch alarm as the console shows it: its state, since when, its metric and what it is on.

/// CloudWatch's alarm states, the most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlarmState {
    Alarm,
    InsufficientData,
    Ok,
}

impl AlarmState {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ALARM" => Some(Self::Alarm),
            "INSUFFICIENT_DATA" => Some(Self::InsufficientData),
            "OK" => Some(Self::Ok),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::Ok => "OK",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub state: AlarmState,
    /// When it entered its state.
    pub since: super::Timestamp,
    pub namespace: String,
    pub metric: String,
    pub dimensions: Vec<(String, String)>,
    /// CloudWatch's own words for the last state change.
    pub reason: String,
}

/// The namespaces whose alarms are kinetic's business whatever they name.
pub const NAMESPACES: [&str; 2] = ["AWS/Kinesis", "AWS/KinesisAnalytics"];

impl Alarm {
    fn dimension(&self, name: &str) -> Option<&str> {
        self.dimensions
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The stream it watches (its StreamName dimension).
    pub fn stream(&self) -> Option<&str> {
        self.dimension("StreamName")
    }

    /// The Flink application it watches (its Application dimension).
    pub fn application(&self) -> Option<&str> {
        self.dimension("Application")
    }

    /// Whether any of its dimensions names `resource` (a custom metric about the stream counts).
    pub fn names(&self, resource: &str) -> bool {
        self.dimensions.iter().any(|(_, v)| v == resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alarm_knows_what_it_watches() {
        let alarm = Alarm {
            name: "orders-throttled".into(),
            state: AlarmState::Alarm,
            since: crate::domain::time::from_epoch_secs(0),
            namespace: "AWS/Kinesis".into(),
            metric: "WriteProvisionedThroughputExceeded".into(),
            dimensions: vec![("StreamName".into(), "orders".into())],
            reason: "Threshold Crossed".into(),
        };
        assert_eq!(alarm.stream(), Some("orders"));
        assert_eq!(alarm.application(), None);
        assert!(alarm.names("orders") && !alarm.names("payments"));
        assert_eq!(
            AlarmState::parse("INSUFFICIENT_DATA"),
            Some(AlarmState::InsufficientData)
        );
        assert!(AlarmState::Alarm < AlarmState::InsufficientData);
    }
}
