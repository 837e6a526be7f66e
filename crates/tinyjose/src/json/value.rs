//! Views of validated JSON: objects, members, values, arrays and strings, walked without being
//! checked again. Each view holds `&str`, so a string without escapes is lent as it is, with no
//! second UTF-8 check.

use crate::Error;

/// A validated JSON object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Object<'a> {
    /// The object text from `{` (the closing `}` may be absent for a prefix being validated).
    pub(super) src: &'a str,
}

impl<'a> Object<'a> {
    /// Iterates the members in document order.
    pub(crate) fn members(&self) -> Members<'a> {
        Members {
            src: self.src,
            pos: skip_ws(self.src.as_bytes(), 1),
        }
    }

    /// The value of member `name`, if present (names are unique after validation).
    pub(crate) fn get(&self, name: &str) -> Option<Value<'a>> {
        self.members().find(|(k, _)| k.eq_str(name)).map(|(_, v)| v)
    }

    /// The raw JSON text of the object.
    pub(crate) fn text(&self) -> &'a str {
        self.src
    }

    pub(super) fn keys_until_end(&self) -> impl Iterator<Item = Str<'a>> {
        self.members().map(|(k, _)| k)
    }
}

/// Iterator over the members of an [`Object`].
#[derive(Debug)]
pub(crate) struct Members<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (Str<'a>, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.src.as_bytes();
        if bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let (key_end, escaped) = string_scan(bytes, self.pos);
        let key = Str {
            raw: self
                .src
                .get(self.pos.saturating_add(1)..key_end.checked_sub(1)?)?,
            escaped,
        };
        let mut i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(bytes, i.saturating_add(1));
        let end = value_end(bytes, i);
        let value = Value {
            raw: self.src.get(i..end)?,
        };
        i = skip_ws(bytes, end);
        if bytes.get(i) == Some(&b',') {
            i = skip_ws(bytes, i.saturating_add(1));
        }
        self.pos = i;
        Some((key, value))
    }
}

/// A validated JSON value, as its raw text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Value<'a> {
    pub(super) raw: &'a str,
}

impl<'a> Value<'a> {
    /// An object as a value.
    #[cfg(feature = "sd-jwt")]
    pub(crate) fn of_object(object: Object<'a>) -> Self {
        Self { raw: object.src }
    }

    /// The value's JSON text.
    #[cfg(feature = "sd-jwt")]
    pub(crate) fn raw(&self) -> &'a str {
        self.raw
    }

    /// The length of the value's JSON text.
    pub(crate) fn raw_len(&self) -> usize {
        self.raw.len()
    }

    /// The value as a string, if it is one.
    pub(crate) fn as_str(&self) -> Option<Str<'a>> {
        let inner = self.raw.strip_prefix("\"")?.strip_suffix("\"")?;
        Some(Str {
            raw: inner,
            escaped: inner.as_bytes().contains(&b'\\'),
        })
    }

    /// The value as an object, if it is one.
    pub(crate) fn as_object(&self) -> Option<Object<'a>> {
        self.raw
            .starts_with("{")
            .then_some(Object { src: self.raw })
    }

    /// The elements of the value, if it is an array.
    pub(crate) fn as_array(&self) -> Option<Elements<'a>> {
        self.raw.starts_with("[").then(|| Elements {
            src: self.raw,
            pos: skip_ws(self.raw.as_bytes(), 1),
        })
    }

    /// The value as a boolean, if it is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.raw {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The raw text of a number, if the value is one.
    pub(crate) fn as_number(&self) -> Option<&'a str> {
        match self.raw.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => Some(self.raw),
            _ => None,
        }
    }
}

/// A JSON integer that fits 64 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Integer {
    /// Zero or more (`-0` included).
    NonNegative(u64),
    /// Below zero.
    Negative(i64),
}

