//! A strict, allocation-free JSON reader (RFC 8259) for headers, claims and keys, and the
//! writer of the JSON this crate creates.
//!
//! [`parse_object`] validates a whole document once (`read`): grammar, UTF-8, escapes (lone
//! surrogates are refused), nesting depth, members per object and duplicate member names at every
//! level (names are compared after unescaping, so `"a"` and `"\u0061"` are the same member). The
//! views it returns (`value`) then walk the validated text without checking it again. `write`
//! writes headers and JWKs into a [`Sink`].

// Parts of the reader and writer serve only the JWK and JWT readers.
#![cfg_attr(
    not(all(feature = "jwk", feature = "jwt")),
    allow(
        dead_code,
        unused_imports,
        reason = "each feature uses part of the reader"
    )
)]

#[cfg(feature = "jwt")]
pub(crate) mod de;
mod read;
mod value;
mod write;

pub(crate) use read::parse_object;
pub(crate) use value::{Elements, Object, Str, Value};
pub(crate) use write::{CountSink, Sink, SliceSink, write_str};
