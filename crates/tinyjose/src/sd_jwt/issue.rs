//! Issuance (RFC 9901 §4): disclosures with fresh salts, their digests in `_sd` lists and
//! `{"...":digest}` array elements, decoys, and the issuer-signed JWT.

use rand_core::CryptoRng;
use sha2::{Digest, Sha256};

use super::{ALWAYS_DISCLOSED, DIGEST_B64_LEN, MAX_DECOYS, SD_ALG, digest};
use crate::json::{self, Elements, Object, Sink, SpillSink, Str, Value};
use crate::{
    Claim, DisclosureReason, Error, HeaderParams, JwkKey, JwsSigner, Limit, Limits, MAX_HEADER_LEN,
    Part, b64,
};

/// What an issued SD-JWT holds beyond its claims: its header, which claims are selectively
/// disclosable, how many decoy digests hide their number, and the holder's key.
///
/// Disclosable claims are named by JSON Pointers (RFC 6901) into the claims: `/given_name`, a
/// member of a nested object `/address/street_address`, an array element `/nationalities/0`.
/// Naming an object and members inside it makes both disclosable (a recursive disclosure).
///
/// # Examples
///
/// See [`issue_sd_jwt`].
#[derive(Clone, Copy, Debug)]
pub struct SdJwtIssue<'a> {
    header: HeaderParams<'a>,
    disclosable: &'a [&'a str],
    decoys: usize,
    holder: Option<&'a JwkKey>,
}

impl<'a> SdJwtIssue<'a> {
    /// An SD-JWT with header `header` (its `typ`: `dc+sd-jwt` for an SD-JWT VC) and nothing
    /// disclosable yet.
    #[must_use]
    pub const fn new(header: HeaderParams<'a>) -> Self {
        Self {
            header,
            disclosable: &[],
            decoys: 0,
            holder: None,
        }
    }

    /// The claims made selectively disclosable, as JSON Pointers (at most 64).
    #[must_use]
    pub const fn disclosable(mut self, pointers: &'a [&'a str]) -> Self {
        self.disclosable = pointers;
        self
    }

    /// Adds `count` decoy digests to the top-level `_sd` list (RFC 9901 §4.2.5).
    #[must_use]
    pub const fn decoys(mut self, count: usize) -> Self {
        self.decoys = count;
        self
    }

    /// A `scratch` size that is always enough to issue claims of `claims_len` bytes with these
    /// parameters: the payload (the claims, a digest of 46 bytes and a disclosure of at most 40
    /// bytes more than its claim for each pointer and decoy, `_sd_alg` and the holder's JWK), and
    /// the digests waiting to be written.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, SdJwtIssue};
    ///
    /// let params = SdJwtIssue::new(HeaderParams::new()).disclosable(&["/a"]);
    /// assert!(params.scratch_len(7) >= 2 * 7);
    /// ```
    #[must_use]
    pub const fn scratch_len(&self, claims_len: usize) -> usize {
        // Each disclosure is written after the text while it is encoded: its claim once more.
        let per_digest = 46 + 40 + 32;
        let digests = self.disclosable.len().saturating_add(self.decoys);
        let holder = if self.holder.is_some() {
            MAX_HEADER_LEN + 16
        } else {
            0
        };
        claims_len
            .saturating_mul(2)
            .saturating_add(digests.saturating_mul(per_digest))
            .saturating_add(holder)
            .saturating_add(64)
    }

    /// Binds the SD-JWT to the holder's public key: its JWK becomes `cnf.jwk`.
    #[must_use]
    pub const fn holder(mut self, key: &'a JwkKey) -> Self {
        self.holder = Some(key);
        self
    }
}

