//! A loopback HTTP and HTTPS server for the remote JWK Set tests: each request is answered by
//! the route the test sets for its path, and counted.
#![allow(dead_code, unreachable_pub, reason = "each test file uses part of it")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test server fails loudly, as tests do"
)]

use core::time::Duration;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use rustls::ServerConnection;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use tinyjose_std::{JwkKey, JwsAlg};

/// One answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before the answer.
    pub delay: Duration,
}

impl Reply {
    pub fn json(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Self {
        Self {
            status,
            ..Self::json("{}")
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Routes {
    replies: HashMap<String, Reply>,
    hits: HashMap<String, usize>,
    /// The request headers last seen on each path.
    seen: HashMap<String, Vec<(String, String)>>,
}

/// A running server; it stops with the test process.
#[derive(Clone)]
pub struct Server {
    pub base: String,
    routes: Arc<Mutex<Routes>>,
}

/// The test CA and the server's certificate, made with rcgen.
pub struct Tls {
    pub ca_pem: String,
    chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
}

impl Tls {
    /// A CA, and a certificate it issues for localhost and 127.0.0.1.
    pub fn new() -> Self {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "tinyjose test CA");
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let key = rcgen::KeyPair::generate().unwrap();
        let params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .unwrap();
        let leaf = params.signed_by(&key, &issuer).unwrap();
        Self {
            ca_pem: ca.pem(),
            chain: vec![leaf.der().clone()],
            key: key.serialize_der(),
        }
    }
}

impl Server {
    /// A plain HTTP server on 127.0.0.1.
    pub fn http() -> Self {
        Self::start(None)
    }

    /// An HTTPS server on 127.0.0.1 with `tls`'s certificate.
    pub fn https(tls: &Tls) -> Self {
        // ring, as the client (ureq) uses.
        #[allow(deprecated, reason = "the provider tinyjose-std's client uses too")]
        let provider = rustls::crypto::ring::default_provider();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                tls.chain.clone(),
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(tls.key.clone())),
            )
            .unwrap();
        Self::start(Some(Arc::new(config)))
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let server = Self {
            base: format!("{scheme}://127.0.0.1:{port}"),
            routes: Arc::default(),
        };
        let routes = Arc::clone(&server.routes);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let tls = tls.clone();
                thread::spawn(move || {
                    let _ = match tls {
                        Some(config) => {
                            let conn = ServerConnection::new(config).unwrap();
                            serve(rustls::StreamOwned::new(conn, stream), &routes)
                        }
                        None => serve(stream, &routes),
                    };
                });
            }
        });
        server
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Answers `path` with `reply` from now on.
    pub fn route(&self, path: &str, reply: Reply) {
        self.routes
            .lock()
            .unwrap()
            .replies
            .insert(path.into(), reply);
    }

    /// How many requests `path` had.
    pub fn hits(&self, path: &str) -> usize {
        self.routes
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// A request header last sent to `path`.
    pub fn seen_header(&self, path: &str, name: &str) -> Option<String> {
        let routes = self.routes.lock().unwrap();
        routes
            .seen
            .get(path)?
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// Answers requests on one connection until it closes.
fn serve<S: Read + Write>(stream: S, routes: &Mutex<Routes>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let reply = {
            let mut routes = routes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *routes.hits.entry(path.clone()).or_default() += 1;
            routes.seen.insert(path.clone(), headers);
            routes
                .replies
                .get(&path)
                .cloned()
                .unwrap_or(Reply::status(404))
        };
        thread::sleep(reply.delay);
        let stream = reader.get_mut();
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(&reply.body)?;
        stream.flush()?;
    }
}

/// A fresh ES256 signing key, and its public JWK with this `kid` and `"alg":"ES256"`.
pub fn es256_key(kid: &str) -> (JwkKey, Value) {
    let key = tinyjose_std::generate_signing_key(JwsAlg::Es256).unwrap();
    let mut jwk: Value = serde_json::from_str(&tinyjose_std::public_jwk(&key).unwrap()).unwrap();
    jwk["kid"] = json!(kid);
    jwk["alg"] = json!("ES256");
    (key, jwk)
}

/// A compact JWS with exactly this header JSON and payload, signed with `key`: for headers
/// `HeaderParams` does not write (`jku`, `x5c`, `x5t#S256`).
pub fn sign_raw(header: &str, payload: &[u8], key: &JwkKey) -> String {
    let signer = key.as_signer().unwrap();
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header.as_bytes()),
        Base64UrlUnpadded::encode_string(payload)
    );
    let mut sig = vec![0u8; signer.signature_len()];
    let len = signer.sign(input.as_bytes(), &mut sig).unwrap();
    format!("{input}.{}", Base64UrlUnpadded::encode_string(&sig[..len]))
}
