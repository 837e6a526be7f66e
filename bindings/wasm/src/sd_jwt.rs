//! SD-JWT (RFC 9901) and SD-JWT VC: issuing, presenting with key binding, verifying, each the
//! core's own (`issue_sd_jwt`, `present_sd_jwt`, `UntrustedSdJwt::verify_with`). This layer sizes
//! the buffers and converts arguments and results; tinyjose-std issues, with the runtime's
//! randomness.

use tinyjose::{
    Disclosure, Error as Jose, HeaderParams, KeyBindingParams, Limits, MAX_HEADER_LEN, SdJwtIssue,
    SdJwtValidation, UnixTime, UntrustedSdJwt, compact_len,
};
use tinyjose_std::SignatureKey;
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::claims::{Claims, seconds};
use crate::key::parse_alg;
use crate::token::signer_for;
use crate::{Failure, Key, KeySet};

/// Issues an SD-JWT for the claims JSON `claims`, signed by the private `key` (its `kid`, when it
/// has one, goes into the header), with the claims the JSON Pointers `disclosable` name made
/// selectively disclosable, `decoys` decoy digests, `typ` in the header, and the holder's public
/// key (`holder_jwk`, JWK JSON, for `holder_alg` or the algorithm its curve implies) in
/// `cnf.jwk`: the core's `issue_sd_jwt`, with 16-byte salts from `crypto.getRandomValues`.
///
/// # Errors
///
/// The core's errors for the claims, the pointers (a pointer that names no claim is
/// `missing_claim`, naming the pointer) and the holder key; `key_rejected` for a key that cannot
/// sign.
#[wasm_bindgen(js_name = issueSdJwt)]
pub fn issue_sd_jwt(
    claims: &str,
    key: &Key,
    disclosable: Vec<String>,
    decoys: usize,
    typ: Option<String>,
    holder_jwk: Option<String>,
    holder_alg: Option<String>,
) -> Result<String, Failure> {
    let signer = signer_for(key, None)?;
    let holder = holder_jwk
        .as_deref()
        .map(|json| {
            let alg = holder_alg.as_deref().map(parse_alg).transpose()?;
            Ok::<_, Failure>(SignatureKey::from_jwk(json, alg)?)
        })
        .transpose()?;
    let pointers: Vec<&str> = disclosable.iter().map(String::as_str).collect();
    let mut header = HeaderParams::new();
    header.kid = key.signature_key().kid();
    header.typ = typ.as_deref();
    let mut params = SdJwtIssue::new(header)
        .disclosable(&pointers)
        .decoys(decoys);
    if let Some(holder) = &holder {
        params = params.holder(holder.verifier());
    }
    // Salts from `crypto.getRandomValues`, buffers sized by tinyjose-std. A pointer that names no
    // claim is named from the list, as a required claim is.
    tinyjose_std::issue_sd_jwt(claims, &params, signer)
        .map_err(|e| Failure::with_required(e, &disclosable))
}

#[wasm_bindgen]
extern "C" {
    /// The holder's choice: a function given a disclosure's claim name (`undefined` for an array
    /// element) and its value as JSON text, true to disclose it.
    pub type DiscloseCheck;

    #[wasm_bindgen(method, catch, js_name = call)]
    fn call(
        this: &DiscloseCheck,
        this_arg: &JsValue,
        name: Option<String>,
        value_json: &str,
    ) -> Result<JsValue, JsValue>;
}

/// The holder's Key Binding JWT: its key and what it says.
struct Binding<'a> {
    key: &'a Key,
    aud: &'a str,
    nonce: &'a str,
    iat: f64,
}

/// Presents `sd_jwt` with the disclosures `select` keeps, and the Key Binding JWT of `binding`.
fn present(
    sd_jwt: &str,
    select: &DiscloseCheck,
    binding: Option<&Binding<'_>>,
) -> Result<String, JsValue> {
    let signer = binding.map(|b| signer_for(b.key, None)).transpose()?;
    let params =
        binding.map(|b| KeyBindingParams::new(b.aud, b.nonce, UnixTime::from_secs(seconds(b.iat))));
    let key_binding = signer.zip(params.as_ref());
    let mut thrown = None;
    let mut choose = |d: &Disclosure<'_>| {
        if thrown.is_some() {
            return false;
        }
        match select.call(
            &JsValue::UNDEFINED,
            d.name().map(str::to_owned),
            d.value_json(),
        ) {
            Ok(chosen) => chosen.as_bool() == Some(true),
            Err(e) => {
                thrown = Some(e);
                false
            }
        }
    };
    // A disclosure decodes to at most three quarters of its text; the Key Binding JWT's header
    // and claims are capped by the core (the header limit, 1 KiB).
    let mut scratch = zeroize::Zeroizing::new(vec![0u8; sd_jwt.len()]);
    let kb_len = signer.map_or(0, |s| compact_len(MAX_HEADER_LEN, 1024, s.signature_len()));
    let mut out = vec![0u8; sd_jwt.len().saturating_add(kb_len)];
    let presented =
        tinyjose::present_sd_jwt(sd_jwt, &mut choose, key_binding, &mut scratch, &mut out)
            .map(str::to_owned);
    if let Some(e) = thrown {
        return Err(e);
    }
    Ok(presented.map_err(Failure::from)?)
}

/// Presents the SD-JWT `sd_jwt` (as issued) with the disclosures `select` returns true for, in
/// their order, and no Key Binding JWT: the core's `present_sd_jwt`.
///
/// # Errors
///
/// The core's errors for the SD-JWT (a [`Failure`]), or what `select` threw.
#[wasm_bindgen(js_name = presentSdJwt)]
pub fn present_sd_jwt(sd_jwt: &str, select: &DiscloseCheck) -> Result<String, JsValue> {
    present(sd_jwt, select, None)
}