/// Issues an SD-JWT for the claims `claims` (a JSON object) into `out`:
/// `<issuer-signed JWT>~<disclosure>~…~`, signed by `signer`, with salts of 16 bytes from `rng`.
///
/// The payload is the claims with each disclosable one replaced by its digest, in a sorted
/// `_sd` list (or a `{"...":digest}` array element), `_sd_alg` `sha-256`, and `cnf` when a
/// holder key is given. `scratch` holds the payload while it is made, and each disclosure
/// while it is encoded: [`SdJwtIssue::scratch_len`] is always enough.
///
/// # Errors
///
/// [`Error::Json`] or [`Error::DuplicateMember`] ([`Part::Payload`]) for claims that are not
/// a JSON object; [`Error::Disclosure`] ([`DisclosureReason::ReservedName`]) for a claim named
/// `_sd`, `...` or `_sd_alg`, ([`DisclosureReason::ClaimExists`]) for a `cnf` claim with a
/// holder key, and ([`DisclosureReason::ValidityClaim`]) for a pointer to a top-level `iss`,
/// `exp`, `nbf`, `cnf`, `vct` or `status`; [`Error::MissingClaim`] ([`Claim::Required`] with its index) for a pointer that
/// names no claim; [`Error::LimitExceeded`] ([`Limit::Disclosures`]) for more than 64 pointers
/// or [`MAX_DECOYS`] decoys,
/// ([`Limit::JsonDepth`]) for claims nested deeper than the default depth;
/// [`Error::BufferTooSmall`] for `scratch` (a size that is enough for the step that failed),
/// or for `out` (the exact length of the SD-JWT, checked before signing).
///
/// # Examples
///
/// ```
/// # struct Counter(u8);
/// # impl rand_core::TryRng for Counter {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(1) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(1) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
/// #         self.0 = self.0.wrapping_add(1); d.fill(self.0); Ok(())
/// #     }
/// # }
/// # impl rand_core::TryCryptoRng for Counter {}
/// use tinyjose::{
///     Es256SigningKey, HeaderParams, JwkKey, KeyBindingParams, SdJwtIssue, SdJwtValidation,
///     UnixTime, UntrustedSdJwt, Validation, issue_sd_jwt, present_sd_jwt,
/// };
///
/// let issuer = Es256SigningKey::from_bytes(&[1; 32])?;
/// let holder = Es256SigningKey::from_bytes(&[2; 32])?;
/// let holder_public = JwkKey::Es256(holder.verifying_key());
/// let now = UnixTime::from_secs(1_700_000_000);
///
/// // The issuer: `given_name` and `email` are disclosable, with two decoys.
/// let claims = r#"{"iss":"https://issuer.example","given_name":"Erika","email":"e@example.com"}"#;
/// let params = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
///     .disclosable(&["/given_name", "/email"])
///     .decoys(2)
///     .holder(&holder_public);
/// let (mut scratch, mut issued) = ([0u8; 1024], [0u8; 1024]);
/// let sd_jwt = issue_sd_jwt(claims, &params, &issuer, &mut Counter(0), &mut scratch, &mut issued)?;
///
/// // The holder shows `given_name` only, bound to the verifier's nonce.
/// let kb = KeyBindingParams::new("https://verifier.example", "nonce-1", now);
/// let mut presented = [0u8; 1024];
/// let presentation = present_sd_jwt(sd_jwt, &mut |d| d.is_named("given_name"),
///     Some((&holder, &kb)), &mut scratch, &mut presented)?;
///
/// // The verifier.
/// let v = SdJwtValidation::new(Validation::new(now).issuer("https://issuer.example"))
///     .key_binding("https://verifier.example", "nonce-1");
/// let untrusted = UntrustedSdJwt::parse(presentation)?;
/// let mut claims = [0u8; 512];
/// let verified = untrusted.verify(&issuer.verifying_key(), &v, &mut scratch, &mut claims)?;
/// assert!(verified.is_key_bound());
/// assert!(verified.claims().json().starts_with(
///     r#"{"iss":"https://issuer.example","cnf":{"jwk":{"#));
/// assert!(verified.claims().json().ends_with(r#"},"given_name":"Erika"}"#));
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn issue_sd_jwt<'o>(
    claims: &str,
    params: &SdJwtIssue<'_>,
    signer: &dyn JwsSigner,
    rng: &mut dyn CryptoRng,
    scratch: &mut [u8],
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let pointers = params.disclosable;
    if pointers.len() > 64 || params.decoys > MAX_DECOYS {
        return Err(Error::LimitExceeded(Limit::Disclosures));
    }
    let depth = Limits::DEFAULT.json_depth;
    let object = json::parse_object(claims.as_bytes(), depth, Part::Payload)?;
    let stack = scratch.len();
    let mut b = Builder {
        params,
        matched: 0,
        rng,
        scratch,
        text: 0,
        stack,
        out: SpillSink { buf: out, len: 0 },
    };
    let built = b.object(object, None, depth);
    let Builder {
        matched,
        scratch,
        text,
        out: SpillSink {
            buf: out,
            len: disclosures_len,
        },
        ..
    } = b;
    let wiped = |scratch: &mut [u8], out: &mut [u8], e: Error| {
        scratch.fill(0);
        out.fill(0);
        Err(e)
    };
    if let Err(e) = built {
        return wiped(scratch, out, e);
    }
    if let Some(i) = (0..pointers.len()).find(|i| matched & (1u64 << i) == 0) {
        let i = u8::try_from(i).unwrap_or(u8::MAX);
        return wiped(scratch, out, Error::MissingClaim(Claim::Required(i)));
    }
    let payload = scratch.get(..text).unwrap_or_default();
    let header = params.header;
    let jws_len = crate::compact_len(
        header.json_len(signer.alg()),
        payload.len(),
        signer.signature_len(),
    );
    let needed = jws_len.saturating_add(1).saturating_add(disclosures_len);
    if out.len() < needed {
        return wiped(scratch, out, Error::BufferTooSmall { needed });
    }
    out.copy_within(..disclosures_len, jws_len.saturating_add(1));
    let (jws, rest) = out.split_at_mut_checked(jws_len).unwrap_or_default();
    if let Some(tilde) = rest.first_mut() {
        *tilde = b'~';
    }
    let signed = crate::sign(&header, payload, signer, jws).map(|_| ());
    scratch.fill(0);
    signed?;
    let out = out.get(..needed).unwrap_or_default();
    core::str::from_utf8(out).map_err(|_| Error::Malformed(Part::Token))
}

