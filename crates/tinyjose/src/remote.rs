//! Remote JWK Sets, without the network: when a cached set is fetched again, how long an answer
//! stays fresh (`Cache-Control: max-age` within the caller's bounds), and which `jku` URLs a
//! caller's allowlist trusts. `tinyjose-std` and the npm package do the fetching; the decisions
//! are these, the same everywhere.
//!
//! The rules are jose's `createRemoteJWKSet`'s: a set is fetched before its first use and again
//! once stale; a token whose key the set lacks makes it fetched again at most once per cooldown,
//! so a burst of unknown `kid`s costs one request, not one each. A failed fetch keeps the last
//! good set, usable for [`CachePolicy::stale_if_error`] past its freshness (then the failure is
//! the answer, as jose's), and is not retried within the cooldown.

use crate::{Error, Part};

/// The bounds of a [`JwksCache`], in milliseconds.
///
/// # Examples
///
/// ```
/// use tinyjose::CachePolicy;
///
/// let policy = CachePolicy::DEFAULT.with_cooldown(1_000);
/// assert_eq!(policy.cooldown, 1_000);
/// assert_eq!(policy.max_age, 600_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CachePolicy {
    /// The least time between two fetches, and before a failed fetch is tried again.
    /// Default: 30 000 (jose's `cooldownDuration`).
    pub cooldown: u64,
    /// The shortest time a fetched set stays fresh, whatever `Cache-Control` says (`no-store`,
    /// `max-age=0`). Default: 30 000.
    pub min_age: u64,
    /// The longest time a fetched set stays fresh, whatever `Cache-Control` says, and how long
    /// it stays fresh when the answer has no `max-age`. Default: 600 000 (jose's `cacheMaxAge`).
    pub max_age: u64,
    /// How long past its freshness a set is still used while fetches fail (RFC 5861's
    /// `stale-if-error`): an issuer that cannot be reached does not stop every verification at
    /// once, and an attacker who blocks it does not keep a rotated-out key trusted for ever.
    /// Default: 600 000.
    pub stale_if_error: u64,
}

impl CachePolicy {
    /// 30 s cooldown, fresh for 30 s to 10 min, then used for 10 min more while fetches fail.
    pub const DEFAULT: Self = Self {
        cooldown: 30_000,
        min_age: 30_000,
        max_age: 600_000,
        stale_if_error: 600_000,
    };

    /// With this cooldown, in milliseconds.
    #[must_use]
    pub const fn with_cooldown(mut self, cooldown: u64) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// With this shortest freshness, in milliseconds.
    #[must_use]
    pub const fn with_min_age(mut self, min_age: u64) -> Self {
        self.min_age = min_age;
        self
    }

    /// With this longest freshness, in milliseconds.
    #[must_use]
    pub const fn with_max_age(mut self, max_age: u64) -> Self {
        self.max_age = max_age;
        self
    }

    /// With this `stale-if-error` window, in milliseconds.
    #[must_use]
    pub const fn with_stale_if_error(mut self, stale_if_error: u64) -> Self {
        self.stale_if_error = stale_if_error;
        self
    }

    /// How long an answer with this `Cache-Control` value stays fresh: its `max-age` (0 for
    /// `no-store` or `no-cache`), or [`max_age`](Self::max_age) without one, bounded by
    /// [`min_age`](Self::min_age) and [`max_age`](Self::max_age).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::CachePolicy;
    ///
    /// let p = CachePolicy::DEFAULT;
    /// assert_eq!(p.freshness(Some("public, max-age=120")), 120_000);
    /// assert_eq!(p.freshness(Some("max-age=5")), 30_000);
    /// assert_eq!(p.freshness(Some("max-age=86400")), 600_000);
    /// assert_eq!(p.freshness(Some("no-store")), 30_000);
    /// assert_eq!(p.freshness(None), 600_000);
    /// ```
    #[must_use]
    pub fn freshness(&self, cache_control: Option<&str>) -> u64 {
        let wanted = cache_control.and_then(max_age_ms).unwrap_or(self.max_age);
        wanted.min(self.max_age).max(self.min_age.min(self.max_age))
    }
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What `Cache-Control` asks, in milliseconds: `no-store` and `no-cache` are 0, else `max-age`.
fn max_age_ms(value: &str) -> Option<u64> {
    let mut max_age = None;
    for directive in value.split(',') {
        let directive = directive.trim();
        let (name, arg) = directive.split_once('=').unwrap_or((directive, ""));
        let name = name.trim();
        if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
            return Some(0);
        }
        if name.eq_ignore_ascii_case("max-age") {
            let arg = arg.trim().trim_matches('"');
            // RFC 9111 §1.2.2: a delta-seconds too large to hold is the largest one.
            if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
                max_age = Some(arg.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000));
            }
        }
    }
    max_age
}

