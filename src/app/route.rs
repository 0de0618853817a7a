//! The screens on the navigation stack.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Streams,
    StreamDetail(String),
    Apps,
    AppDetail(String),
    /// The log view; its title.
    Logs(String),
    /// The rollback guide of an application.
    Rollback(String),
    Help,
    /// Alarms in ALARM or INSUFFICIENT_DATA on the streams and applications (`:alarms`).
    Alarms,
}
