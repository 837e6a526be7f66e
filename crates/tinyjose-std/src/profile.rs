//! Token profiles, owned: OpenID Connect ID tokens, RFC 9068 access tokens and DPoP proofs
//! (RFC 9449) checked with a [`KeySet`] or the proof's own key, a bounded replay cache for DPoP
//! `jti`s, and DPoP proofs made with the operating system's randomness.
//!
//! Every check is the core's ([`IdTokenValidation`], [`AccessTokenValidation`],
//! [`DpopValidation`]); these functions size the buffers from the token and return owned values.

use std::collections::HashMap;

use tinyjose::rand_core::UnwrapErr;
use tinyjose::{
    AccessTokenValidation, DpopParams, DpopValidation, IdTokenValidation, JwsAlg, Limits,
    MAX_HEADER_LEN, UnixTime, UntrustedJws, compact_len,
};

use crate::jwt::verify_checked;
use crate::rng::OsRng;
use crate::{KeyError, KeySet, Result, SignatureKey, Verified};

/// Verifies an OpenID Connect ID token with the issuer's keys and validates it as `v` says
/// (OIDC Core §3.1.3.7): `typ` absent or `JWT`, `iss`, `aud`, `azp`, `nonce`, `auth_time`,
/// `acr`, `at_hash` and `c_hash`.
///
/// # Errors
///
/// As [`verify`](crate::verify), and those listed on [`IdTokenValidation`]: an RFC 9068 access
/// token (`typ` `at+jwt`) is [`tinyjose::Error::TypeMismatch`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, IdTokenValidation, JwsAlg, UnixTime};
/// use tinyjose_std::{KeySet, SignatureKey, sign_to_string, verify_id_token};
///
/// let key = SignatureKey::generate(JwsAlg::Es256, None)?;
/// let claims = br#"{"iss":"https://op.example","sub":"248289761001","aud":"s6BhdRkqt3",
///     "nonce":"n-0S6_WzA2Mj","exp":1311281970,"iat":1311280970}"#;
/// let token = sign_to_string(&HeaderParams::new().typ("JWT"), claims, key.signer().unwrap())?;
/// let keys = KeySet::from(key.public_key()?.verifier().clone());
///
/// let at = UnixTime::from_secs(1_311_281_000);
/// let v = IdTokenValidation::new("https://op.example", "s6BhdRkqt3", at).nonce("n-0S6_WzA2Mj");
/// assert_eq!(verify_id_token(&token, &keys, &v)?.payload, claims);
/// let other = v.nonce("another");
/// assert_eq!(verify_id_token(&token, &keys, &other).unwrap_err().code(), "claim_mismatch");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_id_token(token: &str, keys: &KeySet, v: &IdTokenValidation<'_>) -> Result<Verified> {
    let (verified, ()) = verify_checked(token, keys, &Limits::DEFAULT, |verified| {
        verified.id_token(v)?;
        Ok(())
    })?;
    Ok(verified)
}

/// A verified RFC 9068 access token: the token, and the key it is bound to.
///
/// # Examples
///
/// See [`verify_access_token`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessToken {
    /// The token: its header and its claims.
    pub verified: Verified,
    /// The `jkt` of its `cnf` claim (RFC 9449 §6.1): the thumbprint of the key its DPoP proofs
    /// must be made with, to give to [`DpopValidation::jkt`]; `None` for a token that is not
    /// key-bound.
    pub jkt: Option<String>,
}

/// Verifies an RFC 9068 access token with the issuer's keys and validates it as `v` says
/// (RFC 9068 §4): `typ` `at+jwt`, `iss`, `aud`, and the required claims.
///
/// # Errors
///
/// As [`verify`](crate::verify), and those of [`tinyjose::VerifiedJws::access_token`] and
/// [`tinyjose::Claims::jkt`]: an ID token (`typ` absent or `JWT`) is
/// [`tinyjose::Error::TypeMismatch`].
///
/// # Examples
///
/// ```
/// use tinyjose::{AccessTokenValidation, HeaderParams, HmacKey, JwkKey, UnixTime};
/// use tinyjose_std::{KeySet, sign_to_string, verify_access_token};
///
/// let secret = b"a shared secret of at least 32 bytes";
/// let claims = br#"{"iss":"https://as.example","aud":"https://rs.example","sub":"5ba552d6",
///     "client_id":"s6BhdRkqt3","exp":1639528912,"iat":1618354090,"jti":"dbe39bf3",
///     "cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}}"#;
/// let token = sign_to_string(&HeaderParams::new().typ("at+jwt"), claims, &HmacKey::hs256(secret)?)?;
/// let keys = KeySet::from(JwkKey::Hmac(HmacKey::hs256(secret)?));
///
/// let v = AccessTokenValidation::new("https://as.example", "https://rs.example", UnixTime::from_secs(1_618_354_100));
/// let token = verify_access_token(&token, &keys, &v)?;
/// assert_eq!(token.jkt.as_deref(), Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
/// assert_eq!(token.verified.payload, claims);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_access_token(
    token: &str,
    keys: &KeySet,
    v: &AccessTokenValidation<'_>,
) -> Result<AccessToken> {
    let (verified, jkt) = verify_checked(token, keys, &Limits::DEFAULT, |verified| {
        let claims = verified.access_token(v)?;
        Ok(claims.jkt()?.map(str::to_owned))
    })?;
    Ok(AccessToken { verified, jkt })
}