/// As [`present_sd_jwt`], with a Key Binding JWT for the verifier `aud` and its `nonce`, made at
/// `iat` (Unix seconds) and signed by the holder's private `key`.
///
/// # Errors
///
/// As [`present_sd_jwt`]; `key_rejected` for a key that cannot sign, `alg_not_allowed` for an
/// HMAC key.
#[wasm_bindgen(js_name = presentSdJwtBound)]
pub fn present_sd_jwt_bound(
    sd_jwt: &str,
    select: &DiscloseCheck,
    key: &Key,
    aud: &str,
    nonce: &str,
    iat: f64,
) -> Result<String, JsValue> {
    present(
        sd_jwt,
        select,
        Some(&Binding {
            key,
            aud,
            nonce,
            iat,
        }),
    )
}

/// A verified SD-JWT presentation: the issuer-signed JWT's protected header JSON, the disclosed
/// claims JSON, and whether a Key Binding JWT was verified.
#[wasm_bindgen]
#[derive(Debug)]
pub struct VerifiedSdJwt {
    header_json: String,
    claims_json: String,
    key_bound: bool,
}

#[wasm_bindgen]
impl VerifiedSdJwt {
    /// The issuer-signed JWT's protected header JSON, exactly as signed.
    #[wasm_bindgen(getter, js_name = headerJson)]
    #[must_use]
    pub fn header_json(&self) -> String {
        self.header_json.clone()
    }

    /// The disclosed claims as plain JSON (no `_sd`, no `_sd_alg`), as the core rebuilt them.
    #[wasm_bindgen(getter, js_name = claimsJson)]
    #[must_use]
    pub fn claims_json(&self) -> String {
        self.claims_json.clone()
    }

    /// Whether a Key Binding JWT was verified.
    #[wasm_bindgen(getter, js_name = keyBound)]
    #[must_use]
    pub fn key_bound(&self) -> bool {
        self.key_bound
    }
}

/// Verifies the SD-JWT presentation `presentation` with the issuer key `keys` selects, at `now`
/// (Unix seconds), as the core's `UntrustedSdJwt::verify_with` and `SdJwtValidation` do: the
/// claims checks of `jwtVerify` (`issuers`, `audiences`, `required`), a Key Binding JWT for
/// `kb_aud` and `kb_nonce` when given (no older than `kb_max_age` seconds, 300 by default), and
/// an SD-JWT VC whose `vct` is one of `vct` when given. `ecdsa_high_s` accepts ECDSA signatures
/// with a high `s`, the issuer's and the Key Binding JWT's.
///
/// # Errors
///
/// The core's error for any refusal.
#[wasm_bindgen(js_name = verifySdJwt)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per verification from JavaScript"
)]
pub fn verify_sd_jwt(
    presentation: &str,
    keys: &KeySet,
    ecdsa_high_s: bool,
    now: f64,
    leeway: f64,
    issuers: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    required: Vec<String>,
    kb_aud: Option<String>,
    kb_nonce: Option<String>,
    kb_max_age: Option<f64>,
    vct: Option<Vec<String>>,
) -> Result<VerifiedSdJwt, Failure> {
    let limits = Limits::DEFAULT.with_ecdsa_high_s(ecdsa_high_s);
    let untrusted = UntrustedSdJwt::parse_with_limits(presentation, &limits)?;
    let header_json = untrusted.issuer_jwt().header().json().to_owned();
    let types: Option<Vec<&str>> = vct
        .as_ref()
        .map(|list| list.iter().map(String::as_str).collect());
    let claims = Claims {
        now: UnixTime::from_secs(seconds(now)),
        leeway: seconds(leeway),
        max_age: None,
        issuers,
        audiences,
        subject: None,
        typ: None,
        required,
    };
    let (claims_json, key_bound) = claims.check(|validation| {
        let mut v = SdJwtValidation::new(*validation);
        if let (Some(aud), Some(nonce)) = (&kb_aud, &kb_nonce) {
            v = v.key_binding(aud, nonce);
        }
        if let Some(max_age) = kb_max_age {
            v = v.key_binding_max_age(seconds(max_age));
        }
        if let Some(types) = &types {
            v = v.vct(types);
        }
        // `scratch` is exactly what the core needs; the disclosed claims are no longer than the
        // payload and the disclosures together, and the core says the exact length otherwise.
        let mut scratch = zeroize::Zeroizing::new(vec![0u8; untrusted.scratch_len()]);
        let mut out = vec![0u8; untrusted.scratch_len()];
        match verify_into(&untrusted, keys, &v, &mut scratch, &mut out) {
            Err(Jose::BufferTooSmall { needed }) if needed > out.len() => {
                out = vec![0u8; needed];
                verify_into(&untrusted, keys, &v, &mut scratch, &mut out)
            }
            verified => verified,
        }
    })?;
    Ok(VerifiedSdJwt {
        header_json,
        claims_json,
        key_bound,
    })
}

/// The core's verification of `untrusted` into `out`, with its result owned: the disclosed
/// claims JSON, and whether a Key Binding JWT was verified.
fn verify_into(
    untrusted: &UntrustedSdJwt<'_>,
    keys: &KeySet,
    v: &SdJwtValidation<'_>,
    scratch: &mut [u8],
    out: &mut [u8],
) -> Result<(String, bool), Jose> {
    let verified = untrusted.verify_with(keys.inner(), v, scratch, out)?;
    Ok((verified.claims().json().to_owned(), verified.is_key_bound()))
}
