//! Named rejection tests for the attack classes of the threat model, each with the exact error:
//! `alg: none`, key confusion, ECDSA range and encoding checks, embedded keys, `kid` injection,
//! duplicate members, `crit`, non-canonical base64url, size and depth limits, format confusion,
//! short buffers, and key policy.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{TestKey, b64d, b64e, parse_err, sign_to_string, signed, signed_raw, verify};
use tinyjose::{Error, HeaderParams, JwsAlg, Limit, Limits, Part, UntrustedJws};

/// A token with header `header` and payload `{}`, with a stand-in signature.
fn with_header(header: &str) -> String {
    signed(header, b"{}", &TestKey)
}

// --- 1. `alg: none`, in every spelling ----------------------------------------------------------

#[test]
fn alg_none_is_refused_in_every_spelling() {
    // Exactly `none` (also when escaped) is the unsecured algorithm: refused by name.
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"\u006eone"}"#,
        r#"{"alg":"n\u006f\u006ee"}"#,
        r#"{"typ":"JWT","alg":"none"}"#,
        r#"{"alg":"none","kid":"k"}"#,
    ] {
        let unsigned = format!("{}.{}.", b64e(header.as_bytes()), b64e(b"{}"));
        assert_eq!(parse_err(&unsigned), Error::AlgNone, "{header}");
        assert_eq!(parse_err(&with_header(header)), Error::AlgNone, "{header}");
    }
    // Names are case-sensitive (RFC 7515 §4.1.1): other spellings are simply unknown algorithms.
    for alg in [
        "None",
        "NONE",
        "nOnE",
        "none ",
        " none",
        "none\u{0}",
        "",
        "hs256",
        "HS-256",
    ] {
        let header = serde_json::json!({ "alg": alg }).to_string();
        assert_eq!(
            parse_err(&with_header(&header)),
            Error::UnsupportedAlg,
            "{alg:?}"
        );
    }
    // A registered name written with escapes is that name; one longer than any registered name,
    // escaped or not, is none of them.
    let escaped = with_header(r#"{"alg":"HS\u0032\u00356"}"#);
    assert_eq!(
        UntrustedJws::parse(&escaped).map(|jws| jws.header().alg()),
        Ok(JwsAlg::Hs256)
    );
    for header in [
        r#"{"alg":"HS256HS256HS256HS256HS256"}"#,
        r#"{"alg":"\u0048S256HS256HS256HS256HS256"}"#,
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::UnsupportedAlg,
            "{header}"
        );
    }
    assert_eq!(JwsAlg::from_name("none"), Err(Error::AlgNone));
    assert_eq!(JwsAlg::from_name("None"), Err(Error::UnsupportedAlg));
    assert_eq!(JwsAlg::from_name("NONE"), Err(Error::UnsupportedAlg));
    // `alg` of another JSON type, or absent.
    for header in [
        r#"{"alg":null}"#,
        r#"{"alg":0}"#,
        r#"{"alg":["none"]}"#,
        r#"{"alg":{"name":"none"}}"#,
        r#"{"alg":false}"#,
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::Json(Part::Header),
            "{header}"
        );
    }
    assert_eq!(
        parse_err(&with_header(r#"{"typ":"JWT"}"#)),
        Error::Malformed(Part::Header)
    );
    assert_eq!(
        parse_err(&with_header("{}")),
        Error::Malformed(Part::Header)
    );
}

#[cfg(feature = "jwk")]
#[test]
fn a_jwk_cannot_name_none() {
    let jwk = r#"{"kty":"oct","alg":"none","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    let jwk = tinyjose::Jwk::parse(jwk).unwrap();
    assert_eq!(
        jwk.to_key(None).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::NoAlg)
    );
    assert_eq!(
        jwk.to_key(Some(JwsAlg::Hs256)).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::NoAlg)
    );
}

// --- 2. Symmetric/asymmetric key confusion ----------------------------------------------------

#[cfg(all(feature = "hs", feature = "es256"))]
mod key_confusion {
    use tinyjose::{Error, Es256SigningKey, HeaderParams, HmacKey};

    use super::common::{b64e, sign_to_string, verify};

    /// The encodings of an EC public key an attacker could use as an HMAC secret.
    fn public_key_encodings() -> (tinyjose::Es256VerifyingKey, Vec<Vec<u8>>) {
        let public = Es256SigningKey::from_bytes(&[0x21; 32])
            .unwrap()
            .verifying_key();
        let (x, y) = public.coordinates();
        let uncompressed = [&[4u8][..], &x, &y].concat();
        let compressed = [&[2 + (y[31] & 1)][..], &x].concat();
        let jwk = format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
            b64e(&x),
            b64e(&y)
        );
        let with_alg = format!(
            r#"{{"kty":"EC","crv":"P-256","alg":"ES256","kid":"ec-1","x":"{}","y":"{}"}}"#,
            b64e(&x),
            b64e(&y)
        );
        (
            public,
            vec![
                uncompressed,
                compressed,
                jwk.into_bytes(),
                with_alg.into_bytes(),
                x.to_vec(),
            ],
        )
    }

    #[test]
    fn hs256_macd_with_the_ec_public_key_is_refused_by_the_ec_key() {
        let (public, secrets) = public_key_encodings();
        for secret in secrets {
            let hmac = HmacKey::hs256(&secret).unwrap();
            let forged = sign_to_string(&HeaderParams::new(), br#"{"sub":"admin"}"#, &hmac);
            // The forgery is a genuine HS256 token for whoever uses those bytes as a secret...
            assert_eq!(
                verify(&forged, &hmac).as_deref(),
                Ok(&br#"{"sub":"admin"}"#[..])
            );
            // ...and the EC key, which only verifies ES256, refuses it before any MAC is computed.
            assert_eq!(verify(&forged, &public), Err(Error::AlgMismatch));
            let sec1 = tinyjose::Es256VerifyingKey::from_sec1_bytes(&secret);
            if let Ok(key) = sec1 {
                assert_eq!(verify(&forged, &key), Err(Error::AlgMismatch));
            }
        }
    }

    #[cfg(feature = "jwk")]
    #[test]
    fn an_ec_jwk_never_becomes_an_hmac_key() {
        use tinyjose::{Jwk, JwkSet, JwsAlg, UntrustedJws};

        let (_, secrets) = public_key_encodings();
        let plain = String::from_utf8(secrets[2].clone()).unwrap();
        let with_alg = String::from_utf8(secrets[3].clone()).unwrap();
        let hmac = HmacKey::hs256(with_alg.as_bytes()).unwrap();
        let forged_kid = sign_to_string(&HeaderParams::new().kid("ec-1"), b"x", &hmac);
        let forged = sign_to_string(&HeaderParams::new(), b"x", &hmac);

        // Imported on its own, the key is an ES256 key.
        let key = Jwk::parse(&with_alg).unwrap().to_key(None).unwrap();
        assert_eq!(verify(&forged_kid, &key), Err(Error::AlgMismatch));
        // Asked for HS256, the JWK refuses: its `alg` says ES256, or without one its `kty`.
        assert_eq!(
            Jwk::parse(&with_alg)
                .unwrap()
                .to_key(Some(JwsAlg::Hs256))
                .unwrap_err(),
            Error::AlgMismatch
        );
        assert_eq!(
            Jwk::parse(&plain)
                .unwrap()
                .to_key(Some(JwsAlg::Hs256))
                .unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongType)
        );

        // In a key set, selected for the HS256 token by `kid`, or by `alg` without one.
        let set_text = format!(r#"{{"keys":[{with_alg}]}}"#);
        let set = JwkSet::parse(&set_text).unwrap();
        let jws = UntrustedJws::parse(&forged_kid).unwrap();
        assert_eq!(set.verifier_for(&jws).unwrap_err(), Error::AlgMismatch);
        let jws = UntrustedJws::parse(&forged).unwrap();
        assert_eq!(set.verifier_for(&jws).unwrap_err(), Error::NoMatchingKey);
        let no_alg = plain.replace("{\"crv\"", "{\"kid\":\"ec-1\",\"crv\"");
        let set_text = format!(r#"{{"keys":[{no_alg}]}}"#);
        let set = JwkSet::parse(&set_text).unwrap();
        let jws = UntrustedJws::parse(&forged_kid).unwrap();
        assert_eq!(
            set.verifier_for(&jws).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongType)
        );
    }
}

// --- 3. ECDSA: r and s in [1, n-1], raw R || S of the exact length ----------------------------

/// Big-endian `x - 1` (x > 0).
#[allow(dead_code, reason = "used by the ECDSA features that are enabled")]
fn minus_one(x: &[u8]) -> Vec<u8> {
    let mut out = x.to_vec();
    for b in out.iter_mut().rev() {
        let (v, borrow) = b.overflowing_sub(1);
        *b = v;
        if !borrow {
            break;
        }
    }
    out
}

/// Big-endian `a - b` (a >= b, same length).
#[allow(dead_code, reason = "used by the ECDSA features that are enabled")]
fn minus(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = false;
    for (o, &y) in out.iter_mut().zip(b).rev() {
        let (v, b1) = o.overflowing_sub(y);
        let (v, b2) = v.overflowing_sub(u8::from(borrow));
        *o = v;
        borrow = b1 || b2;
    }
    assert!(!borrow, "a < b");
    out
}

/// The DER `ECDSA-Sig-Value` of `(r, s)`, as X.509 and JCA use it.
#[allow(dead_code, reason = "used by the ECDSA features that are enabled")]
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    fn int(x: &[u8]) -> Vec<u8> {
        let start = x.iter().position(|&b| b != 0).unwrap_or(x.len() - 1);
        let mut v = x[start..].to_vec();
        if v[0] >= 0x80 {
            v.insert(0, 0);
        }
        let mut out = vec![2, u8::try_from(v.len()).unwrap()];
        out.extend(v);
        out
    }
    let body = [int(r), int(s)].concat();
    let len = u8::try_from(body.len()).unwrap();
    let mut out = if len < 0x80 {
        vec![0x30, len]
    } else {
        vec![0x30, 0x81, len]
    };
    out.extend(body);
    out
}

