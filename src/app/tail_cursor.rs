//! Moving through a tailed list (log lines, records): where a key leaves the cursor, and whether
//! the view still tails its newest entry. Shared by the log and record views.
use crate::config::Action;

/// Where the view is: following the newest entry, or held at `cursor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub following: bool,
    pub cursor: usize,
}

/// The place after `action` over `len` entries with `rows` on a page; None when the action
/// does not move through the list. `matches` are the search hits, oldest first; the second
/// value is the hit landed on.
pub fn moved(
    action: Action,
    place: Place,
    len: usize,
    rows: usize,
    matches: impl FnOnce() -> Vec<usize>,
) -> Option<(Place, Option<usize>)> {
    let last = len.saturating_sub(1);
    let held = |cursor| Place {
        following: false,
        cursor,
    };
    let place = match action {
        Action::TogglePause => Place {
            following: !place.following,
            cursor: last,
        },
        Action::Bottom => Place {
            following: true,
            cursor: last,
        },
        Action::Top => held(0),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            // Leaving the bottom starts from the newest entry.
            let from = if place.following { last } else { place.cursor };
            let step = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -(rows as isize),
                _ => rows as isize,
            };
            held((from as isize + step).clamp(0, last as isize) as usize)
        }
        Action::NextMatch | Action::PrevMatch => {
            let matches = matches();
            let from = place.cursor;
            let next = if action == Action::NextMatch {
                matches.iter().find(|m| **m > from).or(matches.first())
            } else {
                matches.iter().rev().find(|m| **m < from).or(matches.last())
            }
            .copied()?;
            let hit = matches.iter().position(|m| *m == next);
            return Some((held(next), hit));
        }
        _ => return None,
    };
    Some((place, None))
}

/// A file name part from any name: letters, digits and `-` kept, the rest `_`.
pub fn file_name_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_matches('_')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLLOWING: Place = Place {
        following: true,
        cursor: 9,
    };

    fn moved_to(action: Action, place: Place) -> Option<Place> {
        moved(action, place, 10, 4, || vec![2, 5]).map(|(p, _)| p)
    }

    #[test]
    fn scrolling_holds_the_list_and_stays_inside_it() {
        let held = |cursor| Place {
            following: false,
            cursor,
        };
        assert_eq!(moved_to(Action::Up, FOLLOWING), Some(held(8)));
        assert_eq!(moved_to(Action::PageDown, held(8)), Some(held(9)));
        assert_eq!(moved_to(Action::PageUp, held(2)), Some(held(0)));
        assert_eq!(moved_to(Action::Top, FOLLOWING), Some(held(0)));
        assert_eq!(moved_to(Action::Bottom, held(3)), Some(FOLLOWING));
        assert_eq!(moved_to(Action::TogglePause, FOLLOWING), Some(held(9)));
        assert_eq!(moved_to(Action::Open, FOLLOWING), None);
    }

    #[test]
    fn matches_wrap_around_both_ways() {
        let held = |cursor| Place {
            following: false,
            cursor,
        };
        assert_eq!(
            moved(Action::NextMatch, held(5), 10, 4, || vec![2, 5]),
            Some((held(2), Some(0)))
        );
        assert_eq!(
            moved(Action::PrevMatch, held(2), 10, 4, || vec![2, 5]),
            Some((held(5), Some(1)))
        );
        assert_eq!(moved(Action::NextMatch, held(2), 10, 4, Vec::new), None);
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(
            file_name_part("/aws/kinesis-analytics/app"),
            "aws_kinesis-analytics_app"
        );
    }
}
