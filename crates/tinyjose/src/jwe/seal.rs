//! Encryption: a new header, the CEK protected by the key, the content sealed, written as a
//! compact JWE into the caller's buffer, and its exact length.

use rand_core::CryptoRng;
use zeroize::Zeroize;

use super::{ContentEncryption, JweEncrypter, MAX_CEK_LEN, NewKeyParams};
use crate::json::{self, Sink};
use crate::{Enc, Error, HeaderParams, JweAlg, MAX_ENCRYPTED_KEY_LEN, b64};

/// Encrypts `plaintext` for the holder of `key` with `content` and writes the compact JWE into
/// `out`, returning it.
///
/// The header holds `alg` (from the key), `enc` (from `content`), the given [`HeaderParams`] and
/// what key management adds (`epk`, `iv`, `tag`, `p2s`, `p2c`, ...). Randomness (the CEK, the
/// IV, ephemeral keys, salts) comes from `rng`, drawn in that order: CEK, key management, IV.
///
/// # Errors
///
/// [`Error::BufferTooSmall`] with the exact size needed, checked before content encryption;
/// [`Error::KeyRejected`] and any other error of the key.
///
/// # Examples
///
/// See [`UntrustedJwe`](super::UntrustedJwe).
pub fn encrypt<'o>(
    header: &HeaderParams<'_>,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    seal(header, false, plaintext, key, content, rng, out)
}

/// As [`encrypt`], for a plaintext that the caller has already compressed with DEFLATE
/// (RFC 1951): the header says `"zip":"DEF"`.
///
/// The core has no heap, so it does not compress; `tinyjose-std` does.
///
/// # Errors
///
/// As [`encrypt`].
///
/// # Examples
///
/// ```
/// # struct Zero;
/// # impl rand_core::TryRng for Zero {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(0) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { d.fill(1); Ok(()) }
/// # }
/// # impl rand_core::TryCryptoRng for Zero {}
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, UntrustedJwe, encrypt_deflated};
///
/// let key = DirectKey::new(&[7; 16])?;
/// // "hello" as a single fixed-Huffman DEFLATE block.
/// let deflated = [0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
/// let mut out = [0u8; 256];
/// let token = encrypt_deflated(&HeaderParams::new(), &deflated, &key, A128GCM, &mut Zero, &mut out)?;
/// // {"alg":"dir","enc":"A128GCM","zip":"DEF"}
/// assert!(token.starts_with("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIiwiemlwIjoiREVGIn0."));
/// // Decrypting it needs the `deflate` feature.
/// # #[cfg(feature = "deflate")]
/// assert!(UntrustedJwe::parse(token)?.is_compressed());
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn encrypt_deflated<'o>(
    header: &HeaderParams<'_>,
    deflated: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    seal(header, true, deflated, key, content, rng, out)
}

/// The work of [`encrypt`] and [`encrypt_deflated`].
#[inline(never)]
fn seal<'o>(
    header: &HeaderParams<'_>,
    zip: bool,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let enc = content.enc();
    let mut cek = [0u8; MAX_CEK_LEN];
    let result = seal_with_cek(
        header,
        zip,
        plaintext,
        key,
        content,
        rng,
        cek.get_mut(..enc.key_len()).unwrap_or_default(),
        out,
    );
    cek.zeroize();
    match result {
        Ok(len) => {
            let text = out.get(..len).unwrap_or_default();
            core::str::from_utf8(text).map_err(|_| Error::BufferTooSmall { needed: len })
        }
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// The protected header of a new JWE.
pub(super) struct NewHeader<'a> {
    header: &'a HeaderParams<'a>,
    alg: JweAlg,
    enc: Enc,
    zip: bool,
    params: &'a NewKeyParams<'a>,
}

impl<'a> NewHeader<'a> {
    /// The header of a JWE made with `key`, `enc` and the key management's `params`.
    pub(super) fn new(
        header: &'a HeaderParams<'a>,
        key: &dyn JweEncrypter,
        enc: Enc,
        zip: bool,
        params: &'a NewKeyParams<'a>,
    ) -> Self {
        Self {
            header,
            alg: key.alg(),
            enc,
            zip,
            params,
        }
    }

    /// Writes `{"alg":…,"enc":…,"zip":"DEF",<caller's members>,<key management's members>}`.
    pub(super) fn write(&self, sink: &mut dyn Sink) -> Result<(), Error> {
        if !self.header.b64 {
            // RFC 7797 defines `b64` for JWS only.
            return Err(Error::Unsupported);
        }
        sink.put(b"{\"alg\":")?;
        json::write_str(sink, self.alg.name())?;
        sink.put(b",\"enc\":")?;
        json::write_str(sink, self.enc.name())?;
        if self.zip {
            sink.put(b",\"zip\":\"DEF\"")?;
        }
        self.header.write_members(sink)?;
        self.params.write(sink)?;
        sink.put(b"}")
    }

