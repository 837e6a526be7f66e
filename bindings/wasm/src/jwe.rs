//! Compact JWE: keys for key management, decryption (with the claims of an encrypted JWT) and
//! encryption (with DEFLATE).

use std::borrow::Cow;

use tinyjose_std::tinyjose::{Error as Jose, KeyReason};
use tinyjose_std::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, Enc, EncryptionKey, HeaderParams, JweAlg,
    JweDecrypter, Limits, UnixTime, UntrustedJwe,
};
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroizing;

use crate::Failure;
use crate::claims::{Claims, seconds};

/// The longest compact JWE accepted: 1 MiB (the JWS limit of 16 KiB would cap the plaintext at
/// about 12 KiB).
const MAX_JWE_LEN: usize = 1024 * 1024;

/// A key for JWE key management, bound to one `alg`: what `importJWK`, `generateKeyPair` and
/// `generateSecret` give for a JWE algorithm.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct JweKey(EncryptionKey);

#[wasm_bindgen]
impl JweKey {
    /// A key from a JWK's JSON text, for `alg` (or the JWK's own `alg`): `oct` keys for `dir`,
    /// `A*KW`, `A*GCMKW` and PBES2 (the password in `k`), `EC`/`OKP` keys for ECDH-ES, `RSA`
    /// keys for RSA-OAEP.
    ///
    /// # Errors
    ///
    /// The core's JWK errors; `alg_rsa1_5`; `key_rejected` for RSA keys that do not load.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(json: &str, alg: Option<String>) -> Result<Self, Failure> {
        let alg = alg.as_deref().map(parse_jwe_alg).transpose()?;
        Ok(Self(EncryptionKey::from_jwk(json, alg)?))
    }

    /// A key from secret bytes for `alg`: the CEK itself for `dir`, a key-wrapping key for `A*KW`
    /// and `A*GCMKW`, a password for PBES2.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an `alg` that takes a public or private key, or a length that does
    /// not fit.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8], alg: &str) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        let key = EncryptionKey::from_secret(secret, alg).map_err(|e| {
            key_rejected(
                e,
                KeyReason::WrongType,
                format!("{alg} needs a public or private key, not a secret"),
            )
        })?;
        Ok(Self(key))
    }

    /// An RSA-OAEP key from PEM text (SPKI, PKCS#8 or PKCS#1), or an ECDH-ES key (SPKI or
    /// PKCS#8, SEC1 too for P-256 and P-384) on P-256, P-384 or X25519.
    ///
    /// # Errors
    ///
    /// `unsupported` for an `alg` that is neither RSA-OAEP nor ECDH-ES; `key_rejected` with the
    /// reason.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str, alg: &str) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        // tinyjose-std says `key_rejected` (a key of the wrong type) for a secret's algorithm.
        if !alg.is_ecdh_es() && !matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
            return Err(Failure::unsupported(format!(
                "PEM keys for {alg} are not supported"
            )));
        }
        Ok(Self(EncryptionKey::from_pem(pem, alg)?))
    }

    /// A new key from `crypto.getRandomValues`, as `tinyjose-std` makes it: ECDH-ES (any of its
    /// four algorithms) on `crv` (`P-256`, the default, `P-384` or `X25519`), RSA-OAEP with
    /// `modulus_length` bits (2048, the default, 3072 or 4096), or a secret for `dir`, `A*KW`
    /// or `A*GCMKW`.
    ///
    /// # Errors
    ///
    /// `key_rejected` for another curve or length, or for PBES2 (whose key is a password).
    pub fn generate(
        alg: &str,
        crv: Option<String>,
        modulus_length: Option<usize>,
    ) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        Ok(Self(EncryptionKey::generate(
            alg,
            crv.as_deref(),
            modulus_length,
        )?))
    }

    /// The algorithm the key is bound to.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn alg(&self) -> String {
        self.0.alg().name().to_owned()
    }

    /// The `kid` of the JWK it came from.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn kid(&self) -> Option<String> {
        self.0.kid().map(str::to_owned)
    }

    /// Whether the key can decrypt (a secret, a password or a private key).
    #[wasm_bindgen(getter, js_name = canDecrypt)]
    #[must_use]
    pub fn can_decrypt(&self) -> bool {
        self.0.decrypter().is_some()
    }

    /// A JWE key never signs.
    #[wasm_bindgen(getter, js_name = canSign)]
    #[must_use]
    pub fn can_sign(&self) -> bool {
        false
    }

    /// Whether it is a shared secret or a password.
    #[wasm_bindgen(getter, js_name = isSecret)]
    #[must_use]
    pub fn is_secret(&self) -> bool {
        self.0.is_secret()
    }

    /// The public JWK of an ECDH-ES or RSA-OAEP key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self) -> Result<String, Failure> {
        self.0.public_jwk().map_err(no_public_key)
    }

    /// The private JWK of an ECDH-ES or RSA-OAEP private key, or `{"k":…,"kty":"oct"}` for a
    /// secret or password.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a public key.
    #[wasm_bindgen(js_name = privateJwk)]
    pub fn private_jwk(&self) -> Result<String, Failure> {
        let jwk = self
            .0
            .private_jwk()
            .map_err(|e| key_rejected(e, KeyReason::WrongUse, "a public key has no private JWK"))?;
        Ok(jwk.to_string())
    }

    /// A copy of the key that only encrypts.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<Self, Failure> {
        self.0.public_key().map(Self).map_err(no_public_key)
    }

    /// The RFC 7638 SHA-256 thumbprint of an ECDH-ES or RSA-OAEP key, base64url.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret, whose thumbprint would be that of its bytes.
    pub fn thumbprint(&self) -> Result<String, Failure> {
        Ok(self.public_key()?.0.thumbprint()?)
    }
}