/// What a cache's owner does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheAction {
    /// Use the cached set as it is.
    Use,
    /// Fetch the set (once, for every caller waiting), then report with
    /// [`JwksCache::fetched`] or [`JwksCache::failed`].
    Fetch,
    /// Fail with this error: the last fetch failed within the cooldown, and there is no set or it
    /// is stale beyond [`CachePolicy::stale_if_error`].
    Fail(Error),
}

/// The state of one cached remote JWK Set: when it was fetched, until when it is fresh, and the
/// last failure. It holds no keys: its owner keeps the set beside it.
///
/// # Examples
///
/// ```
/// use tinyjose::{CacheAction, CachePolicy, Error, FetchReason, JwksCache};
///
/// let mut cache = JwksCache::new(CachePolicy::DEFAULT);
/// assert_eq!(cache.before_use(0), CacheAction::Fetch);
/// cache.fetched(0, Some("max-age=60"));
/// assert_eq!(cache.before_use(59_999), CacheAction::Use);
/// // A token whose key the set lacks: fetched again once the cooldown is over, not before.
/// assert_eq!(cache.on_unknown_key(10_000), CacheAction::Use);
/// assert_eq!(cache.on_unknown_key(30_000), CacheAction::Fetch);
/// // Stale, and the fetch fails: the last good set is kept, and not fetched again at once.
/// assert_eq!(cache.before_use(60_000), CacheAction::Fetch);
/// let down = Error::Fetch(FetchReason::Status(500));
/// cache.failed(60_000, down);
/// assert_eq!(cache.before_use(60_001), CacheAction::Use);
/// assert_eq!(cache.before_use(90_000), CacheAction::Fetch);
/// // Ten minutes past its freshness, a set whose fetches fail is no longer used.
/// cache.failed(660_000, down);
/// assert_eq!(cache.before_use(660_001), CacheAction::Fail(down));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JwksCache {
    policy: CachePolicy,
    /// Whether a set was ever fetched (and so is kept).
    has_set: bool,
    fresh_until: u64,
    /// The end of the last fetch, good or not.
    last_attempt: Option<u64>,
    /// The error of the last fetch, if it failed.
    last_error: Option<Error>,
}

impl JwksCache {
    /// A cache with no set yet.
    #[must_use]
    pub const fn new(policy: CachePolicy) -> Self {
        Self {
            policy,
            has_set: false,
            fresh_until: 0,
            last_attempt: None,
            last_error: None,
        }
    }

    /// The policy.
    #[must_use]
    pub const fn policy(&self) -> CachePolicy {
        self.policy
    }

    /// Whether a set was fetched at least once (and so is kept, fresh or not).
    #[must_use]
    pub const fn has_set(&self) -> bool {
        self.has_set
    }

    /// The error of the last fetch, if it failed.
    #[must_use]
    pub const fn last_error(&self) -> Option<Error> {
        self.last_error
    }

    /// Whether a fetch ended at or after `since`: a caller that asked for a fetch at `since`
    /// and waited for another caller's asks this, and takes that fetch's result.
    #[must_use]
    pub fn fetched_since(&self, since: u64) -> bool {
        self.last_attempt.is_some_and(|at| at >= since)
    }

