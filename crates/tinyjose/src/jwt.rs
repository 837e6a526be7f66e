//! JWT claims (RFC 7519 §4.1) and their validation, read only from a verified payload.

use crate::json::{self, Object, Value};
use zeroize::Zeroize;

use crate::{
    Claim, ContentEncryption, DecryptedJwe, Error, JweDecrypter, JwsVerifier, Part, UnixTime,
    UntrustedJwe, UntrustedJws, VerifiedJws,
};

/// The latest NumericDate accepted: 9999-12-31T23:59:59Z.
const MAX_NUMERIC_DATE: u64 = 253_402_300_799;

/// One expected value, or a list of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Expected<'a> {
    #[default]
    Any,
    One(&'a str),
    List(&'a [&'a str]),
}

impl Expected<'_> {
    fn is_set(&self) -> bool {
        !matches!(self, Self::Any)
    }

    fn matches(&self, s: json::Str<'_>) -> bool {
        match self {
            Self::Any => true,
            Self::One(e) => s.eq_str(e),
            Self::List(l) => l.iter().any(|e| s.eq_str(e)),
        }
    }
}

/// What a JWT must satisfy, beyond its signature.
///
/// `exp` and `nbf` are always checked when present (RFC 8725 §3.10); `iat` is refused when in the
/// future. Issuer, audience, subject, type, maximum age and required claims are checked only when
/// configured; an empty list of issuers or audiences is configured and matches nothing. A token
/// that carries `aud` is refused unless an audience is configured (RFC 7519 §4.1.3). The clock is
/// the caller's: `now` is an argument.
///
/// A token with several faults fails with the first in the order of jose (`validateClaimsSet`,
/// jose 6), so tinyjose and jose name the same one:
///
/// 1. the header `typ` ([`Error::TypeMismatch`]), then the payload's JSON ([`Error::Json`],
///    [`Error::DuplicateMember`], [`Error::LimitExceeded`]);
/// 2. presence ([`Error::MissingClaim`]): `iss`, `sub` and `aud` when expected, `iat` with a
///    maximum age, then the required claims from the last of the list to the first;
/// 3. values: [`Error::IssuerMismatch`], [`Error::SubjectMismatch`], then
///    [`Error::AudienceMismatch`]; a checked claim of the wrong type (`"iss":5`) is a mismatch,
///    and so is an `aud` where none is expected;
/// 4. time: the types of `iat` and `nbf` ([`Error::InvalidClaim`]), [`Error::NotYetValid`], the
///    type of `exp`, [`Error::Expired`], [`Error::MaxAgeExceeded`], then
///    [`Error::IssuedAtInvalid`] (which jose checks only with a maximum age);
/// 5. the types jose does not check ([`Error::InvalidClaim`]): `iss`, `sub`, `aud` (strings, or
///    an array of strings), then `jti`.
///
/// # Examples
///
/// ```
/// use tinyjose::{UnixTime, Validation};
///
/// let validation = Validation::new(UnixTime::from_secs(1_700_000_000))
///     .leeway(30)
///     .issuer("https://issuer.example")
///     .audience("api")
///     .typ("JWT")
///     .require(&["exp", "sub"]);
/// # let _ = validation;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validation<'a> {
    now: UnixTime,
    leeway: u64,
    max_age: Option<u64>,
    issuer: Expected<'a>,
    audience: Expected<'a>,
    subject: Option<&'a str>,
    typ: Option<&'a str>,
    required: &'a [&'a str],
    json_depth: usize,
}

impl<'a> Validation<'a> {
    /// The time the claims are validated at, which a key source (an `x5c` chain's validity,
    /// say) uses too.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{UnixTime, Validation};
    ///
    /// assert_eq!(Validation::new(UnixTime::from_secs(5)).now(), UnixTime::from_secs(5));
    /// ```
    #[must_use]
    pub const fn now(&self) -> UnixTime {
        self.now
    }

