//! The one error type of the crate, with the small context enums that say where or which.

use core::fmt;

/// Everything that can go wrong, as one small `Copy` value.
///
/// Cryptographic failures are opaque on purpose: a bad MAC, a bad signature and a signature of
/// the wrong length are all [`Error::InvalidSignature`], so an attacker learns nothing from the
/// kind of failure. Each variant has a stable snake_case [`code`](Error::code), the identifier
/// shared by the Rust API, the `tinyjose` command (`error[code]: message`) and the npm package.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, Part, UntrustedJws};
///
/// let err = UntrustedJws::parse("not-a-token").unwrap_err();
/// assert_eq!(err, Error::Malformed(Part::Token));
/// assert_eq!(err.code(), "malformed");
/// assert_eq!(err.to_string(), "malformed token");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    // Malformed input.
    /// A part does not have the structure the RFCs require (RFC 7515 §7.1, §5.2).
    Malformed(Part),
    /// A part is not strict unpadded base64url (RFC 7515 §2): padding, whitespace, characters
    /// outside the alphabet or non-zero trailing bits.
    Base64(Part),
    /// A part is not strict JSON (RFC 8259), is not valid UTF-8, or has a member of the wrong type.
    Json(Part),
    /// A JSON object has the same member name twice (RFC 7515 §5.2, RFC 7519 §4).
    DuplicateMember(Part),

    // Unsupported or refused by policy.
    /// The `alg` is unknown, not enabled in this build, or not the one the key allows.
    UnsupportedAlg,
    /// The JWE `enc` is unknown, not enabled in this build, or not in the caller's list.
    UnsupportedEnc,
    /// The token says `"alg":"none"`, which is never accepted (RFC 8725 §3.1).
    AlgNone,
    /// The token says `"alg":"RSA1_5"`, which is never accepted: RSAES-PKCS1-v1_5 key transport
    /// invites padding-oracle attacks (RFC 8725 §3.2, RFC 7516 §11.5). Use `RSA-OAEP-256`.
    AlgRsa1_5,
    /// The token's algorithm is supported but not in the caller's list of allowed algorithms.
    AlgNotAllowed,
    /// The header `alg` differs from the algorithm the key is bound to (RFC 8725 §3.1).
    AlgMismatch,
    /// `crit` names an extension this library does not understand, is empty, names a registered
    /// parameter, or names a parameter absent from the header (RFC 7515 §4.1.11).
    UnsupportedCrit,
    /// The key is unsuitable, for the [`KeyReason`] given: too short, wrong curve or type, invalid
    /// point or scalar, or marked for another use by `use`/`key_ops` (RFC 7517 §4.2, §4.3;
    /// RFC 7518 §3.2). The reason says nothing of the key's secret.
    KeyRejected(KeyReason),
    /// A key set holds the same `kid` twice for one algorithm, or mixes secret and public keys
    /// (RFC 8725 §3.10).
    AmbiguousKey,
    /// No key in the key set fits the token's `kid` and `alg`.
    NoMatchingKey,
    /// A remote JWK Set could not be fetched, for the [`FetchReason`] given: no answer within the
    /// timeout, a network or TLS failure, an HTTP status other than 200, a body over the size
    /// cap, or a URL that is not `https`.
    Fetch(FetchReason),
    /// The `x5c` certificate chain (RFC 7515 §4.1.6) is refused, for the [`CertReason`] given:
    /// absent, malformed, not issued by a trust anchor, outside its validity at the verification
    /// time, not for this usage, or not the certificate `x5t` / `x5t#S256` names.
    Certificate(CertReason),
    /// A parameter, option or feature that this build or API does not support (a header
    /// parameter a caller asks to write, a curve or size a key generator does not make).
    Unsupported,

    // Cryptographic outcome, opaque.
    /// The signature or MAC does not verify (RFC 7515 §5.2 step 8).
    InvalidSignature,
    /// A JWE did not decrypt, whatever the reason: authentication tag, padding, key unwrap,
    /// ephemeral key, or compressed content (RFC 7516 §5.2, §11.5).
    DecryptionFailed,

    // Claims (RFC 7519 §4.1).
    /// `exp` is at or before the current time, beyond the leeway.
    Expired,
    /// `nbf` is after the current time, beyond the leeway.
    NotYetValid,
    /// `iat` is in the future beyond the leeway.
    IssuedAtInvalid,
    /// `iat` is older than the configured maximum age (plus the leeway).
    MaxAgeExceeded,
    /// `iss` is not one of the expected issuers.
    IssuerMismatch,
    /// No `aud` value matches an expected audience, or the token has `aud` and none is expected.
    AudienceMismatch,
    /// `sub` is not the expected subject.
    SubjectMismatch,
    /// The header `typ` is not the expected type (RFC 7515 §4.1.9, RFC 8725 §3.11).
    TypeMismatch,
    /// A required claim is absent.
    MissingClaim(Claim),
    /// A registered claim has the wrong JSON type or an out-of-range value.
    InvalidClaim(Claim),
    /// A claim of a token profile does not have the value the caller expects: an ID token's
    /// `nonce`, `azp`, `acr`, `at_hash` or `c_hash`, a DPoP proof's `htm`, `htu`, `ath`,
    /// `nonce` or key thumbprint (`cnf.jkt`), a JARM response's `state`.
    ClaimMismatch(Claim),
    /// The caller's replay check has seen this DPoP proof's `jti` before (RFC 9449 §11.1).
    Replayed,
    /// The token should have been encrypted and was only signed: a JARM token response over
    /// `query.jwt`, or any JARM response for a client registered for encrypted responses.
    EncryptionRequired,
    /// An SD-JWT disclosure does not fit the issuer-signed payload (RFC 9901 §7.1).
    Disclosure(DisclosureReason),
    /// The verifier requires key binding and the SD-JWT presentation has no Key Binding JWT
    /// (RFC 9901 §7.3).
    KeyBindingRequired,

    // Resources.
    /// The output buffer is too small; `needed` bytes would do.
    BufferTooSmall {
        /// The size that would have been enough.
        needed: usize,
    },
    /// A documented limit was exceeded (see [`Limits`](crate::Limits)).
    LimitExceeded(Limit),
}

