//! SD-JWT fixtures shared by `tests/sd_jwt_interop.rs` and `benches/sd_jwt.rs`: the issuer's and
//! the holder's ES256 keys in the forms tinyjose and `sd-jwt-rs` (`jsonwebtoken` 9 on `ring`)
//! take, the SD-JWT VC credential the bench verifies, and each library's issue, present and
//! verify paths.
//!
//! Included by `#[path]` from both targets, which use different parts of it.

use base64ct::{Base64UrlUnpadded, Encoding};
use sd_jwt_rs::{SDJWTSerializationFormat, SDJWTVerifier};
use serde_json::Value;
use tinyjose::rand_core::{TryCryptoRng, TryRng};
use tinyjose::{
    Disclosure, Error, Es256SigningKey, Es256VerifyingKey, HeaderParams, JwkKey, KeyBindingParams,
    Limits, SdJwtIssue, SdJwtValidation, UnixTime, UntrustedSdJwt, Validation, issue_sd_jwt,
    present_sd_jwt,
};
use tinyjose_bench::{ES256_SCALAR, EXPIRES, ISSUED_AT, ISSUER};

/// The holder's private scalar (the issuer's is the bench's `ES256_SCALAR`).
pub(crate) const HOLDER_SCALAR: [u8; 32] = [0x6b; 32];
/// The verifier's audience, in every Key Binding JWT.
pub(crate) const AUD: &str = "https://verifier.example.com";
/// The verifier's nonce, in every Key Binding JWT.
pub(crate) const NONCE: &str = "n-0S6_WzA2Mj";
/// The `iat` of the Key Binding JWTs tinyjose makes; its verifier runs at `KB_IAT + 10`.
pub(crate) const KB_IAT: u64 = ISSUED_AT + 100;
/// The `vct` of the SD-JWT VC.
pub(crate) const VCT: &str = "https://credentials.example.com/identity_credential";

/// A deterministic RNG for the salts of `issue_sd_jwt` (a 64-bit LCG; salts need not be secret
/// in a test or a benchmark).
#[derive(Debug)]
pub(crate) struct Lcg(pub u64);

impl TryRng for Lcg {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let [a, b, c, d, ..] = self.try_next_u64()?.to_be_bytes();
        Ok(u32::from_be_bytes([a, b, c, d]))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Ok(self.0)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let word = self.try_next_u64()?.to_be_bytes();
            chunk.copy_from_slice(word.get(..chunk.len()).unwrap_or_default());
        }
        Ok(())
    }
}

impl TryCryptoRng for Lcg {}

/// One party's ES256 key pair in every form the two libraries take.
pub(crate) struct Party {
    /// tinyjose's signing key.
    pub(crate) signing: Es256SigningKey,
    /// tinyjose's verifying key.
    pub(crate) verifying: Es256VerifyingKey,
    /// The public JWK, as tinyjose writes it: `{"crv":"P-256","kty":"EC","x":…,"y":…}`.
    pub(crate) public_jwk: String,
    /// The private key as `jsonwebtoken` 9 signs with it (PKCS#8 DER, for `ring`).
    pub(crate) encoding: jsonwebtoken9::EncodingKey,
    /// The public key as `jsonwebtoken` 9 verifies with it.
    pub(crate) decoding: jsonwebtoken9::DecodingKey,
    /// The public JWK as `jsonwebtoken` 9 holds it (what `sd-jwt-rs` puts into `cnf.jwk`).
    pub(crate) jwk: jsonwebtoken9::jwk::Jwk,
    /// The uncompressed SEC1 point `04 || x || y`, for `ring`.
    pub(crate) sec1: Vec<u8>,
}

impl core::fmt::Debug for Party {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Party")
            .field("public_jwk", &self.public_jwk)
            .finish_non_exhaustive()
    }
}

/// The DER prefix of a PKCS#8 P-256 private key (RFC 5915 `ECPrivateKey` with its public key,
/// which `ring` requires), before the 32-byte scalar.
const PKCS8_PREFIX: [u8; 36] = [
    0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
    0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x6d, 0x30, 0x6b, 0x02,
    0x01, 0x01, 0x04, 0x20,
];
/// Between the scalar and the uncompressed public point.
const PKCS8_MIDDLE: [u8; 4] = [0xa1, 0x44, 0x03, 0x42];