macro_rules! ecdsa_signature_checks {
    ($name:ident, $feature:literal, $Signing:ty, $size:literal, $n:literal) => {
        #[cfg(feature = $feature)]
        #[test]
        fn $name() {
            use tinyjose::MAX_SIGNATURE_LEN;

            let n = common::hex($n);
            assert_eq!(n.len(), $size);
            // The constant is the group order: n - 1 is a valid scalar, n is not.
            assert!(<$Signing>::from_bytes(&minus_one(&n)).is_ok());
            let invalid = Error::KeyRejected(tinyjose::KeyReason::InvalidScalar);
            assert_eq!(<$Signing>::from_bytes(&n).unwrap_err(), invalid);
            assert_eq!(<$Signing>::from_bytes(&[0; $size]).unwrap_err(), invalid);

            let mut d = [7u8; $size];
            d[0] = 0;
            let key = <$Signing>::from_bytes(&d).unwrap();
            let public = key.verifying_key();
            let token = sign_to_string(&HeaderParams::new(), b"psychic", &key);
            let (input, sig) = token.rsplit_once('.').unwrap();
            let sig = b64d(sig);
            assert_eq!(sig.len(), 2 * $size);
            let (r, s) = sig.split_at($size);
            let zero = vec![0u8; $size];
            let mut one = vec![0u8; $size];
            one[$size - 1] = 1;
            let big = vec![0xffu8; $size];
            let with = |sig: &[u8]| format!("{input}.{}", b64e(sig));
            assert_eq!(verify(&with(&sig), &public).as_deref(), Ok(&b"psychic"[..]));

            // Out of range (0, n, above n) and in range but wrong (1, n - 1).
            let cases: [(&[u8], &[u8], &str); 12] = [
                (&zero, &zero, "r = s = 0"),
                (&zero, s, "r = 0"),
                (r, &zero, "s = 0"),
                (&n, s, "r = n"),
                (r, &n, "s = n"),
                (&n, &n, "r = s = n"),
                (&big, s, "r > n"),
                (r, &big, "s > n"),
                (&one, &one, "r = s = 1"),
                (&minus_one(&n), s, "r = n - 1"),
                (r, &minus_one(&n), "s = n - 1"),
                (s, r, "r and s swapped"),
            ];
            for (r2, s2, what) in cases {
                let forged = with(&[r2, s2].concat());
                assert_eq!(
                    verify(&forged, &public),
                    Err(Error::InvalidSignature),
                    "{what}"
                );
            }

            // Malleability: signatures are made low-S (s <= n - s), and the mirror (r, n - s)
            // of a valid signature is refused, so a token has exactly one valid signature.
            for payload in [&b"psychic"[..], b"a", b"b", b"c", b"d", b"e", b"f", b"g"] {
                let token = sign_to_string(&HeaderParams::new(), payload, &key);
                let (input, sig) = token.rsplit_once('.').unwrap();
                let sig = b64d(sig);
                let (r, s) = sig.split_at($size);
                let mirror = minus(&n, s);
                assert!(s <= mirror.as_slice(), "signatures are made low-S");
                let valid = format!("{input}.{}", b64e(&sig));
                assert_eq!(verify(&valid, &public).as_deref(), Ok(payload));
                let high = format!("{input}.{}", b64e(&[r, &mirror[..]].concat()));
                assert_eq!(
                    verify(&high, &public),
                    Err(Error::InvalidSignature),
                    "(r, n - s)"
                );
            }

            // Any length but 2 * size, including the DER form of the valid signature; beyond the
            // capacity of `UntrustedJws` the segment is refused while parsing.
            let der = der(r, s);
            let mut trailing = sig.clone();
            trailing.extend([0, 0]);
            let lengths: [(Vec<u8>, &str); 7] = [
                (Vec::new(), "empty"),
                (sig[..1].to_vec(), "one byte"),
                (sig[..2 * $size - 1].to_vec(), "one byte short"),
                ([&sig[..], &[0]].concat(), "one byte long"),
                (trailing, "trailing zeros"),
                ([&[0u8][..], &sig].concat(), "leading zero"),
                (der, "DER"),
            ];
            for (bad, what) in lengths {
                let expected = if bad.len() > MAX_SIGNATURE_LEN {
                    Error::Malformed(Part::Signature)
                } else {
                    Error::InvalidSignature
                };
                assert_eq!(verify(&with(&bad), &public), Err(expected), "{what}");
            }
        }
    };
}

ecdsa_signature_checks!(
    es256_signature_range_and_encoding,
    "es256",
    tinyjose::Es256SigningKey,
    32,
    "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"
);
ecdsa_signature_checks!(
    es384_signature_range_and_encoding,
    "es384",
    tinyjose::Es384SigningKey,
    48,
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973"
);
ecdsa_signature_checks!(
    es512_signature_range_and_encoding,
    "es512",
    tinyjose::Es512SigningKey,
    66,
    "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409"
);

#[cfg(all(feature = "es256", feature = "es384"))]
#[test]
fn an_es384_sized_signature_is_not_an_es256_signature() {
    let p384 = tinyjose::Es384SigningKey::from_bytes(&[3; 48]).unwrap();
    let p256 = tinyjose::Es256SigningKey::from_bytes(&[3; 32]).unwrap();
    let es384 = sign_to_string(&HeaderParams::new(), b"x", &p384);
    let (_, sig) = es384.rsplit_once('.').unwrap();
    let es256 = sign_to_string(&HeaderParams::new(), b"x", &p256);
    let (input, _) = es256.rsplit_once('.').unwrap();
    assert_eq!(
        verify(&format!("{input}.{sig}"), &p256.verifying_key()),
        Err(Error::InvalidSignature)
    );
}

// --- 5. Keys embedded in the header are never used --------------------------------------------

#[cfg(feature = "es256")]
mod embedded_keys {
    use tinyjose::{Error, Es256SigningKey, UntrustedJws};

    use super::common::{b64e, signed, verify};

    fn headers(attacker_x: &str, attacker_y: &str) -> Vec<String> {
        vec![
            format!(
                r#"{{"alg":"ES256","jwk":{{"kty":"EC","crv":"P-256","x":"{attacker_x}","y":"{attacker_y}"}}}}"#
            ),
            format!(
                r#"{{"alg":"ES256","kid":"k1","jwk":{{"kty":"EC","crv":"P-256","kid":"k1","use":"sig","alg":"ES256","x":"{attacker_x}","y":"{attacker_y}"}}}}"#
            ),
            r#"{"alg":"ES256","jku":"http://127.0.0.1:8080/jwks.json"}"#.to_owned(),
            r#"{"alg":"ES256","x5u":"http://169.254.169.254/latest/meta-data/"}"#.to_owned(),
            r#"{"alg":"ES256","x5c":["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]}"#.to_owned(),
            r#"{"alg":"ES256","x5t#S256":"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"}"#
                .to_owned(),
        ]
    }

