//! `tinyjose sign`: sign claims into a compact JWS or a JWS JSON serialization.

use serde_json::{Map, Value};
use tinyjose_std::tinyjose::{JsonForm, JsonSigner};
use tinyjose_std::{
    HeaderParams, JwsAlg, SignatureKey, now, sign_detached_to_string, sign_json_to_string,
    sign_to_string,
};

use crate::failure::Failure;
use crate::{input, keys, output};

/// Sign a JSON claim set (or any JSON object) into a compact JWS, or with --json into a JWS JSON
/// serialization, and print it.
///
/// The algorithm is the key's: --alg, else the JWK's "alg", else the one its curve implies
/// (a secret or RSA key without "alg" needs --alg). Claims given as options replace the same
/// claims of the input. With --json general, --key may be repeated: one signature per key, each
/// with its own protected header ("alg", "kid", "typ", "cty", and "b64"/"crit" with --b64
/// false).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A private JWK, or a PEM/DER private key (PKCS#8, SEC1, or PKCS#1 for RSA); repeatable
    /// with --json general, one signature per key.
    #[arg(long = "key", value_name = "FILE", required = true)]
    keys: Vec<String>,
    /// The algorithm, when the key does not name it: once for every key, or once per --key, in
    /// their order.
    #[arg(long = "alg", value_name = "ALG", value_parser = keys::parse_alg)]
    algs: Vec<JwsAlg>,
    /// The header "kid" (default: the JWK's "kid"): once per --key, in their order.
    #[arg(long = "kid", value_name = "KID")]
    kids: Vec<String>,
    /// The header "typ" (default: "JWT"; none with --b64 false, whose payload is no JWT).
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// The header "cty".
    #[arg(long, value_name = "CTY")]
    cty: Option<String>,
    /// Set "iat" to now.
    #[arg(long)]
    iat: bool,
    /// Set "exp" to now plus DURATION (90, 90s, 15m, 2h, 7d).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    exp: Option<u64>,
    /// Set "nbf" to now plus DURATION (90, 90s, 15m, 2h, 7d).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    nbf: Option<u64>,
    /// Set "iss".
    #[arg(long, value_name = "ISS")]
    iss: Option<String>,
    /// Set "sub".
    #[arg(long, value_name = "SUB")]
    sub: Option<String>,
    /// Set "aud" (repeatable: several make an array).
    #[arg(long = "aud", value_name = "AUD")]
    audiences: Vec<String>,
    /// The current time as Unix seconds, instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
    /// Write a JWS JSON serialization (RFC 7515 §7.2): "flattened" (one key) or "general" (one
    /// or more keys), instead of the compact form.
    #[arg(long, value_name = "FORM")]
    json: Option<Form>,
    /// "false" signs the payload unencoded (RFC 7797: "b64":false, listed in "crit"); a compact
    /// token then needs --detached if the payload holds a ".". "true" is the default.
    #[arg(long, value_name = "true|false")]
    b64: Option<bool>,
    /// Leave the payload out: a compact "header..signature", or a JSON serialization without
    /// "payload" (RFC 7515 Appendix F); the verifier supplies it (tinyjose verify --payload).
    #[arg(long)]
    detached: bool,
    /// The claims: JSON text, @FILE, or "-" for stdin; {} when absent.
    #[arg(value_name = "CLAIMS_JSON|@FILE|-")]
    claims: Option<String>,
}

/// The JSON serialization `--json` asks for (`sign` and `encrypt`).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum Form {
    Flattened,
    General,
}