    /// The leeway, in seconds, for the checks that reuse this validation's clock.
    #[cfg(feature = "sd-jwt")]
    pub(crate) const fn leeway_secs(&self) -> u64 {
        self.leeway
    }

    /// The deepest JSON nesting accepted in the claims set.
    #[cfg(feature = "sd-jwt")]
    pub(crate) const fn json_depth_limit(&self) -> usize {
        self.json_depth
    }

    /// Validation at time `now`, with no leeway and nothing else expected.
    #[must_use]
    pub const fn new(now: UnixTime) -> Self {
        Self {
            now,
            leeway: 0,
            max_age: None,
            issuer: Expected::Any,
            audience: Expected::Any,
            subject: None,
            typ: None,
            required: &[],
            json_depth: crate::Limits::DEFAULT.json_depth,
        }
    }

    /// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
    #[must_use]
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Refuses tokens whose `iat` is more than `seconds` ago (and tokens without `iat`).
    #[must_use]
    pub const fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Requires `iss` to be exactly `issuer`.
    #[must_use]
    pub const fn issuer(mut self, issuer: &'a str) -> Self {
        self.issuer = Expected::One(issuer);
        self
    }

    /// Requires `iss` to be one of `issuers`.
    #[must_use]
    pub const fn issuers(mut self, issuers: &'a [&'a str]) -> Self {
        self.issuer = Expected::List(issuers);
        self
    }

    /// Requires `aud` (a string or an array) to contain `audience`.
    #[must_use]
    pub const fn audience(mut self, audience: &'a str) -> Self {
        self.audience = Expected::One(audience);
        self
    }

    /// Requires `aud` to contain at least one of `audiences`.
    #[must_use]
    pub const fn audiences(mut self, audiences: &'a [&'a str]) -> Self {
        self.audience = Expected::List(audiences);
        self
    }

    /// Requires `sub` to be exactly `subject`.
    #[must_use]
    pub const fn subject(mut self, subject: &'a str) -> Self {
        self.subject = Some(subject);
        self
    }

    /// Requires the header `typ` to be `typ`, compared case-insensitively and with an omitted
    /// `application/` prefix restored (RFC 7515 §4.1.9): `JWT` matches `application/jwt`.
    #[must_use]
    pub const fn typ(mut self, typ: &'a str) -> Self {
        self.typ = Some(typ);
        self
    }

    /// Requires each named claim to be present (any name, registered or not).
    #[must_use]
    pub const fn require(mut self, claims: &'a [&'a str]) -> Self {
        self.required = claims;
        self
    }

    /// The deepest JSON nesting accepted in the claims set (default 16, at most
    /// [`MAX_JSON_DEPTH`](crate::MAX_JSON_DEPTH)).
    #[must_use]
    pub const fn json_depth(mut self, depth: usize) -> Self {
        self.json_depth = depth;
        self
    }
}

/// Media types compared as RFC 7515 §4.1.9 asks: case-insensitively, `application/` optional.
pub(crate) fn same_media_type(a: &str, b: &str) -> bool {
    fn short(s: &str) -> &str {
        match s.get(..12) {
            Some(p) if p.eq_ignore_ascii_case("application/") => {
                let rest = s.get(12..).unwrap_or_default();
                if rest.contains('/') { s } else { rest }
            }
            _ => s,
        }
    }
    short(a).eq_ignore_ascii_case(short(b))
}

