//! The lists every screen needs for the health pulse, the badges and the header besides the
//! streams: the applications, the alarms and the account's on-demand mode.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use crate::domain::capacity::Advantage;
use crate::domain::channel::{Channel, DeliveryMetrics};
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
    // Delivery channels: one ListChannels for the whole account, for the pulse and the detail.
    if model.channels_request.is_none() && model.faults.ready(Api::ListChannels, now) {
        let request = model.request_id();
        model.channels_request = Some(request);
        model.channels.start();
        commands.push(Command::ListChannels { request });
    }
    commands
}

/// An endpoint without the action (an emulator, an older partition) answers with a page, an
/// unparseable body or, as kinesis-mock does, an access denial naming no operation (read as not
/// understood): the console leaves what it would show out rather than warn every refresh.
fn unsupported(error: &PortError) -> bool {
    matches!(
        error,
        PortError::NotUnderstood { .. } | PortError::Service { .. }
    )
}

pub fn on_channels(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<Channel>, PortError>,
) -> Vec<Command> {
    if model.channels_request != Some(request) {
        return Vec::new();
    }
    model.channels_request = None;
    if !result.as_ref().is_err_and(unsupported) {
        model.background_result(Api::ListChannels, &result);
    }
    if let Ok(channels) = &result {
        let arns: std::collections::HashSet<&str> =
            channels.iter().map(|c| c.arn.as_str()).collect();
        model
            .channel_details
            .retain(|arn, _| arns.contains(arn.as_str()));
    }
    model.channels.finish(result, at);
    super::stream_detail::describe_channels(model)
}

pub fn on_channel(
    model: &mut Model,
    arn: &str,
    result: Result<Channel, PortError>,
) -> Vec<Command> {
    match result {
        Ok(channel) => {
            model.channel_details.insert(arn.to_string(), channel);
        }
        // Said in place: the detail shows what ListChannels told.
        Err(error) => model.background_failed(Api::ListChannels, &error),
    }
    Vec::new()
}

pub fn on_channel_metrics(
    model: &mut Model,
    arn: &str,
    at: Timestamp,
    result: Result<Option<DeliveryMetrics>, PortError>,
) -> Vec<Command> {
    if let Err(error) = &result {
        model.background_failed(Api::GetMetricData, error);
    }
    model
        .channel_metrics
        .entry(arn.to_string())
        .or_default()
        .finish(result, at);
    Vec::new()
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
    if !result.as_ref().is_err_and(unsupported) {
        model.background_result(Api::DescribeAccountSettings, &result);
    }
    model.account.finish(result, at);
    Vec::new()
}
