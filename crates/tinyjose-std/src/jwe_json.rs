//! Owned JWE JSON serializations (RFC 7516 §7.2): the core's [`UntrustedJweJson`] decrypted into
//! a `Vec` with one key or a list of owned keys, and [`tinyjose::encrypt_json`] into a `String`
//! with the operating system's randomness.

use tinyjose::jwe::{JweJsonParams, JweRecipient};
use tinyjose::rand_core::UnwrapErr;
use tinyjose::{
    ContentEncryption, DecryptedJweJson, Error as Jose, JweDecrypter, Limits, UntrustedJweJson,
};
use zeroize::Zeroizing;

use crate::rng::OsRng;
use crate::{EncryptionKey, JweHeader, KeyError, Result};

/// A decrypted JWE JSON serialization: the JOSE header of the recipient that decrypted, the
/// three header texts, the `aad` and the plaintext.
///
/// Only the protected header and the `aad` are integrity protected; `header` gathers members
/// from all three headers (RFC 7516 §7.2.1).
///
/// # Examples
///
/// See [`decrypt_json_to_vec`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecryptedJson {
    /// The JOSE header of the recipient that decrypted: the union of the three headers.
    pub header: JweHeader,
    /// The protected header JSON, exactly as sent; empty when there is none.
    pub protected_json: String,
    /// The shared unprotected header JSON, exactly as sent.
    pub unprotected_json: Option<String>,
    /// The unprotected header JSON of the recipient that decrypted, exactly as sent.
    pub recipient_header_json: Option<String>,
    /// The index of that recipient (0 in the flattened form).
    pub recipient: usize,
    /// The decoded `aad`.
    pub aad: Option<Vec<u8>>,
    /// The plaintext, inflated if it was compressed.
    pub plaintext: Vec<u8>,
}

impl DecryptedJson {
    fn of(d: &DecryptedJweJson<'_>, zip: bool) -> Self {
        Self {
            header: JweHeader {
                alg: d.alg(),
                enc: d.enc(),
                zip,
                kid: d.kid().map(str::to_owned),
                typ: d.typ().map(str::to_owned),
                cty: d.cty().map(str::to_owned),
            },
            protected_json: d.protected_json().to_owned(),
            unprotected_json: d.unprotected_json().map(str::to_owned),
            recipient_header_json: d.recipient_header_json().map(str::to_owned),
            recipient: d.recipient_index(),
            aad: d.aad().map(<[u8]>::to_vec),
            plaintext: d.plaintext().to_vec(),
        }
    }
}

/// Decrypts a JWE JSON serialization (general or flattened) with `key`, accepting the content
/// encryptions `encs`: every recipient whose `alg` is the key's is tried, as
/// [`UntrustedJweJson::decrypt`] does. The buffer is sized once from
/// [`UntrustedJweJson::max_buffer_len`] and wiped after.
///
/// # Errors
///
/// The errors of [`UntrustedJweJson::parse`] and [`UntrustedJweJson::decrypt`]: any failure to
/// decrypt is [`tinyjose::Error::DecryptionFailed`].
///
/// # Examples
///
/// ```
/// use tinyjose::jwe::{JweJsonParams, JweRecipient};
/// use tinyjose::{A256GCM, DirectKey, JweAlg};
/// use tinyjose_std::{decrypt_json_to_vec, encrypt_json_to_string};
///
/// let key = DirectKey::new(&[7; 32])?;
/// let params = JweJsonParams::new().flattened(true).aad(b"v1");
/// let text = encrypt_json_to_string(&params, b"hello", &[JweRecipient::new(&key)], A256GCM)?;
/// let decrypted = decrypt_json_to_vec(&text, &key, &[A256GCM])?;
/// assert_eq!(decrypted.plaintext, b"hello");
/// assert_eq!(decrypted.aad.as_deref(), Some(&b"v1"[..]));
/// assert_eq!(decrypted.header.alg, JweAlg::Dir);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_json_to_vec(
    text: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
) -> Result<DecryptedJson> {
    let jwe = UntrustedJweJson::parse(text)?;
    let mut out = Zeroizing::new(vec![0u8; jwe.max_buffer_len()]);
    let decrypted = jwe.decrypt(key, encs, &mut out)?;
    Ok(DecryptedJson::of(&decrypted, jwe.is_compressed()))
}