/// The claims set of a verified JWT, validated against a [`Validation`].
///
/// Reachable only from a verified token ([`VerifiedJws::claims`]). Registered time claims are
/// parsed; everything, registered or not, can be deserialized into your own type with
/// [`deserialize`](Self::deserialize).
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, UnixTime, UntrustedJws, Validation, sign};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut out = [0u8; 256];
/// let token = sign(&HeaderParams::new().typ("JWT"),
///     br#"{"iss":"https:\/\/idp.example","exp":1700000100,"name":"Zo\u00e9"}"#, &key, &mut out)?;
///
/// let jws = UntrustedJws::parse(token)?;
/// let mut buf = [0u8; 128];
/// let verified = jws.verify(&key, &mut buf)?;
/// let now = UnixTime::from_secs(1_700_000_000);
/// let claims = verified.claims(&Validation::new(now).issuer("https://idp.example").typ("JWT"))?;
/// assert_eq!(claims.exp(), Some(UnixTime::from_secs(1_700_000_100)));
///
/// #[derive(serde::Deserialize)]
/// struct Mine<'a> { iss: &'a str, name: &'a str }
/// let mut scratch = [0u8; 64];
/// let mine: Mine<'_> = claims.deserialize(&mut scratch)?;
/// assert_eq!((mine.iss, mine.name), ("https://idp.example", "Zoé"));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Claims<'p> {
    object: Object<'p>,
    exp: Option<UnixTime>,
    nbf: Option<UnixTime>,
    iat: Option<UnixTime>,
}

impl<'p> Claims<'p> {
    /// The claims set as a JSON object, for the profiles' checks.
    #[cfg(feature = "profiles")]
    pub(crate) fn object(&self) -> Object<'p> {
        self.object
    }

    /// `exp`, rounded up to a whole second.
    #[must_use]
    pub fn exp(&self) -> Option<UnixTime> {
        self.exp
    }

    /// `nbf`, rounded up to a whole second.
    #[must_use]
    pub fn nbf(&self) -> Option<UnixTime> {
        self.nbf
    }

    /// `iat`, rounded up to a whole second.
    #[must_use]
    pub fn iat(&self) -> Option<UnixTime> {
        self.iat
    }

    /// The claims set as JSON text.
    #[must_use]
    pub fn json(&self) -> &'p str {
        self.object.text()
    }

    /// The string claim `name`, borrowed from the payload, or unescaped into `buf` when it has
    /// JSON escapes.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] if the claim is not a string; [`Error::BufferTooSmall`] if `buf` cannot
    /// hold the unescaped text.
    ///
    /// # Examples
    ///
    /// See [`Claims`].
    pub fn get_str<'b>(&self, name: &str, buf: &'b mut [u8]) -> Result<Option<&'b str>, Error>
    where
        'p: 'b,
    {
        match self.object.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .ok_or(Error::Json(Part::Payload))?
                .decode(buf)
                .map(Some),
        }
    }

    /// Deserializes the claims set into `T`, whose `&str` fields borrow from the payload, or from
    /// `scratch` for strings with JSON escapes (`\/`, `\"`, `\uXXXX`, ...).
    ///
    /// # Errors
    ///
    /// [`Error::Json`] if the claims do not fit `T`; [`Error::BufferTooSmall`] if `scratch` is
    /// too small for the unescaped strings.
    ///
    /// # Examples
    ///
    /// See [`Claims`].
    pub fn deserialize<'s, T: serde::Deserialize<'s>>(
        &self,
        scratch: &'s mut [u8],
    ) -> Result<T, Error>
    where
        'p: 's,
    {
        json::de::from_validated(self.object.text(), scratch)
    }
}

