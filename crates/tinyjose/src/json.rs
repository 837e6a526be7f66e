//! A strict, allocation-free JSON reader (RFC 8259) for headers, claims and keys.
//!
//! [`parse_object`] validates a whole document once: grammar, UTF-8, escapes (lone surrogates are
//! refused), nesting depth, members per object and duplicate member names at every level (names
//! are compared after unescaping, so `"a"` and `"\u0061"` are the same member). The views it
//! returns then walk the validated text without checking it again.

// Parts of the reader serve only the JWK and JWT readers.
#![cfg_attr(
    not(all(feature = "jwk", feature = "jwt")),
    allow(dead_code, reason = "each feature uses part of the reader")
)]

#[cfg(feature = "jwt")]
pub(crate) mod de;

use crate::{Error, Limit, MAX_MEMBERS, Part};

/// Validates `src` as a JSON object and returns a view of it.
pub(crate) fn parse_object(src: &[u8], max_depth: usize, part: Part) -> Result<Object<'_>, Error> {
    let text = core::str::from_utf8(src).map_err(|_| Error::Json(part))?;
    let mut p = Validator {
        src: text.as_bytes(),
        pos: 0,
        depth_left: max_depth.min(crate::MAX_JSON_DEPTH),
        part,
    };
    p.skip_ws();
    let start = p.pos;
    if p.peek() != Some(b'{') {
        return Err(Error::Json(part));
    }
    p.value()?;
    let end = p.pos;
    p.skip_ws();
    if p.pos != p.src.len() {
        return Err(Error::Json(part));
    }
    let src = text.as_bytes().get(start..end).unwrap_or_default();
    Ok(Object { src })
}

struct Validator<'a> {
    src: &'a [u8],
    pos: usize,
    depth_left: usize,
    part: Part,
}

impl<'a> Validator<'a> {
    fn err(&self) -> Error {
        Error::Json(self.part)
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, Error> {
        let b = self.peek().ok_or(self.err())?;
        self.pos += 1;
        Ok(b)
    }

    fn expect(&mut self, b: u8) -> Result<(), Error> {
        if self.next()? == b {
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn skip_ws(&mut self) {
        self.pos = skip_ws(self.src, self.pos);
    }

    fn value(&mut self) -> Result<(), Error> {
        match self.peek().ok_or(self.err())? {
            b'{' => self.nested(Self::object),
            b'[' => self.nested(Self::array),
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err()),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<(), Error>) -> Result<(), Error> {
        self.depth_left = self
            .depth_left
            .checked_sub(1)
            .ok_or(Error::LimitExceeded(Limit::JsonDepth))?;
        f(self)?;
        self.depth_left += 1;
        Ok(())
    }

    fn object(&mut self) -> Result<(), Error> {
        let start = self.pos;
        self.expect(b'{')?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        let mut members = 0;
        // One bit per name seen in this object: a name whose bit is clear is new, so the earlier
        // members are walked only when the bit is already set.
        let mut seen: u128 = 0;
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err());
            }
            let key_pos = self.pos;
            let key = self.string()?;
            members += 1;
            if members > MAX_MEMBERS {
                return Err(Error::LimitExceeded(Limit::JsonMembers));
            }
            let bit = key.filter_bit();
            if seen & bit != 0 {
                // Earlier members of this object are already valid: walk them and compare names.
                let earlier = Object {
                    src: self.src.get(start..key_pos).unwrap_or_default(),
                };
                if earlier.keys_until_end().any(|k| k.same_as(&key)) {
                    return Err(Error::DuplicateMember(self.part));
                }
            }
            seen |= bit;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            self.value()?;
            self.skip_ws();
            match self.next()? {
                b',' => {}
                b'}' => return Ok(()),
                _ => return Err(self.err()),
            }
        }
    }

    fn array(&mut self) -> Result<(), Error> {
        self.expect(b'[')?;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            self.value()?;
            self.skip_ws();
            match self.next()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return Err(self.err()),
            }
        }
    }

    fn string(&mut self) -> Result<Str<'a>, Error> {
        self.expect(b'"')?;
        let start = self.pos;
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' => {
                        let unit = self.hex4()?;
                        if (0xDC00..0xE000).contains(&unit) {
                            return Err(self.err());
                        }
                        if (0xD800..0xDC00).contains(&unit) {
                            self.expect(b'\\')?;
                            self.expect(b'u')?;
                            if !(0xDC00..0xE000).contains(&self.hex4()?) {
                                return Err(self.err());
                            }
                        }
                    }
                    _ => return Err(self.err()),
                },
                0..=0x1f => return Err(self.err()),
                _ => {}
            }
        }
        let raw = self.src.get(start..self.pos - 1).ok_or(self.err())?;
        Ok(Str { raw })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + hex_val(self.next()?).ok_or(self.err())?;
        }
        Ok(v)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        let end = self.pos + word.len();
        if self.src.get(self.pos..end) != Some(word) {
            return Err(self.err());
        }
        self.pos = end;
        Ok(())
    }

    fn number(&mut self) -> Result<(), Error> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(self.err()),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.one_or_more_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.one_or_more_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn one_or_more_digits(&mut self) -> Result<(), Error> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            Err(self.err())
        } else {
            Ok(())
        }
    }
}

