//! Shared fixtures of the verification benchmarks: one claims set, one key per algorithm, the
//! tokens signed with them, and each library's full verification path over those tokens.
//!
//! Every library path checks the same things: the signature, `exp`, `iat`, `iss` and `aud`, then
//! yields the claims as a typed struct. The raw primitives check the signature only: they are
//! the floor that no JWT library can go below.

pub mod rsa_keys;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{KeyInit, Mac};
use jwt_compact::AlgorithmExt;
use serde::Deserialize;
use tinyjose::{JwsSigner, JwsVerifier};

/// The issuer every token names and every verifier expects.
pub const ISSUER: &str = "https://issuer.example.com";
/// The audience every token names and every verifier expects.
pub const AUDIENCE: &str = "https://api.example.com";
/// The `iat` of every token.
pub const ISSUED_AT: u64 = 1_700_000_000;
/// The `exp` of every token: 2100-01-01, so that verifiers reading the system clock accept it.
pub const EXPIRES: u64 = 4_102_444_800;

/// The HS256 secret (32 bytes, the minimum RFC 7518 §3.2 allows).
pub const HS256_SECRET: &[u8; 32] = b"0123456789abcdef0123456789abcdef";
/// The ES256 private scalar.
pub const ES256_SCALAR: [u8; 32] = [0x5a; 32];
/// The Ed25519 seed.
pub const ED25519_SEED: [u8; 32] = [0x3c; 32];

/// The algorithms benchmarked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// HMAC with SHA-256.
    Hs256,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// Ed25519.
    EdDsa,
}

impl Alg {
    /// All of them, in table order.
    pub const ALL: [Self; 3] = [Self::Hs256, Self::Es256, Self::EdDsa];

    /// The JOSE name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }
}

/// The claims set of every token, with no JSON escapes so that every `&str` borrows.
#[must_use]
pub fn claims_json() -> String {
    format!(
        concat!(
            r#"{{"iss":"{}","sub":"user-42","aud":"{}","exp":{},"iat":{},"#,
            r#""name":"Ada Lovelace","scope":"read write"}}"#
        ),
        ISSUER, AUDIENCE, EXPIRES, ISSUED_AT
    )
}

/// What a successful verification yields, the same for every library, so results can be
/// compared and kept alive against dead-code elimination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// `exp`.
    pub exp: u64,
    /// `iat`.
    pub iat: u64,
    /// Total length of `sub`, `name` and `scope`.
    pub text_len: usize,
}

/// Why a verification failed, whatever the library.
#[derive(Debug)]
pub struct Rejected(pub String);

impl core::fmt::Display for Rejected {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for Rejected {}

fn rejected(e: impl core::fmt::Debug) -> Rejected {
    Rejected(format!("{e:?}"))
}

fn encode(bytes: &[u8]) -> Result<String, Rejected> {
    let mut buf = [0u8; 128];
    Base64UrlUnpadded::encode(bytes, &mut buf)
        .map(String::from)
        .map_err(rejected)
}

fn decode(text: &str) -> Result<Vec<u8>, Rejected> {
    let mut buf = [0u8; 128];
    Base64UrlUnpadded::decode(text, &mut buf)
        .map(<[u8]>::to_vec)
        .map_err(rejected)
}

/// The private keys that make the tokens.
#[derive(Debug)]
pub struct Signers {
    /// HS256.
    pub hs256: tinyjose::HmacKey,
    /// ES256.
    pub es256: tinyjose::Es256SigningKey,
    /// Ed25519.
    pub eddsa: tinyjose::Ed25519SigningKey,
}

impl Signers {
    /// The fixed keys above.
    ///
    /// # Errors
    ///
    /// None in practice: the constants are valid keys.
    pub fn new() -> Result<Self, tinyjose::Error> {
        Ok(Self {
            hs256: tinyjose::HmacKey::hs256(HS256_SECRET)?,
            es256: tinyjose::Es256SigningKey::from_bytes(&ES256_SCALAR)?,
            eddsa: tinyjose::Ed25519SigningKey::from_bytes(&ED25519_SEED)?,
        })
    }

