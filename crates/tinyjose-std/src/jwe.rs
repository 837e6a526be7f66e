//! Owned JWE: the core's decryption into a `Vec` sized from the token (grown for compressed
//! content), encryption into a `String` with the operating system's randomness and DEFLATE
//! compression, encrypted JWTs and nested JWTs (a JWS inside a JWE).

use tinyjose::rand_core::UnwrapErr;
use tinyjose::{
    ContentEncryption, DecryptedJwe, Enc, HeaderParams, JweAlg, JweDecrypter, JweEncrypter, Limits,
    UntrustedJwe, Validation,
};
use zeroize::Zeroizing;

use crate::rng::OsRng;
use crate::{KeyError, KeySet, Result, Verified, verify_jwt};

/// The protected header of a decrypted JWE: `alg`, `enc`, `zip` and the parameters tinyjose
/// reads.
///
/// # Examples
///
/// See [`decrypt_to_vec`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JweHeader {
    /// The key management algorithm (RFC 7516 §4.1.1).
    pub alg: JweAlg,
    /// The content encryption algorithm (RFC 7516 §4.1.2).
    pub enc: Enc,
    /// Whether the plaintext was compressed (`"zip":"DEF"`, RFC 7516 §4.1.3).
    pub zip: bool,
    /// Key ID (RFC 7516 §4.1.6).
    pub kid: Option<String>,
    /// Media type of the whole token (RFC 7516 §4.1.11).
    pub typ: Option<String>,
    /// Media type of the plaintext (RFC 7516 §4.1.12): `JWT` for a nested JWT.
    pub cty: Option<String>,
}

impl JweHeader {
    fn of(jwe: &DecryptedJwe<'_>, zip: bool) -> Self {
        Self {
            alg: jwe.header().alg(),
            enc: jwe.enc(),
            zip,
            kid: jwe.header().kid().map(str::to_owned),
            typ: jwe.header().typ().map(str::to_owned),
            cty: jwe.header().cty().map(str::to_owned),
        }
    }
}

/// A decrypted JWE: its authenticated header and its plaintext.
///
/// # Examples
///
/// See [`decrypt_to_vec`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decrypted {
    /// The protected header.
    pub header: JweHeader,
    /// The protected header JSON, exactly as sent.
    pub header_json: String,
    /// The plaintext, inflated if it was compressed.
    pub plaintext: Vec<u8>,
}

impl Decrypted {
    /// The inner JWS of a nested JWT (RFC 7519 §5.2, §7.2): the header's `cty` must be `JWT`
    /// (or `application/jwt`, in any case) and the plaintext a compact JWS. It is not verified
    /// yet: verify it with the sender's key, as [`decrypt_nested_jwt`] does.
    ///
    /// # Errors
    ///
    /// As the core's [`tinyjose::nested_jws`]: [`tinyjose::Error::Malformed`] with
    /// [`Part::Payload`](tinyjose::Part::Payload) if `cty` does not say `JWT` or the plaintext is
    /// not UTF-8. Whether the plaintext is a compact JWS (not a JWE, not padded with white space)
    /// is checked when it is parsed, as the core's [`tinyjose::decrypt_nested_jwt`] does.
    ///
    /// # Examples
    ///
    /// See [`decrypt_nested_jwt`].
    pub fn nested_jws(&self) -> Result<&str> {
        Ok(tinyjose::nested_jws(
            self.header.cty.as_deref(),
            &self.plaintext,
        )?)
    }
}

/// A nested JWT, decrypted and verified: the outer JWE header and the inner JWS.
///
/// # Examples
///
/// See [`decrypt_nested_jwt`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NestedJwt {
    /// The header of the outer JWE.
    pub jwe: JweHeader,
    /// The inner JWS: its header and its claims, verified and validated.
    pub jws: Verified,
}

/// Decrypts a compact JWE with `key`, accepting the content encryptions `encs`, with the default
/// [`Limits`].
///
/// The header `alg` must be the key's. The buffer is sized from
/// [`UntrustedJwe::max_buffer_len`], once: the ciphertext, and for compressed content
/// [`Limits::inflated_len`] more. Working buffers are wiped.
///
/// # Errors
///
/// The errors of [`UntrustedJwe::parse`] and [`UntrustedJwe::decrypt`]: any failure to decrypt
/// is [`tinyjose::Error::DecryptionFailed`]; `RSA1_5` is [`tinyjose::Error::AlgRsa1_5`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, DirectKey, Enc, HeaderParams, JweAlg};
/// use tinyjose_std::{decrypt_to_vec, encrypt_to_string};
///
/// let key = DirectKey::new(&[7; 32])?;
/// let token = encrypt_to_string(&HeaderParams::new().kid("k1"), b"hello", &key, A256GCM, true)?;
/// let decrypted = decrypt_to_vec(&token, &key, &[A256GCM])?;
/// assert_eq!(decrypted.plaintext, b"hello");
/// assert_eq!((decrypted.header.alg, decrypted.header.enc), (JweAlg::Dir, Enc::A256Gcm));
/// assert!(decrypted.header.zip);
/// assert_eq!(decrypted.header.kid.as_deref(), Some("k1"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_to_vec(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
) -> Result<Decrypted> {
    decrypt_to_vec_with_limits(token, key, encs, &Limits::DEFAULT)
}

