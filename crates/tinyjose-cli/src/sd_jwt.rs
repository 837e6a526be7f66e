//! `tinyjose sd-jwt`: issue an SD-JWT (RFC 9901), present it with the disclosures a holder
//! chooses and a Key Binding JWT, and verify a presentation.

use serde_json::{Map, Value};
use tinyjose_std::tinyjose::{self, Claim};
use tinyjose_std::{
    HeaderParams, JwsAlg, KeyBindingParams, Limits, SdJwtIssue, SdJwtValidation, SignatureKey,
    UnixTime, UntrustedSdJwt, Validation, now,
};

use crate::failure::Failure;
use crate::keys::{self, KeyFile};
use crate::{input, output};

/// Issue, present and verify SD-JWTs (Selective Disclosure for JWTs, RFC 9901) and SD-JWT VCs.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    Issue(Issue),
    Present(Present),
    Verify(Verify),
}

/// Issue an SD-JWT: the claims of a JSON object, with the claims --disclose names made
/// selectively disclosable, signed with the issuer's private key, and printed on one line.
///
/// Each --disclose is a JSON Pointer (RFC 6901) into the claims: /given_name, /address/locality
/// for a member of an object, /nationalities/0 for an array element; naming an object and
/// members inside it makes both disclosable (a recursive disclosure). Salts come from the
/// operating system. With --holder-key, the holder's public key is bound as "cnf" and the holder
/// can add a Key Binding JWT when presenting. Exit 0 with the SD-JWT on stdout; exit 1 with
/// `error[CODE]: message` if the core refuses the claims; exit 2 for a usage error or a key that
/// cannot sign.
#[derive(Debug, clap::Args)]
pub(crate) struct Issue {
    /// The issuer's private JWK, or PEM/DER private key (PKCS#8, SEC1, or PKCS#1 for RSA).
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The algorithm, when the key does not name it (an RSA key; Ed25519 for the fully
    /// specified name).
    #[arg(long, value_name = "ALG", value_parser = keys::parse_alg)]
    alg: Option<JwsAlg>,
    /// A claim to make selectively disclosable, as a JSON Pointer (repeatable, at most 64).
    #[arg(long = "disclose", value_name = "POINTER")]
    disclose: Vec<String>,
    /// Add N decoy digests, so the number of disclosable claims does not show.
    #[arg(long, value_name = "N", default_value_t = 0)]
    decoys: usize,
    /// The holder's key (a JWK or PEM/DER key, public or private): its public JWK becomes
    /// "cnf"."jwk".
    #[arg(long, value_name = "FILE")]
    holder_key: Option<String>,
    /// The header "typ" (default: none; "dc+sd-jwt" with --vct).
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// Make an SD-JWT VC: set the "vct" claim (the credential type), and "typ" "dc+sd-jwt"
    /// unless --typ says otherwise.
    #[arg(long, value_name = "VCT")]
    vct: Option<String>,
    /// The claims: a file holding a JSON object, the object itself, or "-" (or nothing) for
    /// stdin.
    #[arg(value_name = "CLAIMS_FILE|-")]
    claims: Option<String>,
}

/// Present an SD-JWT: keep the disclosures of the claims the holder chooses and, with --key, add
/// a Key Binding JWT for the verifier's --aud and --nonce. Print the presentation on one line.
///
/// --disclose keeps the disclosure of a claim by name (a member of any object); an array
/// element is kept by its JSON value with --disclose-value. A kept claim keeps the disclosures
/// of the objects and arrays it is inside (a recursive disclosure). The issuer's signature is
/// not checked here. Exit 0 with the presentation on stdout; exit 1 with
/// `error[CODE]: message` if the SD-JWT is refused; exit 2 for a usage error or a key that cannot
/// sign.
#[derive(Debug, clap::Args)]
pub(crate) struct Present {
    /// Keep the disclosure of the claim NAME (repeatable).
    #[arg(long = "disclose", value_name = "NAME")]
    disclose: Vec<String>,
    /// Keep the disclosure of an array element whose value is the JSON value JSON (repeatable),
    /// such as '"DE"'.
    #[arg(long = "disclose-value", value_name = "JSON", value_parser = parse_json)]
    disclose_values: Vec<Value>,
    /// Keep every disclosure.
    #[arg(long, conflicts_with_all = ["disclose", "disclose_values"])]
    all: bool,
    /// The holder's private key (a JWK or PEM/DER key; the one the issuer bound as "cnf"): add
    /// a Key Binding JWT signed with it.
    #[arg(long, value_name = "FILE", requires_all = ["aud", "nonce"])]
    key: Option<String>,
    /// The algorithm of --key, when the key does not name it (an RSA key).
    #[arg(long, value_name = "ALG", value_parser = keys::parse_alg, requires = "key")]
    alg: Option<JwsAlg>,
    /// The verifier the Key Binding JWT is for ("aud").
    #[arg(long, value_name = "AUD", requires = "key")]
    aud: Option<String>,
    /// The verifier's nonce ("nonce").
    #[arg(long, value_name = "NONCE", requires = "key")]
    nonce: Option<String>,
    /// The Key Binding JWT's "iat", as Unix seconds, instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS", requires = "key")]
    iat: Option<u64>,
    /// The SD-JWT as issued, a file holding it, or "-" (or nothing) to read it from stdin.
    #[arg(value_name = "SD_JWT|-")]
    sd_jwt: Option<String>,
}

/// Verify an SD-JWT presentation with the issuer's keys, check its disclosures, claims and Key
/// Binding JWT, and print the disclosed claims as one JSON object.
///
/// The keys decide the algorithm, as for `tinyjose verify`. Every disclosure must match exactly
/// one digest the issuer signed; the claims are then validated as a JWT's ("exp" and "nbf"
/// always, "iss" with --iss, the --require claims). With --aud and --nonce (the verifier's own
/// identifier and the nonce it gave the holder) a Key Binding JWT is required, signed by the key
/// of the issuer-signed "cnf", at most --kb-max-age seconds old; without them a presentation
/// with one is refused. With --vct the SD-JWT must be an SD-JWT VC of one of those types. Exit
/// 0 with the claims on stdout; exit 1 with `error[CODE]: message` if the presentation is
/// refused; exit 2 for a usage error or a bad key file.
#[derive(Debug, clap::Args)]
pub(crate) struct Verify {
    /// The issuer's JWK, JWK Set or PEM/DER public key file (repeatable).
    #[arg(long = "key", value_name = "FILE", required = true)]
    keys: Vec<String>,
    /// An accepted algorithm of the issuer (repeatable); required for PEM/DER keys and JWKs
    /// without "alg".
    #[arg(long = "alg", value_name = "ALG", value_parser = keys::parse_alg)]
    algs: Vec<JwsAlg>,
    /// The required issuer ("iss").
    #[arg(long, value_name = "ISS")]
    iss: Option<String>,
    /// This verifier, the audience of the Key Binding JWT: key binding is required.
    #[arg(long, value_name = "AUD", requires = "nonce")]
    aud: Option<String>,
    /// The nonce this verifier gave the holder, which the Key Binding JWT must carry.
    #[arg(long, value_name = "NONCE", requires = "aud")]
    nonce: Option<String>,
    /// The oldest Key Binding JWT accepted, in seconds before now (default 300).
    #[arg(long, value_name = "SECONDS", requires = "aud")]
    kb_max_age: Option<u64>,
    /// An accepted SD-JWT VC type (repeatable): the SD-JWT must be an SD-JWT VC ("typ"
    /// "dc+sd-jwt") whose "vct" is one of them.
    #[arg(long = "vct", value_name = "VCT")]
    vct: Vec<String>,
    /// Clock skew allowed on "exp", "nbf" and "iat", in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    leeway: u64,
    /// The current time as Unix seconds, instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
    /// A claim that must be present once disclosed (repeatable).
    #[arg(long = "require", value_name = "CLAIM")]
    required: Vec<String>,
    /// Accept ES256/384/512 signatures whose "s" is above n/2, in the issuer-signed JWT and the
    /// Key Binding JWT, as WebCrypto, Python and OpenSSL make half the time. Off by default: with
    /// it, a second string verifies for each signature.
    #[arg(long)]
    ecdsa_high_s: bool,
    /// The presentation, a file holding it, or "-" (or nothing) to read it from stdin.
    #[arg(value_name = "PRESENTATION|-")]
    presentation: Option<String>,
}

pub(crate) fn run(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Issue(args) => issue(args),
        Command::Present(args) => present(args),
        Command::Verify(args) => verify(args),
    }
}

