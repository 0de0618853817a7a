//! Dialogs drawn over the current screen: the change dialogs and the one confirm dialog.
mod app;
mod confirm;
pub mod frame;
mod job;
mod stream;

use crate::app::Model;
use crate::app::modal::Modal;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &model.modal {
        Some(Modal::Planner(planner)) => stream::planner(model, planner, theme, frame, area),
        Some(Modal::SplitPoint(split)) => stream::split(split, theme, frame, area),
        Some(Modal::Retention(retention)) => stream::retention(retention, theme, frame, area),
        Some(Modal::App(dialog)) => app::render(model, dialog, theme, frame, area),
        Some(Modal::Confirm(confirm)) => confirm::render(confirm, theme, frame, area),
        Some(Modal::Jars(picker)) => job::jars(picker, theme, frame, area),
        None => {}
    }
}