/// A DPoP proof that passed every check of [`DpopValidation`], owned.
///
/// # Examples
///
/// See [`create_dpop_proof`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DpopProof {
    /// The proof's algorithm.
    pub alg: JwsAlg,
    /// The protected header JSON, exactly as signed (its `jwk` is the proof's key).
    pub header_json: String,
    /// The claims set (`jti`, `htm`, `htu`, `iat`, ...), exactly as signed.
    pub claims: String,
    /// The RFC 7638 thumbprint of the proof's key, base64url: the `jkt` an access token is bound
    /// to (RFC 9449 §6.1).
    pub jkt: String,
}

/// Checks the DPoP proof `proof` (RFC 9449 §4.3) as `v` says, with the proof's own header key,
/// and records its `jti` in `cache` (RFC 9449 §11.1), at [`DpopValidation::now`].
///
/// # Errors
///
/// Those of [`tinyjose::verify_dpop_proof`]: [`tinyjose::Error::Replayed`] for a `jti` the cache
/// holds, or that it has no room for (see [`JtiCache`]).
///
/// # Examples
///
/// See [`create_dpop_proof`].
pub fn verify_dpop_proof(
    proof: &str,
    v: &DpopValidation<'_>,
    cache: &mut JtiCache,
) -> Result<DpopProof> {
    let len = UntrustedJws::parse(proof).map_or(proof.len(), |jws| jws.payload_len());
    let mut out = vec![0u8; len];
    let now = v.now();
    let mut replay = |jti: &str| cache.insert(jti, now);
    let checked = tinyjose::verify_dpop_proof(proof, v, &mut replay, &mut out)?;
    let header_json = UntrustedJws::parse(proof)?.header().json().to_owned();
    Ok(DpopProof {
        alg: checked.alg(),
        header_json,
        claims: checked.claims().json().to_owned(),
        jkt: checked.jkt().to_owned(),
    })
}

/// Creates a DPoP proof (RFC 9449 §4.2) with the private key `key`, for the request `params`
/// describes: the header carries `typ` `dpop+jwt`, the key's algorithm and its public JWK; the
/// claims a `jti` of 16 random bytes from the operating system, `htm`, `htu` (without query and
/// fragment), `iat` (the time `params` was made with: [`now`](crate::now) for a proof sent
/// now), and `ath` and `nonce` when `params` has them. Every asymmetric algorithm signs,
/// RSA included.
///
/// # Errors
///
/// [`tinyjose::Error::KeyRejected`] ([`tinyjose::KeyReason::WrongUse`]) for a public key;
/// [`tinyjose::Error::AlgNotAllowed`] for an HMAC secret; [`Error::Key`](crate::Error::Key) if
/// the operating system gives no randomness; the errors of
/// [`tinyjose::create_dpop_proof_with`].
///
/// # Panics
///
/// Only if the operating system's randomness fails after it worked for the first bytes.
///
/// # Examples
///
/// ```
/// use tinyjose::{DpopParams, DpopValidation, JwsAlg, UnixTime};
/// use tinyjose_std::{JtiCache, SignatureKey, create_dpop_proof, verify_dpop_proof};
///
/// let key = SignatureKey::generate(JwsAlg::Es256, None)?;
/// let now = UnixTime::from_secs(1_700_000_000);
/// let params = DpopParams::new("POST", "https://server.example.com/token", now);
/// let proof = create_dpop_proof(&key, &params)?;
///
/// let mut cache = JtiCache::new(1000, 300);
/// let v = DpopValidation::new("POST", "https://server.example.com/token", now);
/// let checked = verify_dpop_proof(&proof, &v, &mut cache)?;
/// assert_eq!(checked.jkt, key.thumbprint()?);
/// assert_eq!(verify_dpop_proof(&proof, &v, &mut cache).unwrap_err().code(), "replayed");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn create_dpop_proof(key: &SignatureKey, params: &DpopParams<'_>) -> Result<String> {
    let signer = key
        .signer()
        .ok_or(tinyjose::Error::KeyRejected(tinyjose::KeyReason::WrongUse))?;
    // Fail cleanly if the operating system gives no randomness at all; `UnwrapErr` panics only
    // if it fails later.
    getrandom::fill(&mut [0u8; 1])
        .map_err(|e| KeyError::with_source("the operating system gave no randomness", e))?;
    // The header (with the key's JWK) fits the header limit and the claims 1 KiB, or the core
    // refuses the proof.
    let len = compact_len(MAX_HEADER_LEN, 1024, signer.signature_len());
    let mut out = vec![0u8; len];
    let proof = tinyjose::create_dpop_proof_with(
        signer,
        key.verifier(),
        params,
        &mut UnwrapErr(OsRng),
        &mut out,
    )?;
    Ok(proof.to_owned())
}

