//! New keys from the operating system's randomness (`getrandom`).

#[cfg(feature = "jwe")]
use tinyjose::jwe::EcdhEsPrivateKey;
#[cfg(feature = "jwe")]
use tinyjose::rand_core::UnwrapErr;
use tinyjose::{
    Ed25519SigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, JwkKey, JwsAlg,
};
#[cfg(feature = "jwe")]
use tinyjose::{JweAlg, JweKey};
use zeroize::Zeroizing;

#[cfg(feature = "jwe")]
use crate::rng::OsRng;
use crate::{KeyError, Result};

/// `len` random bytes for an HMAC secret, wiped when dropped.
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) if the operating system gives no randomness.
///
/// # Examples
///
/// ```
/// let secret = tinyjose_std::generate_secret(32)?;
/// assert_eq!(secret.len(), 32);
/// assert!(tinyjose::HmacKey::hs256(&secret).is_ok());
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn generate_secret(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut secret = Zeroizing::new(vec![0u8; len]);
    fill(&mut secret)?;
    Ok(secret)
}

/// A new private key for ES256, ES384, ES512 or EdDSA.
///
/// EC scalars are drawn uniformly by rejection: random bytes of the order's size (the top
/// seven bits cleared for P-521) until the value is in `[1, n-1]`.
///
/// A [`JwkKey`] holds only the public half of an RSA key: generate RSA keys with
/// [`RsaSigningKey::generate`](crate::RsaSigningKey::generate).
///
/// # Errors
///
/// [`tinyjose::Error::UnsupportedAlg`] for an HMAC algorithm (use [`generate_secret`]);
/// [`Error::Key`](crate::Error::Key) for an RSA algorithm, saying to use
/// [`RsaSigningKey::generate`](crate::RsaSigningKey::generate), or if the operating system
/// gives no randomness.
///
/// # Examples
///
/// ```
/// use tinyjose::{JwsAlg, JwsVerifier};
///
/// let key = tinyjose_std::generate_signing_key(JwsAlg::Es256)?;
/// assert_eq!(key.alg(), JwsAlg::Es256);
/// assert!(key.as_signer().is_some());
///
/// let rsa = tinyjose_std::generate_signing_key(JwsAlg::Rs256).unwrap_err();
/// assert!(rsa.to_string().contains("RsaSigningKey::generate"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn generate_signing_key(alg: JwsAlg) -> Result<JwkKey> {
    macro_rules! ec {
        ($Key:ident, $Variant:ident, $size:literal, $top_mask:literal) => {{
            loop {
                let mut d = Zeroizing::new([0u8; $size]);
                fill(&mut d[..])?;
                d[0] &= $top_mask;
                if let Ok(key) = $Key::from_bytes(&d[..]) {
                    let public = key.verifying_key();
                    break JwkKey::$Variant(key, public);
                }
            }
        }};
    }
    Ok(match alg {
        JwsAlg::Es256 => ec!(Es256SigningKey, Es256Private, 32, 0xff),
        JwsAlg::Es384 => ec!(Es384SigningKey, Es384Private, 48, 0xff),
        JwsAlg::Es512 => ec!(Es512SigningKey, Es512Private, 66, 0x01),
        JwsAlg::EdDsa | JwsAlg::Ed25519 => {
            let mut seed = Zeroizing::new([0u8; 32]);
            fill(&mut seed[..])?;
            let key = Ed25519SigningKey::from_bytes(&seed[..])?.for_alg(alg)?;
            let public = key.verifying_key();
            JwkKey::Ed25519Private(key, public)
        }
        alg if alg.is_rsa() => {
            return Err(KeyError::new(format!(
                "a JwkKey holds only RSA public keys: generate {alg} keys with \
                 RsaSigningKey::generate({alg:?}, bits)"
            ))
            .into());
        }
        _ => return Err(tinyjose::Error::UnsupportedAlg.into()),
    })
}

#[cfg(feature = "jwe")]
/// A new ECDH-ES private key for `alg` (`ECDH-ES` or `ECDH-ES+A*KW`) on `crv` (`P-256`, `P-384`
/// or `X25519`), from the operating system's randomness: the core's
/// [`EcdhEsPrivateKey::generate`](tinyjose::jwe::EcdhEsPrivateKey::generate), with its public key.
///
/// # Errors
///
/// The core's: [`tinyjose::Error::UnsupportedAlg`] for another `alg`,
/// [`tinyjose::Error::KeyRejected`] for another curve; [`crate::Error::Key`] if the operating
/// system gives no randomness.
///
/// # Examples
///
/// ```
/// use tinyjose::{JweAlg, JweKey};
///
/// let key = tinyjose_std::generate_ecdh_es_key(JweAlg::EcdhEsA256Kw, "P-384")?;
/// assert!(matches!(key, JweKey::EcdhEsPrivate(..)));
/// let jwk = tinyjose_std::private_jwe_jwk(&key)?;
/// assert!(jwk.starts_with(r#"{"crv":"P-384","d":""#));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn generate_ecdh_es_key(alg: JweAlg, crv: &str) -> Result<JweKey> {
    fill(&mut [0u8; 1])?;
    let mut rng = UnwrapErr(OsRng);
    let private = EcdhEsPrivateKey::generate(alg, crv, &mut rng)?;
    let public = private.public_key();
    Ok(JweKey::EcdhEsPrivate(private, public))
}

fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|e| KeyError::with_source("the operating system gave no randomness", e).into())
}
