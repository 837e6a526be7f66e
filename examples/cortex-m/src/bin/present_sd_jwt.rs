//! A wallet device: it holds an SD-JWT VC (RFC 9901) issued to its own key and, asked by a
//! verifier for proof of age, presents `age_over_18` alone with a Key Binding JWT for the
//! verifier's `aud` and nonce, signed by its key through [`JwsSigner`] (as a secure element
//! would sign), into a buffer on its stack; then verifies its own presentation with the
//! issuer's public key, as the verifier will.

#![no_std]
#![no_main]

use core::cell::Cell;

use cortex_m_rt::entry;
use serde::Deserialize;
use tinyjose::{
    Disclosure, Error, Es256SigningKey, Es256VerifyingKey, JwsAlg, JwsSigner, KeyBindingParams,
    Limits, Part, SdJwtValidation, UnixTime, UntrustedSdJwt, Validation, present_sd_jwt,
};
use tinyjose_firmware::data::{self, sd_jwt};
use tinyjose_firmware::{Scenario, instructions, measure};

/// Room for the presentation: the issuer-signed JWT, the disclosures kept and the Key Binding
/// JWT.
const PRESENTATION_LEN: usize = 1664;

/// Room for the largest disclosure of the credential, decoded, while the selector looks at it.
const DISCLOSURE_LEN: usize = 96;

/// The most disclosures the check of the presentation takes (the core's default is 64).
const DISCLOSURES: usize = 8;

/// Room for the decoded payloads while the presentation is checked.
const SCRATCH_LEN: usize = 1024;

/// Room for the disclosed claims.
const CLAIMS_LEN: usize = 512;

/// The device's key behind the one interface the core signs through: a secure element would
/// keep the scalar and answer only `sign`. It counts the signatures it makes.
struct SecureElement {
    key: Es256SigningKey,
    signatures: Cell<usize>,
}

impl JwsSigner for SecureElement {
    fn alg(&self) -> JwsAlg {
        JwsAlg::Es256
    }

    fn signature_len(&self) -> usize {
        self.key.signature_len()
    }

    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        self.signatures.set(self.signatures.get() + 1);
        self.key.sign(signing_input, out)
    }
}

/// Presents the credential the device holds to the verifier `aud` with its `nonce`, at `now`:
/// only `age_over_18` disclosed. Returns the presentation's length in `out` and how many
/// disclosures the selector saw.
///
/// # Errors
///
/// As [`present_sd_jwt`].
#[inline(never)]
fn present_age(
    signer: &dyn JwsSigner,
    aud: &str,
    nonce: &str,
    now: u64,
    scratch: &mut [u8],
    out: &mut [u8],
) -> Result<(usize, usize), Error> {
    let mut seen = 0;
    let mut only_age = |d: &Disclosure<'_>| {
        seen += 1;
        d.is_named("age_over_18")
    };
    let kb = KeyBindingParams::new(aud, nonce, UnixTime::from_secs(now));
    let len = present_sd_jwt(
        sd_jwt::HELD,
        &mut only_age,
        Some((signer, &kb)),
        scratch,
        out,
    )?
    .len();
    Ok((len, seen))
}

/// What the verifier learns: the age claim and, since it was not disclosed, no name.
#[derive(Deserialize)]
struct Shown<'a> {
    age_over_18: bool,
    given_name: Option<&'a str>,
}