    /// Whether a fetch ended less than the cooldown before `now` (jose's `coolingDown`).
    #[must_use]
    pub fn cooling_down(&self, now: u64) -> bool {
        self.last_attempt
            .is_some_and(|at| now < at.saturating_add(self.policy.cooldown))
    }

    /// Whether there is a set and it is still fresh at `now` (jose's `fresh`).
    #[must_use]
    pub fn is_fresh(&self, now: u64) -> bool {
        self.has_set && now < self.fresh_until
    }

    /// Before a token's key is looked up at `now` (milliseconds): fetch when there is no set
    /// or it is stale, unless a fetch failed within the cooldown; then the stale set is used
    /// within [`CachePolicy::stale_if_error`], and the failure is the answer beyond it (as
    /// [`after_failure`](Self::after_failure) says right after the fetch fails).
    #[must_use]
    pub fn before_use(&self, now: u64) -> CacheAction {
        match (!self.is_fresh(now), self.last_error) {
            (false, _) => CacheAction::Use,
            (true, Some(_)) if self.cooling_down(now) => self.after_failure(now),
            (true, _) => CacheAction::Fetch,
        }
    }

    /// After a fetch failed at `now`: the stale set, while [`CachePolicy::stale_if_error`] allows
    /// it, or the failure.
    #[must_use]
    pub fn after_failure(&self, now: u64) -> CacheAction {
        let usable = self.fresh_until.saturating_add(self.policy.stale_if_error);
        match self.last_error {
            Some(error) if !(self.has_set && now < usable) => CacheAction::Fail(error),
            _ if self.has_set => CacheAction::Use,
            _ => CacheAction::Fail(Error::Fetch(crate::FetchReason::Network)),
        }
    }

    /// After the set had no key for a token at `now`: fetch again, at most once per cooldown.
    #[must_use]
    pub fn on_unknown_key(&self, now: u64) -> CacheAction {
        if self.cooling_down(now) {
            CacheAction::Use
        } else {
            CacheAction::Fetch
        }
    }

    /// A fetch ended at `now` with a set, answered with this `Cache-Control` value. Freshness
    /// and the cooldown count from here, as jose's do.
    pub fn fetched(&mut self, now: u64, cache_control: Option<&str>) {
        self.has_set = true;
        self.fresh_until = now.saturating_add(self.policy.freshness(cache_control));
        self.last_attempt = Some(now);
        self.last_error = None;
    }

    /// A fetch ended at `now` with `error`: the last good set, if any, is kept, and the cooldown
    /// counts from here.
    pub fn failed(&mut self, now: u64, error: Error) {
        self.last_attempt = Some(now);
        self.last_error = Some(error);
    }
}

/// Whether `url` may be fetched: an absolute `https` URL (or `http` with `allow_http`) with a
/// host, no user information, fragment, backslash, whitespace or control character, and no
/// `.` or `..` path segment, plain or percent-encoded.
///
/// # Examples
///
/// ```
/// use tinyjose::remote_url_ok;
///
/// assert!(remote_url_ok("https://issuer.example/jwks.json", false));
/// assert!(!remote_url_ok("http://issuer.example/jwks.json", false));
/// assert!(remote_url_ok("http://127.0.0.1:8080/jwks.json", true));
/// assert!(!remote_url_ok("https://user@issuer.example/jwks.json", false));
/// assert!(!remote_url_ok("https://issuer.example/keys/../uploads/x.json", false));
/// ```
#[must_use]
pub fn remote_url_ok(url: &str, allow_http: bool) -> bool {
    let rest = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
        rest
    } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
        if !allow_http {
            return false;
        }
        rest
    } else {
        return false;
    };
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let path = path.split('?').next().unwrap_or_default();
    let bad_char = |b: u8| b <= b' ' || b == 0x7f || b == b'\\' || b == b'#';
    !authority.is_empty()
        && !authority.starts_with(":")
        && !authority.contains('@')
        && !url.bytes().any(bad_char)
        && !path.split('/').any(dot_segment)
}

