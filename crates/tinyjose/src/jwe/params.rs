//! JWE key management parameters (RFC 7518 §4): those read from a token's header, and those a
//! key writes into a new one.

use crate::json::{self, Sink};
use crate::{Enc, Error, JweAlg, b64};

/// The `epk` (ephemeral public key) header parameter as received: the members' texts, not yet
/// validated. ECDH-ES decoding checks them in full.
///
/// # Examples
///
/// ```
/// use tinyjose::UntrustedJwe;
///
/// let jwe = UntrustedJwe::parse(concat!(
///     "eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTEyOEdDTSIsImVwayI6eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ4Ijoi",
///     "aFNESmk4MjJkVmtRTmlnWUl4YWFhSmtHdXJENzU2TGMtQ2xrWVJZM0lXMCJ9fQ..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
/// ))?;
/// let epk = jwe.key_params().epk().unwrap();
/// assert_eq!((epk.kty, epk.crv, epk.y), ("OKP", "X25519", None));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Epk<'h> {
    /// `kty`: `EC` or `OKP`.
    pub kty: &'h str,
    /// `crv`: `P-256`, `P-384` or `X25519`.
    pub crv: &'h str,
    /// `x`, base64url.
    pub x: &'h str,
    /// `y`, base64url, for `EC` keys.
    pub y: Option<&'h str>,
}

/// What key management reads from a JWE header: `alg`, `enc`, and the algorithm parameters
/// (`epk`, `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`) as base64url texts.
///
/// Every value is attacker-controlled: implementations check lengths and ranges before use.
///
/// # Examples
///
/// ```
/// use tinyjose::{Enc, JweAlg, UntrustedJwe};
///
/// // {"alg":"dir","enc":"A128GCM"}
/// let jwe = UntrustedJwe::parse("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")?;
/// let params = jwe.key_params();
/// assert_eq!((params.alg(), params.enc()), (JweAlg::Dir, Enc::A128Gcm));
/// assert_eq!(params.p2c(), None);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyParams<'h> {
    pub(super) alg: JweAlg,
    pub(super) enc: Enc,
    pub(super) epk: Option<Epk<'h>>,
    pub(super) apu: Option<&'h str>,
    pub(super) apv: Option<&'h str>,
    pub(super) iv: Option<&'h str>,
    pub(super) tag: Option<&'h str>,
    pub(super) p2s: Option<&'h str>,
    pub(super) p2c: Option<u32>,
}

impl<'h> KeyParams<'h> {
    /// The header `alg`.
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.alg
    }

    /// The header `enc`.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.enc
    }

    /// The ephemeral public key of ECDH-ES (RFC 7518 §4.6.1.1).
    #[must_use]
    pub fn epk(&self) -> Option<Epk<'h>> {
        self.epk
    }

    /// Agreement PartyUInfo, base64url (RFC 7518 §4.6.1.2).
    #[must_use]
    pub fn apu(&self) -> Option<&'h str> {
        self.apu
    }

    /// Agreement PartyVInfo, base64url (RFC 7518 §4.6.1.3).
    #[must_use]
    pub fn apv(&self) -> Option<&'h str> {
        self.apv
    }

    /// The IV of AES-GCM key wrapping, base64url (RFC 7518 §4.7.1.1).
    #[must_use]
    pub fn iv(&self) -> Option<&'h str> {
        self.iv
    }

    /// The tag of AES-GCM key wrapping, base64url (RFC 7518 §4.7.1.2).
    #[must_use]
    pub fn tag(&self) -> Option<&'h str> {
        self.tag
    }

    /// The PBES2 salt input, base64url (RFC 7518 §4.8.1.1).
    #[must_use]
    pub fn p2s(&self) -> Option<&'h str> {
        self.p2s
    }

    /// The PBES2 iteration count (RFC 7518 §4.8.1.2), already checked against
    /// [`Limits::pbes2_count`](crate::Limits::pbes2_count).
    #[must_use]
    pub fn p2c(&self) -> Option<u32> {
        self.p2c
    }
}

/// An ephemeral public key being written into a new header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NewEpk {
    pub(crate) kty: &'static str,
    pub(crate) crv: &'static str,
    pub(crate) x: [u8; 48],
    pub(crate) y: Option<[u8; 48]>,
    pub(crate) len: usize,
}

/// The header parameters key management adds to a new JWE (`epk`, `apu`, `apv`, `iv`, `tag`,
/// `p2s`, `p2c`), filled by [`JweEncrypter::encrypt_cek`](super::JweEncrypter::encrypt_cek).
///
/// Key transport implementations outside the core (RSA-OAEP) add none and leave it as it is.
///
/// # Examples
///
/// ```
/// let params = tinyjose::NewKeyParams::default();
/// # let _ = params;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewKeyParams<'k> {
    pub(crate) epk: Option<NewEpk>,
    pub(crate) apu: Option<&'k [u8]>,
    pub(crate) apv: Option<&'k [u8]>,
    pub(crate) iv: Option<[u8; 12]>,
    pub(crate) tag: Option<[u8; 16]>,
    pub(crate) p2s: Option<[u8; 16]>,
    pub(crate) p2c: Option<u32>,
}

impl NewKeyParams<'_> {
    /// Writes `,"epk":{…},"apu":…,…` for the members that are set.
    pub(super) fn write(&self, sink: &mut dyn Sink) -> Result<(), Error> {
        if let Some(epk) = &self.epk {
            sink.put(b",\"epk\":{\"kty\":")?;
            json::write_str(sink, epk.kty)?;
            sink.put(b",\"crv\":")?;
            json::write_str(sink, epk.crv)?;
            put_b64_member(sink, b"x", epk.x.get(..epk.len).unwrap_or_default())?;
            if let Some(y) = &epk.y {
                put_b64_member(sink, b"y", y.get(..epk.len).unwrap_or_default())?;
            }
            sink.put(b"}")?;
        }
        let members: [(&[u8], Option<&[u8]>); 5] = [
            (b"apu", self.apu),
            (b"apv", self.apv),
            (b"iv", self.iv.as_ref().map(|v| &v[..])),
            (b"tag", self.tag.as_ref().map(|v| &v[..])),
            (b"p2s", self.p2s.as_ref().map(|v| &v[..])),
        ];
        for (name, value) in members {
            if let Some(v) = value {
                put_b64_member(sink, name, v)?;
            }
        }
        if let Some(p2c) = self.p2c {
            sink.put(b",\"p2c\":")?;
            json::write_u64(sink, u64::from(p2c))?;
        }
        Ok(())
    }
}

/// Writes `,"name":"base64url(value)"`. Every such member follows another (`epk` opens with
/// `kty`), so the comma always leads.
fn put_b64_member(sink: &mut dyn Sink, name: &[u8], value: &[u8]) -> Result<(), Error> {
    sink.put(b",\"")?;
    sink.put(name)?;
    sink.put(b"\":\"")?;
    let mut text = [0u8; 64];
    for chunk in value.chunks(48) {
        sink.put(b64::encode(chunk, &mut text)?.as_bytes())?;
    }
    sink.put(b"\"")
}
