//! The rows of a followed list (log lines, records) that fit `height`: newest at the bottom while
//! following, the selected entry a third of the way down while held. An entry may take several
//! rows (a stack trace, a pretty-printed record); only the entries on screen are drawn.
use ratatui::text::Line;

/// `entry(index, selected)` draws one entry of `len`.
pub fn rows<'a>(
    len: usize,
    following: bool,
    cursor: usize,
    height: usize,
    mut entry: impl FnMut(usize, bool) -> Vec<Line<'a>>,
) -> Vec<Line<'a>> {
    let mut rows: Vec<Line> = Vec::with_capacity(height);
    if len == 0 || height == 0 {
        return rows;
    }
    if following {
        // Collect backwards until the screen is full.
        for index in (0..len).rev() {
            let mut lines = entry(index, false);
            lines.reverse();
            rows.extend(lines);
            if rows.len() >= height {
                break;
            }
        }
        rows.truncate(height);
        rows.reverse();
    } else {
        for index in cursor.saturating_sub(height / 3)..len {
            rows.extend(entry(index, index == cursor));
            if rows.len() >= height {
                break;
            }
        }
        rows.truncate(height);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Line]) -> Vec<String> {
        rows.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn following_shows_the_newest_at_the_bottom_and_held_keeps_the_cursor_in_view() {
        // Entry 3 takes two rows.
        let entry = |i: usize, selected: bool| {
            let mark = if selected { ">" } else { "" };
            let mut lines = vec![Line::from(format!("{mark}{i}"))];
            if i == 3 {
                lines.push(Line::from("3+"));
            }
            lines
        };
        assert_eq!(texts(&rows(6, true, 0, 3, entry)), ["3+", "4", "5"]);
        assert_eq!(texts(&rows(6, false, 3, 3, entry)), ["2", ">3", "3+"]);
        assert!(rows(0, true, 0, 3, entry).is_empty());
    }
}
