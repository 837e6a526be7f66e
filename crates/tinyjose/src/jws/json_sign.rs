//! Signing into the JWS JSON Serialization (RFC 7515 §7.2): one or more signers, general or
//! flattened, unencoded payloads (RFC 7797) and detached content, into a caller's buffer.

use zeroize::Zeroize;

use super::{JsonForm, JwsSigner, UntrustedJwsJson};
use crate::json::{self, CountSink, Sink, SliceSink};
use crate::limits::total;
use crate::{Error, HeaderParams, Limits, MAX_SIGNATURE_LEN, Part, b64};

/// One signer of a JWS JSON serialization: a key, the parameters of its protected header (with
/// `alg` from the key) and, optionally, an unprotected header (`header`) as a JSON object.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, JsonSigner};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let signer = JsonSigner::new(&key)
///     .protected(HeaderParams::new().typ("JOSE+JSON"))
///     .unprotected(r#"{"kid":"2024-06"}"#);
/// # let _ = signer;
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct JsonSigner<'a> {
    key: &'a dyn JwsSigner,
    protected: HeaderParams<'a>,
    unprotected: Option<&'a str>,
}

impl core::fmt::Debug for JsonSigner<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JsonSigner")
            .field("alg", &self.key.alg())
            .field("protected", &self.protected)
            .field("unprotected", &self.unprotected)
            .finish()
    }
}

impl<'a> JsonSigner<'a> {
    /// A signer with `key`, whose protected header holds only `alg`.
    #[must_use]
    pub fn new(key: &'a dyn JwsSigner) -> Self {
        Self {
            key,
            protected: HeaderParams::new(),
            unprotected: None,
        }
    }

    /// Sets the protected header's parameters (`kid`, `typ`, `cty`, `b64`).
    #[must_use]
    pub fn protected(mut self, params: HeaderParams<'a>) -> Self {
        self.protected = params;
        self
    }

    /// Sets the unprotected header: a JSON object, written as given, that shares no member with
    /// the protected header and holds no `alg`, `crit` or `b64`.
    #[must_use]
    pub fn unprotected(mut self, json: &'a str) -> Self {
        self.unprotected = Some(json);
        self
    }

    /// Checks the unprotected header against the protected one.
    fn check(&self) -> Result<(), Error> {
        let Some(text) = self.unprotected else {
            return Ok(());
        };
        let object = json::parse_object(text.as_bytes(), Limits::DEFAULT.json_depth, Part::Header)?;
        let p = &self.protected;
        let taken = [
            ("alg", true),
            ("crit", true),
            ("b64", true),
            ("kid", p.kid.is_some()),
            ("typ", p.typ.is_some()),
            ("cty", p.cty.is_some()),
        ];
        for (name, _) in object.members() {
            if taken.iter().any(|&(t, set)| set && name.eq_str(t)) {
                return Err(Error::DuplicateMember(Part::Header));
            }
        }
        Ok(())
    }
}

/// The size of the `out` buffer [`sign_json`] needs: the serialization, and room after it to
/// build the longest signing input.
///
/// # Examples
///
/// See [`sign_json`].
#[must_use]
pub fn sign_json_len(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
) -> usize {
    let (text, scratch) = lens(form, signers, payload, detached);
    text.saturating_add(scratch)
}

/// The lengths of the serialization and of the scratch space after it that [`sign_json`] needs.
fn lens(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
) -> (usize, usize) {
    let mut count = CountSink::default();
    let _ = write(form, signers, payload, detached, &mut count, None);
    (count.0, scratch_len(signers, payload))
}

