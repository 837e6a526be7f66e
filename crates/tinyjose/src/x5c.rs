//! The `x5c` certificate chain of a header (RFC 7515 §4.1.6), read without a heap, and the
//! `x5t` / `x5t#S256` thumbprints checked against its leaf (§4.1.7, §4.1.8).
//!
//! tinyjose validates no X.509 itself: a chain is attacker-controlled until a certificate
//! verifier (`rustls-webpki` in `tinyjose-std`, a device's own elsewhere) has checked it against
//! the caller's trust anchors. Only then may the leaf's key verify the token.

use base64ct::Encoding as _;
use sha1::Digest as _;

use crate::json::{self, Elements, Str};
use crate::{CertReason, Error, Part, ProtectedHeader};

/// The most certificates an `x5c` chain may hold.
pub const MAX_X5C_CERTS: usize = 8;

const MALFORMED: Error = Error::Certificate(CertReason::Malformed);

/// The certificates of an `x5c` header parameter, leaf first, each as the standard base64 of its
/// DER, borrowed from the header.
///
/// # Examples
///
/// ```
/// use tinyjose::UntrustedJws;
///
/// // A header whose x5c holds the two-byte "certificate" 0x30 0x00.
/// let jws = UntrustedJws::parse("eyJhbGciOiJFUzI1NiIsIng1YyI6WyJNQUE9Il19.e30.AA")?;
/// let chain = jws.header().x5c()?;
/// assert_eq!(chain.len(), 1);
/// let mut buf = [0u8; 8];
/// assert_eq!(chain.leaf().der(&mut buf)?, [0x30, 0x00]);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct X5c<'h> {
    elements: Elements<'h>,
    len: usize,
}

impl<'h> X5c<'h> {
    /// The number of certificates, 1 to [`MAX_X5C_CERTS`].
    #[must_use]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// The first certificate: the one whose key signed the token.
    #[must_use]
    pub fn leaf(&self) -> X5cCert<'h> {
        self.iter().next().unwrap_or(X5cCert { text: None })
    }

    /// The certificates, leaf first.
    pub fn iter(&self) -> impl Iterator<Item = X5cCert<'h>> + 'h {
        self.elements.clone().map(|v| X5cCert { text: v.as_str() })
    }
}

/// One certificate of an [`X5c`] chain, as sent: standard base64 of DER.
#[derive(Clone, Copy, Debug)]
pub struct X5cCert<'h> {
    text: Option<Str<'h>>,
}

impl X5cCert<'_> {
    /// The length of its base64 text, the most [`der`](Self::der) needs of a buffer.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        self.text.map_or(0, |t| t.decoded_len())
    }

    /// Decodes the certificate's DER into the front of `buf`, which needs
    /// [`encoded_len`](Self::encoded_len) bytes.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] when `buf` is shorter than that;
    /// [`Error::Certificate`]`(`[`CertReason::Malformed`]`)` when the text is not strict padded
    /// base64 of something that starts as DER (a `SEQUENCE`).
    pub fn der<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let text = self.text.ok_or(MALFORMED)?;
        let len = text.unescape_into(buf)?.len();
        let text = buf
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        let der = base64ct::Base64::decode_in_place(text).map_err(|_| MALFORMED)?;
        if der.first() != Some(&0x30) {
            return Err(MALFORMED);
        }
        Ok(der)
    }
}

impl<'h, A: Copy> ProtectedHeader<'h, A> {
    /// The header's `x5c` chain, leaf first. It is what the token says, not yet trusted: check
    /// it against your trust anchors before using the leaf's key, and then
    /// [`check_x5t`](Self::check_x5t).
    ///
    /// # Errors
    ///
    /// [`Error::Certificate`] with [`CertReason::Missing`] when the header has no `x5c` or an
    /// empty one, [`CertReason::Malformed`] when it is not an array of strings or holds more
    /// than [`MAX_X5C_CERTS`].
    ///
    /// # Examples
    ///
    /// See [`X5c`].
    pub fn x5c(&self) -> Result<X5c<'h>, Error> {
        let object = header_object(self.json())?;
        let elements = object
            .get("x5c")
            .ok_or(Error::Certificate(CertReason::Missing))?
            .as_array()
            .ok_or(MALFORMED)?;
        let mut len = 0usize;
        for value in elements.clone() {
            value.as_str().ok_or(MALFORMED)?;
            // Saturating, the count still tells a chain too long.
            len = len.saturating_add(1);
        }
        match len {
            0 => Err(Error::Certificate(CertReason::Missing)),
            1..=MAX_X5C_CERTS => Ok(X5c { elements, len }),
            _ => Err(MALFORMED),
        }
    }

    /// Checks `x5t` (SHA-1) and `x5t#S256` (SHA-256), each when present, against `leaf_der`,
    /// the DER of the chain's first certificate.
    ///
    /// # Errors
    ///
    /// [`Error::Certificate`]`(`[`CertReason::Thumbprint`]`)` when a thumbprint is not the
    /// leaf's (or not base64url of the hash's length); [`Error::Json`] when one is not a string.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{CertReason, Error, UntrustedJws};
    ///
    /// // "x5t#S256" of the two-byte certificate 0x30 0x00.
    /// let jws = UntrustedJws::parse(
    ///     "eyJhbGciOiJFUzI1NiIsIng1dCNTMjU2IjoiNVBZTkNxYlg4OU8ycGtsTEhJWWJtZlpKeHZuc1VhdXZJQnNnOHBjeWZKVSJ9.e30.AA",
    /// )?;
    /// assert_eq!(jws.header().check_x5t(&[0x30, 0x00]), Ok(()));
    /// assert_eq!(
    ///     jws.header().check_x5t(&[0x30, 0x01]),
    ///     Err(Error::Certificate(CertReason::Thumbprint))
    /// );
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn check_x5t(&self, leaf_der: &[u8]) -> Result<(), Error> {
        let object = header_object(self.json())?;
        if let Some(value) = object.get("x5t") {
            check_thumbprint(value, &sha1::Sha1::digest(leaf_der))?;
        }
        if let Some(value) = object.get("x5t#S256") {
            check_thumbprint(value, &sha2::Sha256::digest(leaf_der))?;
        }
        Ok(())
    }
}

