//! DPoP proofs (RFC 9449): checked on a server, created on a device.

use rand_core::CryptoRng;

use super::{expect, sha256_b64, string, validate};
use crate::json::{self, Sink, SliceSink};
use crate::jwt::same_media_type;
use crate::{
    Claim, Claims, Error, HeaderParams, Jwk, JwkKey, JwsAlg, JwsSigner, JwsVerifier, KeyReason,
    Limit, Limits, MAX_HEADER_LEN, Part, UnixTime, UntrustedJws, Validation, b64,
};

/// The `typ` of a DPoP proof (RFC 9449 §4.2).
const DPOP_TYP: &str = "dpop+jwt";

/// The longest `htu` with JSON escapes, and the longest `jti`, a proof may carry.
const MAX_ESCAPED: usize = 256;

/// The longest claims set [`create_dpop_proof`] writes.
const MAX_PROOF_CLAIMS: usize = 768;

/// What a DPoP proof must satisfy (RFC 9449 §4.3).
///
/// Checked in this order, each refusal with its own error:
///
/// 1. `typ` is `dpop+jwt` ([`Error::TypeMismatch`]);
/// 2. `alg` is asymmetric and, when a list is given, in it ([`Error::AlgNotAllowed`]);
/// 3. the header `jwk` is a public key (a private one is [`Error::KeyRejected`] with
///    [`KeyReason::WrongUse`], none or a malformed one [`KeyReason::Material`]) for `alg`, and
///    the signature verifies with it: the one place where tinyjose takes a key from a header.
///    An ECDSA signature with a high `s` is accepted, as WebCrypto makes them, since the replay
///    check is keyed on `jti` and not on the proof's text
///    ([`Limits::ecdsa_high_s`](crate::Limits::ecdsa_high_s));
/// 4. the claims as [`Validation`] checks them, with `jti`, `htm`, `htu` and `iat` required
///    (and `ath`, `nonce` when expected), `iat` at most the maximum age old
///    ([`Error::MaxAgeExceeded`]) and not in the future ([`Error::IssuedAtInvalid`]);
/// 5. `htm` is the request's method and `htu` its URI ([`Error::ClaimMismatch`]); the URIs are
///    compared without query and fragment, the scheme and host case-insensitively, with a
///    default port and an empty path normalized (RFC 3986 §6.2.2, §6.2.3);
/// 6. `nonce` is the server's, `ath` the hash of the access token, and the key's thumbprint
///    the access token's `cnf.jkt` ([`Claim::Cnf`]), each when expected;
/// 7. last, the caller's replay check accepts the `jti` ([`Error::Replayed`]), so that no
///    refused proof fills the replay cache.
///
/// # Examples
///
/// See [`create_dpop_proof`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DpopValidation<'a> {
    htm: &'a str,
    htu: &'a str,
    now: UnixTime,
    leeway: u64,
    max_age: u64,
    algs: &'a [JwsAlg],
    nonce: Option<&'a str>,
    access_token: Option<&'a str>,
    jkt: Option<&'a str>,
    ecdsa_high_s: bool,
}

impl<'a> DpopValidation<'a> {
    /// A proof for a request with method `htm` to `htu` at time `now`: any asymmetric
    /// algorithm, no leeway, at most 300 seconds old.
    #[must_use]
    pub const fn new(htm: &'a str, htu: &'a str, now: UnixTime) -> Self {
        Self {
            htm,
            htu,
            now,
            leeway: 0,
            max_age: 300,
            algs: &[],
            nonce: None,
            access_token: None,
            jkt: None,
            ecdsa_high_s: true,
        }
    }