/// Checks the presentation as the verifier will: the issuer's signature, the disclosures, the
/// credential type, the Key Binding JWT. Returns the length of the disclosed claims left in
/// `claims` and whether they say the holder is an adult and keep the name back.
///
/// # Errors
///
/// The first check that fails.
#[inline(never)]
fn check_presentation(
    presentation: &str,
    issuer: &Es256VerifyingKey,
    scratch: &mut [u8],
    claims: &mut [u8],
) -> Result<(usize, bool), Error> {
    let types = [sd_jwt::VCT];
    let rules = SdJwtValidation::new(
        Validation::new(UnixTime::from_secs(data::NOW)).issuer("https://issuer.example"),
    )
    .key_binding(sd_jwt::VERIFIER, sd_jwt::VERIFIER_NONCE)
    .vct(&types);
    let sd_jwt =
        UntrustedSdJwt::<'_, DISCLOSURES>::parse_with_capacity(presentation, &Limits::DEFAULT)?;
    let verified = sd_jwt.verify(issuer, &rules, scratch, claims)?;
    let shown: Shown<'_> = verified.claims().deserialize(&mut [])?;
    Ok((
        verified.claims().json().len(),
        verified.is_key_bound() && shown.age_over_18 && shown.given_name.is_none(),
    ))
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("present_sd_jwt");
    let (Ok(key), Ok(issuer)) = (
        Es256SigningKey::from_bytes(data::DEVICE_D),
        Es256VerifyingKey::from_coordinates(data::ES256_X, data::ES256_Y),
    ) else {
        s.check("keys imported", false);
        s.finish();
    };
    let element = SecureElement {
        key,
        signatures: Cell::new(0),
    };
    // What the verifier's request carried.
    let (aud, nonce) = (sd_jwt::VERIFIER, sd_jwt::VERIFIER_NONCE);
    let mut scratch = [0u8; DISCLOSURE_LEN];
    let mut out = [0u8; PRESENTATION_LEN];

    let (presented, stack) =
        measure(|| present_age(&element, aud, nonce, data::NOW, &mut scratch, &mut out));
    s.report_stack("present_sd_jwt", stack);
    let len = match s.check_ok("presented", presented) {
        Some((len, seen)) => {
            s.check("the selector saw the 8 disclosures", seen == 8);
            len
        }
        None => 0,
    };
    s.check(
        "one signature, by the secure element",
        element.signatures.get() == 1,
    );
    s.check(
        "exact presentation: age_over_18 alone, Key Binding JWT",
        out.get(..len) == Some(sd_jwt::AGE_ONLY.as_bytes()),
    );
    let (again, count) = instructions(|| {
        present_age(&element, aud, nonce, data::NOW, &mut scratch, &mut out).map(|(len, _)| len)
    });
    s.check_eq(
        "presented again, counting instructions",
        again,
        &sd_jwt::AGE_ONLY.len(),
    );
    s.report_time("present_sd_jwt", count);

    // The device's own check of what it sends.
    let presentation = core::str::from_utf8(out.get(..len).unwrap_or_default()).unwrap_or_default();
    let mut check_scratch = [0u8; SCRATCH_LEN];
    let mut claims = [0u8; CLAIMS_LEN];
    s.check(
        "scratch enough for the check",
        sd_jwt::AGE_SCRATCH_LEN <= SCRATCH_LEN,
    );
    let (checked, stack) =
        measure(|| check_presentation(presentation, &issuer, &mut check_scratch, &mut claims));
    s.report_stack("verify_presentation", stack);
    if let Some((claims_len, adult)) = s.check_ok("own presentation verified", checked) {
        s.check(
            "exact claims: age_over_18 the one disclosed",
            claims.get(..claims_len) == Some(sd_jwt::AGE_CLAIMS.as_bytes()),
        );
        s.check("adult, key bound, no name shown", adult);
    }
    let (checked, count) =
        instructions(|| check_presentation(presentation, &issuer, &mut check_scratch, &mut claims));
    s.check_eq(
        "verified again, counting instructions",
        checked.map(|(len, _)| len),
        &sd_jwt::AGE_CLAIMS.len(),
    );
    s.report_time("verify_presentation", count);

    // Refusals, before anything is signed.
    let signed = element.signatures.get();
    let short = out
        .get_mut(..sd_jwt::AGE_ONLY.len() - 1)
        .unwrap_or_default();
    s.check_err(
        "presentation buffer one byte short",
        present_age(&element, aud, nonce, data::NOW, &mut scratch, short),
        Error::BufferTooSmall {
            needed: sd_jwt::AGE_ONLY.len(),
        },
    );
    s.check(
        "nothing signed for the short buffer",
        element.signatures.get() == signed,
    );
    let kb = KeyBindingParams::new(aud, nonce, UnixTime::from_secs(data::NOW));
    s.check_err(
        "a presentation presented again",
        present_sd_jwt(
            sd_jwt::AGE_ONLY,
            &mut |_| true,
            Some((&element, &kb)),
            &mut scratch,
            &mut out,
        ),
        Error::Malformed(Part::Token),
    );
    s.finish()
}
