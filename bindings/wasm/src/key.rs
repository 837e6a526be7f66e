//! Keys and key sets, as opaque JavaScript objects.

use tinyjose_std::tinyjose::Error as Jose;
use tinyjose_std::{JwkKey, JwsAlg, JwsSigner, JwsVerifier, RsaSigningKey};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::Failure;

/// The modulus length of a generated RSA key when none is asked for, as in `jose`.
const DEFAULT_RSA_BITS: usize = 2048;

/// A key bound to one algorithm: what `importJWK`, `generateKeyPair` and `generateSecret` give.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Key {
    /// The key as the core holds it: what verifies (for an RSA private key, its public half).
    key: JwkKey,
    /// The private half of an RSA key, which signs; the core's keys only verify RSA.
    rsa: Option<RsaSigningKey>,
    kid: Option<String>,
}

#[wasm_bindgen]
impl Key {
    /// A key from a JWK's JSON text, for `alg` (or the JWK's own `alg`, or the one its curve
    /// implies; an RSA JWK names no curve, so it needs one or the other).
    ///
    /// # Errors
    ///
    /// The core's JWK errors; `key_rejected` for an RSA private key whose members do not agree.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(json: &str, alg: Option<String>) -> Result<Self, Failure> {
        let jwk = tinyjose_std::Jwk::parse(json)?;
        let alg = alg.as_deref().map(parse_alg).transpose()?;
        let mut buf = vec![0u8; json.len()];
        let kid = jwk.kid(&mut buf)?.map(str::to_owned);
        if !jwk.is_private() {
            return Ok(Self::new(jwk.to_key(alg)?, kid));
        }
        match jwk.to_signing_key(alg) {
            // The core signs with every algorithm but RSA, and says so only once the JWK has
            // passed its checks (algorithm, `use`, `key_ops`, private members).
            Err(Jose::UnsupportedAlg) => {
                let mut key = Self::from(RsaSigningKey::from_jwk(json, alg)?);
                key.kid = kid;
                Ok(key)
            }
            // A private key that may not sign (`key_ops`) still verifies.
            signing => Ok(Self::new(signing.or_else(|_| jwk.to_key(alg))?, kid)),
        }
    }

    /// An HMAC key from secret bytes.
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for a non-HMAC `alg`; `key_rejected` for a secret shorter than the hash.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8], alg: &str) -> Result<Self, Failure> {
        let key = tinyjose_std::HmacKey::new(parse_alg(alg)?, secret)?;
        Ok(Self::new(JwkKey::Hmac(key), None))
    }

    /// A key from PEM text: SPKI (`importSPKI`) or PKCS#8 (`importPKCS8`), for `alg`; RSA keys
    /// also as PKCS#1, and need `alg`.
    ///
    /// # Errors
    ///
    /// `key_rejected` with the reason.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str, alg: Option<String>) -> Result<Self, Failure> {
        let alg = alg.as_deref().map(parse_alg).transpose()?;
        if let Some(alg) = alg
            && alg.is_rsa()
            && pem.contains("PRIVATE KEY-----")
        {
            return Ok(RsaSigningKey::from_pem(pem, alg)?.into());
        }
        Ok(Self::new(tinyjose_std::key_from_pem(pem, alg)?, None))
    }

    /// A new private key from `crypto.getRandomValues`: ES256, ES384, ES512 or EdDSA, or an
    /// RSA algorithm with a modulus of `modulus_length` bits (2048, 3072 or 4096; 2048 when
    /// not given).
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for other algorithms; `key_rejected` for another modulus length.
    pub fn generate(alg: &str, modulus_length: Option<usize>) -> Result<Self, Failure> {
        let alg = parse_alg(alg)?;
        if alg.is_rsa() {
            let bits = modulus_length.unwrap_or(DEFAULT_RSA_BITS);
            return Ok(RsaSigningKey::generate(alg, bits)?.into());
        }
        Ok(Self::new(tinyjose_std::generate_signing_key(alg)?, None))
    }

    /// The algorithm the key is bound to.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn alg(&self) -> String {
        self.key.alg().name().to_owned()
    }

    /// The `kid` of the JWK it came from.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn kid(&self) -> Option<String> {
        self.kid.clone()
    }

    /// Whether the key can sign.
    #[wasm_bindgen(getter, js_name = canSign)]
    #[must_use]
    pub fn can_sign(&self) -> bool {
        self.signer().is_some()
    }

    /// A JWS key never decrypts.
    #[wasm_bindgen(getter, js_name = canDecrypt)]
    #[must_use]
    pub fn can_decrypt(&self) -> bool {
        false
    }

    /// Whether it is an HMAC secret.
    #[wasm_bindgen(getter, js_name = isSecret)]
    #[must_use]
    pub fn is_secret(&self) -> bool {
        self.key.alg().is_symmetric()
    }

    /// The public JWK (RFC 7638 members) of an asymmetric key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self) -> Result<String, Failure> {
        Ok(tinyjose_std::public_jwk(&self.key)?)
    }

    /// The private JWK of an asymmetric private key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a public key or an HMAC secret.
    #[wasm_bindgen(js_name = privateJwk)]
    pub fn private_jwk(&self) -> Result<String, Failure> {
        match &self.rsa {
            Some(rsa) => Ok(rsa.private_jwk().to_string()),
            None => Ok(tinyjose_std::private_jwk(&self.key)?.to_string()),
        }
    }

    /// A copy of the key that only verifies.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<Self, Failure> {
        // An RSA key holds its public half as it is.
        let key = if let JwkKey::Rsa(_) = &self.key {
            self.key.clone()
        } else {
            let json = tinyjose_std::public_jwk(&self.key)?;
            tinyjose_std::Jwk::parse(&json)?.to_key(Some(self.key.alg()))?
        };
        Ok(Self::new(key, self.kid.clone()))
    }

    /// The RFC 7638 SHA-256 thumbprint of an asymmetric key, base64url.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret.
    pub fn thumbprint(&self) -> Result<String, Failure> {
        thumbprint(&tinyjose_std::public_jwk(&self.key)?)
    }
}

