//! Remote JWK Sets against a real loopback server (HTTPS with a certificate made here, and
//! plain HTTP where the test says so): caching, the cooldown, rotation, failures, and `jku`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

mod support;

use core::time::Duration;
use std::thread;

use serde_json::{Value, json};
use support::{Reply, Server, Tls, es256_key as key, sign_raw};
use tinyjose::{
    Error as JoseError, FetchReason, HeaderParams, JwkKey, JwsAlg, UnixTime, Validation,
};
use tinyjose_std::{RemoteJwkSet, sign_to_string};

fn jwks(keys: &[&Value]) -> String {
    json!({ "keys": keys }).to_string()
}

fn token(key: &JwkKey, kid: &str) -> String {
    let claims = br#"{"iss":"https://issuer.example","exp":4000000000}"#;
    sign_to_string(
        &HeaderParams::new().kid(kid),
        claims,
        key.as_signer().unwrap(),
    )
    .unwrap()
}

fn validation() -> Validation<'static> {
    Validation::new(UnixTime::from_secs(1_800_000_000)).issuer("https://issuer.example")
}

fn code(result: tinyjose_std::Result<impl Sized>) -> String {
    result
        .err()
        .map(|e| e.code().to_owned())
        .unwrap_or_default()
}

fn fetch_error(result: tinyjose_std::Result<impl Sized>) -> Option<JoseError> {
    match result {
        Err(tinyjose_std::Error::Jose(e)) => Some(e),
        _ => None,
    }
}

#[test]
fn https_with_the_callers_root_then_cached() {
    let tls = Tls::new();
    let server = Server::https(&tls);
    let (a, jwk_a) = key("a");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .root_certificates_pem(&tls.ca_pem)
        .unwrap()
        .header("authorization", "Bearer t0k3n")
        .build()
        .unwrap();
    for _ in 0..5 {
        let verified = set.verify_jwt(&token(&a, "a"), &validation()).unwrap();
        assert_eq!(verified.header.kid.as_deref(), Some("a"));
    }
    assert_eq!(server.hits("/jwks"), 1);
    assert_eq!(
        server.seen_header("/jwks", "authorization").as_deref(),
        Some("Bearer t0k3n")
    );

    // Without the test CA, Mozilla's roots do not trust the server.
    let untrusted = RemoteJwkSet::new(&server.url("/jwks")).unwrap();
    assert_eq!(
        fetch_error(untrusted.verify(&token(&a, "a"))),
        Some(JoseError::Fetch(FetchReason::Network))
    );
}

#[test]
fn plain_http_only_when_allowed() {
    let server = Server::http();
    let url = server.url("/jwks");
    assert_eq!(
        fetch_error(RemoteJwkSet::new(&url)),
        Some(JoseError::Fetch(FetchReason::Url))
    );
    let (a, jwk_a) = key("a");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&url)
        .allow_http(true)
        .build()
        .unwrap();
    assert!(set.verify(&token(&a, "a")).is_ok());
}

#[test]
fn a_burst_of_unknown_kids_costs_one_fetch() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    assert_eq!(server.hits("/jwks"), 1);
    // Within the cooldown (30 s) of that fetch: 50 tokens naming unknown kids, on 50 threads.
    let (x, _) = key("x");
    let tokens: Vec<String> = (0..50)
        .map(|i| token(&x, &format!("unknown-{i}")))
        .collect();
    let handles: Vec<_> = tokens
        .into_iter()
        .map(|t| {
            let set = set.clone();
            thread::spawn(move || code(set.verify(&t)))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), "no_matching_key");
    }
    assert_eq!(server.hits("/jwks"), 1);
}

