//! Time as the caller supplies it: the core has no clock.

/// A point in time, in whole seconds since the Unix epoch (1970-01-01T00:00:00Z, RFC 7519 §2
/// NumericDate).
///
/// The core never reads a clock: pass the current time in, from `SystemTime` on a server, from an
/// RTC or a network time source on a device.
///
/// # Examples
///
/// ```
/// use tinyjose::UnixTime;
///
/// let now = UnixTime::from_secs(1_700_000_000);
/// assert_eq!(now.as_secs(), 1_700_000_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnixTime(u64);

impl UnixTime {
    /// The time `secs` seconds after the epoch.
    #[must_use]
    pub const fn from_secs(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since the epoch.
    #[must_use]
    pub const fn as_secs(self) -> u64 {
        self.0
    }
}
