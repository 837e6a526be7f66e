//! A remote JWK Set: an issuer's `jwks_uri` fetched over HTTPS with `ureq` (rustls), cached
//! by the core's [`JwksCache`] rules, shared by threads, and the `jku` URLs an allowlist trusts.

use core::time::Duration;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use tinyjose::{
    CacheAction, CachePolicy, Error as JoseError, FetchReason, JwksCache, JwsAlg, Part,
    ProtectedHeader, UntrustedJws,
};
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::jwt::Verified;
use crate::{KeyError, KeySet, Result, Validation};

/// The largest JWK Set body read by default: 512 KiB.
pub const DEFAULT_MAX_BODY: usize = 512 * 1024;

/// The default timeout of one fetch, connection to last byte: 5 s (jose's `timeoutDuration`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most `jku` sets kept at once, each one whose first fetch gave a JWK Set; beyond it, the
/// least recently used is dropped.
const MAX_JKU_SETS: usize = 16;

/// The most new `jku` URLs fetched per cooldown: tokens nobody signed can name a new URL under
/// an allowed prefix each, and must not make a fetch each.
const MAX_NEW_JKU: u32 = 4;

/// An issuer's JWK Set at an `https` URL, fetched when first needed and cached as jose's
/// `createRemoteJWKSet` does ([`JwksCache`]): fresh for `Cache-Control: max-age` within the
/// bounds of [`CachePolicy`] (30 s to 10 min by default), fetched again for a token whose key it
/// lacks at most once per cooldown (30 s), one fetch shared by every thread that waits for it,
/// and the last good set kept when a fetch fails (used for 10 min past its freshness while
/// fetches fail). Its keys verify asymmetric algorithms only: a published set holds no secret.
///
/// Cloning shares the cache. A `jku` header is followed only to a URL that
/// [`allow_jku`](RemoteJwkSetBuilder::allow_jku) trusts; otherwise it is ignored.
///
/// # Examples
///
/// ```no_run
/// use tinyjose::Validation;
/// use tinyjose_std::RemoteJwkSet;
///
/// let jwks = RemoteJwkSet::new("https://issuer.example/.well-known/jwks.json")?;
/// # let token = "";
/// let verified = jwks.verify_jwt(token, &Validation::new(tinyjose_std::now()?).issuer("https://issuer.example"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RemoteJwkSet {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    url: String,
    options: Options,
    agent: ureq::Agent,
    state: Mutex<State>,
    /// Held by the one caller fetching this URL: the others wait on it, then use what it
    /// fetched.
    fetching: Mutex<()>,
    jku_sets: Mutex<JkuSets>,
}

/// The sets of trusted `jku` URLs, least recently used first, and the budget of new ones.
#[derive(Debug, Default)]
struct JkuSets {
    sets: Vec<(String, RemoteJwkSet)>,
    /// The start of the current cooldown window, and how many new URLs were fetched in it.
    window: Option<(u64, u32)>,
    /// Fetches of sets no longer kept.
    dropped_fetches: u64,
}

#[derive(Debug)]
struct State {
    cache: JwksCache,
    set: Option<Arc<KeySet>>,
    fetches: u64,
}

#[derive(Clone, Debug)]
struct Options {
    policy: CachePolicy,
    timeout: Duration,
    max_body: usize,
    allow_http: bool,
    roots: Option<Vec<Certificate<'static>>>,
    headers: Vec<(String, String)>,
    jku: Vec<String>,
    algs: Vec<JwsAlg>,
}

/// Options of a [`RemoteJwkSet`], from [`RemoteJwkSet::builder`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// let jwks = tinyjose_std::RemoteJwkSet::builder("https://issuer.example/jwks.json")
///     .cooldown(Duration::from_secs(60))
///     .max_age(Duration::from_secs(3600))
///     .timeout(Duration::from_secs(2))
///     .header("user-agent", "my-service/1.0")
///     .allow_jku("https://issuer.example/keys/")
///     .build()?;
/// assert_eq!(jwks.url(), "https://issuer.example/jwks.json");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct RemoteJwkSetBuilder {
    url: String,
    options: Options,
}