#[test]
fn concurrent_first_use_shares_one_fetch_and_rotation_follows_the_cooldown() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    let (b, jwk_b) = key("b");
    server.route(
        "/jwks",
        Reply::json(jwks(&[&jwk_a])).delay(Duration::from_millis(200)),
    );
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .cooldown(Duration::from_millis(1000))
        .build()
        .unwrap();
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let set = set.clone();
            let t = token(&a, "a");
            thread::spawn(move || set.verify(&t).is_ok())
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
    assert_eq!(server.hits("/jwks"), 1);

    // The issuer rotates to `b`. Within the cooldown its tokens are refused without a fetch...
    server.route("/jwks", Reply::json(jwks(&[&jwk_b])));
    assert_eq!(code(set.verify(&token(&b, "b"))), "no_matching_key");
    assert_eq!(server.hits("/jwks"), 1);
    // ...and after it, one fetch picks the new set up.
    thread::sleep(Duration::from_millis(1100));
    for _ in 0..10 {
        set.verify(&token(&b, "b")).unwrap();
    }
    assert_eq!(server.hits("/jwks"), 2);
    assert_eq!(set.fetches(), 2);
}

#[test]
fn cache_control_max_age_within_bounds() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    server.route(
        "/jwks",
        Reply::json(jwks(&[&jwk_a])).header("cache-control", "public, max-age=0"),
    );
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .cooldown(Duration::from_millis(50))
        .min_age(Duration::from_millis(1000))
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    set.verify(&token(&a, "a")).unwrap();
    assert_eq!(
        server.hits("/jwks"),
        1,
        "fresh for min_age despite max-age=0"
    );
    thread::sleep(Duration::from_millis(1100));
    set.verify(&token(&a, "a")).unwrap();
    assert_eq!(server.hits("/jwks"), 2, "stale after min_age");

    // max-age above the bound is cut to max_age.
    server.route(
        "/long",
        Reply::json(jwks(&[&jwk_a])).header("cache-control", "max-age=86400"),
    );
    let set = RemoteJwkSet::builder(&server.url("/long"))
        .allow_http(true)
        .min_age(Duration::ZERO)
        .max_age(Duration::from_millis(150))
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    thread::sleep(Duration::from_millis(200));
    set.verify(&token(&a, "a")).unwrap();
    assert_eq!(server.hits("/long"), 2);
}

#[test]
fn failures_keep_the_last_good_set() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .min_age(Duration::ZERO)
        .max_age(Duration::from_millis(500))
        .cooldown(Duration::from_millis(500))
        .timeout(Duration::from_millis(300))
        .max_body(4096)
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    let failures = [
        Reply::status(500),
        Reply::status(404),
        Reply::json("{\"keys\":[").header("x", "y"),
        Reply::json(jwks(&[&jwk_a])).delay(Duration::from_millis(600)),
        Reply::json(format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(5000))),
    ];
    for reply in failures {
        server.route("/jwks", reply);
        thread::sleep(Duration::from_millis(550));
        let before = server.hits("/jwks");
        // Stale, and the fetch fails: the last good set still verifies.
        set.verify(&token(&a, "a")).unwrap();
        assert_eq!(server.hits("/jwks"), before + 1);
        // Within the cooldown of the failure: not fetched again.
        set.verify(&token(&a, "a")).unwrap();
        assert_eq!(server.hits("/jwks"), before + 1);
    }
}

#[test]
fn an_unknown_key_whose_fetch_fails_is_the_fetch_error_and_the_set_stays() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    let (b, _) = key("b");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .cooldown(Duration::from_millis(500))
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    server.route("/jwks", Reply::status(503));
    thread::sleep(Duration::from_millis(550));
    // As jose's: the refetch for the unknown `kid` fails, and that is the answer...
    assert_eq!(
        fetch_error(set.verify(&token(&b, "b"))),
        Some(JoseError::Fetch(FetchReason::Status(503)))
    );
    // ...then, within the cooldown, the set as it is: no key for `b`, and `a` still verifies.
    assert_eq!(code(set.verify(&token(&b, "b"))), "no_matching_key");
    set.verify(&token(&a, "a")).unwrap();
    assert_eq!(server.hits("/jwks"), 2);
}

