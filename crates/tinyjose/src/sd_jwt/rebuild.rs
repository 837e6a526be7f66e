//! The disclosed claims rebuilt as plain JSON (RFC 9901 §7.1 step 3): each digest the holder
//! disclosed replaced by its claim or array element, recursively, every other digest and `_sd`
//! and `_sd_alg` left out.

use super::{ALWAYS_DISCLOSED, DIGEST_B64_LEN, disclosure::Entry};
use crate::json::{Elements, Object, Sink, Str, Value};
use crate::{DisclosureReason, Error, Limit, Part, b64};

/// The walk over the payload, writing the rebuilt claims.
pub(super) struct Rebuild<'e, 's> {
    entries: &'e mut [Entry<'s>],
    /// The payload, where the digests met so far are counted again when one may repeat.
    payload: Option<Object<'s>>,
    /// Two bits for each digest met (a Bloom filter): a digest with either bit clear is new.
    seen: [u128; 2],
    depth: usize,
}

impl<'e, 's> Rebuild<'e, 's> {
    pub(super) fn new(entries: &'e mut [Entry<'s>], depth: usize) -> Self {
        Self {
            entries,
            payload: None,
            seen: [0; 2],
            depth,
        }
    }

    /// Writes the rebuilt payload `object` into `sink`.
    pub(super) fn run(mut self, object: Object<'s>, sink: &mut dyn Sink) -> Result<(), Error> {
        self.payload = Some(object);
        self.object(object, sink, self.depth, true)
    }

    fn value(&mut self, value: Value<'s>, sink: &mut dyn Sink, depth: usize) -> Result<(), Error> {
        if let Some(object) = value.as_object() {
            self.object(object, sink, depth, false)
        } else if let Some(elements) = value.as_array() {
            self.array(elements, sink, depth)
        } else {
            sink.put(value.raw().as_bytes())
        }
    }

    /// An object: its own members but `_sd` (and `_sd_alg` at the top), then the claims its
    /// `_sd` digests disclose.
    fn object(
        &mut self,
        object: Object<'s>,
        sink: &mut dyn Sink,
        depth: usize,
        top: bool,
    ) -> Result<(), Error> {
        let depth = deeper(depth)?;
        sink.put(b"{")?;
        let mut first = true;
        let mut sd = None;
        for (name, value) in object.members() {
            if name.eq_str("_sd") {
                sd = Some(value);
                continue;
            }
            if top && name.eq_str("_sd_alg") {
                continue;
            }
            member(sink, &mut first, name)?;
            self.value(value, sink, depth)?;
        }
        let Some(sd) = sd else {
            return sink.put(b"}");
        };
        let digests = sd.as_array().ok_or(Error::Malformed(Part::Payload))?;
        for (i, digest) in digests.clone().enumerate() {
            let Some(at) = self.take(digest)? else {
                continue;
            };
            let entry = self.entries.get(at).copied().unwrap_or(Entry::EMPTY);
            let (Some(name), Some(value)) = (entry.name, entry.value) else {
                return Err(Error::Disclosure(DisclosureReason::WrongForm));
            };
            if name.eq_str("_sd") || name.eq_str("...") || (top && name.eq_str("_sd_alg")) {
                return Err(Error::Disclosure(DisclosureReason::ReservedName));
            }
            if top && ALWAYS_DISCLOSED.iter().any(|n| name.eq_str(n)) {
                return Err(Error::Disclosure(DisclosureReason::ValidityClaim));
            }
            let exists = object.members().any(|(k, _)| k.same_as(&name))
                || digests
                    .clone()
                    .take(i)
                    .filter_map(|d| self.find(d))
                    .any(|e| e.name.is_some_and(|n| n.same_as(&name)));
            if exists {
                return Err(Error::Disclosure(DisclosureReason::ClaimExists));
            }
            member(sink, &mut first, name)?;
            self.value(value, sink, depth)?;
        }
        sink.put(b"}")
    }

    /// An array: each element, but `{"...":digest}` elements replaced by what they disclose or
    /// left out.
    fn array(
        &mut self,
        elements: Elements<'s>,
        sink: &mut dyn Sink,
        depth: usize,
    ) -> Result<(), Error> {
        let depth = deeper(depth)?;
        sink.put(b"[")?;
        let mut first = true;
        for element in elements {
            let value = match element_digest(element) {
                Some(digest) => {
                    let Some(at) = self.take(digest)? else {
                        continue;
                    };
                    let entry = self.entries.get(at).copied().unwrap_or(Entry::EMPTY);
                    match (entry.name, entry.value) {
                        (None, Some(value)) => value,
                        _ => return Err(Error::Disclosure(DisclosureReason::WrongForm)),
                    }
                }
                None => element,
            };
            if !core::mem::take(&mut first) {
                sink.put(b",")?;
            }
            self.value(value, sink, depth)?;
        }
        sink.put(b"]")
    }

    /// The disclosure a digest refers to, marked used; `None` for a digest nobody disclosed (a
    /// decoy, or a claim kept back).
    fn take(&mut self, digest: Value<'s>) -> Result<Option<usize>, Error> {
        let bytes = decode_digest(digest)?;
        let bits = bloom_bits(&bytes);
        let [lo, hi] = self.seen;
        if lo & bits[0] == bits[0] && hi & bits[1] == bits[1] && self.met_before(&bytes) {
            return Err(Error::Disclosure(DisclosureReason::DuplicateDigest));
        }
        self.seen = [lo | bits[0], hi | bits[1]];
        let Some(at) = self.entries.iter().position(|e| e.digest == bytes) else {
            return Ok(None);
        };
        let Some(entry) = self.entries.get_mut(at) else {
            return Ok(None);
        };
        if core::mem::replace(&mut entry.used, true) {
            return Err(Error::Disclosure(DisclosureReason::DuplicateDigest));
        }
        Ok(Some(at))
    }

    /// The disclosure a digest already taken refers to.
    fn find(&self, digest: Value<'s>) -> Option<&Entry<'s>> {
        let bytes = decode_digest(digest).ok()?;
        self.entries.iter().find(|e| e.digest == bytes)
    }

    /// Whether `digest` has been met before: it is met twice, as a digest, in the payload and
    /// the disclosures taken so far (this one included). The disclosures taken form a tree, so
    /// this walks each of them once.
    fn met_before(&self, digest: &[u8; 32]) -> bool {
        let mut count = 0;
        if let Some(payload) = self.payload {
            self.count(Value::of_object(payload), digest, self.depth, &mut count);
        }
        count > 1
    }

    /// Adds to `count` the times `digest` is met as a digest from `value` down, through the
    /// disclosures already taken; stops at two.
    fn count(&self, value: Value<'s>, digest: &[u8; 32], depth: usize, count: &mut usize) {
        let Some(depth) = depth.checked_sub(1) else {
            return;
        };
        let meet = |this: &Self, d: Value<'s>, count: &mut usize| {
            let Ok(bytes) = decode_digest(d) else {
                return;
            };
            if bytes == *digest {
                *count = count.saturating_add(1);
            }
            let taken = this.entries.iter().find(|e| e.used && e.digest == bytes);
            if let Some(value) = taken.and_then(|e| e.value) {
                this.count(value, digest, depth, count);
            }
        };
        if let Some(object) = value.as_object() {
            for (name, member) in object.members() {
                if *count > 1 {
                    return;
                }
                match member.as_array() {
                    Some(digests) if name.eq_str("_sd") => {
                        digests.for_each(|d| meet(self, d, count));
                    }
                    _ => self.count(member, digest, depth, count),
                }
            }
        } else if let Some(elements) = value.as_array() {
            for element in elements {
                if *count > 1 {
                    return;
                }
                match element_digest(element) {
                    Some(d) => meet(self, d, count),
                    None => self.count(element, digest, depth, count),
                }
            }
        }
    }
}

