//! Compact JWE: keys for key management, decryption (with the claims of an encrypted JWT) and
//! encryption (with DEFLATE).

use tinyjose_std::tinyjose::{
    AesGcmKwKey, AesKwKey, EcdhEsPublicKey, Error as Jose, KeyReason, Pbes2Key,
};
use tinyjose_std::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, DirectKey, Enc, HeaderParams, JweAlg, JweDecrypter,
    JweEncrypter, Limits, RsaOaepKey, RsaOaepPublicKey, UnixTime, UntrustedJwe,
};
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroizing;

use crate::Failure;
use crate::token::{Claims, seconds};

/// The longest compact JWE accepted: 1 MiB (the JWS limit of 16 KiB would cap the plaintext at
/// about 12 KiB).
const MAX_JWE_LEN: usize = 1024 * 1024;

/// The modulus length of a generated RSA-OAEP key when none is asked for, as in `jose`.
const DEFAULT_RSA_BITS: usize = 2048;

/// What a [`JweKey`] holds.
#[derive(Clone, Debug)]
enum Inner {
    /// `dir`, `A*KW`, `A*GCMKW` and ECDH-ES keys, as the core builds them from a JWK or bytes.
    Core(tinyjose_std::JweKey),
    /// A PBES2 password.
    Pbes2(Pbes2Key),
    /// An RSA-OAEP private key (it also encrypts).
    RsaPrivate(Box<RsaOaepKey>),
    /// An RSA-OAEP public key.
    RsaPublic(Box<RsaOaepPublicKey>),
}

/// A key for JWE key management, bound to one `alg`: what `importJWK`, `generateKeyPair` and
/// `generateSecret` give for a JWE algorithm.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct JweKey {
    inner: Inner,
    kid: Option<String>,
}