/// A bounded in-memory replay cache for DPoP proofs' `jti` (RFC 9449 §11.1): it remembers each
/// `jti` for `window` seconds after it was first seen, and holds at most `capacity` of them.
///
/// Entries older than the window are forgotten when room is needed. When the cache is full of
/// entries still inside the window, a new `jti` is **refused** (as a replay) rather than one
/// forgotten: forgetting one would let that proof be replayed, while refusing costs only a
/// retry once the oldest entries age out. Size `capacity` for the proofs accepted within a
/// window. A proof is acceptable for its maximum age and leeway around its `iat`, so make the
/// window at least the maximum age plus twice the leeway of the [`DpopValidation`].
///
/// For one server process; servers behind a load balancer need a shared store.
///
/// # Examples
///
/// ```
/// use tinyjose::UnixTime;
///
/// let mut cache = tinyjose_std::JtiCache::new(2, 60);
/// let t = UnixTime::from_secs;
/// assert!(cache.insert("a", t(0)));
/// assert!(!cache.insert("a", t(59)));  // replayed within the window
/// assert!(cache.insert("b", t(1)));
/// assert!(!cache.insert("c", t(2)));   // full of live entries: refused
/// assert!(cache.insert("c", t(60)));   // "a" aged out and made room
/// assert!(cache.insert("a", t(61)));   // and may be seen again
/// # assert_eq!(cache.len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct JtiCache {
    capacity: usize,
    window: u64,
    /// Each `jti` and the time it was first seen.
    seen: HashMap<String, u64>,
}

impl JtiCache {
    /// A cache of at most `capacity` `jti`s, each remembered for `window` seconds.
    ///
    /// # Examples
    ///
    /// See [`JtiCache`].
    #[must_use]
    pub fn new(capacity: usize, window: u64) -> Self {
        Self {
            capacity,
            window,
            seen: HashMap::new(),
        }
    }

    /// Records `jti` as seen at `now`: `true` if it was not seen within the window, `false` if
    /// it was (a replay) or if the cache is full of entries inside the window. This is the
    /// replay check [`tinyjose::verify_dpop_proof`] takes:
    /// `&mut |jti| cache.insert(jti, now)`.
    ///
    /// # Examples
    ///
    /// See [`JtiCache`].
    pub fn insert(&mut self, jti: &str, now: UnixTime) -> bool {
        let now = now.as_secs();
        let window = self.window;
        let live = |seen: u64| now < seen.saturating_add(window);
        if let Some(&seen) = self.seen.get(jti) {
            if live(seen) {
                return false;
            }
            self.seen.remove(jti);
        }
        if self.seen.len() >= self.capacity {
            self.seen.retain(|_, &mut seen| live(seen));
            if self.seen.len() >= self.capacity {
                return false;
            }
        }
        self.seen.insert(jti.to_owned(), now);
        true
    }

    /// How many `jti`s the cache holds, aged-out ones not yet forgotten included.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tinyjose_std::JtiCache::new(8, 300).len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether the cache holds no `jti`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tinyjose_std::JtiCache::new(8, 300).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}
