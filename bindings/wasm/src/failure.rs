//! The one conversion from the core's errors to what JavaScript receives.

use tinyjose_std::tinyjose::{Claim, Error as Jose, FetchReason};
use wasm_bindgen::prelude::wasm_bindgen;

/// Why a call failed: the core's stable code, the claim it concerns, and a message. The package's
/// JavaScript turns it into the `jose`-compatible error class.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    claim: Option<String>,
    part: Option<&'static str>,
    /// For a missing unregistered claim, its index in the required-claims list.
    required_index: Option<u8>,
    message: String,
}

#[wasm_bindgen]
impl Failure {
    /// The core's error code, such as `expired` or `invalid_signature`.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn code(&self) -> String {
        self.code.to_owned()
    }

    /// The claim (or header parameter) the error concerns, if any: `exp`, `aud`, `typ`, ...
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn claim(&self) -> Option<String> {
        self.claim.clone()
    }

    /// The part of the token or key a structural error concerns, if any (`token`, `header`,
    /// `payload`, `signature`, `encrypted key`, `initialization vector`, `ciphertext`,
    /// `authentication tag` or `jwk`); the limit a `limit_exceeded` names (`Limit::name`); `enc`
    /// for an `enc` that is not allowed; why a `fetch_failed` fetch failed (`timeout`,
    /// `network`, `status`, `too large`, `url`).
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn part(&self) -> Option<String> {
        self.part.map(str::to_owned)
    }

    /// A message for people.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl Failure {
    /// A failure with the code of the core's error `e` and a message of this layer.
    pub(crate) fn new(e: Jose, message: impl Into<String>) -> Self {
        Self::with_code(e.code(), message)
    }

    /// An algorithm outside the caller's allow list (`algorithms`, `keyManagementAlgorithms`).
    pub(crate) fn alg_not_allowed(message: impl Into<String>) -> Self {
        Self::new(Jose::AlgNotAllowed, message)
    }

    #[cfg(feature = "jwe")]
    /// An `enc` outside the caller's `contentEncryptionAlgorithms`: the core's `unsupported_enc`
    /// (an `enc` not in the caller's list), with `enc` as its part, for jose's class and words.
    pub(crate) fn enc_not_allowed(message: impl Into<String>) -> Self {
        Self {
            part: Some("enc"),
            ..Self::new(Jose::UnsupportedEnc, message)
        }
    }

    #[cfg(feature = "jwe")]
    /// A parameter or key form this package does not support.
    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Self::new(Jose::Unsupported, message)
    }

    #[cfg(feature = "jwe")]
    /// The failure of `e`, or `instead` when `e` is the core's error `when`: this layer's code
    /// and words for a refusal that `tinyjose-std` states in general terms.
    pub(crate) fn worded(
        e: tinyjose_std::Error,
        when: Jose,
        instead: impl FnOnce() -> Self,
    ) -> Self {
        match e {
            tinyjose_std::Error::Jose(e) if e == when => instead(),
            e => e.into(),
        }
    }

    /// Every code comes from the core's `Error::code()`.
    fn with_code(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            claim: None,
            part: None,
            required_index: None,
            message: message.into(),
        }
    }
}

impl Failure {
    /// Names the claim the failure concerns, where the core's error does not (an ID token's
    /// `max_age_exceeded` concerns `auth_time`).
    #[cfg(feature = "jws")]
    pub(crate) fn set_claim(&mut self, claim: &str) {
        self.claim = Some(claim.to_owned());
    }

    /// The failure of a claim validation with `required` as the required-claims list: a missing
    /// unregistered claim is named from it.
    pub(crate) fn with_required(e: tinyjose_std::Error, required: &[String]) -> Self {
        let mut failure = Self::from(e);
        if let Some(name) = failure
            .required_index
            .and_then(|i| required.get(usize::from(i)))
        {
            failure.message = format!("missing required claim {name}");
            failure.claim = Some(name.clone());
        }
        failure
    }
}

impl From<Jose> for Failure {
    fn from(e: Jose) -> Self {
        let claim = match e {
            Jose::Expired => Some("exp"),
            Jose::NotYetValid => Some("nbf"),
            Jose::IssuedAtInvalid | Jose::MaxAgeExceeded => Some("iat"),
            Jose::IssuerMismatch => Some("iss"),
            Jose::AudienceMismatch => Some("aud"),
            Jose::SubjectMismatch => Some("sub"),
            Jose::TypeMismatch => Some("typ"),
            Jose::MissingClaim(c) | Jose::InvalidClaim(c) | Jose::ClaimMismatch(c) => {
                Some(c.name())
            }
            Jose::Replayed => Some("jti"),
            _ => None,
        };
        let required_index = match e {
            Jose::MissingClaim(Claim::Required(i)) => Some(i),
            _ => None,
        };
        let part = match e {
            Jose::Malformed(p) | Jose::Base64(p) | Jose::Json(p) | Jose::DuplicateMember(p) => {
                Some(p.name())
            }
            Jose::LimitExceeded(limit) => Some(limit.name()),
            Jose::Fetch(reason) => Some(fetch_part(reason)),
            _ => None,
        };
        Self {
            code: e.code(),
            claim: claim.map(str::to_owned),
            part,
            required_index,
            message: e.to_string(),
        }
    }
}

/// The part of a `fetch_failed` failure: why the remote JWK Set could not be fetched.
fn fetch_part(reason: FetchReason) -> &'static str {
    match reason {
        FetchReason::Timeout => "timeout",
        FetchReason::Status(_) => "status",
        FetchReason::TooLarge => "too large",
        FetchReason::Url => "url",
        _ => "network",
    }
}

impl From<tinyjose_std::Error> for Failure {
    fn from(e: tinyjose_std::Error) -> Self {
        match e {
            tinyjose_std::Error::Jose(e) => e.into(),
            other => Self {
                code: other.code(),
                claim: None,
                part: None,
                required_index: None,
                message: other.to_string(),
            },
        }
    }
}