impl<'a> VerifiedJws<'a> {
    /// Parses the verified payload as a JWT claims set and validates it.
    ///
    /// # Errors
    ///
    /// [`Error::TypeMismatch`], [`Error::Json`] or [`Error::DuplicateMember`] (payload),
    /// [`Error::InvalidClaim`], [`Error::MissingClaim`], [`Error::Expired`],
    /// [`Error::NotYetValid`], [`Error::IssuedAtInvalid`], [`Error::MaxAgeExceeded`],
    /// [`Error::IssuerMismatch`],
    /// [`Error::AudienceMismatch`], [`Error::SubjectMismatch`], [`Error::LimitExceeded`];
    /// [`Error::Malformed`] (payload) for an unencoded payload (RFC 7797 `"b64":false`), which
    /// no JWT has (RFC 7519 §7.1).
    ///
    /// # Examples
    ///
    /// See [`Claims`].
    pub fn claims(&self, validation: &Validation<'_>) -> Result<Claims<'a>, Error> {
        if !self.b64() {
            return Err(Error::Malformed(Part::Payload));
        }
        validate(self.payload(), self.header().typ(), validation)
    }
}

impl<'a> DecryptedJwe<'a> {
    /// Parses the decrypted plaintext as a JWT claims set and validates it (an encrypted JWT,
    /// RFC 7519 §7.2; for a nested JWT use [`decrypt_nested_jwt`]).
    ///
    /// # Errors
    ///
    /// As [`VerifiedJws::claims`].
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
    /// use tinyjose::{A256GCM, DirectKey, HeaderParams, UnixTime, UntrustedJwe, Validation, encrypt};
    ///
    /// let key = DirectKey::new(&[7; 32])?;
    /// let mut out = [0u8; 256];
    /// let claims = br#"{"sub":"device-7","exp":2000000000}"#;
    /// let token = encrypt(&HeaderParams::new().typ("JWT"), claims, &key, A256GCM, &mut Ones, &mut out)?;
    /// let jwe = UntrustedJwe::parse(token)?;
    /// let mut buf = [0u8; 64];
    /// let decrypted = jwe.decrypt(&key, &[A256GCM], &mut buf)?;
    /// let claims = decrypted.claims(&Validation::new(UnixTime::from_secs(1_700_000_000)))?;
    /// assert_eq!(claims.exp(), Some(UnixTime::from_secs(2_000_000_000)));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn claims(&self, validation: &Validation<'_>) -> Result<Claims<'a>, Error> {
        validate(self.plaintext(), self.header().typ(), validation)
    }
}

/// Decrypts a nested JWT (RFC 7519 §5.2, §7.2) and verifies the JWS inside: one call, in the
/// caller's buffers, returning the validated claims.
///
/// The JWE must say `"cty":"JWT"` and decrypt with `decrypter` and one of `encs`, into
/// `jwe_buf`; its plaintext must be a compact JWS, which `verifier` must verify into `out`; the
/// claims are then validated with `validation`, whose `typ`, if set, is checked against the inner
/// JWS. Nesting deeper than one level (a JWE inside) is refused. `jwe_buf` is wiped before
/// returning.
///
/// # Errors
///
/// The errors of [`UntrustedJwe::decrypt`], [`UntrustedJws::verify`] and
/// [`VerifiedJws::claims`]; [`Error::Malformed`] with [`Part::Payload`] when `cty` is not `JWT`
/// or the plaintext is not UTF-8, [`Error::Malformed`] with [`Part::Token`] when it is not a
/// compact JWS.
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
/// use tinyjose::{A256GCM, DirectKey, HeaderParams, HmacKey, UnixTime, Validation};
///
/// let signer = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut jws = [0u8; 128];
/// let inner = tinyjose::sign(&HeaderParams::new().typ("JWT"), br#"{"sub":"me"}"#, &signer, &mut jws)?;
/// let key = DirectKey::new(&[7; 32])?;
/// let mut jwe = [0u8; 256];
/// let token = tinyjose::encrypt(&HeaderParams::new().cty("JWT"), inner.as_bytes(), &key, A256GCM, &mut Ones, &mut jwe)?;
///
/// let (mut scratch, mut out) = ([0u8; 128], [0u8; 64]);
/// let validation = Validation::new(UnixTime::from_secs(1_700_000_000)).subject("me");
/// let claims = tinyjose::decrypt_nested_jwt(token, &key, &[A256GCM], &signer, &validation, &mut scratch, &mut out)?;
/// assert_eq!(claims.json(), r#"{"sub":"me"}"#);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn decrypt_nested_jwt<'o>(
    token: &str,
    decrypter: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    verifier: &dyn JwsVerifier,
    validation: &Validation<'_>,
    jwe_buf: &mut [u8],
    out: &'o mut [u8],
) -> Result<Claims<'o>, Error> {
    let verified = verify_nested(token, decrypter, encs, verifier, validation, jwe_buf, out);
    jwe_buf.zeroize();
    let len = verified?;
    let inner_checked = Validation {
        typ: None,
        ..*validation
    };
    validate(out.get(..len).unwrap_or_default(), None, &inner_checked)
}

