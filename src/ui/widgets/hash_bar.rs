//! Where a shard's hash range sits in the keyspace, drawn as a bar of cells.
use crate::domain::HashRange;

/// Cells `[first, last]` (inclusive) covered by the range in a bar `width` cells wide.
pub fn covered_cells(range: &HashRange, width: usize) -> (usize, usize) {
    if width == 0 {
        return (0, 0);
    }
    // Keys as fractions of 2^128; a range covers the cells its [start, end+1) interval touches.
    let keyspace = u128::MAX as f64 + 1.0;
    let first = ((range.start as f64 / keyspace) * width as f64).floor() as usize;
    let last =
        ((((range.end as f64 + 1.0) / keyspace) * width as f64).ceil() as usize).saturating_sub(1);
    let first = first.min(width - 1);
    let last = last.min(width - 1).max(first);
    (first, last)
}

/// The bar as (empty prefix, filled, empty suffix) cell counts.
pub fn segments(range: &HashRange, width: usize) -> (usize, usize, usize) {
    if width == 0 {
        return (0, 0, 0);
    }
    let (first, last) = covered_cells(range, width);
    (first, last - first + 1, width - last - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_half_ranges_fill_the_right_cells() {
        assert_eq!(segments(&HashRange::FULL, 10), (0, 10, 0));
        let halves = HashRange::even_split(2);
        assert_eq!(segments(&halves[0], 10), (0, 5, 5));
        assert_eq!(segments(&halves[1], 10), (5, 5, 0));
        let tiny = HashRange::new(0, 1).unwrap();
        assert_eq!(segments(&tiny, 10), (0, 1, 9));
    }
}
