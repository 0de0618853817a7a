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
    /// The record viewer of a stream.
    Records(String),
    /// The partition keys of the records read from a stream.
    Keys(String),
    /// Alarms in ALARM or INSUFFICIENT_DATA on the streams and applications (`:alarms`).
    Alarms,
    /// The watched contexts, one row each (`:contexts`).
    Contexts,
}