fn issue(args: &Issue) -> Result<(), Failure> {
    let key = keys::signing_key(&args.key, args.alg)?;
    let signer = key.signer().ok_or_else(|| {
        Failure::usage(format!("key file {}: a public key cannot sign", args.key))
    })?;
    let holder = args
        .holder_key
        .as_deref()
        .map(holder_public_key)
        .transpose()?;
    let mut claims = claims(args.claims.as_deref())?;
    if let Some(vct) = &args.vct {
        claims.insert("vct".to_owned(), vct.as_str().into());
    }
    let claims = Value::Object(claims).to_string();

    let mut header = HeaderParams::new();
    header.typ = match (&args.typ, &args.vct) {
        (Some(typ), _) => Some(typ.as_str()),
        (None, Some(_)) => Some("dc+sd-jwt"),
        (None, None) => None,
    };
    header.kid = key.kid();
    let pointers: Vec<&str> = args.disclose.iter().map(String::as_str).collect();
    let mut params = SdJwtIssue::new(header)
        .disclosable(&pointers)
        .decoys(args.decoys);
    if let Some(holder) = &holder {
        params = params.holder(holder.verifier());
    }
    let sd_jwt = tinyjose_std::issue_sd_jwt(&claims, &params, signer).map_err(|e| match e {
        tinyjose_std::Error::Jose(tinyjose::Error::MissingClaim(Claim::Required(i))) => {
            if let Some(pointer) = pointers.get(usize::from(i)) {
                return Failure::usage(format!(
                    "--disclose {pointer}: names no claim (a JSON Pointer into the claims, \
                     such as /address/locality or /nationalities/0)"
                ));
            }
            e.into()
        }
        e => e.into(),
    })?;
    output::line(&sd_jwt)
}