#[wasm_bindgen]
impl JweKey {
    /// A key from a JWK's JSON text, for `alg` (or the JWK's own `alg`): `oct` keys for `dir`,
    /// `A*KW` and `A*GCMKW`, `EC`/`OKP` keys for ECDH-ES, `RSA` keys for RSA-OAEP. (A PBES2
    /// password JWK is read by the JavaScript side and given to [`from_secret`](Self::from_secret).)
    ///
    /// # Errors
    ///
    /// The core's JWK errors; `key_rejected` for RSA keys that do not load.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(json: &str, alg: Option<String>) -> Result<Self, Failure> {
        let jwk = tinyjose_std::Jwk::parse(json)?;
        let mut buf = vec![0u8; json.len()];
        let kid = jwk.kid(&mut buf)?.map(str::to_owned);
        let asked = alg.as_deref().map(parse_jwe_alg).transpose()?;
        let rsa = |alg: Option<JweAlg>| -> Result<Inner, Failure> {
            Ok(if jwk.is_private() {
                Inner::RsaPrivate(Box::new(RsaOaepKey::from_jwk(json, alg)?))
            } else {
                Inner::RsaPublic(Box::new(RsaOaepPublicKey::from_jwk(json, alg)?))
            })
        };
        let inner = match asked {
            Some(JweAlg::RsaOaep | JweAlg::RsaOaep256) => rsa(asked)?,
            // The core builds every other JWK key; RSA-OAEP keys that name their own `alg` are
            // left to tinyjose-std.
            _ => match jwk.to_jwe_key(asked) {
                Ok(key) => Inner::Core(key),
                Err(Jose::UnsupportedAlg) if asked.is_none() => rsa(None)?,
                Err(e) => return Err(e.into()),
            },
        };
        Ok(Self { inner, kid })
    }

    /// A key from secret bytes for `alg`: the CEK itself for `dir`, a key-wrapping key for `A*KW`
    /// and `A*GCMKW`, a password for PBES2.
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for another `alg`; `key_rejected` for a length that does not fit.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8], alg: &str) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        let inner = match alg {
            JweAlg::Dir => Inner::Core(tinyjose_std::JweKey::Direct(DirectKey::new(secret)?)),
            JweAlg::A128Kw | JweAlg::A192Kw | JweAlg::A256Kw => {
                Inner::Core(tinyjose_std::JweKey::AesKw(AesKwKey::new(alg, secret)?))
            }
            JweAlg::A128GcmKw | JweAlg::A192GcmKw | JweAlg::A256GcmKw => Inner::Core(
                tinyjose_std::JweKey::AesGcmKw(AesGcmKwKey::new(alg, secret)?),
            ),
            JweAlg::Pbes2Hs256A128Kw | JweAlg::Pbes2Hs384A192Kw | JweAlg::Pbes2Hs512A256Kw => {
                Inner::Pbes2(Pbes2Key::new(alg, secret)?)
            }
            _ => {
                return Err(Failure::new(
                    Jose::KeyRejected(KeyReason::WrongType),
                    format!("{} needs a public or private key, not a secret", alg.name()),
                ));
            }
        };
        Ok(Self { inner, kid: None })
    }

    /// An RSA-OAEP key from PEM text (SPKI, PKCS#8 or PKCS#1), or an ECDH-ES key (SPKI or
    /// PKCS#8, SEC1 too for P-256 and P-384) on P-256, P-384 or X25519. An ECDH-ES private key
    /// from PEM decrypts and encrypts, but is not exported as a private JWK.
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for an `alg` that is neither RSA-OAEP nor ECDH-ES; `key_rejected` with
    /// the reason.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str, alg: &str) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        if alg.is_ecdh_es() {
            return Ok(Self {
                inner: Inner::Core(tinyjose_std::ecdh_es_key_from_pem(pem, alg)?),
                kid: None,
            });
        }
        if !matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
            return Err(Failure::unsupported(format!(
                "PEM keys for {} are not supported",
                alg.name()
            )));
        }
        let inner = if pem.contains("PRIVATE KEY-----") {
            Inner::RsaPrivate(Box::new(RsaOaepKey::from_pem(pem, alg)?))
        } else {
            Inner::RsaPublic(Box::new(RsaOaepPublicKey::from_pem(pem, alg)?))
        };
        Ok(Self { inner, kid: None })
    }

    /// A new private key from `crypto.getRandomValues`: ECDH-ES (any of its four algorithms) on
    /// `crv` (`P-256`, the default, `P-384` or `X25519`), or RSA-OAEP with `modulus_length`
    /// bits (2048, the default, 3072 or 4096).
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for another algorithm; `key_rejected` for another curve or length.
    pub fn generate(
        alg: &str,
        crv: Option<String>,
        modulus_length: Option<usize>,
    ) -> Result<Self, Failure> {
        let alg = parse_jwe_alg(alg)?;
        if matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
            let bits = modulus_length.unwrap_or(DEFAULT_RSA_BITS);
            return Ok(Self {
                inner: Inner::RsaPrivate(Box::new(RsaOaepKey::generate(alg, bits)?)),
                kid: None,
            });
        }
        if !alg.is_ecdh_es() {
            return Err(Jose::UnsupportedAlg.into());
        }
        let crv = crv.as_deref().unwrap_or("P-256");
        if !matches!(crv, "P-256" | "P-384" | "X25519") {
            return Err(Failure::unsupported(format!(
                "ECDH-ES keys on {crv:?} are not supported"
            )));
        }
        Ok(Self {
            inner: Inner::Core(tinyjose_std::generate_ecdh_es_key(alg, crv)?),
            kid: None,
        })
    }

    /// The algorithm the key is bound to.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn alg(&self) -> String {
        self.jwe_alg().name().to_owned()
    }

    /// The `kid` of the JWK it came from.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn kid(&self) -> Option<String> {
        self.kid.clone()
    }

    /// Whether the key can decrypt (a secret, a password or a private key).
    #[wasm_bindgen(getter, js_name = canDecrypt)]
    #[must_use]
    pub fn can_decrypt(&self) -> bool {
        match &self.inner {
            Inner::Core(key) => key.can_decrypt(),
            Inner::Pbes2(_) | Inner::RsaPrivate(_) => true,
            Inner::RsaPublic(_) => false,
        }
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
        match &self.inner {
            Inner::Core(key) => !matches!(
                key,
                tinyjose_std::JweKey::EcdhEsPrivate(..) | tinyjose_std::JweKey::EcdhEsPublic(_)
            ),
            Inner::Pbes2(_) => true,
            Inner::RsaPrivate(_) | Inner::RsaPublic(_) => false,
        }
    }

    /// The public JWK of an ECDH-ES or RSA-OAEP key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self) -> Result<String, Failure> {
        match &self.inner {
            Inner::Core(
                key @ (tinyjose_std::JweKey::EcdhEsPrivate(..)
                | tinyjose_std::JweKey::EcdhEsPublic(_)),
            ) => Ok(tinyjose_std::public_jwe_jwk(key)?),
            Inner::RsaPrivate(key) => Ok(key.public_jwk()),
            Inner::RsaPublic(key) => Ok(key.public_jwk()),
            _ => Err(Failure::new(
                Jose::KeyRejected(KeyReason::WrongType),
                "a secret has no public key",
            )),
        }
    }

    /// The private JWK of an ECDH-ES or RSA-OAEP private key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a public key or a secret.
    #[wasm_bindgen(js_name = privateJwk)]
    pub fn private_jwk(&self) -> Result<String, Failure> {
        match &self.inner {
            Inner::Core(key @ tinyjose_std::JweKey::EcdhEsPrivate(..)) => {
                Ok(tinyjose_std::private_jwe_jwk(key)?.to_string())
            }
            Inner::RsaPrivate(key) => Ok(key.private_jwk().to_string()),
            _ => Err(Failure::new(
                Jose::KeyRejected(KeyReason::WrongUse),
                "only an ECDH-ES or RSA-OAEP private key has a private JWK",
            )),
        }
    }

    /// A copy of the key that only encrypts.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<Self, Failure> {
        let inner = match &self.inner {
            Inner::Core(
                tinyjose_std::JweKey::EcdhEsPrivate(_, public)
                | tinyjose_std::JweKey::EcdhEsPublic(public),
            ) => Inner::Core(tinyjose_std::JweKey::EcdhEsPublic(*public)),
            Inner::RsaPrivate(key) => Inner::RsaPublic(Box::new(key.public_key())),
            Inner::RsaPublic(key) => Inner::RsaPublic(key.clone()),
            _ => {
                return Err(Failure::new(
                    Jose::KeyRejected(KeyReason::WrongType),
                    "a secret has no public key",
                ));
            }
        };
        Ok(Self {
            inner,
            kid: self.kid.clone(),
        })
    }

    /// The RFC 7638 SHA-256 thumbprint of an ECDH-ES or RSA-OAEP key, base64url.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret.
    pub fn thumbprint(&self) -> Result<String, Failure> {
        crate::thumbprint(&self.public_jwk()?)
    }
}