/// One level deeper, or [`Limit::JsonDepth`].
fn deeper(depth: usize) -> Result<usize, Error> {
    depth
        .checked_sub(1)
        .ok_or(Error::LimitExceeded(Limit::JsonDepth))
}

/// Writes `,"name":` (without the comma for the first member).
fn member(sink: &mut dyn Sink, first: &mut bool, name: Str<'_>) -> Result<(), Error> {
    if !core::mem::take(first) {
        sink.put(b",")?;
    }
    sink.put(b"\"")?;
    sink.put(name.raw().as_bytes())?;
    sink.put(b"\":")
}

/// The digest of an array element `{"...":digest}` (an object whose one member is `...`).
fn element_digest(element: Value<'_>) -> Option<Value<'_>> {
    let mut members = element.as_object()?.members();
    let (name, digest) = members.next()?;
    (name.eq_str("...") && members.next().is_none()).then_some(digest)
}

/// A digest's bytes: an unescaped string of 43 base64url characters.
fn decode_digest(digest: Value<'_>) -> Result<[u8; 32], Error> {
    let malformed = Error::Malformed(Part::Payload);
    let text = digest
        .as_str()
        .and_then(|s| s.as_borrowed())
        .filter(|t| t.len() == DIGEST_B64_LEN)
        .ok_or(malformed)?;
    let mut bytes = [0u8; 32];
    b64::decode(text.as_bytes(), &mut bytes, Part::Payload).map_err(|_| malformed)?;
    Ok(bytes)
}

/// The digest's two filter bits, from its first two bytes (a digest is uniformly random).
fn bloom_bits(digest: &[u8; 32]) -> [u128; 2] {
    let mut bits = [0u128; 2];
    for &b in digest.iter().take(2) {
        let word = usize::from(b >> 7);
        if let Some(w) = bits.get_mut(word) {
            *w |= 1u128 << (b & 0x7f);
        }
    }
    bits
}