/// The public key of a `--holder-key` file: a JWK (public or private) or a PEM/DER key.
fn holder_public_key(path: &str) -> Result<SignatureKey, Failure> {
    let key = match KeyFile::read(path)? {
        KeyFile::Jwk(text) => {
            let jwk = keys::parse_jwk(path, &text)?;
            // The JWK in "cnf" carries no algorithm: an RSA key that names none is loaded as
            // RS256, which changes nothing of it.
            let alg =
                (keys::is_rsa(&jwk) && keys::named_alg(&jwk).is_none()).then_some(JwsAlg::Rs256);
            SignatureKey::from_jwk(&text, alg).map_err(|e| Failure::key_file(path, &e))?
        }
        KeyFile::Jwks(_) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass the holder's one JWK"
            )));
        }
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => file.pem_key(path, None)?.0,
    };
    if key.is_secret() {
        return Err(Failure::usage(format!(
            "key file {path}: a holder key is an EC, Ed25519 or RSA key; a secret has no public \
             form to bind"
        )));
    }
    key.public_key().map_err(|e| Failure::key_file(path, &e))
}

/// The claims argument: a file, the JSON object itself, or stdin (`-` or nothing). It must be a
/// JSON object.
fn claims(arg: Option<&str>) -> Result<Map<String, Value>, Failure> {
    let text = match arg {
        None | Some("-") => input::stdin()?,
        Some(arg) if arg.trim_start().starts_with('{') => arg.to_owned(),
        Some(path) => String::from_utf8(input::file(path)?)
            .map_err(|_| Failure::usage(format!("{path}: not UTF-8 text")))?,
    };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Failure::usage(format!("the claims are not valid JSON: {e}")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Failure::usage("the claims must be a JSON object")),
    }
}

