//! Tokens whose key is the leaf of their `x5c` certificate chain (RFC 7515 §4.1.6), trusted only
//! once `rustls-webpki` has validated the chain to the caller's trust anchors at the
//! verification time.

use core::cell::Cell;
use std::sync::Arc;

use rustls_pki_types::{CertificateDer, TrustAnchor};
use tinyjose::{
    CertReason, Error as JoseError, JwkKey, JwsAlg, KeyReason, Limits, UnixTime, UntrustedJws,
};
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeIdIter};

use crate::jwt::{Header, Verified};
use crate::{KeyError, Result, Validation};

/// The largest protected header an `x5c` token may have: a chain of a few certificates.
pub const X5C_HEADER_LEN: usize = 16 * 1024;

/// The longest `x5c` token read: its header, and a payload that may carry signed objects with
/// chains of their own (as App Store notifications do).
pub const X5C_TOKEN_LEN: usize = 64 * 1024;

/// The trust anchors an `x5c` chain must lead to, and the extended key usage its leaf must have.
///
/// A chain is validated with `rustls-webpki`: each signature up to an anchor, each certificate's
/// validity at the verification time, CA basic constraints, and the leaf's extended key usage
/// when [`require_eku`](Self::require_eku) asks for one. Then `x5t` and `x5t#S256`, when
/// present, must be the leaf's thumbprints, the leaf's key must be of the token's `alg`, which
/// must be one of [`algorithms`](Self::algorithms), and [`leaf_check`](Self::leaf_check), when
/// given, must accept the leaf.
///
/// Any certificate an anchor issued is a possible signer: narrow it to the signers you mean,
/// with an extended key usage, the algorithms, and a check of the leaf's own marks (a subject,
/// a policy, an issuer's extension). Revocation (CRL, OCSP) is not checked.
///
/// # Examples
///
/// ```no_run
/// use tinyjose::{JwsAlg, UnixTime, Validation};
/// use tinyjose_std::X5cTrust;
///
/// let roots = std::fs::read_to_string("AppleRootCA-G3.pem")?;
/// // Apple's App Store Server Notifications: an ES256 x5c chain to Apple's root, whose leaf
/// // carries Apple's marker extension (OID 1.2.840.113635.100.6.11.1): `app_store_leaf` is
/// // your check of the certificate's extensions, with the X.509 parser of your choice.
/// let trust = X5cTrust::from_pem(&roots)?
///     .algorithms(&[JwsAlg::Es256])
///     .leaf_check(app_store_leaf);
/// let notification = std::fs::read_to_string("notification.jws")?;
/// # fn app_store_leaf(_der: &[u8]) -> bool { false }
/// let verified = tinyjose_std::verify_x5c_jwt(&notification, &trust, &Validation::new(tinyjose_std::now()?))?;
/// println!("{}", String::from_utf8_lossy(&verified.payload));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct X5cTrust {
    anchors: Vec<TrustAnchor<'static>>,
    eku: Option<Vec<usize>>,
    algs: Vec<JwsAlg>,
    leaf_check: Option<Arc<LeafCheck>>,
}

/// A caller's check of the leaf certificate's DER.
type LeafCheck = dyn Fn(&[u8]) -> bool + Send + Sync;

impl core::fmt::Debug for X5cTrust {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("X5cTrust")
            .field("anchors", &self.anchors.len())
            .field("eku", &self.eku)
            .field("algs", &self.algs)
            .field("leaf_check", &self.leaf_check.is_some())
            .finish()
    }
}

impl X5cTrust {
    /// The trust anchors of the `CERTIFICATE` blocks of `pem`.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) when there is no `CERTIFICATE` block or one is not a
    /// certificate `rustls-webpki` can anchor to.
    pub fn from_pem(pem: &str) -> Result<Self> {
        let mut roots = Vec::new();
        for block in crate::pem::pem_blocks(pem) {
            let (label, der) = pem_rfc7468::decode_vec(block.as_bytes())
                .map_err(|e| KeyError::with_source("a PEM block is malformed", e))?;
            if label == "CERTIFICATE" {
                roots.push(der);
            }
        }
        Self::from_der(&roots)
    }

    /// The trust anchors of these DER certificates.
    ///
    /// # Errors
    ///
    /// As [`from_pem`](Self::from_pem).
    pub fn from_der(roots: &[impl AsRef<[u8]>]) -> Result<Self> {
        if roots.is_empty() {
            return Err(KeyError::new("no trust anchor (CERTIFICATE) given").into());
        }
        let anchors = roots
            .iter()
            .map(|der| {
                let der = CertificateDer::from(der.as_ref());
                webpki::anchor_from_trusted_cert(&der)
                    .map(|anchor| anchor.to_owned())
                    .map_err(|e| KeyError::with_source("not a trust anchor certificate", e).into())
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            anchors,
            eku: None,
            algs: JwsAlg::ALL
                .iter()
                .copied()
                .filter(|a| !a.is_symmetric())
                .collect(),
            leaf_check: None,
        })
    }