impl Key {
    fn new(key: JwkKey, kid: Option<String>) -> Self {
        Self {
            key,
            rsa: None,
            kid,
        }
    }

    /// What signs with this key, if it can.
    pub(crate) fn signer(&self) -> Option<&dyn JwsSigner> {
        match &self.rsa {
            Some(rsa) => Some(rsa),
            None => self.key.as_signer(),
        }
    }
}

impl From<RsaSigningKey> for Key {
    fn from(rsa: RsaSigningKey) -> Self {
        Self {
            key: JwkKey::Rsa(rsa.verifying_key()),
            rsa: Some(rsa),
            kid: None,
        }
    }
}

/// The RFC 7638 SHA-256 thumbprint of a JWK's JSON text (any `kty`), base64url.
///
/// # Errors
///
/// `key_rejected` if a required member is missing.
#[wasm_bindgen]
pub fn thumbprint(jwk: &str) -> Result<String, Failure> {
    let mut out = [0u8; 43];
    Ok(tinyjose_std::Jwk::parse(jwk)?
        .thumbprint_b64(&mut out)?
        .to_owned())
}

/// Keys chosen per token by `kid` and `alg`: a JWK Set, or one key, or a secret.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct KeySet(tinyjose_std::KeySet);

#[wasm_bindgen]
impl KeySet {
    /// The keys of a JWK Set's JSON text (`createLocalJWKSet`).
    ///
    /// # Errors
    ///
    /// The core's JWK Set errors.
    #[wasm_bindgen(js_name = fromJwks)]
    pub fn from_jwks(json: &str) -> Result<Self, Failure> {
        Ok(Self(tinyjose_std::KeySet::from_jwks(json)?))
    }

    /// One JWK's JSON text, serving every token whatever its `kid`.
    ///
    /// # Errors
    ///
    /// The core's JWK errors.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(json: &str) -> Result<Self, Failure> {
        Ok(Self(tinyjose_std::KeySet::from_jwk(json)?))
    }

    /// An HMAC secret, for each of HS256/384/512 its length allows.
    ///
    /// # Errors
    ///
    /// `key_rejected` for a secret shorter than 32 bytes.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8]) -> Result<Self, Failure> {
        Ok(Self(tinyjose_std::KeySet::from_secret(secret)?))
    }

    /// One imported key, serving every token whatever its `kid`.
    #[wasm_bindgen(js_name = fromKey)]
    #[must_use]
    pub fn from_key(key: &Key) -> Self {
        Self(tinyjose_std::KeySet::from(key.key.clone()))
    }

    /// How many (key, algorithm) pairs the set holds.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn size(&self) -> usize {
        self.0.len()
    }
}

impl KeySet {
    pub(crate) fn inner(&self) -> &tinyjose_std::KeySet {
        &self.0
    }
}

pub(crate) fn parse_alg(name: &str) -> Result<JwsAlg, Failure> {
    Ok(JwsAlg::from_name(name)?)
}
