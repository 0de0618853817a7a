//! The lists every screen needs for the health pulse, the badges and the header besides the
//! streams: the applications, the alarms and the account's on-demand mode.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use crate::domain::capacity::Advantage;
use crate::domain::{PortError, Timestamp};

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
    // The account's on-demand mode, for the header and the capacity plans (5 TPS: once a refresh).
    if model.account_request.is_none() && model.faults.ready(Api::DescribeAccountSettings, now) {
        let request = model.request_id();
        model.account_request = Some(request);
        model.account.start();
        commands.push(Command::DescribeAccountSettings { request });
    }
    commands
}

pub fn on_account(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Advantage, PortError>,
) -> Vec<Command> {
    if model.account_request != Some(request) {
        return Vec::new();
    }
    model.account_request = None;
    // An endpoint without the action (an emulator, an older partition) has no such mode: the
    // header leaves it out rather than warn every refresh.
    let unsupported = matches!(
        &result,
        Err(PortError::NotUnderstood { .. } | PortError::Service { .. })
    );
    if !unsupported {
        model.background_result(Api::DescribeAccountSettings, &result);
    }
    model.account.finish(result, at);
    Vec::new()
}
