//! Token profiles: OpenID Connect ID tokens, RFC 9068 access tokens, DPoP proofs (RFC 9449) and
//! JARM responses, each checked by the core's own validation.

use tinyjose::{
    AccessTokenValidation, DpopParams, DpopValidation, Error as Jose, IdTokenValidation,
    JarmValidation, JwsAlg, Limits, ResponseKind, ResponseMode, UnixTime, UntrustedJws,
    VerifiedJws,
};
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::claims::seconds;
use crate::key::parse_alg;
use crate::{Failure, Key, KeySet};

/// A token that passed its profile's checks: its protected header JSON and its claims JSON, with
/// what the profile adds (a DPoP proof's key thumbprint, a JARM response's kind).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Profiled {
    header_json: String,
    claims_json: String,
    jkt: Option<String>,
    kind: Option<&'static str>,
}

#[wasm_bindgen]
impl Profiled {
    /// The protected header JSON, exactly as signed.
    #[wasm_bindgen(getter, js_name = headerJson)]
    #[must_use]
    pub fn header_json(&self) -> String {
        self.header_json.clone()
    }

    /// The claims set JSON, exactly as signed.
    #[wasm_bindgen(getter, js_name = claimsJson)]
    #[must_use]
    pub fn claims_json(&self) -> String {
        self.claims_json.clone()
    }

    /// A DPoP proof's key thumbprint (RFC 7638, base64url).
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn jkt(&self) -> Option<String> {
        self.jkt.clone()
    }

    /// A JARM response's kind: `code`, `token` or `error`.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn kind(&self) -> Option<String> {
        self.kind.map(str::to_owned)
    }
}

impl Profiled {
    fn new(verified: &VerifiedJws<'_>, claims: &tinyjose::Claims<'_>) -> Self {
        Self {
            header_json: verified.header().json().to_owned(),
            claims_json: claims.json().to_owned(),
            jkt: None,
            kind: None,
        }
    }
}

/// The algorithms of an allow list.
fn algs(names: &[String]) -> Result<Vec<JwsAlg>, Failure> {
    names.iter().map(|n| parse_alg(n)).collect()
}

/// `token` parsed (with high-S ECDSA signatures accepted when `ecdsa_high_s` is set), and its
/// `alg` in `algorithms` unless that is empty.
fn parse<'t>(
    token: &'t str,
    algorithms: &[String],
    ecdsa_high_s: bool,
) -> Result<UntrustedJws<'t>, Failure> {
    let limits = Limits::DEFAULT.with_ecdsa_high_s(ecdsa_high_s);
    let jws = UntrustedJws::parse_with_limits(token, &limits)?;
    let alg = jws.header().alg();
    if !algorithms.is_empty() && !algorithms.iter().any(|a| a == alg.name()) {
        return Err(Failure::alg_not_allowed(format!(
            "{alg} is not in algorithms"
        )));
    }
    Ok(jws)
}

/// Verifies an OpenID Connect ID token with the issuer's `keys` and validates it for the client
/// `client_id` at `now` (Unix seconds), as the core's `IdTokenValidation` does: `nonce`,
/// `max_age` (seconds), `acr_values` (empty: not checked), `access_token` (`at_hash`), `code`
/// (`c_hash`) and `require_auth_time` when given.
///
/// # Errors
///
/// The core's error for any refusal; `max_age_exceeded` names `auth_time`.
#[wasm_bindgen(js_name = validateIdToken)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per validation from JavaScript"
)]
pub fn validate_id_token(
    token: &str,
    keys: &KeySet,
    algorithms: Vec<String>,
    ecdsa_high_s: bool,
    issuer: &str,
    client_id: &str,
    now: f64,
    leeway: f64,
    nonce: Option<String>,
    max_age: Option<f64>,
    acr_values: Vec<String>,
    access_token: Option<String>,
    code: Option<String>,
    require_auth_time: bool,
) -> Result<Profiled, Failure> {
    let jws = parse(token, &algorithms, ecdsa_high_s)?;
    let acr: Vec<&str> = acr_values.iter().map(String::as_str).collect();
    let mut v = IdTokenValidation::new(issuer, client_id, UnixTime::from_secs(seconds(now)))
        .leeway(seconds(leeway))
        .acr_values(&acr);
    if let Some(nonce) = &nonce {
        v = v.nonce(nonce);
    }
    if let Some(max_age) = max_age {
        v = v.max_age(seconds(max_age));
    }
    if let Some(access_token) = &access_token {
        v = v.access_token(access_token);
    }
    if let Some(code) = &code {
        v = v.code(code);
    }
    if require_auth_time {
        v = v.require_auth_time();
    }
    let mut out = vec![0u8; jws.payload_len()];
    let verified = jws.verify_with(keys.inner(), &mut out)?;
    let claims = verified.id_token(&v).map_err(|e| {
        let mut failure = Failure::from(e);
        if e == Jose::MaxAgeExceeded {
            failure.set_claim("auth_time");
        }
        failure
    })?;
    Ok(Profiled::new(&verified, &claims))
}