impl RemoteJwkSetBuilder {
    /// The least time between two fetches (default 30 s, jose's `cooldownDuration`).
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.options.policy = self.options.policy.with_cooldown(millis(cooldown));
        self
    }

    /// The longest a fetched set stays fresh, and how long without `Cache-Control: max-age`
    /// (default 10 min, jose's `cacheMaxAge`).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.options.policy = self.options.policy.with_max_age(millis(max_age));
        self
    }

    /// The shortest a fetched set stays fresh, whatever `Cache-Control` says (default 30 s).
    pub fn min_age(mut self, min_age: Duration) -> Self {
        self.options.policy = self.options.policy.with_min_age(millis(min_age));
        self
    }

    /// How long past its freshness a set is still used while fetches fail (default 10 min);
    /// beyond it, the fetch's failure is the answer.
    pub fn stale_if_error(mut self, window: Duration) -> Self {
        self.options.policy = self.options.policy.with_stale_if_error(millis(window));
        self
    }

    /// The longest one fetch may take, connection to last byte (default 5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// The largest body read (default [`DEFAULT_MAX_BODY`]); a longer one fails the fetch.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.options.max_body = bytes;
        self
    }

    /// Whether plain `http` URLs may be fetched (default `false`): for tests on a loopback
    /// server only.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.options.allow_http = allow;
        self
    }

    /// Trusts the `CERTIFICATE` blocks of `pem` as the only TLS roots, instead of Mozilla's
    /// (webpki-roots): for a private CA.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) when `pem` holds no certificate.
    pub fn root_certificates_pem(mut self, pem: &str) -> Result<Self> {
        let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(pem.as_bytes())
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(cert)) => Some(Ok(cert)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<core::result::Result<_, _>>()
            .map_err(|e| KeyError::with_source("a PEM block is malformed", e))?;
        if certs.is_empty() {
            return Err(KeyError::new("no CERTIFICATE block found").into());
        }
        self.options.roots = Some(certs);
        Ok(self)
    }

    /// The algorithms the set's keys may verify (default: every asymmetric one). A JWK is bound
    /// to its `alg` when it is one of these, or to the one its type implies; a remote set's
    /// keys are public, so a symmetric algorithm (HS256, HS384, HS512) is never taken.
    pub fn algorithms(mut self, algs: &[JwsAlg]) -> Self {
        self.options.algs = algs.iter().copied().filter(|a| !a.is_symmetric()).collect();
        self
    }

    /// A header sent with each request to this URL (an `authorization`, a `user-agent`); never
    /// to a `jku` URL.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.options
            .headers
            .push((name.to_owned(), value.to_owned()));
        self
    }

    /// Trusts a token's `jku` header when it equals `url`, or starts with it when `url` ends in
    /// `/` ([`tinyjose::jku_allowed`]): the set at the `jku` then verifies the token, cached as
    /// this one. Without any, `jku` is ignored. A prefix lets a token name URLs of its choosing
    /// under it: at most four new ones are fetched per cooldown (then `fetch_failed`, throttled),
    /// and only sets whose fetch succeeded are kept (16, the least recently used dropped);
    /// prefer exact URLs.
    pub fn allow_jku(mut self, url: &str) -> Self {
        self.options.jku.push(url.to_owned());
        self
    }

    /// The set; nothing is fetched until a token needs it.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::Fetch`]`(`[`FetchReason::Url`]`)` when the URL is not an `https` URL
    /// with a host (or `http` with [`allow_http`](Self::allow_http)), or an
    /// [`allow_jku`](Self::allow_jku) entry is not one ([`tinyjose::jku_entry_ok`]).
    pub fn build(self) -> Result<RemoteJwkSet> {
        let allow_http = self.options.allow_http;
        let entry_ok = |url: &String| tinyjose::jku_entry_ok(url, allow_http);
        if !tinyjose::remote_url_ok(&self.url, allow_http) || !self.options.jku.iter().all(entry_ok)
        {
            return Err(JoseError::Fetch(FetchReason::Url).into());
        }
        let roots = match &self.options.roots {
            Some(certs) => RootCerts::new_with_certs(certs),
            None => RootCerts::WebPki,
        };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(self.options.timeout))
            .https_only(!self.options.allow_http)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build();
        Ok(RemoteJwkSet::with(self.url, self.options, config.into()))
    }
}

