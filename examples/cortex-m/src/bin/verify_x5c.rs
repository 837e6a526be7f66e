//! A command whose key is the leaf certificate of its `x5c` chain: the core lends the chain's
//! DER (no heap) and checks `x5t#S256`; the device's own verifier, here, checks that the leaf
//! was issued by the CA key pinned in its flash and is valid now, then takes the leaf's key to
//! verify the token. Each way the chain or the token can be wrong is refused with its error.
//!
//! The verifier below reads only what it checks (a P-256 leaf signed with ECDSA-SHA256), as a
//! device that knows its one issuer does; a server validates chains in full (`tinyjose-std`'s
//! `X5cTrust`, with `rustls-webpki`).

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use tinyjose::{CertReason, Error, Es256VerifyingKey, Limits, UntrustedJws};
use tinyjose_firmware::data::{self, x5c};
use tinyjose_firmware::{Accepted, Scenario, accept, measure, validation};

/// Room for the header: one P-256 leaf certificate in `x5c` and its `x5t#S256`.
const HEADER: usize = 768;
/// Room for one DER certificate, decoded from its base64.
const CERT: usize = 512;

/// One DER element: its tag, its contents, and what follows it.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => (usize::from(*rest.first()?), rest.get(1..)?),
        0x82 => (
            usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?])),
            rest.get(2..)?,
        ),
        _ => return None,
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// A DER `UTCTime` (`YYMMDDHHMMSSZ`, RFC 5280 §4.1.2.5.1) as Unix seconds.
fn utc_time(text: &[u8]) -> Option<u64> {
    let [y1, y2, mo1, mo2, d1, d2, h1, h2, mi1, mi2, s1, s2, b'Z'] = *text else {
        return None;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| u64::from((a - b'0') * 10 + (b - b'0')))
    };
    let yy = two(y1, y2)?;
    let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
    let (month, day) = (two(mo1, mo2)?, two(d1, d2)?);
    // Days from the civil date (Howard Hinnant's algorithm), for years after 1970.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + two(h1, h2)? * 3600 + two(mi1, mi2)? * 60 + two(s1, s2)?)
}

/// An ECDSA-Sig-Value (`SEQUENCE { r INTEGER, s INTEGER }`) as P-256's fixed 64 bytes.
fn signature(der: &[u8]) -> Option<Signature> {
    let (0x30, seq, _) = tlv(der)? else {
        return None;
    };
    let (0x02, r, rest) = tlv(seq)? else {
        return None;
    };
    let (0x02, s, _) = tlv(rest)? else {
        return None;
    };
    let mut fixed = [0u8; 64];
    let (r_out, s_out) = fixed.split_at_mut(32);
    for (int, out) in [(r, r_out), (s, s_out)] {
        let int = int.strip_prefix(&[0]).unwrap_or(int);
        out.get_mut(32usize.checked_sub(int.len())?..)?
            .copy_from_slice(int);
    }
    Signature::from_slice(&fixed).ok()
}

/// What the device reads of a leaf certificate (RFC 5280 §4.1).
struct Leaf<'a> {
    /// The whole `tbsCertificate`, the signed bytes.
    tbs: &'a [u8],
    /// The issuer's ECDSA-Sig-Value, from the `signatureValue` bit string.
    signature: &'a [u8],
    /// The `validity` contents: `notBefore`, `notAfter`.
    validity: &'a [u8],
    /// The subject's public key, an uncompressed SEC1 point.
    point: &'a [u8],
}

impl<'a> Leaf<'a> {
    fn read(der: &'a [u8]) -> Option<Self> {
        let (0x30, cert, _) = tlv(der)? else {
            return None;
        };
        let (_, _, after_tbs) = tlv(cert)?;
        let tbs = cert.get(..cert.len() - after_tbs.len())?;
        let (_, _, rest) = tlv(after_tbs)?; // signatureAlgorithm
        let (0x03, bits, _) = tlv(rest)? else {
            return None;
        };
        let (_, tbs_body, _) = tlv(tbs)?;
        // version [0], serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
        let (_, _, rest) = tlv(tbs_body)?;
        let (_, _, rest) = tlv(rest)?;
        let (_, _, rest) = tlv(rest)?;
        let (_, _, rest) = tlv(rest)?;
        let (0x30, validity, rest) = tlv(rest)? else {
            return None;
        };
        let (_, _, rest) = tlv(rest)?;
        let (0x30, spki, _) = tlv(rest)? else {
            return None;
        };
        let (_, _, key) = tlv(spki)?;
        let (0x03, point, _) = tlv(key)? else {
            return None;
        };
        Some(Self {
            tbs,
            signature: bits.get(1..)?,
            validity,
            point: point.get(1..)?,
        })
    }
}

