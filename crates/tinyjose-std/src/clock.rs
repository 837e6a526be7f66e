//! The system clock as a [`UnixTime`].

use tinyjose::UnixTime;

/// The current time from [`std::time::SystemTime`], in whole seconds since the Unix epoch
/// (`0` if the clock is set before 1970).
///
/// # Examples
///
/// ```
/// // Later than 2024-01-01.
/// assert!(tinyjose_std::now().as_secs() > 1_704_067_200);
/// ```
#[must_use]
pub fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime::from_secs(secs)
}