/// A place in the claims: a member name or an array index, under its parent.
#[derive(Clone, Copy)]
struct Path<'p, 'q> {
    seg: Seg<'p>,
    parent: Option<&'q Self>,
}

#[derive(Clone, Copy)]
enum Seg<'p> {
    Name(Str<'p>),
    Index(usize),
}

/// Whether the JSON Pointer `pointer` names `path`.
fn names(pointer: &str, path: &Path<'_, '_>) -> bool {
    let mut tokens = pointer.rsplit('/');
    let mut node = Some(path);
    loop {
        let Some(token) = tokens.next() else {
            return false;
        };
        let Some(n) = node else {
            return token.is_empty() && tokens.next().is_none();
        };
        let same = match n.seg {
            Seg::Name(name) => name.chars().eq(unescape(token)),
            // RFC 6901 §4: digits, with no leading zero.
            Seg::Index(i) => {
                token.bytes().all(|b| b.is_ascii_digit())
                    && (token == "0" || !token.starts_with('0'))
                    && token.parse::<usize>().is_ok_and(|t| t == i)
            }
        };
        if !same {
            return false;
        }
        node = n.parent;
    }
}

/// A JSON Pointer reference token's characters, `~1` as `/` and `~0` as `~` (RFC 6901 §4).
fn unescape(token: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = token.chars().peekable();
    core::iter::from_fn(move || {
        let c = chars.next()?;
        if c != '~' {
            return Some(c);
        }
        match chars.peek() {
            Some('1') => chars.next().map(|_| '/'),
            Some('0') => chars.next().map(|_| '~'),
            _ => Some(c),
        }
    })
}

/// The payload under construction at the front of `scratch`, and the digests of the objects
/// being written at its back; the disclosures go to `out`.
struct Builder<'a, 'b, 'o> {
    params: &'a SdJwtIssue<'a>,
    /// Bit `i`: pointer `i` named a claim.
    matched: u64,
    rng: &'b mut dyn CryptoRng,
    scratch: &'b mut [u8],
    /// The length of the text at the front of `scratch`.
    text: usize,
    /// Where the digests at the back of `scratch` start.
    stack: usize,
    /// The disclosures, each followed by `~`.
    out: SpillSink<'o>,
}