/// Verifies an RFC 9068 access token with the issuer's `keys` and validates it for the resource
/// `audience` at `now` (Unix seconds), as the core's `AccessTokenValidation` does.
///
/// # Errors
///
/// The core's error for any refusal.
#[wasm_bindgen(js_name = validateAccessToken)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per validation from JavaScript"
)]
pub fn validate_access_token(
    token: &str,
    keys: &KeySet,
    algorithms: Vec<String>,
    ecdsa_high_s: bool,
    issuer: &str,
    audience: &str,
    now: f64,
    leeway: f64,
) -> Result<Profiled, Failure> {
    let jws = parse(token, &algorithms, ecdsa_high_s)?;
    let v = AccessTokenValidation::new(issuer, audience, UnixTime::from_secs(seconds(now)))
        .leeway(seconds(leeway));
    let mut out = vec![0u8; jws.payload_len()];
    let verified = jws.verify_with(keys.inner(), &mut out)?;
    let claims = verified.access_token(&v)?;
    Ok(Profiled::new(&verified, &claims))
}

#[wasm_bindgen]
extern "C" {
    /// The caller's replay check: a function given a proof's `jti`, true when it is fresh.
    pub type ReplayCheck;

    #[wasm_bindgen(method, catch, js_name = call)]
    fn call(this: &ReplayCheck, this_arg: &JsValue, jti: &str) -> Result<JsValue, JsValue>;
}

/// tinyjose-std's bounded replay cache for DPoP `jti`s, behind `createJtiCache`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct JtiCache(tinyjose_std::JtiCache);

#[wasm_bindgen]
impl JtiCache {
    /// A cache of at most `capacity` `jti`s, each remembered for `window` seconds.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new(capacity: usize, window: f64) -> Self {
        Self(tinyjose_std::JtiCache::new(capacity, seconds(window)))
    }

    /// Records `jti` as seen at `now` (Unix seconds): `true` if it was not seen within the
    /// window, `false` for a replay or when the cache is full of live entries.
    pub fn insert(&mut self, jti: &str, now: f64) -> bool {
        self.0.insert(jti, UnixTime::from_secs(seconds(now)))
    }
}