impl JweKey {
    fn jwe_alg(&self) -> JweAlg {
        match &self.inner {
            Inner::Core(key) => JweDecrypter::alg(key),
            Inner::Pbes2(key) => JweDecrypter::alg(key),
            Inner::RsaPrivate(key) => key.alg(),
            Inner::RsaPublic(key) => key.alg(),
        }
    }

    fn decrypter(&self) -> Result<&dyn JweDecrypter, Failure> {
        match &self.inner {
            Inner::Core(key) if key.can_decrypt() => Ok(key),
            Inner::Pbes2(key) => Ok(key),
            Inner::RsaPrivate(key) => Ok(key.as_ref()),
            _ => Err(Failure::new(
                Jose::KeyRejected(KeyReason::WrongUse),
                "a public key cannot decrypt",
            )),
        }
    }
}

/// The core refuses `RSA1_5` by name (`alg_rsa1_5`).
fn parse_jwe_alg(name: &str) -> Result<JweAlg, Failure> {
    Ok(JweAlg::from_name(name)?)
}

fn content(enc: Enc) -> Result<&'static dyn ContentEncryption, Failure> {
    ALL_CONTENT_ENCRYPTIONS
        .iter()
        .copied()
        .find(|c| c.enc() == enc)
        .ok_or_else(|| Jose::UnsupportedEnc.into())
}

/// The limits of a JWE decryption: `p2c` up to `max_p2c`, tokens up to 1 MiB, inflated content
/// up to `max_inflated` bytes.
fn limits(max_p2c: u32, max_inflated: usize) -> Limits {
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
        return Err(Failure::alg_not_allowed(format!(
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
    issuers: Vec<String>,
    audiences: Vec<String>,
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
        && parse_jwe_alg(&alg)? != key.jwe_alg()
    {
        return Err(Jose::AlgMismatch.into());
    }
    let content = content(Enc::from_name(enc)?)?;
    let mut header = HeaderParams::new();
    header.kid = kid.as_deref();
    header.typ = typ.as_deref();
    header.cty = cty.as_deref();
    let seal = |encrypter: &dyn JweEncrypter| -> Result<String, Failure> {
        Ok(tinyjose_std::encrypt_to_string(
            &header, plaintext, encrypter, content, zip,
        )?)
    };
    let party = apu.is_some() || apv.is_some();
    match &key.inner {
        Inner::Core(
            tinyjose_std::JweKey::EcdhEsPrivate(_, public)
            | tinyjose_std::JweKey::EcdhEsPublic(public),
        ) if party => {
            let (apu, apv) = (apu.unwrap_or_default(), apv.unwrap_or_default());
            seal(&rebuild(public)?.with_party_info(&apu, &apv))
        }
        _ if party => Err(Failure::unsupported("apu and apv apply to ECDH-ES only")),
        Inner::Pbes2(password) => match p2c {
            Some(p2c) => seal(&password.clone().with_count(p2c)?),
            None => seal(password),
        },
        _ if p2c.is_some() => Err(Failure::unsupported("p2c applies to PBES2 only")),
        Inner::Core(core) => seal(core),
        Inner::RsaPrivate(rsa) => seal(rsa.as_ref()),
        Inner::RsaPublic(rsa) => seal(rsa.as_ref()),
    }
}

/// A copy of an ECDH-ES public key, free to take party information of another lifetime.
fn rebuild(public: &EcdhEsPublicKey<'_>) -> Result<EcdhEsPublicKey<'static>, Failure> {
    let alg = JweEncrypter::alg(public);
    Ok(match (public.crv(), public.y()) {
        ("P-256", Some(y)) => EcdhEsPublicKey::p256(alg, public.x(), y)?,
        ("P-384", Some(y)) => EcdhEsPublicKey::p384(alg, public.x(), y)?,
        _ => EcdhEsPublicKey::x25519(alg, public.x())?,
    })
}
