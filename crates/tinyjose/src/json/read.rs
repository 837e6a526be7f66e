//! Validation of a JSON document: one pass over the text, before any view of it is made, that
//! hands each top-level member to the caller as it passes, so nothing reads the text again to
//! find them.

#[cfg(feature = "sd-jwt")]
use super::value::Elements;
use super::value::{Object, Str, Value, hex_val, plain_run_end, skip_ws};
use crate::{Error, Limit, MAX_MEMBERS, Part};

/// What a caller does with each top-level member, in document order, as validation passes it.
///
/// Once it returns an error it is not called again. Validation goes on to the end of the text, and
/// a JSON error there is returned before the member's error: a document is judged well-formed
/// first, whatever its members say.
pub(crate) type EachMember<'v, 'a> = dyn FnMut(Str<'a>, Value<'a>) -> Result<(), Error> + 'v;

/// Validates `src` as a JSON object and returns a view of it.
pub(crate) fn parse_object(src: &[u8], max_depth: usize, part: Part) -> Result<Object<'_>, Error> {
    parse_object_with(src, max_depth, part, &mut |_, _| Ok(()))
}

/// Validates `src` as a JSON object, handing each top-level member to `each`, and returns a view
/// of it.
pub(crate) fn parse_object_with<'a>(
    src: &'a [u8],
    max_depth: usize,
    part: Part,
    each: &mut EachMember<'_, 'a>,
) -> Result<Object<'a>, Error> {
    let src = validate(src, max_depth, part, each, b'{')?;
    Ok(Object { src })
}

/// Validates `src` as a JSON array (an SD-JWT disclosure) and returns its elements.
#[cfg(feature = "sd-jwt")]
pub(crate) fn parse_array(src: &[u8], max_depth: usize, part: Part) -> Result<Elements<'_>, Error> {
    let raw = validate(src, max_depth, part, &mut |_, _| Ok(()), b'[')?;
    Value { raw }.as_array().ok_or(Error::Json(part))
}

/// Validates `src` as one JSON object or array (`open` says which), with nothing but whitespace
/// around it, and returns its text.
fn validate<'a>(
    src: &'a [u8],
    max_depth: usize,
    part: Part,
    each: &mut EachMember<'_, 'a>,
    open: u8,
) -> Result<&'a str, Error> {
    let text = core::str::from_utf8(src).map_err(|_| Error::Json(part))?;
    let mut p = Validator {
        text,
        src: text.as_bytes(),
        pos: 0,
        depth_left: max_depth.min(crate::MAX_JSON_DEPTH),
        top_depth_left: max_depth.min(crate::MAX_JSON_DEPTH).wrapping_sub(1),
        part,
        each,
        member_error: None,
    };
    p.skip_ws();
    let start = p.pos;
    match (p.peek(), open) {
        (Some(b'{'), b'{') => p.nested(Validator::object)?,
        (Some(b'['), b'[') => p.nested(Validator::array)?,
        _ => return Err(Error::Json(part)),
    }
    let end = p.pos;
    p.skip_ws();
    if p.pos != p.src.len() {
        return Err(Error::Json(part));
    }
    if let Some(e) = p.member_error {
        return Err(e);
    }
    Ok(text.get(start..end).unwrap_or_default())
}

struct Validator<'a, 'v> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    depth_left: usize,
    /// `depth_left` inside the top-level object, whose members go to the caller.
    top_depth_left: usize,
    part: Part,
    each: &'v mut EachMember<'v, 'a>,
    member_error: Option<Error>,
}

