//! JWT Secured Authorization Responses (JARM), owned: the `response` parameter read from a
//! redirect URL, a form body or given bare, and validated with the issuer's [`KeySet`] and, for
//! encrypted responses, the client's [`EncryptionKey`].

#[cfg(feature = "jwe")]
use tinyjose::{
    ALL_CONTENT_ENCRYPTIONS, Error as JoseError, JarmValidation, KeyReason, UntrustedJwe,
    UntrustedJws,
};
use tinyjose::{ResponseKind, ResponseMode};
#[cfg(feature = "jwe")]
use zeroize::Zeroizing;

#[cfg(feature = "jwe")]
use crate::{EncryptionKey, KeySet};
use crate::{Error, Result};

/// A JARM response that passed every check of [`JarmValidation`], owned.
///
/// # Examples
///
/// See `validate_jarm_response`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JarmResponse {
    /// Which response it is: a code, a token, or an authorization error response (valid, signed
    /// by the issuer, and still a refusal).
    pub kind: ResponseKind,
    /// All the response's parameters as a JSON object, exactly as signed: `iss`, `aud`, `exp`,
    /// `state`, and `code`, `access_token`, `error`, ... as the kind has them.
    pub params: String,
}

#[cfg(feature = "jwe")]
/// Validates the JARM response `response` (the `response` parameter's value, from
/// [`jarm_response`]) as `v` says, signed by one of the issuer's `keys`.
///
/// With `decryption`, the client is registered for encrypted responses: a response that is only
/// signed is refused, and an encrypted one is decrypted with that key and any content
/// encryption tinyjose supports (to accept fewer, give `None` here and set
/// [`JarmValidation::decrypt_with`] instead). Buffers are sized from the response.
///
/// # Errors
///
/// Those listed on [`JarmValidation`] and of [`tinyjose::validate_jarm_response`];
/// [`tinyjose::Error::KeyRejected`] ([`KeyReason::WrongUse`]) for a `decryption` key that cannot
/// decrypt (a public key).
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, JarmValidation, JwsAlg, ResponseKind, UnixTime};
/// use tinyjose_std::{KeySet, SignatureKey, jarm_response, sign_to_string, validate_jarm_response};
///
/// let issuer = SignatureKey::generate(JwsAlg::Es256, None)?;
/// let claims = br#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","exp":1311281970,
///     "code":"PyyFaux2o7Q0YfXBU32jhw.5FXSQpvr8akv9CeRDSd0QA","state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#;
/// let jwt = sign_to_string(&HeaderParams::new(), claims, issuer.signer().unwrap())?;
/// let keys = KeySet::from(issuer.public_key()?.verifier().clone());
///
/// let (response, mode) = jarm_response(&format!("https://client.example.com/cb?response={jwt}"))?;
/// let v = JarmValidation::new("https://accounts.example.com", "s6BhdRkqt3", UnixTime::from_secs(1_311_281_000))
///     .state("S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw")
///     .response_mode(mode);
/// let answer = validate_jarm_response(&response, &keys, &v, None)?;
/// assert_eq!(answer.kind, ResponseKind::Code);
/// assert_eq!(answer.params.as_bytes(), claims);
/// let forged = v.state("another");
/// assert_eq!(validate_jarm_response(&response, &keys, &forged, None).unwrap_err().code(), "claim_mismatch");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn validate_jarm_response(
    response: &str,
    keys: &KeySet,
    v: &JarmValidation<'_>,
    decryption: Option<&EncryptionKey>,
) -> Result<JarmResponse> {
    let encrypted = response.bytes().filter(|&b| b == b'.').count() == 4;
    // The plaintext of an encrypted response, and the signed payload: neither is longer than
    // what the JWE (its ciphertext, and any inflated content) or the JWS can hold. A response
    // that does not parse gets the core's refusal.
    let (jwe_len, out_len) = if encrypted {
        let len = UntrustedJwe::parse(response).map_or(response.len(), |j| j.max_buffer_len());
        (len, len)
    } else {
        let len = UntrustedJws::parse(response).map_or(response.len(), |j| j.payload_len());
        (0, len)
    };
    let mut jwe_buf = Zeroizing::new(vec![0u8; jwe_len]);
    let mut out = vec![0u8; out_len];
    let v = match decryption {
        Some(key) => {
            let decrypter = key
                .decrypter()
                .ok_or(JoseError::KeyRejected(KeyReason::WrongUse))?;
            v.decrypt_with(decrypter, ALL_CONTENT_ENCRYPTIONS)
        }
        None => *v,
    };
    let answer = tinyjose::validate_jarm_response(response, keys, &v, &mut jwe_buf, &mut out)?;
    Ok(JarmResponse {
        kind: answer.kind(),
        params: answer.claims().json().to_owned(),
    })
}

