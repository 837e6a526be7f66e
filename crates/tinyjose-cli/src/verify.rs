//! `tinyjose verify`: check a token with trusted keys and print its payload.

use serde_json::Value;
use tinyjose_std::tinyjose::{self, Claim, Part, UntrustedJweJson, UntrustedJwsJson};
use tinyjose_std::{
    ALL_CONTENT_ENCRYPTIONS, JweAlg, JwsAlg, KeySet, Limits, UnixTime, UntrustedJws, Validation,
    Verified, X5cTrust, now,
};

use crate::failure::Failure;
use crate::key_source::KeySource;
use crate::{input, jwe_keys, keys};

/// Verify a JWS or JWT, compact or in a JSON serialization, with trusted keys, check its claims,
/// and print its payload.
///
/// The keys decide the algorithm: a PEM/DER key or a JWK without "alg" needs --alg, and the
/// token's header only chooses among the keys given (by "kid" and "alg"). A JSON serialization
/// (general or flattened, detected from the input: it opens with "{") verifies when one of its
/// signatures verifies with the keys. "exp" and "nbf" are always checked when the payload is a
/// JSON object, in every serialization; an unencoded payload ("b64":false, RFC 7797) is no JWT,
/// so it is printed as signed and claim options refuse it. A detached payload (compact
/// "header..signature", or JSON without "payload") is given with --payload. With --decrypt-key, the token is a nested
/// JWT: a JWE whose "cty" is "JWT", decrypted with that key, around the JWS that is then verified.
/// Exit 0 with the payload on stdout; exit 1 with `error[CODE]: message` if the token is refused;
/// exit 2 for a usage error or a bad key file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A JWK, JWK Set or PEM/DER public key file (repeatable); not for --profile dpop, whose key
    /// is the proof's own.
    #[arg(
        long = "key",
        value_name = "FILE",
        required_unless_present_any = ["profile", "jwks_url", "x5c_roots"]
    )]
    pub(crate) keys: Vec<String>,
    /// Instead of --key: the issuer's JWK Set at this https URL, fetched (and cached as jose's
    /// createRemoteJWKSet does). A fetch that fails is refused with `error[fetch_failed]`.
    #[arg(long, value_name = "URL", conflicts_with_all = ["keys", "profile"])]
    pub(crate) jwks_url: Option<String>,
    /// Permit a plain http --jwks-url (and "jku"), for local testing.
    #[arg(long, requires = "jwks_url")]
    pub(crate) allow_http: bool,
    /// Follow a token's "jku" header when it equals URL, or starts with it when URL ends in "/"
    /// (repeatable); without, "jku" is ignored.
    #[arg(long = "allow-jku", value_name = "PREFIX", requires = "jwks_url")]
    pub(crate) allow_jku: Vec<String>,
    /// Trust the PEM certificates of FILE as the TLS roots of --jwks-url, instead of Mozilla's.
    #[arg(long, value_name = "FILE", requires = "jwks_url")]
    pub(crate) jwks_ca: Option<String>,
    /// The longest the --jwks-url fetch may take, in seconds (default 5).
    #[arg(long, value_name = "SECONDS", requires = "jwks_url")]
    pub(crate) jwks_timeout: Option<u64>,
    /// Instead of --key: verify with the leaf of the token's "x5c" chain, once the chain
    /// validates to the PEM certificates of this file at the verification time (--now).
    #[arg(long, value_name = "ROOTS.pem", conflicts_with_all = ["keys", "jwks_url", "profile", "ecdsa_high_s", "payload"])]
    pub(crate) x5c_roots: Option<String>,
    /// An extended key usage the "x5c" leaf must list (a dotted OID, such as 1.3.6.1.5.5.7.3.3).
    #[arg(long, value_name = "OID", requires = "x5c_roots")]
    pub(crate) x5c_eku: Option<String>,
    /// An accepted algorithm (repeatable); required for PEM/DER keys and JWKs without "alg".
    #[arg(long = "alg", value_name = "ALG", value_parser = keys::parse_alg)]
    pub(crate) algs: Vec<JwsAlg>,
    /// The required issuer ("iss").
    #[arg(long, value_name = "ISS")]
    pub(crate) iss: Option<String>,
    /// An accepted audience (repeatable); the token's "aud" must hold one of them.
    #[arg(long = "aud", value_name = "AUD")]
    pub(crate) audiences: Vec<String>,
    /// The required subject ("sub").
    #[arg(long, value_name = "SUB")]
    pub(crate) sub: Option<String>,
    /// The required header "typ" (compared as a media type: "JWT" equals "application/jwt").
    #[arg(long, value_name = "TYP")]
    pub(crate) typ: Option<String>,
    /// Clock skew allowed on "exp", "nbf" and "iat", in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub(crate) leeway: u64,
    /// The oldest "iat" accepted, in seconds before now ("iat" becomes required).
    #[arg(long, value_name = "SECONDS")]
    pub(crate) max_age: Option<u64>,
    /// A claim that must be present (repeatable).
    #[arg(long = "require", value_name = "CLAIM")]
    pub(crate) required: Vec<String>,
    /// The current time as Unix seconds, instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub(crate) now: Option<u64>,
    /// Accept ES256/384/512 signatures whose "s" is above n/2, as signers that do not normalize
    /// it (WebCrypto, OpenSSL, Go) make half the time. Off by default: with it, a second token
    /// string verifies for each token, so replay and deny lists must key on "jti", not the token.
    #[arg(long)]
    pub(crate) ecdsa_high_s: bool,
    /// Decrypt a nested JWT with this key first (a private JWK, a JWK Set, or a PEM/DER private
    /// key: RSA for RSA-OAEP; P-256, P-384 or X25519 for ECDH-ES), then verify the JWS inside.
    #[arg(long, value_name = "FILE")]
    pub(crate) decrypt_key: Option<String>,
    /// The key management algorithm of --decrypt-key (default: the key's, else the token's when
    /// the key admits it).
    #[arg(long, value_name = "ALG", value_parser = jwe_keys::parse_alg, requires = "decrypt_key")]
    pub(crate) decrypt_alg: Option<JweAlg>,
    /// Print {"header":{...},"payload":{...}} instead of the payload alone (with "unprotected":
    /// {...}, the verified signature's unprotected header, for a JSON serialization that has one).
    #[arg(long)]
    pub(crate) json: bool,
    /// The detached payload (RFC 7515 Appendix F) of a compact "header..signature" token or of a
    /// JSON serialization without "payload": the file's bytes, exactly.
    #[arg(long, value_name = "FILE")]
    pub(crate) payload: Option<String>,
    /// Verify as a token profile: an OpenID Connect ID token (with --issuer, --client-id, and
    /// --nonce, --max-age, --acr, --access-token, --code), an RFC 9068 access token (with
    /// --issuer, --audience), or a DPoP proof (RFC 9449, with --htm, --htu, and --access-token,
    /// --jkt, --nonce, --max-age; its key is the proof's own, so no --key).
    #[arg(long, value_name = "PROFILE")]
    pub(crate) profile: Option<Profile>,
    /// The issuer of an ID token or access token ("iss"), for --profile.
    #[arg(long, value_name = "ISS", requires = "profile")]
    pub(crate) issuer: Option<String>,
    /// The client id an ID token is for ("aud", "azp"), for --profile id-token.
    #[arg(long, value_name = "ID", requires = "profile")]
    pub(crate) client_id: Option<String>,
    /// The resource an access token is for ("aud"), for --profile access-token.
    #[arg(long, value_name = "AUD", requires = "profile")]
    pub(crate) audience: Option<String>,
    /// The nonce sent in the authentication request (id-token), or the server's DPoP-Nonce
    /// (dpop), which the token must carry.
    #[arg(
        long,
        visible_alias = "dpop-nonce",
        value_name = "NONCE",
        requires = "profile"
    )]
    pub(crate) nonce: Option<String>,
    /// An accepted "acr" (repeatable), for --profile id-token.
    #[arg(long = "acr", value_name = "ACR", requires = "profile")]
    pub(crate) acr: Vec<String>,
    /// The access token issued with the ID token ("at_hash"), or presented with the DPoP proof
    /// ("ath").
    #[arg(long, value_name = "TOKEN", requires = "profile")]
    pub(crate) access_token: Option<String>,
    /// The code issued with the ID token ("c_hash"), for --profile id-token.
    #[arg(long, value_name = "CODE", requires = "profile")]
    pub(crate) code: Option<String>,
    /// The request's HTTP method ("htm"), for --profile dpop.
    #[arg(long, value_name = "METHOD", requires = "profile")]
    pub(crate) htm: Option<String>,
    /// The request's URI ("htu"), for --profile dpop.
    #[arg(long, value_name = "URI", requires = "profile")]
    pub(crate) htu: Option<String>,
    /// The thumbprint the access token is bound to ("cnf.jkt"), for --profile dpop.
    #[arg(long, value_name = "JKT", requires = "profile")]
    pub(crate) jkt: Option<String>,
    /// The token (compact, or a JSON serialization), a file holding it, or "-" (or nothing) to
    /// read it from stdin.
    #[arg(value_name = "TOKEN|-")]
    pub(crate) token: Option<String>,
}