/// Whether a path segment is `.` or `..`, some dots percent-encoded (`%2e`), or holds an encoded
/// `/` or `\` (`%2f`, `%5c`), which would make a prefix match cross segments.
fn dot_segment(segment: &str) -> bool {
    let lower = |s: &str, from: usize, pat: &str| {
        s.get(from..)
            .and_then(|t| strip_prefix_ignore_case(t, pat))
            .is_some()
    };
    if (0..segment.len()).any(|i| lower(segment, i, "%2f") || lower(segment, i, "%5c")) {
        return true;
    }
    // Saturating, the count still tells one and two from more.
    let mut dots = 0u8;
    let mut rest = segment;
    while !rest.is_empty() {
        rest = match rest.strip_prefix(".") {
            Some(r) => r,
            None => match strip_prefix_ignore_case(rest, "%2e") {
                Some(r) => r,
                None => return false,
            },
        };
        dots = dots.saturating_add(1);
    }
    dots == 1 || dots == 2
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Whether `entry` may be an entry of a `jku` allowlist: [`remote_url_ok`], with no query, and,
/// when it ends in `/` (a prefix), a path after its host.
///
/// # Examples
///
/// ```
/// use tinyjose::jku_entry_ok;
///
/// assert!(jku_entry_ok("https://issuer.example/keys/", false));
/// assert!(jku_entry_ok("https://issuer.example/jwks.json", false));
/// assert!(!jku_entry_ok("https://", false));
/// assert!(!jku_entry_ok("https://issuer.example?/", false));
/// ```
#[must_use]
pub fn jku_entry_ok(entry: &str, allow_http: bool) -> bool {
    if !remote_url_ok(entry, allow_http) || entry.contains('?') {
        return false;
    }
    // A prefix has a path after its host (which `remote_url_ok` requires).
    let after_scheme = entry.split_once("://").map_or("", |(_, rest)| rest);
    !entry.ends_with("/") || after_scheme.contains('/')
}

/// Whether the `jku` URL `url` is one the caller trusts: [`remote_url_ok`], and equal to an
/// entry of `allowlist`, or an entry that ends in `/` (a prefix never ends inside a host name
/// or a path segment) followed by a path of letters, digits, `-`, `.`, `_`, `~` and `/` only:
/// no query, no percent-encoding (single or double), no `;` parameters, no dot segment.
///
/// # Examples
///
/// ```
/// use tinyjose::jku_allowed;
///
/// let allow = ["https://issuer.example/keys/", "https://other.example/jwks.json"];
/// assert!(jku_allowed("https://issuer.example/keys/2026.json", &allow, false));
/// assert!(jku_allowed("https://other.example/jwks.json", &allow, false));
/// assert!(!jku_allowed("https://other.example/jwks.json.evil", &allow, false));
/// assert!(!jku_allowed("https://issuer.example/keys/../admin/x.json", &allow, false));
/// assert!(!jku_allowed("https://issuer.example.evil/keys/x.json", &allow, false));
/// assert!(!jku_allowed("https://issuer.example/keys/..;/admin/x.json", &allow, false));
/// assert!(!jku_allowed("https://issuer.example/keys/x.json?1", &allow, false));
/// ```
#[must_use]
pub fn jku_allowed(url: &str, allowlist: &[&str], allow_http: bool) -> bool {
    let plain_path = |rest: &str| {
        !rest.is_empty()
            && !rest.starts_with("/")
            && !rest.contains("//")
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b))
    };
    remote_url_ok(url, allow_http)
        && allowlist.iter().any(|entry| {
            jku_entry_ok(entry, allow_http)
                && (url == *entry
                    || (entry.ends_with("/") && url.strip_prefix(entry).is_some_and(plain_path)))
        })
}

