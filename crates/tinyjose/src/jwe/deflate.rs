//! `"zip":"DEF"` (RFC 7516 §4.1.3, RFC 1951): inflate authenticated content into a fixed buffer.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use crate::{Error, Limit};

/// Inflates the raw DEFLATE stream `deflated` into `out`, returning the inflated length.
///
/// The whole of `out` is the window, so no output is ever overwritten; content that needs more
/// room than `out` is refused with [`Limit::InflatedLength`], never truncated. A stream that is
/// corrupt or ends early is [`Error::DecryptionFailed`].
#[inline(never)]
pub(crate) fn inflate(deflated: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let mut state = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, read, written) = decompress(&mut state, deflated, out, 0, flags);
    match status {
        TINFLStatus::Done if read == deflated.len() => Ok(written),
        TINFLStatus::HasMoreOutput => Err(Error::LimitExceeded(Limit::InflatedLength)),
        _ => Err(Error::DecryptionFailed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflates_a_fixed_huffman_block() {
        let mut out = [0u8; 5];
        let n = inflate(&[0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00], &mut out).unwrap();
        assert_eq!(&out[..n], b"hello");
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let mut out = [0u8; 4];
        assert_eq!(
            inflate(&[0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00], &mut out),
            Err(Error::LimitExceeded(Limit::InflatedLength))
        );
    }

    #[test]
    fn refuses_truncated_and_trailing_input() {
        let mut out = [0u8; 16];
        assert_eq!(
            inflate(&[0xcb, 0x48, 0xcd], &mut out),
            Err(Error::DecryptionFailed)
        );
        assert_eq!(
            inflate(&[0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00], &mut out),
            Err(Error::DecryptionFailed)
        );
    }
}
