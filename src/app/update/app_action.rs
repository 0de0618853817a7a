//! The changes an operator can ask of an application, by key or command.
/// The actions on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppAction {
    Snapshot,
    DeleteSnapshot,
    Start,
    Stop,
    Deploy,
    Scale,
    MetricsLevel,
    Maintenance,
}

impl AppAction {
    /// "Deploy", for sentences about what is not built for an application.
    pub fn verb(self) -> &'static str {
        match self {
            Self::Snapshot => "A snapshot",
            Self::DeleteSnapshot => "Deleting a snapshot",
            Self::Start => "Starting",
            Self::Stop => "Stopping",
            Self::Deploy => "Deploying",
            Self::Scale => "Scaling",
            Self::MetricsLevel => "Setting the metrics level",
            Self::Maintenance => "Moving the maintenance window",
        }
    }
}