const _: () = assert!(size_of::<Error>() <= 16);

impl Error {
    /// The stable snake_case identifier of this error, shared by the CLI and the npm package.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tinyjose::Error::AlgNone.code(), "alg_none");
    /// ```
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::Base64(_) => "base64",
            Self::Json(_) => "json",
            Self::DuplicateMember(_) => "duplicate_member",
            Self::UnsupportedAlg => "unsupported_alg",
            Self::UnsupportedEnc => "unsupported_enc",
            Self::AlgNone => "alg_none",
            Self::AlgRsa1_5 => "alg_rsa1_5",
            Self::AlgNotAllowed => "alg_not_allowed",
            Self::AlgMismatch => "alg_mismatch",
            Self::UnsupportedCrit => "unsupported_crit",
            Self::KeyRejected(_) => "key_rejected",
            Self::AmbiguousKey => "ambiguous_key",
            Self::NoMatchingKey => "no_matching_key",
            Self::Fetch(_) => "fetch_failed",
            Self::Certificate(_) => "certificate_rejected",
            Self::Unsupported => "unsupported",
            Self::InvalidSignature => "invalid_signature",
            Self::DecryptionFailed => "decryption_failed",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::IssuedAtInvalid => "issued_at_invalid",
            Self::MaxAgeExceeded => "max_age_exceeded",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::AudienceMismatch => "audience_mismatch",
            Self::SubjectMismatch => "subject_mismatch",
            Self::TypeMismatch => "type_mismatch",
            Self::MissingClaim(_) => "missing_claim",
            Self::InvalidClaim(_) => "invalid_claim",
            Self::ClaimMismatch(_) => "claim_mismatch",
            Self::Replayed => "replayed",
            Self::EncryptionRequired => "encryption_required",
            Self::Disclosure(_) => "disclosure_rejected",
            Self::KeyBindingRequired => "key_binding_required",
            Self::BufferTooSmall { .. } => "buffer_too_small",
            Self::LimitExceeded(_) => "limit_exceeded",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(p) => write!(f, "malformed {}", p.name()),
            Self::Base64(p) => write!(f, "{} is not strict base64url", p.name()),
            Self::Json(p) => write!(f, "{} is not valid JSON of the expected shape", p.name()),
            Self::DuplicateMember(p) => write!(f, "duplicate member name in {}", p.name()),
            Self::UnsupportedAlg => f.write_str("unsupported algorithm"),
            Self::UnsupportedEnc => f.write_str("unsupported content encryption"),
            Self::AlgNone => f.write_str("unsecured tokens (alg none) are never accepted"),
            Self::AlgRsa1_5 => f.write_str(
                "RSA1_5 (RSAES-PKCS1-v1_5 key transport) is never accepted: it invites \
                 padding-oracle attacks; use RSA-OAEP-256",
            ),
            Self::AlgNotAllowed => f.write_str("algorithm not in the allowed list"),
            Self::AlgMismatch => f.write_str("token algorithm does not match the key"),
            Self::UnsupportedCrit => f.write_str("unsupported critical header parameter"),
            Self::KeyRejected(reason) => write!(f, "key rejected: {}", reason.description()),
            Self::AmbiguousKey => f.write_str(
                "ambiguous keys: a kid repeats for one algorithm, or secret and public keys mix",
            ),
            Self::NoMatchingKey => f.write_str("no key matches"),
            Self::Fetch(reason) => write!(f, "JWK Set fetch failed: {reason}"),
            Self::Certificate(reason) => {
                write!(f, "x5c certificate rejected: {}", reason.description())
            }
            Self::Unsupported => f.write_str("not supported"),
            Self::InvalidSignature => f.write_str("invalid signature"),
            Self::DecryptionFailed => f.write_str("decryption failed"),
            Self::Expired => f.write_str("token expired"),
            Self::NotYetValid => f.write_str("token not yet valid"),
            Self::IssuedAtInvalid => f.write_str("token issued in the future"),
            Self::MaxAgeExceeded => f.write_str("token older than the maximum age"),
            Self::IssuerMismatch => f.write_str("unexpected issuer"),
            Self::AudienceMismatch => f.write_str("unexpected audience"),
            Self::SubjectMismatch => f.write_str("unexpected subject"),
            Self::TypeMismatch => f.write_str("unexpected token type"),
            Self::MissingClaim(Claim::Required(i)) => {
                write!(f, "missing required claim (entry {i} of the required list)")
            }
            Self::MissingClaim(c) => write!(f, "missing required claim {}", c.name()),
            Self::InvalidClaim(c) => write!(f, "invalid claim {}", c.name()),
            Self::ClaimMismatch(c) => write!(f, "unexpected {} claim value", c.name()),
            Self::Replayed => f.write_str("replayed: this jti was seen before"),
            Self::EncryptionRequired => f.write_str("the response must be encrypted"),
            Self::Disclosure(reason) => {
                write!(f, "disclosure rejected: {}", reason.description())
            }
            Self::KeyBindingRequired => {
                f.write_str("key binding required: the presentation has no key binding JWT")
            }
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small, {needed} bytes needed")
            }
            Self::LimitExceeded(l) => write!(f, "limit exceeded: {}", l.name()),
        }
    }
}