    /// Seconds of clock skew tolerated on `iat` (and `exp`, `nbf` when present).
    #[must_use]
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The oldest proof accepted, in seconds since its `iat` (300 by default).
    #[must_use]
    pub const fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = seconds;
        self
    }

    /// The accepted algorithms (the server's `dpop_signing_alg_values_supported`).
    #[must_use]
    pub const fn algs(mut self, algs: &'a [JwsAlg]) -> Self {
        self.algs = algs;
        self
    }

    /// The server's `DPoP-Nonce`, which the proof must carry (RFC 9449 §8).
    #[must_use]
    pub const fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The access token presented with the proof: `ath` is then required and must be its hash
    /// (RFC 9449 §4.3 step 12, §7).
    #[must_use]
    pub const fn access_token(mut self, access_token: &'a str) -> Self {
        self.access_token = Some(access_token);
        self
    }

    /// The key thumbprint the access token is bound to (its `cnf.jkt`, RFC 9449 §6.1, from
    /// [`Claims::jkt`]): the proof's key must have it.
    #[must_use]
    pub const fn jkt(mut self, jkt: &'a str) -> Self {
        self.jkt = Some(jkt);
        self
    }

    /// Whether ES256, ES384 and ES512 signatures whose `s` is above n/2 are accepted
    /// ([`Limits::ecdsa_high_s`]): on by default, for DPoP only. Signers that do not normalize
    /// `s` make such signatures half the time: WebCrypto in browsers, where DPoP keys often
    /// live, and the RFC 9449 examples of Figures 2 and 13. A second proof string then verifies
    /// for each proof, with the same `jti`, so the replay check, keyed on `jti`, still refuses
    /// it. `false` refuses them.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{DpopValidation, UnixTime};
    ///
    /// let v = DpopValidation::new("GET", "https://rs.example/", UnixTime::from_secs(0));
    /// assert_ne!(v, v.ecdsa_high_s(false));
    /// ```
    #[must_use]
    pub const fn ecdsa_high_s(mut self, accept: bool) -> Self {
        self.ecdsa_high_s = accept;
        self
    }

    /// The time the proof is checked at, as given to [`new`](Self::new): the time a replay
    /// cache records the proof's `jti` at.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{DpopValidation, UnixTime};
    ///
    /// let now = UnixTime::from_secs(1_562_262_616);
    /// assert_eq!(DpopValidation::new("GET", "https://rs.example/", now).now(), now);
    /// ```
    #[must_use]
    pub const fn now(&self) -> UnixTime {
        self.now
    }
}

/// A DPoP proof that passed every check of [`DpopValidation`].
#[derive(Clone, Copy, Debug)]
pub struct DpopProof<'o> {
    claims: Claims<'o>,
    jkt: [u8; 43],
    alg: JwsAlg,
}

impl<'o> DpopProof<'o> {
    /// The proof's claims (`jti`, `htm`, `htu`, `iat`, ...).
    #[must_use]
    pub fn claims(&self) -> &Claims<'o> {
        &self.claims
    }

    /// The RFC 7638 thumbprint of the proof's key, base64url: the `jkt` to bind an access token
    /// to (RFC 9449 §6.1).
    #[must_use]
    pub fn jkt(&self) -> &str {
        core::str::from_utf8(&self.jkt).unwrap_or_default()
    }

    /// The proof's algorithm.
    #[must_use]
    pub fn alg(&self) -> JwsAlg {
        self.alg
    }
}

