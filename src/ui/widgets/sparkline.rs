//! A one-line text sparkline for table cells.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Resamples `values` (oldest first) into `width` cells scaled to the series' own maximum.
pub fn sparkline(values: &[f64], width: usize) -> String {
    if values.is_empty() || width == 0 {
        return String::new();
    }
    let buckets: Vec<f64> = if values.len() <= width {
        values.to_vec()
    } else {
        (0..width)
            .map(|i| {
                let start = i * values.len() / width;
                let end = ((i + 1) * values.len() / width).max(start + 1);
                values[start..end].iter().sum::<f64>() / (end - start) as f64
            })
            .collect()
    };
    let max = buckets.iter().copied().fold(0.0, f64::max);
    let min = buckets.iter().copied().fold(f64::INFINITY, f64::min);
    // Show the shape of the hour, but never blow small jitter up to full height.
    let floor = min.min(max * 0.6).max(0.0);
    let span = max - floor;
    buckets
        .iter()
        .map(|v| {
            if span <= 0.0 {
                BARS[0]
            } else {
                BARS[(((v - floor) / span) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

/// Resamples `values` (oldest first) into `width` cells on a fixed scale from 0 to `full`:
/// a full bar is `full` whatever the series (busy time: a full bar is every millisecond).
pub fn sparkline_of(values: &[f64], width: usize, full: f64) -> String {
    if values.is_empty() || width == 0 || full <= 0.0 {
        return String::new();
    }
    let per_cell = values.len().div_ceil(width).max(1);
    values
        .chunks(per_cell)
        .map(|chunk| {
            let v = chunk.iter().copied().fold(0.0, f64::max);
            BARS[((v / full) * 7.0).round().clamp(0.0, 7.0) as usize]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_scale_shows_how_full_each_stretch_was() {
        assert_eq!(sparkline_of(&[0.0, 500.0, 1000.0], 3, 1000.0), "▁▅█");
        // Each cell is its stretch's worst minute.
        assert_eq!(sparkline_of(&[0.0, 1000.0, 0.0, 0.0], 2, 1000.0), "█▁");
        assert_eq!(sparkline_of(&[], 3, 1000.0), "");
    }

    #[test]
    fn scales_to_the_maximum_and_width() {
        assert_eq!(sparkline(&[0.0, 1.0, 2.0, 4.0], 4), "▁▃▅█");
        assert_eq!(sparkline(&[90.0, 100.0], 2), "▆█");
        assert_eq!(sparkline(&[1.0; 60], 20).chars().count(), 20);
        assert_eq!(sparkline(&[], 10), "");
        assert_eq!(sparkline(&[0.0, 0.0], 2), "▁▁");
    }
}
