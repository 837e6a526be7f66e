//! Owned outputs: the core's sign, verify and JWK export into `Vec` and `String`, sized exactly
//! by the core's length helpers.

#[cfg(feature = "jwe")]
use tinyjose::JweKey;
use tinyjose::{HeaderParams, JwkKey, JwsSigner, JwsVerifier, UntrustedJws, compact_len};
use zeroize::Zeroizing;

use crate::Result;

/// Verifies `jws` with `key` and returns its payload.
///
/// The buffer is sized by [`UntrustedJws::payload_len`]; it is wiped if verification fails.
///
/// # Errors
///
/// The errors of [`UntrustedJws::verify`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, UntrustedJws};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let jws = UntrustedJws::parse(
///     "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M",
/// )?;
/// assert_eq!(tinyjose_std::verify_to_vec(&jws, &key)?, b"hello");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_to_vec(jws: &UntrustedJws<'_>, key: &dyn JwsVerifier) -> Result<Vec<u8>> {
    let mut out = vec![0u8; jws.payload_len()];
    let len = jws.verify(key, &mut out)?.payload().len();
    out.truncate(len);
    Ok(out)
}

/// Signs `payload` with `signer` and returns the compact JWS.
///
/// # Errors
///
/// The errors of the signer.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let token = tinyjose_std::sign_to_string(&HeaderParams::new(), b"hello", &key)?;
/// assert_eq!(token, "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn sign_to_string(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
) -> Result<String> {
    compact_to_string(header, payload, signer, tinyjose::sign)
}

/// The core's compact signing functions, [`tinyjose::sign`] and [`tinyjose::sign_detached`].
pub(crate) type CompactSign = for<'o> fn(
    &HeaderParams<'_>,
    &[u8],
    &dyn JwsSigner,
    &'o mut [u8],
) -> core::result::Result<&'o str, tinyjose::Error>;

/// A compact JWS that `sign` (the core's [`tinyjose::sign`] or [`tinyjose::sign_detached`])
/// writes, in a buffer of [`compact_len`] bytes: the size of the encoded payload, which an
/// unencoded or detached one never exceeds.
pub(crate) fn compact_to_string(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
    sign: CompactSign,
) -> Result<String> {
    let len = compact_len(
        header.json_len(signer.alg()),
        payload.len(),
        signer.signature_len(),
    );
    let mut out = vec![0u8; len];
    let token = sign(header, payload, signer, &mut out)?;
    Ok(token.to_owned())
}

/// The public JWK of an asymmetric key, members in RFC 7638 order.
///
/// # Errors
///
/// [`tinyjose::Error::KeyRejected`] for an HMAC secret, which has no public form.
///
/// # Examples
///
/// ```
/// use tinyjose::{Ed25519SigningKey, JwkKey};
///
/// let key = Ed25519SigningKey::from_bytes(&[9; 32])?;
/// let jwk = tinyjose_std::public_jwk(&JwkKey::Ed25519(key.verifying_key()))?;
/// assert!(jwk.starts_with(r#"{"crv":"Ed25519","kty":"OKP","x":""#));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn public_jwk(key: &JwkKey) -> Result<String> {
    // A 4096-bit RSA modulus is 683 base64url characters.
    let mut out = [0u8; 1024];
    Ok(key.public_jwk(&mut out)?.to_owned())
}

/// The private JWK of an asymmetric private key (its public members and `d`), members sorted.
/// The returned text is wiped when dropped.
///
/// # Errors
///
/// [`tinyjose::Error::KeyRejected`] for a public key or an HMAC key.
///
/// # Examples
///
/// ```
/// use tinyjose::{Ed25519SigningKey, JwkKey};
///
/// let key = Ed25519SigningKey::from_bytes(&[9; 32])?;
/// let jwk = tinyjose_std::private_jwk(&JwkKey::Ed25519Private(key.clone(), key.verifying_key()))?;
/// assert!(jwk.contains(r#""d":"CQkJ"#));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn private_jwk(key: &JwkKey) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new([0u8; 512]);
    Ok(Zeroizing::new(key.private_jwk(&mut out[..])?.to_owned()))
}

#[cfg(feature = "jwe")]
/// The public JWK of a JWE key (ECDH-ES), members in lexicographic order: the core's
/// [`JweKey::public_jwk`].
///
/// # Errors
///
/// [`tinyjose::Error::KeyRejected`] for a secret key.
///
/// # Examples
///
/// See [`private_jwe_jwk`].
pub fn public_jwe_jwk(key: &JweKey) -> Result<String> {
    let mut out = [0u8; 256];
    Ok(key.public_jwk(&mut out)?.to_owned())
}

#[cfg(feature = "jwe")]
/// The private JWK of an ECDH-ES private key, wiped when dropped: the core's
/// [`JweKey::private_jwk`].
///
/// # Errors
///
/// [`tinyjose::Error::KeyRejected`] for a public or secret key.
///
/// # Examples
///
/// ```
/// use tinyjose::{JweAlg, Jwk};
///
/// let key = tinyjose_std::generate_ecdh_es_key(JweAlg::EcdhEs, "X25519")?;
/// let private = tinyjose_std::private_jwe_jwk(&key)?;
/// let again = Jwk::parse(&private)?.to_jwe_key(Some(JweAlg::EcdhEs))?;
/// assert_eq!(tinyjose_std::public_jwe_jwk(&again)?, tinyjose_std::public_jwe_jwk(&key)?);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn private_jwe_jwk(key: &JweKey) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new([0u8; 256]);
    Ok(Zeroizing::new(key.private_jwk(&mut out[..])?.to_owned()))
}

/// The JWK of a secret (`oct`) key: `{"k":…,"kty":"oct"}`, wiped when dropped.
///
/// # Examples
///
/// ```
/// assert_eq!(*tinyjose_std::secret_jwk(b"hi"), r#"{"k":"aGk","kty":"oct"}"#);
/// ```
#[must_use]
pub fn secret_jwk(secret: &[u8]) -> Zeroizing<String> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let k = Zeroizing::new(Base64UrlUnpadded::encode_string(secret));
    Zeroizing::new(format!(r#"{{"k":"{}","kty":"oct"}}"#, k.as_str()))
}