impl RemoteJwkSet {
    /// The set at `url`, with the default options.
    ///
    /// # Errors
    ///
    /// As [`RemoteJwkSetBuilder::build`].
    pub fn new(url: &str) -> Result<Self> {
        Self::builder(url).build()
    }

    /// Options for the set at `url`.
    pub fn builder(url: &str) -> RemoteJwkSetBuilder {
        RemoteJwkSetBuilder {
            url: url.to_owned(),
            options: Options {
                policy: CachePolicy::DEFAULT,
                timeout: DEFAULT_TIMEOUT,
                max_body: DEFAULT_MAX_BODY,
                allow_http: false,
                roots: None,
                headers: Vec::new(),
                jku: Vec::new(),
                algs: JwsAlg::ALL
                    .iter()
                    .copied()
                    .filter(|a| !a.is_symmetric())
                    .collect(),
            },
        }
    }

    fn with(url: String, options: Options, agent: ureq::Agent) -> Self {
        Self {
            inner: Arc::new(Inner {
                url,
                agent,
                state: Mutex::new(State {
                    cache: JwksCache::new(options.policy),
                    set: None,
                    fetches: 0,
                }),
                options,
                fetching: Mutex::default(),
                jku_sets: Mutex::default(),
            }),
        }
    }

    /// The URL.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// How many fetches were started, good or not, of this URL and of trusted `jku` URLs.
    #[must_use]
    pub fn fetches(&self) -> u64 {
        let jku = lock(&self.inner.jku_sets);
        let kept: u64 = jku.sets.iter().map(|(_, set)| set.fetches()).sum();
        lock(&self.inner.state).fetches + kept + jku.dropped_fetches
    }

    /// The keys for a token with this header: the set at its `jku` when the allowlist trusts it,
    /// else this one; fetched first if there is none or it is stale (a stale set whose fetch
    /// fails is used), and once more (at most once per cooldown) if it has no key for the
    /// header's `kid` and `alg`.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::UnsupportedAlg`] for an HMAC `alg`, [`tinyjose::Error::AlgNotAllowed`]
    /// for one outside [`algorithms`](RemoteJwkSetBuilder::algorithms), both before any fetch;
    /// [`tinyjose::Error::Fetch`] when there is no set and the fetch failed (or failed within
    /// the cooldown), or when the fetch for an unknown key failed (as jose's); the errors of
    /// [`KeySet::from_jwks`] for a body that is not a JWK Set.
    pub fn keys_for(&self, header: &ProtectedHeader<'_, JwsAlg>) -> Result<Arc<KeySet>> {
        // Refused before anything is fetched: a published set holds no secret (as jose's
        // remote and local sets say), and the caller's algorithms bound the rest.
        let alg = header.alg();
        if alg.is_symmetric() {
            return Err(JoseError::UnsupportedAlg.into());
        }
        if !self.inner.options.algs.contains(&alg) {
            return Err(JoseError::AlgNotAllowed.into());
        }
        if let Some(jku) = self.trusted_jku(header)? {
            return self.jku_keys(&jku, header.kid(), alg);
        }
        self.keys_for_kid(header.kid(), header.alg())
    }