/// The inner token of a nested JWT (RFC 7519 §5.2, §7.2), from the `cty` and plaintext of the
/// decrypted JWE: `cty` must say `JWT` (case-insensitively, `application/` optional) and the
/// plaintext must be UTF-8. It is returned exactly, unverified and untrimmed, for
/// [`UntrustedJws::parse`]: the one check every layer applies.
///
/// # Errors
///
/// [`Error::Malformed`] with [`Part::Payload`] for another `cty` or a plaintext that is not
/// UTF-8.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, Part, nested_jws};
///
/// assert_eq!(nested_jws(Some("JWT"), b"a.b.c"), Ok("a.b.c"));
/// assert_eq!(nested_jws(Some("application/jwt"), b"a.b.c"), Ok("a.b.c"));
/// assert_eq!(nested_jws(None, b"a.b.c"), Err(Error::Malformed(Part::Payload)));
/// assert_eq!(nested_jws(Some("JWT"), b"\xff"), Err(Error::Malformed(Part::Payload)));
/// ```
pub fn nested_jws<'p>(cty: Option<&str>, plaintext: &'p [u8]) -> Result<&'p str, Error> {
    if !cty.is_some_and(|c| same_media_type(c, "JWT")) {
        return Err(Error::Malformed(Part::Payload));
    }
    core::str::from_utf8(plaintext).map_err(|_| Error::Malformed(Part::Payload))
}