impl core::error::Error for Error {}

/// Why a key was rejected: never anything of the key's secret.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, HmacKey, KeyReason};
///
/// let err = HmacKey::hs256(b"short").unwrap_err();
/// assert_eq!(err, Error::KeyRejected(KeyReason::TooShort));
/// assert_eq!(err.code(), "key_rejected");
/// assert_eq!(
///     err.to_string(),
///     "key rejected: too short for the algorithm (an HMAC secret shorter than the hash, an RSA \
///      modulus under 2048 bits)"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyReason {
    /// Shorter than the algorithm requires: an HMAC secret shorter than its hash output
    /// (RFC 7518 §3.2), an RSA modulus under 2048 bits (RFC 7518 §3.3).
    TooShort,
    /// Longer than this library takes: an RSA modulus above 4096 bits, a secret above 64 bytes.
    TooLong,
    /// A length the algorithm does not take: a `dir` or AES key-wrap key, a coordinate or a
    /// private scalar of another size.
    WrongLength,
    /// Another key type or curve than the algorithm needs (`kty`, `crv`).
    WrongType,
    /// A public point that is not on the curve, is the identity or has a small order.
    InvalidPoint,
    /// A private scalar that is zero or not below the group order, or a private part that does
    /// not match its public part.
    InvalidScalar,
    /// An RSA modulus that is even or has the ROCA fingerprint (CVE-2017-15361), or a public
    /// exponent out of range.
    InvalidModulus,
    /// Its `use` or `key_ops` (RFC 7517 §4.2, §4.3) forbid this operation, or it is a public key
    /// where a private one is needed.
    WrongUse,
    /// It names no algorithm and none was given, or it names one that is not registered or not
    /// of this kind (a JWE algorithm on a signing key).
    NoAlg,
    /// A member the key type requires is missing or malformed (`k`, `x`, `y`, `crv`, `n`, `e`).
    Material,
}

