//! The claim checks that JWS verification and JWE decryption share.

use tinyjose_std::{UnixTime, Validation};

use crate::Failure;

/// The claim checks asked from JavaScript, which become a [`Validation`].
pub(crate) struct Claims {
    pub(crate) now: UnixTime,
    pub(crate) leeway: u64,
    pub(crate) max_age: Option<u64>,
    /// The expected issuers: `None` checks nothing, an empty list matches no issuer.
    pub(crate) issuers: Option<Vec<String>>,
    /// The expected audiences: `None` expects none, an empty list matches no audience.
    pub(crate) audiences: Option<Vec<String>>,
    pub(crate) subject: Option<String>,
    pub(crate) typ: Option<String>,
    pub(crate) required: Vec<String>,
}

impl Claims {
    /// Runs `f` with the [`Validation`] these checks make; a missing unregistered claim is named
    /// from the required-claims list.
    pub(crate) fn check<T, E: Into<tinyjose_std::Error>>(
        &self,
        f: impl FnOnce(&Validation<'_>) -> Result<T, E>,
    ) -> Result<T, Failure> {
        let issuers = self.issuers.as_deref().map(strs);
        let audiences = self.audiences.as_deref().map(strs);
        let required = strs(&self.required);
        let mut validation = Validation::new(self.now)
            .leeway(self.leeway)
            .require(&required);
        if let Some(issuers) = &issuers {
            validation = validation.issuers(issuers);
        }
        if let Some(audiences) = &audiences {
            validation = validation.audiences(audiences);
        }
        if let Some(max_age) = self.max_age {
            validation = validation.max_age(max_age);
        }
        if let Some(subject) = &self.subject {
            validation = validation.subject(subject);
        }
        if let Some(typ) = &self.typ {
            validation = validation.typ(typ);
        }
        f(&validation).map_err(|e| Failure::with_required(e.into(), &self.required))
    }
}

/// The strings of `list`, borrowed.
fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// Whole non-negative seconds from a JavaScript number (NaN and negatives are 0).
pub(crate) fn seconds(value: f64) -> u64 {
    if value.is_nan() || value <= 0.0 {
        return 0;
    }
    // Saturating float-to-integer conversion; values are whole seconds from the JavaScript side.
    #[expect(
        clippy::as_conversions,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "saturating conversion of a non-negative JavaScript number"
    )]
    let secs = value.floor() as u64;
    secs
}