impl Integer {
    /// The integer of a validated JSON number's text, if it has no fraction or exponent and fits:
    /// one digit loop for every integer the crate reads (claims, `p2c`, typed fields).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (negative, digits) = match text.strip_prefix("-") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut magnitude = 0u64;
        for digit in digits.bytes() {
            if !digit.is_ascii_digit() {
                return None;
            }
            // The low four bits of an ASCII digit are its value.
            magnitude = magnitude
                .checked_mul(10)?
                .checked_add(u64::from(digit & 0x0f))?;
        }
        if !negative || magnitude == 0 {
            return Some(Self::NonNegative(magnitude));
        }
        // Down to -2^63, the one negative value whose magnitude is not an `i64`.
        0i64.checked_sub_unsigned(magnitude).map(Self::Negative)
    }
}

/// Iterator over the elements of a JSON array.
#[derive(Clone, Debug)]
pub(crate) struct Elements<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.src.as_bytes();
        match bytes.get(self.pos) {
            None | Some(b']') => return None,
            _ => {}
        }
        let end = value_end(bytes, self.pos);
        let value = Value {
            raw: self.src.get(self.pos..end)?,
        };
        let mut i = skip_ws(bytes, end);
        if bytes.get(i) == Some(&b',') {
            i = skip_ws(bytes, i.saturating_add(1));
        }
        self.pos = i;
        Some(value)
    }
}

/// A validated JSON string, as the raw text between its quotes (escapes not yet decoded).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Str<'a> {
    pub(super) raw: &'a str,
    /// Whether `raw` has escapes, so that it is not the string's value.
    pub(super) escaped: bool,
}

impl<'a> Str<'a> {
    /// The string as written between its quotes, escapes included.
    #[cfg(feature = "sd-jwt")]
    pub(crate) fn raw(&self) -> &'a str {
        self.raw
    }

    /// The length of the string as written, escapes included: at least its decoded length.
    pub(crate) fn raw_len(&self) -> usize {
        self.raw.len()
    }

    /// The string itself when it has no escapes, so it can be borrowed from the document.
    pub(crate) fn as_borrowed(&self) -> Option<&'a str> {
        (!self.escaped).then_some(self.raw)
    }

    /// The decoded characters.
    pub(crate) fn chars(&self) -> Chars<'a> {
        Chars { rest: self.raw }
    }

    /// Whether the decoded string equals `s`.
    pub(crate) fn eq_str(&self, s: &str) -> bool {
        if self.escaped {
            self.chars().eq(s.chars())
        } else {
            self.raw == s
        }
    }

    /// Whether two strings decode to the same characters.
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        if self.raw == other.raw {
            return true;
        }
        if !self.escaped && !other.escaped {
            return false;
        }
        self.chars().eq(other.chars())
    }

    /// Two bits of a 128-bit filter, from a hash of the decoded UTF-8 bytes: strings that decode
    /// alike get the same bits.
    pub(super) fn filter_bits(&self) -> u128 {
        // FNV-1a, 32 bits.
        let mut h: u32 = 0x811c_9dc5;
        let mut feed = |b: u8| h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        if self.escaped {
            for c in self.chars() {
                let mut utf8 = [0u8; 4];
                c.encode_utf8(&mut utf8).bytes().for_each(&mut feed);
            }
        } else {
            self.raw.bytes().for_each(&mut feed);
        }
        (1u128 << (h % 128)) | (1u128 << ((h >> 16) % 128))
    }

    /// The length of the decoded string in UTF-8 bytes.
    pub(crate) fn decoded_len(&self) -> usize {
        if self.escaped {
            self.chars().map(char::len_utf8).sum()
        } else {
            self.raw.len()
        }
    }

    /// Decodes the string into the front of `buf`.
    pub(crate) fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        let needed = self.decoded_len();
        let out = buf
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        if self.escaped {
            let mut rest = &mut *out;
            for c in self.chars() {
                let Some((dst, tail)) = rest.split_at_mut_checked(c.len_utf8()) else {
                    break;
                };
                c.encode_utf8(dst);
                rest = tail;
            }
        } else {
            // As long as `out` (`needed` is its length), copied without a length check.
            for (to, &from) in out.iter_mut().zip(self.raw.as_bytes()) {
                *to = from;
            }
        }
        core::str::from_utf8(out).map_err(|_| Error::BufferTooSmall { needed })
    }

    /// The string as a registered name (an algorithm, an `enc`): decoded as [`decode`] does, or
    /// empty, which names nothing, when it is longer than `buf` and so longer than any such name.
    ///
    /// [`decode`]: Self::decode
    pub(crate) fn decode_name<'b>(&self, buf: &'b mut [u8]) -> &'b str
    where
        'a: 'b,
    {
        self.decode(buf).unwrap_or_default()
    }

    /// Decodes the string, borrowing it when it has no escapes and unescaping it into `buf`
    /// otherwise.
    pub(crate) fn decode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error>
    where
        'a: 'b,
    {
        match self.as_borrowed() {
            Some(s) => Ok(s),
            None => self.unescape_into(buf),
        }
    }
}

