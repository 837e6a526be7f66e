//! A serde `Deserializer` over validated JSON, lending strings from the document or, when they
//! have escapes, from a caller's scratch buffer.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::{Error, Part};

/// Deserializes `T` from `src`, which [`parse_object`](super::parse_object) has validated.
pub(crate) fn from_validated<'de, T: de::Deserialize<'de>>(
    text: &'de str,
    scratch: &'de mut [u8],
) -> Result<T, Error> {
    let mut de = Deserializer {
        text,
        src: text.as_bytes(),
        pos: 0,
        scratch,
    };
    T::deserialize(&mut de).map_err(|e| e.0)
}

/// The error serde sees; it carries the crate's error.
#[derive(Debug)]
pub(crate) struct DeError(Error);

impl core::fmt::Display for DeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.0, f)
    }
}

impl de::StdError for DeError {}

impl de::Error for DeError {
    fn custom<T: core::fmt::Display>(_msg: T) -> Self {
        Self(Error::Json(Part::Payload))
    }
}

struct Deserializer<'de> {
    text: &'de str,
    src: &'de [u8],
    pos: usize,
    scratch: &'de mut [u8],
}

impl<'de> Deserializer<'de> {
    fn peek(&mut self) -> Option<u8> {
        self.pos = super::value::skip_ws(self.src, self.pos);
        self.src.get(self.pos).copied()
    }

    /// Moves past the byte `peek` has just returned: the cursor is below the length of the text,
    /// so the saturating step never saturates.
    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn malformed() -> DeError {
        DeError(Error::Json(Part::Payload))
    }

    /// Consumes the value at the cursor and returns its raw text.
    fn raw_value(&mut self) -> Result<&'de str, DeError> {
        self.peek();
        let end = super::value::value_end(self.src, self.pos);
        let raw = self.text.get(self.pos..end).ok_or_else(Self::malformed)?;
        self.pos = end;
        Ok(raw)
    }

    /// Ends the object or array whose members or elements a visitor has taken. A visitor of
    /// fixed length (a tuple, an array) may stop before the last element: any element left over
    /// is an error, as in `serde_json`.
    fn close(&mut self) -> Result<(), DeError> {
        if matches!(self.peek(), Some(b'}' | b']')) {
            self.bump();
            Ok(())
        } else {
            Err(Self::malformed())
        }
    }

    fn string(&mut self) -> Result<&'de str, DeError> {
        if self.peek() == Some(b'"') {
            // A string without escapes is lent as it is, found in one scan.
            let start = self.pos.saturating_add(1);
            let end = super::value::plain_run_end(self.src, start);
            if self.src.get(end) == Some(&b'"') {
                self.pos = end;
                self.bump();
                return self.text.get(start..end).ok_or_else(Self::malformed);
            }
        }
        let raw = self.raw_value()?;
        let inner = super::Value { raw }.as_str().ok_or_else(Self::malformed)?;
        if let Some(s) = inner.as_borrowed() {
            return Ok(s);
        }
        let needed = inner.decoded_len();
        let scratch = core::mem::take(&mut self.scratch);
        if scratch.len() < needed {
            return Err(DeError(Error::BufferTooSmall { needed }));
        }
        let (head, tail) = scratch.split_at_mut(needed);
        self.scratch = tail;
        let head: &'de mut [u8] = head;
        inner.unescape_into(head).map_err(DeError)
    }

    /// Reads the value at the cursor up to what a visitor needs: an object or array is opened,
    /// anything else read whole. Not generic, so that its code exists once, not once per visitor.
    fn token(&mut self) -> Result<Token<'de>, DeError> {
        Ok(match self.peek().ok_or_else(Self::malformed)? {
            b'{' => {
                self.bump();
                Token::Object
            }
            b'[' => {
                self.bump();
                Token::Array
            }
            b'"' => Token::Str(self.string()?),
            b't' | b'f' => Token::Bool(self.raw_value()? == "true"),
            b'n' => {
                self.raw_value()?;
                Token::Null
            }
            _ => {
                let text = self.raw_value()?;
                match super::Integer::parse(text) {
                    Some(super::Integer::NonNegative(v)) => Token::U64(v),
                    Some(super::Integer::Negative(v)) => Token::I64(v),
                    None => Token::Number(text),
                }
            }
        })
    }

    /// Visits the value at the cursor as what it is (`deserialize_any`). Numbers with a fraction
    /// or an exponent, or beyond 64-bit integers, are visited as `f64` only when `FLOATS`: for
    /// any other type hint no visitor would take them.
    fn any<const FLOATS: bool, V: Visitor<'de>>(
        &mut self,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.token()? {
            Token::Object => {
                let value = visitor.visit_map(Compound {
                    de: &mut *self,
                    first: true,
                })?;
                self.close()?;
                Ok(value)
            }
            Token::Array => {
                let value = visitor.visit_seq(Compound {
                    de: &mut *self,
                    first: true,
                })?;
                self.close()?;
                Ok(value)
            }
            Token::Str(s) => visitor.visit_borrowed_str(s),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Null => visitor.visit_unit(),
            Token::U64(v) => visitor.visit_u64(v),
            Token::I64(v) => visitor.visit_i64(v),
            Token::Number(_) if !FLOATS => {
                // Only a float visitor takes a fraction or an exponent; parsing one as `f64`
                // here would link the float parser (20 KB on a microcontroller) into every
                // application that reads an integer.
                Err(Self::malformed())
            }
            Token::Number(text) => {
                // A number beyond `f64` (`1e400`) is refused, as serde_json does, never rounded
                // to infinity.
                let v: f64 = text.parse().map_err(|_| Self::malformed())?;
                if !v.is_finite() {
                    return Err(Self::malformed());
                }
                visitor.visit_f64(v)
            }
        }
    }
}