/// Checks the DPoP proof `proof` (RFC 9449 §4.3), decoding its claims into `out`.
///
/// `replay` is the caller's replay check (RFC 9449 §11.1): given the proof's `jti`, it returns
/// `true` if it has not seen it within the maximum age, and remembers it.
///
/// # Errors
///
/// Those listed on [`DpopValidation`]; the errors of [`UntrustedJws::parse`] and
/// [`UntrustedJws::verify`]; [`Error::InvalidClaim`] for an `htm`, `htu` or `jti` that is not a
/// string (or, escaped, longer than 256 bytes).
///
/// # Examples
///
/// See [`create_dpop_proof`].
pub fn verify_dpop_proof<'o>(
    proof: &str,
    v: &DpopValidation<'_>,
    replay: &mut dyn FnMut(&str) -> bool,
    out: &'o mut [u8],
) -> Result<DpopProof<'o>, Error> {
    let (len, alg, jkt) = verify_signature(proof, v, out)?;
    let payload = out.get(..len).unwrap_or_default();
    let mut required = [""; 6];
    let optional = [
        ("ath", v.access_token.is_some()),
        ("nonce", v.nonce.is_some()),
    ];
    let names = ["jti", "htm", "htu", "iat"].into_iter().chain(
        optional
            .into_iter()
            .filter_map(|(name, wanted)| wanted.then_some(name)),
    );
    let n = required
        .iter_mut()
        .zip(names)
        .map(|(slot, name)| *slot = name)
        .count();
    let validation = Validation::new(v.now).leeway(v.leeway).max_age(v.max_age);
    let required = required.get(..n).unwrap_or_default();
    let claims = validate(payload, None, validation, required)?;
    let object = claims.object();

    expect(&object, Claim::Htm, v.htm)?;
    let mut buf = [0u8; MAX_ESCAPED];
    let htu = string(&object, Claim::Htu)?.ok_or(Error::MissingClaim(Claim::Htu))?;
    let htu = htu
        .decode(&mut buf)
        .map_err(|_| Error::InvalidClaim(Claim::Htu))?;
    if !same_uri(htu, v.htu) {
        return Err(Error::ClaimMismatch(Claim::Htu));
    }
    if let Some(nonce) = v.nonce {
        expect(&object, Claim::Nonce, nonce)?;
    }
    if let Some(access_token) = v.access_token {
        let mut hash = [0u8; 43];
        expect(
            &object,
            Claim::Ath,
            sha256_b64(access_token.as_bytes(), &mut hash)?,
        )?;
    }
    let jkt_text = core::str::from_utf8(&jkt).unwrap_or_default();
    if v.jkt.is_some_and(|expected| expected != jkt_text) {
        return Err(Error::ClaimMismatch(Claim::Cnf));
    }
    let jti = string(&object, Claim::Jti)?.ok_or(Error::MissingClaim(Claim::Jti))?;
    let jti = jti
        .decode(&mut buf)
        .map_err(|_| Error::InvalidClaim(Claim::Jti))?;
    if !replay(jti) {
        return Err(Error::Replayed);
    }
    Ok(DpopProof { claims, jkt, alg })
}

/// Steps 1 to 3: parses the proof, checks `typ` and `alg`, takes the public key from the
/// header and verifies the signature with it. Returns the payload length, the algorithm and
/// the key's thumbprint.
#[inline(never)]
fn verify_signature(
    proof: &str,
    v: &DpopValidation<'_>,
    out: &mut [u8],
) -> Result<(usize, JwsAlg, [u8; 43]), Error> {
    // The replay check is keyed on `jti`, so the second signature a high `s` allows gains
    // nothing (see `DpopValidation::ecdsa_high_s`).
    let jws =
        UntrustedJws::parse_with_limits(proof, &Limits::DEFAULT.with_ecdsa_high_s(v.ecdsa_high_s))?;
    let header = jws.header();
    if !header.typ().is_some_and(|t| same_media_type(t, DPOP_TYP)) {
        return Err(Error::TypeMismatch);
    }
    let alg = header.alg();
    if alg.is_symmetric() || !(v.algs.is_empty() || v.algs.contains(&alg)) {
        return Err(Error::AlgNotAllowed);
    }
    let object = json::parse_object(
        header.json().as_bytes(),
        Limits::DEFAULT.json_depth,
        Part::Header,
    )?;
    let material = Error::KeyRejected(KeyReason::Material);
    let jwk = object
        .get("jwk")
        .and_then(|v| v.as_object())
        .ok_or(material)?;
    let jwk = Jwk::from_object(jwk).map_err(|_| material)?;
    // A private JWK (RFC 9449 §4.3 step 7): any private member of any key type.
    if ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        .iter()
        .any(|m| jwk.has_member(m))
    {
        return Err(Error::KeyRejected(KeyReason::WrongUse));
    }
    let key = jwk.to_key(Some(alg))?;
    let mut jkt = [0u8; 43];
    jwk.thumbprint_b64(&mut jkt)?;
    let len = jws.verify(&key, out)?.payload().len();
    Ok((len, alg, jkt))
}

