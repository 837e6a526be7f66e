//! Views of validated JSON: objects, members, values, arrays and strings, walked without being
//! checked again.

use crate::Error;

/// A validated JSON object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Object<'a> {
    /// The object text from `{` (the closing `}` may be absent for a prefix being validated).
    pub(super) src: &'a [u8],
}

impl<'a> Object<'a> {
    /// Iterates the members in document order.
    pub(crate) fn members(&self) -> Members<'a> {
        Members {
            src: self.src,
            pos: skip_ws(self.src, 1),
        }
    }

    /// The value of member `name`, if present (names are unique after validation).
    pub(crate) fn get(&self, name: &str) -> Option<Value<'a>> {
        self.members().find(|(k, _)| k.eq_str(name)).map(|(_, v)| v)
    }

    /// The raw JSON text of the object.
    pub(crate) fn text(&self) -> &'a [u8] {
        self.src
    }

    pub(super) fn keys_until_end(&self) -> impl Iterator<Item = Str<'a>> {
        self.members().map(|(k, _)| k)
    }
}

/// Iterator over the members of an [`Object`].
#[derive(Debug)]
pub(crate) struct Members<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (Str<'a>, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.src.get(self.pos) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(self.src, self.pos);
        let key = Str {
            raw: self.src.get(self.pos + 1..key_end.checked_sub(1)?)?,
        };
        let mut i = skip_ws(self.src, key_end);
        if self.src.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(self.src, i + 1);
        let end = value_end(self.src, i);
        let value = Value {
            raw: self.src.get(i..end)?,
        };
        i = skip_ws(self.src, end);
        if self.src.get(i) == Some(&b',') {
            i = skip_ws(self.src, i + 1);
        }
        self.pos = i;
        Some((key, value))
    }
}

/// A validated JSON value, as its raw text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Value<'a> {
    raw: &'a [u8],
}

impl<'a> Value<'a> {
    /// The value as a string, if it is one.
    pub(crate) fn as_str(&self) -> Option<Str<'a>> {
        match self.raw {
            [b'"', inner @ .., b'"'] => Some(Str { raw: inner }),
            _ => None,
        }
    }

    /// The value as an object, if it is one.
    pub(crate) fn as_object(&self) -> Option<Object<'a>> {
        (self.raw.first() == Some(&b'{')).then_some(Object { src: self.raw })
    }

    /// The elements of the value, if it is an array.
    pub(crate) fn as_array(&self) -> Option<Elements<'a>> {
        (self.raw.first() == Some(&b'[')).then(|| Elements {
            src: self.raw,
            pos: skip_ws(self.raw, 1),
        })
    }

    /// The value as a boolean, if it is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.raw {
            b"true" => Some(true),
            b"false" => Some(false),
            _ => None,
        }
    }

    /// The raw text of a number, if the value is one.
    pub(crate) fn as_number(&self) -> Option<&'a str> {
        match self.raw.first() {
            Some(b'-' | b'0'..=b'9') => core::str::from_utf8(self.raw).ok(),
            _ => None,
        }
    }
}

/// Iterator over the elements of a JSON array.
#[derive(Debug)]
pub(crate) struct Elements<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.src.get(self.pos) {
            None | Some(b']') => return None,
            _ => {}
        }
        let end = value_end(self.src, self.pos);
        let value = Value {
            raw: self.src.get(self.pos..end)?,
        };
        let mut i = skip_ws(self.src, end);
        if self.src.get(i) == Some(&b',') {
            i = skip_ws(self.src, i + 1);
        }
        self.pos = i;
        Some(value)
    }
}

/// A validated JSON string, as the raw text between its quotes (escapes not yet decoded).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Str<'a> {
    pub(super) raw: &'a [u8],
}