/// The device's check of a leaf certificate: issued by `ca` (ECDSA-SHA256 over the
/// `tbsCertificate`), valid at `now`, with a P-256 key, which it returns.
fn leaf_key(der: &[u8], ca: &VerifyingKey, now: u64) -> Result<Es256VerifyingKey, Error> {
    let malformed = Error::Certificate(CertReason::Malformed);
    let leaf = Leaf::read(der).ok_or(malformed)?;
    let sig = signature(leaf.signature).ok_or(malformed)?;
    if ca.verify(leaf.tbs, &sig).is_err() {
        return Err(Error::Certificate(CertReason::UnknownIssuer));
    }
    let (_, not_before, rest) = tlv(leaf.validity).ok_or(malformed)?;
    let (_, not_after, _) = tlv(rest).ok_or(malformed)?;
    if utc_time(not_before).is_none_or(|t| now < t) {
        return Err(Error::Certificate(CertReason::NotYetValid));
    }
    if utc_time(not_after).is_none_or(|t| now > t) {
        return Err(Error::Certificate(CertReason::Expired));
    }
    Es256VerifyingKey::from_sec1_bytes(leaf.point)
}

/// The whole path: parse, the leaf's DER from `x5c`, `x5t#S256`, the device's check of the leaf
/// against `ca`, then the token verified with the leaf's key and its claims validated.
#[inline(never)]
fn verify_x5c(token: &str, ca: &VerifyingKey, buf: &mut [u8]) -> Result<Accepted, Error> {
    let limits = Limits::DEFAULT.with_header_len(HEADER);
    let jws = UntrustedJws::<HEADER>::parse_with_capacity(token, &limits)?;
    let chain = jws.header().x5c()?;
    let mut cert = [0u8; CERT];
    let leaf = chain.leaf().der(&mut cert)?;
    jws.header().check_x5t(leaf)?;
    let key = leaf_key(leaf, ca, data::NOW)?;
    accept(&jws, &key, &validation(data::NOW), buf)
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_x5c");
    let mut point = [4u8; 65];
    point[1..33].copy_from_slice(x5c::CA_X);
    point[33..].copy_from_slice(x5c::CA_Y);
    let Ok(ca) = VerifyingKey::from_sec1_bytes(&point) else {
        s.check("pinned CA key imported", false);
        s.finish();
    };
    let mut buf = [0u8; 256];
    let (accepted, stack) = measure(|| verify_x5c(x5c::TOKEN, &ca, &mut buf));
    s.report_stack("verify_x5c", stack);
    s.check(
        "leaf issued by the pinned CA: command accepted",
        accepted.is_ok_and(|a| a.reboot && a.after == 30),
    );
    for (what, token, error) in [
        (
            "leaf issued by another CA",
            x5c::FORGED,
            Error::Certificate(CertReason::UnknownIssuer),
        ),
        (
            "leaf expired",
            x5c::EXPIRED,
            Error::Certificate(CertReason::Expired),
        ),
        (
            "x5t#S256 of another certificate",
            x5c::THUMBPRINT,
            Error::Certificate(CertReason::Thumbprint),
        ),
        (
            "no x5c",
            x5c::NO_X5C,
            Error::Certificate(CertReason::Missing),
        ),
        (
            "valid leaf, token signed by another key",
            x5c::OTHER_KEY,
            Error::InvalidSignature,
        ),
    ] {
        let mut buf = [0u8; 256];
        s.check_err(what, verify_x5c(token, &ca, &mut buf), error);
    }
    s.finish()
}