/// Decrypts and verifies a nested JWT, checks the inner `typ`, and returns the payload length.
#[inline(never)]
fn verify_nested(
    token: &str,
    decrypter: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    verifier: &dyn JwsVerifier,
    validation: &Validation<'_>,
    jwe_buf: &mut [u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let jwe = UntrustedJwe::parse(token)?;
    let decrypted = jwe.decrypt(decrypter, encs, jwe_buf)?;
    let jws = UntrustedJws::parse(nested_jws(decrypted.header().cty(), decrypted.plaintext())?)?;
    let verified = jws.verify(verifier, out)?;
    if !verified.b64() {
        return Err(Error::Malformed(Part::Payload));
    }
    if let Some(expected) = validation.typ
        && !verified
            .header()
            .typ()
            .is_some_and(|t| same_media_type(t, expected))
    {
        return Err(Error::TypeMismatch);
    }
    Ok(verified.payload().len())
}

/// Validates a claims set (`payload`) with header type `typ`, reporting the first fault in
/// jose's order (listed on [`Validation`]; the steps are marked below). The one parse records
/// the registered claims; their types are checked at their step, not as they are read.
pub(crate) fn validate<'p>(
    payload: &'p [u8],
    typ: Option<&str>,
    v: &Validation<'_>,
) -> Result<Claims<'p>, Error> {
    // 1. The header type, then the JSON (in the parse).
    if let Some(expected) = v.typ
        && !typ.is_some_and(|t| same_media_type(t, expected))
    {
        return Err(Error::TypeMismatch);
    }
    // The registered claims found, kept to be checked in order: time claims as parsed.
    let (mut exp, mut nbf, mut iat) = (None, None, None);
    let (mut iss, mut sub, mut aud, mut jti) = (None, None, None, None);
    // Bit `i`: `v.required[i]` is present (the first 64; any further ones are looked up after).
    let mut present = 0u64;
    let object =
        json::parse_object_with(payload, v.json_depth, Part::Payload, &mut |name, value| {
            let plain = name.as_borrowed();
            for (i, required) in v.required.iter().enumerate().take(64) {
                if plain.map_or_else(|| name.eq_str(required), |n| n == *required) {
                    present |= 1 << i;
                }
            }
            // Names are compared after unescaping, as the duplicate check compares them:
            // `"\u0065xp"` is `exp`. Registered names are three bytes long; longer names cannot fit.
            let mut short = [0u8; 3];
            match plain
                .or_else(|| name.unescape_into(&mut short).ok())
                .and_then(Claim::registered)
            {
                Some(claim @ Claim::Exp) => exp = Some(numeric_date(value, claim)),
                Some(claim @ Claim::Nbf) => nbf = Some(numeric_date(value, claim)),
                Some(claim @ Claim::Iat) => iat = Some(numeric_date(value, claim)),
                Some(Claim::Iss) => iss = Some(value),
                Some(Claim::Sub) => sub = Some(value),
                Some(Claim::Aud) => aud = Some(value),
                Some(Claim::Jti) => jti = Some(value),
                _ => {}
            }
            Ok(())
        })?;

    // 2. Presence.
    if v.issuer.is_set() && iss.is_none() {
        return Err(Error::MissingClaim(Claim::Iss));
    }
    if v.subject.is_some() && sub.is_none() {
        return Err(Error::MissingClaim(Claim::Sub));
    }
    if v.audience.is_set() && aud.is_none() {
        return Err(Error::MissingClaim(Claim::Aud));
    }
    if v.max_age.is_some() && iat.is_none() {
        return Err(Error::MissingClaim(Claim::Iat));
    }
    for (i, name) in v.required.iter().enumerate().rev() {
        let found = match u32::try_from(i) {
            Ok(bit @ 0..64) => present & (1 << bit) != 0,
            _ => object.get(name).is_some(),
        };
        if !found {
            let index = u8::try_from(i).unwrap_or(u8::MAX);
            return Err(Error::MissingClaim(
                Claim::registered(name).unwrap_or(Claim::Required(index)),
            ));
        }
    }

    // 3. Values.
    let string = |value: Option<Value<'p>>| value.and_then(|s| s.as_str());
    if v.issuer.is_set() && !string(iss).is_some_and(|s| v.issuer.matches(s)) {
        return Err(Error::IssuerMismatch);
    }
    if let Some(expected) = v.subject
        && !string(sub).is_some_and(|s| s.eq_str(expected))
    {
        return Err(Error::SubjectMismatch);
    }
    if let Some(a) = aud {
        let hit = |s: json::Str<'_>| v.audience.matches(s);
        let any = match a.as_str() {
            Some(s) => hit(s),
            None => a
                .as_array()
                .is_some_and(|mut items| items.any(|i| i.as_str().is_some_and(hit))),
        };
        if !(v.audience.is_set() && any) {
            return Err(Error::AudienceMismatch);
        }
    }

    // 4. Time.
    let now = v.now.as_secs();
    let iat = iat.transpose()?;
    let nbf = nbf.transpose()?;
    if nbf.is_some_and(|nbf| now.saturating_add(v.leeway) < nbf.as_secs()) {
        return Err(Error::NotYetValid);
    }
    let exp = exp.transpose()?;
    if exp.is_some_and(|exp| now >= exp.as_secs().saturating_add(v.leeway)) {
        return Err(Error::Expired);
    }
    if let (Some(max_age), Some(iat)) = (v.max_age, iat)
        && now
            > iat
                .as_secs()
                .saturating_add(max_age)
                .saturating_add(v.leeway)
    {
        return Err(Error::MaxAgeExceeded);
    }
    if iat.is_some_and(|iat| iat.as_secs() > now.saturating_add(v.leeway)) {
        return Err(Error::IssuedAtInvalid);
    }

    // 5. The types jose leaves unchecked.
    let not_string = |value: Option<Value<'p>>| value.is_some_and(|s| s.as_str().is_none());
    let strings = |value: Value<'p>| {
        value.as_str().is_some()
            || value
                .as_array()
                .is_some_and(|mut items| items.all(|i| i.as_str().is_some()))
    };
    if not_string(iss) {
        return Err(Error::InvalidClaim(Claim::Iss));
    }
    if not_string(sub) {
        return Err(Error::InvalidClaim(Claim::Sub));
    }
    if aud.is_some_and(|a| !strings(a)) {
        return Err(Error::InvalidClaim(Claim::Aud));
    }
    if not_string(jti) {
        return Err(Error::InvalidClaim(Claim::Jti));
    }
    Ok(Claims {
        object,
        exp,
        nbf,
        iat,
    })
}

