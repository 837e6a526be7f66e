//! Disclosures (RFC 9901 §4.2): `base64url(["salt","name",value])` for an object property,
//! `base64url(["salt",value])` for an array element, each known by the digest of its base64url
//! text.

use super::digest;
use crate::json::{self, Str, Value};
use crate::{DisclosureReason, Error, Limit, Limits, Part, b64};

/// One disclosure of a presentation while it is verified.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry<'s> {
    /// The digest of the disclosure as sent.
    pub(super) digest: [u8; 32],
    /// Where its decoded JSON lies in the scratch buffer.
    start: usize,
    len: usize,
    /// The claim name of an object property disclosure.
    pub(super) name: Option<Str<'s>>,
    /// The disclosed value.
    pub(super) value: Option<Value<'s>>,
    /// Whether a digest has referred to it.
    pub(super) used: bool,
}

impl Entry<'_> {
    pub(super) const EMPTY: Self = Self {
        digest: [0; 32],
        start: 0,
        len: 0,
        name: None,
        value: None,
        used: false,
    };
}

/// Decodes each disclosure into `buf`, one after another, recording its digest and place (as
/// offsets from the start of the scratch buffer, `offset` bytes before `buf`). Returns how many
/// there are.
pub(super) fn decode_all<'d>(
    disclosures: impl Iterator<Item = &'d str>,
    offset: usize,
    mut buf: &mut [u8],
    entries: &mut [Entry<'_>],
) -> Result<usize, Error> {
    let mut at = offset;
    let mut count = 0usize;
    for (i, d) in disclosures.enumerate() {
        let digest = digest(d.as_bytes());
        // The same disclosure twice: one digest would have to refer to both.
        let (earlier, rest) = entries.split_at_mut_checked(i).unwrap_or_default();
        if earlier.iter().any(|e| e.digest == digest) {
            return Err(Error::Disclosure(DisclosureReason::DuplicateDigest));
        }
        let Some(entry) = rest.first_mut() else {
            return Err(Error::LimitExceeded(Limit::Disclosures));
        };
        let decoded = b64::decode(d.as_bytes(), buf, Part::Disclosure)?.len();
        buf = buf.get_mut(decoded..).unwrap_or_default();
        *entry = Entry {
            digest,
            start: at,
            len: decoded,
            ..Entry::EMPTY
        };
        at = at.saturating_add(decoded);
        count = count.saturating_add(1);
    }
    Ok(count)
}

/// Parses each decoded disclosure in `region` (the scratch buffer), filling in its name and value.
pub(super) fn parse_all<'s>(region: &'s [u8], entries: &mut [Entry<'s>]) -> Result<(), Error> {
    for entry in entries {
        let text = region
            .get(entry.start..entry.start.saturating_add(entry.len))
            .unwrap_or_default();
        let (name, value) = parse(text)?;
        entry.name = name;
        entry.value = Some(value);
    }
    Ok(())
}

/// A decoded disclosure's name (for an object property) and value.
fn parse(text: &[u8]) -> Result<(Option<Str<'_>>, Value<'_>), Error> {
    let mut elements = json::parse_array(text, Limits::DEFAULT.json_depth, Part::Disclosure)?;
    let malformed = Error::Malformed(Part::Disclosure);
    let salt = elements.next().ok_or(malformed)?;
    salt.as_str().ok_or(malformed)?;
    let second = elements.next().ok_or(malformed)?;
    match (elements.next(), elements.next()) {
        (None, _) => Ok((None, second)),
        (Some(value), None) => Ok((Some(second.as_str().ok_or(malformed)?), value)),
        (Some(_), Some(_)) => Err(malformed),
    }
}

/// A disclosure of an SD-JWT the holder holds, shown to [`present_sd_jwt`]'s selector so it can
/// choose what to disclose.
///
/// [`present_sd_jwt`]: crate::present_sd_jwt
///
/// # Examples
///
/// See [`issue_sd_jwt`](crate::issue_sd_jwt).
#[derive(Clone, Copy, Debug)]
pub struct Disclosure<'d> {
    encoded: &'d str,
    name: Option<Str<'d>>,
    value: Value<'d>,
}

impl<'d> Disclosure<'d> {
    /// Decodes and parses the disclosure `encoded` into `buf`.
    pub(super) fn decode(encoded: &'d str, buf: &'d mut [u8]) -> Result<Self, Error> {
        let text = b64::decode(encoded.as_bytes(), buf, Part::Disclosure)?;
        let (name, value) = parse(text)?;
        Ok(Self {
            encoded,
            name,
            value,
        })
    }

    /// The disclosure as sent (base64url).
    #[must_use]
    pub fn encoded(&self) -> &'d str {
        self.encoded
    }

    /// The claim name of an object property disclosure, as written (JSON escapes kept); `None`
    /// for an array element.
    #[must_use]
    pub fn name(&self) -> Option<&'d str> {
        self.name.map(|n| n.raw())
    }

    /// Whether this discloses the object property `name` (compared after unescaping).
    #[must_use]
    pub fn is_named(&self, name: &str) -> bool {
        self.name.is_some_and(|n| n.eq_str(name))
    }

    /// The disclosed value as JSON text (with any digests of its own nested disclosures).
    #[must_use]
    pub fn value_json(&self) -> &'d str {
        self.value.raw()
    }
}