    #[test]
    fn a_token_signed_by_the_embedded_key_is_refused_by_the_configured_key() {
        let configured = Es256SigningKey::from_bytes(&[0x31; 32])
            .unwrap()
            .verifying_key();
        let attacker = Es256SigningKey::from_bytes(&[0x66; 32]).unwrap();
        let (x, y) = attacker.verifying_key().coordinates();
        for header in headers(&b64e(&x), &b64e(&y)) {
            let token = signed(&header, br#"{"sub":"admin"}"#, &attacker);
            // The header parses; its members are visible only as untrusted text.
            let jws = UntrustedJws::parse(&token).unwrap();
            assert_eq!(jws.header().json(), header);
            assert_eq!(
                verify(&token, &configured),
                Err(Error::InvalidSignature),
                "{header}"
            );
            // The token itself is sound: it verifies with the attacker's key.
            assert!(verify(&token, &attacker.verifying_key()).is_ok());
        }
    }

    #[cfg(feature = "jwk")]
    #[test]
    fn a_key_set_selects_only_its_own_keys() {
        use tinyjose::JwkSet;

        let configured = Es256SigningKey::from_bytes(&[0x31; 32])
            .unwrap()
            .verifying_key();
        let (cx, cy) = configured.coordinates();
        let set_text = format!(
            r#"{{"keys":[{{"kty":"EC","crv":"P-256","kid":"k1","x":"{}","y":"{}"}}]}}"#,
            b64e(&cx),
            b64e(&cy)
        );
        let set = JwkSet::parse(&set_text).unwrap();
        let attacker = Es256SigningKey::from_bytes(&[0x66; 32]).unwrap();
        let (x, y) = attacker.verifying_key().coordinates();
        let header = &headers(&b64e(&x), &b64e(&y))[1];
        let token = signed(header, b"{}", &attacker);
        let jws = UntrustedJws::parse(&token).unwrap();
        let key = set.verifier_for(&jws).unwrap();
        let mut out = [0u8; 2];
        assert_eq!(
            jws.verify(&key, &mut out).unwrap_err(),
            Error::InvalidSignature
        );
    }
}

#[cfg(feature = "hs")]
#[test]
fn an_embedded_secret_is_never_used() {
    let configured = tinyjose::HmacKey::hs256(&[0x42; 32]).unwrap();
    let attacker_secret = [0x13u8; 32];
    let attacker = tinyjose::HmacKey::hs256(&attacker_secret).unwrap();
    let header = format!(
        r#"{{"alg":"HS256","jwk":{{"kty":"oct","k":"{}"}}}}"#,
        b64e(&attacker_secret)
    );
    let token = signed(&header, b"{}", &attacker);
    assert_eq!(verify(&token, &configured), Err(Error::InvalidSignature));
    assert_eq!(verify(&token, &attacker).as_deref(), Ok(&b"{}"[..]));
}

// --- 6. `kid` is an opaque string -------------------------------------------------------------

const HOSTILE_KIDS: [&str; 7] = [
    "../../../../dev/null",
    "/etc/passwd",
    "' OR '1'='1",
    "x'; DROP TABLE keys; --",
    "http://127.0.0.1/keys",
    "\u{202e}lanigiro",
    "",
];

#[test]
fn kids_with_control_characters_are_refused() {
    // JSON carries them only escaped; once unescaped they would cut a C string short (NUL) or
    // forge log lines (LF).
    for escaped in [r"a\u0000b", r"\u0000", r"a\nb", r"\u001f", r"x\r"] {
        let header = format!(r#"{{"alg":"HS256","kid":"{escaped}"}}"#);
        assert_eq!(
            parse_err(&with_header(&header)),
            Error::Malformed(Part::Header),
            "{escaped}"
        );
        let jwe = format!(
            "{}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
            b64e(format!(r#"{{"alg":"A128KW","enc":"A128GCM","kid":"{escaped}"}}"#).as_bytes())
        );
        assert_eq!(
            tinyjose::UntrustedJwe::parse(&jwe).unwrap_err(),
            Error::Malformed(Part::Header),
            "{escaped}"
        );
    }
    // DEL and other non-control characters stay allowed, and are returned exactly.
    let text = with_header(r#"{"alg":"HS256","kid":"a\u007fb"}"#);
    let jws = UntrustedJws::parse(&text).unwrap();
    assert_eq!(jws.header().kid(), Some("a\u{7f}b"));
    // Signing refuses to write such a `kid`.
    let mut out = [0u8; 256];
    assert_eq!(
        tinyjose::sign(
            &HeaderParams::new().kid("kid\u{0}nul"),
            b"{}",
            &TestKey,
            &mut out
        )
        .unwrap_err(),
        Error::Malformed(Part::Header)
    );
}

#[test]
fn hostile_kids_are_returned_exactly_as_sent() {
    for kid in HOSTILE_KIDS {
        let token = sign_to_string(&HeaderParams::new().kid(kid), b"{}", &TestKey);
        let jws = UntrustedJws::parse(&token).unwrap();
        assert_eq!(jws.header().kid(), Some(kid));
        let mut out = [0u8; 2];
        assert_eq!(
            jws.verify(&TestKey, &mut out).unwrap().header().kid(),
            Some(kid)
        );
    }
    // `kid` of another JSON type.
    for header in [
        r#"{"alg":"HS256","kid":1}"#,
        r#"{"alg":"HS256","kid":null}"#,
        r#"{"alg":"HS256","kid":["a"]}"#,
        r#"{"alg":"HS256","kid":{"path":"/"}}"#,
    ] {
        assert_eq!(parse_err(&with_header(header)), Error::Json(Part::Header));
    }
    // Escapes in `kid` are decoded; a lone surrogate is not JSON.
    let jws_text = with_header(r#"{"alg":"HS256","kid":"\u002e\u002e\/x"}"#);
    assert_eq!(
        UntrustedJws::parse(&jws_text).unwrap().header().kid(),
        Some("../x")
    );
    assert_eq!(
        parse_err(&with_header(r#"{"alg":"HS256","kid":"\ud800"}"#)),
        Error::Json(Part::Header)
    );
}

#[test]
fn escaped_kid_must_fit_the_header_buffer() {
    // Escaped strings are unescaped after the header JSON, in what is left of its 1024 bytes.
    let kid = |escaped: usize, plain: usize| {
        format!("{}{}", "\\u0041".repeat(escaped), "A".repeat(plain))
    };
    let fits = format!(r#"{{"alg":"HS256","kid":"{}"}}"#, kid(10, 300));
    let jws_text = with_header(&fits);
    assert_eq!(
        UntrustedJws::parse(&jws_text).unwrap().header().kid(),
        Some("A".repeat(310).as_str())
    );
    // 924 bytes of JSON leave 100 bytes; the kid decodes to 400.
    let too_long = format!(r#"{{"alg":"HS256","kid":"{}"}}"#, kid(100, 300));
    assert_eq!(too_long.len(), 924);
    assert_eq!(
        parse_err(&with_header(&too_long)),
        Error::LimitExceeded(Limit::HeaderLength)
    );
}

#[cfg(all(feature = "jwk", feature = "hs"))]
#[test]
fn kid_matches_exactly_in_a_key_set() {
    use tinyjose::JwkSet;

    let secret = b64e(&[0x55; 32]);
    for kid in HOSTILE_KIDS {
        let set_text = serde_json::json!({"keys": [
            {"kty": "oct", "alg": "HS256", "kid": kid, "k": secret},
        ]})
        .to_string();
        let set = JwkSet::parse(&set_text).unwrap();
        let key = tinyjose::HmacKey::hs256(&[0x55; 32]).unwrap();
        let token = sign_to_string(&HeaderParams::new().kid(kid), b"ok", &key);
        let jws = UntrustedJws::parse(&token).unwrap();
        let selected = set.verifier_for(&jws).unwrap();
        assert_eq!(verify(&token, &selected).as_deref(), Ok(&b"ok"[..]));
        // No normalisation: other case, extra space, prefix or suffix find nothing.
        for other in [
            kid.to_uppercase(),
            format!("{kid} "),
            format!(" {kid}"),
            format!("{kid}/"),
            format!("x{kid}"),
        ] {
            if other == kid {
                continue;
            }
            assert_eq!(
                set.select(Some(&other), JwsAlg::Hs256).unwrap_err(),
                Error::NoMatchingKey,
                "{other:?}"
            );
        }
    }
}

// --- 11. Duplicate members --------------------------------------------------------------------

#[test]
fn duplicate_header_members_are_refused() {
    for header in [
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"none","alg":"HS256"}"#,
        r#"{"alg":"HS256","\u0061lg":"HS256"}"#,
        r#"{"\u0061\u006c\u0067":"HS256","alg":"ES256"}"#,
        r#"{"alg":"HS256","al\u0067":"none"}"#,
        r#"{"alg":"HS256","kid":"a","kid":"b"}"#,
        r#"{"alg":"HS256","typ":"JWT","t\u0079p":"JWT"}"#,
        r#"{"alg":"HS256","cty":"a","cty":"a"}"#,
        r#"{"alg":"HS256","crit":["x"],"crit":["x"],"x":1}"#,
        r#"{"alg":"HS256","b64":true,"b64":false}"#,
        r#"{"alg":"HS256","enc":"A128GCM","enc":"A128GCM"}"#,
        r#"{"alg":"HS256","x":1,"x":1}"#,
        r#"{"alg":"HS256","jwk":{"kty":"oct","kty":"EC"}}"#,
        r#"{"alg":"HS256","x":[{"k":1,"\u006b":2}]}"#,
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::DuplicateMember(Part::Header),
            "{header}"
        );
    }
    // Equal names in different objects are fine.
    assert!(UntrustedJws::parse(&with_header(r#"{"alg":"HS256","a":{"alg":1}}"#)).is_ok());
}

#[cfg(feature = "jwt")]
#[test]
fn duplicate_claims_are_refused() {
    use tinyjose::{UnixTime, Validation};

    for claims in [
        r#"{"sub":"user","sub":"admin"}"#,
        r#"{"exp":1,"\u0065xp":99999999999}"#,
        r#"{"role":"user","r\u006fle":"admin"}"#,
    ] {
        let token = signed(r#"{"alg":"HS256"}"#, claims.as_bytes(), &TestKey);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut out = vec![0u8; jws.payload_len()];
        let verified = jws.verify(&TestKey, &mut out).unwrap();
        assert_eq!(
            verified
                .claims(&Validation::new(UnixTime::from_secs(0)))
                .unwrap_err(),
            Error::DuplicateMember(Part::Payload),
            "{claims}"
        );
    }
}

// --- 12, 13. `crit` and `b64` -----------------------------------------------------------------

#[test]
fn crit_is_enforced() {
    for header in [
        // An extension this library does not understand.
        r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
        r#"{"alg":"HS256","crit":["http://example.com/mfa"],"http://example.com/mfa":true}"#,
        // Empty.
        r#"{"alg":"HS256","crit":[]}"#,
        // Registered names may not be listed.
        r#"{"alg":"HS256","crit":["alg"]}"#,
        r#"{"alg":"HS256","kid":"k","crit":["kid"]}"#,
        r#"{"alg":"HS256","crit":["crit"]}"#,
        r#"{"alg":"HS256","crit":["enc"]}"#,
        // Listed but absent.
        r#"{"alg":"HS256","crit":["x"]}"#,
        r#"{"alg":"HS256","crit":["x"],"X":1}"#,
        // Listed twice.
        r#"{"alg":"HS256","crit":["x","x"],"x":1}"#,
        // `b64` without `crit` (RFC 7797 §6), or listed while absent.
        r#"{"alg":"HS256","b64":false}"#,
        r#"{"alg":"HS256","b64":true}"#,
        r#"{"alg":"HS256","crit":["b64"]}"#,
        r#"{"alg":"HS256","b64":false,"crit":["b64","x"],"x":1}"#,
        // `crit` is checked after the other members, whatever its position.
        r#"{"crit":["x"],"alg":"HS256"}"#,
        r#"{"crit":[]}"#,
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::UnsupportedCrit,
            "{header}"
        );
    }
    for header in [
        r#"{"alg":"HS256","crit":"b64","b64":false}"#,
        r#"{"alg":"HS256","crit":{"b64":true}}"#,
        r#"{"alg":"HS256","crit":null}"#,
        r#"{"alg":"HS256","crit":[1]}"#,
        r#"{"alg":"HS256","crit":[["x"]],"x":1}"#,
        r#"{"alg":"HS256","b64":"false"}"#,
        r#"{"alg":"HS256","b64":0}"#,
        r#"{"alg":"HS256","b64":null}"#,
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::Json(Part::Header),
            "{header}"
        );
    }
    // Members are read in order, so an earlier `alg: none` wins over a bad `crit`.
    assert_eq!(
        parse_err(&with_header(r#"{"alg":"none","crit":[]}"#)),
        Error::AlgNone
    );
}

#[test]
fn rfc7797_unencoded_payload_with_a_dot_or_without_crit_is_refused() {
    let v = common::rfc_vector("rfc7797.json", "rfc7797-4.2");
    let detached = common::str_of(&v, "compact");
    // With the raw payload put back, the `.` in `$.02` makes four segments (RFC 7797 §5.2).
    let (head, sig) = detached.split_once("..").unwrap();
    let attached = format!("{head}.{}.{sig}", common::str_of(&v, "payload"));
    assert_eq!(parse_err(&attached), Error::Malformed(Part::Token));
    // The cookbook's defective copy has `b64: false` without `crit`.
    let cookbook = common::load_json("rfc7520/rfc7797/4.2.hmac-sha2_b64_false.json");
    let protected = cookbook["output"]["json_flat"]["protected"]
        .as_str()
        .unwrap();
    let sig = cookbook["output"]["json_flat"]["signature"]
        .as_str()
        .unwrap();
    assert_eq!(
        String::from_utf8(b64d(protected)).unwrap(),
        r#"{"alg":"HS256","b64":false}"#
    );
    assert_eq!(
        parse_err(&format!("{protected}.{}.{sig}", b64e(b"$.02"))),
        Error::UnsupportedCrit
    );
}

// --- 14. Format confusion ---------------------------------------------------------------------

#[test]
fn jwe_and_other_segment_counts_are_refused() {
    let jwe = common::rfc_vector("rfc7516.json", "rfc7516-a2");
    let jwe = common::str_of(&jwe, "compact");
    assert_eq!(jwe.split('.').count(), 5);
    assert_eq!(parse_err(jwe), Error::Malformed(Part::Token));
    let jws = with_header(r#"{"alg":"HS256"}"#);
    for bad in [
        String::new(),
        ".".to_owned(),
        "..".to_owned(),
        "...".to_owned(),
        "abc".to_owned(),
        "e30.e30".to_owned(),
        format!("{jws}."),
        format!("{jws}.e30"),
        format!(".{jws}"),
        format!("{jws}.e30.e30"),
        // An empty header segment.
        format!(".{}", jws.split_once('.').unwrap().1),
    ] {
        assert_eq!(parse_err(&bad), Error::Malformed(Part::Token), "{bad:?}");
    }
    // A JWE header in three segments: `enc` marks it, unless an unknown `alg` comes first.
    assert_eq!(
        parse_err(&with_header(r#"{"alg":"HS256","enc":"A128GCM"}"#)),
        Error::Malformed(Part::Header)
    );
    assert_eq!(
        parse_err(&with_header(r#"{"enc":"A128GCM","alg":"dir"}"#)),
        Error::Malformed(Part::Header)
    );
    assert_eq!(
        parse_err(&with_header(r#"{"alg":"dir","enc":"A128GCM"}"#)),
        Error::UnsupportedAlg
    );
}

#[test]
fn json_serializations_are_refused() {
    for id in ["rfc7515-a6", "rfc7515-a7"] {
        let v = common::rfc_vector("rfc7515.json", id);
        let text = common::to_text(&v["json"]);
        assert_eq!(parse_err(&text), Error::Malformed(Part::Token), "{id}");
        let pretty = serde_json::to_string_pretty(&v["json"]).unwrap();
        assert_eq!(parse_err(&pretty), Error::Malformed(Part::Token), "{id}");
    }
    // Dots inside the JSON text must not make it look like three segments.
    for text in [
        r#"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","header":{"kid":"a.b.c"},"signature":"AAAA"}"#,
        r#"{"payload":"a.b","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"x.y"}"#,
        " \n{\"payload\":\"a.b\",\"signature\":\"c.d\"}",
        r#"{"payload":"e30","signatures":[{"protected":"e30","signature":"A.A"},{"protected":"e30","signature":"A.A"}]}"#,
    ] {
        assert_eq!(parse_err(text), Error::Malformed(Part::Token), "{text}");
    }
}

// --- 16. Non-canonical base64url, in every segment ---------------------------------------------

/// The value of a base64url character.
fn b64_value(c: u8) -> u8 {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    u8::try_from(alphabet.iter().position(|&a| a == c).unwrap()).unwrap()
}

/// `segment` with a non-zero unused trailing bit (same length).
fn with_trailing_bit(segment: &str) -> String {
    assert!(matches!(segment.len() % 4, 2 | 3), "{segment}");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = *segment.as_bytes().last().unwrap();
    let v = b64_value(last);
    assert_eq!(v & 1, 0, "canonical trailing bits are zero");
    let mut out = segment[..segment.len() - 1].to_owned();
    out.push(char::from(alphabet[usize::from(v | 1)]));
    out
}

/// Non-canonical spellings of a canonical segment, each paired with a name.
fn non_canonical(segment: &str) -> Vec<(String, &'static str)> {
    let mut out = vec![
        (format!("{segment}="), "one pad"),
        (format!("{segment}=="), "two pads"),
        (format!(" {segment}"), "leading space"),
        (format!("{segment} "), "trailing space"),
        (format!("{segment}\n"), "trailing newline"),
        (format!("{}\t{}", &segment[..2], &segment[2..]), "inner tab"),
        (
            format!("{}\r\n{}", &segment[..4], &segment[4..]),
            "inner CR LF",
        ),
        (format!("{}+{}", &segment[..1], &segment[2..]), "plus"),
        (format!("{}/{}", &segment[..1], &segment[2..]), "slash"),
        (format!("{}é{}", &segment[..1], &segment[2..]), "non-ASCII"),
        (format!("{}\u{0}{}", &segment[..1], &segment[2..]), "NUL"),
        (format!("{segment}?"), "question mark"),
    ];
    // Lengths of 1 mod 4 are impossible.
    let impossible = match segment.len() % 4 {
        0 => format!("{segment}A"),
        1 => unreachable!("canonical segments never have this length"),
        2 => format!("{segment}AAA"),
        _ => format!("{segment}AA"),
    };
    out.push((impossible, "impossible length"));
    if matches!(segment.len() % 4, 2 | 3) {
        out.push((with_trailing_bit(segment), "trailing bits"));
    }
    out
}

#[test]
fn header_segment_must_be_canonical() {
    // 16 bytes of JSON encode to 22 characters, leaving unused trailing bits.
    let header = r#"{"alg":"HS256"} "#;
    let h = b64e(header.as_bytes());
    assert_eq!(h.len() % 4, 2);
    let p = b64e(b"{}");
    assert!(UntrustedJws::parse(&signed_raw(&h, &p, &TestKey)).is_ok());
    for (bad, what) in non_canonical(&h) {
        // Signed over the raw text, so only the decoding can refuse it.
        let token = signed_raw(&bad, &p, &TestKey);
        assert_eq!(parse_err(&token), Error::Base64(Part::Header), "{what}");
    }
}

#[test]
fn payload_segment_must_be_canonical() {
    // Wycheproof 375 in spirit: the MAC is over the raw payload text, so the signature verifies
    // and only the strict decoding after it refuses the payload.
    let h = b64e(br#"{"alg":"HS256"}"#);
    let p = b64e(b"{\"a\":1}");
    assert_eq!(p.len() % 4, 2);
    assert_eq!(
        verify(&signed_raw(&h, &p, &TestKey), &TestKey).as_deref(),
        Ok(&b"{\"a\":1}"[..])
    );
    for (bad, what) in non_canonical(&p) {
        let token = signed_raw(&h, &bad, &TestKey);
        assert_eq!(
            verify(&token, &TestKey),
            Err(Error::Base64(Part::Payload)),
            "{what}"
        );
    }
    // `AB` is `AA` with a trailing bit set.
    assert_eq!(
        verify(&signed_raw(&h, "AB", &TestKey), &TestKey),
        Err(Error::Base64(Part::Payload))
    );
    assert_eq!(
        verify(&signed_raw(&h, "AA", &TestKey), &TestKey).as_deref(),
        Ok(&[0u8][..])
    );
    // The buffer that held the refused payload is wiped.
    let token = signed_raw(&h, &format!("{p}="), &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut out = [0xa5u8; 16];
    assert_eq!(
        jws.verify(&TestKey, &mut out).unwrap_err(),
        Error::Base64(Part::Payload)
    );
    assert_eq!(out, [0u8; 16]);
}

#[test]
fn signature_segment_must_be_canonical() {
    let token = with_header(r#"{"alg":"HS256"}"#);
    let (input, sig) = token.rsplit_once('.').unwrap();
    // An 8-byte stand-in signature: 11 characters, with unused trailing bits.
    assert_eq!(sig.len(), 11);
    for (bad, what) in non_canonical(sig) {
        assert_eq!(
            parse_err(&format!("{input}.{bad}")),
            Error::Base64(Part::Signature),
            "{what}"
        );
    }
}

// --- 17. Sizes, depth, member counts ----------------------------------------------------------

#[test]
fn oversize_tokens_are_refused_before_anything_else() {
    let limit = Limits::DEFAULT.token_len;
    assert_eq!(limit, 16 * 1024);
    let payload = vec![b'a'; 12 * 1024];
    let big = signed(r#"{"alg":"HS256"}"#, &payload, &TestKey);
    assert!(big.len() > limit);
    assert_eq!(parse_err(&big), Error::LimitExceeded(Limit::TokenLength));
    // Even when it would be malformed in many other ways.
    for junk in [
        ".".repeat(100_000),
        "=".repeat(limit + 1),
        "{".repeat(limit + 1),
    ] {
        assert_eq!(parse_err(&junk), Error::LimitExceeded(Limit::TokenLength));
    }
    // Exactly at the limit is not refused for its length.
    let at_limit = format!("{}.e30.", "e".repeat(limit - 5));
    assert_eq!(at_limit.len(), limit);
    assert_eq!(
        parse_err(&at_limit),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    // A lower runtime limit.
    let token = with_header(r#"{"alg":"HS256"}"#);
    let small = Limits::DEFAULT.with_token_len(token.len() - 1);
    assert_eq!(
        UntrustedJws::parse_with_limits(&token, &small).unwrap_err(),
        Error::LimitExceeded(Limit::TokenLength)
    );
    let roomy = Limits::DEFAULT.with_token_len(token.len());
    assert!(UntrustedJws::parse_with_limits(&token, &roomy).is_ok());
    // With a large limit, many dots are just a malformed token.
    let lax = Limits::DEFAULT.with_token_len(1 << 20);
    assert_eq!(
        UntrustedJws::parse_with_limits(&".".repeat(100_000), &lax).unwrap_err(),
        Error::Malformed(Part::Token)
    );
}

#[test]
fn oversize_headers_are_refused() {
    let header_of = |len: usize| {
        let base = r#"{"alg":"HS256","x":""}"#;
        format!(
            r#"{{"alg":"HS256","x":"{}"}}"#,
            "a".repeat(len - base.len())
        )
    };
    let max = tinyjose::MAX_HEADER_LEN;
    assert_eq!(max, 1024);
    let at_max = header_of(max);
    assert_eq!(at_max.len(), max);
    let jws_text = with_header(&at_max);
    let jws = UntrustedJws::parse(&jws_text).unwrap();
    assert_eq!(jws.header().json(), at_max);
    assert_eq!(
        parse_err(&with_header(&header_of(max + 1))),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    // A lower runtime limit, and a higher one, which the buffer caps.
    let token = with_header(&header_of(100));
    let tight = Limits::DEFAULT.with_header_len(99);
    assert_eq!(
        UntrustedJws::parse_with_limits(&token, &tight).unwrap_err(),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    let exact = Limits::DEFAULT.with_header_len(100);
    assert!(UntrustedJws::parse_with_limits(&token, &exact).is_ok());
    let huge = Limits::DEFAULT.with_header_len(1 << 20);
    assert_eq!(
        UntrustedJws::parse_with_limits(&with_header(&header_of(max + 1)), &huge).unwrap_err(),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    // A caller-chosen capacity bounds the header the same way, whatever the runtime limit.
    let at_128 = with_header(&header_of(128));
    let small = UntrustedJws::<128>::parse_with_capacity(&at_128, &Limits::DEFAULT).unwrap();
    assert_eq!(small.header().json(), header_of(128));
    assert_eq!(
        UntrustedJws::<128>::parse_with_capacity(&with_header(&header_of(129)), &huge).unwrap_err(),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    assert_eq!(
        UntrustedJws::<0>::parse_with_capacity(&at_128, &Limits::DEFAULT).unwrap_err(),
        Error::LimitExceeded(Limit::HeaderLength)
    );
    // A header of many-digit numbers is refused by its length too.
    let digits = format!(r#"{{"alg":"HS256","n":1{}}}"#, "0".repeat(5000));
    assert_eq!(
        parse_err(&with_header(&digits)),
        Error::LimitExceeded(Limit::HeaderLength)
    );
}

#[test]
fn oversize_signatures_are_refused() {
    let token = with_header(r#"{"alg":"HS256"}"#);
    let (input, _) = token.rsplit_once('.').unwrap();
    let max = tinyjose::MAX_SIGNATURE_LEN;
    let at_max = format!("{input}.{}", b64e(&vec![1u8; max]));
    assert_eq!(verify(&at_max, &TestKey), Err(Error::InvalidSignature));
    let over = format!("{input}.{}", b64e(&vec![1u8; max + 1]));
    assert_eq!(parse_err(&over), Error::Malformed(Part::Signature));
    let long = format!("{input}.{}", "A".repeat(30_000));
    let lax = Limits::DEFAULT.with_token_len(1 << 20);
    assert_eq!(
        UntrustedJws::parse_with_limits(&long, &lax).unwrap_err(),
        Error::Malformed(Part::Signature)
    );
}

#[test]
fn json_depth_bombs_are_refused() {
    let nested = |depth: usize| {
        format!(
            r#"{{"alg":"HS256","x":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let max = Limits::DEFAULT.json_depth;
    assert_eq!(max, 16);
    // The header object is one level.
    assert!(UntrustedJws::parse(&with_header(&nested(max - 1))).is_ok());
    assert_eq!(
        parse_err(&with_header(&nested(max))),
        Error::LimitExceeded(Limit::JsonDepth)
    );
    // Never closed: refused on the way down.
    let bomb = format!(r#"{{"alg":"HS256","x":{}"#, "[".repeat(1000));
    assert_eq!(
        parse_err(&with_header(&bomb)),
        Error::LimitExceeded(Limit::JsonDepth)
    );
    let objects = format!(r#"{{"alg":"HS256","x":{}"#, r#"{"a":"#.repeat(200));
    assert_eq!(
        parse_err(&with_header(&objects)),
        Error::LimitExceeded(Limit::JsonDepth)
    );
    let shallow = Limits::DEFAULT.with_json_depth(2);
    assert_eq!(
        UntrustedJws::parse_with_limits(&with_header(&nested(2)), &shallow).unwrap_err(),
        Error::LimitExceeded(Limit::JsonDepth)
    );
    assert!(UntrustedJws::parse_with_limits(&with_header(&nested(1)), &shallow).is_ok());
    // A larger runtime limit never lifts the bound on recursion (stack) beyond MAX_JSON_DEPTH.
    let cap = tinyjose::MAX_JSON_DEPTH;
    assert_eq!(cap, 32);
    let unbounded = Limits::DEFAULT.with_json_depth(usize::MAX);
    assert!(UntrustedJws::parse_with_limits(&with_header(&nested(cap - 1)), &unbounded).is_ok());
    for depth in [cap, 500] {
        assert_eq!(
            UntrustedJws::parse_with_limits(&with_header(&nested(depth)), &unbounded).unwrap_err(),
            Error::LimitExceeded(Limit::JsonDepth),
            "{depth}"
        );
    }
    // The same bound for claims.
    #[cfg(feature = "jwt")]
    {
        let claims = format!(r#"{{"x":{}{}}}"#, "[".repeat(cap), "]".repeat(cap));
        let token = sign_to_string(&HeaderParams::new(), claims.as_bytes(), &TestKey);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut out = vec![0u8; jws.payload_len()];
        let verified = jws.verify(&TestKey, &mut out).unwrap();
        let validation =
            tinyjose::Validation::new(tinyjose::UnixTime::from_secs(0)).json_depth(usize::MAX);
        assert_eq!(
            verified.claims(&validation).unwrap_err(),
            Error::LimitExceeded(Limit::JsonDepth)
        );
    }
}

#[test]
fn too_many_members_are_refused() {
    let members = |n: usize| {
        let extra: Vec<String> = (1..n).map(|i| format!(r#""m{i}":0"#)).collect();
        format!(r#"{{"alg":"HS256",{}}}"#, extra.join(","))
    };
    let max = tinyjose::MAX_MEMBERS;
    assert!(UntrustedJws::parse(&with_header(&members(max))).is_ok());
    assert_eq!(
        parse_err(&with_header(&members(max + 1))),
        Error::LimitExceeded(Limit::JsonMembers)
    );
}

#[test]
fn header_must_be_a_utf8_json_object() {
    for header in [
        "\u{feff}{\"alg\":\"HS256\"}",
        "[\"alg\",\"HS256\"]",
        "\"HS256\"",
        "null",
        " ",
        "{\"alg\":\"HS256\"",
        "{\"alg\":\"HS256\"}}",
        "{\"alg\":\"HS256\",}",
        "{'alg':'HS256'}",
        "{\"alg\":\"HS\u{1}256\"}",
    ] {
        assert_eq!(
            parse_err(&with_header(header)),
            Error::Json(Part::Header),
            "{header:?}"
        );
    }
    let latin1 = signed_raw(
        &b64e(b"{\"alg\":\"HS256\",\"kid\":\"\xe9\"}"),
        "e30",
        &TestKey,
    );
    assert_eq!(parse_err(&latin1), Error::Json(Part::Header));
    // Whitespace inside the JSON is allowed (Wycheproof 376, 377).
    let spaced = with_header(" {\r\n\t\"alg\" : \"HS256\" \n} ");
    assert!(UntrustedJws::parse(&spaced).is_ok());
}

// --- Buffers ----------------------------------------------------------------------------------

#[test]
fn short_buffers_name_the_exact_size() {
    let token = sign_to_string(&HeaderParams::new(), b"0123456789", &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(jws.payload_len(), 10);
    let mut out = [0u8; 9];
    assert_eq!(
        jws.verify(&TestKey, &mut out).unwrap_err(),
        Error::BufferTooSmall { needed: 10 }
    );
    // Checked before the signature: a forged token gets the same answer.
    let (input, _) = token.rsplit_once('.').unwrap();
    let forged = format!("{input}.AAAAAAAAAAA");
    let jws = UntrustedJws::parse(&forged).unwrap();
    assert_eq!(
        jws.verify(&TestKey, &mut out).unwrap_err(),
        Error::BufferTooSmall { needed: 10 }
    );
    let mut exact = [0u8; 10];
    assert_eq!(
        jws.verify(&TestKey, &mut exact).unwrap_err(),
        Error::InvalidSignature
    );

    // Signing: the exact compact length is named, and is enough.
    let header = HeaderParams::new().kid("k").typ("JWT");
    let needed = tinyjose::compact_len(r#"{"alg":"HS256","kid":"k","typ":"JWT"}"#.len(), 10, 8);
    let mut out = vec![0u8; needed - 1];
    assert_eq!(
        tinyjose::sign(&header, b"0123456789", &TestKey, &mut out),
        Err(Error::BufferTooSmall { needed })
    );
    let mut out = vec![0u8; needed];
    let token = tinyjose::sign(&header, b"0123456789", &TestKey, &mut out).unwrap();
    assert_eq!(token.len(), needed);
    assert_eq!(
        tinyjose::sign(&header, b"0123456789", &TestKey, &mut []),
        Err(Error::BufferTooSmall { needed })
    );
}

#[cfg(feature = "hs")]
#[test]
fn wrong_algorithm_is_reported_before_a_short_buffer() {
    let key = tinyjose::HmacKey::hs384(&[1; 48]).unwrap();
    let token = sign_to_string(&HeaderParams::new(), b"0123456789", &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(
        jws.verify(&key, &mut [0u8; 1]).unwrap_err(),
        Error::AlgMismatch
    );
}

// --- Key sets ---------------------------------------------------------------------------------

#[cfg(feature = "jwk")]
mod key_sets {
    use tinyjose::{Error, JwkSet, JwsAlg, Limit, Limits, Part};

    const K1: &str = r#"{"kty":"oct","kid":"a","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    const K2: &str = r#"{"kty":"oct","kid":"b","alg":"HS256","k":"b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItMzI"}"#;
    const EC: &str = r#"{"kty":"EC","crv":"P-256","kid":"e","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;

    fn set(keys: &[&str]) -> String {
        format!(r#"{{"keys":[{}]}}"#, keys.join(","))
    }

    #[test]
    fn duplicate_kids_are_ambiguous() {
        let dup = K2.replace(r#""kid":"b""#, r#""kid":"a""#);
        let escaped = K2.replace(r#""kid":"b""#, r#""kid":"\u0061""#);
        for keys in [vec![K1, &dup], vec![K1, &escaped], vec![K1, K2, &dup]] {
            assert_eq!(JwkSet::parse(&set(&keys)).unwrap_err(), Error::AmbiguousKey);
        }
        assert!(JwkSet::parse(&set(&[K1, K2])).is_ok());
    }

    #[test]
    fn secret_and_asymmetric_keys_do_not_mix() {
        for keys in [[K1, EC], [EC, K1]] {
            assert_eq!(JwkSet::parse(&set(&keys)).unwrap_err(), Error::AmbiguousKey);
        }
        let ec_private = EC.replace(
            r#""kid":"e""#,
            r#""kid":"e","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI""#,
        );
        assert_eq!(
            JwkSet::parse(&set(&[K1, &ec_private])).unwrap_err(),
            Error::AmbiguousKey
        );
    }

    #[test]
    fn too_many_keys_are_refused() {
        let keys: Vec<String> = (0..=Limits::DEFAULT.jwks_keys)
            .map(|i| K1.replace(r#""kid":"a""#, &format!(r#""kid":"k{i}""#)))
            .collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(
            JwkSet::parse(&set(&refs)).unwrap_err(),
            Error::LimitExceeded(Limit::JwksKeys)
        );
        assert!(JwkSet::parse(&set(&refs[..Limits::DEFAULT.jwks_keys])).is_ok());
        let two = Limits::DEFAULT.with_jwks_keys(2);
        assert_eq!(
            JwkSet::parse_with_limits(&set(&refs[..3]), &two).unwrap_err(),
            Error::LimitExceeded(Limit::JwksKeys)
        );
        assert!(JwkSet::parse_with_limits(&set(&refs[..2]), &two).is_ok());
    }

    /// The one rule (`KeySelection`): with a `kid`, only the key with exactly that `kid`;
    /// without, each key of the token's `alg`, in order, at most `Limits::key_candidates`.
    #[test]
    fn selection_by_kid_is_exact_and_without_kid_tries_each_key_in_order() {
        let no_kid_1 = K1.replace(r#""kid":"a","#, "");
        let no_kid_2 = K2.replace(r#""kid":"b","#, "");
        let text = set(&[&no_kid_1, &no_kid_2]);
        let both = JwkSet::parse(&text).unwrap();
        if cfg!(feature = "hs") {
            // The first key of the algorithm is the one `select` gives.
            assert!(both.select(None, JwsAlg::Hs256).is_ok());
        } else {
            assert_eq!(
                both.select(None, JwsAlg::Hs256).unwrap_err(),
                Error::NoMatchingKey
            );
        }
        let text = set(&[K1, K2]);
        let named = JwkSet::parse(&text).unwrap();
        assert_eq!(
            named.select(Some("c"), JwsAlg::Hs256).unwrap_err(),
            Error::NoMatchingKey
        );
        assert_eq!(
            named.select(Some("A"), JwsAlg::Hs256).unwrap_err(),
            Error::NoMatchingKey
        );
        assert_eq!(
            named.select(Some("a"), JwsAlg::Hs384).unwrap_err(),
            Error::AlgMismatch
        );
        assert_eq!(
            named.select(None, JwsAlg::Es256).unwrap_err(),
            Error::NoMatchingKey
        );
    }

    #[cfg(feature = "hs")]
    #[test]
    fn a_key_set_verifies_with_each_admitted_key() {
        use tinyjose::{HeaderParams, HmacKey, UntrustedJws};

        use super::sign_to_string;

        let secret_1 = b"secret-secret-secret-secret-32by";
        let secret_2 = b"other-other-other-other-other-32";
        let third = HmacKey::hs256(b"a third secret, of 32 bytes too!").unwrap();
        let verify = |set: &JwkSet<'_>, token: &str| {
            let jws = UntrustedJws::parse(token).unwrap();
            let mut out = vec![0u8; jws.payload_len()];
            set.verify(&jws, &mut out).map(|v| v.payload().to_vec())
        };
        let sign = |kid: Option<&str>, secret: &[u8]| {
            let mut header = HeaderParams::new();
            header.kid = kid;
            sign_to_string(&header, b"{}", &HmacKey::hs256(secret).unwrap())
        };
        // Without kid: each key of the algorithm is tried, in order.
        let no_kid_1 = K1.replace(r#""kid":"a","#, "");
        let no_kid_2 = K2.replace(r#""kid":"b","#, "");
        let text = set(&[&no_kid_1, &no_kid_2]);
        let both = JwkSet::parse(&text).unwrap();
        assert_eq!(verify(&both, &sign(None, secret_1)), Ok(b"{}".to_vec()));
        assert_eq!(verify(&both, &sign(None, secret_2)), Ok(b"{}".to_vec()));
        let by_third = sign_to_string(&HeaderParams::new(), b"{}", &third);
        assert_eq!(verify(&both, &by_third), Err(Error::InvalidSignature));
        // At most `key_candidates` keys are tried.
        let one = Limits::DEFAULT.with_key_candidates(1);
        let first_only = JwkSet::parse_with_limits(&text, &one).unwrap();
        assert_eq!(
            verify(&first_only, &sign(None, secret_1)),
            Ok(b"{}".to_vec())
        );
        assert_eq!(
            verify(&first_only, &sign(None, secret_2)),
            Err(Error::InvalidSignature)
        );
        // With a kid: only that key, exactly; a token naming "a" signed by "b"'s secret fails.
        let text = set(&[K1, K2]);
        let named = JwkSet::parse(&text).unwrap();
        assert_eq!(
            verify(&named, &sign(Some("b"), secret_2)),
            Ok(b"{}".to_vec())
        );
        assert_eq!(
            verify(&named, &sign(Some("a"), secret_2)),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            verify(&named, &sign(Some("c"), secret_1)),
            Err(Error::NoMatchingKey)
        );
        // A token without kid is tried with the named keys too.
        assert_eq!(verify(&named, &sign(None, secret_2)), Ok(b"{}".to_vec()));
        // A short buffer is reported before any cryptography.
        let jws_text = sign(None, secret_2);
        let jws = UntrustedJws::parse(&jws_text).unwrap();
        assert_eq!(
            named.verify(&jws, &mut []).unwrap_err(),
            Error::BufferTooSmall { needed: 2 }
        );
    }

    #[test]
    fn key_sets_must_have_the_documented_shape() {
        for text in [
            "[]",
            "{}",
            r#"{"keys":{}}"#,
            r#"{"keys":"a"}"#,
            r#"{"keys":null}"#,
            r#"{"keys":[1]}"#,
            r#"{"keys":[{"kid":"a"}]}"#,
            r#"{"keys":[{"kty":1}]}"#,
            r#"{"keys":[],}"#,
        ] {
            assert_eq!(
                JwkSet::parse(text).unwrap_err(),
                Error::Json(Part::Jwk),
                "{text}"
            );
        }
        assert_eq!(
            JwkSet::parse(r#"{"keys":[],"keys":[]}"#).unwrap_err(),
            Error::DuplicateMember(Part::Jwk)
        );
        let deep = format!(r#"{{"keys":[],"x":{}1{}}}"#, "[".repeat(20), "]".repeat(20));
        assert_eq!(
            JwkSet::parse(&deep).unwrap_err(),
            Error::LimitExceeded(Limit::JsonDepth)
        );
        // An empty set is a set with no keys.
        let empty = JwkSet::parse(r#"{"keys":[]}"#).unwrap();
        assert_eq!(
            empty.select(Some("a"), JwsAlg::Hs256).unwrap_err(),
            Error::NoMatchingKey
        );
    }
}

// --- Key policy -------------------------------------------------------------------------------

#[cfg(feature = "hs")]
#[test]
fn hmac_secrets_shorter_than_the_hash_are_refused() {
    use tinyjose::HmacKey;

    for (alg, min) in [
        (JwsAlg::Hs256, 32),
        (JwsAlg::Hs384, 48),
        (JwsAlg::Hs512, 64),
    ] {
        assert_eq!(
            HmacKey::new(alg, &[]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        assert_eq!(
            HmacKey::new(alg, &[1]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        assert_eq!(
            HmacKey::new(alg, &vec![1; min - 1]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::TooShort)
        );
        assert!(HmacKey::new(alg, &vec![1; min]).is_ok());
    }
    assert_eq!(
        HmacKey::hs256(&[1; 31]).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    assert_eq!(
        HmacKey::hs384(&[1; 47]).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    assert_eq!(
        HmacKey::hs512(&[1; 63]).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    assert_eq!(
        HmacKey::new(JwsAlg::Es256, &[1; 64]).unwrap_err(),
        Error::UnsupportedAlg
    );
}

#[cfg(all(feature = "jwk", feature = "hs"))]
#[test]
fn oct_jwks_with_short_empty_or_bad_secrets_are_refused() {
    use tinyjose::Jwk;

    let jwk = |alg: &str, k: &str| format!(r#"{{"kty":"oct","alg":"{alg}","k":"{k}"}}"#);
    for (alg, min) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
        for len in [0, 1, min - 1] {
            let text = jwk(alg, &b64e(&vec![7; len]));
            assert_eq!(
                Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::TooShort),
                "{alg} {len}"
            );
        }
        let text = jwk(alg, &b64e(&vec![7; min]));
        assert!(Jwk::parse(&text).unwrap().to_key(None).is_ok());
    }
    // No `k` at all, a `k` that is not a string, and one longer than the 256-byte maximum.
    for (text, reason) in [
        (
            r#"{"kty":"oct","alg":"HS256"}"#.to_owned(),
            tinyjose::KeyReason::Material,
        ),
        (
            jwk("HS256", &b64e(&[7; 257])),
            tinyjose::KeyReason::WrongLength,
        ),
    ] {
        assert_eq!(
            Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
            Error::KeyRejected(reason),
            "{text}"
        );
    }
    assert!(
        Jwk::parse(&jwk("HS256", &b64e(&[7; 256])))
            .unwrap()
            .to_key(None)
            .is_ok()
    );
    assert_eq!(
        Jwk::parse(r#"{"kty":"oct","alg":"HS256","k":7}"#)
            .unwrap()
            .to_key(None)
            .unwrap_err(),
        Error::Json(Part::Jwk)
    );
    // `k` must be strict base64url like every other member.
    let padded = format!("{}=", b64e(&[7; 32]));
    assert_eq!(
        Jwk::parse(&jwk("HS256", &padded))
            .unwrap()
            .to_key(None)
            .unwrap_err(),
        Error::Base64(Part::Jwk)
    );
    // A secret whose JWK names no algorithm gets the one asked for, and only an HMAC one.
    let bare = format!(r#"{{"kty":"oct","k":"{}"}}"#, b64e(&[7; 64]));
    let bare = Jwk::parse(&bare).unwrap();
    assert_eq!(
        bare.to_key(None).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::NoAlg)
    );
    assert!(bare.to_key(Some(JwsAlg::Hs512)).is_ok());
    assert_eq!(
        bare.to_key(Some(JwsAlg::Es256)).unwrap_err(),
        if cfg!(feature = "es256") {
            Error::KeyRejected(tinyjose::KeyReason::WrongType)
        } else {
            Error::UnsupportedAlg
        }
    );
}

#[cfg(all(feature = "jwk", feature = "hs"))]
#[test]
fn keys_for_another_use_are_refused() {
    use tinyjose::Jwk;

    let k = b64e(&[9; 32]);
    let with = |extra: &str| format!(r#"{{"kty":"oct","alg":"HS256","k":"{k}"{extra}}}"#);
    for extra in [
        r#","use":"enc""#,
        r#","use":"SIG""#,
        r#","use":"""#,
        r#","key_ops":["sign"]"#,
        r#","key_ops":["encrypt","decrypt"]"#,
        r#","key_ops":[]"#,
        r#","key_ops":["sign, verify"]"#,
    ] {
        let text = with(extra);
        assert_eq!(
            Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongUse),
            "{extra}"
        );
    }
    // For signing, `verify` alone is not enough.
    let verify_only = with(r#","key_ops":["verify"]"#);
    let jwk = Jwk::parse(&verify_only).unwrap();
    assert!(jwk.to_key(None).is_ok());
    assert_eq!(
        jwk.to_signing_key(None).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::WrongUse)
    );
    let both = with(r#","use":"sig","key_ops":["sign","verify"]"#);
    let jwk = Jwk::parse(&both).unwrap();
    assert!(jwk.to_key(None).is_ok());
    assert!(jwk.to_signing_key(None).is_ok());
    // Members of the wrong type or repeated operations are malformed.
    for extra in [
        r#","use":1"#,
        r#","key_ops":"verify""#,
        r#","key_ops":[1]"#,
        r#","key_ops":["verify","verify"]"#,
    ] {
        let text = with(extra);
        assert_eq!(
            Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
            Error::Json(Part::Jwk),
            "{extra}"
        );
    }
}

#[cfg(all(feature = "jwk", feature = "es256"))]
mod ec_key_policy {
    use tinyjose::{Error, Es256SigningKey, Es256VerifyingKey, Jwk, JwsAlg};

    use super::common::b64e;

    /// The RFC 7515 A.3 key.
    const X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    const Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    const D: &str = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";

    fn ec(crv: &str, x: &str, y: &str, d: Option<&str>) -> String {
        let d = d.map(|d| format!(r#","d":"{d}""#)).unwrap_or_default();
        format!(r#"{{"kty":"EC","crv":"{crv}","x":"{x}","y":"{y}"{d}}}"#)
    }

    fn import(text: &str) -> Result<tinyjose::JwkKey, Error> {
        Jwk::parse(text)?.to_key(None)
    }

    #[test]
    fn the_control_key_imports() {
        assert!(import(&ec("P-256", X, Y, None)).is_ok());
        assert!(import(&ec("P-256", X, Y, Some(D))).is_ok());
    }

    #[test]
    fn points_off_the_curve_are_refused() {
        let mut y = super::b64d(Y);
        y[31] ^= 1;
        assert_eq!(
            import(&ec("P-256", X, &b64e(&y), None)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        let zero = b64e(&[0; 32]);
        assert_eq!(
            import(&ec("P-256", &zero, &zero, None)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        // Coordinates at or above the field prime.
        let p = b64e(&super::common::hex(
            "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
        ));
        assert_eq!(
            import(&ec("P-256", &p, Y, None)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        let ones = b64e(&[0xff; 32]);
        assert_eq!(
            import(&ec("P-256", X, &ones, None)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        // The typed constructors check the same.
        assert_eq!(
            Es256VerifyingKey::from_coordinates(&[0; 32], &[0; 32]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        assert_eq!(
            Es256VerifyingKey::from_sec1_bytes(&[0]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        assert_eq!(
            Es256VerifyingKey::from_sec1_bytes(&[]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
    }

    #[test]
    fn coordinates_of_the_wrong_length_are_refused() {
        let x = super::b64d(X);
        let long = b64e(&[&[0u8][..], &x].concat());
        let short = b64e(&x[1..]);
        for (x, y) in [
            (long.as_str(), Y),
            (short.as_str(), Y),
            (X, &long[..]),
            (X, ""),
        ] {
            assert_eq!(
                import(&ec("P-256", x, y, None)).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongLength),
                "{x} {y}"
            );
        }
        // P-256 coordinates under another curve's name (Wycheproof key 23).
        let p384 = ec("P-384", X, Y, None);
        let expected = if cfg!(feature = "es384") {
            Error::KeyRejected(tinyjose::KeyReason::WrongLength)
        } else {
            Error::UnsupportedAlg
        };
        assert_eq!(import(&p384).unwrap_err(), expected);
        assert_eq!(
            Jwk::parse(&p384)
                .unwrap()
                .to_key(Some(JwsAlg::Es256))
                .unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongType)
        );
        // A missing `y`, or no curve at all.
        assert_eq!(
            import(&format!(r#"{{"kty":"EC","crv":"P-256","x":"{X}"}}"#)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::Material)
        );
        assert_eq!(
            import(&format!(r#"{{"kty":"EC","x":"{X}","y":"{Y}"}}"#)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::NoAlg)
        );
        // EC members under another key type (Wycheproof key 24).
        assert_eq!(
            import(&format!(
                r#"{{"kty":"RSA","crv":"P-256","alg":"ES256","x":"{X}","y":"{Y}"}}"#
            ))
            .unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongType)
        );
    }

    #[test]
    fn a_private_scalar_must_match_the_public_point() {
        let other = Es256SigningKey::from_bytes(&[0x77; 32]).unwrap();
        let (ox, oy) = other.verifying_key().coordinates();
        assert_eq!(
            import(&ec("P-256", &b64e(&ox), &b64e(&oy), Some(D))).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidScalar)
        );
        // Scalars out of range or of the wrong length.
        let n =
            super::common::hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        let invalid = tinyjose::KeyReason::InvalidScalar;
        let wrong = tinyjose::KeyReason::WrongLength;
        for (d, reason) in [
            (b64e(&[0; 32]), invalid),
            (b64e(&n), invalid),
            (b64e(&[0xff; 32]), invalid),
            (b64e(&[1; 31]), wrong),
            (b64e(&[1; 33]), wrong),
            (String::new(), wrong),
        ] {
            assert_eq!(
                import(&ec("P-256", X, Y, Some(&d))).unwrap_err(),
                Error::KeyRejected(reason),
                "{d}"
            );
        }
    }
}

#[cfg(all(feature = "jwk", feature = "eddsa"))]
#[test]
fn small_order_ed25519_keys_are_refused() {
    use tinyjose::{Ed25519VerifyingKey, Jwk};

    // The identity point and the point of order 2 in their canonical encodings.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut order_two = [0u8; 32];
    order_two[0] = 0xec;
    order_two[1..31].fill(0xff);
    order_two[31] = 0x7f;
    for x in [identity, order_two] {
        assert_eq!(
            Ed25519VerifyingKey::from_bytes(&x).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
        let text = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64e(&x));
        assert_eq!(
            Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
        );
    }
    assert_eq!(
        Ed25519VerifyingKey::from_bytes(&[1; 31]).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::WrongLength)
    );
}

/// Only `d` makes an EC or OKP key private; a stray `k` (the member of `oct` secrets) does
/// not. Found by the `jwk` fuzz target: a public Ed25519 key with a `k` member became a
/// "signing" key that could not sign.
#[test]
#[cfg(all(feature = "eddsa", feature = "jwk"))]
fn a_k_member_does_not_make_an_asymmetric_key_private() {
    let text = r#"{"kty":"OKP","crv":"Ed25519","k":"nWGxne]9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapMaIwrilaPcHURo"}"#;
    let jwk = tinyjose::Jwk::parse(text).unwrap();
    assert!(!jwk.is_private());
    assert_eq!(
        jwk.to_signing_key(None).unwrap_err(),
        Error::KeyRejected(tinyjose::KeyReason::WrongUse)
    );
    assert_eq!(
        tinyjose::JwsVerifier::alg(&jwk.to_key(None).unwrap()),
        JwsAlg::EdDsa
    );
}

/// Key material may use JSON escapes (legal JSON, never needed for base64url): the key is the
/// same as without them, and an escaped character outside the alphabet is a base64 error.
#[test]
#[cfg(all(feature = "hs", feature = "jwk"))]
fn escaped_key_material_decodes_like_plain_text() {
    let plain = r#"{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    let escaped = r#"{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMy\u0059n\u006b"}"#;
    let key = |text: &str| tinyjose::Jwk::parse(text).and_then(|jwk| jwk.to_signing_key(None));
    let (plain, escaped) = (key(plain).unwrap(), key(escaped).unwrap());
    let mut a = [0u8; 128];
    let mut b = [0u8; 128];
    let header = HeaderParams::new();
    let signed_plain = tinyjose::sign(&header, b"{}", plain.as_signer().unwrap(), &mut a);
    let signed_escaped = tinyjose::sign(&header, b"{}", escaped.as_signer().unwrap(), &mut b);
    assert_eq!(signed_plain, signed_escaped);
    for bad in [r"\u00e9", r"\/", "AA"] {
        let text = format!(
            r#"{{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk{bad}"}}"#
        );
        assert_eq!(key(&text).unwrap_err(), Error::Base64(Part::Jwk), "{bad}");
    }
}
