//! Remote JWK Sets (`createRemoteJWKSet`): the core's [`JwksCache`] decides when the set is
//! fetched and what a failure leaves; the package's JavaScript fetches it and reports back here.

use tinyjose_std::tinyjose::{
    CacheAction, CachePolicy, Error as Jose, FetchReason, JwksCache, KeyReason, Part,
};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::claims::seconds as whole;
use crate::{Failure, KeySet};

/// The cache state of one remote JWK Set. Times are milliseconds (`performance.now()`); the keys
/// themselves are kept by the JavaScript beside it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct RemoteCache {
    cache: JwksCache,
}

#[wasm_bindgen]
impl RemoteCache {
    /// A cache with no set yet: at most one fetch per `cooldown` for unknown keys and after a
    /// failure, a fetched set fresh for at most `max_age` (and at least `cooldown`, or `max_age`
    /// if shorter).
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new(cooldown: f64, max_age: f64) -> Self {
        let (cooldown, max_age) = (whole(cooldown), whole(max_age));
        let policy = CachePolicy::DEFAULT
            .with_cooldown(cooldown)
            .with_max_age(max_age)
            .with_min_age(cooldown.min(max_age));
        Self {
            cache: JwksCache::new(policy),
        }
    }

    /// Before a key is looked up at `now`: `true` to fetch the set first, `false` to use it.
    ///
    /// # Errors
    ///
    /// The error of the last fetch, when there is no set and it failed within the cooldown.
    #[wasm_bindgen(js_name = beforeUse)]
    pub fn before_use(&self, now: f64) -> Result<bool, Failure> {
        match self.cache.before_use(whole(now)) {
            CacheAction::Use => Ok(false),
            CacheAction::Fetch => Ok(true),
            CacheAction::Fail(e) => Err(e.into()),
        }
    }

    /// After a fetch failed at `now`: `Ok` to use the stale set, within the core's
    /// `stale_if_error`.
    ///
    /// # Errors
    ///
    /// The fetch's failure, beyond that window.
    #[wasm_bindgen(js_name = afterFailure)]
    pub fn after_failure(&self, now: f64) -> Result<(), Failure> {
        match self.cache.after_failure(whole(now)) {
            CacheAction::Fail(e) => Err(e.into()),
            CacheAction::Use | CacheAction::Fetch => Ok(()),
        }
    }

    /// After the set had no key for a token at `now`: `true` to fetch it again (once the
    /// cooldown is over), `false` to refuse the token.
    #[wasm_bindgen(js_name = onUnknownKey)]
    #[must_use]
    pub fn on_unknown_key(&self, now: f64) -> bool {
        matches!(self.cache.on_unknown_key(whole(now)), CacheAction::Fetch)
    }

    /// Whether a fetch ended within the cooldown before `now` (jose's `coolingDown`).
    #[wasm_bindgen(js_name = coolingDown)]
    #[must_use]
    pub fn cooling_down(&self, now: f64) -> bool {
        self.cache.cooling_down(whole(now))
    }

    /// Whether the last fetched set is still fresh at `now` (jose's `fresh`).
    #[must_use]
    pub fn fresh(&self, now: f64) -> bool {
        self.cache.is_fresh(whole(now))
    }

    /// The body of a fetch that ended at `ended`, answered 200 with this `Cache-Control`: its
    /// keys, recorded as fetched; or, when the core refuses it as a JWK Set (or it is not
    /// UTF-8), the failure, recorded as a failed fetch (the last good set is kept).
    ///
    /// # Errors
    ///
    /// The core's JWK Set errors, as `createLocalJWKSet` gives them; `json` for a body that is
    /// not UTF-8.
    pub fn fetched(
        &mut self,
        ended: f64,
        cache_control: Option<String>,
        body: &[u8],
    ) -> Result<KeySet, Failure> {
        let ended = whole(ended);
        let parsed = core::str::from_utf8(body)
            .map_err(|_| Jose::Json(Part::Jwk).into())
            .and_then(KeySet::parse_jwks);
        match parsed {
            Ok(set) => {
                self.cache.fetched(ended, cache_control.as_deref());
                Ok(set)
            }
            Err(e) => {
                let core = match e {
                    tinyjose_std::Error::Jose(e) => e,
                    _ => Jose::KeyRejected(KeyReason::Material),
                };
                self.cache.failed(ended, core);
                Err(e.into())
            }
        }
    }

    /// A fetch that ended at `ended` failed for `reason` (see [`fetch_failure`]): recorded (the
    /// last good set is kept), and its failure returned to be thrown.
    #[must_use]
    pub fn failed(&mut self, ended: f64, reason: &str, status: u16) -> Failure {
        let e = Jose::Fetch(fetch_reason(reason, status));
        self.cache.failed(whole(ended), e);
        e.into()
    }
}

/// The core's reason for a failed fetch: `timeout`, `network`, `status` (with `status`),
/// `too large`, `url`; another name is a network failure.
fn fetch_reason(reason: &str, status: u16) -> FetchReason {
    match reason {
        "timeout" => FetchReason::Timeout,
        "status" => FetchReason::Status(status),
        "too large" => FetchReason::TooLarge,
        "url" => FetchReason::Url,
        _ => FetchReason::Network,
    }
}

/// The failure of a fetch for `reason` (`timeout`, `network`, `status` with `status`,
/// `too large` or `url`), outside any cache: a URL refused before anything is fetched.
#[wasm_bindgen(js_name = fetchFailure)]
#[must_use]
pub fn fetch_failure(reason: &str, status: u16) -> Failure {
    Jose::Fetch(fetch_reason(reason, status)).into()
}

/// Whether `url` may be fetched: the core's `remote_url_ok` (an absolute `https` URL, or `http`
/// with `allow_http`, with a host, no user information, fragment or dot segment).
#[wasm_bindgen(js_name = remoteUrlOk)]
#[must_use]
pub fn remote_url_ok(url: &str, allow_http: bool) -> bool {
    tinyjose::remote_url_ok(url, allow_http)
}
