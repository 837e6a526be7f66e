//! SD-JWT against published and independent data: the examples of RFC 9901 (from the text of
//! its last draft, `tests/data/sd_jwt/rfc9901.json`), SD-JWTs issued and presented by the
//! Python reference implementation (`python.json`), and the presentations tinyjose makes for
//! other verifiers (`tinyjose.json`, checked to be exactly what this test writes).

#![cfg(all(feature = "sd-jwt", feature = "es256"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unwrap_in_result,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{TestRng, b64e, load_json};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tinyjose::{
    HeaderParams, Jwk, JwkKey, JwsAlg, KeyBindingParams, Limits, SdJwtIssue, SdJwtValidation,
    UnixTime, UntrustedSdJwt, Validation, issue_sd_jwt, present_sd_jwt,
};

fn key(jwk: &Value) -> JwkKey {
    let public = json!({ "kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "y": jwk["y"] });
    Jwk::parse(&public.to_string())
        .unwrap()
        .to_key(Some(JwsAlg::Es256))
        .unwrap()
}

/// Verifies `presentation` with `issuer`, at `now`, with key binding when `kb` is given.
fn verify(presentation: &str, issuer: &Value, now: u64, kb: Option<&Value>) -> Value {
    let key = key(issuer);
    let mut v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(now)));
    if let Some(kb) = kb {
        v = v.key_binding(kb["aud"].as_str().unwrap(), kb["nonce"].as_str().unwrap());
    }
    // Other implementations do not normalize ECDSA's `s`.
    let limits = Limits::DEFAULT.with_ecdsa_high_s(true);
    let sd_jwt = UntrustedSdJwt::parse_with_limits(presentation, &limits).unwrap();
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = vec![0u8; presentation.len()];
    let verified = sd_jwt
        .verify(&key, &v, &mut scratch, &mut out)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(verified.is_key_bound(), kb.is_some());
    serde_json::from_str(verified.claims().json()).unwrap()
}

#[test]
fn rfc_9901_presentations_verify_to_the_printed_claims() {
    let doc = load_json("sd_jwt/rfc9901.json");
    let mut count = 0;
    for example in doc["examples"].as_array().unwrap() {
        let Some(presentation) = example["presentation"].as_str() else {
            continue;
        };
        let kb = example["kb"].as_object().map(|_| &example["kb"]);
        let now = kb.map_or(1_700_000_000, |kb| kb["iat"].as_u64().unwrap() + 10);
        let claims = verify(presentation, &example["issuer_jwk"], now, kb);
        assert_eq!(claims, example["processed"], "{}", example["name"]);
        count += 1;
    }
    // §5, A.1, A.2, A.3 and A.4.
    assert_eq!(count, 5);
}

#[test]
fn rfc_9901_disclosures_have_the_printed_digests() {
    let doc = load_json("sd_jwt/rfc9901.json");
    let issuer = common::TestKey;
    let mut count = 0;
    for example in doc["examples"].as_array().unwrap() {
        for d in example["disclosures"].as_array().into_iter().flatten() {
            let (Some(disclosure), Some(digest)) = (d["disclosure"].as_str(), d["digest"].as_str())
            else {
                continue;
            };
            assert_eq!(b64e(&Sha256::digest(disclosure.as_bytes())), digest);
            // The verifier finds the disclosure by the RFC's digest, or refuses it.
            let payload = if d.get("name").is_some_and(|n| !n.is_null()) {
                json!({ "_sd": [digest] })
            } else {
                json!({ "a": [{ "...": digest }] })
            };
            let jwt = common::sign_to_string(
                &HeaderParams::new(),
                payload.to_string().as_bytes(),
                &issuer,
            );
            let sd_jwt = format!("{jwt}~{disclosure}~");
            let parsed = UntrustedSdJwt::parse(&sd_jwt).unwrap();
            let (mut scratch, mut out) = (vec![0u8; parsed.scratch_len()], vec![0u8; 4096]);
            let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(1_700_000_000)));
            let claims = parsed.verify(&issuer, &v, &mut scratch, &mut out).unwrap();
            let claims: Value = serde_json::from_str(claims.claims().json()).unwrap();
            let value = undisclosed(&d["value"]);
            match d["name"].as_str() {
                Some(name) => assert_eq!(claims[name], value),
                None => assert_eq!(claims["a"][0], value),
            }
            count += 1;
        }
    }
    assert!(count >= 60, "{count} digests");
}

/// `value` with its own digests left out, as a verifier shows it when they are not disclosed.
fn undisclosed(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "_sd")
                .map(|(k, v)| (k.clone(), undisclosed(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| {
                    !(v.as_object()
                        .is_some_and(|o| o.len() == 1 && o.contains_key("...")))
                })
                .map(undisclosed)
                .collect(),
        ),
        v => v.clone(),
    }
}