/// [`decrypt_json_to_vec`] under `limits`: the longest text, the highest PBES2 count (checked
/// when the text is parsed, before any key derivation) and the largest inflated content.
///
/// # Errors
///
/// As [`decrypt_json_to_vec`]; [`tinyjose::Error::LimitExceeded`] for a limit passed.
///
/// # Examples
///
/// ```
/// use tinyjose::jwe::{JweJsonParams, JweRecipient};
/// use tinyjose::{A128GCM, DirectKey, Limits};
/// use tinyjose_std::{decrypt_json_with_limits, encrypt_json_to_string};
///
/// let key = DirectKey::new(&[7; 16])?;
/// let text = encrypt_json_to_string(&JweJsonParams::new(), b"hi", &[JweRecipient::new(&key)], A128GCM)?;
/// let limits = Limits::DEFAULT.with_token_len(64);
/// assert_eq!(decrypt_json_with_limits(&text, &key, &[A128GCM], &limits).unwrap_err().code(), "limit_exceeded");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_json_with_limits(
    text: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    limits: &Limits,
) -> Result<DecryptedJson> {
    let jwe = UntrustedJweJson::parse_with_limits(text, limits)?;
    let mut out = Zeroizing::new(vec![0u8; jwe.max_buffer_len()]);
    let decrypted = jwe.decrypt(key, encs, &mut out)?;
    Ok(DecryptedJson::of(&decrypted, jwe.is_compressed()))
}

/// Decrypts a JWE JSON serialization with the first of `keys` that opens it. Each key that can
/// decrypt is tried with its own `kid` ([`UntrustedJweJson::decrypt_with_kid`]): a recipient
/// whose header names another `kid` is skipped for it; public keys are skipped.
///
/// # Errors
///
/// The errors of [`UntrustedJweJson::parse`];
/// [`tinyjose::Error::DecryptionFailed`] when a key was tried on a recipient and none opened;
/// else [`tinyjose::Error::NoMatchingKey`] when no key fits a recipient's `alg` and `kid`.
///
/// # Examples
///
/// ```
/// use tinyjose::jwe::JweJsonParams;
/// use tinyjose::{A128GCM, JweAlg};
/// use tinyjose_std::{EncryptionKey, decrypt_json_with_keys, encrypt_json_to_string};
///
/// let alice = EncryptionKey::from_secret(&[1; 16], JweAlg::A128Kw)?.with_kid("alice");
/// let bob = EncryptionKey::from_secret(&[2; 16], JweAlg::A128Kw)?.with_kid("bob");
/// let text = encrypt_json_to_string(
///     &JweJsonParams::new(),
///     b"to both",
///     &[alice.recipient(), bob.recipient()],
///     A128GCM,
/// )?;
/// let decrypted = decrypt_json_with_keys(&text, &[bob], &[A128GCM])?;
/// assert_eq!((decrypted.plaintext.as_slice(), decrypted.recipient), (&b"to both"[..], 1));
/// assert_eq!(decrypted.header.kid.as_deref(), Some("bob"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_json_with_keys(
    text: &str,
    keys: &[EncryptionKey],
    encs: &[&dyn ContentEncryption],
) -> Result<DecryptedJson> {
    let jwe = UntrustedJweJson::parse(text)?;
    let mut out = Zeroizing::new(vec![0u8; jwe.max_buffer_len()]);
    let mut error = Jose::NoMatchingKey;
    for key in keys {
        let Some(decrypter) = key.decrypter() else {
            continue;
        };
        match jwe.decrypt_with_kid(decrypter, key.kid(), encs, &mut out) {
            Ok(decrypted) => return Ok(DecryptedJson::of(&decrypted, jwe.is_compressed())),
            Err(Jose::AlgMismatch | Jose::NoMatchingKey) => {}
            Err(Jose::DecryptionFailed) => error = Jose::DecryptionFailed,
            Err(e) => return Err(e.into()),
        }
    }
    Err(error.into())
}

/// Encrypts `plaintext` with `content` to every recipient and returns the JWE JSON
/// serialization: general, or flattened with [`JweJsonParams::flattened`] (one recipient). The
/// CEK, IVs and any other randomness come from the operating system. Owned keys give their
/// recipient with [`EncryptionKey::recipient`].
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) if the operating system gives no randomness; the errors of
/// [`tinyjose::encrypt_json`] ([`tinyjose::Error::Unsupported`] for `dir` or `ECDH-ES` among
/// several recipients).
///
/// # Panics
///
/// Only if the operating system's randomness fails after it worked for the first bytes.
///
/// # Examples
///
/// See [`decrypt_json_to_vec`] and [`decrypt_json_with_keys`].
pub fn encrypt_json_to_string(
    params: &JweJsonParams<'_>,
    plaintext: &[u8],
    recipients: &[JweRecipient<'_>],
    content: &dyn ContentEncryption,
) -> Result<String> {
    getrandom::fill(&mut [0u8; 1])
        .map_err(|e| KeyError::with_source("the operating system gave no randomness", e))?;
    let len = tinyjose::jwe_json_len(params, recipients, content.enc(), plaintext.len());
    let mut out = vec![0u8; len];
    let mut rng = UnwrapErr(OsRng);
    let text = tinyjose::encrypt_json(params, plaintext, recipients, content, &mut rng, &mut out)?;
    Ok(text.to_owned())
}
