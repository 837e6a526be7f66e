//! The one error type of `tinyjose-std`, with `source()` chaining.

use core::fmt;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Why a token, key or claim set was refused.
///
/// [`code`](Self::code) gives the same stable identifier as the core's
/// [`tinyjose::Error::code`], for logs, scripts and the `tinyjose` command.
///
/// # Examples
///
/// ```
/// use tinyjose_std::{Error, KeySet, decode, now, Validation};
///
/// let keys = KeySet::new();
/// let err = decode::<serde_json::Value>("not-a-token", &keys, &Validation::new(now()?))
///     .unwrap_err();
/// assert_eq!(err.code(), "malformed");
/// assert!(matches!(err, Error::Jose(tinyjose::Error::Malformed(_))));
/// # Ok::<(), std::time::SystemTimeError>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The core refused the token, key or claims.
    Jose(tinyjose::Error),
    /// A PEM, DER or JWK key could not be loaded.
    Key(KeyError),
    /// Claims could not be converted to or from JSON with `serde_json`.
    Json(serde_json::Error),
    /// An authorization response (a redirect URL, a form body) could not be read: a bad
    /// percent-escape, a repeated parameter, no `response` parameter. Its code is `malformed`.
    Response(String),
}

impl Error {
    /// A stable `snake_case` identifier: the core's code, `key_rejected` for a key that could
    /// not be loaded, `json` for claims that `serde_json` could not convert, or `malformed` for
    /// an authorization response that could not be read.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = tinyjose_std::Error::from(tinyjose::Error::Expired);
    /// assert_eq!(err.code(), "expired");
    /// ```
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Jose(e) => e.code(),
            Self::Key(_) => "key_rejected",
            Self::Json(_) => "json",
            Self::Response(_) => "malformed",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Jose(e) => e.fmt(f),
            Self::Key(e) => e.fmt(f),
            Self::Json(e) => write!(f, "claims JSON: {e}"),
            Self::Response(message) => write!(f, "authorization response: {message}"),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Jose(e) => Some(e),
            Self::Key(e) => Some(e),
            Self::Json(e) => Some(e),
            Self::Response(_) => None,
        }
    }
}

impl From<tinyjose::Error> for Error {
    fn from(e: tinyjose::Error) -> Self {
        Self::Jose(e)
    }
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        Self::Key(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

/// Why a key could not be loaded: what was wrong, and the parser's own error when there is one.
///
/// # Examples
///
/// ```
/// use tinyjose_std::{Error, key_from_pem};
///
/// let err = key_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", None)
///     .unwrap_err();
/// let Error::Key(key) = err else { panic!() };
/// assert_eq!(key.to_string(), "not a SPKI public key");
/// assert!(core::error::Error::source(&key).is_some());
/// ```
#[derive(Debug)]
pub struct KeyError {
    message: String,
    source: Option<Box<dyn core::error::Error + Send + Sync>>,
}

impl KeyError {
    /// An error with this message and no source.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = tinyjose_std::KeyError::new("the key has no \"alg\"");
    /// assert_eq!(e.to_string(), "the key has no \"alg\"");
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error with this message, caused by `source`.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::error::Error;
    ///
    /// let cause = std::io::Error::other("disk on fire");
    /// let e = tinyjose_std::KeyError::with_source("cannot read the key", cause);
    /// assert_eq!(e.source().unwrap().to_string(), "disk on fire");
    /// ```
    pub fn with_source(
        message: impl Into<String>,
        source: impl core::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        let source: &(dyn core::error::Error + 'static) = self.source.as_deref()?;
        Some(source)
    }
}
