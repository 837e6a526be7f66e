//! Algorithm identifiers (RFC 7518 §3, RFC 8037 §3.1), with no way to say `none`.

use crate::Error;

/// A JWS `alg` value (RFC 7518 §3.1, RFC 8037 §3.1).
///
/// There is no `none` variant: an unsecured token cannot be expressed, so it cannot be accepted.
/// Which variants can be verified depends on the enabled features and on the key: the key, not
/// the token, decides the algorithm.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, JwsAlg};
///
/// assert_eq!(JwsAlg::from_name("ES256"), Ok(JwsAlg::Es256));
/// assert_eq!(JwsAlg::Es256.name(), "ES256");
/// assert_eq!(JwsAlg::from_name("none"), Err(Error::AlgNone));
/// assert_eq!(JwsAlg::from_name("HS257"), Err(Error::UnsupportedAlg));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwsAlg {
    /// HMAC using SHA-256 (RFC 7518 §3.2). Required.
    Hs256,
    /// HMAC using SHA-384 (RFC 7518 §3.2). Optional.
    Hs384,
    /// HMAC using SHA-512 (RFC 7518 §3.2). Optional.
    Hs512,
    /// RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3). Recommended.
    Rs256,
    /// RSASSA-PKCS1-v1_5 using SHA-384 (RFC 7518 §3.3). Optional.
    Rs384,
    /// RSASSA-PKCS1-v1_5 using SHA-512 (RFC 7518 §3.3). Optional.
    Rs512,
    /// ECDSA using P-256 and SHA-256 (RFC 7518 §3.4). Recommended+.
    Es256,
    /// ECDSA using P-384 and SHA-384 (RFC 7518 §3.4). Optional.
    Es384,
    /// ECDSA using P-521 and SHA-512 (RFC 7518 §3.4). Optional.
    Es512,
    /// RSASSA-PSS using SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5). Optional.
    Ps256,
    /// RSASSA-PSS using SHA-384 and MGF1 with SHA-384 (RFC 7518 §3.5). Optional.
    Ps384,
    /// RSASSA-PSS using SHA-512 and MGF1 with SHA-512 (RFC 7518 §3.5). Optional.
    Ps512,
    /// EdDSA (RFC 8037 §3.1); tinyjose supports the Ed25519 curve.
    EdDsa,
    /// EdDSA with Ed25519, by its fully specified name (RFC 9864 §2.2), which RFC 9864
    /// prefers to `EdDSA`. The signature is the same; a key verifies the one name it is bound to.
    Ed25519,
}

impl JwsAlg {
    /// Every variant, in RFC 7518 order, then RFC 8037's and RFC 9864's.
    pub const ALL: [Self; 14] = [
        Self::Hs256,
        Self::Hs384,
        Self::Hs512,
        Self::Rs256,
        Self::Rs384,
        Self::Rs512,
        Self::Es256,
        Self::Es384,
        Self::Es512,
        Self::Ps256,
        Self::Ps384,
        Self::Ps512,
        Self::EdDsa,
        Self::Ed25519,
    ];

    /// The registered name, as it appears in a header.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Hs384 => "HS384",
            Self::Hs512 => "HS512",
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
            Self::Es256 => "ES256",
            Self::Es384 => "ES384",
            Self::Es512 => "ES512",
            Self::Ps256 => "PS256",
            Self::Ps384 => "PS384",
            Self::Ps512 => "PS512",
            Self::EdDsa => "EdDSA",
            Self::Ed25519 => "Ed25519",
        }
    }

    /// The algorithm registered as `name` (case-sensitive, RFC 7515 §4.1.1).
    ///
    /// # Errors
    ///
    /// [`Error::AlgNone`] for `none`, [`Error::UnsupportedAlg`] for any other unknown name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        if name == "none" {
            return Err(Error::AlgNone);
        }
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or(Error::UnsupportedAlg)
    }

    /// Whether this is an RSA algorithm (RS256, RS384, RS512, PS256, PS384, PS512).
    #[must_use]
    pub const fn is_rsa(self) -> bool {
        matches!(
            self,
            Self::Rs256 | Self::Rs384 | Self::Rs512 | Self::Ps256 | Self::Ps384 | Self::Ps512
        )
    }

    /// Whether this is an HMAC algorithm, keyed with a shared secret.
    #[must_use]
    pub const fn is_symmetric(self) -> bool {
        matches!(self, Self::Hs256 | Self::Hs384 | Self::Hs512)
    }
}

