//! RSA fixtures: RS256 and PS256 tokens over the shared claims, signed with the test keys of
//! `bench/fixtures/` (2048 and 4096 bits, made once with `openssl genpkey`), and each verifier of
//! the comparison with its key made once: tinyjose (the whole JWT path, and the bare
//! `JwsVerifier::verify`), the `rsa` crate's verifying keys, and `jsonwebtoken`'s `decode`.

use base64ct::{Base64UrlUnpadded, Encoding};
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use tinyjose::{JwsAlg, JwsVerifier as _};

use crate::{AUDIENCE, ISSUER, Rejected, Summary, claims_json, rejected};

/// The 2048-bit test key (PKCS#8 PEM).
pub const RSA2048_PEM: &str = include_str!("../fixtures/rsa2048.pem");
/// The 4096-bit test key (PKCS#8 PEM).
pub const RSA4096_PEM: &str = include_str!("../fixtures/rsa4096.pem");

/// The RSA algorithms benchmarked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    Ps256,
}

impl RsaAlg {
    /// Both, in table order.
    pub const ALL: [Self; 2] = [Self::Rs256, Self::Ps256];

    /// The JOSE name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Ps256 => "PS256",
        }
    }

    fn jose(self) -> JwsAlg {
        match self {
            Self::Rs256 => JwsAlg::Rs256,
            Self::Ps256 => JwsAlg::Ps256,
        }
    }
}

fn encode(bytes: &[u8]) -> Result<String, Rejected> {
    let mut buf = vec![0u8; Base64UrlUnpadded::encoded_len(bytes)];
    Base64UrlUnpadded::encode(bytes, &mut buf)
        .map(String::from)
        .map_err(rejected)
}

/// One RSA test key and everything made from it, for one algorithm.
#[derive(Debug)]
pub struct RsaCase {
    /// The algorithm.
    pub alg: RsaAlg,
    /// The modulus length in bits.
    pub bits: usize,
    /// The compact JWT over [`claims_json`], header `{"alg":…,"typ":"JWT"}`.
    pub token: String,
    /// The token's signing input.
    pub signing_input: Vec<u8>,
    /// The token's signature, decoded.
    pub signature: Vec<u8>,
    /// tinyjose's key.
    pub tiny: tinyjose::RsaVerifyingKey,
    /// The `rsa` crate's key.
    pub rsa: RsaCrateKey,
    /// `jsonwebtoken`'s key and validation.
    pub jwt: JsonwebtokenRsa,
}

/// The `rsa` crate's verifying key for one algorithm.
#[derive(Debug)]
pub enum RsaCrateKey {
    /// `rsa::pkcs1v15::VerifyingKey<Sha256>`.
    Rs256(rsa::pkcs1v15::VerifyingKey<Sha256>),
    /// `rsa::pss::VerifyingKey<Sha256>`.
    Ps256(rsa::pss::VerifyingKey<Sha256>),
}

impl RsaCrateKey {
    /// The `rsa` crate's verification of `signature` over `input` (the signature parsed from
    /// bytes inside, as its API takes it).
    #[must_use]
    #[inline(never)]
    pub fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Rs256(key) => rsa::pkcs1v15::Signature::try_from(signature)
                .is_ok_and(|sig| key.verify(input, &sig).is_ok()),
            Self::Ps256(key) => rsa::pss::Signature::try_from(signature)
                .is_ok_and(|sig| key.verify(input, &sig).is_ok()),
        }
    }
}

/// `jsonwebtoken`'s RSA key and validation, made once.
#[derive(Debug)]
pub struct JsonwebtokenRsa {
    key: jsonwebtoken::DecodingKey,
    validation: jsonwebtoken::Validation,
}

impl JsonwebtokenRsa {
    /// `jsonwebtoken::decode` with issuer, audience and required `exp`, no leeway, then the
    /// `iat` check it does not do, as for the other algorithms.
    ///
    /// # Errors
    ///
    /// The first check that fails.
    pub fn verify(&self, token: &str, now: u64) -> Result<Summary, Rejected> {
        crate::jsonwebtoken_decode(token, &self.key, &self.validation, now)
    }
}