fn hex_val(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

fn skip_ws(src: &[u8], mut pos: usize) -> usize {
    while matches!(src.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// The end of the valid JSON value starting at `pos` (which must not be whitespace).
fn value_end(src: &[u8], pos: usize) -> usize {
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
fn string_end(src: &[u8], pos: usize) -> usize {
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

/// A validated JSON object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Object<'a> {
    /// The object text from `{` (the closing `}` may be absent for a prefix being validated).
    src: &'a [u8],
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

    fn keys_until_end(&self) -> impl Iterator<Item = Str<'a>> {
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
    raw: &'a [u8],
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
    fn filter_bit(&self) -> u128 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    fn parse(s: &str) -> Result<Object<'_>, Error> {
        parse_object(s.as_bytes(), 4, Part::Header)
    }

    #[test]
    fn accepts_strict_json() {
        let o =
            parse(r#" {"a" : [1, -0.5e+3, true, null, {"b": "c\u00e9\ud83d\ude00\/"}], "d":{} } "#)
                .unwrap();
        let mut members = o.members();
        let (k, v) = members.next().unwrap();
        assert!(k.eq_str("a"));
        assert_eq!(v.as_array().unwrap().count(), 5);
        let (k, v) = members.next().unwrap();
        assert!(k.eq_str("d"));
        assert!(v.as_object().unwrap().members().next().is_none());
        assert!(members.next().is_none());
        let inner = o.get("a").unwrap().as_array().unwrap().nth(4).unwrap();
        let s = inner
            .as_object()
            .unwrap()
            .get("b")
            .unwrap()
            .as_str()
            .unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(s.unescape_into(&mut buf).unwrap(), "c\u{e9}\u{1f600}/");
    }

    #[test]
    fn refuses_malformed_json() {
        let bad = [
            "",
            "[]",
            "\"a\"",
            "{",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{'a':1}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":1e}",
            "{\"a\":tru}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\udc00\"}",
            "{\"a\":\"\\ud800\\u0041\"}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":1} x",
            "{\"a\":[1,]}",
            "{\"a\":NaN}",
            "{a:1}",
        ];
        for s in bad {
            assert_eq!(parse(s).unwrap_err(), Error::Json(Part::Header), "{s:?}");
        }
        assert_eq!(
            parse_object(b"{\"a\":\"\xff\"}", 4, Part::Header).unwrap_err(),
            Error::Json(Part::Header)
        );
    }

    #[test]
    fn refuses_duplicates_after_unescaping_at_every_level() {
        for s in [
            r#"{"a":1,"a":2}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"{"x":{"b":1,"c":{},"b":2}}"#,
            r#"{"x":[{"k":1,"k":1}]}"#,
        ] {
            assert_eq!(
                parse(s).unwrap_err(),
                Error::DuplicateMember(Part::Header),
                "{s}"
            );
        }
        assert!(parse(r#"{"a":{"a":1},"b":{"a":1}}"#).is_ok());
    }

    #[test]
    fn finds_every_duplicate_among_many_names() {
        // With this many names the filter's bits collide, so both of its paths are taken.
        let names: std::vec::Vec<std::string::String> =
            (0..MAX_MEMBERS - 1).map(|i| format!("n{i}")).collect();
        let members = |names: &[std::string::String]| {
            let list: std::vec::Vec<_> = names.iter().map(|n| format!("\"{n}\":0")).collect();
            format!("{{{}}}", list.join(","))
        };
        let distinct = members(&names);
        assert!(parse_object(distinct.as_bytes(), 2, Part::Payload).is_ok());
        for (i, name) in names.iter().enumerate() {
            // The same name again, its first character escaped, as the last member.
            let mut with_dup = names.clone();
            with_dup.push(format!("\\u006e{}", &name[1..]));
            let doc = members(&with_dup);
            assert_eq!(
                parse_object(doc.as_bytes(), 2, Part::Payload).unwrap_err(),
                Error::DuplicateMember(Part::Payload),
                "{i}"
            );
        }
    }

    #[test]
    fn enforces_depth_and_member_limits() {
        assert!(parse(r#"{"a":[[{}]]}"#).is_ok());
        assert_eq!(
            parse(r#"{"a":[[[{}]]]}"#).unwrap_err(),
            Error::LimitExceeded(Limit::JsonDepth)
        );
        let mut doc = [0u8; 1024];
        let mut n = 0;
        doc[n] = b'{';
        n += 1;
        for i in 0..=MAX_MEMBERS {
            let m = format!("\"k{i}\":0,");
            doc[n..n + m.len()].copy_from_slice(m.as_bytes());
            n += m.len();
        }
        doc[n - 1] = b'}';
        assert_eq!(
            parse_object(&doc[..n], 4, Part::Header).unwrap_err(),
            Error::LimitExceeded(Limit::JsonMembers)
        );
    }
}

/// Somewhere JSON text can be written: a buffer, a base64url encoder or a hash.
pub(crate) trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error>;
}

/// Writes `s` as a JSON string, with quotes and the escapes RFC 8259 §7 requires.
pub(crate) fn write_str(sink: &mut dyn Sink, s: &str) -> Result<(), Error> {
    sink.put(b"\"")?;
    let mut run = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        sink.put(bytes.get(run..i).unwrap_or_default())?;
        run = i + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0');
            sink.put(&[b'\\', b'u', b'0', b'0', hi, lo])?;
        } else {
            sink.put(escape)?;
        }
    }
    sink.put(bytes.get(run..).unwrap_or_default())?;
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
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => return Err(Error::BufferTooSmall { needed: end }),
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
        self.0 += bytes.len();
        Ok(())
    }
}

#[cfg(test)]
mod write_tests {
    use super::*;

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
