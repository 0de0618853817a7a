//! How often the whole stream listing is read again: every refresh for an account that lists in ten pages or fewer, once a minute for a larger one (its rows on screen keep the refresh's pace), so idle work and ListStreams calls stay flat with the account's size.

/// Streams per ListStreams page.
pub const STREAMS_PER_PAGE: usize = 100;
/// Up to this many pages the listing is read every refresh (1,000 streams).
pub const EVERY_REFRESH_UP_TO_PAGES: usize = 10;
/// A larger listing is read this often, the pace of a watched context.
pub const LARGE_LISTING_EVERY_SECS: i64 = 60;

/// How long a listing of `streams` streams stands before it is read again. A listing of more
/// pages than a minute holds at one page a second (a fifth of AWS's 5/s) waits for its pages.
pub fn listing_every(streams: usize, refresh_every: chrono::Duration) -> chrono::Duration {
    let pages = streams.div_ceil(STREAMS_PER_PAGE);
    if pages <= EVERY_REFRESH_UP_TO_PAGES {
        return refresh_every;
    }
    let pages_secs = i64::try_from(pages).unwrap_or(i64::MAX);
    refresh_every.max(chrono::Duration::seconds(
        LARGE_LISTING_EVERY_SECS.max(pages_secs),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn up_to_a_thousand_streams_every_refresh() {
        let every = Duration::seconds(10);
        assert_eq!(listing_every(0, every), every);
        assert_eq!(listing_every(1_000, every), every);
    }

    #[test]
    fn a_larger_account_once_a_minute() {
        let every = Duration::seconds(10);
        assert_eq!(listing_every(1_001, every), Duration::seconds(60));
        assert_eq!(listing_every(5_000, every), Duration::seconds(60));
        // A slow refresh is never made faster.
        assert_eq!(
            listing_every(5_000, Duration::seconds(120)),
            Duration::seconds(120)
        );
    }

    #[test]
    fn a_listing_longer_than_a_minute_waits_a_second_a_page() {
        assert_eq!(
            listing_every(20_000, Duration::seconds(10)),
            Duration::seconds(200)
        );
    }
}
