//! Writing JSON: the [`Sink`]s text goes to, and strings with the escapes RFC 8259 requires.

use crate::Error;

/// Somewhere JSON text can be written: a buffer, a base64url encoder or a hash.
pub(crate) trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error>;
}

/// Writes `n` as a JSON number, in decimal digits.
pub(crate) fn write_u64(sink: &mut dyn Sink, mut n: u64) -> Result<(), Error> {
    // Twenty places hold `u64::MAX`.
    let mut digits = [0u8; 20];
    let mut start = 0;
    for (at, d) in digits.iter_mut().enumerate().rev() {
        // `b'0'` is 0x30: its low four bits are free for the digit.
        *d = b'0' | u8::try_from(n % 10).unwrap_or_default();
        n /= 10;
        start = at;
        if n == 0 {
            break;
        }
    }
    sink.put(digits.get(start..).unwrap_or_default())
}

/// Writes `s` as a JSON string, with quotes and the escapes RFC 8259 §7 requires.
pub(crate) fn write_str(sink: &mut dyn Sink, s: &str) -> Result<(), Error> {
    sink.put(b"\"")?;
    let mut rest = s.as_bytes();
    while let Some(i) = rest
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
    {
        let (run, tail) = rest.split_at_checked(i).unwrap_or_default();
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        sink.put(run)?;
        rest = tail;
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => b"",
        };
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0');
            sink.put(&[b'\\', b'u', b'0', b'0', hi, lo])?;
        } else {
            sink.put(escape)?;
        }
    }
    sink.put(rest)?;
    sink.put(b"\"")
}

/// A [`Sink`] over a byte slice.
#[derive(Debug)]
pub(crate) struct SliceSink<'o> {
    pub(crate) buf: &'o mut [u8],
    pub(crate) len: usize,
}

impl Sink for SliceSink<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        // A length no buffer can have is reported as the largest, never wrapped.
        let end = self.len.saturating_add(bytes.len());
        match self.buf.get_mut(self.len..end) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => return Err(Error::BufferTooSmall { needed: end }),
        }
        self.len = end;
        Ok(())
    }
}

/// A [`Sink`] over a byte slice that writes what fits and counts everything, so that a text too
/// long for the slice is measured exactly in the same pass.
#[cfg(feature = "sd-jwt")]
#[derive(Debug)]
pub(crate) struct SpillSink<'o> {
    pub(crate) buf: &'o mut [u8],
    pub(crate) len: usize,
}

#[cfg(feature = "sd-jwt")]
impl SpillSink<'_> {
    /// [`Error::BufferTooSmall`] with the whole length if the text did not fit.
    pub(crate) fn check(&self) -> Result<usize, Error> {
        if self.len > self.buf.len() {
            return Err(Error::BufferTooSmall { needed: self.len });
        }
        Ok(self.len)
    }
}

#[cfg(feature = "sd-jwt")]
impl Sink for SpillSink<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
        Ok(())
    }
}

/// A [`Sink`] that only counts.
#[derive(Debug, Default)]
pub(crate) struct CountSink(pub(crate) usize);

impl Sink for CountSink {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::Part;
    use crate::json::parse_object;

    #[test]
    fn escapes_what_json_requires() {
        let mut buf = [0u8; 64];
        let mut sink = SliceSink {
            buf: &mut buf,
            len: 0,
        };
        write_str(&mut sink, "a\"b\\c\n\u{1}/é").unwrap();
        let len = sink.len;
        assert_eq!(
            core::str::from_utf8(&buf[..len]).unwrap(),
            "\"a\\\"b\\\\c\\n\\u0001/é\""
        );
        let parsed = parse_object(
            b"{\"k\":\"a\\\"b\\\\c\\n\\u0001/\xc3\xa9\"}",
            2,
            Part::Header,
        )
        .unwrap();
        assert!(
            parsed
                .get("k")
                .unwrap()
                .as_str()
                .unwrap()
                .eq_str("a\"b\\c\n\u{1}/é")
        );
    }
}