/// Iterator over the decoded characters of a validated [`Str`].
#[derive(Debug)]
pub(crate) struct Chars<'a> {
    rest: &'a str,
}

impl Chars<'_> {
    /// The next four hexadecimal digits.
    fn hex4(&mut self) -> u32 {
        let digits = self.rest.get(..4).unwrap_or_default();
        self.rest = self.rest.get(4..).unwrap_or_default();
        // A digit is below 16, so it fills the four bits the shift frees.
        digits
            .bytes()
            .fold(0, |v, b| (v << 4) | hex_val(b).unwrap_or(0))
    }
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let first = chars.next()?;
        if first != '\\' {
            self.rest = chars.as_str();
            return Some(first);
        }
        let escape = chars.next()?;
        self.rest = chars.as_str();
        Some(match escape {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = self.hex4();
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: validation has checked that `\uDC00`-`\uDFFF` follows.
                    self.rest = self.rest.get(2..).unwrap_or_default();
                    let low = self.hex4();
                    // Ten bits from each surrogate, above U+FFFF.
                    char::from_u32((((unit & 0x3ff) << 10) | (low & 0x3ff)).checked_add(0x1_0000)?)?
                } else {
                    char::from_u32(unit)?
                }
            }
            other => other,
        })
    }
}

pub(super) fn hex_val(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

pub(super) fn skip_ws(src: &[u8], mut pos: usize) -> usize {
    while matches!(src.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos = pos.saturating_add(1);
    }
    pos
}

/// The end of the valid JSON value starting at `pos` (which must not be whitespace).
pub(super) fn value_end(src: &[u8], pos: usize) -> usize {
    match src.get(pos) {
        Some(b'"') => string_end(src, pos),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = pos;
            while let Some(&b) = src.get(i) {
                match b {
                    b'"' => {
                        i = string_end(src, i);
                        continue;
                    }
                    b'{' | b'[' => depth = depth.saturating_add(1),
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i.saturating_add(1);
                        }
                    }
                    _ => {}
                }
                i = i.saturating_add(1);
            }
            src.len()
        }
        _ => {
            let mut i = pos;
            while matches!(src.get(i), Some(b) if !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i = i.saturating_add(1);
            }
            i
        }
    }
}

/// The position just after the closing quote of the string opening at `pos`.
pub(super) fn string_end(src: &[u8], pos: usize) -> usize {
    string_scan(src, pos).0
}

/// The position just after the closing quote of the string opening at `pos`, and whether the
/// string has escapes.
pub(super) fn string_scan(src: &[u8], pos: usize) -> (usize, bool) {
    let mut i = pos.saturating_add(1);
    let mut escaped = false;
    loop {
        i = plain_run_end(src, i);
        match src.get(i) {
            Some(b'"') => return (i.saturating_add(1), escaped),
            Some(b'\\') => {
                escaped = true;
                i = i.saturating_add(2);
            }
            Some(_) => i = i.saturating_add(1),
            None => return (src.len(), escaped),
        }
    }
}