/// Whether two `htu` values name the same URI, compared as [`DpopValidation`] says.
fn same_uri(a: &str, b: &str) -> bool {
    match (uri_parts(a), uri_parts(b)) {
        (Some((scheme_a, host_a, port_a, path_a)), Some((scheme_b, host_b, port_b, path_b))) => {
            scheme_a.eq_ignore_ascii_case(scheme_b)
                && host_a.eq_ignore_ascii_case(host_b)
                && port_a == port_b
                && same_path(path_a, path_b)
        }
        _ => false,
    }
}

/// An absolute `http` or `https` URI without user information, as (scheme, host, port, path),
/// its query and fragment dropped, its port made explicit and its empty path `/`.
fn uri_parts(uri: &str) -> Option<(&str, &str, u16, &str)> {
    let uri = uri.split(['?', '#']).next()?;
    let (scheme, rest) = uri.split_once("://")?;
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        443
    } else if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        return None;
    };
    let (authority, path) = rest
        .find('/')
        .and_then(|i| rest.split_at_checked(i))
        .unwrap_or((rest, "/"));
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    // An IPv6 literal keeps its colons inside the brackets.
    let port_at = authority
        .rsplit_once(':')
        .filter(|(_, digits)| !digits.contains(']'));
    let (host, port) = match port_at {
        Some((host, digits)) => {
            let port = if digits.is_empty() {
                default_port
            } else {
                digits.parse().ok()?
            };
            (host, port)
        }
        None => (authority, default_port),
    };
    Some((scheme, host, port, path))
}

/// Paths compared byte for byte, except the hex digits of percent-encodings, in either case.
fn same_path(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut hex = 0u8;
    a.iter().zip(b).all(|(x, y)| {
        let same = match hex.checked_sub(1) {
            Some(left) => {
                hex = left;
                x.eq_ignore_ascii_case(y)
            }
            None => x == y,
        };
        if *x == b'%' {
            hex = 2;
        }
        same
    })
}

/// What a DPoP proof made by [`create_dpop_proof`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DpopParams<'a> {
    htm: &'a str,
    htu: &'a str,
    iat: UnixTime,
    access_token: Option<&'a str>,
    nonce: Option<&'a str>,
}

impl<'a> DpopParams<'a> {
    /// A proof for a request with method `htm` to `htu` (its query and fragment are dropped,
    /// RFC 9449 §4.2), made at `iat`.
    #[must_use]
    pub const fn new(htm: &'a str, htu: &'a str, iat: UnixTime) -> Self {
        Self {
            htm,
            htu,
            iat,
            access_token: None,
            nonce: None,
        }
    }

    /// The access token the proof goes with: its hash becomes `ath`.
    #[must_use]
    pub const fn access_token(mut self, access_token: &'a str) -> Self {
        self.access_token = Some(access_token);
        self
    }

    /// The server's `DPoP-Nonce`.
    #[must_use]
    pub const fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }
}