/// As [`decrypt_to_vec`], with explicit [`Limits`] (the PBES2 iteration count, the inflated
/// length, ...).
///
/// # Errors
///
/// As [`decrypt_to_vec`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, Limit, Limits};
/// use tinyjose_std::{decrypt_to_vec_with_limits, encrypt_to_string};
///
/// let key = DirectKey::new(&[7; 16])?;
/// let token = encrypt_to_string(&HeaderParams::new(), &[b'a'; 5000], &key, A128GCM, true)?;
/// let limits = Limits::DEFAULT.with_inflated_len(4096);
/// let err = decrypt_to_vec_with_limits(&token, &key, &[A128GCM], &limits).unwrap_err();
/// assert_eq!(err.code(), "limit_exceeded");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_to_vec_with_limits(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    limits: &Limits,
) -> Result<Decrypted> {
    decrypt_with(token, key, encs, limits, |_| Ok(()))
}

/// Decrypts into a buffer of [`UntrustedJwe::max_buffer_len`], so the key is unwrapped once,
/// runs `check` on the decrypted JWE, and copies out the plaintext.
fn decrypt_with(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    limits: &Limits,
    check: impl Fn(&DecryptedJwe<'_>) -> Result<()>,
) -> Result<Decrypted> {
    let jwe = parse_jwe(token, limits)?;
    let mut out = Zeroizing::new(vec![0u8; jwe.max_buffer_len()]);
    let decrypted = jwe.decrypt(key, encs, &mut out)?;
    check(&decrypted)?;
    Ok(Decrypted {
        header: JweHeader::of(&decrypted, jwe.is_compressed()),
        header_json: decrypted.header().json().to_owned(),
        plaintext: decrypted.plaintext().to_vec(),
    })
}

/// Parses a compact JWE with `limits`, as [`UntrustedJwe::parse_with_limits`]. Use it to choose
/// a key before decrypting.
///
/// # Errors
///
/// The errors of [`UntrustedJwe::parse_with_limits`]; for `RSA1_5`,
/// [`tinyjose::Error::AlgRsa1_5`], refused by design.
///
/// # Examples
///
/// ```
/// use tinyjose::{JweAlg, Limits};
///
/// // {"alg":"dir","enc":"A128GCM"}
/// let token = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";
/// assert_eq!(tinyjose_std::parse_jwe(token, &Limits::DEFAULT)?.header().alg(), JweAlg::Dir);
/// // {"alg":"RSA1_5","enc":"A128GCM"}
/// let rsa1_5 = "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4R0NNIn0.AA.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";
/// let err = tinyjose_std::parse_jwe(rsa1_5, &Limits::DEFAULT).unwrap_err();
/// assert_eq!(err.code(), "alg_rsa1_5");
/// assert!(err.to_string().contains("never accepted"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn parse_jwe<'t>(token: &'t str, limits: &Limits) -> Result<UntrustedJwe<'t>> {
    Ok(UntrustedJwe::parse_with_limits(token, limits)?)
}

