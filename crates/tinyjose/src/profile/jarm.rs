//! JWT Secured Authorization Response Mode for OAuth 2.0 (JARM): an authorization response as
//! a signed, or signed then encrypted, JWT.

use zeroize::Zeroize;

use super::{expect, string, validate};
use crate::jws::JwsKeys;
use crate::jwt::same_media_type;
use crate::{
    Claim, Claims, ContentEncryption, Error, JweDecrypter, JwsAlg, Part, UnixTime, UntrustedJwe,
    UntrustedJws, Validation,
};

/// How the response reached the client (JARM §2.3): `response_mode` `query.jwt`,
/// `fragment.jwt`, `form_post.jwt` or `jwt`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseMode {
    /// `query.jwt`: in the redirect URI's query, where a token response must be encrypted
    /// (JARM §2.3.1).
    Query,
    /// `fragment.jwt`: in the redirect URI's fragment.
    Fragment,
    /// `form_post.jwt`: in a form POST body.
    FormPost,
    /// `jwt`: the default mode of the response type.
    #[default]
    Jwt,
}

impl ResponseMode {
    /// The mode registered as `name` (`query.jwt`, `fragment.jwt`, `form_post.jwt`, `jwt`).
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        Ok(match name {
            "query.jwt" => Self::Query,
            "fragment.jwt" => Self::Fragment,
            "form_post.jwt" => Self::FormPost,
            "jwt" => Self::Jwt,
            _ => return Err(Error::Unsupported),
        })
    }
}

/// The client's key and content encryptions for encrypted responses: its metadata
/// `authorization_encrypted_response_alg` (the key's algorithm) and
/// `authorization_encrypted_response_enc`.
#[derive(Clone, Copy)]
pub struct JarmDecryption<'a> {
    key: &'a dyn JweDecrypter,
    encs: &'a [&'a dyn ContentEncryption],
}

impl core::fmt::Debug for JarmDecryption<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JarmDecryption")
            .field("alg", &self.key.alg())
            .finish_non_exhaustive()
    }
}

/// What a JARM response must satisfy (JARM §2.4), checked in this order:
///
/// 1. encryption: a client registered for encrypted responses ([`decrypt_with`]) refuses a
///    response that is only signed ([`Error::EncryptionRequired`]), and one that is not refuses
///    an encrypted one ([`Error::Unsupported`]); an encrypted response is decrypted with the
///    client's key and one of its content encryptions, and must hold a signed JWT (`cty` `JWT`
///    or absent);
/// 2. the signature, with the issuer's key that the token's `kid` and `alg` select, and `alg`
///    in the client's `authorization_signed_response_alg` list when one is given
///    ([`Error::AlgNotAllowed`]);
/// 3. the claims as [`Validation`] checks them: `iss` the issuer, `aud` containing the client
///    id, and `exp`, all three required;
/// 4. `state`: the one the client sent, or none when it sent none ([`Error::ClaimMismatch`]);
/// 5. the response: an error response (`error`), a token response (`access_token`, with
///    `token_type`) or a code response (`code`); anything else is
///    [`Error::MissingClaim`]([`Claim::Code`]); a token response over `query.jwt` that was not
///    encrypted is [`Error::EncryptionRequired`] (JARM §2.3.1).
///
/// [`decrypt_with`]: Self::decrypt_with
///
/// # Examples
///
/// ```
/// use tinyjose::{Claim, Error, HeaderParams, HmacKey, JarmValidation, ResponseKind, UnixTime, sign};
/// use tinyjose::jws::OneKey;
///
/// let key = HmacKey::hs256(b"the client secret, 32 bytes long")?;
/// let claims = br#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","exp":1311281970,
///     "code":"PyyFaux2o7Q0YfXBU32jhw.5FXSQpvr8akv9CeRDSd0QA","state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#;
/// let mut out = [0u8; 512];
/// let response = sign(&HeaderParams::new(), claims, &key, &mut out)?.to_owned();
///
/// let now = UnixTime::from_secs(1_311_281_000);
/// let v = JarmValidation::new("https://accounts.example.com", "s6BhdRkqt3", now)
///     .state("S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw");
/// let mut buf = [0u8; 256];
/// let answer = tinyjose::validate_jarm_response(&response, &OneKey(&key), &v, &mut [], &mut buf)?;
/// assert_eq!(answer.kind(), ResponseKind::Code);
/// assert_eq!(answer.param("code", &mut [])?, Some("PyyFaux2o7Q0YfXBU32jhw.5FXSQpvr8akv9CeRDSd0QA"));
///
/// let forged = v.state("another");
/// let mut buf = [0u8; 256];
/// assert_eq!(tinyjose::validate_jarm_response(&response, &OneKey(&key), &forged, &mut [], &mut buf).unwrap_err(),
///     Error::ClaimMismatch(Claim::State));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct JarmValidation<'a> {
    issuer: &'a str,
    client_id: &'a str,
    now: UnixTime,
    leeway: u64,
    state: Option<&'a str>,
    algs: &'a [JwsAlg],
    mode: ResponseMode,
    decryption: Option<JarmDecryption<'a>>,
    ecdsa_high_s: bool,
}

