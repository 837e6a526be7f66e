//! OpenID Connect ID tokens (OIDC Core §2, §3.1.3.7, §3.2.2.11, §3.3.2.12).

use super::{audience_count, expect, half_hash, string, validate};
use crate::jwt::{numeric_date, same_media_type};
use crate::{Claim, Claims, Error, UnixTime, Validation, VerifiedJws};

/// What an ID token must satisfy, beyond its signature by the issuer's key.
///
/// Checked in this order, each refusal with its own error:
///
/// 1. the header `typ`, absent or `JWT` ([`Error::TypeMismatch`]: an RFC 9068 access token,
///    `at+jwt`, is never an ID token);
/// 2. the claims as [`Validation`] checks them, with `iss` the issuer, `aud` containing the
///    client id, and `iss`, `sub`, `aud`, `exp` and `iat` required, and with the claims this
///    validation expects (`nonce`, `auth_time`, `acr`, `at_hash`, `c_hash`) required too;
/// 3. `azp`: required when `aud` has several values, and then, or whenever present, the client
///    id ([`Error::ClaimMismatch`]);
/// 4. `nonce`: the expected one; a `nonce` where none was sent is refused too;
/// 5. `auth_time`: a NumericDate, no older than the maximum authentication age
///    ([`Error::MaxAgeExceeded`]);
/// 6. `acr`: one of the accepted values;
/// 7. `at_hash` and `c_hash`: the left half of the hash of the access token and code, with the
///    hash of the token's `alg` (SHA-512 for `EdDSA` and `Ed25519`).
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, IdTokenValidation, UnixTime, UntrustedJws, sign};
///
/// let key = HmacKey::hs256(b"the client secret, 32 bytes long")?;
/// let claims = br#"{"iss":"https://op.example","sub":"248289761001","aud":"s6BhdRkqt3",
///     "nonce":"n-0S6_WzA2Mj","exp":1311281970,"iat":1311280970}"#;
/// let mut out = [0u8; 512];
/// let token = sign(&HeaderParams::new().typ("JWT"), claims, &key, &mut out)?.to_owned();
///
/// let jws = UntrustedJws::parse(&token)?;
/// let mut buf = [0u8; 256];
/// let validation = IdTokenValidation::new("https://op.example", "s6BhdRkqt3", UnixTime::from_secs(1_311_281_000))
///     .nonce("n-0S6_WzA2Mj");
/// let id_token = jws.verify(&key, &mut buf)?.id_token(&validation)?;
/// assert_eq!(id_token.iat(), Some(UnixTime::from_secs(1_311_280_970)));
///
/// let replayed = IdTokenValidation::new("https://op.example", "s6BhdRkqt3", UnixTime::from_secs(1_311_281_000))
///     .nonce("another");
/// let mut buf = [0u8; 256];
/// assert_eq!(jws.verify(&key, &mut buf)?.id_token(&replayed).unwrap_err(),
///     tinyjose::Error::ClaimMismatch(tinyjose::Claim::Nonce));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdTokenValidation<'a> {
    issuer: &'a str,
    client_id: &'a str,
    now: UnixTime,
    leeway: u64,
    max_age: Option<u64>,
    nonce: Option<&'a str>,
    acr: &'a [&'a str],
    access_token: Option<&'a str>,
    code: Option<&'a str>,
    auth_time: bool,
}

impl<'a> IdTokenValidation<'a> {
    /// An ID token of `issuer` for the client `client_id`, at time `now`, with no leeway and
    /// no `nonce` expected.
    #[must_use]
    pub const fn new(issuer: &'a str, client_id: &'a str, now: UnixTime) -> Self {
        Self {
            issuer,
            client_id,
            now,
            leeway: 0,
            max_age: None,
            nonce: None,
            acr: &[],
            access_token: None,
            code: None,
            auth_time: false,
        }
    }

    /// Seconds of clock skew tolerated on `exp`, `nbf`, `iat` and `auth_time`.
    #[must_use]
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The `nonce` sent in the authentication request, which the token must carry.
    #[must_use]
    pub const fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The `max_age` sent in the authentication request: `auth_time` is then required and must
    /// be at most `seconds` ago (OIDC Core §3.1.2.1).
    #[must_use]
    pub const fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Requires `auth_time` even without a maximum age (`require_auth_time`).
    #[must_use]
    pub const fn require_auth_time(mut self) -> Self {
        self.auth_time = true;
        self
    }

