//! The lists every screen needs for the health pulse and the badges besides the streams: the
//! applications and the alarms.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;

/// The applications and the alarms, which feed the pulse and the badges on every screen; a load
/// already in flight is not repeated.
pub fn ask(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let mut commands = Vec::new();
    if model.apps.list_request.is_none() && model.faults.ready(Api::ListApplications, now) {
        let request = model.request_id();
        model.apps.list_request = Some(request);
        model.apps.list.start();
        commands.push(Command::ListApplications { request });
    }
    // Alarms feed the badges and the pulse everywhere: read once per refresh.
    if model.alarms.request.is_none() && model.faults.ready(Api::DescribeAlarms, now) {
        let request = model.request_id();
        model.alarms.request = Some(request);
        model.alarms.list.start();
        commands.push(Command::DescribeAlarms { request });
    }
    commands
}