fn coordinate(jwk: &Value, name: &str) -> Result<[u8; 32], String> {
    let text = jwk[name].as_str().ok_or(format!("no {name}"))?;
    let mut out = [0u8; 32];
    Base64UrlUnpadded::decode(text, &mut out).map_err(|e| format!("{name}: {e}"))?;
    Ok(out)
}

impl Party {
    /// The key pair of the private scalar `d`.
    ///
    /// # Errors
    ///
    /// A scalar out of range; none for the fixed ones.
    pub(crate) fn new(d: &[u8; 32]) -> Result<Self, String> {
        let signing = Es256SigningKey::from_bytes(d).map_err(|e| format!("{e:?}"))?;
        let verifying = signing.verifying_key();
        let mut buf = [0u8; 256];
        let public_jwk = JwkKey::Es256(verifying)
            .public_jwk(&mut buf)
            .map_err(|e| format!("{e:?}"))?
            .to_owned();
        let jwk_value: Value = serde_json::from_str(&public_jwk).map_err(|e| e.to_string())?;
        let (x, y) = (coordinate(&jwk_value, "x")?, coordinate(&jwk_value, "y")?);
        let mut sec1 = vec![0x04];
        sec1.extend_from_slice(&x);
        sec1.extend_from_slice(&y);
        let mut der = PKCS8_PREFIX.to_vec();
        der.extend_from_slice(d);
        der.extend_from_slice(&PKCS8_MIDDLE);
        der.push(0x00);
        der.extend_from_slice(&sec1);
        let decoding = jsonwebtoken9::DecodingKey::from_ec_components(
            jwk_value["x"].as_str().unwrap_or_default(),
            jwk_value["y"].as_str().unwrap_or_default(),
        )
        .map_err(|e| e.to_string())?;
        Ok(Self {
            signing,
            verifying,
            jwk: serde_json::from_str(&public_jwk).map_err(|e| e.to_string())?,
            public_jwk,
            encoding: jsonwebtoken9::EncodingKey::from_ec_der(&der),
            decoding,
            sec1,
        })
    }

    /// The issuer (the bench's fixed ES256 key).
    ///
    /// # Errors
    ///
    /// None in practice.
    pub(crate) fn issuer() -> Result<Self, String> {
        Self::new(&ES256_SCALAR)
    }

    /// The holder.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub(crate) fn holder() -> Result<Self, String> {
        Self::new(&HOLDER_SCALAR)
    }

    /// `cnf`, as an issuer binds this key: `{"jwk":…}`.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub(crate) fn cnf(&self) -> Result<Value, String> {
        let jwk: Value = serde_json::from_str(&self.public_jwk).map_err(|e| e.to_string())?;
        Ok(serde_json::json!({ "jwk": jwk }))
    }
}

/// The claims of the SD-JWT VC the bench verifies: ten of them disclosable, among them a
/// recursive `address` whose three members are disclosable too.
#[must_use]
pub(crate) fn vc_claims() -> Value {
    serde_json::json!({
        "vct": VCT,
        "iss": ISSUER,
        "iat": ISSUED_AT,
        "exp": EXPIRES,
        "sub": "user_42",
        "given_name": "Erika",
        "family_name": "Mustermann",
        "birthdate": "1963-08-12",
        "email": "erika@example.com",
        "phone_number": "+49 221 1234567",
        "address": {
            "street_address": "Heidestraße 17",
            "locality": "Köln",
            "postal_code": "51147",
            "country": "DE"
        },
        "age_over_18": true
    })
}

/// The JSON Pointers of the ten disclosable claims of [`vc_claims`].
pub(crate) const VC_POINTERS: [&str; 10] = [
    "/given_name",
    "/family_name",
    "/birthdate",
    "/email",
    "/phone_number",
    "/address",
    "/address/street_address",
    "/address/locality",
    "/address/postal_code",
    "/age_over_18",
];

/// The same ten claims as `sd-jwt-rs` names them (its `Custom` strategy's JSONPaths).
pub(crate) const VC_PATHS: [&str; 10] = [
    "$.given_name",
    "$.family_name",
    "$.birthdate",
    "$.email",
    "$.phone_number",
    "$.address",
    "$.address.street_address",
    "$.address.locality",
    "$.address.postal_code",
    "$.age_over_18",
];

