//! View code: draws the model with the theme. Reads only; never awaits.
pub mod theme;
pub mod views;
pub mod widgets;

pub use theme::Theme;

use crate::app::{Model, Route};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Block;

/// Draws the whole screen for the current route.
pub fn view(model: &Model, theme: &Theme, frame: &mut Frame) {
    // A production profile looks different everywhere: frames and header in the danger colour.
    let production;
    let theme = if model.context.production {
        production = theme.for_production();
        &production
    } else {
        theme
    };
    let area = frame.area();
    frame.render_widget(Block::default().style(theme.text()), area);
    let [header, body, status] = Layout::vertical([
        Constraint::Length(crate::app::layout::HEADER_HEIGHT),
        Constraint::Min(0),
        Constraint::Length(crate::app::layout::STATUS_HEIGHT),
    ])
    .areas(area);
    views::header::render(model, theme, frame, header);
    match model.route() {
        Route::Streams => views::streams::render(model, theme, frame, body),
        Route::StreamDetail(_) => views::stream_detail::render(model, theme, frame, body),
        Route::Apps => views::apps::render(model, theme, frame, body),
        Route::AppDetail(_) => views::app_detail::render(model, theme, frame, body),
        Route::Logs(_) => views::logs::render(model, theme, frame, body),
        Route::Rollback(_) => views::rollback::render(model, theme, frame, body),
        Route::Help => views::help::render(model, theme, frame, body),
        Route::Alarms => views::alarms::render(model, theme, frame, body),
        Route::Contexts => views::contexts::render(model, theme, frame, body),
        Route::Records(_) => views::records::render(model, theme, frame, body),
        Route::Keys(_) => views::keys::render(model, theme, frame, body),
    }
    widgets::status_bar::render(model, theme, frame, status);
    views::dialogs::render(model, theme, frame, area);
}
