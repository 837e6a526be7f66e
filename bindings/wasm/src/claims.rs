//! The claim checks that JWS verification and JWE decryption share.

use tinyjose_std::{UnixTime, Validation};

use crate::Failure;

/// The claim checks asked from JavaScript, which become a [`Validation`].
pub(crate) struct Claims {
    pub(crate) now: UnixTime,
    pub(crate) leeway: u64,
    pub(crate) max_age: Option<u64>,
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
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
        let issuers: Vec<&str> = self.issuers.iter().map(String::as_str).collect();
        let audiences: Vec<&str> = self.audiences.iter().map(String::as_str).collect();
        let required: Vec<&str> = self.required.iter().map(String::as_str).collect();
        let mut validation = Validation::new(self.now)
            .leeway(self.leeway)
            .require(&required);
        if !issuers.is_empty() {
            validation = validation.issuers(&issuers);
        }
        if !audiences.is_empty() {
            validation = validation.audiences(&audiences);
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