    fn trusted_jku(&self, header: &ProtectedHeader<'_, JwsAlg>) -> Result<Option<String>> {
        let allow: Vec<&str> = self.inner.options.jku.iter().map(String::as_str).collect();
        let mut buf = vec![0u8; header.json().len()];
        let jku = tinyjose::trusted_jku(
            header.json(),
            &allow,
            self.inner.options.allow_http,
            &mut buf,
        )?;
        Ok(jku.filter(|url| *url != self.inner.url).map(str::to_owned))
    }

    /// The keys of a trusted `jku`: from its set when one is kept (now the most recently
    /// used), else from a new set with this set's options but its headers, kept only once its
    /// first fetch gave a JWK Set; at most [`MAX_NEW_JKU`] new URLs per cooldown.
    fn jku_keys(&self, url: &str, kid: Option<&str>, alg: JwsAlg) -> Result<Arc<KeySet>> {
        let kept = {
            let mut jku = lock(&self.inner.jku_sets);
            let at = jku.sets.iter().position(|(u, _)| u == url);
            at.map(|i| {
                let entry = jku.sets.remove(i);
                let set = entry.1.clone();
                jku.sets.push(entry);
                set
            })
        };
        if let Some(set) = kept {
            return set.keys_for_kid(kid, alg);
        }
        {
            let mut jku = lock(&self.inner.jku_sets);
            let now = now_ms();
            let cooldown = self.inner.options.policy.cooldown;
            let (start, made) = jku
                .window
                .filter(|(start, _)| now < start.saturating_add(cooldown))
                .unwrap_or((now, 0));
            if made >= MAX_NEW_JKU {
                return Err(JoseError::Fetch(FetchReason::Throttled).into());
            }
            jku.window = Some((start, made + 1));
        }
        let options = Options {
            jku: Vec::new(),
            headers: Vec::new(),
            ..self.inner.options.clone()
        };
        let set = Self::with(url.to_owned(), options, self.inner.agent.clone());
        let keys = set.keys_for_kid(kid, alg);
        let mut jku = lock(&self.inner.jku_sets);
        if lock(&set.inner.state).set.is_some() {
            if jku.sets.len() == MAX_JKU_SETS {
                let (_, dropped) = jku.sets.remove(0);
                jku.dropped_fetches += dropped.fetches();
            }
            jku.sets.push((url.to_owned(), set));
        } else {
            jku.dropped_fetches += set.fetches();
        }
        keys
    }

    /// The set as it is now: fetched first if there is none or it is stale (for a JWS JSON
    /// serialization, whose signatures may each name a `kid`).
    ///
    /// # Errors
    ///
    /// As [`keys_for`](Self::keys_for).
    pub fn keys(&self) -> Result<Arc<KeySet>> {
        let asked = now_ms();
        let action = lock(&self.inner.state).cache.before_use(asked);
        match action {
            CacheAction::Use => self.cached(),
            // A stale set whose fetch failed is used as the core says (`stale_if_error`).
            CacheAction::Fetch => self.refresh(asked).or_else(|e| {
                let again = lock(&self.inner.state).cache.after_failure(now_ms());
                match again {
                    CacheAction::Use => self.cached().map_err(|_| e),
                    CacheAction::Fetch | CacheAction::Fail(_) => Err(e),
                }
            }),
            CacheAction::Fail(e) => Err(e.into()),
        }
    }

    fn keys_for_kid(&self, kid: Option<&str>, alg: JwsAlg) -> Result<Arc<KeySet>> {
        let set = self.keys()?;
        if set.admits(kid, alg) {
            return Ok(set);
        }
        let asked = now_ms();
        let action = lock(&self.inner.state).cache.on_unknown_key(asked);
        match action {
            CacheAction::Fetch => self.refresh(asked),
            // The set as it is now: another thread may have fetched it meanwhile.
            CacheAction::Use | CacheAction::Fail(_) => self.cached(),
        }
    }

    fn cached(&self) -> Result<Arc<KeySet>> {
        let state = lock(&self.inner.state);
        match (&state.set, state.cache.last_error()) {
            (Some(set), _) => Ok(Arc::clone(set)),
            (None, Some(e)) => Err(e.into()),
            (None, None) => Err(JoseError::NoMatchingKey.into()),
        }
    }