/// Signs `payload` with each of `signers` and writes the JWS JSON Serialization into `out`,
/// returning it: [`JsonForm::General`] with any number of signers, [`JsonForm::Flattened`] with
/// exactly one. With `detached`, the `payload` member is left out (RFC 7515 Appendix F).
///
/// Every signer's `b64` must agree (RFC 7797 §3); an unencoded attached payload is written as a
/// JSON string, so it must be UTF-8.
///
/// # Errors
///
/// [`Error::BufferTooSmall`] with the size [`sign_json_len`] gives, checked before signing;
/// [`Error::Unsupported`] for no signer, or several in the flattened form;
/// [`Error::Malformed`] (header) for signers that disagree on `b64`, (payload) for an unencoded
/// payload that is not UTF-8; [`Error::Json`] or [`Error::DuplicateMember`] for an unprotected
/// header that is not a JSON object or repeats a protected member; any error of a signer; and
/// any error [`UntrustedJwsJson::parse`] would give the result with the default limits (but for
/// its length and number of signatures): what is signed always parses. `out` is wiped on error.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, JsonForm, JsonSigner, UntrustedJwsJson};
/// use tinyjose::{sign_json, sign_json_len};
///
/// let a = HmacKey::hs256(&[1; 32])?;
/// let b = HmacKey::hs256(&[2; 32])?;
/// let signers = [
///     JsonSigner::new(&a).unprotected(r#"{"kid":"a"}"#),
///     JsonSigner::new(&b).protected(HeaderParams::new().kid("b")),
/// ];
/// let mut out = [0u8; 512];
/// assert!(sign_json_len(JsonForm::General, &signers, b"hello", false) <= out.len());
/// let text = sign_json(JsonForm::General, &signers, b"hello", false, &mut out)?;
/// let jws = UntrustedJwsJson::parse(text)?;
/// assert_eq!(jws.len(), 2);
/// let mut buf = [0u8; 128];
/// assert_eq!(jws.verify(&b, &mut buf)?.payload(), b"hello");
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn sign_json<'o>(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let checked = sign_json_into(form, signers, payload, detached, out).and_then(|len| {
        // What is signed must parse: the unprotected headers are held to the parser's rules
        // (placement, `kid`, sizes, depth), whatever the number of signatures or the length.
        let text = out.get(..len).unwrap_or_default();
        let text = core::str::from_utf8(text).map_err(|_| Error::Malformed(Part::Payload))?;
        let limits = Limits::DEFAULT
            .with_token_len(usize::MAX)
            .with_signatures(usize::MAX);
        UntrustedJwsJson::parse_with_limits(text, &limits).map(|_| len)
    });
    super::written_text(checked, out)
}

/// Writes the serialization into `out`, returning its length.
fn sign_json_into(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
    out: &mut [u8],
) -> Result<usize, Error> {
    let b64 = signers.first().ok_or(Error::Unsupported)?.protected.b64;
    if form == JsonForm::Flattened && signers.len() != 1 {
        return Err(Error::Unsupported);
    }
    if signers.iter().any(|s| s.protected.b64 != b64) {
        return Err(Error::Malformed(Part::Header));
    }
    if !b64 && !detached && core::str::from_utf8(payload).is_err() {
        return Err(Error::Malformed(Part::Payload));
    }
    for signer in signers {
        signer.check()?;
        if signer.key.signature_len() > MAX_SIGNATURE_LEN {
            return Err(Error::Unsupported);
        }
    }
    let (text_len, scratch_room) = lens(form, signers, payload, detached);
    let needed = text_len.saturating_add(scratch_room);
    let too_small = Error::BufferTooSmall { needed };
    if out.len() < needed {
        return Err(too_small);
    }
    let (text, scratch) = out.split_at_mut_checked(text_len).ok_or(too_small)?;
    // The encoded (or raw) payload sits at the end of the scratch space; each signing input is
    // the protected header and a dot written just before it.
    let body_at = scratch
        .len()
        .checked_sub(body_len(payload, b64))
        .ok_or(too_small)?;
    let body = scratch.get_mut(body_at..).unwrap_or_default();
    if b64 {
        b64::encode(payload, body)?;
    } else {
        body.copy_from_slice(payload);
    }
    let mut sink = SliceSink { buf: text, len: 0 };
    write(
        form,
        signers,
        payload,
        detached,
        &mut sink,
        Some(Signing { scratch, body_at }),
    )?;
    let len = sink.len;
    // The scratch space held the payload and signing inputs: leave only the serialization.
    out.get_mut(len..).unwrap_or_default().zeroize();
    Ok(len)
}

/// The length of the payload in the signing input.
fn body_len(payload: &[u8], b64: bool) -> usize {
    if b64 {
        b64::encoded_len(payload.len())
    } else {
        payload.len()
    }
}

/// The room [`sign_json`] needs after the serialization: the longest signing input.
fn scratch_len(signers: &[JsonSigner<'_>], payload: &[u8]) -> usize {
    let protected = signers
        .iter()
        .map(|s| b64::encoded_len(s.protected.json_len(s.key.alg())))
        .max()
        .unwrap_or(0);
    let b64 = signers.first().is_none_or(|s| s.protected.b64);
    total(&[protected, 1, body_len(payload, b64)])
}

/// Where signing inputs are built: the payload sits at `scratch[body_at..]`.
struct Signing<'s> {
    scratch: &'s mut [u8],
    body_at: usize,
}

