//! Compile-time capacities and the runtime [`Limits`] that bound every parse.

/// Capacity, in bytes, of the decoded protected header kept inside an
/// [`UntrustedJws`](crate::UntrustedJws).
///
/// A JOSE header is usually under 200 bytes; 1024 leaves room for `x5c`-free headers with long
/// `kid`s. A larger header is refused with [`Limit::HeaderLength`](crate::Limit::HeaderLength).
/// It is the default of `UntrustedJws`'s capacity parameter: a device that knows its issuers'
/// headers parses with a smaller one
/// ([`parse_with_capacity`](crate::UntrustedJws::parse_with_capacity)) and saves the difference
/// of stack.
pub const MAX_HEADER_LEN: usize = 1024;

/// Capacity, in bytes, of the decoded signature kept inside an
/// [`UntrustedJws`](crate::UntrustedJws): 132 bytes, the size of an ES512 signature, or with the
/// `rsa` feature 512 bytes, the size of a 4096-bit RSA signature.
pub const MAX_SIGNATURE_LEN: usize = if cfg!(feature = "rsa") { 512 } else { 132 };

/// Capacity, in bytes, of a decoded JWE Encrypted Key: 512, the size of an RSA-OAEP encrypted
/// key under a 4096-bit modulus. AES key wrap needs at most 72.
pub const MAX_ENCRYPTED_KEY_LEN: usize = 512;

/// The most members one JSON object may have (headers, claims, JWKs).
///
/// Duplicate member names are detected with a table of this many entries on the stack.
pub const MAX_MEMBERS: usize = 64;

/// The deepest JSON nesting any parse accepts, whatever [`Limits::json_depth`] says.
///
/// The JSON validator recurses once per level of objects and arrays, at about 100 to 200 bytes
/// of stack per level on a Cortex-M0 (`opt-level = "z"`): 32 levels bound that to about 6 KiB.
pub const MAX_JSON_DEPTH: usize = 32;

/// Runtime limits, each with a documented default and its own [`Limit`](crate::Limit) error.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, Limit, Limits, UntrustedJws};
///
/// let limits = Limits::DEFAULT.with_token_len(16);
/// let token = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmE";
/// assert_eq!(
///     UntrustedJws::parse_with_limits(token, &limits).unwrap_err(),
///     Error::LimitExceeded(Limit::TokenLength),
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The longest token accepted, compact or JSON serialization, in bytes. Default: 16 384.
    pub token_len: usize,
    /// The longest decoded protected header accepted, in bytes. Default and maximum:
    /// [`MAX_HEADER_LEN`].
    pub header_len: usize,
    /// The deepest nesting of JSON objects and arrays in a header, claims set or JWK. Default: 16;
    /// a value above [`MAX_JSON_DEPTH`] counts as [`MAX_JSON_DEPTH`].
    pub json_depth: usize,
    /// The most keys scanned in a JWK Set. Default: 32.
    pub jwks_keys: usize,
    /// The most keys of a set tried for one token ([`KeySelection`](crate::KeySelection)): the
    /// keys with the token's `kid` and `alg`, or without a `kid` the keys with its `alg`, in
    /// order. Default: 4.
    pub key_candidates: usize,
    /// The highest PBES2 iteration count (`p2c`) accepted, checked when the token is parsed,
    /// before any key derivation: an attacker must not choose the work. Counts below 1000
    /// (RFC 7518 §4.8.1.2) are refused too. Default: 10 000.
    pub pbes2_count: u32,
    /// The largest decompressed JWE content (`"zip":"DEF"`) accepted, in bytes; the caller's
    /// buffer bounds it too. Content that would inflate beyond it is refused, never truncated.
    /// Default: 256 KiB.
    pub inflated_len: usize,
    /// Whether an ECDSA (ES256/384/512) signature with a high `s` (above `n/2`) is accepted, by
    /// mirroring it to `n - s` when the token is parsed. Default: `false`, so a token has exactly
    /// one valid signature and no second token string can be minted from it. Turn it on only to
    /// accept signers that do not normalize `s` (WebCrypto, OpenSSL, Go), and then key replay
    /// caches and deny-lists on the claims (`jti`), never on the token string.
    pub ecdsa_high_s: bool,
    /// The most signatures a JWS JSON serialization may hold (RFC 7515 §7.2). Default: 8.
    pub signatures: usize,
    /// The most recipients a JWE JSON serialization may hold (RFC 7516 §7.2). Default: 8.
    pub recipients: usize,
    /// The longest unprotected header (`header`, `unprotected`) of a JSON serialization, in bytes
    /// of JSON text. Default: 1024.
    pub unprotected_header_len: usize,
    /// Whether a JWS JSON serialization may carry `alg` in a signature's unprotected header
    /// (RFC 7515 §7.2.1 allows it). Default: `false`: `alg` must be integrity protected, so an
    /// attacker cannot change the algorithm a signature is checked with. A key is still bound to
    /// its one algorithm either way.
    pub unprotected_alg: bool,
}