    /// Fetches the set once for every caller that asked at `asked` or before; a caller that
    /// waited for another's fetch takes its result, set or error. A failure keeps the last good
    /// set in the cache, and is returned, as jose's `reload` does.
    fn refresh(&self, asked: u64) -> Result<Arc<KeySet>> {
        let _fetching = lock(&self.inner.fetching);
        let state = lock(&self.inner.state);
        if state.cache.fetched_since(asked) {
            return match (state.cache.last_error(), &state.set) {
                (Some(e), _) => Err(e.into()),
                (None, Some(set)) => Ok(Arc::clone(set)),
                (None, None) => Err(JoseError::NoMatchingKey.into()),
            };
        }
        drop(state);
        lock(&self.inner.state).fetches += 1;
        let fetched = self.fetch();
        let ended = now_ms();
        let mut state = lock(&self.inner.state);
        match fetched {
            Ok((set, cache_control)) => {
                let set = Arc::new(set);
                state.set = Some(Arc::clone(&set));
                state.cache.fetched(ended, cache_control.as_deref());
                Ok(set)
            }
            Err(e) => {
                let core = match &e {
                    crate::Error::Jose(core) => *core,
                    _ => JoseError::Json(Part::Jwk),
                };
                state.cache.failed(ended, core);
                Err(e)
            }
        }
    }

    /// One GET: the set and the answer's `Cache-Control`.
    fn fetch(&self) -> Result<(KeySet, Option<String>)> {
        let options = &self.inner.options;
        let mut request = self
            .inner
            .agent
            .get(&self.inner.url)
            .header("accept", "application/jwk-set+json, application/json");
        for (name, value) in &options.headers {
            request = request.header(name, value);
        }
        let mut response = request.call().map_err(fetch_error)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(JoseError::Fetch(FetchReason::Status(status)).into());
        }
        let cache_control = response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::try_from(options.max_body).unwrap_or(u64::MAX))
            .read_to_vec()
            .map_err(fetch_error)?;
        let text = String::from_utf8(body).map_err(|_| JoseError::Json(Part::Jwk))?;
        let mut keys = KeySet::new();
        keys.insert_jwks(&text, &options.algs)?;
        Ok((keys, cache_control))
    }

    /// Verifies a compact JWS with the key this set (or a trusted `jku`'s) has for it.
    ///
    /// # Errors
    ///
    /// As [`keys_for`](Self::keys_for) and [`crate::verify`].
    pub fn verify(&self, token: &str) -> Result<Verified> {
        let keys = self.keys_for(&UntrustedJws::parse(token)?.header())?;
        crate::verify(token, &keys)
    }

    /// Verifies a JWT with the key this set (or a trusted `jku`'s) has for it, and validates its
    /// claims.
    ///
    /// # Errors
    ///
    /// As [`keys_for`](Self::keys_for) and [`crate::verify_jwt`].
    pub fn verify_jwt(&self, token: &str, validation: &Validation<'_>) -> Result<Verified> {
        let keys = self.keys_for(&UntrustedJws::parse(token)?.header())?;
        crate::verify_jwt(token, &keys, validation)
    }
}

fn fetch_error(e: ureq::Error) -> crate::Error {
    let reason = match e {
        ureq::Error::Timeout(_) => FetchReason::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchReason::Timeout,
        ureq::Error::BodyExceedsLimit(_) => FetchReason::TooLarge,
        ureq::Error::RequireHttpsOnly(_) | ureq::Error::BadUri(_) => FetchReason::Url,
        ureq::Error::StatusCode(status) => FetchReason::Status(status),
        _ => FetchReason::Network,
    };
    JoseError::Fetch(reason).into()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The state stays consistent between statements, so a panic elsewhere leaves it usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Milliseconds on a monotonic clock: a wall clock set back would keep a set fresh too long.
fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    millis(START.get_or_init(Instant::now).elapsed())
}