/// Writes the serialization into `sink`. Without `signing` it only measures: the protected
/// headers and signatures are written as placeholders of their exact lengths.
fn write(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
    sink: &mut dyn SinkAt,
    mut signing: Option<Signing<'_>>,
) -> Result<(), Error> {
    let b64 = signers.first().is_none_or(|s| s.protected.b64);
    sink.put(b"{")?;
    if !detached {
        sink.put(b"\"payload\":")?;
        if b64 {
            sink.put(b"\"")?;
            match &signing {
                Some(s) => sink.put(s.scratch.get(s.body_at..).unwrap_or_default())?,
                None => sink.skip(b64::encoded_len(payload.len()))?,
            }
            sink.put(b"\"")?;
        } else {
            let text =
                core::str::from_utf8(payload).map_err(|_| Error::Malformed(Part::Payload))?;
            json::write_str(sink.as_sink(), text)?;
        }
        sink.put(b",")?;
    }
    if form == JsonForm::General {
        sink.put(b"\"signatures\":[")?;
    }
    for (i, signer) in signers.iter().enumerate() {
        if form == JsonForm::General {
            sink.put(if i == 0 { b"{" } else { b",{" })?;
        }
        sink.put(b"\"protected\":\"")?;
        let alg = signer.key.alg();
        let protected = match signing.as_mut() {
            Some(_) => {
                let start = sink.position();
                let written = {
                    let mut enc = b64::Encoder::new(sink.rest());
                    signer.protected.write(alg.name(), &mut enc)?;
                    enc.finish()?
                };
                sink.advance(written);
                Some(start..start.saturating_add(written))
            }
            None => {
                sink.skip(b64::encoded_len(signer.protected.json_len(alg)))?;
                None
            }
        };
        sink.put(b"\",")?;
        if let Some(header) = signer.unprotected {
            sink.put(b"\"header\":")?;
            sink.put(header.as_bytes())?;
            sink.put(b",")?;
        }
        sink.put(b"\"signature\":\"")?;
        match (signing.as_mut(), protected) {
            (Some(s), Some(range)) => {
                let mut signature = [0u8; MAX_SIGNATURE_LEN];
                let n = {
                    let text = sink.written(range);
                    // `scratch_len` leaves room for the longest protected header and its dot.
                    let start = s
                        .body_at
                        .checked_sub(text.len())
                        .and_then(|n| n.checked_sub(1))
                        .ok_or(Error::BufferTooSmall {
                            needed: total(&[text.len(), 1, s.scratch.len()]),
                        })?;
                    let input = s.scratch.get_mut(start..).unwrap_or_default();
                    let (head, rest) = input.split_at_mut(text.len());
                    head.copy_from_slice(text);
                    if let Some(dot) = rest.first_mut() {
                        *dot = b'.';
                    }
                    signer.key.sign(input, &mut signature)?
                };
                let written =
                    b64::encode(signature.get(..n).unwrap_or_default(), sink.rest())?.len();
                sink.advance(written);
            }
            _ => sink.skip(b64::encoded_len(signer.key.signature_len()))?,
        }
        sink.put(b"\"")?;
        if form == JsonForm::General {
            sink.put(b"}")?;
        }
    }
    if form == JsonForm::General {
        sink.put(b"]")?;
    }
    sink.put(b"}")
}

/// A [`Sink`] whose written text can be read back and written into directly.
trait SinkAt: Sink {
    /// This sink as a plain [`Sink`].
    fn as_sink(&mut self) -> &mut dyn Sink;
    /// Counts `n` bytes without writing them (measuring only).
    fn skip(&mut self, n: usize) -> Result<(), Error>;
    /// How much has been written.
    fn position(&self) -> usize;
    /// The unwritten rest of the buffer.
    fn rest(&mut self) -> &mut [u8];
    /// Marks `n` more bytes, written into [`rest`](Self::rest), as written.
    fn advance(&mut self, n: usize);
    /// Text written earlier.
    fn written(&self, range: core::ops::Range<usize>) -> &[u8];
}

impl SinkAt for CountSink {
    fn as_sink(&mut self) -> &mut dyn Sink {
        self
    }
    fn skip(&mut self, n: usize) -> Result<(), Error> {
        self.0 = self.0.saturating_add(n);
        Ok(())
    }
    fn position(&self) -> usize {
        self.0
    }
    fn rest(&mut self) -> &mut [u8] {
        &mut []
    }
    fn advance(&mut self, n: usize) {
        self.0 = self.0.saturating_add(n);
    }
    fn written(&self, _range: core::ops::Range<usize>) -> &[u8] {
        &[]
    }
}

impl SinkAt for SliceSink<'_> {
    fn as_sink(&mut self) -> &mut dyn Sink {
        self
    }
    fn skip(&mut self, n: usize) -> Result<(), Error> {
        // Never reached: a real write fills every placeholder.
        Err(Error::BufferTooSmall {
            needed: self.len.saturating_add(n),
        })
    }
    fn position(&self) -> usize {
        self.len
    }
    fn rest(&mut self) -> &mut [u8] {
        self.buf.get_mut(self.len..).unwrap_or_default()
    }
    fn advance(&mut self, n: usize) {
        // `n` bytes written into `rest`: within the buffer.
        self.len = self.len.saturating_add(n);
    }
    fn written(&self, range: core::ops::Range<usize>) -> &[u8] {
        self.buf.get(range).unwrap_or_default()
    }
}