impl RsaCase {
    /// The case for `alg` with the PKCS#8 PEM key `pem`: the token is signed here (PKCS#1 v1.5
    /// is deterministic; PSS draws its salt from the system's generator).
    ///
    /// # Errors
    ///
    /// None in practice: the fixtures are valid keys.
    pub fn new(alg: RsaAlg, pem: &str) -> Result<Self, Rejected> {
        let private = rsa::PrivateKey::from_pkcs8_pem(pem).map_err(rejected)?;
        let public = private.to_public_key();
        let n = public.n().to_be_bytes();
        let n = n
            .iter()
            .skip_while(|&&b| b == 0)
            .copied()
            .collect::<Vec<_>>();
        let e = public.e().to_be_bytes();
        let e = e
            .iter()
            .skip_while(|&&b| b == 0)
            .copied()
            .collect::<Vec<_>>();

        let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
        let input = format!(
            "{}.{}",
            encode(header.as_bytes())?,
            encode(claims_json().as_bytes())?
        );
        let (signature, rsa) = match alg {
            RsaAlg::Rs256 => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(private);
                let signature = signer.try_sign(input.as_bytes()).map_err(rejected)?;
                (
                    signature.to_vec(),
                    RsaCrateKey::Rs256(rsa::pkcs1v15::VerifyingKey::new(public)),
                )
            }
            RsaAlg::Ps256 => {
                let signer = rsa::pss::SigningKey::<Sha256>::new(private);
                let signature = signer.try_sign(input.as_bytes()).map_err(rejected)?;
                (
                    signature.to_vec(),
                    RsaCrateKey::Ps256(rsa::pss::VerifyingKey::new(public)),
                )
            }
        };
        let token = format!("{input}.{}", encode(&signature)?);

        let tiny = tinyjose::RsaVerifyingKey::new(alg.jose(), &n, &e).map_err(rejected)?;
        let key = jsonwebtoken::DecodingKey::from_rsa_components(&encode(&n)?, &encode(&e)?)
            .map_err(rejected)?;
        let mut validation = jsonwebtoken::Validation::new(match alg {
            RsaAlg::Rs256 => jsonwebtoken::Algorithm::RS256,
            RsaAlg::Ps256 => jsonwebtoken::Algorithm::PS256,
        });
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);

        Ok(Self {
            alg,
            bits: tiny.bits(),
            token,
            signing_input: input.into_bytes(),
            signature,
            tiny,
            rsa,
            jwt: JsonwebtokenRsa { key, validation },
        })
    }

    /// All four cases: RS256 and PS256 with the 2048-bit key, then with the 4096-bit key.
    ///
    /// # Errors
    ///
    /// None in practice.
    pub fn all() -> Result<Vec<Self>, Rejected> {
        let mut cases = Vec::new();
        for pem in [RSA2048_PEM, RSA4096_PEM] {
            for alg in RsaAlg::ALL {
                cases.push(Self::new(alg, pem)?);
            }
        }
        Ok(cases)
    }

    /// The criterion group name, `RS256-2048` and so on.
    #[must_use]
    pub fn group(&self) -> String {
        format!("{}-{}", self.alg.name(), self.bits)
    }

    /// tinyjose's bare signature check: `JwsVerifier::verify` over the signing input.
    #[must_use]
    #[inline(never)]
    pub fn tiny_raw(&self, input: &[u8], signature: &[u8]) -> bool {
        self.tiny.verify(input, signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EXPIRES, ISSUED_AT, now, tinyjose_verify};

    #[test]
    fn every_verifier_accepts_every_rsa_token_and_refuses_a_changed_signature() {
        let expected = Summary {
            exp: EXPIRES,
            iat: ISSUED_AT,
            text_len: "user-42".len() + "Ada Lovelace".len() + "read write".len(),
        };
        let cases = RsaCase::all().unwrap();
        let sizes: Vec<_> = cases.iter().map(|c| (c.alg, c.bits)).collect();
        assert_eq!(
            sizes,
            [
                (RsaAlg::Rs256, 2048),
                (RsaAlg::Ps256, 2048),
                (RsaAlg::Rs256, 4096),
                (RsaAlg::Ps256, 4096)
            ]
        );
        for case in &cases {
            let (input, sig) = (&case.signing_input, &case.signature);
            assert!(case.rsa.verify(input, sig) && case.tiny_raw(input, sig));
            assert_eq!(
                tinyjose_verify(&case.token, &case.tiny, now()),
                Ok(expected)
            );
            assert_eq!(case.jwt.verify(&case.token, now()).ok(), Some(expected));

            let mut bad = sig.clone();
            bad[sig.len() / 2] ^= 1;
            assert!(!case.rsa.verify(input, &bad) && !case.tiny_raw(input, &bad));
            let at = case.token.rfind('.').unwrap() + 1;
            let bad_token = format!("{}{}", &case.token[..at], encode(&bad).unwrap());
            assert!(tinyjose_verify(&bad_token, &case.tiny, now()).is_err());
            assert!(case.jwt.verify(&bad_token, now()).is_err());
        }
    }
}