impl JweKey {
    /// The owned key.
    pub(crate) fn inner(&self) -> &EncryptionKey {
        &self.0
    }

    pub(crate) fn decrypter(&self) -> Result<&dyn JweDecrypter, Failure> {
        self.0.decrypter().ok_or_else(|| {
            Failure::new(
                Jose::KeyRejected(KeyReason::WrongUse),
                "a public key cannot decrypt",
            )
        })
    }
}

/// The failure of `e`, in this layer's words when it is `key_rejected` for `reason`.
fn key_rejected(e: tinyjose_std::Error, reason: KeyReason, message: impl Into<String>) -> Failure {
    let rejected = Jose::KeyRejected(reason);
    Failure::worded(e, rejected, || Failure::new(rejected, message))
}

/// The failure of asking a secret for its public form.
fn no_public_key(e: tinyjose_std::Error) -> Failure {
    key_rejected(e, KeyReason::WrongType, "a secret has no public key")
}

/// The core refuses `RSA1_5` by name (`alg_rsa1_5`).
pub(crate) fn parse_jwe_alg(name: &str) -> Result<JweAlg, Failure> {
    Ok(JweAlg::from_name(name)?)
}

pub(crate) fn content(enc: Enc) -> Result<&'static dyn ContentEncryption, Failure> {
    ALL_CONTENT_ENCRYPTIONS
        .iter()
        .copied()
        .find(|c| c.enc() == enc)
        .ok_or_else(|| Jose::UnsupportedEnc.into())
}

/// The limits of a JWE decryption: `p2c` up to `max_p2c`, tokens up to 1 MiB, inflated content
/// up to `max_inflated` bytes.
pub(crate) fn limits(max_p2c: u32, max_inflated: usize) -> Limits {
    Limits::DEFAULT
        .with_token_len(MAX_JWE_LEN)
        .with_pbes2_count(max_p2c)
        .with_inflated_len(max_inflated)
}

/// Parses `token` and checks its `alg` and `enc` against the allow lists (empty: any).
fn parse<'t>(
    token: &'t str,
    limits: &Limits,
    algorithms: &[String],
    encryptions: &[String],
) -> Result<UntrustedJwe<'t>, Failure> {
    let jwe = tinyjose_std::parse_jwe(token, limits)?;
    let (alg, enc) = (jwe.header().alg().name(), jwe.enc().name());
    if !algorithms.is_empty() && !algorithms.iter().any(|a| a == alg) {
        return Err(Failure::alg_not_allowed(format!(
            "{alg} is not in keyManagementAlgorithms"
        )));
    }
    if !encryptions.is_empty() && !encryptions.iter().any(|e| e == enc) {
        return Err(Failure::enc_not_allowed(format!(
            "{enc} is not in contentEncryptionAlgorithms"
        )));
    }
    Ok(jwe)
}

/// The protected header JSON of `token`, once it parsed and its `alg` and `enc` are allowed:
/// what chooses the key when the caller gives a secret, a password or a JWK.
///
/// # Errors
///
/// The core's parse errors; `alg_not_allowed`.
#[wasm_bindgen(js_name = jweHeader)]
pub fn jwe_header(
    token: &str,
    max_p2c: u32,
    algorithms: Vec<String>,
    encryptions: Vec<String>,
) -> Result<String, Failure> {
    Ok(
        parse(token, &limits(max_p2c, 0), &algorithms, &encryptions)?
            .header()
            .json()
            .to_owned(),
    )
}

/// A decrypted JWE: its protected header JSON and its plaintext.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Decrypted {
    header_json: String,
    plaintext: Vec<u8>,
}

#[wasm_bindgen]
impl Decrypted {
    /// The protected header JSON, exactly as sent.
    #[wasm_bindgen(getter, js_name = headerJson)]
    #[must_use]
    pub fn header_json(&self) -> String {
        self.header_json.clone()
    }

    /// The plaintext (inflated for `"zip":"DEF"`).
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn plaintext(&self) -> Vec<u8> {
        self.plaintext.clone()
    }
}