    /// The algorithms a token may name (default: every asymmetric one); another is
    /// [`tinyjose::Error::AlgNotAllowed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let roots = include_str!("../tests/data/x5c/root.pem");
    /// let trust = tinyjose_std::X5cTrust::from_pem(roots)?.algorithms(&[JwsAlg::Es256]);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn algorithms(mut self, algs: &[JwsAlg]) -> Self {
        self.algs = algs.iter().copied().filter(|a| !a.is_symmetric()).collect();
        self
    }

    /// A check of the leaf certificate's DER, run once the chain has validated: `false` refuses
    /// the token with [`CertReason::Usage`]. For what marks your signers apart from other
    /// certificates of the same anchor.
    ///
    /// # Examples
    ///
    /// ```
    /// use sha2::Digest as _;
    ///
    /// // Only the one leaf certificate whose SHA-256 is pinned.
    /// let pinned = [0x5a; 32];
    /// let roots = include_str!("../tests/data/x5c/root.pem");
    /// let trust = tinyjose_std::X5cTrust::from_pem(roots)?
    ///     .leaf_check(move |der| sha2::Sha256::digest(der)[..] == pinned);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn leaf_check(mut self, check: impl Fn(&[u8]) -> bool + Send + Sync + 'static) -> Self {
        self.leaf_check = Some(Arc::new(check));
        self
    }

    /// Requires the leaf's extended key usage to list `oid` (dotted, such as
    /// `1.3.6.1.5.5.7.3.3` for code signing). Without it, any extended key usage, or none, is
    /// accepted.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) when `oid` is not a dotted object identifier.
    ///
    /// # Examples
    ///
    /// ```
    /// let roots = include_str!("../tests/data/x5c/root.pem");
    /// let trust = tinyjose_std::X5cTrust::from_pem(roots)?.require_eku("1.3.6.1.5.5.7.3.3")?;
    /// assert!(tinyjose_std::X5cTrust::from_pem(roots)?.require_eku("1.x").is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn require_eku(mut self, oid: &str) -> Result<Self> {
        let arc = |arc: &str| {
            let digits = !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| arc.parse().ok()).flatten()
        };
        let arcs: Option<Vec<usize>> = oid.split('.').map(arc).collect();
        match arcs {
            Some(arcs) if arcs.len() >= 2 => {
                self.eku = Some(arcs);
                Ok(self)
            }
            _ => Err(KeyError::new(format!("not a dotted object identifier: {oid}")).into()),
        }
    }

    /// The key of `jws`'s leaf certificate, bound to the token's `alg`, once its `x5c` chain has
    /// been validated to these anchors at `time` and its `x5t` / `x5t#S256` checked.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::AlgNotAllowed`] for an `alg` outside
    /// [`algorithms`](Self::algorithms); [`tinyjose::Error::Certificate`] for a missing,
    /// malformed, untrusted, expired, not yet valid or wrongly used chain (the leaf check
    /// included), or a thumbprint that is not the leaf's; [`tinyjose::Error::KeyRejected`] for
    /// a leaf key tinyjose cannot use; [`tinyjose::Error::AlgMismatch`] when the leaf's key is
    /// not for the token's `alg`.
    pub fn leaf_key<const H: usize>(
        &self,
        jws: &UntrustedJws<'_, H>,
        time: UnixTime,
    ) -> Result<JwkKey> {
        let header = jws.header();
        let alg = header.alg();
        if !self.algs.contains(&alg) {
            return Err(JoseError::AlgNotAllowed.into());
        }
        let chain = header.x5c()?;
        let ders = chain
            .iter()
            .map(|cert| {
                let mut buf = vec![0u8; cert.encoded_len()];
                let len = cert.der(&mut buf)?.len();
                buf.truncate(len);
                Ok(CertificateDer::from(buf))
            })
            .collect::<Result<Vec<_>>>()?;
        let (leaf, intermediates) = ders
            .split_first()
            .ok_or(JoseError::Certificate(CertReason::Missing))?;
        let end_entity = EndEntityCert::try_from(leaf).map_err(refusal)?;
        let at = rustls_pki_types::UnixTime::since_unix_epoch(core::time::Duration::from_secs(
            time.as_secs(),
        ));
        end_entity
            .verify_for_usage(
                webpki::ALL_VERIFICATION_ALGS,
                &self.anchors,
                intermediates,
                at,
                Eku {
                    required: self.eku.as_deref(),
                    leaf_seen: Cell::new(false),
                },
                None,
                None,
            )
            .map_err(refusal)?;
        header.check_x5t(leaf)?;
        if self.leaf_check.as_ref().is_some_and(|check| !check(leaf)) {
            return Err(JoseError::Certificate(CertReason::Usage).into());
        }
        leaf_key(&end_entity.subject_public_key_info(), alg)
    }
}