impl From<Form> for JsonForm {
    fn from(form: Form) -> Self {
        match form {
            Form::Flattened => Self::Flattened,
            Form::General => Self::General,
        }
    }
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let keys = signing_keys(args)?;
    let signers = keys
        .iter()
        .zip(&args.keys)
        .map(|(key, path)| {
            key.signer()
                .ok_or_else(|| Failure::usage(format!("key file {path}: a public key cannot sign")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut claims = claims(args.claims.as_deref())?;
    let now = match args.now {
        Some(secs) => secs,
        None => now().map_err(Failure::clock)?.as_secs(),
    };
    let after = |secs: u64| {
        now.checked_add(secs)
            .ok_or_else(|| Failure::usage("the time is out of range"))
    };
    if args.iat {
        claims.insert("iat".to_owned(), now.into());
    }
    if let Some(exp) = args.exp {
        claims.insert("exp".to_owned(), after(exp)?.into());
    }
    if let Some(nbf) = args.nbf {
        claims.insert("nbf".to_owned(), after(nbf)?.into());
    }
    if let Some(iss) = &args.iss {
        claims.insert("iss".to_owned(), iss.as_str().into());
    }
    if let Some(sub) = &args.sub {
        claims.insert("sub".to_owned(), sub.as_str().into());
    }
    match args.audiences.as_slice() {
        [] => {}
        [one] => {
            claims.insert("aud".to_owned(), one.as_str().into());
        }
        many => {
            claims.insert("aud".to_owned(), many.into());
        }
    }
    let payload = Value::Object(claims).to_string();
    let b64 = args.b64.unwrap_or(true);
    let typ = match &args.typ {
        Some(typ) => Some(typ.as_str()),
        None => b64.then_some("JWT"),
    };
    let headers: Vec<HeaderParams<'_>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let mut header = HeaderParams::new().b64(b64);
            header.typ = typ;
            header.kid = args.kids.get(i).map(String::as_str).or(key.kid());
            header.cty = args.cty.as_deref();
            header
        })
        .collect();
    let token = match (args.json, signers.as_slice(), headers.as_slice()) {
        (Some(form), _, _) => {
            let form = JsonForm::from(form);
            let signers: Vec<JsonSigner<'_>> = signers
                .iter()
                .zip(&headers)
                .map(|(signer, header)| JsonSigner::new(*signer).protected(*header))
                .collect();
            sign_json_to_string(form, &signers, payload.as_bytes(), args.detached)?
        }
        (None, [signer], [header]) if args.detached => {
            sign_detached_to_string(header, payload.as_bytes(), *signer)?
        }
        (None, [signer], [header]) => sign_to_string(header, payload.as_bytes(), *signer).map_err(|e| {
            if !b64 && matches!(e.code(), "malformed") {
                Failure::usage(
                    "--b64 false: a compact token cannot carry an unencoded payload that holds a \
                     \".\"; add --detached, or use --json",
                )
            } else {
                e.into()
            }
        })?,
        _ => {
            return Err(Failure::usage(
                "several --key make several signatures: pass --json general",
            ));
        }
    };
    output::line(&token)
}

/// The keys of the `--key` options, each with its `--alg`; the counts of `--key`, `--alg` and
/// `--kid` checked against the form.
fn signing_keys(args: &Args) -> Result<Vec<SignatureKey>, Failure> {
    let n = args.keys.len();
    if n > 1 {
        match args.json {
            Some(Form::General) => {}
            Some(Form::Flattened) => {
                return Err(Failure::usage(
                    "--json flattened holds one signature: pass one --key, or use --json general",
                ));
            }
            None => {
                return Err(Failure::usage(
                    "a compact token holds one signature: pass one --key, or use --json general \
                     for several",
                ));
            }
        }
    }
    per_key_counts(args.algs.len(), args.kids.len(), n)?;
    args.keys
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let alg = args.algs.get(i).or(args.algs.first()).copied();
            keys::signing_key(path, alg)
        })
        .collect()
}

/// The claims argument: JSON text, `@FILE`, `-` for stdin, or `{}` when absent. It must be a
/// JSON object.
fn claims(arg: Option<&str>) -> Result<Map<String, Value>, Failure> {
    let text = match arg {
        None => return Ok(Map::new()),
        Some("-") => input::stdin()?,
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => String::from_utf8(input::file(path)?)
                .map_err(|_| Failure::usage(format!("{path}: not UTF-8 text")))?,
            None => arg.to_owned(),
        },
    };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Failure::usage(format!("the claims are not valid JSON: {e}")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Failure::usage("the claims must be a JSON object")),
    }
}

/// `90`, `90s`, `15m`, `2h` or `7d`, in seconds.
fn parse_duration(text: &str) -> Result<u64, String> {
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (text.get(..i).unwrap_or_default(), c),
        _ => (text, 's'),
    };
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(format!("unknown unit in {text:?}; use s, m, h or d")),
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?} is not a duration like 90, 15m, 2h or 7d"))
}

/// `--alg` given once for every key or once per key, `--kid` once per key (or not at all), for
/// `n` keys (`sign` and `encrypt`).
pub(crate) fn per_key_counts(algs: usize, kids: usize, n: usize) -> Result<(), Failure> {
    if algs > 1 && algs != n {
        return Err(Failure::usage(format!(
            "--alg is given {algs} times for {n} --key: give it once for every key, or once per key"
        )));
    }
    if kids != 0 && kids != n {
        return Err(Failure::usage(format!(
            "--kid is given {kids} times for {n} --key: give it once per key, in their order"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration("7d"), Ok(604_800));
        for bad in ["", "m", "-5m", "1.5h", "2w", "h2", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