#[test]
fn each_failure_has_its_code_when_there_is_no_set() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    let cases = [
        (
            "/500",
            Reply::status(500),
            JoseError::Fetch(FetchReason::Status(500)),
        ),
        (
            "/404",
            Reply::status(404),
            JoseError::Fetch(FetchReason::Status(404)),
        ),
        (
            "/302",
            Reply::status(302).header("location", "/jwks"),
            JoseError::Fetch(FetchReason::Status(302)),
        ),
        (
            "/slow",
            Reply::json(jwks(&[&jwk_a])).delay(Duration::from_millis(800)),
            JoseError::Fetch(FetchReason::Timeout),
        ),
        (
            "/big",
            Reply::json(format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(5000))),
            JoseError::Fetch(FetchReason::TooLarge),
        ),
        (
            "/json",
            Reply::json("{\"keys\":["),
            JoseError::Json(tinyjose::Part::Jwk),
        ),
    ];
    for (path, reply, expected) in cases {
        server.route(path, reply);
        let set = RemoteJwkSet::builder(&server.url(path))
            .allow_http(true)
            .timeout(Duration::from_millis(300))
            .max_body(4096)
            .build()
            .unwrap();
        assert_eq!(
            fetch_error(set.verify(&token(&a, "a"))),
            Some(expected),
            "{path}"
        );
        // Within the cooldown the error comes back without a request.
        assert_eq!(
            fetch_error(set.verify(&token(&a, "a"))),
            Some(expected),
            "{path}"
        );
        assert_eq!(server.hits(path), 1, "{path}");
    }
    // Nobody listening.
    let set = RemoteJwkSet::builder("http://127.0.0.1:9/jwks")
        .allow_http(true)
        .build()
        .unwrap();
    assert_eq!(
        fetch_error(set.verify(&token(&a, "a"))),
        Some(JoseError::Fetch(FetchReason::Network))
    );
}

#[test]
fn jku_only_from_the_allowlist() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    let (j, jwk_j) = key("j");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    server.route("/keys/2026.json", Reply::json(jwks(&[&jwk_j])));
    server.route("/evil.json", Reply::json(jwks(&[&jwk_j])));
    let jku_token = |url: &str| {
        let claims = br#"{"iss":"https://issuer.example","exp":4000000000}"#;
        let header = json!({"alg":"ES256","kid":"j","jku":url}).to_string();
        sign_raw(&header, claims, &j)
    };
    let plain = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .build()
        .unwrap();
    // Without an allowlist, jku is ignored: the configured set has no `j`.
    assert_eq!(
        code(plain.verify(&jku_token(&server.url("/keys/2026.json")))),
        "no_matching_key"
    );
    assert_eq!(server.hits("/keys/2026.json"), 0);

    let allowing = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .allow_jku(&server.url("/keys/"))
        .build()
        .unwrap();
    allowing
        .verify(&jku_token(&server.url("/keys/2026.json")))
        .unwrap();
    allowing
        .verify(&jku_token(&server.url("/keys/2026.json")))
        .unwrap();
    assert_eq!(server.hits("/keys/2026.json"), 1);
    for url in [
        server.url("/evil.json"),
        server.url("/keys/../evil.json"),
        server.url("/keys/%2e%2e/evil.json"),
    ] {
        assert_eq!(
            code(allowing.verify(&jku_token(&url))),
            "no_matching_key",
            "{url}"
        );
    }
    assert_eq!(server.hits("/evil.json"), 0);
    // The configured set still serves tokens without jku.
    allowing.verify(&token(&a, "a")).unwrap();
}

