//! Keys and key sets, as opaque JavaScript objects.

use tinyjose_std::{JwsAlg, JwsSigner, SignatureKey};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::Failure;

/// A key bound to one algorithm: what `importJWK`, `generateKeyPair` and `generateSecret` give.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Key(SignatureKey);

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
        Ok(Self(SignatureKey::from_jwk(
            json,
            parse_optional_alg(alg)?,
        )?))
    }

    /// An HMAC key from secret bytes.
    ///
    /// # Errors
    ///
    /// `unsupported_alg` for a non-HMAC `alg`; `key_rejected` for a secret shorter than the hash.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8], alg: &str) -> Result<Self, Failure> {
        Ok(Self(SignatureKey::from_secret(secret, parse_alg(alg)?)?))
    }

    #[cfg(feature = "rsa-private")]
    /// A key from PEM text: SPKI (`importSPKI`) or PKCS#8 (`importPKCS8`), for `alg`; RSA keys
    /// also as PKCS#1, and need `alg`.
    ///
    /// # Errors
    ///
    /// `key_rejected` with the reason.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str, alg: Option<String>) -> Result<Self, Failure> {
        Ok(Self(SignatureKey::from_pem(pem, parse_optional_alg(alg)?)?))
    }

    /// A new private key from `crypto.getRandomValues`, as `tinyjose-std` makes it: ES256,
    /// ES384, ES512 or EdDSA, an RSA algorithm with a modulus of `modulus_length` bits (2048,
    /// 3072 or 4096; 2048 when not given), or an HMAC secret.
    ///
    /// Only in the module of the root entry point (`generateKeyPair`), which has RSA private keys.
    ///
    /// # Errors
    ///
    /// `key_rejected` for another modulus length, or a length given for a curve.
    #[cfg(feature = "rsa-private")]
    pub fn generate(alg: &str, modulus_length: Option<usize>) -> Result<Self, Failure> {
        Ok(Self(SignatureKey::generate(
            parse_alg(alg)?,
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
        self.0.is_secret()
    }

    /// The public JWK (RFC 7638 members) of an asymmetric key.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret.
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self) -> Result<String, Failure> {
        Ok(self.0.public_jwk()?)
    }

    /// The private JWK of a private key (`{"k":…,"kty":"oct"}` for an HMAC secret).
    ///
    /// # Errors
    ///
    /// `key_rejected` for a public key.
    #[wasm_bindgen(js_name = privateJwk)]
    pub fn private_jwk(&self) -> Result<String, Failure> {
        Ok(self.0.private_jwk()?.to_string())
    }

    /// A copy of the key that only verifies.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<Self, Failure> {
        Ok(Self(self.0.public_key()?))
    }

    /// The RFC 7638 SHA-256 thumbprint of an asymmetric key, base64url.
    ///
    /// # Errors
    ///
    /// `key_rejected` for an HMAC secret, whose thumbprint would be that of its secret.
    pub fn thumbprint(&self) -> Result<String, Failure> {
        Ok(self.0.public_key()?.thumbprint()?)
    }
}

impl Key {
    /// The owned key of `tinyjose-std` this wraps.
    pub(crate) fn signature_key(&self) -> &SignatureKey {
        &self.0
    }

    /// What signs with this key, if it can.
    pub(crate) fn signer(&self) -> Option<&dyn JwsSigner> {
        self.0.signer()
    }

    /// The algorithm the key is bound to.
    #[cfg(not(feature = "rsa-private"))]
    pub(crate) fn jws_alg(&self) -> JwsAlg {
        self.0.alg()
    }
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
        Ok(Self::parse_jwks(json)?)
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
        Self(tinyjose_std::KeySet::from(key.0.verifier().clone()))
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

    /// The keys of a JWK Set's JSON text, or the core's error: `from_jwks`, and the body of a
    /// remote JWK Set (whose cache records the error).
    pub(crate) fn parse_jwks(json: &str) -> Result<Self, tinyjose_std::Error> {
        tinyjose_std::KeySet::from_jwks(json).map(Self)
    }
}

pub(crate) fn parse_alg(name: &str) -> Result<JwsAlg, Failure> {
    Ok(JwsAlg::from_name(name)?)
}

fn parse_optional_alg(name: Option<String>) -> Result<Option<JwsAlg>, Failure> {
    name.as_deref().map(parse_alg).transpose()
}