/// A NumericDate (RFC 7519 §2): a non-negative JSON number of seconds, integer or not, rounded up.
pub(crate) fn numeric_date(value: Value<'_>, claim: Claim) -> Result<UnixTime, Error> {
    let bad = Error::InvalidClaim(claim);
    let text = value.as_number().ok_or(bad)?;
    decimal_ceil(text)
        .filter(|&secs| secs <= MAX_NUMERIC_DATE)
        .map(UnixTime::from_secs)
        .ok_or(bad)
}

/// The smallest integer not below the non-negative JSON number `text` (already validated), in
/// exact decimal arithmetic: `1300819380.25`, `1.3e9` and `13008193805e-1` all work, with no
/// floating point (whose parser alone costs 20 KB of flash on a microcontroller). `None` for a
/// negative number or one above `u64`.
fn decimal_ceil(text: &str) -> Option<u64> {
    if text.starts_with("-") {
        return None;
    }
    if let Some(json::Integer::NonNegative(secs)) = json::Integer::parse(text) {
        // The common case: an integer.
        return Some(secs);
    }
    let (mantissa, exponent) = text
        .split_once(['e', 'E'])
        .map_or((text, 0), |(m, e)| (m, exponent(e)));
    // Bytes, not a `char` pattern: the text is ASCII, and no UTF-8 encoding is linked for it.
    let dot = mantissa
        .bytes()
        .position(|b| b == b'.')
        .unwrap_or(mantissa.len());
    let (int, frac) = mantissa.split_at_checked(dot).unwrap_or((mantissa, ""));
    let frac = frac.strip_prefix(".").unwrap_or(frac);
    // How many of the mantissa's digits come before the decimal point once scaled.
    let point = i64::try_from(int.len()).ok()?.saturating_add(exponent);
    let mut secs = 0u64;
    let mut round_up = false;
    let mut place = 0i64;
    // `place` counts the digits of the text, then at most 20 more: it never saturates.
    for digit in int.bytes().chain(frac.bytes()) {
        // Digits only, the text being a validated number: the low four bits are the value.
        let digit = u64::from(digit & 0x0f);
        if place < point {
            secs = secs.checked_mul(10)?.checked_add(digit)?;
        } else if digit != 0 {
            round_up = true;
        }
        place = place.saturating_add(1);
    }
    // Trailing zeros the exponent adds; a value above `u64` is refused within 20 of them.
    while place < point && secs != 0 {
        secs = secs.checked_mul(10)?;
        place = place.saturating_add(1);
    }
    secs.checked_add(u64::from(round_up))
}

