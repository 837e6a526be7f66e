//! The system clock as a [`UnixTime`].

use std::time::{SystemTime, SystemTimeError, UNIX_EPOCH};

use tinyjose::UnixTime;

/// The current time from [`SystemTime`], in whole seconds since the Unix epoch.
///
/// # Errors
///
/// [`SystemTimeError`] when the clock is set before 1970: no token can be checked against such a
/// clock, and reading it as 1970 would make every `exp` look valid.
///
/// # Examples
///
/// ```
/// // Later than 2024-01-01.
/// assert!(tinyjose_std::now()?.as_secs() > 1_704_067_200);
/// # Ok::<(), std::time::SystemTimeError>(())
/// ```
pub fn now() -> Result<UnixTime, SystemTimeError> {
    unix_time(SystemTime::now())
}

/// `time` in whole seconds since the Unix epoch.
///
/// # Errors
///
/// [`SystemTimeError`] for a time before 1970.
///
/// # Examples
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let t = UNIX_EPOCH + Duration::from_millis(1_500);
/// assert_eq!(tinyjose_std::unix_time(t)?.as_secs(), 1);
/// assert!(tinyjose_std::unix_time(UNIX_EPOCH - Duration::from_secs(1)).is_err());
/// # Ok::<(), std::time::SystemTimeError>(())
/// ```
pub fn unix_time(time: SystemTime) -> Result<UnixTime, SystemTimeError> {
    Ok(UnixTime::from_secs(
        time.duration_since(UNIX_EPOCH)?.as_secs(),
    ))
}
