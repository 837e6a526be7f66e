//! The JWE JSON serializations, general and flattened (RFC 7516 §7.2): decryption with one key,
//! encryption to one or more recipients.

use tinyjose_std::tinyjose::jwe::{JweJsonParams, JweRecipient};
use tinyjose_std::tinyjose::{Error as Jose, JsonForm, UntrustedJweJson};
use tinyjose_std::{ALL_CONTENT_ENCRYPTIONS, Enc, HeaderParams};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::Failure;
use crate::jwe::{JweKey, content, limits, parse_jwe_alg};

/// A decrypted JWE JSON serialization: the three header texts, the `aad` and the plaintext.
#[wasm_bindgen]
#[derive(Debug)]
pub struct DecryptedJson(tinyjose_std::DecryptedJson);

#[wasm_bindgen]
impl DecryptedJson {
    /// The protected header JSON, exactly as sent; empty when there is none.
    #[wasm_bindgen(getter, js_name = protectedJson)]
    #[must_use]
    pub fn protected_json(&self) -> String {
        self.0.protected_json.clone()
    }

    /// The shared unprotected header JSON (`unprotected`).
    #[wasm_bindgen(getter, js_name = unprotectedJson)]
    #[must_use]
    pub fn unprotected_json(&self) -> Option<String> {
        self.0.unprotected_json.clone()
    }

    /// The unprotected header JSON of the recipient that decrypted (`header`).
    #[wasm_bindgen(getter, js_name = recipientHeaderJson)]
    #[must_use]
    pub fn recipient_header_json(&self) -> Option<String> {
        self.0.recipient_header_json.clone()
    }

    /// The decoded `aad`.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn aad(&self) -> Option<Vec<u8>> {
        self.0.aad.clone()
    }

    /// The plaintext (inflated for `"zip":"DEF"`).
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn plaintext(&self) -> Vec<u8> {
        self.0.plaintext.clone()
    }
}

/// Decrypts a JWE JSON serialization with `key`: each recipient of the key's `alg` is tried.
/// `algorithms` and `encryptions`, when not empty, list the only `alg` and `enc` accepted;
/// `p2c` above `max_p2c` is refused before any work; compressed content may inflate to
/// `max_inflated` bytes (0: compressed content is refused).
///
/// # Errors
///
/// The core's error for any refusal; `alg_not_allowed`.
#[wasm_bindgen(js_name = decryptJson)]
pub fn decrypt_json(
    text: &str,
    key: &JweKey,
    algorithms: Vec<String>,
    encryptions: Vec<String>,
    max_p2c: u32,
    max_inflated: u32,
) -> Result<DecryptedJson, Failure> {
    let limits = limits(max_p2c, usize::try_from(max_inflated).unwrap_or(usize::MAX));
    let jwe = UntrustedJweJson::parse_with_limits(text, &limits)?;
    let alg = key.inner().alg().name();
    if !algorithms.is_empty() && !algorithms.iter().any(|a| a == alg) {
        return Err(Failure::alg_not_allowed(format!(
            "{alg} is not in keyManagementAlgorithms"
        )));
    }
    let enc = jwe.enc().name();
    if !encryptions.is_empty() && !encryptions.iter().any(|e| e == enc) {
        return Err(Failure::enc_not_allowed(format!(
            "{enc} is not in contentEncryptionAlgorithms"
        )));
    }
    if max_inflated == 0 && jwe.is_compressed() {
        return Err(Failure::unsupported(
            "compressed content (\"zip\") is refused: maxDecompressedLength is 0",
        ));
    }
    Ok(DecryptedJson(
        tinyjose_std::decrypt_json_to_vec_with_limits(
            text,
            key.decrypter()?,
            ALL_CONTENT_ENCRYPTIONS,
            &limits,
        )?,
    ))
}

/// The recipients of a JWE JSON serialization, added one by one, then encrypted to at once.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct JsonEncrypt {
    recipients: Vec<(JweKey, Option<String>)>,
}

#[wasm_bindgen]
impl JsonEncrypt {
    /// No recipient yet.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a recipient: `key` (checked against `alg` when given) and the `kid` of its header.
    ///
    /// # Errors
    ///
    /// `alg_mismatch` if `alg` is not the key's.
    pub fn add(
        &mut self,
        key: &JweKey,
        alg: Option<String>,
        kid: Option<String>,
    ) -> Result<(), Failure> {
        if let Some(alg) = alg
            && parse_jwe_alg(&alg)? != key.inner().alg()
        {
            return Err(Jose::AlgMismatch.into());
        }
        self.recipients.push((key.clone(), kid));
        Ok(())
    }

    /// Encrypts `plaintext` with `enc` to every recipient, into the general or (`flattened`,
    /// one recipient) flattened serialization, with the protected header's `kid`, `typ` and
    /// `cty`, a shared unprotected header (JSON text) and an `aad`.
    ///
    /// # Errors
    ///
    /// The core's encryption errors (`dir` or `ECDH-ES` among several recipients: `unsupported`).
    #[expect(
        clippy::too_many_arguments,
        reason = "one flat call per encryption from JavaScript"
    )]
    pub fn encrypt(
        &self,
        plaintext: &[u8],
        enc: &str,
        kid: Option<String>,
        typ: Option<String>,
        cty: Option<String>,
        unprotected: Option<String>,
        aad: Option<Vec<u8>>,
        flattened: bool,
    ) -> Result<String, Failure> {
        let content = content(Enc::from_name(enc)?)?;
        let mut header = HeaderParams::new();
        header.kid = kid.as_deref();
        header.typ = typ.as_deref();
        header.cty = cty.as_deref();
        let form = if flattened {
            JsonForm::Flattened
        } else {
            JsonForm::General
        };
        let mut params = JweJsonParams::new().header(header).form(form);
        if let Some(json) = unprotected.as_deref() {
            params = params.unprotected(json);
        }
        if let Some(aad) = aad.as_deref() {
            params = params.aad(aad);
        }
        let recipients: Vec<JweRecipient<'_>> = self
            .recipients
            .iter()
            .map(|(key, kid)| {
                let recipient = JweRecipient::new(key.inner().encrypter());
                match kid.as_deref() {
                    Some(kid) => recipient.kid(kid),
                    None => recipient,
                }
            })
            .collect();
        Ok(tinyjose_std::encrypt_json_to_string(
            &params,
            plaintext,
            &recipients,
            content,
        )?)
    }
}