impl<'a> Str<'a> {
    /// The string itself when it has no escapes, so it can be borrowed from the document.
    pub(crate) fn as_borrowed(&self) -> Option<&'a str> {
        if self.raw.contains(&b'\\') {
            None
        } else {
            core::str::from_utf8(self.raw).ok()
        }
    }

    /// The decoded characters.
    pub(crate) fn chars(&self) -> Chars<'a> {
        Chars {
            raw: self.raw,
            pos: 0,
        }
    }

    /// Whether the decoded string equals `s`.
    ///
    /// Without escapes the raw bytes are the decoded text (already checked UTF-8), so they are
    /// compared as they are, without validating them again.
    pub(crate) fn eq_str(&self, s: &str) -> bool {
        if self.raw.contains(&b'\\') {
            self.chars().eq(s.chars())
        } else {
            self.raw == s.as_bytes()
        }
    }

    /// Whether two strings decode to the same characters.
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        if self.raw == other.raw {
            return true;
        }
        if !self.raw.contains(&b'\\') && !other.raw.contains(&b'\\') {
            return false;
        }
        self.chars().eq(other.chars())
    }

    /// One bit of a 128-bit filter, from a hash of the decoded UTF-8 bytes: strings that decode
    /// alike get the same bit.
    pub(super) fn filter_bit(&self) -> u128 {
        // FNV-1a, 32 bits.
        let mut h: u32 = 0x811c_9dc5;
        let mut feed = |b: u8| h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        if self.raw.contains(&b'\\') {
            for c in self.chars() {
                let mut utf8 = [0u8; 4];
                c.encode_utf8(&mut utf8).bytes().for_each(&mut feed);
            }
        } else {
            self.raw.iter().copied().for_each(&mut feed);
        }
        1u128 << ((h ^ (h >> 16)) % 128)
    }

    /// The length of the decoded string in UTF-8 bytes.
    pub(crate) fn decoded_len(&self) -> usize {
        match self.as_borrowed() {
            Some(s) => s.len(),
            None => self.chars().map(char::len_utf8).sum(),
        }
    }

    /// Decodes the string into the front of `buf`.
    pub(crate) fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        if !self.raw.contains(&b'\\') {
            // No escapes: the raw bytes are the text, and their length is known at once.
            let needed = self.raw.len();
            let out = buf
                .get_mut(..needed)
                .ok_or(Error::BufferTooSmall { needed })?;
            out.copy_from_slice(self.raw);
            return core::str::from_utf8(out).map_err(|_| Error::BufferTooSmall { needed });
        }
        let needed = self.decoded_len();
        let out = buf
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        let mut at = 0;
        for c in self.chars() {
            let n = c.len_utf8();
            if let Some(dst) = out.get_mut(at..at + n) {
                c.encode_utf8(dst);
            }
            at += n;
        }
        core::str::from_utf8(out).map_err(|_| Error::BufferTooSmall { needed })
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
    raw: &'a [u8],
    pos: usize,
}

impl Chars<'_> {
    fn hex4(&mut self) -> u32 {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16
                + self
                    .raw
                    .get(self.pos)
                    .and_then(|&b| hex_val(b))
                    .unwrap_or(0);
            self.pos += 1;
        }
        v
    }
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let rest = self.raw.get(self.pos..)?;
        let first = *rest.first()?;
        if first != b'\\' {
            // Validated UTF-8: decode one scalar value.
            let len = match first {
                0..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            self.pos += len;
            return core::str::from_utf8(rest.get(..len)?).ok()?.chars().next();
        }
        self.pos += 2;
        Some(match rest.get(1)? {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4();
                if (0xD800..0xDC00).contains(&unit) {
                    self.pos += 2;
                    let low = self.hex4();
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00)))?
                } else {
                    char::from_u32(unit)?
                }
            }
            &other => char::from(other),
        })
    }
}

pub(super) fn hex_val(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

pub(super) fn skip_ws(src: &[u8], mut pos: usize) -> usize {
    while matches!(src.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
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
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            src.len()
        }
        _ => {
            let mut i = pos;
            while matches!(src.get(i), Some(b) if !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            i
        }
    }
}

/// The position just after the closing quote of the string opening at `pos`.
pub(super) fn string_end(src: &[u8], pos: usize) -> usize {
    let mut i = pos + 1;
    while let Some(&b) = src.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    src.len()
}