fn present(args: &Present) -> Result<(), Failure> {
    let key = args
        .key
        .as_deref()
        .map(|path| holder_signing_key(path, args.alg))
        .transpose()?;
    let sd_jwt = input::sd_jwt(args.sd_jwt.as_deref())?;
    if UntrustedSdJwt::parse(&sd_jwt).is_ok_and(|s| s.key_binding_jwt().is_some()) {
        return Err(Failure::RejectedWith(
            tinyjose::Error::Malformed(tinyjose::Part::Token).into(),
            "malformed token: this is a presentation, with a Key Binding JWT; present the \
             SD-JWT as issued"
                .to_owned(),
        ));
    }
    let iat = match args.iat {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    let key_binding = match (&key, &args.aud, &args.nonce) {
        (Some(key), Some(aud), Some(nonce)) => {
            let signer = key.signer().ok_or_else(|| {
                Failure::usage("the holder's key file holds a public key: pass the private key")
            })?;
            Some((signer, KeyBindingParams::new(aud, nonce, iat)))
        }
        _ => None,
    };

    // Which --disclose and --disclose-value kept a disclosure: one that keeps none is a typo.
    let mut named = vec![false; args.disclose.len()];
    let mut valued = vec![false; args.disclose_values.len()];
    let presentation = tinyjose_std::present_sd_jwt(
        &sd_jwt,
        |d| {
            if args.all {
                return true;
            }
            let mut keep = false;
            if d.name().is_some() {
                for (name, hit) in args.disclose.iter().zip(&mut named) {
                    if d.is_named(name) {
                        *hit = true;
                        keep = true;
                    }
                }
            } else if let Ok(value) = serde_json::from_str::<Value>(d.value_json()) {
                for (wanted, hit) in args.disclose_values.iter().zip(&mut valued) {
                    if *wanted == value {
                        *hit = true;
                        keep = true;
                    }
                }
            }
            keep
        },
        key_binding,
    )?;
    if let Some((name, _)) = args.disclose.iter().zip(&named).find(|(_, hit)| !**hit) {
        return Err(Failure::usage(format!(
            "--disclose {name}: the SD-JWT has no disclosure of a claim named {name}"
        )));
    }
    if let Some((value, _)) = args
        .disclose_values
        .iter()
        .zip(&valued)
        .find(|(_, hit)| !**hit)
    {
        return Err(Failure::usage(format!(
            "--disclose-value {value}: the SD-JWT has no disclosure of an array element with \
             this value"
        )));
    }
    output::line(&presentation)
}

/// The holder's signing key: an EC, Ed25519 or RSA private key.
fn holder_signing_key(path: &str, alg: Option<JwsAlg>) -> Result<SignatureKey, Failure> {
    let key = keys::signing_key(path, alg)?;
    if key.is_secret() {
        return Err(Failure::usage(format!(
            "key file {path}: a Key Binding JWT is signed with the holder's EC, Ed25519 or RSA \
             private key, whose public key the issuer bound; not a secret"
        )));
    }
    Ok(key)
}

fn verify(args: &Verify) -> Result<(), Failure> {
    let keys = keys::verification_keys(&args.keys, &args.algs)?;
    let presentation = input::sd_jwt(args.presentation.as_deref())?;
    let now = match args.now {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    let required: Vec<&str> = args.required.iter().map(String::as_str).collect();
    let mut claims = Validation::new(now).leeway(args.leeway).require(&required);
    if let Some(iss) = &args.iss {
        claims = claims.issuer(iss);
    }
    let mut validation = SdJwtValidation::new(claims);
    if let (Some(aud), Some(nonce)) = (&args.aud, &args.nonce) {
        validation = validation.key_binding(aud, nonce);
    }
    if let Some(max_age) = args.kb_max_age {
        validation = validation.key_binding_max_age(max_age);
    }
    let types: Vec<&str> = args.vct.iter().map(String::as_str).collect();
    if !types.is_empty() {
        validation = validation.vct(&types);
    }
    let limits = Limits::DEFAULT.with_ecdsa_high_s(args.ecdsa_high_s);
    let verified =
        tinyjose_std::verify_sd_jwt_with_limits(&presentation, &keys, &validation, &limits)
            .map_err(|e| refused(e, &presentation, args, &required))?;
    output::line(&verified.claims_json)
}

/// Why a presentation was refused, said more precisely where the arguments explain it: a Key
/// Binding JWT that no --aud lets the verifier check, an unregistered required claim by name.
fn refused(
    error: tinyjose_std::Error,
    presentation: &str,
    args: &Verify,
    required: &[&str],
) -> Failure {
    if matches!(
        error,
        tinyjose_std::Error::Jose(tinyjose::Error::AudienceMismatch)
    ) && args.aud.is_none()
        && UntrustedSdJwt::parse(presentation).is_ok_and(|s| s.key_binding_jwt().is_some())
    {
        return Failure::RejectedWith(
            error,
            "unexpected audience: the presentation has a Key Binding JWT; pass --aud and --nonce \
             to check it"
                .to_owned(),
        );
    }
    crate::verify::name_required_claim(error, required)
}

/// Parses a JSON value for clap.
fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not a JSON value: {e}"))
}