/// The end of the run of string bytes from `pos` that need no attention: the position of the
/// first quote, backslash or control character (or the end of `src`). A machine word of bytes
/// is tested at a time.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "`pos` starts at most one past the end of `src` (at most `isize::MAX` long) and \
              moves only over bytes `get` found, so `pos + WORD` and `pos + lowest` cannot \
              overflow; saturating forms slow this hot loop"
)]
pub(super) fn plain_run_end(src: &[u8], mut pos: usize) -> usize {
    const WORD: usize = size_of::<usize>();
    const ONES: usize = usize::MAX / 0xff;
    const HIGHS: usize = ONES << 7;
    /// Bytes of `x` that are zero, marked by their high bit (exact for the lowest one).
    const fn zeros(x: usize) -> usize {
        x.wrapping_sub(ONES) & !x & HIGHS
    }
    while let Some(word) = src.get(pos..pos + WORD) {
        let mut bytes = [0u8; WORD];
        bytes.copy_from_slice(word);
        let x = usize::from_le_bytes(bytes);
        // Quote, backslash, or below 0x20 (`x - 0x20` borrows only where a byte is below 0x20,
        // up to the lowest such byte, which is all that is needed).
        let stop = zeros(x ^ (ONES * usize::from(b'"')))
            | zeros(x ^ (ONES * usize::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
        if stop != 0 {
            // The lowest marked byte is exact; bytes above it may be false marks.
            let lowest = usize::try_from(stop.trailing_zeros() / 8).unwrap_or(0);
            return pos + lowest;
        }
        pos += WORD;
    }
    while matches!(src.get(pos), Some(&b) if b != b'"' && b != b'\\' && b >= 0x20) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first quote, backslash or control character, one byte at a time.
    fn slow(src: &[u8], pos: usize) -> usize {
        src.iter()
            .skip(pos)
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .map_or(src.len(), |i| pos + i)
    }

    #[test]
    fn plain_runs_stop_at_the_first_byte_that_needs_attention() {
        // Every stop byte at every offset of a 20-byte run, among bytes that must not stop it
        // (0x20, 0x7f, UTF-8 continuation and lead bytes, the bytes next to '"' and '\\').
        let filler = [
            b' ', 0x7f, 0x80, 0xbf, 0xc3, 0xff, b'!', b'#', b'[', b']', b'a',
        ];
        for stop in [b'"', b'\\', 0x00, 0x01, 0x0a, 0x1f] {
            for at in 0..20 {
                for start in 0..3 {
                    let mut src: std::vec::Vec<u8> =
                        (0..20).map(|i| filler[i % filler.len()]).collect();
                    src[at] = stop;
                    // A second stop byte after the first must not matter.
                    if at + 1 < src.len() {
                        src[at + 1] = 0x00;
                    }
                    assert_eq!(
                        plain_run_end(&src, start),
                        slow(&src, start),
                        "{stop:#x} at {at} from {start}"
                    );
                }
            }
        }
        let plain: std::vec::Vec<u8> = (0x20..=0xffu8)
            .filter(|&b| b != b'"' && b != b'\\')
            .collect();
        assert_eq!(plain_run_end(&plain, 0), plain.len());
        assert_eq!(plain_run_end(b"", 0), 0);
    }

    #[test]
    fn integers_parse_exactly_to_the_ends_of_64_bits() {
        use Integer::{Negative, NonNegative};
        assert_eq!(Integer::parse("0"), Some(NonNegative(0)));
        assert_eq!(Integer::parse("-0"), Some(NonNegative(0)));
        assert_eq!(Integer::parse("42"), Some(NonNegative(42)));
        assert_eq!(Integer::parse("-42"), Some(Negative(-42)));
        assert_eq!(
            Integer::parse("18446744073709551615"),
            Some(NonNegative(u64::MAX))
        );
        assert_eq!(Integer::parse("18446744073709551616"), None);
        assert_eq!(
            Integer::parse("-9223372036854775808"),
            Some(Negative(i64::MIN))
        );
        assert_eq!(Integer::parse("-9223372036854775809"), None);
        assert_eq!(Integer::parse("1.5"), None);
        assert_eq!(Integer::parse("1e3"), None);
    }

    #[test]
    fn string_scans_report_escapes() {
        assert_eq!(string_scan(br#""abc" "#, 0), (5, false));
        assert_eq!(string_scan(br#""a\"b\\" "#, 0), (8, true));
        assert_eq!(string_scan(br#""unterminated"#, 0), (13, false));
    }
}