/// The key of a leaf's SPKI, bound to `alg`: an EC or Ed25519 key names its own algorithm, an
/// RSA key takes `alg` when it is an RSA one.
fn leaf_key(spki: &[u8], alg: JwsAlg) -> Result<JwkKey> {
    let unusable = JoseError::KeyRejected(KeyReason::WrongType);
    let key = match crate::pem::from_spki(spki, None) {
        Ok(key) => key,
        // An RSA key implies no algorithm: it is bound to the token's, when that is RSA.
        Err(_) if alg.is_rsa() => crate::pem::from_spki(spki, Some(alg)).map_err(|_| unusable)?,
        Err(_) if crate::pem::from_spki(spki, Some(JwsAlg::Rs256)).is_ok() => {
            return Err(JoseError::AlgMismatch.into());
        }
        Err(_) => return Err(unusable.into()),
    };
    Ok(key.for_alg(alg)?)
}

/// The extended key usage rule, which `rustls-webpki` applies to the leaf first, then to each
/// issuer: the leaf must list the required purpose, when there is one; an issuer must list it
/// too, unless it has no extended key usage, which constrains nothing (RFC 5280 §4.2.1.12).
/// Every entry is read, so a malformed extension is refused whatever comes first.
struct Eku<'a> {
    required: Option<&'a [usize]>,
    leaf_seen: Cell<bool>,
}

impl ExtendedKeyUsageValidator for Eku<'_> {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> core::result::Result<(), webpki::Error> {
        let purposes: Vec<Vec<usize>> = iter
            .map(|id| id.map(|id| id.to_decoded_oid()))
            .collect::<core::result::Result<_, _>>()?;
        let leaf = !self.leaf_seen.replace(true);
        match self.required {
            None => Ok(()),
            Some(required) if purposes.iter().any(|p| p == required) => Ok(()),
            Some(_) if !leaf && purposes.is_empty() => Ok(()),
            #[allow(
                deprecated,
                reason = "its successor's context cannot be built outside webpki"
            )]
            Some(_) => Err(webpki::Error::RequiredEkuNotFound),
        }
    }
}

/// The core's reason for a `rustls-webpki` refusal.
fn refusal(e: webpki::Error) -> crate::Error {
    use webpki::Error as W;
    #[allow(deprecated, reason = "the validator above returns it")]
    let reason = match e {
        W::CertExpired { .. } => CertReason::Expired,
        W::CertNotValidYet { .. } => CertReason::NotYetValid,
        W::RequiredEkuNotFound
        | W::RequiredEkuNotFoundContext(_)
        | W::CaUsedAsEndEntity
        | W::EndEntityUsedAsCa
        | W::PathLenConstraintViolated
        | W::NameConstraintViolation => CertReason::Usage,
        W::BadDer
        | W::BadDerTime
        | W::TrailingData(_)
        | W::InvalidCertValidity
        | W::InvalidSerialNumber
        | W::MalformedExtensions
        | W::UnsupportedCertVersion
        | W::ExtensionValueInvalid
        | W::EmptyEkuExtension => CertReason::Malformed,
        _ => CertReason::UnknownIssuer,
    };
    JoseError::Certificate(reason).into()
}

/// Parses a token that may carry an `x5c` chain in its header.
fn parse(token: &str) -> Result<Box<UntrustedJws<'_, X5C_HEADER_LEN>>> {
    let limits = Limits::DEFAULT
        .with_header_len(X5C_HEADER_LEN)
        .with_token_len(X5C_TOKEN_LEN);
    Ok(Box::new(UntrustedJws::parse_with_capacity(token, &limits)?))
}

/// Verifies a compact JWS with the key of the leaf of its `x5c` chain, once `trust` has
/// validated the chain at `time`.
///
/// # Errors
///
/// The errors of [`X5cTrust::leaf_key`], and of parsing and verifying the token.
///
/// # Examples
///
/// See [`X5cTrust`].
pub fn verify_x5c(token: &str, trust: &X5cTrust, time: UnixTime) -> Result<Verified> {
    verify_checked(token, trust, time, |_| Ok(()))
}

/// As [`verify_x5c`], then validates the payload as JWT claims; the chain is validated at
/// `validation`'s time.
///
/// # Errors
///
/// As [`verify_x5c`], and the claim errors of [`tinyjose::VerifiedJws::claims`].
pub fn verify_x5c_jwt(
    token: &str,
    trust: &X5cTrust,
    validation: &Validation<'_>,
) -> Result<Verified> {
    verify_checked(token, trust, validation.now(), |verified| {
        verified.claims(validation)?;
        Ok(())
    })
}

fn verify_checked(
    token: &str,
    trust: &X5cTrust,
    time: UnixTime,
    check: impl FnOnce(&tinyjose::VerifiedJws<'_>) -> Result<()>,
) -> Result<Verified> {
    let jws = parse(token)?;
    let key = trust.leaf_key(&jws, time)?;
    let mut payload = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&key, &mut payload)?;
    check(&verified)?;
    let owned = Verified {
        header: Header::from_protected(&verified.header()),
        header_json: verified.header().json().to_owned(),
        payload: verified.payload().to_vec(),
        unprotected_header: None,
        b64: verified.b64(),
    };
    Ok(owned)
}
