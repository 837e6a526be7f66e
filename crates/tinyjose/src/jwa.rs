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
}

impl JwsAlg {
    /// Every variant, in RFC 7518 order.
    pub const ALL: [Self; 13] = [
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