impl core::fmt::Display for JwsAlg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A JWE `enc` value: the content encryption algorithm (RFC 7518 §5.1).
///
/// # Examples
///
/// ```
/// use tinyjose::{Enc, Error};
///
/// assert_eq!(Enc::from_name("A256GCM"), Ok(Enc::A256Gcm));
/// assert_eq!(Enc::A128CbcHs256.key_len(), 32);
/// assert_eq!(Enc::from_name("A256CTR"), Err(Error::UnsupportedEnc));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Enc {
    /// AES-128-CBC with HMAC-SHA-256 truncated to 128 bits (RFC 7518 §5.2.3). Required.
    A128CbcHs256,
    /// AES-192-CBC with HMAC-SHA-384 truncated to 192 bits (RFC 7518 §5.2.4). Optional.
    A192CbcHs384,
    /// AES-256-CBC with HMAC-SHA-512 truncated to 256 bits (RFC 7518 §5.2.5). Required.
    A256CbcHs512,
    /// AES-GCM with a 128-bit key (RFC 7518 §5.3). Recommended.
    A128Gcm,
    /// AES-GCM with a 192-bit key (RFC 7518 §5.3). Optional.
    A192Gcm,
    /// AES-GCM with a 256-bit key (RFC 7518 §5.3). Recommended.
    A256Gcm,
}

impl Enc {
    /// Every registered value, in RFC 7518 order.
    pub const ALL: [Self; 6] = [
        Self::A128CbcHs256,
        Self::A192CbcHs384,
        Self::A256CbcHs512,
        Self::A128Gcm,
        Self::A192Gcm,
        Self::A256Gcm,
    ];