impl KeyReason {
    /// A short English description.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::TooShort => {
                "too short for the algorithm (an HMAC secret shorter than the hash, an RSA modulus \
                 under 2048 bits)"
            }
            Self::TooLong => "too long (an RSA modulus above 4096 bits, a secret above 64 bytes)",
            Self::WrongLength => "a length the algorithm does not take",
            Self::WrongType => "another key type or curve than the algorithm needs",
            Self::InvalidPoint => "the public point is not a valid point of the curve",
            Self::InvalidScalar => {
                "the private scalar is out of range or does not match the public key"
            }
            Self::InvalidModulus => {
                "the RSA modulus is even or weak (ROCA), or the public exponent out of range"
            }
            Self::WrongUse => "its use, key_ops or public-only nature forbid this operation",
            Self::NoAlg => "no algorithm given, or one of another kind or not registered",
            Self::Material => "a required member is missing or malformed",
        }
    }
}

/// Why a remote JWK Set could not be fetched.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, FetchReason};
///
/// let err = Error::Fetch(FetchReason::Status(503));
/// assert_eq!(err.code(), "fetch_failed");
/// assert_eq!(err.to_string(), "JWK Set fetch failed: HTTP status 503");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchReason {
    /// No complete answer within the timeout.
    Timeout,
    /// The connection or TLS handshake failed, or the answer was not HTTP.
    Network,
    /// The server answered with this status instead of 200 (a redirect is not followed).
    Status(u16),
    /// The body is longer than the size cap.
    TooLarge,
    /// The URL is not an absolute `https` URL (or `http`, when the caller allows it).
    Url,
    /// Not fetched: too many new `jku` URLs within the cooldown.
    Throttled,
}

impl fmt::Display for FetchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout => f.write_str("timed out"),
            Self::Network => f.write_str("network or TLS failure"),
            Self::Status(status) => write!(f, "HTTP status {status}"),
            Self::TooLarge => f.write_str("response body over the size cap"),
            Self::Url => f.write_str("not an https URL (http only when allowed)"),
            Self::Throttled => {
                f.write_str("not fetched: too many new jku URLs within the cooldown")
            }
        }
    }
}

/// Why an `x5c` certificate chain was refused: never trusted, never used for its key.
///
/// # Examples
///
/// ```
/// use tinyjose::{CertReason, Error};
///
/// let err = Error::Certificate(CertReason::Expired);
/// assert_eq!(err.code(), "certificate_rejected");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertReason {
    /// The header has no `x5c`, or an empty one.
    Missing,
    /// An `x5c` entry is not standard base64 of a DER certificate (RFC 7515 §4.1.6), or the
    /// chain is longer than the verifier takes.
    Malformed,
    /// The chain does not lead to a trust anchor, or a signature in it does not verify.
    UnknownIssuer,
    /// A certificate of the chain expired before the verification time.
    Expired,
    /// A certificate of the chain is not valid yet at the verification time.
    NotYetValid,
    /// The leaf's extended key usage does not allow the usage the caller requires, or a
    /// certificate of the chain may not issue others.
    Usage,
    /// `x5t` or `x5t#S256` is present and is not the leaf's thumbprint (RFC 7515 §4.1.7, §4.1.8).
    Thumbprint,
}

impl CertReason {
    /// A short English description.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Missing => "the header has no x5c chain",
            Self::Malformed => "an x5c entry is not base64 DER of a certificate",
            Self::UnknownIssuer => "the chain does not lead to a trust anchor",
            Self::Expired => "a certificate has expired",
            Self::NotYetValid => "a certificate is not valid yet",
            Self::Usage => "a certificate is not for this usage",
            Self::Thumbprint => "x5t or x5t#S256 is not the leaf certificate's thumbprint",
        }
    }
}