#[test]
fn python_reference_sd_jwts_verify_to_its_claims() {
    let doc = load_json("sd_jwt/python.json");
    let now = doc["times"]["now"].as_u64().unwrap();
    let cases = doc["cases"].as_array().unwrap();
    for case in cases {
        let kb = case["kb"].as_object().map(|_| &case["kb"]);
        let name = &case["name"];
        let presented = verify(
            case["presentation"].as_str().unwrap(),
            &case["issuer_jwk"],
            now,
            kb,
        );
        assert_eq!(presented, case["processed"], "{name}");
        // The SD-JWT as issued, with every disclosure.
        let all = verify(
            case["sd_jwt"].as_str().unwrap(),
            &case["issuer_jwk"],
            now,
            None,
        );
        assert_eq!(all, case["processed_all_disclosures"], "{name}");
    }
    assert_eq!(cases.len(), 6);
}

/// A case: its name, header `typ`, claims, disclosable pointers, the disclosures presented (array
/// elements by value) and whether the presentation is key-bound.
type Case = (
    &'static str,
    &'static str,
    Value,
    &'static [&'static str],
    &'static [&'static str],
    bool,
);

/// The presentations tinyjose makes of the claims of the Python cases, for the other
/// implementations to verify (`verify_python.py tinyjose.json`; the npm tests read it too).
fn tinyjose_cases() -> Value {
    let doc = load_json("sd_jwt/python.json");
    let issuer_d = common::b64d(doc["issuer_private_jwk"]["d"].as_str().unwrap());
    let holder_d = common::b64d(doc["holder_jwk"]["d"].as_str().unwrap());
    let issuer = tinyjose::Es256SigningKey::from_bytes(&issuer_d).unwrap();
    let holder = tinyjose::Es256SigningKey::from_bytes(&holder_d).unwrap();
    let holder_public = JwkKey::Es256(holder.verifying_key());
    let kb_iat = doc["times"]["kb_iat"].as_u64().unwrap();
    let (aud, nonce) = ("https://verifier.example.org", "n-0S6_WzA2Mj");
    let iat = doc["times"]["iat"].as_u64().unwrap();
    let exp = doc["times"]["exp"].as_u64().unwrap();
    let cases: [Case; 5] = [
        (
            "flat",
            "example+sd-jwt",
            json!({"iss":"https://issuer.example.com","iat":iat,"exp":exp,"sub":"user_42","given_name":"Erika","family_name":"Müller","email":"erika@example.com","birthdate":"1963-08-12"}),
            &["/given_name", "/family_name", "/email", "/birthdate"],
            &["given_name", "email"],
            true,
        ),
        (
            "structured",
            "example+sd-jwt",
            json!({"iss":"https://issuer.example.com","iat":iat,"exp":exp,"address":{"street_address":"Schulstr. 12","locality":"Schulpforta","region":"Sachsen-Anhalt","country":"DE"}}),
            &[
                "/address/street_address",
                "/address/locality",
                "/address/region",
            ],
            &["locality"],
            true,
        ),
        (
            "recursive",
            "example+sd-jwt",
            json!({"iss":"https://issuer.example.com","iat":iat,"exp":exp,"address":{"street_address":"Schulstr. 12","locality":"Schulpforta","country":"DE"}}),
            &["/address", "/address/street_address", "/address/locality"],
            &["address", "street_address"],
            true,
        ),
        (
            "sd_jwt_vc",
            "dc+sd-jwt",
            json!({"vct":"https://credentials.example.com/identity_credential","iss":"https://issuer.example.com","iat":iat,"exp":exp,"given_name":"Erika","age_over_18":true,"nationalities":["DE","FR"]}),
            &[
                "/given_name",
                "/age_over_18",
                "/nationalities/0",
                "/nationalities/1",
            ],
            &["age_over_18", "\"FR\""],
            true,
        ),
        (
            "no_key_binding",
            "example+sd-jwt",
            json!({"iss":"https://issuer.example.com","iat":iat,"exp":exp,"given_name":"Erika","family_name":"Müller"}),
            &["/given_name", "/family_name"],
            &["given_name", "family_name"],
            false,
        ),
    ];
    let mut out = Vec::new();
    for (seed, (name, typ, claims, pointers, keep, bound)) in cases.into_iter().enumerate() {
        let params = SdJwtIssue::new(HeaderParams::new().typ(typ))
            .disclosable(pointers)
            .decoys(2)
            .holder(&holder_public);
        let (mut scratch, mut issued) = ([0u8; 4096], [0u8; 4096]);
        let text = canonical(&claims);
        let mut rng = TestRng(u64::try_from(seed).unwrap() + 1);
        let sd_jwt =
            issue_sd_jwt(&text, &params, &issuer, &mut rng, &mut scratch, &mut issued).unwrap();
        let kb = KeyBindingParams::new(aud, nonce, UnixTime::from_secs(kb_iat));
        let mut presented = [0u8; 4096];
        let presentation = present_sd_jwt(
            sd_jwt,
            &mut |d| {
                keep.iter()
                    .any(|k| d.is_named(k) || (d.name().is_none() && d.value_json() == *k))
            },
            bound.then_some((&holder, &kb)),
            &mut scratch,
            &mut presented,
        )
        .unwrap();
        let kb = bound.then(|| json!({ "aud": aud, "nonce": nonce }));
        let now = doc["times"]["now"].as_u64().unwrap();
        let expected = verify(presentation, &doc["issuer_jwk"], now, kb.as_ref());
        out.push(json!({
            "name": name,
            "sd_jwt": sd_jwt,
            "presentation": presentation,
            "issuer_jwk": doc["issuer_jwk"],
            "expected_claims": expected,
            "kb": kb,
            "now": now,
        }));
    }
    Value::Array(out)
}