impl Limits {
    /// The defaults, usable in `const` context.
    pub const DEFAULT: Self = Self {
        token_len: 16 * 1024,
        header_len: MAX_HEADER_LEN,
        json_depth: 16,
        jwks_keys: 32,
        key_candidates: 4,
        pbes2_count: 10_000,
        inflated_len: 256 * 1024,
        ecdsa_high_s: false,
        signatures: 8,
        recipients: 8,
        unprotected_header_len: 1024,
        unprotected_alg: false,
    };
}

impl Limits {
    /// These limits with [`token_len`](Self::token_len) set.
    #[must_use]
    pub const fn with_token_len(mut self, token_len: usize) -> Self {
        self.token_len = token_len;
        self
    }

    /// These limits with [`header_len`](Self::header_len) set.
    #[must_use]
    pub const fn with_header_len(mut self, header_len: usize) -> Self {
        self.header_len = header_len;
        self
    }

    /// These limits with [`json_depth`](Self::json_depth) set.
    #[must_use]
    pub const fn with_json_depth(mut self, json_depth: usize) -> Self {
        self.json_depth = json_depth;
        self
    }

    /// These limits with [`jwks_keys`](Self::jwks_keys) set.
    #[must_use]
    pub const fn with_jwks_keys(mut self, jwks_keys: usize) -> Self {
        self.jwks_keys = jwks_keys;
        self
    }

    /// These limits with [`key_candidates`](Self::key_candidates) set.
    #[must_use]
    pub const fn with_key_candidates(mut self, key_candidates: usize) -> Self {
        self.key_candidates = key_candidates;
        self
    }

    /// These limits with [`pbes2_count`](Self::pbes2_count) set.
    #[must_use]
    pub const fn with_pbes2_count(mut self, pbes2_count: u32) -> Self {
        self.pbes2_count = pbes2_count;
        self
    }

    /// These limits with [`inflated_len`](Self::inflated_len) set.
    #[must_use]
    pub const fn with_inflated_len(mut self, inflated_len: usize) -> Self {
        self.inflated_len = inflated_len;
        self
    }

    /// These limits with [`ecdsa_high_s`](Self::ecdsa_high_s) set.
    #[must_use]
    pub const fn with_ecdsa_high_s(mut self, ecdsa_high_s: bool) -> Self {
        self.ecdsa_high_s = ecdsa_high_s;
        self
    }
}

impl Limits {
    /// These limits with [`signatures`](Self::signatures) set.
    #[must_use]
    pub const fn with_signatures(mut self, signatures: usize) -> Self {
        self.signatures = signatures;
        self
    }

    /// These limits with [`recipients`](Self::recipients) set.
    #[must_use]
    pub const fn with_recipients(mut self, recipients: usize) -> Self {
        self.recipients = recipients;
        self
    }

    /// These limits with [`unprotected_header_len`](Self::unprotected_header_len) set.
    #[must_use]
    pub const fn with_unprotected_header_len(mut self, unprotected_header_len: usize) -> Self {
        self.unprotected_header_len = unprotected_header_len;
        self
    }

    /// These limits with [`unprotected_alg`](Self::unprotected_alg) set.
    #[must_use]
    pub const fn with_unprotected_alg(mut self, unprotected_alg: bool) -> Self {
        self.unprotected_alg = unprotected_alg;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The sum of lengths, saturating: a length no buffer can have is reported as the largest, so a
/// check of a buffer against it fails as too small rather than passing on a wrapped sum.
#[inline]
pub(crate) const fn total(mut lens: &[usize]) -> usize {
    let mut sum = 0usize;
    while let [first, rest @ ..] = lens {
        sum = sum.saturating_add(*first);
        lens = rest;
    }
    sum
}