    fn signer(&self, alg: Alg) -> &dyn JwsSigner {
        match alg {
            Alg::Hs256 => &self.hs256,
            Alg::Es256 => &self.es256,
            Alg::EdDsa => &self.eddsa,
        }
    }

    /// A compact JWT with header `{"alg":…,"typ":"JWT"}` and `payload`.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn token_with(&self, alg: Alg, payload: &str) -> Result<String, tinyjose::Error> {
        let mut out = [0u8; 1024];
        let header = tinyjose::HeaderParams::new().typ("JWT");
        tinyjose::sign(&header, payload.as_bytes(), self.signer(alg), &mut out).map(String::from)
    }

    /// The benchmark token for `alg`, over [`claims_json`].
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn token(&self, alg: Alg) -> Result<String, tinyjose::Error> {
        self.token_with(alg, &claims_json())
    }
}

/// The token's signing input and decoded signature, as the raw primitives take them.
#[derive(Debug)]
pub struct RawInput {
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`.
    pub signing_input: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

impl RawInput {
    /// Splits `token`.
    ///
    /// # Errors
    ///
    /// [`Rejected`] if the token has no signature segment or it is not base64url.
    pub fn new(token: &str) -> Result<Self, Rejected> {
        let (input, sig) = token.rsplit_once('.').ok_or_else(|| rejected("no '.'"))?;
        Ok(Self {
            signing_input: input.as_bytes().to_vec(),
            signature: decode(sig)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// tinyjose

/// The claims as tinyjose deserializes them: every string borrowed from the payload buffer.
#[derive(Debug, Deserialize)]
pub struct BorrowedClaims<'a> {
    /// Issuer.
    pub iss: &'a str,
    /// Subject.
    pub sub: &'a str,
    /// Audience.
    pub aud: &'a str,
    /// Expiry.
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// A custom claim.
    pub name: &'a str,
    /// A custom claim.
    pub scope: &'a str,
}

/// tinyjose's public keys, made once.
#[derive(Debug)]
pub struct TinyKeys {
    /// HS256 (the keyed HMAC state is computed here, once).
    pub hs256: tinyjose::HmacKey,
    /// ES256.
    pub es256: tinyjose::Es256VerifyingKey,
    /// Ed25519.
    pub eddsa: tinyjose::Ed25519VerifyingKey,
}

impl TinyKeys {
    /// The verifying halves of [`Signers`].
    #[must_use]
    pub fn new(signers: &Signers) -> Self {
        Self {
            hs256: signers.hs256.clone(),
            es256: signers.es256.verifying_key(),
            eddsa: signers.eddsa.verifying_key(),
        }
    }

    /// The key for `alg`.
    #[must_use]
    pub fn get(&self, alg: Alg) -> &dyn JwsVerifier {
        match alg {
            Alg::Hs256 => &self.hs256,
            Alg::Es256 => &self.es256,
            Alg::EdDsa => &self.eddsa,
        }
    }
}

/// tinyjose's full path: parse, verify into a stack buffer, validate the claims, deserialize
/// them into [`BorrowedClaims`].
///
/// # Errors
///
/// The first check that fails.
pub fn tinyjose_verify(
    token: &str,
    key: &dyn JwsVerifier,
    now: u64,
) -> Result<Summary, tinyjose::Error> {
    let jws = tinyjose::UntrustedJws::parse(token)?;
    let mut payload = [0u8; 512];
    let verified = jws.verify(key, &mut payload)?;
    let validation = tinyjose::Validation::new(tinyjose::UnixTime::from_secs(now))
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .require(&["exp", "iat"]);
    let claims = verified.claims(&validation)?;
    let mut scratch = [0u8; 64];
    let c: BorrowedClaims<'_> = claims.deserialize(&mut scratch)?;
    Ok(Summary {
        exp: c.exp,
        iat: c.iat,
        text_len: c.sub.len() + c.name.len() + c.scope.len(),
    })
}

// ---------------------------------------------------------------------------------------------
// jsonwebtoken

/// The claims as `jsonwebtoken` and `jwt-compact` deserialize them (both need owned types).
#[derive(Debug, Deserialize)]
pub struct OwnedClaims {
    /// Issuer.
    pub iss: String,
    /// Subject.
    pub sub: String,
    /// Audience.
    pub aud: String,
    /// Expiry.
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// A custom claim.
    pub name: String,
    /// A custom claim.
    pub scope: String,
}

/// `jsonwebtoken`'s decoding key and validation for one algorithm, made once.
#[derive(Debug)]
pub struct JsonwebtokenVerifier {
    key: jsonwebtoken::DecodingKey,
    validation: jsonwebtoken::Validation,
}

impl JsonwebtokenVerifier {
    /// The verifier for `alg`: issuer, audience and `exp` (required) checked, no leeway.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn new(alg: Alg, signers: &Signers) -> Result<Self, Rejected> {
        let (key, algorithm) = match alg {
            Alg::Hs256 => (
                jsonwebtoken::DecodingKey::from_secret(HS256_SECRET),
                jsonwebtoken::Algorithm::HS256,
            ),
            Alg::Es256 => {
                let (x, y) = signers.es256.verifying_key().coordinates();
                let key = jsonwebtoken::DecodingKey::from_ec_components(&encode(&x)?, &encode(&y)?)
                    .map_err(rejected)?;
                (key, jsonwebtoken::Algorithm::ES256)
            }
            Alg::EdDsa => {
                let x = signers.eddsa.verifying_key().to_bytes();
                let key = jsonwebtoken::DecodingKey::from_ed_components(&encode(&x)?)
                    .map_err(rejected)?;
                (key, jsonwebtoken::Algorithm::EdDSA)
            }
        };
        let mut validation = jsonwebtoken::Validation::new(algorithm);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        Ok(Self { key, validation })
    }

    /// `jsonwebtoken::decode` (which reads the system clock for `exp` itself), then the `iat`
    /// check it does not do.
    ///
    /// # Errors
    ///
    /// The first check that fails.
    pub fn verify(&self, token: &str, now: u64) -> Result<Summary, Rejected> {
        jsonwebtoken_decode(token, &self.key, &self.validation, now)
    }
}

// ---------------------------------------------------------------------------------------------
// jwt-compact

/// The non-time claims as `jwt-compact` takes them (its `Claims<T>` holds `exp`, `nbf`, `iat`).
#[derive(Debug, Deserialize)]
pub struct CompactCustom {
    /// Issuer.
    pub iss: String,
    /// Subject.
    pub sub: String,
    /// Audience.
    pub aud: String,
    /// A custom claim.
    pub name: String,
    /// A custom claim.
    pub scope: String,
}

/// `jwt-compact`'s key for one algorithm, made once.
#[derive(Debug)]
pub enum CompactVerifier {
    /// HS256.
    Hs256(jwt_compact::alg::Hs256Key),
    /// ES256 (`p256` 0.13).
    Es256(<jwt_compact::alg::Es256 as jwt_compact::Algorithm>::VerifyingKey),
    /// Ed25519 (`ed25519-dalek` 2).
    EdDsa(<jwt_compact::alg::Ed25519 as jwt_compact::Algorithm>::VerifyingKey),
}

impl CompactVerifier {
    /// The key for `alg`.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn new(alg: Alg, signers: &Signers) -> Result<Self, Rejected> {
        use jwt_compact::alg::VerifyingKey;
        Ok(match alg {
            Alg::Hs256 => Self::Hs256(jwt_compact::alg::Hs256Key::new(HS256_SECRET)),
            Alg::Es256 => {
                let (x, y) = signers.es256.verifying_key().coordinates();
                let mut sec1 = vec![4u8];
                sec1.extend_from_slice(&x);
                sec1.extend_from_slice(&y);
                Self::Es256(VerifyingKey::from_slice(&sec1).map_err(rejected)?)
            }
            Alg::EdDsa => {
                let x = signers.eddsa.verifying_key().to_bytes();
                Self::EdDsa(VerifyingKey::from_slice(&x).map_err(rejected)?)
            }
        })
    }

    /// Parse, check the signature and decode the claims, then `exp` (required), `iat`, `iss`
    /// and `aud`, all with no leeway.
    ///
    /// # Errors
    ///
    /// The first check that fails.
    pub fn verify(&self, token: &str, now: u64) -> Result<Summary, Rejected> {
        let untrusted = jwt_compact::UntrustedToken::new(token).map_err(rejected)?;
        let token = match self {
            Self::Hs256(key) => jwt_compact::alg::Hs256
                .validator::<CompactCustom>(key)
                .validate(&untrusted),
            Self::Es256(key) => jwt_compact::alg::Es256
                .validator::<CompactCustom>(key)
                .validate(&untrusted),
            Self::EdDsa(key) => jwt_compact::alg::Ed25519
                .validator::<CompactCustom>(key)
                .validate(&untrusted),
        }
        .map_err(rejected)?;
        let now_secs = i64::try_from(now).map_err(rejected)?;
        let now = chrono::DateTime::from_timestamp(now_secs, 0).ok_or_else(|| rejected(now))?;
        let options = jwt_compact::TimeOptions::new(chrono::TimeDelta::zero(), move || now);
        let claims = token.claims();
        claims.validate_expiration(&options).map_err(rejected)?;
        let iat = claims.issued_at.ok_or_else(|| rejected("no iat"))?;
        if iat > now {
            return Err(rejected("iat in the future"));
        }
        let c = &claims.custom;
        if c.iss != ISSUER {
            return Err(rejected("issuer"));
        }
        if c.aud != AUDIENCE {
            return Err(rejected("audience"));
        }
        let secs =
            |t: chrono::DateTime<chrono::Utc>| u64::try_from(t.timestamp()).map_err(rejected);
        let exp = claims.expiration.ok_or_else(|| rejected("no exp"))?;
        Ok(Summary {
            exp: secs(exp)?,
            iat: secs(iat)?,
            text_len: c.sub.len() + c.name.len() + c.scope.len(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The raw primitives: signature only, the same crates and versions as the core.

/// The raw verifiers, with keys made once.
///
/// Each check is a function of its own (`#[inline(never)]`), as the core's `JwsVerifier::verify`
/// implementations are, so that neither side gets a differently inlined copy of the primitive.
#[derive(Debug)]
pub struct RawKeys {
    hs256: hmac::Hmac<sha2::Sha256>,
    es256: p256::ecdsa::VerifyingKey,
    eddsa: ed25519_dalek::VerifyingKey,
}

impl RawKeys {
    /// The public halves of the fixed keys, through the primitives' own APIs.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn new() -> Result<Self, Rejected> {
        let es256 = p256::ecdsa::SigningKey::from_slice(&ES256_SCALAR).map_err(rejected)?;
        let eddsa = ed25519_dalek::SigningKey::from_bytes(&ED25519_SEED);
        Ok(Self {
            hs256: KeyInit::new_from_slice(HS256_SECRET).map_err(rejected)?,
            es256: *es256.verifying_key(),
            eddsa: eddsa.verifying_key(),
        })
    }

