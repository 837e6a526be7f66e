//! `tinyjose verify --profile`: an ID token, an RFC 9068 access token or a DPoP proof, checked
//! by the core's profile, with the options of that profile only.

use serde_json::Value;
use tinyjose_std::{
    AccessTokenValidation, DpopValidation, IdTokenValidation, JtiCache, UnixTime, Verified, now,
};

use crate::failure::Failure;
use crate::verify::{Args, Profile};
use crate::{input, keys, output};

/// Checks the token of `args` as `profile`, and prints its claims (and, for a DPoP proof, the
/// thumbprint of its key on a second line).
pub(crate) fn verify(args: &Args, profile: Profile) -> Result<(), Failure> {
    check_options(args, profile)?;
    let token = input::token(args.token.as_deref())?;
    let now = match args.now {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    match profile {
        Profile::IdToken => {
            let keys = keys::verification_keys(&args.keys, &args.algs)?;
            let issuer = issuer(args, profile)?;
            let client_id = required(profile, &args.client_id, "--client-id")?;
            let acr: Vec<&str> = args.acr.iter().map(String::as_str).collect();
            let mut v = IdTokenValidation::new(issuer, client_id, now)
                .leeway(args.leeway)
                .acr_values(&acr);
            if let Some(nonce) = &args.nonce {
                v = v.nonce(nonce);
            }
            if let Some(max_age) = args.max_age {
                v = v.max_age(max_age);
            }
            if let Some(access_token) = &args.access_token {
                v = v.access_token(access_token);
            }
            if let Some(code) = &args.code {
                v = v.code(code);
            }
            let verified = tinyjose_std::verify_id_token(&token, &keys, &v)?;
            print(args, &verified.header_json, &verified.payload, None)
        }
        Profile::AccessToken => {
            let keys = keys::verification_keys(&args.keys, &args.algs)?;
            let issuer = issuer(args, profile)?;
            let audience = match (&args.audience, args.audiences.as_slice()) {
                (Some(audience), []) => audience.as_str(),
                (None, [aud]) => aud.as_str(),
                (None, []) => return Err(missing(profile, "--audience")),
                _ => {
                    return Err(Failure::usage(
                        "--profile access-token takes one audience: --audience (or --aud) once",
                    ));
                }
            };
            let v = AccessTokenValidation::new(issuer, audience, now).leeway(args.leeway);
            let token = tinyjose_std::verify_access_token(&token, &keys, &v)?;
            let Verified {
                header_json,
                payload,
                ..
            } = token.verified;
            print(args, &header_json, &payload, None)
        }
        Profile::Dpop => {
            let htm = required(profile, &args.htm, "--htm")?;
            let htu = required(profile, &args.htu, "--htu")?;
            let mut v = DpopValidation::new(htm, htu, now)
                .leeway(args.leeway)
                .algs(&args.algs);
            if let Some(max_age) = args.max_age {
                v = v.max_age(max_age);
            }
            if let Some(nonce) = &args.nonce {
                v = v.nonce(nonce);
            }
            if let Some(access_token) = &args.access_token {
                v = v.access_token(access_token);
            }
            if let Some(jkt) = &args.jkt {
                v = v.jkt(jkt);
            }
            // One proof per run: the cache only has to hold it.
            let mut cache = JtiCache::new(1, 0);
            let proof = tinyjose_std::verify_dpop_proof(&token, &v, &mut cache)?;
            print(
                args,
                &proof.header_json,
                proof.claims.as_bytes(),
                Some(&proof.jkt),
            )
        }
    }
}

/// The claims, as `verify` prints a payload, then the `jkt` on its own line; or with `--json`
/// one object with the header, the claims and the `jkt`.
fn print(args: &Args, header: &str, payload: &[u8], jkt: Option<&str>) -> Result<(), Failure> {
    let mut out = if args.json {
        let json = |text: &[u8]| {
            serde_json::from_slice::<Value>(text).map_err(|e| Failure::Rejected(e.into()))
        };
        let mut out =
            serde_json::json!({"header": json(header.as_bytes())?, "payload": json(payload)?});
        if let Some(jkt) = jkt {
            out["jkt"] = jkt.into();
        }
        out.to_string().into_bytes()
    } else {
        let mut out = payload.to_vec();
        if let Some(jkt) = jkt {
            out.push(b'\n');
            out.extend_from_slice(jkt.as_bytes());
        }
        out
    };
    out.push(b'\n');
    output::stdout(&out)
}

/// Refuses the options `profile` does not take: those of the other profiles, and the claim
/// options of plain `verify`, which the profile decides.
fn check_options(args: &Args, profile: Profile) -> Result<(), Failure> {
    let given = [
        ("--key", !args.keys.is_empty()),
        ("--iss", args.iss.is_some()),
        ("--aud", !args.audiences.is_empty()),
        ("--sub", args.sub.is_some()),
        ("--typ", args.typ.is_some()),
        ("--require", !args.required.is_empty()),
        ("--ecdsa-high-s", args.ecdsa_high_s),
        ("--decrypt-key", args.decrypt_key.is_some()),
        ("--payload", args.payload.is_some()),
        ("--issuer", args.issuer.is_some()),
        ("--client-id", args.client_id.is_some()),
        ("--audience", args.audience.is_some()),
        ("--nonce", args.nonce.is_some()),
        ("--max-age", args.max_age.is_some()),
        ("--acr", !args.acr.is_empty()),
        ("--access-token", args.access_token.is_some()),
        ("--code", args.code.is_some()),
        ("--htm", args.htm.is_some()),
        ("--htu", args.htu.is_some()),
        ("--jkt", args.jkt.is_some()),
    ];
    let takes: &[&str] = match profile {
        Profile::IdToken => &[
            "--key",
            "--issuer",
            "--iss",
            "--client-id",
            "--nonce",
            "--max-age",
            "--acr",
            "--access-token",
            "--code",
        ],
        Profile::AccessToken => &["--key", "--issuer", "--iss", "--audience", "--aud"],
        Profile::Dpop => &[
            "--htm",
            "--htu",
            "--access-token",
            "--jkt",
            "--nonce",
            "--max-age",
        ],
    };
    if let Some((flag, _)) = given
        .iter()
        .find(|(flag, set)| *set && !takes.contains(flag))
    {
        let why = match (profile, *flag) {
            (Profile::Dpop, "--key") => ": a DPoP proof is checked with the key in its header",
            _ => "",
        };
        return Err(Failure::usage(format!(
            "--profile {} does not take {flag}{why}",
            name(profile)
        )));
    }
    if profile != Profile::Dpop && args.keys.is_empty() {
        return Err(Failure::usage(format!(
            "--profile {} needs --key, the issuer's keys",
            name(profile)
        )));
    }
    Ok(())
}

/// The issuer of an ID token or access token: `--issuer`, or `--iss` as plain `verify` names it.
fn issuer(args: &Args, profile: Profile) -> Result<&str, Failure> {
    match (&args.issuer, &args.iss) {
        (Some(issuer), None) | (None, Some(issuer)) => Ok(issuer),
        (None, None) => Err(missing(profile, "--issuer")),
        (Some(_), Some(_)) => Err(Failure::usage(format!(
            "--profile {} takes the issuer once: --issuer or --iss",
            name(profile)
        ))),
    }
}

/// The usage error for an option `profile` needs.
fn missing(profile: Profile, flag: &str) -> Failure {
    Failure::usage(format!("--profile {} needs {flag}", name(profile)))
}

/// The value of an option `profile` needs.
fn required<'a>(
    profile: Profile,
    value: &'a Option<String>,
    flag: &str,
) -> Result<&'a str, Failure> {
    value.as_deref().ok_or_else(|| missing(profile, flag))
}

fn name(profile: Profile) -> &'static str {
    match profile {
        Profile::IdToken => "id-token",
        Profile::AccessToken => "access-token",
        Profile::Dpop => "dpop",
    }
}