/// The `jku` of a header (its decoded JSON), unescaped into `buf`, when `allowlist` trusts it
/// ([`jku_allowed`]); `None` when there is none or it is not trusted, which leaves it unused.
///
/// # Errors
///
/// [`Error::Json`] when `jku` is not a string; [`Error::BufferTooSmall`] when `buf` cannot hold
/// it.
///
/// # Examples
///
/// ```
/// use tinyjose::trusted_jku;
///
/// let header = r#"{"alg":"ES256","jku":"https:\/\/issuer.example\/keys\/a.json"}"#;
/// let mut buf = [0u8; 128];
/// let allow = ["https://issuer.example/keys/"];
/// assert_eq!(trusted_jku(header, &allow, false, &mut buf)?, Some("https://issuer.example/keys/a.json"));
/// assert_eq!(trusted_jku(header, &[], false, &mut buf)?, None);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn trusted_jku<'b>(
    header_json: &str,
    allowlist: &[&str],
    allow_http: bool,
    buf: &'b mut [u8],
) -> Result<Option<&'b str>, Error> {
    if allowlist.is_empty() {
        return Ok(None);
    }
    let object =
        crate::json::parse_object(header_json.as_bytes(), crate::MAX_JSON_DEPTH, Part::Header)?;
    let Some(value) = object.get("jku") else {
        return Ok(None);
    };
    let url = value
        .as_str()
        .ok_or(Error::Json(Part::Header))?
        .unescape_into(buf)?;
    Ok(jku_allowed(url, allowlist, allow_http).then_some(url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FetchReason;

    #[test]
    fn cache_control_directives() {
        let p = CachePolicy::DEFAULT.with_min_age(0);
        assert_eq!(p.freshness(Some("max-age=0")), 0);
        assert_eq!(p.freshness(Some("Max-Age=\"90\", private")), 90_000);
        assert_eq!(
            p.freshness(Some("max-age=99999999999999999999999")),
            600_000
        );
        assert_eq!(p.freshness(Some("max-age=-1")), 600_000);
        assert_eq!(p.freshness(Some("max-age=12, no-cache")), 0);
        assert_eq!(p.freshness(Some("s-maxage=5")), 600_000);
    }

    #[test]
    fn an_invalid_max_age_is_ignored_even_after_a_valid_one() {
        let p = CachePolicy::DEFAULT.with_min_age(0);
        assert_eq!(p.freshness(Some("max-age=60, max-age=x")), 60_000);
        assert_eq!(p.freshness(Some("max-age=")), 600_000);
    }

    #[test]
    fn freshness_ends_at_its_last_millisecond() {
        let mut cache = JwksCache::new(CachePolicy::DEFAULT);
        assert!(!cache.has_set() && !cache.is_fresh(0));
        cache.fetched(0, Some("max-age=60"));
        assert!(cache.has_set());
        assert!(cache.is_fresh(59_999));
        assert!(!cache.is_fresh(60_000));
        assert!(cache.cooling_down(29_999));
        assert!(!cache.cooling_down(30_000));
    }

    #[test]
    fn the_last_error_is_kept_until_a_fetch_succeeds() {
        let mut cache = JwksCache::new(CachePolicy::DEFAULT);
        assert_eq!(cache.last_error(), None);
        // Asked with no fetch at all, there is nothing to use.
        assert_eq!(
            cache.after_failure(0),
            CacheAction::Fail(Error::Fetch(FetchReason::Network))
        );
        let down = Error::Fetch(FetchReason::Status(502));
        cache.failed(5, down);
        assert_eq!(cache.last_error(), Some(down));
        assert_eq!(cache.after_failure(6), CacheAction::Fail(down));
        cache.fetched(40_000, None);
        assert_eq!(cache.last_error(), None);
    }

    #[test]
    fn jku_entries() {
        for good in [
            "https://x/keys/",
            "https://x/",
            "https://x/jwks.json",
            "https://x",
        ] {
            assert!(jku_entry_ok(good, false), "{good}");
        }
        for bad in [
            "https://",
            "https://x?/",
            "https://x/a?b",
            "http://x/keys/",
            "ftp://x/",
        ] {
            assert!(!jku_entry_ok(bad, false), "{bad}");
        }
        assert!(jku_entry_ok("http://x/keys/", true));
        // An entry that is no entry trusts nothing, not even its own URL.
        assert!(!jku_allowed("https://x?/", &["https://x?/"], false));
    }

    #[test]
    fn no_set_and_a_failure_fails_fast_within_the_cooldown() {
        let mut cache = JwksCache::new(CachePolicy::DEFAULT);
        let error = Error::Fetch(FetchReason::Timeout);
        cache.failed(1_000, error);
        assert_eq!(cache.before_use(2_000), CacheAction::Fail(error));
        assert_eq!(cache.before_use(31_000), CacheAction::Fetch);
        assert!(!cache.has_set());
    }

    #[test]
    fn a_stale_set_is_used_for_stale_if_error_then_the_failure_is_the_answer() {
        let policy = CachePolicy::DEFAULT.with_stale_if_error(100_000);
        let mut cache = JwksCache::new(policy);
        cache.fetched(0, None);
        let down = Error::Fetch(FetchReason::Network);
        cache.failed(650_000, down);
        assert_eq!(cache.before_use(650_001), CacheAction::Use);
        cache.failed(699_999, down);
        assert_eq!(cache.before_use(699_999), CacheAction::Use);
        assert_eq!(cache.before_use(700_000), CacheAction::Fail(down));
        assert_eq!(cache.before_use(730_000), CacheAction::Fetch);
        cache.fetched(730_000, None);
        assert_eq!(cache.before_use(730_001), CacheAction::Use);
    }

    #[test]
    fn without_a_cooldown_a_failed_fetch_still_leaves_the_stale_window() {
        let policy = CachePolicy::DEFAULT
            .with_cooldown(0)
            .with_min_age(0)
            .with_max_age(10);
        let mut cache = JwksCache::new(policy);
        cache.fetched(0, None);
        let down = Error::Fetch(FetchReason::Network);
        assert_eq!(cache.before_use(20), CacheAction::Fetch);
        cache.failed(20, down);
        assert_eq!(cache.after_failure(21), CacheAction::Use);
        assert_eq!(cache.after_failure(600_010), CacheAction::Fail(down));
    }

    #[test]
    fn fetched_since_tells_a_waiter_its_fetch_happened() {
        let mut cache = JwksCache::new(CachePolicy::DEFAULT);
        assert!(!cache.fetched_since(5));
        cache.fetched(7, None);
        assert!(cache.fetched_since(5));
        assert!(!cache.fetched_since(8));
    }

    #[test]
    fn urls() {
        for bad in [
            "ftp://x/y",
            "https://",
            "https:///path",
            "https://a b/c",
            "https://x/%2e%2E/b",
            "https://x/a/%2e/b",
            "https://x/a%2fb",
            "https://x/a\\b",
            "https://x/a#frag",
            "HTTPS://x/./y",
        ] {
            assert!(!remote_url_ok(bad, true), "{bad}");
        }
        assert!(!remote_url_ok("http://x/y", false));
        assert!(remote_url_ok("http://x/y", true));
        assert!(!remote_url_ok("https://:443/a", true));
        for good in [
            "HTTPS://x/y",
            "https://x",
            "https://x/a.b/..c/...",
            "https://x:8443/a?b=../c",
        ] {
            assert!(remote_url_ok(good, false), "{good}");
        }
        assert!(!jku_allowed("https://x/keys", &["https://x/keys/"], false));
        for bad in [
            "..;/a",
            "%252e%252e/a",
            ".%00./a",
            "a;b",
            "a%41",
            "a?b",
            "a/../b",
            "a/./b",
        ] {
            let url = std::format!("https://x/keys/{bad}");
            assert!(!jku_allowed(&url, &["https://x/keys/"], false), "{url}");
        }
        assert!(jku_allowed(
            "https://x/keys/a-b_c~d/e.json",
            &["https://x/keys/"],
            false
        ));
        assert!(!jku_allowed(
            "https://x/keysX/a",
            &["https://x/keys"],
            false
        ));
    }

    #[test]
    fn jku_of_another_type_is_json() {
        let mut buf = [0u8; 16];
        assert_eq!(
            trusted_jku(r#"{"jku":1}"#, &["https://x/"], false, &mut buf),
            Err(Error::Json(Part::Header))
        );
    }
}