/// Creates a DPoP proof (RFC 9449 §4.2) with the private key `key`, into `out`: the header
/// carries `typ` `dpop+jwt`, the key's algorithm and its public JWK; the claims a random `jti`
/// (16 bytes from `rng`), `htm`, `htu`, `iat`, and `ath` and `nonce` when given.
///
/// # Errors
///
/// [`Error::KeyRejected`] ([`KeyReason::WrongUse`]) for a public key,
/// [`Error::AlgNotAllowed`] for an HMAC secret; [`Error::LimitExceeded`]
/// ([`Limit::TokenLength`]) for claims above 768 bytes; [`Error::BufferTooSmall`].
///
/// # Examples
///
/// ```
/// # struct Ones;
/// # impl rand_core::TryRng for Ones {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(1) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(1) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { d.fill(1); Ok(()) }
/// # }
/// # impl rand_core::TryCryptoRng for Ones {}
/// use tinyjose::{DpopParams, DpopValidation, Error, JwkKey, UnixTime, verify_dpop_proof};
///
/// let signing = tinyjose::Es256SigningKey::from_bytes(&[7; 32])?;
/// let key = JwkKey::Es256Private(signing.clone(), signing.verifying_key());
/// let now = UnixTime::from_secs(1_700_000_000);
/// let params = DpopParams::new("POST", "https://server.example.com/token?x=1", now);
/// let mut out = [0u8; 1024];
/// let proof = tinyjose::create_dpop_proof(&key, &params, &mut Ones, &mut out)?;
///
/// let v = DpopValidation::new("POST", "https://SERVER.example.com:443/token", now);
/// let mut seen = Vec::new();
/// let mut replay = |jti: &str| if seen.iter().any(|j| j == jti) { false } else { seen.push(jti.to_owned()); true };
/// let mut buf = [0u8; 512];
/// let checked = verify_dpop_proof(proof, &v, &mut replay, &mut buf)?;
/// assert_eq!(checked.jkt().len(), 43);
/// let mut buf = [0u8; 512];
/// assert_eq!(verify_dpop_proof(proof, &v, &mut replay, &mut buf).unwrap_err(), Error::Replayed);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn create_dpop_proof<'o>(
    key: &JwkKey,
    params: &DpopParams<'_>,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let signer = key
        .as_signer()
        .ok_or(Error::KeyRejected(KeyReason::WrongUse))?;
    // The largest public JWK of a key the core signs with, P-521, is about 250 bytes.
    sign_proof(signer, key, params, rng, &mut [0u8; 320], out)
}

/// Creates a DPoP proof as [`create_dpop_proof`] does, signed by `signer`, a key held apart from
/// its public half `public` (an RSA private key, which the core does not hold, or a key in a
/// secure element): the header carries the public JWK of `public`, whose algorithm must be the
/// signer's. That `public` is the signer's own public key is the caller's promise: a proof whose
/// signature does not match its `jwk` is refused by every verifier.
///
/// # Errors
///
/// [`Error::AlgMismatch`] when `public` is bound to another algorithm than `signer`;
/// [`Error::AlgNotAllowed`] for an HMAC secret; [`Error::LimitExceeded`]
/// ([`Limit::TokenLength`]) for claims above 768 bytes, or a public JWK longer than
/// [`MAX_HEADER_LEN`](crate::MAX_HEADER_LEN); [`Error::BufferTooSmall`].
///
/// # Examples
///
/// ```
/// # struct Ones;
/// # impl rand_core::TryRng for Ones {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(1) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(1) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { d.fill(1); Ok(()) }
/// # }
/// # impl rand_core::TryCryptoRng for Ones {}
/// use tinyjose::{DpopParams, Error, HmacKey, JwkKey, UnixTime};
///
/// // A key held apart: the core's ES256 key stands in for one here.
/// let signing = tinyjose::Es256SigningKey::from_bytes(&[7; 32])?;
/// let public = JwkKey::Es256(signing.verifying_key());
/// let params = DpopParams::new("GET", "https://rs.example/data", UnixTime::from_secs(1_700_000_000));
/// let mut out = [0u8; 1024];
/// let proof = tinyjose::create_dpop_proof_with(&signing, &public, &params, &mut Ones, &mut out)?;
/// assert_eq!(proof.split('.').count(), 3);
///
/// // A secret is never a DPoP key, nor a public key of another algorithm.
/// let secret = HmacKey::hs256(&[7; 32])?;
/// let mut out = [0u8; 1024];
/// let refused = tinyjose::create_dpop_proof_with(&secret, &public, &params, &mut Ones, &mut out);
/// assert_eq!(refused.unwrap_err(), Error::AlgNotAllowed);
/// let hmac = JwkKey::Hmac(HmacKey::hs256(&[7; 32])?);
/// let mut out = [0u8; 1024];
/// let refused = tinyjose::create_dpop_proof_with(&signing, &hmac, &params, &mut Ones, &mut out);
/// assert_eq!(refused.unwrap_err(), Error::AlgMismatch);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn create_dpop_proof_with<'o>(
    signer: &dyn JwsSigner,
    public: &JwkKey,
    params: &DpopParams<'_>,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    // A 4096-bit RSA public JWK is about 730 bytes; the whole header must fit the header limit.
    sign_proof(signer, public, params, rng, &mut [0u8; MAX_HEADER_LEN], out)
}