#[test]
fn tinyjose_presentations_for_other_verifiers_are_up_to_date() {
    let cases = tinyjose_cases();
    let path = common::data_path("sd_jwt/tinyjose.json");
    if std::env::var_os("TINYJOSE_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&cases).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_default();
    assert!(
        committed == cases,
        "tests/data/sd_jwt/tinyjose.json is stale: run this test with TINYJOSE_BLESS=1"
    );
}

/// `value` as compact JSON with the members of every object sorted by name, whatever order
/// `serde_json` keeps them in (its `preserve_order` feature may be on in a workspace build).
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), canonical(v)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        v => v.to_string(),
    }
}

#[test]
fn rfc_9901_json_serializations_verify_as_their_compact_form() {
    let doc = load_json("sd_jwt/rfc9901.json");
    let example = doc["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "jws_json_serialization")
        .unwrap();
    let kb = &example["kb_flattened"];
    let now = kb["iat"].as_u64().unwrap() + 10;
    let forms = &example["json_serialization"];
    let mut out = [0u8; 4096];
    for (form, kb) in [
        ("flattened_presentation", Some(kb)),
        ("general_presentation", Some(kb)),
        ("flattened_issued", None),
    ] {
        let json = forms[form].to_string();
        let compact = tinyjose::sd_jwt_compact(&json, 0, &mut out).unwrap();
        let claims = verify(compact, &example["issuer_jwk"], now, kb);
        assert_eq!(claims["iss"], "https://issuer.example.com", "{form}");
        if kb.is_some() {
            assert_eq!(
                (&claims["given_name"], &claims["family_name"]),
                (&json!("John"), &json!("Doe")),
                "{form}"
            );
        }
    }
    // The second signature is by a key the RFC does not give.
    let json = forms["general_presentation"].to_string();
    let compact = tinyjose::sd_jwt_compact(&json, 1, &mut out)
        .unwrap()
        .to_owned();
    let sd_jwt = UntrustedSdJwt::parse(&compact).unwrap();
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(now)))
        .key_binding(kb["aud"].as_str().unwrap(), kb["nonce"].as_str().unwrap());
    let mut claims = [0u8; 4096];
    assert_eq!(
        sd_jwt
            .verify(&key(&example["issuer_jwk"]), &v, &mut scratch, &mut claims)
            .unwrap_err(),
        tinyjose::Error::InvalidSignature
    );
    assert_eq!(
        tinyjose::sd_jwt_compact(&json, 2, &mut out).unwrap_err(),
        tinyjose::Error::Malformed(tinyjose::Part::Signature)
    );
    // Disclosures in a later signature's header are not the SD-JWT's.
    let mut moved: Value = forms["general_presentation"].clone();
    let carried = moved["signatures"][0]["header"]["disclosures"].take();
    moved["signatures"][1]["header"]["disclosures"] = carried;
    assert_eq!(
        tinyjose::sd_jwt_compact(&moved.to_string(), 0, &mut out).unwrap_err(),
        tinyjose::Error::Malformed(tinyjose::Part::Token)
    );
    // The exact length.
    let json = forms["flattened_presentation"].to_string();
    let len = tinyjose::sd_jwt_compact(&json, 0, &mut out).unwrap().len();
    assert_eq!(
        tinyjose::sd_jwt_compact(&json, 0, &mut out[..len - 1]).unwrap_err(),
        tinyjose::Error::BufferTooSmall { needed: len }
    );
}