impl<'a> Validator<'a, '_> {
    fn err(&self) -> Error {
        Error::Json(self.part)
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, Error> {
        let b = self.peek().ok_or(self.err())?;
        self.bump();
        Ok(b)
    }

    /// Moves past the byte `peek` has just returned: the cursor is below the length of the text,
    /// so the saturating step never saturates.
    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
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
        // One level up again: the level just taken off, so this never saturates.
        self.depth_left = self.depth_left.saturating_add(1);
        Ok(())
    }

    /// An object; the members of the top-level one go to the caller.
    fn object(&mut self) -> Result<(), Error> {
        let top = self.depth_left == self.top_depth_left;
        let start = self.pos;
        self.expect(b'{')?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(());
        }
        let mut members_left = MAX_MEMBERS;
        // Two bits per name seen in this object (a Bloom filter): a name with either bit clear is
        // new, so the earlier members are walked only when both are already set.
        let mut seen: u128 = 0;
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err());
            }
            let key_pos = self.pos;
            let key = self.string()?;
            members_left = members_left
                .checked_sub(1)
                .ok_or(Error::LimitExceeded(Limit::JsonMembers))?;
            let bits = key.filter_bits();
            if seen & bits == bits {
                // Earlier members of this object are already valid: walk them and compare names.
                let earlier = Object {
                    src: self.text.get(start..key_pos).unwrap_or_default(),
                };
                if earlier.keys_until_end().any(|k| k.same_as(&key)) {
                    return Err(Error::DuplicateMember(self.part));
                }
            }
            seen |= bits;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value_start = self.pos;
            self.value()?;
            if top && self.member_error.is_none() {
                let raw = self.text.get(value_start..self.pos).unwrap_or_default();
                self.member_error = (self.each)(key, Value { raw }).err();
            }
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
            self.bump();
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
        let mut escaped = false;
        loop {
            self.pos = plain_run_end(self.src, self.pos);
            match self.next()? {
                b'"' => break,
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => escaped = true,
                    b'u' => {
                        escaped = true;
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
                // A control character: the plain run stops only at these three kinds.
                _ => return Err(self.err()),
            }
        }
        // The closing quote, just read, is before the cursor (which is past it, so at least 1).
        let raw = self
            .text
            .get(start..self.pos.saturating_sub(1))
            .ok_or(self.err())?;
        Ok(Str { raw, escaped })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            // A digit is below 16, so it fills the four bits the shift frees.
            v = (v << 4) | hex_val(self.next()?).ok_or(self.err())?;
        }
        Ok(v)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        if !rest.starts_with(word) {
            return Err(self.err());
        }
        // Within the text, as `word` is.
        self.pos = self.pos.saturating_add(word.len());
        Ok(())
    }

    fn number(&mut self) -> Result<(), Error> {
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(self.err()),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            self.one_or_more_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            self.one_or_more_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
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
    fn hands_each_top_level_member_over_once_in_order() {
        let doc = br#" { "a" : {"n":[1,{"m":2}]}, "b\u0063":"x\"y" ,"d":-1.5e3 } "#;
        let mut seen = std::vec::Vec::new();
        let obj = parse_object_with(doc, 4, Part::Payload, &mut |k, v| {
            let mut buf = [0u8; 8];
            let key = std::string::String::from(k.unescape_into(&mut buf).unwrap());
            seen.push((key, std::string::String::from(v.raw)));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                ("a".into(), r#"{"n":[1,{"m":2}]}"#.into()),
                ("bc".into(), r#""x\"y""#.into()),
                ("d".into(), "-1.5e3".into()),
            ]
        );
        assert!(obj.text().starts_with('{') && obj.text().ends_with('}'));
    }

    #[test]
    fn a_member_error_stops_the_calls_and_a_json_error_wins_over_it() {
        let mut calls = 0;
        let mut refuse_a = |k: Str<'_>, _: Value<'_>| {
            calls += 1;
            if k.eq_str("a") {
                Err(Error::Expired)
            } else {
                Ok(())
            }
        };
        let doc = br#"{"a":1,"b":2}"#;
        assert_eq!(
            parse_object_with(doc, 4, Part::Payload, &mut refuse_a).unwrap_err(),
            Error::Expired
        );
        assert_eq!(calls, 1);
        for bad in [
            &br#"{"a":1,"b":}"#[..],
            br#"{"a":1,"a":2}"#,
            br#"{"a":1} x"#,
        ] {
            let result = parse_object_with(bad, 4, Part::Payload, &mut |k, _| {
                if k.eq_str("a") {
                    Err(Error::Expired)
                } else {
                    Ok(())
                }
            });
            assert!(
                matches!(
                    result,
                    Err(Error::Json(Part::Payload) | Error::DuplicateMember(Part::Payload))
                ),
                "{result:?}"
            );
        }
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