/// Signs a proof with `signer`, its header carrying the public JWK of `public`, written into
/// `jwk`.
fn sign_proof<'o>(
    signer: &dyn JwsSigner,
    public: &JwkKey,
    params: &DpopParams<'_>,
    rng: &mut dyn CryptoRng,
    jwk: &mut [u8],
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    if signer.alg().is_symmetric() {
        return Err(Error::AlgNotAllowed);
    }
    if public.alg() != signer.alg() {
        return Err(Error::AlgMismatch);
    }
    let jwk = public.public_jwk(jwk).map_err(|e| match e {
        Error::BufferTooSmall { .. } => Error::LimitExceeded(Limit::TokenLength),
        e => e,
    })?;
    let mut claims = [0u8; MAX_PROOF_CLAIMS];
    let len = write_claims(params, rng, &mut claims)?;
    let header = HeaderParams::new().typ(DPOP_TYP).jwk(jwk);
    crate::sign(&header, claims.get(..len).unwrap_or_default(), signer, out)
}

/// Writes a proof's claims set into `buf`, returning its length.
fn write_claims(
    params: &DpopParams<'_>,
    rng: &mut dyn CryptoRng,
    buf: &mut [u8],
) -> Result<usize, Error> {
    let mut random = [0u8; 16];
    rng.fill_bytes(&mut random);
    let mut jti = [0u8; 22];
    let jti = b64::encode(&random, &mut jti)?;
    let mut sink = SliceSink { buf, len: 0 };
    write_members(&mut sink, params, jti).map_err(|e| match e {
        Error::BufferTooSmall { .. } => Error::LimitExceeded(Limit::TokenLength),
        e => e,
    })?;
    Ok(sink.len)
}

/// `{"jti":…,"htm":…,"htu":…,"iat":…[,"ath":…][,"nonce":…]}`.
fn write_members(sink: &mut dyn Sink, params: &DpopParams<'_>, jti: &str) -> Result<(), Error> {
    fn member(sink: &mut dyn Sink, name: &str, value: &str) -> Result<(), Error> {
        sink.put(b",\"")?;
        sink.put(name.as_bytes())?;
        sink.put(b"\":")?;
        json::write_str(sink, value)
    }
    sink.put(b"{\"jti\":")?;
    json::write_str(sink, jti)?;
    member(sink, "htm", params.htm)?;
    member(
        sink,
        "htu",
        params.htu.split(['?', '#']).next().unwrap_or_default(),
    )?;
    sink.put(b",\"iat\":")?;
    json::write_u64(sink, params.iat.as_secs())?;
    if let Some(access_token) = params.access_token {
        let mut hash = [0u8; 43];
        member(sink, "ath", sha256_b64(access_token.as_bytes(), &mut hash)?)?;
    }
    if let Some(nonce) = params.nonce {
        member(sink, "nonce", nonce)?;
    }
    sink.put(b"}")
}