    /// The length of the compact JWE with this header, an encrypted key of `ek_len` bytes and
    /// `ciphertext_len` bytes of ciphertext.
    fn compact_len(&self, ek_len: usize, ciphertext_len: usize) -> usize {
        let mut count = json::CountSink::default();
        // Counting cannot fail.
        let _ = self.write(&mut count);
        [
            count.0,
            ek_len,
            self.enc.iv_len(),
            ciphertext_len,
            self.enc.tag_len(),
        ]
        .iter()
        .map(|&n| b64::encoded_len(n))
        .fold(4, usize::saturating_add)
    }
}

/// The exact length of the compact JWE that [`encrypt`] (or, with `zip`, [`encrypt_deflated`])
/// writes for `plaintext_len` bytes of plaintext (already compressed, with `zip`): size its
/// output buffer with it, once, before anything is drawn or computed.
///
/// Exact for every key of this crate and of `tinyjose-std`; a key of your own that adds header
/// parameters is sized exactly if it implements [`JweEncrypter::params_shape`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, encrypt, jwe_compact_len};
/// # use tinyjose::rand_core::{TryCryptoRng, TryRng};
/// # struct Rng;
/// # impl TryRng for Rng {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(7) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(7) }
/// #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> { dst.fill(7); Ok(()) }
/// # }
/// # impl TryCryptoRng for Rng {}
///
/// let key = DirectKey::new(&[1; 16])?;
/// let header = HeaderParams::new().kid("k1");
/// let len = jwe_compact_len(&header, &key, A128GCM.enc(), 5, false);
/// let mut out = vec![0u8; len];
/// let token = encrypt(&header, b"hello", &key, A128GCM, &mut Rng, &mut out)?;
/// assert_eq!(token.len(), len);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[must_use]
pub fn jwe_compact_len(
    header: &HeaderParams<'_>,
    key: &dyn JweEncrypter,
    enc: Enc,
    plaintext_len: usize,
    zip: bool,
) -> usize {
    let params = key.params_shape();
    NewHeader::new(header, key, enc, zip, &params).compact_len(
        key.encrypted_key_len(enc),
        enc.ciphertext_len(plaintext_len),
    )
}

#[expect(clippy::too_many_arguments, reason = "the private body of `seal`")]
fn seal_with_cek(
    header: &HeaderParams<'_>,
    zip: bool,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    cek: &mut [u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let enc = content.enc();
    rng.fill_bytes(cek);
    let mut params = NewKeyParams::default();
    let mut encrypted_key = [0u8; MAX_ENCRYPTED_KEY_LEN];
    let ek_len = key.encrypt_cek(enc, rng, cek, &mut params, &mut encrypted_key)?;
    let encrypted_key = encrypted_key.get(..ek_len).unwrap_or_default();
    let mut iv = [0u8; 16];
    let iv = iv.get_mut(..enc.iv_len()).unwrap_or_default();
    rng.fill_bytes(iv);

    let new = NewHeader::new(header, key, enc, zip, &params);
    let ciphertext_len = enc.ciphertext_len(plaintext.len());
    let needed = new.compact_len(ek_len, ciphertext_len);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut encoder = b64::Encoder::new(out);
    new.write(&mut encoder)?;
    let header_len = encoder.finish()?;
    // Positions below stay within `out`, whose length bounds the saturating sums.
    let mut at = header_len;
    for segment in [encrypted_key, iv] {
        at = put_byte(out, at, b'.')?;
        at = at.saturating_add(b64::encode(segment, out.get_mut(at..).unwrap_or_default())?.len());
    }
    at = put_byte(out, at, b'.')?;
    let (head, body) = out
        .split_at_mut_checked(at)
        .ok_or(Error::BufferTooSmall { needed })?;
    let aad = head.get(..header_len).unwrap_or_default();
    body.get_mut(..plaintext.len())
        .ok_or(Error::BufferTooSmall { needed })?
        .copy_from_slice(plaintext);
    let mut tag = [0u8; 32];
    let tag = tag.get_mut(..enc.tag_len()).unwrap_or_default();
    let n = content.encrypt_in_place(cek, iv, aad, body, plaintext.len(), tag)?;
    at = at.saturating_add(b64::encode_in_place(body, n)?);
    at = put_byte(out, at, b'.')?;
    let tag = b64::encode(tag, out.get_mut(at..).unwrap_or_default())?;
    Ok(at.saturating_add(tag.len()))
}

fn put_byte(out: &mut [u8], at: usize, b: u8) -> Result<usize, Error> {
    let next = at.saturating_add(1);
    *out.get_mut(at)
        .ok_or(Error::BufferTooSmall { needed: next })? = b;
    Ok(next)
}