/// Why an SD-JWT disclosure was refused (RFC 9901 §7.1): each is a presentation the issuer did
/// not sign as it is read.
///
/// # Examples
///
/// ```
/// use tinyjose::{DisclosureReason, Error};
///
/// let err = Error::Disclosure(DisclosureReason::Unreferenced);
/// assert_eq!(err.code(), "disclosure_rejected");
/// assert_eq!(
///     err.to_string(),
///     "disclosure rejected: no digest of the issuer-signed payload refers to it"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DisclosureReason {
    /// No digest of the payload, or of another disclosure it discloses, refers to it.
    Unreferenced,
    /// A digest appears more than once in the payload and the disclosures.
    DuplicateDigest,
    /// Its claim name is `_sd` or `...`, or `_sd_alg` at the top level.
    ReservedName,
    /// Its claim name is already a claim of the object it is disclosed into.
    ClaimExists,
    /// An object property disclosure referred to from an array, or an array element disclosure
    /// from an `_sd` list.
    WrongForm,
    /// It discloses a top-level claim that decides whether the SD-JWT is valid and whose it is
    /// (`iss`, `exp`, `nbf`, `cnf`, `vct`, `status`), which is never selectively disclosable
    /// (draft-ietf-oauth-sd-jwt-vc §3.2.2.2): the holder could leave it out.
    ValidityClaim,
}

impl DisclosureReason {
    /// A short description for messages.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Unreferenced => "no digest of the issuer-signed payload refers to it",
            Self::DuplicateDigest => "a digest appears more than once",
            Self::ReservedName => "its claim name is _sd, ... or a top-level _sd_alg",
            Self::ClaimExists => "its claim name is already a claim of its object",
            Self::WrongForm => "an object property where an array element belongs, or the reverse",
            Self::ValidityClaim => {
                "it discloses iss, exp, nbf, cnf, vct or status, which are never selectively disclosable"
            }
        }
    }
}

/// Which part of a token, key or document an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Part {
    /// The token as a whole (segment count, characters, length).
    Token,
    /// The JOSE Header.
    Header,
    /// The payload.
    Payload,
    /// The signature segment.
    Signature,
    /// The JWE Encrypted Key segment.
    EncryptedKey,
    /// The JWE Initialization Vector segment.
    Iv,
    /// The JWE Ciphertext segment.
    Ciphertext,
    /// The JWE Authentication Tag segment.
    Tag,
    /// A JSON Web Key or JWK Set.
    Jwk,
    /// An SD-JWT disclosure (RFC 9901 §4.2).
    Disclosure,
}

impl Part {
    /// A lowercase name for messages.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Header => "header",
            Self::Payload => "payload",
            Self::Signature => "signature",
            Self::EncryptedKey => "encrypted key",
            Self::Iv => "initialization vector",
            Self::Ciphertext => "ciphertext",
            Self::Tag => "authentication tag",
            Self::Jwk => "jwk",
            Self::Disclosure => "disclosure",
        }
    }
}

/// Which limit of [`Limits`](crate::Limits) (or which compile-time capacity) was exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::token_len`](crate::Limits::token_len).
    TokenLength,
    /// [`Limits::header_len`](crate::Limits::header_len), at most
    /// [`MAX_HEADER_LEN`](crate::MAX_HEADER_LEN).
    HeaderLength,
    /// [`Limits::json_depth`](crate::Limits::json_depth).
    JsonDepth,
    /// [`MAX_MEMBERS`](crate::MAX_MEMBERS): members in one JSON object.
    JsonMembers,
    /// [`Limits::jwks_keys`](crate::Limits::jwks_keys).
    JwksKeys,
    /// [`Limits::pbes2_count`](crate::Limits::pbes2_count): the PBES2 `p2c` iteration count is
    /// above it, or below the minimum of 1000.
    Pbes2Count,
    /// [`Limits::inflated_len`](crate::Limits::inflated_len), or the caller's buffer: the size of
    /// decompressed JWE content.
    InflatedLength,
    /// [`Limits::signatures`](crate::Limits::signatures): signatures in a JWS JSON serialization.
    Signatures,
    /// [`Limits::recipients`](crate::Limits::recipients): recipients in a JWE JSON serialization.
    Recipients,
    /// [`Limits::unprotected_header_len`](crate::Limits::unprotected_header_len): an unprotected
    /// header of a JSON serialization.
    UnprotectedHeaderLength,
    /// [`MAX_DISCLOSURES`](crate::MAX_DISCLOSURES), or the capacity chosen for
    /// [`UntrustedSdJwt`](crate::UntrustedSdJwt): disclosures in one SD-JWT.
    Disclosures,
}