/// The token profiles `verify --profile` checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Profile {
    /// An OpenID Connect ID token.
    IdToken,
    /// An RFC 9068 access token.
    AccessToken,
    /// A DPoP proof (RFC 9449).
    Dpop,
}

impl Args {
    /// Whether any claim check was asked for.
    fn checks_claims(&self) -> bool {
        self.iss.is_some()
            || !self.audiences.is_empty()
            || self.sub.is_some()
            || self.max_age.is_some()
            || !self.required.is_empty()
    }
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    if let Some(profile) = args.profile {
        return crate::profile::verify(args, profile);
    }
    let source = KeySource::from_args(args)?;
    let mut token = input::token(args.token.as_deref())?;
    if let Some(path) = &args.decrypt_key {
        token = nested(path, args.decrypt_alg, &token)?;
    }

    let now = match args.now {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    let audiences: Vec<&str> = args.audiences.iter().map(String::as_str).collect();
    let required: Vec<&str> = args.required.iter().map(String::as_str).collect();
    let mut validation = Validation::new(now).leeway(args.leeway).require(&required);
    if !audiences.is_empty() {
        validation = validation.audiences(&audiences);
    }
    if let Some(iss) = &args.iss {
        validation = validation.issuer(iss);
    }
    if let Some(sub) = &args.sub {
        validation = validation.subject(sub);
    }
    if let Some(typ) = &args.typ {
        validation = validation.typ(typ);
    }
    if let Some(max_age) = args.max_age {
        validation = validation.max_age(max_age);
    }

    // A payload that is a JSON object is a claim set, and its claims are always validated;
    // any other payload, and an unencoded one ("b64":false, no JWT), is accepted as signed bytes
    // unless claim checks were asked for.
    let limits = Limits::DEFAULT.with_ecdsa_high_s(args.ecdsa_high_s);
    let content = args.payload.as_deref().map(input::file).transpose()?;
    let form = Form::of(&token, content.as_deref());
    if matches!(source, KeySource::X5c(_)) && !matches!(form, Form::Compact) {
        return Err(Failure::usage(
            "--x5c-roots takes a compact token (header.payload.signature)",
        ));
    }
    let keys = source.keys_for(&token, tinyjose_std::is_json_serialization(&token))?;
    let trusted = match &source {
        KeySource::X5c(trust) => Trusted::X5c(trust, now),
        _ => Trusted::Keys(&keys),
    };
    let mut verified = form
        .verify(&token, trusted, None, &limits)
        .map_err(|e| refused(e, &token, form))?;
    let checks = args.checks_claims() || args.typ.is_some();
    if (verified.b64 && looks_like_claims(&verified.payload)) || checks {
        if !verified.b64 {
            return Err(Failure::RejectedWith(
                tinyjose::Error::Malformed(Part::Payload).into(),
                "malformed payload: an unencoded payload (\"b64\":false, RFC 7797) is not a JWT, \
                 so its claims and \"typ\" cannot be checked"
                    .to_owned(),
            ));
        }
        verified = form
            .verify(&token, trusted, Some(&validation), &limits)
            .map_err(|e| name_required_claim(e, &required))?;
    }

    let mut out = if args.json {
        let header: Value =
            serde_json::from_str(&verified.header_json).map_err(|e| Failure::Rejected(e.into()))?;
        let payload = serde_json::from_slice::<Value>(&verified.payload).unwrap_or_else(|_| {
            Value::String(String::from_utf8_lossy(&verified.payload).into_owned())
        });
        let mut out = serde_json::json!({"header": header, "payload": payload});
        if let Some(unprotected) = &verified.unprotected_header {
            let unprotected: Value =
                serde_json::from_str(unprotected).map_err(|e| Failure::Rejected(e.into()))?;
            out["unprotected"] = unprotected;
        }
        out.to_string().into_bytes()
    } else {
        verified.payload
    };
    out.push(b'\n');
    crate::output::stdout(&out)
}

/// What verifies the token: keys, or the leaf of its `x5c` chain once validated at a time.
#[derive(Clone, Copy)]
enum Trusted<'k> {
    Keys(&'k KeySet),
    X5c(&'k X5cTrust, UnixTime),
}

/// How the token is verified: compact, JSON serialization, or either with detached content.
#[derive(Clone, Copy)]
enum Form<'c> {
    Compact,
    Json,
    Detached(&'c [u8]),
}

impl<'c> Form<'c> {
    fn of(token: &str, content: Option<&'c [u8]>) -> Self {
        match content {
            Some(content) => Self::Detached(content),
            None if tinyjose_std::is_json_serialization(token) => Self::Json,
            None => Self::Compact,
        }
    }

    /// Verifies `token`, and validates its claims when `validation` is given.
    fn verify(
        self,
        token: &str,
        trusted: Trusted<'_>,
        validation: Option<&Validation<'_>>,
        limits: &Limits,
    ) -> Result<Verified, tinyjose_std::Error> {
        let keys = match trusted {
            Trusted::Keys(keys) => keys,
            Trusted::X5c(trust, now) => {
                return match validation {
                    None => tinyjose_std::verify_x5c(token, trust, now),
                    Some(v) => tinyjose_std::verify_x5c_jwt(token, trust, v),
                };
            }
        };
        match (self, validation) {
            (Self::Compact, None) => tinyjose_std::verify_with_limits(token, keys, limits),
            (Self::Compact, Some(v)) => {
                tinyjose_std::verify_jwt_with_limits(token, keys, v, limits)
            }
            (Self::Json, None) => tinyjose_std::verify_json(token, keys, limits),
            (Self::Json, Some(v)) => tinyjose_std::verify_json_jwt(token, keys, v, limits),
            (Self::Detached(c), None) => tinyjose_std::verify_detached(token, c, keys, limits),
            (Self::Detached(c), Some(v)) => {
                tinyjose_std::verify_detached_jwt(token, c, keys, v, limits)
            }
        }
    }
}

/// Why a token was refused, said more precisely where the form explains it: a JWE given to
/// `verify`, a detached payload without `--payload` (a usage error), or `--payload` for a token
/// that carries its own.
fn refused(error: tinyjose_std::Error, token: &str, form: Form<'_>) -> Failure {
    let limits = Limits::DEFAULT;
    match form {
        Form::Compact => {
            // An empty payload segment is an empty payload or a detached one: it is taken for
            // detached only once its signature did not verify over empty content.
            if error.code() == "invalid_signature"
                && UntrustedJws::parse_with_limits(token, &limits).is_ok_and(|j| j.is_detached())
            {
                return no_payload("its payload segment is empty (header..signature)");
            }
            not_a_jws(error, token)
        }
        Form::Json => {
            if UntrustedJwsJson::parse_with_limits(token, &limits).is_ok_and(|j| j.is_detached()) {
                return no_payload("it has no \"payload\" member");
            }
            if error.code() == "malformed" && UntrustedJweJson::parse(token).is_ok() {
                return Failure::RejectedWith(
                    error,
                    "malformed token: this is a JWE JSON serialization, an encrypted token; \
                     decrypt it with `tinyjose decrypt`"
                        .to_owned(),
                );
            }
            Failure::Rejected(error)
        }
        Form::Detached(_) => {
            let attached = if tinyjose_std::is_json_serialization(token) {
                UntrustedJwsJson::parse_with_limits(token, &limits).is_ok_and(|j| !j.is_detached())
            } else {
                UntrustedJws::parse_with_limits(token, &limits).is_ok_and(|j| !j.is_detached())
            };
            if attached {
                return Failure::RejectedWith(
                    error,
                    "malformed payload: the token carries its own payload; --payload is only for \
                     a detached one"
                        .to_owned(),
                );
            }
            not_a_jws(error, token)
        }
    }
}

/// A detached token verified without `--payload`: a usage error.
fn no_payload(why: &str) -> Failure {
    Failure::usage(format!(
        "the token's payload is detached: {why}; pass the content with --payload FILE"
    ))
}

/// Whether `payload` is meant as a JSON object, a claim set: its first character, after any
/// whitespace and byte order marks, is `{`. The core then refuses what is not strict JSON (a
/// byte order mark included, RFC 8259 §8.1), so such a payload is refused, never taken for
/// opaque bytes that skip claims validation.
fn looks_like_claims(payload: &[u8]) -> bool {
    String::from_utf8_lossy(payload)
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('{')
}

/// A malformed token that is a JWE (five segments) is named as such.
fn not_a_jws(error: tinyjose_std::Error, token: &str) -> Failure {
    if error.code() == "malformed" && token.split('.').count() == 5 {
        return Failure::RejectedWith(
            error,
            "malformed token: this is a JWE (five segments), an encrypted token; decrypt it \
             with `tinyjose decrypt`, or pass --decrypt-key if it holds a nested JWT"
                .to_owned(),
        );
    }
    Failure::Rejected(error)
}

/// The JWS inside a nested JWT, decrypted with the key of `path`.
fn nested(path: &str, alg: Option<JweAlg>, token: &str) -> Result<String, Failure> {
    let jwe = tinyjose_std::parse_jwe(token, &Limits::DEFAULT).map_err(|e| {
        crate::decrypt::not_a_jwe(e, token, "--decrypt-key takes a nested JWT, a JWE")
    })?;
    let allowed: Vec<JweAlg> = alg.into_iter().collect();
    let key = jwe_keys::load(path, &allowed, Some(&jwe))?;
    let decrypted = tinyjose_std::decrypt_to_vec(
        token,
        jwe_keys::decrypter(&key, path)?,
        ALL_CONTENT_ENCRYPTIONS,
    )?;
    let inner = decrypted.nested_jws().map_err(|e| {
        Failure::RejectedWith(
            e,
            "malformed payload: the JWE does not hold a nested JWT: its \"cty\" must be \"JWT\""
                .to_owned(),
        )
    })?;
    // The core refuses it as a JWS anyway; the message says why.
    if inner.split('.').count() == 5 {
        return Err(Failure::RejectedWith(
            tinyjose::Error::Malformed(Part::Token).into(),
            "malformed token: the JWE holds a JWE; a JWE inside a JWE is refused".to_owned(),
        ));
    }
    Ok(inner.to_owned())
}

/// A missing unregistered claim, named from the `--require` list the core indexes.
pub(crate) fn name_required_claim(error: tinyjose_std::Error, required: &[&str]) -> Failure {
    if let tinyjose_std::Error::Jose(tinyjose::Error::MissingClaim(Claim::Required(i))) = error
        && let Some(name) = required.get(usize::from(i))
    {
        return Failure::RejectedWith(error, format!("missing required claim {name}"));
    }
    Failure::Rejected(error)
}