/// Encrypts `plaintext` for the holder of `key` with `content` and returns the compact JWE.
///
/// The header holds `alg` (the key's), `enc`, `"zip":"DEF"` when `zip` is set (the plaintext is
/// then compressed with DEFLATE, RFC 1951, by `miniz_oxide`), the given [`HeaderParams`] and the
/// parameters of key management. The CEK, IV and any other randomness come from the operating
/// system (`getrandom`).
///
/// Compress only what an attacker cannot partly choose: compression before encryption leaks the
/// plaintext's redundancy through the ciphertext length.
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) if the operating system gives no randomness; the errors
/// of [`tinyjose::encrypt`] ([`tinyjose::Error::KeyRejected`] for a key that cannot serve
/// `content`).
///
/// # Panics
///
/// Only if the operating system's randomness fails after it worked for the first bytes.
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, UntrustedJwe};
///
/// let key = DirectKey::new(&[1; 16])?;
/// let token = tinyjose_std::encrypt_to_string(
///     &HeaderParams::new().cty("text/plain"),
///     b"hello",
///     &key,
///     A128GCM,
///     false,
/// )?;
/// let jwe = UntrustedJwe::parse(&token)?;
/// assert_eq!(jwe.header().json(), r#"{"alg":"dir","enc":"A128GCM","cty":"text/plain"}"#);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn encrypt_to_string(
    header: &HeaderParams<'_>,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    zip: bool,
) -> Result<String> {
    let deflated;
    let body: &[u8] = if zip {
        deflated = Zeroizing::new(miniz_oxide::deflate::compress_to_vec(plaintext, 6));
        &deflated
    } else {
        plaintext
    };
    // Fail cleanly if the operating system gives no randomness at all; `UnwrapErr` panics only
    // if it fails later.
    getrandom::fill(&mut [0u8; 1])
        .map_err(|e| KeyError::with_source("the operating system gave no randomness", e))?;
    let len = tinyjose::jwe_compact_len(header, key, content.enc(), body.len(), zip);
    let mut out = vec![0u8; len];
    let mut rng = UnwrapErr(OsRng);
    let token = if zip {
        tinyjose::encrypt_deflated(header, body, key, content, &mut rng, &mut out)
    } else {
        tinyjose::encrypt(header, body, key, content, &mut rng, &mut out)
    }?;
    Ok(token.to_owned())
}

/// Decrypts an encrypted JWT (a JWE whose plaintext is a claim set) and validates its claims
/// against `validation`, as [`verify_jwt`] does for a JWS: `typ` is the JWE header's.
///
/// # Errors
///
/// As [`decrypt_to_vec`], and the claim errors of [`tinyjose::DecryptedJwe::claims`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, DirectKey, HeaderParams, UnixTime, Validation};
/// use tinyjose_std::{decrypt_jwt, encrypt_to_string};
///
/// let key = DirectKey::new(&[3; 32])?;
/// let token = encrypt_to_string(&HeaderParams::new(), br#"{"iss":"me","exp":2000}"#, &key, A256GCM, false)?;
/// let at = |t| Validation::new(UnixTime::from_secs(t)).issuer("me");
/// assert_eq!(decrypt_jwt(&token, &key, &[A256GCM], &at(1000))?.plaintext, br#"{"iss":"me","exp":2000}"#);
/// assert_eq!(decrypt_jwt(&token, &key, &[A256GCM], &at(3000)).unwrap_err().code(), "expired");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_jwt(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    validation: &Validation<'_>,
) -> Result<Decrypted> {
    decrypt_with(token, key, encs, &Limits::DEFAULT, |decrypted| {
        decrypted.claims(validation)?;
        Ok(())
    })
}

/// Decrypts a nested JWT (RFC 7519 §5.2: a JWE with `cty` `JWT` around a JWS) with `key`, then
/// verifies the inner JWS with the key `keys` selects for it and validates its claims against
/// `validation`, exactly as [`verify_jwt`] (`typ` is the inner JWS's). A JWE inside the JWE is
/// refused. The core's [`tinyjose::decrypt_nested_jwt`] does the same with one verifier and
/// caller buffers.
///
/// # Errors
///
/// As [`decrypt_to_vec`], [`Decrypted::nested_jws`] and [`verify_jwt`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, DirectKey, HeaderParams, HmacKey, JwkKey, UnixTime, Validation};
/// use tinyjose_std::{KeySet, decrypt_nested_jwt, encrypt_to_string, sign_to_string};
///
/// let signer = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let jws = sign_to_string(&HeaderParams::new().typ("JWT"), br#"{"sub":"alice"}"#, &signer)?;
/// let key = DirectKey::new(&[5; 32])?;
/// let token = encrypt_to_string(&HeaderParams::new().cty("JWT"), jws.as_bytes(), &key, A256GCM, false)?;
///
/// let keys = KeySet::from(JwkKey::Hmac(signer));
/// let nested = decrypt_nested_jwt(&token, &key, &[A256GCM], &keys, &Validation::new(UnixTime::from_secs(0)))?;
/// assert_eq!(nested.jws.payload, br#"{"sub":"alice"}"#);
/// assert_eq!(nested.jwe.cty.as_deref(), Some("JWT"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decrypt_nested_jwt(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    keys: &KeySet,
    validation: &Validation<'_>,
) -> Result<NestedJwt> {
    let decrypted = decrypt_to_vec(token, key, encs)?;
    let jws = verify_jwt(decrypted.nested_jws()?, keys, validation)?;
    Ok(NestedJwt {
        jwe: decrypted.header,
        jws,
    })
}