    /// The registered name, as it appears in a header.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::A128CbcHs256 => "A128CBC-HS256",
            Self::A192CbcHs384 => "A192CBC-HS384",
            Self::A256CbcHs512 => "A256CBC-HS512",
            Self::A128Gcm => "A128GCM",
            Self::A192Gcm => "A192GCM",
            Self::A256Gcm => "A256GCM",
        }
    }

    /// The value registered as `name` (case-sensitive).
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedEnc`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or(Error::UnsupportedEnc)
    }

    /// The length of the content encryption key (CEK), in bytes.
    #[must_use]
    pub const fn key_len(self) -> usize {
        match self {
            Self::A128Gcm => 16,
            Self::A192Gcm => 24,
            Self::A256Gcm | Self::A128CbcHs256 => 32,
            Self::A192CbcHs384 => 48,
            Self::A256CbcHs512 => 64,
        }
    }

    /// The length of the initialization vector, in bytes: 16 for CBC, 12 for GCM.
    #[must_use]
    pub const fn iv_len(self) -> usize {
        match self {
            Self::A128CbcHs256 | Self::A192CbcHs384 | Self::A256CbcHs512 => 16,
            Self::A128Gcm | Self::A192Gcm | Self::A256Gcm => 12,
        }
    }

    /// The length of the authentication tag, in bytes.
    #[must_use]
    pub const fn tag_len(self) -> usize {
        match self {
            Self::A192CbcHs384 => 24,
            Self::A256CbcHs512 => 32,
            _ => 16,
        }
    }

    /// The ciphertext length for a plaintext of `len` bytes: the same for GCM, padded to the next
    /// whole block (PKCS#7, always at least one byte) for CBC.
    #[must_use]
    pub const fn ciphertext_len(self, len: usize) -> usize {
        match self {
            // The next multiple of 16 above `len`.
            Self::A128CbcHs256 | Self::A192CbcHs384 | Self::A256CbcHs512 => {
                (len | 15).saturating_add(1)
            }
            Self::A128Gcm | Self::A192Gcm | Self::A256Gcm => len,
        }
    }
}

impl core::fmt::Display for Enc {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A JWE `alg` value: the key management algorithm (RFC 7518 §4.1).
///
/// `RSA1_5` has no variant: RSAES-PKCS1-v1_5 key transport invites padding oracles
/// (RFC 8725 §3.2), so it is refused by name, with [`Error::AlgRsa1_5`]. RSA-OAEP is implemented outside the core, in
/// `tinyjose-std`.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, JweAlg};
///
/// assert_eq!(JweAlg::from_name("ECDH-ES+A128KW"), Ok(JweAlg::EcdhEsA128Kw));
/// assert_eq!(JweAlg::from_name("RSA1_5"), Err(Error::AlgRsa1_5));
/// assert_eq!(JweAlg::from_name("RSA1_6"), Err(Error::UnsupportedAlg));
/// assert_eq!(JweAlg::A256Kw.key_len(), Some(32));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JweAlg {
    /// RSAES OAEP using default parameters (SHA-1, MGF1 with SHA-1) (RFC 7518 §4.3).
    RsaOaep,
    /// RSAES OAEP using SHA-256 and MGF1 with SHA-256 (RFC 7518 §4.3).
    RsaOaep256,
    /// AES Key Wrap with a 128-bit key (RFC 7518 §4.4). Recommended.
    A128Kw,
    /// AES Key Wrap with a 192-bit key (RFC 7518 §4.4). Optional.
    A192Kw,
    /// AES Key Wrap with a 256-bit key (RFC 7518 §4.4). Recommended.
    A256Kw,
    /// Direct use of a shared symmetric key as the CEK (RFC 7518 §4.5). Recommended.
    Dir,
    /// ECDH-ES direct key agreement with the Concat KDF (RFC 7518 §4.6). Recommended+.
    EcdhEs,
    /// ECDH-ES with the derived key wrapping the CEK with A128KW (RFC 7518 §4.6). Recommended.
    EcdhEsA128Kw,
    /// ECDH-ES with the derived key wrapping the CEK with A192KW (RFC 7518 §4.6). Optional.
    EcdhEsA192Kw,
    /// ECDH-ES with the derived key wrapping the CEK with A256KW (RFC 7518 §4.6). Recommended.
    EcdhEsA256Kw,
    /// Key wrapping with AES-GCM using a 128-bit key (RFC 7518 §4.7). Optional.
    A128GcmKw,
    /// Key wrapping with AES-GCM using a 192-bit key (RFC 7518 §4.7). Optional.
    A192GcmKw,
    /// Key wrapping with AES-GCM using a 256-bit key (RFC 7518 §4.7). Optional.
    A256GcmKw,
    /// PBES2 with HMAC-SHA-256 and A128KW (RFC 7518 §4.8). Optional.
    Pbes2Hs256A128Kw,
    /// PBES2 with HMAC-SHA-384 and A192KW (RFC 7518 §4.8). Optional.
    Pbes2Hs384A192Kw,
    /// PBES2 with HMAC-SHA-512 and A256KW (RFC 7518 §4.8). Optional.
    Pbes2Hs512A256Kw,
}

impl JweAlg {
    /// Every supported value, in RFC 7518 order.
    pub const ALL: [Self; 16] = [
        Self::RsaOaep,
        Self::RsaOaep256,
        Self::A128Kw,
        Self::A192Kw,
        Self::A256Kw,
        Self::Dir,
        Self::EcdhEs,
        Self::EcdhEsA128Kw,
        Self::EcdhEsA192Kw,
        Self::EcdhEsA256Kw,
        Self::A128GcmKw,
        Self::A192GcmKw,
        Self::A256GcmKw,
        Self::Pbes2Hs256A128Kw,
        Self::Pbes2Hs384A192Kw,
        Self::Pbes2Hs512A256Kw,
    ];

    /// The registered name, as it appears in a header.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::RsaOaep => "RSA-OAEP",
            Self::RsaOaep256 => "RSA-OAEP-256",
            Self::A128Kw => "A128KW",
            Self::A192Kw => "A192KW",
            Self::A256Kw => "A256KW",
            Self::Dir => "dir",
            Self::EcdhEs => "ECDH-ES",
            Self::EcdhEsA128Kw => "ECDH-ES+A128KW",
            Self::EcdhEsA192Kw => "ECDH-ES+A192KW",
            Self::EcdhEsA256Kw => "ECDH-ES+A256KW",
            Self::A128GcmKw => "A128GCMKW",
            Self::A192GcmKw => "A192GCMKW",
            Self::A256GcmKw => "A256GCMKW",
            Self::Pbes2Hs256A128Kw => "PBES2-HS256+A128KW",
            Self::Pbes2Hs384A192Kw => "PBES2-HS384+A192KW",
            Self::Pbes2Hs512A256Kw => "PBES2-HS512+A256KW",
        }
    }

    /// The algorithm registered as `name` (case-sensitive).
    ///
    /// # Errors
    ///
    /// [`Error::AlgRsa1_5`] for `RSA1_5`, [`Error::AlgNone`] for `none`,
    /// [`Error::UnsupportedAlg`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match name {
            "RSA1_5" => Err(Error::AlgRsa1_5),
            "none" => Err(Error::AlgNone),
            _ => Self::ALL
                .into_iter()
                .find(|a| a.name() == name)
                .ok_or(Error::UnsupportedAlg),
        }
    }

    /// The length of the AES key-wrapping key this algorithm uses or derives, in bytes; `None` for
    /// `dir`, `ECDH-ES` (direct) and RSA-OAEP.
    #[must_use]
    pub const fn key_len(self) -> Option<usize> {
        match self {
            Self::A128Kw | Self::EcdhEsA128Kw | Self::A128GcmKw | Self::Pbes2Hs256A128Kw => {
                Some(16)
            }
            Self::A192Kw | Self::EcdhEsA192Kw | Self::A192GcmKw | Self::Pbes2Hs384A192Kw => {
                Some(24)
            }
            Self::A256Kw | Self::EcdhEsA256Kw | Self::A256GcmKw | Self::Pbes2Hs512A256Kw => {
                Some(32)
            }
            Self::RsaOaep | Self::RsaOaep256 | Self::Dir | Self::EcdhEs => None,
        }
    }

    /// Whether this is an ECDH-ES algorithm, direct or with key wrapping.
    #[must_use]
    pub const fn is_ecdh_es(self) -> bool {
        matches!(
            self,
            Self::EcdhEs | Self::EcdhEsA128Kw | Self::EcdhEsA192Kw | Self::EcdhEsA256Kw
        )
    }

    /// Whether this is a PBES2 algorithm, whose key is derived from a password.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tinyjose::JweAlg::Pbes2Hs256A128Kw.is_pbes2());
    /// assert!(!tinyjose::JweAlg::A128Kw.is_pbes2());
    /// ```
    #[must_use]
    pub const fn is_pbes2(self) -> bool {
        matches!(
            self,
            Self::Pbes2Hs256A128Kw | Self::Pbes2Hs384A192Kw | Self::Pbes2Hs512A256Kw
        )
    }
}

impl core::fmt::Display for JweAlg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