impl Limit {
    /// A lowercase name for messages.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::TokenLength => "token length",
            Self::HeaderLength => "header length",
            Self::JsonDepth => "json nesting depth",
            Self::JsonMembers => "json object members",
            Self::JwksKeys => "keys in a jwk set",
            Self::Pbes2Count => "pbes2 iteration count",
            Self::InflatedLength => "decompressed content length",
            Self::Signatures => "signatures",
            Self::Recipients => "recipients",
            Self::UnprotectedHeaderLength => "unprotected header length",
            Self::Disclosures => "sd-jwt disclosures",
        }
    }
}

/// A registered JWT claim (RFC 7519 §4.1), named in claim errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// `iss`
    Iss,
    /// `sub`
    Sub,
    /// `aud`
    Aud,
    /// `exp`
    Exp,
    /// `nbf`
    Nbf,
    /// `iat`
    Iat,
    /// `jti`
    Jti,
    /// `nonce` (OpenID Connect Core §2; RFC 9449 §4.2)
    Nonce,
    /// `azp`, the authorized party of an ID token
    Azp,
    /// `auth_time`, when the user authenticated
    AuthTime,
    /// `acr`, the authentication context class
    Acr,
    /// `at_hash`, the ID token's access token hash
    AtHash,
    /// `c_hash`, the ID token's code hash
    CHash,
    /// `client_id` (RFC 9068 §2.2)
    ClientId,
    /// `htm`, the DPoP proof's HTTP method
    Htm,
    /// `htu`, the DPoP proof's HTTP URI
    Htu,
    /// `ath`, the DPoP proof's access token hash
    Ath,
    /// `cnf`, the confirmation of a bound key (RFC 7800, RFC 9449 §6)
    Cnf,
    /// `state`, of a JARM response
    State,
    /// `code`, or for a token response `access_token`, of a JARM response
    Code,
    /// `vct`, the type of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2.2.1)
    Vct,
    /// `sd_hash`, the Key Binding JWT's hash of the presentation (RFC 9901 §4.3)
    SdHash,
    /// `_sd_alg`, the hash algorithm of an SD-JWT's digests (RFC 9901 §4.1.1)
    SdAlg,
    /// A claim that RFC 7519 does not register: the entry at this index of the list given to
    /// [`Validation::require`](crate::Validation::require) (saturating at 255).
    Required(u8),
}

impl Claim {
    /// The claim name as it appears in the JSON.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Iss => "iss",
            Self::Sub => "sub",
            Self::Aud => "aud",
            Self::Exp => "exp",
            Self::Nbf => "nbf",
            Self::Iat => "iat",
            Self::Jti => "jti",
            Self::Nonce => "nonce",
            Self::Azp => "azp",
            Self::AuthTime => "auth_time",
            Self::Acr => "acr",
            Self::AtHash => "at_hash",
            Self::CHash => "c_hash",
            Self::ClientId => "client_id",
            Self::Htm => "htm",
            Self::Htu => "htu",
            Self::Ath => "ath",
            Self::Cnf => "cnf",
            Self::State => "state",
            Self::Code => "code",
            Self::Vct => "vct",
            Self::SdHash => "sd_hash",
            Self::SdAlg => "_sd_alg",
            Self::Required(_) => "(required)",
        }
    }

    /// The claim named `name`, if it is one this enum names.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::registered(name).or_else(|| Self::profile(name))
    }

    /// The claim named `name`, if RFC 7519 registers it.
    pub(crate) fn registered(name: &str) -> Option<Self> {
        Some(match name {
            "iss" => Self::Iss,
            "sub" => Self::Sub,
            "aud" => Self::Aud,
            "exp" => Self::Exp,
            "nbf" => Self::Nbf,
            "iat" => Self::Iat,
            "jti" => Self::Jti,
            _ => return None,
        })
    }

    /// The claim named `name`, if it is one of the token profiles'.
    fn profile(name: &str) -> Option<Self> {
        Some(match name {
            "nonce" => Self::Nonce,
            "azp" => Self::Azp,
            "auth_time" => Self::AuthTime,
            "acr" => Self::Acr,
            "at_hash" => Self::AtHash,
            "c_hash" => Self::CHash,
            "client_id" => Self::ClientId,
            "htm" => Self::Htm,
            "htu" => Self::Htu,
            "ath" => Self::Ath,
            "cnf" => Self::Cnf,
            "state" => Self::State,
            "code" => Self::Code,
            "vct" => Self::Vct,
            "sd_hash" => Self::SdHash,
            "_sd_alg" => Self::SdAlg,
            _ => return None,
        })
    }
}
