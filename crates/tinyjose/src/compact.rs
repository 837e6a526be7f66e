//! The compact serialization (RFC 7515 §7.1, RFC 7516 §7.1): exactly three or five
//! base64url segments separated by dots.

use crate::{Error, Part};

/// Splits a compact serialization into exactly `N` segments, the first not empty.
///
/// A JSON serialization (RFC 7515 §7.2, RFC 7516 §7.2) is refused as such, whatever dots its text
/// holds. The dots are found eight bytes at a time, so a 64 KiB ciphertext is scanned at a
/// fraction of the cost of decoding it.
pub(crate) fn split<const N: usize>(token: &[u8]) -> Result<[&[u8]; N], Error> {
    let malformed = Error::Malformed(Part::Token);
    if token.trim_ascii_start().first() == Some(&b'{') {
        return Err(malformed);
    }
    let mut segments: [&[u8]; N] = [&[]; N];
    let mut rest = token;
    let (last, init) = segments.split_last_mut().ok_or(malformed)?;
    for slot in init {
        let at = next_dot(rest).ok_or(malformed)?;
        let (segment, tail) = rest.split_at_checked(at).ok_or(malformed)?;
        *slot = segment;
        rest = tail.get(1..).unwrap_or_default();
    }
    // The last segment runs to the end and holds no dot.
    if next_dot(rest).is_some() {
        return Err(malformed);
    }
    *last = rest;
    if segments.first().is_none_or(|h| h.is_empty()) {
        return Err(malformed);
    }
    Ok(segments)
}

/// The index of the first `.` in `bytes`.
fn next_dot(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const DOTS: u64 = u64::from_ne_bytes([b'.'; 8]);
    let (words, remainder) = bytes.as_chunks::<8>();
    // A zero byte in `x` is a dot in the word (the classic has-zero-byte test).
    let has_dot = |word: &[u8; 8]| {
        let x = u64::from_ne_bytes(*word) ^ DOTS;
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    // Positions are put together with `|`: a word starts at a multiple of 8 (`k << 3`), and the
    // index within it is below 8.
    let (k, word) = match words.iter().position(has_dot) {
        Some(k) => (k, words.get(k).map_or(&[][..], <[u8; 8]>::as_slice)),
        None => (words.len(), remainder),
    };
    word.iter().position(|&b| b == b'.').map(|i| (k << 3) | i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_dot_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = [b'A'; 40];
                bytes[at] = b'.';
                assert_eq!(next_dot(&bytes[..len]), Some(at));
                // Bytes that differ from '.' by one bit are not dots.
                bytes[at] = b'.' ^ 0x80;
                assert_eq!(next_dot(&bytes[..len]), None);
            }
            assert_eq!(next_dot(&[b'-'; 40][..len]), None);
        }
    }

    #[test]
    fn splits_exactly() {
        assert_eq!(split::<3>(b"a.b.c"), Ok([&b"a"[..], b"b", b"c"]));
        assert_eq!(
            split::<5>(b"a..c.d."),
            Ok([&b"a"[..], b"", b"c", b"d", b""])
        );
        for bad in [
            &b"a.b"[..],
            b"a.b.c.d",
            b".b.c",
            b"",
            b" {\"a\":1}.b.c",
            b"abc",
        ] {
            assert_eq!(split::<3>(bad), Err(Error::Malformed(Part::Token)));
        }
        assert_eq!(
            split::<5>(b"a.b.c.d.e.f"),
            Err(Error::Malformed(Part::Token))
        );
        assert_eq!(split::<5>(b"a.b.c.d"), Err(Error::Malformed(Part::Token)));
    }
}