impl<'a> JarmValidation<'a> {
    /// A response of `issuer` to the client `client_id`, at time `now`: no leeway, no `state`
    /// expected, any algorithm the issuer's keys serve, response mode `jwt`, not encrypted.
    #[must_use]
    pub const fn new(issuer: &'a str, client_id: &'a str, now: UnixTime) -> Self {
        Self {
            issuer,
            client_id,
            now,
            leeway: 0,
            state: None,
            algs: &[],
            mode: ResponseMode::Jwt,
            decryption: None,
            ecdsa_high_s: false,
        }
    }

    /// Seconds of clock skew tolerated on `exp` (and `nbf`, `iat` when present).
    #[must_use]
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The `state` sent in the authorization request.
    #[must_use]
    pub const fn state(mut self, state: &'a str) -> Self {
        self.state = Some(state);
        self
    }

    /// The accepted signing algorithms (`authorization_signed_response_alg`, whose default
    /// is `RS256`); by default, any the issuer's keys serve.
    #[must_use]
    pub const fn algs(mut self, algs: &'a [JwsAlg]) -> Self {
        self.algs = algs;
        self
    }

    /// Accepts ECDSA signatures whose `s` is in high form, as
    /// [`Limits::ecdsa_high_s`](crate::Limits::ecdsa_high_s) does (WebCrypto writes them).
    #[must_use]
    pub const fn ecdsa_high_s(mut self, accept: bool) -> Self {
        self.ecdsa_high_s = accept;
        self
    }

    /// The response mode the response came by.
    #[must_use]
    pub const fn response_mode(mut self, mode: ResponseMode) -> Self {
        self.mode = mode;
        self
    }

    /// Requires encrypted responses, decrypted with `key` (bound to the client's
    /// `authorization_encrypted_response_alg`) and one of `encs`
    /// (`authorization_encrypted_response_enc`, `A128CBC-HS256` by default in the metadata).
    #[must_use]
    pub const fn decrypt_with(
        mut self,
        key: &'a dyn JweDecrypter,
        encs: &'a [&'a dyn ContentEncryption],
    ) -> Self {
        self.decryption = Some(JarmDecryption { key, encs });
        self
    }
}

/// Which authorization response a JARM response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    /// A code flow response: `code` (and `state`).
    Code,
    /// A token flow response: `access_token`, `token_type` (and `expires_in`, `scope`,
    /// `state`).
    Token,
    /// An authorization error response: `error` (and `error_description`, `error_uri`,
    /// `state`). Valid, signed by the issuer, and still a refusal.
    Error,
}

/// A JARM response that passed every check of [`JarmValidation`].
#[derive(Clone, Copy, Debug)]
pub struct AuthorizationResponse<'o> {
    kind: ResponseKind,
    claims: Claims<'o>,
}

impl<'o> AuthorizationResponse<'o> {
    /// Which response this is.
    #[must_use]
    pub fn kind(&self) -> ResponseKind {
        self.kind
    }

    /// All the response's parameters, as a claims set (`iss`, `aud` and `exp` too).
    #[must_use]
    pub fn claims(&self) -> &Claims<'o> {
        &self.claims
    }

    /// The string parameter `name` (`code`, `state`, `error`, ...), borrowed from the response,
    /// or unescaped into `buf` when it has JSON escapes.
    ///
    /// # Errors
    ///
    /// As [`Claims::get_str`].
    pub fn param<'b>(&self, name: &str, buf: &'b mut [u8]) -> Result<Option<&'b str>, Error>
    where
        'o: 'b,
    {
        self.claims.get_str(name, buf)
    }
}