/// Decrypts `token` with `key`. `algorithms` and `encryptions`, when not empty, list the only
/// `alg` and `enc` accepted; `p2c` above `max_p2c` is refused before any work; compressed content
/// may inflate to `max_inflated` bytes (0: compressed tokens are refused). With `claims`, the
/// plaintext is validated as JWT claims as by `verify`.
///
/// # Errors
///
/// The core's error for any refusal: `decryption_failed` for anything that does not decrypt.
#[wasm_bindgen]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per decryption from JavaScript"
)]
pub fn decrypt(
    token: &str,
    key: &JweKey,
    algorithms: Vec<String>,
    encryptions: Vec<String>,
    max_p2c: u32,
    max_inflated: u32,
    claims: bool,
    now: f64,
    leeway: f64,
    max_age: Option<f64>,
    issuers: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    subject: Option<String>,
    typ: Option<String>,
    required: Vec<String>,
) -> Result<Decrypted, Failure> {
    let limits = limits(max_p2c, usize::try_from(max_inflated).unwrap_or(usize::MAX));
    let jwe = parse(token, &limits, &algorithms, &encryptions)?;
    if max_inflated == 0 && jwe.is_compressed() {
        return Err(Failure::unsupported(
            "compressed content (\"zip\") is refused: maxDecompressedLength is 0",
        ));
    }
    let decrypter = key.decrypter()?;
    let claims = claims.then(|| Claims {
        now: UnixTime::from_secs(seconds(now)),
        leeway: seconds(leeway),
        max_age: max_age.map(seconds),
        issuers,
        audiences,
        subject,
        typ,
        required,
    });
    // One buffer that always has room, so the key is unwrapped once per token.
    let mut out = Zeroizing::new(vec![0u8; jwe.max_buffer_len()]);
    let decrypted = jwe.decrypt(decrypter, ALL_CONTENT_ENCRYPTIONS, &mut out)?;
    if let Some(claims) = &claims {
        claims.check(|v| decrypted.claims(v).map(|_| ()))?;
    }
    Ok(Decrypted {
        header_json: decrypted.header().json().to_owned(),
        plaintext: decrypted.plaintext().to_vec(),
    })
}

/// Encrypts `plaintext` for the holder of `key` with `enc`; the header holds `alg` (the key's),
/// `enc`, `"zip":"DEF"` when `zip` is set (the plaintext is then compressed), the given `kid`,
/// `typ` and `cty`, and what key management adds. `alg`, when given, must be the key's. `apu`
/// and `apv` (ECDH-ES) and `p2c` (PBES2) are jose's key management parameters.
///
/// # Errors
///
/// `alg_mismatch`; `unsupported_enc`; `key_rejected` for a key that cannot serve `enc`.
#[wasm_bindgen]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per encryption from JavaScript"
)]
pub fn encrypt(
    plaintext: &[u8],
    key: &JweKey,
    alg: Option<String>,
    enc: &str,
    zip: bool,
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
    apu: Option<Vec<u8>>,
    apv: Option<Vec<u8>>,
    p2c: Option<u32>,
) -> Result<String, Failure> {
    if let Some(alg) = alg
        && parse_jwe_alg(&alg)? != key.0.alg()
    {
        return Err(Jose::AlgMismatch.into());
    }
    let content = content(Enc::from_name(enc)?)?;
    let mut header = HeaderParams::new();
    header.kid = kid.as_deref();
    header.typ = typ.as_deref();
    header.cty = cty.as_deref();
    let key = with_parameters(&key.0, apu, apv, p2c)?;
    Ok(key.encrypt(&header, plaintext, content, zip)?)
}

/// `key` with jose's key management parameters: `apu` and `apv` (ECDH-ES), `p2c` (PBES2).
fn with_parameters(
    key: &EncryptionKey,
    apu: Option<Vec<u8>>,
    apv: Option<Vec<u8>>,
    p2c: Option<u32>,
) -> Result<Cow<'_, EncryptionKey>, Failure> {
    // tinyjose-std says `unsupported_alg` for a parameter of another algorithm.
    let other_alg = |e, message: &'static str| {
        Failure::worded(e, Jose::UnsupportedAlg, || Failure::unsupported(message))
    };
    let mut key = Cow::Borrowed(key);
    if apu.is_some() || apv.is_some() {
        let (apu, apv) = (apu.unwrap_or_default(), apv.unwrap_or_default());
        let key_with_party = key.into_owned().with_party_info(apu, apv);
        key = Cow::Owned(
            key_with_party.map_err(|e| other_alg(e, "apu and apv apply to ECDH-ES only"))?,
        );
    }
    if let Some(count) = p2c {
        let key_with_count = key.into_owned().with_pbes2_count(count);
        key = Cow::Owned(key_with_count.map_err(|e| other_alg(e, "p2c applies to PBES2 only"))?);
    }
    Ok(key)
}