    /// HMAC-SHA256 over the signing input from the precomputed keyed state, compared in
    /// constant time.
    #[must_use]
    #[inline(never)]
    pub fn hs256(&self, input: &[u8], signature: &[u8]) -> bool {
        self.hs256
            .clone()
            .chain_update(input)
            .verify_slice(signature)
            .is_ok()
    }

    /// ECDSA P-256 verification (SHA-256 of the input inside) of an already parsed signature.
    #[must_use]
    #[inline(never)]
    pub fn es256(&self, input: &[u8], signature: &p256::ecdsa::Signature) -> bool {
        use p256::ecdsa::signature::Verifier;
        self.es256.verify(input, signature).is_ok()
    }

    /// Strict Ed25519 verification of an already parsed signature.
    #[must_use]
    #[inline(never)]
    pub fn eddsa(&self, input: &[u8], signature: &ed25519_dalek::Signature) -> bool {
        self.eddsa.verify_strict(input, signature).is_ok()
    }
}

/// The current time in whole seconds, as every library path takes it.
#[must_use]
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `jsonwebtoken::decode` of the bench claims, then the `iat` check it does not do.
pub(crate) fn jsonwebtoken_decode(
    token: &str,
    key: &jsonwebtoken::DecodingKey,
    validation: &jsonwebtoken::Validation,
    now: u64,
) -> Result<Summary, Rejected> {
    let data = jsonwebtoken::decode::<OwnedClaims>(token, key, validation).map_err(rejected)?;
    let c = data.claims;
    if c.iat > now {
        return Err(rejected("iat in the future"));
    }
    Ok(Summary {
        exp: c.exp,
        iat: c.iat,
        text_len: c.sub.len() + c.name.len() + c.scope.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct All {
        signers: Signers,
        tiny: TinyKeys,
        raw: RawKeys,
    }

    fn all() -> All {
        let signers = Signers::new().unwrap();
        let tiny = TinyKeys::new(&signers);
        All {
            signers,
            tiny,
            raw: RawKeys::new().unwrap(),
        }
    }

    /// Every library's verdict on `token`, checked as `alg`.
    fn verdicts(all: &All, alg: Alg, token: &str) -> [Option<Summary>; 3] {
        let now = now();
        let jwt = JsonwebtokenVerifier::new(alg, &all.signers).unwrap();
        let compact = CompactVerifier::new(alg, &all.signers).unwrap();
        [
            tinyjose_verify(token, all.tiny.get(alg), now).ok(),
            jwt.verify(token, now).ok(),
            compact.verify(token, now).ok(),
        ]
    }

    #[test]
    fn the_token_is_about_300_bytes() {
        let all = all();
        let len = all.signers.token(Alg::Hs256).unwrap().len();
        assert!((280..=320).contains(&len), "{len}");
    }

    #[test]
    fn every_library_accepts_every_token_with_the_same_claims() {
        let all = all();
        let expected = Summary {
            exp: EXPIRES,
            iat: ISSUED_AT,
            text_len: "user-42".len() + "Ada Lovelace".len() + "read write".len(),
        };
        for alg in Alg::ALL {
            let token = all.signers.token(alg).unwrap();
            assert_eq!(verdicts(&all, alg, &token), [Some(expected); 3], "{alg:?}");
        }
    }

    #[test]
    fn the_raw_primitives_accept_the_signatures_and_refuse_a_changed_input() {
        let all = all();
        for alg in Alg::ALL {
            let token = all.signers.token(alg).unwrap();
            let raw = RawInput::new(&token).unwrap();
            let mut changed = raw.signing_input.clone();
            changed[0] ^= 1;
            let check = |input: &[u8]| match alg {
                Alg::Hs256 => all.raw.hs256(input, &raw.signature),
                Alg::Es256 => all.raw.es256(
                    input,
                    &p256::ecdsa::Signature::from_slice(&raw.signature).unwrap(),
                ),
                Alg::EdDsa => all.raw.eddsa(
                    input,
                    &ed25519_dalek::Signature::from_slice(&raw.signature).unwrap(),
                ),
            };
            assert!(check(&raw.signing_input), "{alg:?}");
            assert!(!check(&changed), "{alg:?}");
        }
    }

    #[test]
    fn every_library_refuses_a_bad_signature() {
        let all = all();
        for alg in Alg::ALL {
            let token = all.signers.token(alg).unwrap();
            // Change the first signature character: the signature no longer verifies.
            let at = token.rfind('.').unwrap() + 1;
            let mut bad = token.clone().into_bytes();
            bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
            let bad = String::from_utf8(bad).unwrap();
            assert_eq!(verdicts(&all, alg, &bad), [None; 3], "{alg:?}");
        }
    }

    #[test]
    fn every_library_checks_exp_iat_iss_and_aud() {
        let all = all();
        let good = claims_json();
        let edits = [
            (EXPIRES.to_string(), "1000000000".to_owned()),
            (ISSUED_AT.to_string(), "4000000000".to_owned()),
            (ISSUER.to_owned(), "https://other.example.com".to_owned()),
            (AUDIENCE.to_owned(), "https://other.example.com".to_owned()),
        ];
        for (from, to) in edits {
            let payload = good.replacen(&from, &to, 1);
            assert_ne!(payload, good);
            for alg in Alg::ALL {
                let token = all.signers.token_with(alg, &payload).unwrap();
                assert_eq!(verdicts(&all, alg, &token), [None; 3], "{alg:?} {to}");
            }
        }
    }
}