fn header_object(header: &str) -> Result<json::Object<'_>, Error> {
    json::parse_object(header.as_bytes(), crate::MAX_JSON_DEPTH, Part::Header)
}

fn check_thumbprint(value: json::Value<'_>, digest: &[u8]) -> Result<(), Error> {
    let mismatch = Error::Certificate(CertReason::Thumbprint);
    let mut text = [0u8; 64];
    let text = value
        .as_str()
        .ok_or(Error::Json(Part::Header))?
        .decode(&mut text)
        .map_err(|_| mismatch)?;
    let mut sent = [0u8; 32];
    let sent =
        crate::b64::decode(text.as_bytes(), &mut sent, Part::Header).map_err(|_| mismatch)?;
    if sent == digest {
        Ok(())
    } else {
        Err(mismatch)
    }
}

#[cfg(test)]
mod tests {
    use crate::{CertReason, Error, UntrustedJws};

    fn header(json: &str) -> std::string::String {
        let mut b64 = [0u8; 512];
        let encoded = crate::b64::encode(json.as_bytes(), &mut b64).unwrap();
        std::format!("{encoded}.e30.AA")
    }

    #[test]
    fn chains_refused() {
        for (json, reason) in [
            (r#"{"alg":"ES256"}"#, CertReason::Missing),
            (r#"{"alg":"ES256","x5c":[]}"#, CertReason::Missing),
            (r#"{"alg":"ES256","x5c":"MAA="}"#, CertReason::Malformed),
            (r#"{"alg":"ES256","x5c":[1]}"#, CertReason::Malformed),
            (
                r#"{"alg":"ES256","x5c":["MAA=","MAA=","MAA=","MAA=","MAA=","MAA=","MAA=","MAA=","MAA="]}"#,
                CertReason::Malformed,
            ),
        ] {
            let token = header(json);
            let jws = UntrustedJws::parse(&token).unwrap();
            assert_eq!(
                jws.header().x5c().unwrap_err(),
                Error::Certificate(reason),
                "{json}"
            );
        }
    }

    #[test]
    fn certificates_decoded_strictly() {
        let token = header(r#"{"alg":"ES256","x5c":["MAA","MA==","AAA=","M\/8=","MAA="]}"#);
        let jws = UntrustedJws::parse(&token).unwrap();
        let chain = jws.header().x5c().unwrap();
        assert_eq!(chain.len(), 5);
        let lens: std::vec::Vec<usize> = chain.iter().map(|c| c.encoded_len()).collect();
        // "M\/8=" is four characters once unescaped.
        assert_eq!(lens, [3, 4, 4, 4, 4]);
        let mut buf = [0u8; 8];
        let results: std::vec::Vec<_> = chain
            .iter()
            .map(|c| c.der(&mut buf).map(<[u8]>::to_vec))
            .collect();
        let malformed = Err(Error::Certificate(CertReason::Malformed));
        assert_eq!(results[0], malformed);
        assert_eq!(results[1], Ok(std::vec![0x30]));
        assert_eq!(results[2], malformed);
        assert_eq!(results[3], malformed);
        assert_eq!(results[4], Ok(std::vec![0x30, 0x00]));
        let mut small = [0u8; 3];
        assert_eq!(
            chain.iter().nth(4).unwrap().der(&mut small),
            Err(Error::BufferTooSmall { needed: 4 })
        );
    }

    #[test]
    fn x5t_sha1() {
        use sha1::Digest as _;
        let digest = sha1::Sha1::digest([0x30u8, 0x00]);
        let mut b64 = [0u8; 27];
        let t = crate::b64::encode(&digest, &mut b64).unwrap();
        let token = header(&std::format!(r#"{{"alg":"ES256","x5t":"{t}"}}"#));
        let jws = UntrustedJws::parse(&token).unwrap();
        assert_eq!(jws.header().check_x5t(&[0x30, 0x00]), Ok(()));
        assert_eq!(
            jws.header().check_x5t(&[0x30]),
            Err(Error::Certificate(CertReason::Thumbprint))
        );
        let token = header(r#"{"alg":"ES256","x5t":"short"}"#);
        let jws = UntrustedJws::parse(&token).unwrap();
        assert_eq!(
            jws.header().check_x5t(&[0x30, 0x00]),
            Err(Error::Certificate(CertReason::Thumbprint))
        );
    }
}