#[test]
fn a_stale_set_is_used_only_for_stale_if_error() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    server.route("/jwks", Reply::json(jwks(&[&jwk_a])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .cooldown(Duration::from_millis(100))
        .min_age(Duration::ZERO)
        .max_age(Duration::from_millis(100))
        .stale_if_error(Duration::from_millis(600))
        .build()
        .unwrap();
    set.verify(&token(&a, "a")).unwrap();
    server.route("/jwks", Reply::status(503));
    thread::sleep(Duration::from_millis(200));
    set.verify(&token(&a, "a")).unwrap();
    thread::sleep(Duration::from_millis(800));
    assert_eq!(
        fetch_error(set.verify(&token(&a, "a"))),
        Some(JoseError::Fetch(FetchReason::Status(503)))
    );
    // Within the cooldown of that failure, still the failure, without a request.
    let hits = server.hits("/jwks");
    assert_eq!(code(set.verify(&token(&a, "a"))), "fetch_failed");
    assert_eq!(server.hits("/jwks"), hits);
}

#[test]
fn a_published_secret_never_verifies() {
    let server = Server::http();
    let secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk";
    server.route(
        "/jwks",
        Reply::json(json!({"keys":[{"kty":"oct","kid":"h","k":secret}]}).to_string()),
    );
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .build()
        .unwrap();
    let hmac = tinyjose::HmacKey::hs256(b"secret-secret-secret-secret-32by").unwrap();
    let t = sign_to_string(&HeaderParams::new().kid("h"), br#"{"sub":"admin"}"#, &hmac).unwrap();
    assert_eq!(code(set.verify(&t)), "unsupported_alg");
    assert_eq!(server.hits("/jwks"), 0);
    // Nor when the caller names HS256.
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .algorithms(&[JwsAlg::Hs256, JwsAlg::Es256])
        .build()
        .unwrap();
    assert_eq!(code(set.verify(&t)), "unsupported_alg");
    let (a, _) = key("a");
    let eddsa_only = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .algorithms(&[JwsAlg::EdDsa])
        .build()
        .unwrap();
    assert_eq!(code(eddsa_only.verify(&token(&a, "a"))), "alg_not_allowed");
    assert_eq!(server.hits("/jwks"), 0);
}

#[test]
fn unsigned_tokens_cannot_make_a_fetch_each() {
    let server = Server::http();
    let (j, jwk_j) = key("j");
    server.route("/keys/j.json", Reply::json(jwks(&[&jwk_j])));
    let set = RemoteJwkSet::builder(&server.url("/jwks"))
        .allow_http(true)
        .header("authorization", "Bearer issuer-secret")
        .allow_jku(&server.url("/keys/"))
        .build()
        .unwrap();
    let signed = |url: &str, key: &JwkKey| {
        let header = json!({"alg":"ES256","kid":"j","jku":url}).to_string();
        sign_raw(&header, br#"{"exp":4000000000}"#, key)
    };
    let good = server.url("/keys/j.json");
    set.verify(&signed(&good, &j)).unwrap();
    // The issuer's credential is not sent to a jku URL.
    assert_eq!(server.seen_header("/keys/j.json", "authorization"), None);
    // 100 tokens nobody signed, each naming a new jku under the prefix: three more new URLs
    // are fetched in this cooldown (the legitimate one was the first), then none; the
    // legitimate set, whose fetch succeeded, is kept, and the failed ones are not.
    let (x, _) = key("x");
    let mut codes = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..100 {
        let url = server.url(&format!("/keys/x{i}.json"));
        let err = fetch_error(set.verify(&signed(&url, &x))).unwrap();
        *codes.entry(err.to_string()).or_default() += 1;
    }
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [
            ("JWK Set fetch failed: HTTP status 404".to_owned(), 3),
            (
                "JWK Set fetch failed: not fetched: too many new jku URLs within the cooldown"
                    .to_owned(),
                97
            ),
        ]
    );
    set.verify(&signed(&good, &j)).unwrap();
    assert_eq!(server.hits("/keys/j.json"), 1);
    assert_eq!(set.fetches(), 4);
    // Entries of the allowlist are URLs: "https://" alone trusts nothing, it is refused.
    for entry in ["https://", "https://issuer.example?/", "https://:443/keys/"] {
        let built = RemoteJwkSet::builder("https://issuer.example/jwks")
            .allow_jku(entry)
            .build();
        assert_eq!(
            fetch_error(built),
            Some(JoseError::Fetch(FetchReason::Url)),
            "{entry}"
        );
    }
}
