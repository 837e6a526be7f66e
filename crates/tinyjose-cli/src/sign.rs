//! `tinyjose sign`: sign claims into a compact JWS.

use serde_json::{Map, Value};
use tinyjose_std::{HeaderParams, JwsAlg, now, sign_to_string};

use crate::failure::Failure;
use crate::{input, keys, output};

/// Sign a JSON claim set (or any JSON object) into a compact JWS and print it.
///
/// The algorithm is the key's: --alg, else the JWK's "alg", else the one its curve implies
/// (a secret or RSA key without "alg" needs --alg). Claims given as options replace the same
/// claims of the input.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A private JWK, or a PEM/DER private key (PKCS#8, SEC1, or PKCS#1 for RSA).
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The algorithm, when the key does not name it.
    #[arg(long, value_name = "ALG", value_parser = keys::parse_alg)]
    alg: Option<JwsAlg>,
    /// The header "kid" (default: the JWK's "kid").
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
    /// The header "typ".
    #[arg(long, value_name = "TYP", default_value = "JWT")]
    typ: String,
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
    /// The claims: JSON text, @FILE, or "-" for stdin; {} when absent.
    #[arg(value_name = "CLAIMS_JSON|@FILE|-")]
    claims: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let key = keys::signing_key(&args.key, args.alg)?;
    let Some(signer) = key.signer() else {
        return Err(Failure::usage(format!(
            "key file {}: a public key cannot sign",
            args.key
        )));
    };
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
    let mut header = HeaderParams::new().typ(&args.typ);
    header.kid = args.kid.as_deref().or(key.kid());
    header.cty = args.cty.as_deref();
    let token = sign_to_string(&header, payload.as_bytes(), signer)?;
    output::line(&token)
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