/// tinyjose issues `claims` with `pointers` disclosable, `decoys` decoy digests and header `typ`,
/// bound to `holder`.
///
/// # Errors
///
/// tinyjose's.
pub(crate) fn tiny_issue(
    claims: &Value,
    pointers: &[&str],
    decoys: usize,
    typ: &str,
    issuer: &Party,
    holder: &Party,
    seed: u64,
) -> Result<String, Error> {
    let jwk = JwkKey::Es256(holder.verifying);
    let params = SdJwtIssue::new(HeaderParams::new().typ(typ))
        .disclosable(pointers)
        .decoys(decoys)
        .holder(&jwk);
    let text = claims.to_string();
    let (mut scratch, mut out) = (vec![0u8; 2 * text.len() + 4096], vec![0u8; 8192]);
    issue_sd_jwt(
        &text,
        &params,
        &issuer.signing,
        &mut Lcg(seed),
        &mut scratch,
        &mut out,
    )
    .map(str::to_owned)
}

/// tinyjose's holder presents `sd_jwt` with the disclosures `keep` accepts and a Key Binding JWT
/// for [`AUD`] and [`NONCE`] made at `iat`.
///
/// # Errors
///
/// tinyjose's.
pub(crate) fn tiny_present(
    sd_jwt: &str,
    keep: &mut dyn FnMut(&Disclosure<'_>) -> bool,
    holder: &Party,
    iat: u64,
) -> Result<String, Error> {
    let kb = KeyBindingParams::new(AUD, NONCE, UnixTime::from_secs(iat));
    let (mut scratch, mut out) = (vec![0u8; sd_jwt.len()], vec![0u8; sd_jwt.len() + 1024]);
    present_sd_jwt(
        sd_jwt,
        keep,
        Some((&holder.signing, &kb)),
        &mut scratch,
        &mut out,
    )
    .map(str::to_owned)
}

/// tinyjose verifies `presentation` with `issuer`'s key and `v`, accepting high-S ECDSA
/// signatures when `high_s`; returns the disclosed claims and whether they were key-bound.
///
/// # Errors
///
/// tinyjose's.
pub(crate) fn tiny_verify(
    presentation: &str,
    issuer: &Party,
    v: &SdJwtValidation<'_>,
    high_s: bool,
) -> Result<(Value, bool), Error> {
    let limits = Limits::DEFAULT.with_ecdsa_high_s(high_s);
    let sd_jwt = UntrustedSdJwt::parse_with_limits(presentation, &limits)?;
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = vec![0u8; presentation.len()];
    let verified = sd_jwt.verify(&issuer.verifying, v, &mut scratch, &mut out)?;
    let claims = serde_json::from_str(verified.claims().json())
        .map_err(|_| Error::Json(tinyjose::Part::Payload))?;
    Ok((claims, verified.is_key_bound()))
}

/// The validation tinyjose verifies with at `now`: the issuer, and key binding to [`AUD`] and
/// [`NONCE`].
#[must_use]
pub(crate) fn tiny_validation(now: u64) -> SdJwtValidation<'static> {
    SdJwtValidation::new(Validation::new(UnixTime::from_secs(now)).issuer(ISSUER))
        .key_binding(AUD, NONCE)
}

/// `sd-jwt-rs` verifies the compact `presentation` with `issuer`'s key, with key binding to
/// `aud` and `nonce` when given; returns its `verified_claims`.
///
/// # Errors
///
/// `sd-jwt-rs`'s.
pub(crate) fn peer_verify(
    presentation: &str,
    issuer: &Party,
    key_binding: Option<(&str, &str)>,
) -> Result<Value, sd_jwt_rs::error::Error> {
    let key = issuer.decoding.clone();
    SDJWTVerifier::new(
        presentation.to_owned(),
        Box::new(move |_, _| key.clone()),
        key_binding.map(|(aud, _)| aud.to_owned()),
        key_binding.map(|(_, nonce)| nonce.to_owned()),
        SDJWTSerializationFormat::Compact,
    )
    .map(|v| v.verified_claims)
}
