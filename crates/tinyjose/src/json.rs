//! A strict, allocation-free JSON reader (RFC 8259) for headers, claims and keys, and the
//! writer of the JSON this crate creates.
//!
//! [`parse_object`] validates a whole document once (`read`): grammar, UTF-8, escapes (lone
//! surrogates are refused), nesting depth, members per object and duplicate member names at every
//! level (names are compared after unescaping, so `"a"` and `"\u0061"` are the same member).
//! [`parse_object_with`] also hands each top-level member to the caller as validation passes it,
//! so headers and claims are read in that one pass. The views (`value`) walk validated text
//! without checking it again, and lend strings as `&str` without a second UTF-8 check. `write`
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

#[cfg(feature = "sd-jwt")]
pub(crate) use read::parse_array;
pub(crate) use read::{parse_object, parse_object_with};
pub(crate) use value::{Elements, Integer, Object, Str, Value};
#[cfg(feature = "sd-jwt")]
pub(crate) use write::SpillSink;
pub(crate) use write::{CountSink, Sink, SliceSink, write_str, write_u64};