impl Sink for Builder<'_, '_, '_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.text.saturating_add(bytes.len());
        match self.scratch.get_mut(self.text..end) {
            Some(dst) if end <= self.stack => dst.copy_from_slice(bytes),
            _ => {
                let short = end.saturating_sub(self.stack);
                let needed = self.scratch.len().saturating_add(short);
                return Err(Error::BufferTooSmall { needed });
            }
        }
        self.text = end;
        Ok(())
    }
}

impl Builder<'_, '_, '_> {
    /// Whether `path` is disclosable, recording which pointer named it.
    fn disclosable(&mut self, path: &Path<'_, '_>) -> bool {
        let mut found = false;
        for (i, pointer) in self.params.disclosable.iter().enumerate() {
            if names(pointer, path) {
                self.matched |= 1u64
                    .checked_shl(u32::try_from(i).unwrap_or(64))
                    .unwrap_or(0);
                found = true;
            }
        }
        found
    }

    fn value(&mut self, value: Value<'_>, path: &Path<'_, '_>, depth: usize) -> Result<(), Error> {
        if let Some(object) = value.as_object() {
            self.object(object, Some(path), depth)
        } else if let Some(elements) = value.as_array() {
            self.array(elements, path, depth)
        } else {
            self.put(value.raw().as_bytes())
        }
    }

    fn object(
        &mut self,
        object: Object<'_>,
        path: Option<&Path<'_, '_>>,
        depth: usize,
    ) -> Result<(), Error> {
        let depth = depth
            .checked_sub(1)
            .ok_or(Error::LimitExceeded(Limit::JsonDepth))?;
        let top = path.is_none();
        let mark = self.stack;
        self.put(b"{")?;
        let mut first = true;
        for (name, value) in object.members() {
            if name.eq_str("_sd") || name.eq_str("...") || (top && name.eq_str("_sd_alg")) {
                return Err(Error::Disclosure(DisclosureReason::ReservedName));
            }
            if top && self.params.holder.is_some() && name.eq_str("cnf") {
                return Err(Error::Disclosure(DisclosureReason::ClaimExists));
            }
            let here = Path {
                seg: Seg::Name(name),
                parent: path,
            };
            if self.disclosable(&here) {
                if top && ALWAYS_DISCLOSED.iter().any(|n| name.eq_str(n)) {
                    return Err(Error::Disclosure(DisclosureReason::ValidityClaim));
                }
                let digest = self.disclose(Some(name), value, &here, depth)?;
                self.push(&digest)?;
                continue;
            }
            self.comma(&mut first)?;
            self.name(name)?;
            self.value(value, &here, depth)?;
        }
        if top {
            for _ in 0..self.params.decoys {
                let digest = self.decoy();
                self.push(&digest)?;
            }
        }
        if self.stack < mark {
            self.comma(&mut first)?;
            self.sd_list(mark)?;
        }
        if top {
            self.comma(&mut first)?;
            self.put(b"\"_sd_alg\":\"")?;
            self.put(SD_ALG.as_bytes())?;
            self.put(b"\"")?;
            if let Some(holder) = self.params.holder {
                self.put(b",")?;
                self.cnf(holder)?;
            }
        }
        self.put(b"}")
    }

    fn array(
        &mut self,
        elements: Elements<'_>,
        path: &Path<'_, '_>,
        depth: usize,
    ) -> Result<(), Error> {
        let depth = depth
            .checked_sub(1)
            .ok_or(Error::LimitExceeded(Limit::JsonDepth))?;
        self.put(b"[")?;
        let mut first = true;
        for (i, element) in elements.enumerate() {
            let here = Path {
                seg: Seg::Index(i),
                parent: Some(path),
            };
            self.comma(&mut first)?;
            if self.disclosable(&here) {
                let digest = self.disclose(None, element, &here, depth)?;
                let mut text = [0u8; DIGEST_B64_LEN];
                self.put(b"{\"...\":\"")?;
                self.put(b64::encode(&digest, &mut text)?.as_bytes())?;
                self.put(b"\"}")?;
            } else {
                self.value(element, &here, depth)?;
            }
        }
        self.put(b"]")
    }

    fn comma(&mut self, first: &mut bool) -> Result<(), Error> {
        if core::mem::take(first) {
            return Ok(());
        }
        self.put(b",")
    }

    fn name(&mut self, name: Str<'_>) -> Result<(), Error> {
        self.put(b"\"")?;
        self.put(name.raw().as_bytes())?;
        self.put(b"\":")
    }

    /// Writes the disclosure `["salt","name",value]` (or `["salt",value]`) after the text,
    /// appends its base64url form and a `~` to `out`, takes it off the text again, and returns
    /// its digest.
    fn disclose(
        &mut self,
        name: Option<Str<'_>>,
        value: Value<'_>,
        path: &Path<'_, '_>,
        depth: usize,
    ) -> Result<[u8; 32], Error> {
        let start = self.text;
        let mut salt = [0u8; 16];
        self.rng.fill_bytes(&mut salt);
        let mut salt_text = [0u8; 22];
        let salt_text = b64::encode(&salt, &mut salt_text)?;
        self.put(b"[\"")?;
        self.put(salt_text.as_bytes())?;
        self.put(b"\",")?;
        if let Some(name) = name {
            self.put(b"\"")?;
            self.put(name.raw().as_bytes())?;
            self.put(b"\",")?;
        }
        self.value(value, path, depth)?;
        self.put(b"]")?;
        let json = self.scratch.get(start..self.text).unwrap_or_default();
        // Encoded 48 bytes at a time (a multiple of 3, so the pieces join), and hashed as sent.
        let mut hash = Sha256::new();
        for chunk in json.chunks(48) {
            let mut piece = [0u8; 64];
            let piece = b64::encode(chunk, &mut piece)?;
            hash.update(piece.as_bytes());
            self.out.put(piece.as_bytes())?;
        }
        self.out.put(b"~")?;
        self.scratch
            .get_mut(start..self.text)
            .unwrap_or_default()
            .fill(0);
        self.text = start;
        Ok(hash.finalize().into())
    }

    /// A decoy digest: the digest of a random salt (RFC 9901 §4.2.5).
    fn decoy(&mut self) -> [u8; 32] {
        let mut salt = [0u8; 16];
        self.rng.fill_bytes(&mut salt);
        let mut text = [0u8; 22];
        digest(b64::encode(&salt, &mut text).unwrap_or_default().as_bytes())
    }

    /// Pushes a digest onto the stack at the back of `scratch`.
    fn push(&mut self, digest: &[u8; 32]) -> Result<(), Error> {
        let at = self
            .stack
            .checked_sub(32)
            .filter(|&at| at >= self.text)
            .ok_or(Error::BufferTooSmall {
                needed: self.scratch.len().saturating_add(32),
            })?;
        if let Some(dst) = self.scratch.get_mut(at..self.stack) {
            dst.copy_from_slice(digest);
        }
        self.stack = at;
        Ok(())
    }

    /// Writes `"_sd":[…]` with the digests pushed since `mark`, sorted (so their order says
    /// nothing of the claims'), and pops them.
    fn sd_list(&mut self, mark: usize) -> Result<(), Error> {
        let (digests, _) = self
            .scratch
            .get_mut(self.stack..mark)
            .unwrap_or_default()
            .as_chunks_mut::<32>();
        digests.sort_unstable();
        self.put(b"\"_sd\":[")?;
        let mut at = self.stack;
        let mut first = true;
        while at < mark {
            let mut digest = [0u8; 32];
            if let Some(src) = self.scratch.get(at..at.saturating_add(32)) {
                digest.copy_from_slice(src);
            }
            self.comma(&mut first)?;
            let mut text = [0u8; DIGEST_B64_LEN];
            self.put(b"\"")?;
            self.put(b64::encode(&digest, &mut text)?.as_bytes())?;
            self.put(b"\"")?;
            at = at.saturating_add(32);
        }
        self.stack = mark;
        self.put(b"]")
    }

    /// Writes `"cnf":{"jwk":…}` for the holder's public key.
    #[inline(never)]
    fn cnf(&mut self, holder: &JwkKey) -> Result<(), Error> {
        let mut jwk = [0u8; MAX_HEADER_LEN];
        let jwk = holder.public_jwk(&mut jwk)?;
        self.put(b"\"cnf\":{\"jwk\":")?;
        self.put(jwk.as_bytes())?;
        self.put(b"}")
    }
}
