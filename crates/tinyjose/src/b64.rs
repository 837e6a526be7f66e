//! Strict unpadded base64url (RFC 7515 §2, RFC 4648 §5).
//!
//! Two decoders, one strictness (the URL-safe alphabet only, no padding or whitespace, a length
//! that is possible, zero trailing bits): the segments of a token are public, and are decoded
//! with `base64-simd`'s decoder (AVX2, SSSE3, NEON or WebAssembly SIMD where the build targets
//! them or, with its `detect` feature, which `tinyjose-std` enables, where the CPU has them;
//! a table-driven scalar decoder elsewhere); secret key material (a JWK's `k`, `d` and RSA
//! private members) is decoded with `base64ct`, in constant time.

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::{Error, Part};

/// The length of the unpadded base64url encoding of `n` bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::b64_encoded_len(32), 43);
/// ```
#[must_use]
pub const fn encoded_len(n: usize) -> usize {
    // Saturating: a length no buffer can have is reported as the largest, never wrapped.
    (n / 3).saturating_mul(4).saturating_add(match n % 3 {
        0 => 0,
        1 => 2,
        _ => 3,
    })
}

/// The most bytes that `n` base64url characters can decode to.
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::b64_decoded_len(43), 32);
/// ```
#[must_use]
pub const fn decoded_len(n: usize) -> usize {
    // At most three quarters of `n`, so the saturating forms never saturate.
    (n / 4).saturating_mul(3).saturating_add(match n % 4 {
        2 => 1,
        3 => 2,
        _ => 0,
    })
}

/// Decodes strict base64url `src`, which is public, into the front of `dst`, returning the
/// decoded bytes.
///
/// Padding, whitespace, characters outside the URL-safe alphabet, an impossible length and
/// non-zero trailing bits are all refused with [`Error::Base64`].
pub(crate) fn decode<'o>(src: &[u8], dst: &'o mut [u8], part: Part) -> Result<&'o [u8], Error> {
    let needed = decoded_len(src.len());
    if dst.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    let codec = base64_simd::URL_SAFE_NO_PAD;
    let malformed = |_| Error::Base64(part);
    let (groups, last) = src.split_at_checked(src.len() & !3).unwrap_or_default();
    // The whole groups of four characters, into an output of their decoded length, which
    // `base64-simd` asserts is enough: for a multiple of four the optimizer sees the two lengths
    // equal, so no panic is linked.
    let groups_len = codec.decoded_length(groups).map_err(malformed)?;
    let (front, back) = dst
        .split_at_mut_checked(groups_len)
        .ok_or(Error::BufferTooSmall { needed })?;
    codec
        .decode(groups, base64_simd::Out::from_slice(front))
        .map_err(malformed)?;
    // The last zero to three characters, decoded in place in a copy, which asserts nothing. One
    // character is an impossible length; it is refused, as non-zero trailing bits are.
    let mut copy = [0u8; 3];
    let copy = copy.get_mut(..last.len()).unwrap_or_default();
    for (to, &from) in copy.iter_mut().zip(last) {
        *to = from;
    }
    let bytes = codec.decode_inplace(copy).map_err(malformed)?;
    for (to, &from) in back.iter_mut().zip(bytes.iter()) {
        *to = from;
    }
    let dst: &'o [u8] = dst;
    Ok(dst.get(..needed).unwrap_or_default())
}

/// Decodes strict base64url `src`, which is secret, into the front of `dst` in constant time, as
/// [`decode`] does public text.
#[cfg(feature = "jwk")]
pub(crate) fn decode_secret<'o>(
    src: &[u8],
    dst: &'o mut [u8],
    part: Part,
) -> Result<&'o [u8], Error> {
    let needed = decoded_len(src.len());
    if dst.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    Base64UrlUnpadded::decode(src, dst).map_err(|_| Error::Base64(part))
}

/// Encodes `src` as unpadded base64url into the front of `dst`, returning the text.
pub(crate) fn encode<'o>(src: &[u8], dst: &'o mut [u8]) -> Result<&'o str, Error> {
    let needed = encoded_len(src.len());
    Base64UrlUnpadded::encode(src, dst).map_err(|_| Error::BufferTooSmall { needed })
}

