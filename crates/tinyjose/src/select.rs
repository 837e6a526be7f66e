//! The one key-selection rule, for every key set of every layer (RFC 7515 §4.1.4,
//! RFC 8725 §3.1 and §3.10).
//!
//! A token's header names, at most, a `kid` and an `alg`; it never picks a key's algorithm. With
//! a `kid`, the keys that may verify it are those whose `kid` is exactly that string and whose
//! algorithm is the token's. Without a `kid`, they are the keys whose algorithm is the token's,
//! in the set's order. At most [`Limits::key_candidates`](crate::Limits::key_candidates) keys are
//! tried, so a token cannot make a verifier run every key of a large set.

use crate::{Error, JwsAlg};

/// The selection of keys for one token: ask [`admits`](Self::admits) of each key in order, try
/// the admitted ones, and report [`error`](Self::error) when none verified.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, JwsAlg, KeySelection};
///
/// let keys = [(Some("a"), JwsAlg::Es256), (Some("b"), JwsAlg::Es256), (None, JwsAlg::Es256)];
/// let mut by_kid = KeySelection::new(Some("b"), JwsAlg::Es256, 4);
/// let admitted: Vec<_> = keys
///     .iter()
///     .filter(|(kid, alg)| by_kid.admits(|k| *kid == Some(k), |a| a == *alg))
///     .collect();
/// assert_eq!(admitted, [&(Some("b"), JwsAlg::Es256)]);
///
/// let mut any = KeySelection::new(None, JwsAlg::Es256, 2);
/// let admitted = keys.iter().filter(|(kid, alg)| any.admits(|k| *kid == Some(k), |a| a == *alg));
/// assert_eq!(admitted.count(), 2);
///
/// let mut other_alg = KeySelection::new(Some("a"), JwsAlg::Hs256, 4);
/// assert!(!keys.iter().any(|(kid, alg)| other_alg.admits(|k| *kid == Some(k), |a| a == *alg)));
/// assert_eq!(other_alg.error(None), Error::AlgMismatch);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct KeySelection<'t> {
    kid: Option<&'t str>,
    alg: JwsAlg,
    left: usize,
    admitted: usize,
    named: bool,
}

impl<'t> KeySelection<'t> {
    /// A selection for a token with this `kid` and `alg`, admitting at most `limit` keys.
    #[must_use]
    pub const fn new(kid: Option<&'t str>, alg: JwsAlg, limit: usize) -> Self {
        Self {
            kid,
            alg,
            left: limit,
            admitted: 0,
            named: false,
        }
    }

    /// Whether the next key of the set is one to try: `has_kid(kid)` says whether the key's
    /// `kid` is exactly the token's, `fits(alg)` whether the key serves the token's algorithm.
    pub fn admits(
        &mut self,
        has_kid: impl FnOnce(&str) -> bool,
        fits: impl FnOnce(JwsAlg) -> bool,
    ) -> bool {
        let Some(left) = self.left.checked_sub(1) else {
            return false;
        };
        if let Some(kid) = self.kid {
            if !has_kid(kid) {
                return false;
            }
            self.named = true;
        }
        if !fits(self.alg) {
            return false;
        }
        self.left = left;
        // At most the budget `left` started from.
        self.admitted = self.admitted.saturating_add(1);
        true
    }

    /// The error to report when no admitted key verified: `last`, the error of the last key
    /// tried; else [`Error::AlgMismatch`] when a key has the token's `kid` but serves another
    /// algorithm, and [`Error::NoMatchingKey`] when no key was admitted at all.
    #[must_use]
    pub fn error(&self, last: Option<Error>) -> Error {
        match last {
            Some(e) if self.admitted > 0 => e,
            _ if self.named => Error::AlgMismatch,
            _ => Error::NoMatchingKey,
        }
    }
}