/// Checks the DPoP proof `proof` for a request with method `htm` to `htu`, at `now` (Unix
/// seconds), as the core's `DpopValidation` does: `max_age` (seconds; 300 when not given),
/// `algorithms` (empty: any asymmetric one), `nonce`, `access_token` (`ath`) and `jkt` when
/// given; `ecdsa_high_s`, when given, says whether ECDSA signatures with a high `s` are
/// accepted (the core accepts them for DPoP). `replay` is called last, with the `jti`, once
/// every other check passed; a falsy result is `replayed`.
///
/// # Errors
///
/// The core's error for any refusal (a [`Failure`]), or what `replay` threw.
#[wasm_bindgen(js_name = verifyDpopProof)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per proof from JavaScript"
)]
pub fn verify_dpop_proof(
    proof: &str,
    htm: &str,
    htu: &str,
    now: f64,
    leeway: f64,
    max_age: Option<f64>,
    algorithms: Vec<String>,
    nonce: Option<String>,
    access_token: Option<String>,
    jkt: Option<String>,
    ecdsa_high_s: Option<bool>,
    replay: &ReplayCheck,
) -> Result<Profiled, JsValue> {
    let algs = algs(&algorithms)?;
    let mut v = DpopValidation::new(htm, htu, UnixTime::from_secs(seconds(now)))
        .leeway(seconds(leeway))
        .algs(&algs);
    if let Some(accept) = ecdsa_high_s {
        v = v.ecdsa_high_s(accept);
    }
    if let Some(max_age) = max_age {
        v = v.max_age(seconds(max_age));
    }
    if let Some(nonce) = &nonce {
        v = v.nonce(nonce);
    }
    if let Some(access_token) = &access_token {
        v = v.access_token(access_token);
    }
    if let Some(jkt) = &jkt {
        v = v.jkt(jkt);
    }
    let mut thrown = None;
    let mut check = |jti: &str| match replay.call(&JsValue::UNDEFINED, jti) {
        Ok(fresh) => fresh.is_truthy(),
        Err(e) => {
            thrown = Some(e);
            false
        }
    };
    let mut out = vec![0u8; proof.len()];
    let checked = tinyjose::verify_dpop_proof(proof, &v, &mut check, &mut out);
    if let Some(e) = thrown {
        return Err(e);
    }
    let checked = checked.map_err(Failure::from)?;
    let header_json = UntrustedJws::parse(proof)
        .map_err(Failure::from)?
        .header()
        .json()
        .to_owned();
    Ok(Profiled {
        header_json,
        claims_json: checked.claims().json().to_owned(),
        jkt: Some(checked.jkt().to_owned()),
        kind: None,
    })
}

/// Creates a DPoP proof with the private key `key` for a request with method `htm` to `htu`,
/// made at `iat` (Unix seconds), with `ath` for `access_token` and the server's `nonce` when
/// given: `tinyjose-std`'s `create_dpop_proof`, with a random `jti` (RSA keys sign where the
/// module has RSA signing).
///
/// # Errors
///
/// `key_rejected` for a public key; `alg_not_allowed` for an HMAC secret; `limit_exceeded` for claims
/// above 768 bytes.
#[wasm_bindgen(js_name = createDpopProof)]
pub fn create_dpop_proof(
    key: &Key,
    htm: &str,
    htu: &str,
    iat: f64,
    access_token: Option<String>,
    nonce: Option<String>,
) -> Result<String, Failure> {
    let mut params = DpopParams::new(htm, htu, UnixTime::from_secs(seconds(iat)));
    if let Some(access_token) = &access_token {
        params = params.access_token(access_token);
    }
    if let Some(nonce) = &nonce {
        params = params.nonce(nonce);
    }
    Ok(tinyjose_std::create_dpop_proof(
        key.signature_key(),
        &params,
    )?)
}

/// The response mode registered as `name`, or `jwt` when none is given.
fn response_mode(name: Option<&str>) -> Result<ResponseMode, Failure> {
    name.map_or(Ok(ResponseMode::Jwt), |name| {
        ResponseMode::from_name(name).map_err(|e| {
            Failure::new(
                e,
                format!("{name} is not a JARM response mode: query.jwt, fragment.jwt, form_post.jwt or jwt"),
            )
        })
    })
}

/// The JARM checks asked from JavaScript: the issuer, the client, the time, `state`, the
/// signing algorithms, the response mode, and whether high-S ECDSA signatures are accepted.
struct Jarm<'a> {
    issuer: &'a str,
    client_id: &'a str,
    now: f64,
    leeway: f64,
    state: Option<&'a str>,
    algs: &'a [JwsAlg],
    mode: ResponseMode,
    ecdsa_high_s: bool,
}

impl<'a> Jarm<'a> {
    fn validation(&self) -> JarmValidation<'a> {
        let mut v = JarmValidation::new(
            self.issuer,
            self.client_id,
            UnixTime::from_secs(seconds(self.now)),
        )
        .leeway(seconds(self.leeway))
        .algs(self.algs)
        .response_mode(self.mode)
        .ecdsa_high_s(self.ecdsa_high_s);
        if let Some(state) = self.state {
            v = v.state(state);
        }
        v
    }
}