/// Encodes the first `len` bytes of `buf` as unpadded base64url into the front of `buf` itself,
/// returning the length of the text.
///
/// Works from the last 48-byte chunk to the first: chunk `k` is read from `48k` before its 64
/// characters are written at `64k`, which only overwrites chunks already encoded.
pub(crate) fn encode_in_place(buf: &mut [u8], len: usize) -> Result<usize, Error> {
    let needed = encoded_len(len);
    if buf.len() < needed || len > buf.len() {
        return Err(Error::BufferTooSmall { needed });
    }
    // As many chunks of 48 bytes in `len` as of 64 characters in `needed`.
    let chunks = (0..len).step_by(48).zip((0..needed).step_by(64));
    for (start, at) in chunks.rev() {
        let input = buf.get(start..len).unwrap_or_default();
        let input = input.get(..48).unwrap_or(input);
        let mut src = [0u8; 48];
        let src = src.get_mut(..input.len()).unwrap_or_default();
        src.copy_from_slice(input);
        encode(src, buf.get_mut(at..).unwrap_or_default())?;
    }
    Ok(needed)
}

/// A streaming base64url encoder writing into the front of a buffer, for JSON that is generated
/// piecewise (headers) and never held whole.
pub(crate) struct Encoder<'o> {
    out: &'o mut [u8],
    at: usize,
    pending: [u8; 3],
    n: usize,
}

impl<'o> Encoder<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        Self {
            out,
            at: 0,
            pending: [0; 3],
            n: 0,
        }
    }

    fn flush(&mut self) -> Result<(), Error> {
        let src = self.pending.get(..self.n).unwrap_or_default();
        let dst = self.out.get_mut(self.at..).unwrap_or_default();
        // Written inside `out`, so the sum is at most its length.
        self.at = self.at.saturating_add(encode(src, dst)?.len());
        self.n = 0;
        Ok(())
    }

    /// Encodes what is pending and returns the number of characters written.
    pub(crate) fn finish(mut self) -> Result<usize, Error> {
        self.flush()?;
        Ok(self.at)
    }
}

impl crate::json::Sink for Encoder<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        for &b in bytes {
            if let Some(slot) = self.pending.get_mut(self.n) {
                *slot = b;
                self.n = self.n.saturating_add(1);
            }
            if self.n == 3 {
                self.flush()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_lengths() {
        for n in 0..100 {
            let data = [0xa5u8; 100];
            let mut enc = [0u8; 140];
            let text = encode(&data[..n], &mut enc).unwrap();
            assert_eq!(text.len(), encoded_len(n));
            assert_eq!(decoded_len(text.len()), n);
            let mut dec = [0u8; 100];
            assert_eq!(
                decode(text.as_bytes(), &mut dec, Part::Payload).unwrap(),
                &data[..n]
            );
        }
    }

    #[test]
    fn encodes_in_place() {
        for n in [0, 1, 2, 3, 47, 48, 49, 95, 96, 97, 200] {
            let data: [u8; 200] =
                core::array::from_fn(|i| u8::try_from((i * 37 + 11) % 256).unwrap());
            let mut expected = [0u8; 268];
            let text = encode(&data[..n], &mut expected).unwrap();
            let mut buf = [0u8; 268];
            buf[..n].copy_from_slice(&data[..n]);
            let m = encode_in_place(&mut buf, n).unwrap();
            assert_eq!(&buf[..m], text.as_bytes());
        }
        assert_eq!(
            encode_in_place(&mut [0u8; 4], 4),
            Err(Error::BufferTooSmall { needed: 6 })
        );
    }

    #[test]
    fn refuses_non_canonical_forms() {
        let mut out = [0u8; 16];
        let bad: [&[u8]; 12] = [
            b"QQ==",         // padding
            b"QQ=",          // partial padding
            b"Q Q",          // whitespace
            b"QQ\n",         // newline
            b"QR",           // non-zero trailing bits ("A" is QQ)
            b"Q",            // impossible length
            b"QQ+/",         // standard alphabet
            b"Q\x00Q",       // control byte
            b"QUJD\xc3\xa9", // non-ASCII
            b"QUJDQR",       // non-zero trailing bits after a whole group
            b"QUJDQ",        // impossible length after a whole group
            b"QU+DQQ",       // standard alphabet in a whole group before the last characters
        ];
        for input in bad {
            assert_eq!(
                decode(input, &mut out, Part::Header),
                Err(Error::Base64(Part::Header))
            );
        }
    }

    #[test]
    fn buffer_too_small_names_the_size() {
        let mut out = [0u8; 2];
        assert_eq!(
            decode(b"QUJD", &mut out, Part::Payload),
            Err(Error::BufferTooSmall { needed: 3 })
        );
    }
}