/// Validates the JARM response `response` (the `response` parameter's value), signed by one of
/// the issuer's `keys`: decrypts it into `jwe_buf` when it is encrypted (wiped before
/// returning; sized by [`UntrustedJwe::max_buffer_len`], empty for a signed response),
/// verifies it, and decodes its claims into `out`.
///
/// # Errors
///
/// Those listed on [`JarmValidation`], and the errors of [`UntrustedJwe::decrypt`],
/// [`UntrustedJws::verify`] and [`VerifiedJws::claims`](crate::VerifiedJws::claims).
///
/// # Examples
///
/// See [`JarmValidation`].
pub fn validate_jarm_response<'o>(
    response: &str,
    keys: &dyn JwsKeys,
    v: &JarmValidation<'_>,
    jwe_buf: &mut [u8],
    out: &'o mut [u8],
) -> Result<AuthorizationResponse<'o>, Error> {
    let encrypted = response.bytes().filter(|&b| b == b'.').count() == 4;
    let verified = verify(response, encrypted, keys, v, jwe_buf, out);
    jwe_buf.zeroize();
    let len = verified?;
    let validation = Validation::new(v.now)
        .leeway(v.leeway)
        .issuer(v.issuer)
        .audience(v.client_id);
    let payload = out.get(..len).unwrap_or_default();
    let claims = validate(payload, None, validation, &["iss", "aud", "exp"])?;
    let object = claims.object();
    match v.state {
        Some(state) => expect(&object, Claim::State, state)?,
        None if object.get("state").is_some() => return Err(Error::ClaimMismatch(Claim::State)),
        None => {}
    }
    let present = |name| object.get(name).is_some();
    let kind = if present("error") {
        ResponseKind::Error
    } else if present("access_token") {
        if !present("token_type") {
            return Err(Error::Json(Part::Payload));
        }
        if v.mode == ResponseMode::Query && !encrypted {
            return Err(Error::EncryptionRequired);
        }
        ResponseKind::Token
    } else if present("code") {
        ResponseKind::Code
    } else {
        return Err(Error::MissingClaim(Claim::Code));
    };
    for name in [
        "error",
        "error_description",
        "error_uri",
        "code",
        "access_token",
        "token_type",
        "scope",
    ] {
        if object.get(name).is_some_and(|p| p.as_str().is_none()) {
            return Err(Error::Json(Part::Payload));
        }
    }
    string(&object, Claim::Code)?;
    Ok(AuthorizationResponse { kind, claims })
}

/// Step 1 and 2: decrypts when encrypted, verifies the signed JWT, and returns the length of
/// its payload in `out`.
#[inline(never)]
fn verify(
    response: &str,
    encrypted: bool,
    keys: &dyn JwsKeys,
    v: &JarmValidation<'_>,
    jwe_buf: &mut [u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let inner = match (encrypted, v.decryption) {
        (false, Some(_)) => return Err(Error::EncryptionRequired),
        (true, None) => return Err(Error::Unsupported),
        (false, None) => response,
        (true, Some(d)) => {
            let (start, len) = decrypt(response, &d, jwe_buf)?;
            let plaintext = jwe_buf
                .get(start..)
                .and_then(|p| p.get(..len))
                .unwrap_or_default();
            core::str::from_utf8(plaintext).map_err(|_| Error::Malformed(Part::Payload))?
        }
    };
    let limits = crate::Limits::DEFAULT.with_ecdsa_high_s(v.ecdsa_high_s);
    let jws = UntrustedJws::parse_with_limits(inner, &limits)?;
    let alg = jws.header().alg();
    if !(v.algs.is_empty() || v.algs.contains(&alg)) {
        return Err(Error::AlgNotAllowed);
    }
    let verified = jws.verify_with(keys, out)?;
    if !verified.b64() {
        return Err(Error::Malformed(Part::Payload));
    }
    Ok(verified.payload().len())
}

/// Decrypts the encrypted response into `jwe_buf`, returning where the signed JWT it holds
/// (`cty` `JWT` or absent) starts and its length. A function of its own, so the parsed JWE is off
/// the stack once the signed JWT is verified.
#[inline(never)]
fn decrypt(
    response: &str,
    d: &JarmDecryption<'_>,
    jwe_buf: &mut [u8],
) -> Result<(usize, usize), Error> {
    let base = jwe_buf.as_ptr().addr();
    let jwe = UntrustedJwe::parse(response)?;
    let decrypted = jwe.decrypt(d.key, d.encs, jwe_buf)?;
    if decrypted
        .header()
        .cty()
        .is_some_and(|cty| !same_media_type(cty, "JWT"))
    {
        return Err(Error::Malformed(Part::Payload));
    }
    let plaintext = decrypted.plaintext();
    // The plaintext lies in `jwe_buf`, at or after its start.
    let start = plaintext.as_ptr().addr().checked_sub(base);
    Ok((
        start.ok_or(Error::Malformed(Part::Payload))?,
        plaintext.len(),
    ))
}