/// Validates `response` with the core's `validate_jarm_response` and `v`.
fn jarm(response: &str, keys: &KeySet, v: &JarmValidation<'_>) -> Result<Profiled, Failure> {
    let mut jwe_buf = zeroize::Zeroizing::new(vec![0u8; response.len()]);
    let mut out = vec![0u8; response.len()];
    let answer =
        tinyjose::validate_jarm_response(response, keys.inner(), v, &mut jwe_buf, &mut out)?;
    let kind = match answer.kind() {
        ResponseKind::Code => "code",
        ResponseKind::Token => "token",
        ResponseKind::Error => "error",
    };
    Ok(Profiled {
        header_json: String::new(),
        claims_json: answer.claims().json().to_owned(),
        jkt: None,
        kind: Some(kind),
    })
}

/// Validates a JARM response (the `response` parameter's value) signed by one of the issuer's
/// `keys`, for the client `client_id` at `now` (Unix seconds): `state` when the client sent one,
/// `algorithms` (empty: any the keys serve), `response_mode` (`jwt` when not given);
/// `ecdsa_high_s` accepts ECDSA signatures with a high `s`. A client registered for encrypted
/// responses calls [`validate_encrypted_jarm_response`] instead.
///
/// # Errors
///
/// The core's error for any refusal: `unsupported` for an encrypted response,
/// `encryption_required` for a token response over `query.jwt`.
#[wasm_bindgen(js_name = validateJarmResponse)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per response from JavaScript"
)]
pub fn validate_jarm_response(
    response: &str,
    keys: &KeySet,
    issuer: &str,
    client_id: &str,
    now: f64,
    leeway: f64,
    state: Option<String>,
    algorithms: Vec<String>,
    response_mode_name: Option<String>,
    ecdsa_high_s: bool,
) -> Result<Profiled, Failure> {
    let algs = algs(&algorithms)?;
    let checks = Jarm {
        issuer,
        client_id,
        now,
        leeway,
        state: state.as_deref(),
        algs: &algs,
        mode: response_mode(response_mode_name.as_deref())?,
        ecdsa_high_s,
    };
    jarm(response, keys, &checks.validation()).map_err(|failure| {
        if failure.code() == Jose::Unsupported.code() {
            Failure::new(
                Jose::Unsupported,
                "the response is encrypted: validating it needs the client's decryption key",
            )
        } else {
            failure
        }
    })
}

/// [`validate_jarm_response`] for a client registered for encrypted responses: the response
/// must be encrypted to `key` with one of `encryptions` (empty: any).
///
/// # Errors
///
/// As [`validate_jarm_response`]; `encryption_required` for a response that is only signed.
#[cfg(feature = "jwe")]
#[wasm_bindgen(js_name = validateEncryptedJarmResponse)]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per response from JavaScript"
)]
pub fn validate_encrypted_jarm_response(
    response: &str,
    keys: &KeySet,
    issuer: &str,
    client_id: &str,
    now: f64,
    leeway: f64,
    state: Option<String>,
    algorithms: Vec<String>,
    response_mode_name: Option<String>,
    ecdsa_high_s: bool,
    key: &crate::JweKey,
    encryptions: Vec<String>,
) -> Result<Profiled, Failure> {
    use tinyjose_std::{ALL_CONTENT_ENCRYPTIONS, ContentEncryption, Enc};

    let algs = algs(&algorithms)?;
    let encs: Vec<&dyn ContentEncryption> = if encryptions.is_empty() {
        ALL_CONTENT_ENCRYPTIONS.to_vec()
    } else {
        encryptions
            .iter()
            .map(|name| crate::jwe::content(Enc::from_name(name)?))
            .collect::<Result<_, Failure>>()?
    };
    let checks = Jarm {
        issuer,
        client_id,
        now,
        leeway,
        state: state.as_deref(),
        algs: &algs,
        mode: response_mode(response_mode_name.as_deref())?,
        ecdsa_high_s,
    };
    let v = checks.validation().decrypt_with(key.decrypter()?, &encs);
    jarm(response, keys, &v)
}