/// The `response` parameter of an authorization response, and the response mode it came by
/// (JARM §2.3): from a redirect URL's query ([`ResponseMode::Query`]) or fragment
/// ([`ResponseMode::Fragment`]), from a form body `a=b&response=...`
/// ([`ResponseMode::FormPost`]), or a bare compact JWT or JWE ([`ResponseMode::Jwt`]).
///
/// Parameters are read as `application/x-www-form-urlencoded` (OAuth 2.0 §4.1.2, §4.2.2), and
/// strictly: `+` is a space, `%` must start a two-digit hexadecimal escape, the decoded text must
/// be UTF-8, and no parameter may appear twice (OAuth 2.0 §3.1). Leading and trailing white
/// space is ignored.
///
/// # Errors
///
/// [`Error::Response`] (code `malformed`) with what is wrong: a bad escape, a repeated parameter,
/// no `response` parameter, `response` in both the query and the fragment, or bare input that
/// is not shaped like a compact token.
///
/// # Examples
///
/// ```
/// use tinyjose::ResponseMode;
/// use tinyjose_std::jarm_response;
///
/// let jwt = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";
/// assert_eq!(jarm_response(&format!("https://c.example/cb#response={jwt}"))?, (jwt.to_owned(), ResponseMode::Fragment));
/// assert_eq!(jarm_response(&format!("state=x&response={jwt}"))?, (jwt.to_owned(), ResponseMode::FormPost));
/// assert_eq!(jarm_response(jwt)?, (jwt.to_owned(), ResponseMode::Jwt));
/// let twice = jarm_response(&format!("response={jwt}&response={jwt}")).unwrap_err();
/// assert_eq!(twice.to_string(), "authorization response: the parameter \"response\" appears twice");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn jarm_response(input: &str) -> Result<(String, ResponseMode)> {
    let input = input.trim();
    if is_compact(input) {
        return Ok((input.to_owned(), ResponseMode::Jwt));
    }
    if let Some((scheme, _)) = input.split_once("://")
        && !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        let (rest, fragment) = match input.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (input, None),
        };
        let query = rest.split_once('?').map(|(_, query)| query);
        let in_query = query.map(|q| response_param(q, "the query")).transpose()?;
        let in_fragment = fragment
            .map(|f| response_param(f, "the fragment"))
            .transpose()?;
        return match (in_query.flatten(), in_fragment.flatten()) {
            (Some(response), None) => Ok((response, ResponseMode::Query)),
            (None, Some(response)) => Ok((response, ResponseMode::Fragment)),
            (Some(_), Some(_)) => Err(response_error(
                "the URL has a \"response\" parameter in both its query and its fragment",
            )),
            (None, None) => Err(response_error("the URL has no \"response\" parameter")),
        };
    }
    if input.contains('=') {
        return match response_param(input, "the form body")? {
            Some(response) => Ok((response, ResponseMode::FormPost)),
            None => Err(response_error(
                "the form body has no \"response\" parameter",
            )),
        };
    }
    Err(response_error(
        "expected a redirect URL, a form body (response=...), or a compact JWT or JWE",
    ))
}

/// Whether `text` is shaped like a compact JWS or JWE: base64url segments, three or five.
fn is_compact(text: &str) -> bool {
    let dots = text.bytes().filter(|&b| b == b'.').count();
    (dots == 2 || dots == 4)
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The `response` parameter of the `application/x-www-form-urlencoded` text `params`, every
/// parameter decoded and none repeated; `where_` names the text in errors.
fn response_param(params: &str, where_: &str) -> Result<Option<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut response = None;
    for pair in params.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = form_decode(name, where_)?;
        if names.contains(&name) {
            return Err(response_error(&format!(
                "the parameter {name:?} appears twice"
            )));
        }
        if name == "response" {
            response = Some(form_decode(value, where_)?);
        } else {
            form_decode(value, where_)?;
        }
        names.push(name);
    }
    Ok(response)
}

/// `text` decoded as `application/x-www-form-urlencoded`: `+` a space, `%XX` a byte, the result
/// UTF-8.
fn form_decode(text: &str, where_: &str) -> Result<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
                match (hex(rest.next()), hex(rest.next())) {
                    (Some(high), Some(low)) => {
                        bytes.push(u8::try_from(high * 16 + low).unwrap_or_default());
                    }
                    _ => {
                        return Err(response_error(&format!(
                            "{where_} has a \"%\" that is not followed by two hexadecimal digits"
                        )));
                    }
                }
            }
            b => bytes.push(b),
        }
    }
    String::from_utf8(bytes)
        .map_err(|_| response_error(&format!("{where_} decodes to text that is not UTF-8")))
}

fn response_error(message: &str) -> Error {
    Error::Response(message.to_owned())
}
