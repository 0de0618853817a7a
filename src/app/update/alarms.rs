//! The alarms screen: DescribeAlarms answers, and moving through the list.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use crate::config::Action;
use crate::domain::{Alarm, PortError, Timestamp};

pub fn on_loaded(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<Alarm>, PortError>,
) -> Vec<Command> {
    if model.alarms.request != Some(request) {
        return Vec::new();
    }
    model.alarms.request = None;
    model.background_result(Api::DescribeAlarms, &result);
    model.alarms.list.finish(result, at);
    let len = model.relevant_alarms().len();
    let page = model.streams_page_rows();
    model.alarms.table.keep_visible(len, page);
    Vec::new()
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let len = model.relevant_alarms().len();
    let page = model.streams_page_rows();
    model.alarms.table.navigate(action, len, page);
    Vec::new()
}