/// A value as [`Deserializer::token`] reads it.
enum Token<'de> {
    /// `{`, consumed.
    Object,
    /// `[`, consumed.
    Array,
    Str(&'de str),
    Bool(bool),
    Null,
    U64(u64),
    I64(i64),
    /// A number with a fraction or an exponent, or beyond 64-bit integers.
    Number(&'de str),
}

/// Type hints forwarded to [`Deserializer::any`], with or without floats.
macro_rules! forward {
    ($floats:literal: $($method:ident($($arg:ident: $ty:ty),*))*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, DeError> {
                $(let _: $ty = $arg;)*
                self.any::<$floats, V>(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.any::<true, V>(visitor)
    }

    forward! { true: deserialize_f32() deserialize_f64() }

    forward! { false:
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32() deserialize_i64()
        deserialize_i128() deserialize_u8() deserialize_u16() deserialize_u32() deserialize_u64()
        deserialize_u128() deserialize_char() deserialize_str() deserialize_string()
        deserialize_bytes() deserialize_byte_buf() deserialize_unit() deserialize_seq()
        deserialize_map() deserialize_identifier()
        deserialize_unit_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.peek() == Some(b'n') {
            self.raw_value()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Unit variants, written as strings.
        let s = self.string()?;
        visitor.visit_enum(s.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.raw_value()?;
        visitor.visit_unit()
    }
}

/// Walks the members of an object or the elements of an array.
struct Compound<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    first: bool,
}

impl Compound<'_, '_> {
    /// Moves past a separator; `false` at the closing bracket, which is left for
    /// [`Deserializer::close`].
    fn advance(&mut self) -> bool {
        match self.de.peek() {
            Some(b'}' | b']') | None => false,
            Some(b',') if !self.first => {
                self.de.bump();
                true
            }
            _ => {
                self.first = false;
                true
            }
        }
    }
}

impl<'de> MapAccess<'de> for Compound<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if !self.advance() {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        if self.de.peek() != Some(b':') {
            return Err(Deserializer::malformed());
        }
        self.de.bump();
        seed.deserialize(&mut *self.de)
    }
}

impl<'de> SeqAccess<'de> for Compound<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if !self.advance() {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }
}