    /// The accepted `acr` values: the token must carry one of them.
    #[must_use]
    pub const fn acr_values(mut self, acr: &'a [&'a str]) -> Self {
        self.acr = acr;
        self
    }

    /// The access token issued with the ID token: `at_hash` is then required and checked
    /// (implicit and hybrid flows; at the token endpoint, where `at_hash` is optional, leave it
    /// unset).
    #[must_use]
    pub const fn access_token(mut self, access_token: &'a str) -> Self {
        self.access_token = Some(access_token);
        self
    }

    /// The authorization code issued with the ID token (hybrid flow): `c_hash` is then required
    /// and checked.
    #[must_use]
    pub const fn code(mut self, code: &'a str) -> Self {
        self.code = Some(code);
        self
    }
}

impl<'a> VerifiedJws<'a> {
    /// Validates the verified payload as an OpenID Connect ID token.
    ///
    /// # Errors
    ///
    /// The errors of [`claims`](Self::claims), and those listed on [`IdTokenValidation`].
    ///
    /// # Examples
    ///
    /// See [`IdTokenValidation`].
    pub fn id_token(&self, v: &IdTokenValidation<'_>) -> Result<Claims<'a>, Error> {
        if !self.b64() {
            return Err(Error::Malformed(crate::Part::Payload));
        }
        if self
            .header()
            .typ()
            .is_some_and(|t| !same_media_type(t, "JWT"))
        {
            return Err(Error::TypeMismatch);
        }
        // The required claims, the optional ones after the registered ones.
        let mut required = [""; 10];
        let optional = [
            ("nonce", v.nonce.is_some()),
            ("auth_time", v.max_age.is_some() || v.auth_time),
            ("acr", !v.acr.is_empty()),
            ("at_hash", v.access_token.is_some()),
            ("c_hash", v.code.is_some()),
        ];
        let names = ["iss", "sub", "aud", "exp", "iat"].into_iter().chain(
            optional
                .into_iter()
                .filter_map(|(name, wanted)| wanted.then_some(name)),
        );
        let n = required
            .iter_mut()
            .zip(names)
            .map(|(slot, name)| *slot = name)
            .count();
        let validation = Validation::new(v.now)
            .leeway(v.leeway)
            .issuer(v.issuer)
            .audience(v.client_id);
        let required = required.get(..n).unwrap_or_default();
        let claims = validate(self.payload(), None, validation, required)?;
        let object = claims.object();

        // azp (OIDC Core §3.1.3.7 steps 4 and 5).
        match string(&object, Claim::Azp)? {
            Some(azp) if !azp.eq_str(v.client_id) => return Err(Error::ClaimMismatch(Claim::Azp)),
            None if audience_count(object.get("aud")) > 1 => {
                return Err(Error::MissingClaim(Claim::Azp));
            }
            _ => {}
        }
        // nonce (step 11).
        match v.nonce {
            Some(nonce) => expect(&object, Claim::Nonce, nonce)?,
            None if object.get("nonce").is_some() => {
                return Err(Error::ClaimMismatch(Claim::Nonce));
            }
            None => {}
        }
        // auth_time (step 13).
        if let Some(value) = object.get("auth_time") {
            let auth_time = numeric_date(value, Claim::AuthTime)?.as_secs();
            if let Some(max_age) = v.max_age
                && v.now.as_secs() > auth_time.saturating_add(max_age).saturating_add(v.leeway)
            {
                return Err(Error::MaxAgeExceeded);
            }
        }
        // acr (step 12).
        if !v.acr.is_empty() {
            let acr = string(&object, Claim::Acr)?.ok_or(Error::MissingClaim(Claim::Acr))?;
            if !v.acr.iter().any(|a| acr.eq_str(a)) {
                return Err(Error::ClaimMismatch(Claim::Acr));
            }
        }
        // at_hash and c_hash (§3.2.2.9, §3.3.2.10).
        let alg = self.header().alg();
        for (claim, value) in [(Claim::AtHash, v.access_token), (Claim::CHash, v.code)] {
            if let Some(value) = value {
                let mut buf = [0u8; 43];
                expect(&object, claim, half_hash(alg, value.as_bytes(), &mut buf)?)?;
            }
        }
        Ok(claims)
    }
}
