//! The table of a list screen (streams, applications, alarms, shards): a header row with the
//! sorted column underlined, the rows on screen, in the screen's frame.
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Cell, Row, Table};

/// One column: its header, its width, and the sort it stands for (`None`: it does not sort).
#[derive(Debug, Clone, Copy)]
pub struct Column<S> {
    pub header: &'static str,
    pub width: Constraint,
    pub sort: Option<S>,
}

impl<S> Column<S> {
    /// A column the table is not sorted by.
    pub const fn plain(header: &'static str, width: Constraint) -> Self {
        Self {
            header,
            width,
            sort: None,
        }
    }

    /// A column `sort` orders the table by.
    pub const fn sorts(header: &'static str, width: Constraint, sort: S) -> Self {
        Self {
            header,
            width,
            sort: Some(sort),
        }
    }
}

/// Draws `rows` under `columns`' headers in `block`; the column of `sorted` is underlined.
pub fn render<S: PartialEq + Copy>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    block: Block<'_>,
    columns: &[Column<S>],
    sorted: Option<S>,
    rows: Vec<Row<'_>>,
) {
    let header = Row::new(columns.iter().map(|column| {
        let style = if sorted.is_some() && column.sort == sorted {
            theme.title().add_modifier(Modifier::UNDERLINED)
        } else {
            theme.title()
        };
        Cell::from(column.header).style(style)
    }));
    let widths: Vec<Constraint> = columns.iter().map(|c| c.width).collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .style(theme.text()),
        area,
    );
}