/// The value of a JSON exponent (`+5`, `-5`, `5`), held within ±10^6: beyond that, any
/// NumericDate is 0, 1 or out of range anyway.
fn exponent(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |acc, d| {
        // Digits only, the text being a validated exponent: the low four bits are the value.
        let d = d & 0x0f;
        acc.saturating_mul(10)
            .saturating_add(i64::from(d))
            .min(1_000_000)
    });
    // At most 10^6, so its negation is exact.
    if negative {
        magnitude.saturating_neg()
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn media_types_compare_as_rfc_7515_says() {
        assert!(same_media_type("JWT", "application/jwt"));
        assert!(same_media_type("jwt", "JWT"));
        assert!(same_media_type("Application/JWT", "jwt"));
        assert!(!same_media_type("application/at+jwt", "jwt"));
        assert!(same_media_type("at+jwt", "application/at+jwt"));
        assert!(!same_media_type(
            "application/example;part=\"1/2\"",
            "example;part=\"1/2\""
        ));
    }

    #[test]
    fn required_claims_beyond_the_first_64_are_looked_up() {
        // 63 members, and a list of required names whose entries from 63 on repeat present
        // names or add a missing one.
        let names: std::vec::Vec<std::string::String> = (0..63).map(|i| format!("c{i}")).collect();
        let list: std::vec::Vec<std::string::String> =
            names.iter().map(|n| format!("\"{n}\":0")).collect();
        let doc = format!("{{{}}}", list.join(","));
        let check = |tail: &[&str]| {
            let mut required: std::vec::Vec<&str> =
                names.iter().map(std::string::String::as_str).collect();
            required.extend_from_slice(tail);
            let v = Validation::new(UnixTime::from_secs(0)).require(&required);
            validate(doc.as_bytes(), None, &v).map(drop)
        };
        assert_eq!(check(&["c1", "c2", "c62"]), Ok(()));
        assert_eq!(
            check(&["c1", "zz"]),
            Err(Error::MissingClaim(Claim::Required(64)))
        );
        assert_eq!(
            check(&["c1", "c2", "zz"]),
            Err(Error::MissingClaim(Claim::Required(65)))
        );
        assert_eq!(
            check(&["zz"]),
            Err(Error::MissingClaim(Claim::Required(63)))
        );
    }

    #[test]
    fn a_malformed_claims_set_is_a_json_error_before_any_claim_error() {
        let v = Validation::new(UnixTime::from_secs(0));
        assert_eq!(
            validate(br#"{"exp":"soon","a":}"#, None, &v).unwrap_err(),
            Error::Json(Part::Payload)
        );
        assert_eq!(
            validate(br#"{"exp":"soon","exp":1}"#, None, &v).unwrap_err(),
            Error::DuplicateMember(Part::Payload)
        );
        assert_eq!(
            validate(br#"{"exp":"soon","iat":true}"#, None, &v).unwrap_err(),
            Error::InvalidClaim(Claim::Iat)
        );
    }

    #[test]
    fn numeric_dates() {
        let parse = |s: &str| {
            let doc = format!("{{\"exp\":{s}}}");
            let obj = json::parse_object(doc.as_bytes(), 2, Part::Payload).unwrap();
            numeric_date(obj.get("exp").unwrap(), Claim::Exp).map(UnixTime::as_secs)
        };
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("1300819380"), Ok(1_300_819_380));
        assert_eq!(parse("1300819380.0"), Ok(1_300_819_380));
        assert_eq!(parse("1300819380.25"), Ok(1_300_819_381));
        assert_eq!(parse("1.3e9"), Ok(1_300_000_000));
        assert_eq!(parse("1.5e0"), Ok(2));
        assert_eq!(parse("253402300799"), Ok(253_402_300_799));
        // Exact decimal arithmetic, with every exponent form JSON allows.
        assert_eq!(parse("13008193805e-1"), Ok(1_300_819_381));
        assert_eq!(parse("1E+3"), Ok(1000));
        assert_eq!(parse("0.1e1"), Ok(1));
        assert_eq!(parse("123.456e2"), Ok(12_346));
        assert_eq!(parse("2.53402300799e11"), Ok(253_402_300_799));
        assert_eq!(parse("1e-1000000000000"), Ok(1));
        assert_eq!(parse("0e999999999999"), Ok(0));
        assert_eq!(parse("0.000"), Ok(0));
        assert_eq!(parse("1300819380.000000000000000000001"), Ok(1_300_819_381));
        for bad in [
            "2.534023007991e11",
            "1e1000000000000",
            "-0",
            "-0.0",
            "-1",
            "253402300800",
            "1e20",
            "\"1\"",
            "true",
            "null",
            "99999999999999999999",
        ] {
            assert_eq!(parse(bad), Err(Error::InvalidClaim(Claim::Exp)), "{bad}");
        }
    }
}
