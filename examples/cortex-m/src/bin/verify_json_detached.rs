//! The other serializations: the flattened JWS JSON Serialization (RFC 7515 §7.2.2) of a command
//! signed on the host with ES256, and a compact JWS with detached, unencoded content (RFC 7797
//! §4.2: `header..signature`, the payload `$.02` held beside it). Each is verified with its exact
//! payload, its stack and instructions measured, and refused as `invalid_signature` with one byte
//! flipped.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{
    Error, Es256VerifyingKey, HmacKey, JsonForm, JwsVerifier, Limits, UntrustedJws,
    UntrustedJwsJson,
};
use tinyjose_firmware::data::{self, jws_json};
use tinyjose_firmware::{HEADER_CAPACITY, Scenario, instructions, measure, tamper};

/// Parses `text` as a JWS JSON Serialization, verifies it with `key` into `buf` and tells
/// whether the payload is exactly `expected`.
#[inline(never)]
fn verify_json(
    text: &str,
    key: &dyn JwsVerifier,
    expected: &[u8],
    buf: &mut [u8],
) -> Result<bool, Error> {
    let jws = UntrustedJwsJson::parse(text)?;
    let verified = jws.verify(key, buf)?;
    Ok(verified.payload() == expected)
}

/// Parses the compact `token`, verifies it with `key` against the detached `content` (the
/// signing input rebuilt in `scratch`) and tells whether the payload is exactly `expected`.
#[inline(never)]
fn verify_detached(
    token: &str,
    content: &[u8],
    key: &dyn JwsVerifier,
    expected: &[u8],
    scratch: &mut [u8],
) -> Result<bool, Error> {
    let jws = UntrustedJws::<HEADER_CAPACITY>::parse_with_capacity(token, &Limits::DEFAULT)?;
    let verified = jws.verify_detached(key, content, scratch)?;
    Ok(verified.payload() == expected)
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_json_detached");
    let mut buf = [0u8; 512];

    // The flattened JWS JSON Serialization, ES256.
    let es256 = Es256VerifyingKey::from_coordinates(data::ES256_X, data::ES256_Y);
    s.check("issuer key imported", es256.is_ok());
    if let Ok(key) = &es256 {
        let parsed = UntrustedJwsJson::parse(jws_json::FLAT);
        s.check_eq(
            "flattened JSON: parsed, one signature",
            parsed.map(|jws| (jws.form(), jws.len(), jws.is_detached())),
            &(JsonForm::Flattened, 1, false),
        );
        s.check(
            "flattened JSON: buffer_len within the buffer",
            parsed.is_ok_and(|jws| jws.buffer_len() <= buf.len()),
        );
        let expected = data::COMMAND.as_bytes();
        let (verified, stack) = measure(|| verify_json(jws_json::FLAT, key, expected, &mut buf));
        s.check_eq("flattened JSON: exact payload", verified, &true);
        s.report_stack("verify_json_flattened", stack);
        let (verified, count) =
            instructions(|| verify_json(jws_json::FLAT, key, expected, &mut buf));
        s.check_eq("flattened JSON: verified again, counting", verified, &true);
        s.report_time("verify_json_flattened", count);

        s.check_err(
            "flattened JSON: signature byte flipped",
            verify_json(jws_json::FLAT_BAD_SIGNATURE, key, expected, &mut buf),
            Error::InvalidSignature,
        );
        s.check(
            "buffer wiped by a failed signature",
            buf.iter().all(|&b| b == 0),
        );
    }

    // RFC 7797 §4.2: compact, `"b64":false`, content detached.
    let hs256 = HmacKey::hs256(jws_json::DETACHED_K);
    s.check("RFC 7797 key imported", hs256.is_ok());
    if let Ok(key) = &hs256 {
        let content = jws_json::DETACHED_CONTENT.as_bytes();
        let parsed = UntrustedJws::<HEADER_CAPACITY>::parse_with_capacity(
            jws_json::DETACHED,
            &Limits::DEFAULT,
        );
        s.check_eq(
            "RFC 7797 4.2: detached, unencoded, signing input within the buffer",
            parsed.map(|jws| {
                (
                    jws.is_detached(),
                    jws.b64(),
                    jws.detached_input_len(content.len()) <= buf.len(),
                )
            }),
            &(true, false, true),
        );
        let (verified, stack) =
            measure(|| verify_detached(jws_json::DETACHED, content, key, b"$.02", &mut buf));
        s.check_eq("RFC 7797 4.2: exact payload", verified, &true);
        s.report_stack("verify_detached_b64_false", stack);
        let (verified, count) =
            instructions(|| verify_detached(jws_json::DETACHED, content, key, b"$.02", &mut buf));
        s.check_eq("RFC 7797 4.2: verified again, counting", verified, &true);
        s.report_time("verify_detached_b64_false", count);

        let mut copy = [0u8; 128];
        let bad = tamper(jws_json::DETACHED, 2, &mut copy);
        s.check_err(
            "RFC 7797 4.2: signature byte flipped",
            verify_detached(bad, content, key, b"$.02", &mut buf),
            Error::InvalidSignature,
        );
        let mut flipped = [0u8; 4];
        flipped.copy_from_slice(content);
        flipped[3] ^= 1;
        s.check_err(
            "RFC 7797 4.2: content byte flipped",
            verify_detached(jws_json::DETACHED, &flipped, key, b"$.02", &mut buf),
            Error::InvalidSignature,
        );
        s.check_err(
            "RFC 7797 4.2: content given base64url-encoded",
            verify_detached(jws_json::DETACHED, b"JC4wMg", key, b"$.02", &mut buf),
            Error::InvalidSignature,
        );
        if let Ok(es256) = &es256 {
            s.check_err(
                "RFC 7797 4.2: an ES256 key",
                verify_detached(jws_json::DETACHED, content, es256, b"$.02", &mut buf),
                Error::AlgMismatch,
            );
        }
    }
    s.finish()
}
