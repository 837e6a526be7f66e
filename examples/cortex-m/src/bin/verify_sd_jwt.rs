//! A door controller that admits adults: it reads an SD-JWT VC presentation (RFC 9901) from a
//! phone wallet, checks the issuer's signature, the disclosures, the credential type and the
//! wallet's Key Binding JWT for this reader and its nonce, and reads the disclosed claims; then
//! refuses, with the exact error, each way a presentation can be wrong.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use serde::Deserialize;
use tinyjose::{
    Claim, DisclosureReason, Error, Es256VerifyingKey, JwsVerifier, Limits, SdJwtValidation,
    UnixTime, UntrustedSdJwt, Validation,
};
use tinyjose_firmware::data::{self, sd_jwt};
use tinyjose_firmware::{Scenario, instructions, measure};

/// The most disclosures the reader takes in one presentation. A credential shows a handful; each
/// one of capacity costs the verification about 60 bytes of stack (the core's default is 64).
const DISCLOSURES: usize = 8;

/// Room for the issuer-signed payload, the disclosures and the Key Binding JWT's payload, decoded
/// ([`UntrustedSdJwt::scratch_len`]).
const SCRATCH_LEN: usize = 1152;

/// Room for the disclosed claims.
const CLAIMS_LEN: usize = 512;

/// What the reader reads of the disclosed claims: owned, so it outlives the claims buffer.
#[derive(Deserialize)]
struct Holder {
    given_name: heapless::String<32>,
    age_over_18: bool,
    address: Address,
}

#[derive(Deserialize)]
struct Address {
    street_address: heapless::String<32>,
}

/// A presentation the reader accepted.
struct Admission {
    holder: Holder,
    /// A Key Binding JWT was verified.
    key_bound: bool,
    /// The length of the disclosed claims, left in the caller's buffer.
    claims_len: usize,
}

/// The reader's rules at `now`: the issuer, an identity credential, and a Key Binding JWT for
/// this reader with `nonce` (made at most 300 s before `now`).
fn rules<'a>(now: u64, nonce: &'a str, types: &'a [&'a str]) -> SdJwtValidation<'a> {
    SdJwtValidation::new(Validation::new(UnixTime::from_secs(now)).issuer("https://issuer.example"))
        .key_binding(sd_jwt::READER, nonce)
        .vct(types)
}

/// The whole path of a presentation: split, verify with the issuer's `key` under `rules`, read
/// the claims. The disclosed claims are left in `claims`.
///
/// # Errors
///
/// The first check that fails, exactly as the core reports it.
#[inline(never)]
fn admit(
    presentation: &str,
    key: &dyn JwsVerifier,
    rules: &SdJwtValidation<'_>,
    scratch: &mut [u8],
    claims: &mut [u8],
) -> Result<Admission, Error> {
    let sd_jwt =
        UntrustedSdJwt::<'_, DISCLOSURES>::parse_with_capacity(presentation, &Limits::DEFAULT)?;
    let verified = sd_jwt.verify(key, rules, scratch, claims)?;
    let holder: Holder = verified.claims().deserialize(&mut [])?;
    Ok(Admission {
        holder,
        key_bound: verified.is_key_bound(),
        claims_len: verified.claims().json().len(),
    })
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_sd_jwt");
    let Ok(issuer) = Es256VerifyingKey::from_coordinates(data::ES256_X, data::ES256_Y) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    let identity = [sd_jwt::VCT];
    let now = rules(data::NOW, sd_jwt::NONCE, &identity);
    let mut scratch = [0u8; SCRATCH_LEN];
    let mut claims = [0u8; CLAIMS_LEN];
    s.check(
        "scratch enough for the presentation",
        sd_jwt::SCRATCH_LEN <= SCRATCH_LEN,
    );

    let (admitted, stack) = measure(|| {
        admit(
            sd_jwt::PRESENTATION,
            &issuer,
            &now,
            &mut scratch,
            &mut claims,
        )
    });
    s.report_stack("verify_sd_jwt", stack);
    if let Some(a) = s.check_ok("presentation accepted", admitted) {
        s.check("key bound", a.key_bound);
        s.check(
            "exact disclosed claims",
            claims.get(..a.claims_len) == Some(sd_jwt::CLAIMS.as_bytes()),
        );
        s.check("age_over_18 is true: the door opens", a.holder.age_over_18);
        s.check(
            "given_name and address/street_address read",
            a.holder.given_name == "Erika" && a.holder.address.street_address == "Heidestrasse 17",
        );
    }
    let (again, count) = instructions(|| {
        admit(
            sd_jwt::PRESENTATION,
            &issuer,
            &now,
            &mut scratch,
            &mut claims,
        )
        .map(|a| a.holder.age_over_18)
    });
    s.check_eq("accepted again, counting instructions", again, &true);
    s.report_time("verify_sd_jwt", count);

    claims.fill(0xA5);
    s.check_err(
        "a disclosure tampered with (given_name changed)",
        admit(sd_jwt::TAMPERED, &issuer, &now, &mut scratch, &mut claims),
        Error::Disclosure(DisclosureReason::Unreferenced),
    );
    s.check(
        "claims buffer wiped after the refusal",
        claims.iter().all(|&b| b == 0),
    );
    // The reader's nonce with its last character changed: a presentation made for another
    // challenge, replayed.
    s.check_err(
        "another nonce",
        admit(
            sd_jwt::PRESENTATION,
            &issuer,
            &rules(data::NOW, "nx5Gq0VbT2wYc8Lt", &identity),
            &mut scratch,
            &mut claims,
        ),
        Error::ClaimMismatch(Claim::Nonce),
    );
    // The presentation up to and including its last `~`: the disclosures without the KB-JWT.
    let unbound = sd_jwt::PRESENTATION
        .rfind('~')
        .and_then(|last| sd_jwt::PRESENTATION.get(..=last))
        .unwrap_or_default();
    s.check_err(
        "without its Key Binding JWT",
        admit(unbound, &issuer, &now, &mut scratch, &mut claims),
        Error::KeyBindingRequired,
    );
    s.check_err(
        "Key Binding JWT older than 300 s",
        admit(
            sd_jwt::PRESENTATION,
            &issuer,
            &rules(data::NOW + 301, sd_jwt::NONCE, &identity),
            &mut scratch,
            &mut claims,
        ),
        Error::MaxAgeExceeded,
    );
    s.check_err(
        "Key Binding JWT signed by another key",
        admit(sd_jwt::OTHER_KEY, &issuer, &now, &mut scratch, &mut claims),
        Error::InvalidSignature,
    );
    s.check_err(
        "another credential type",
        admit(
            sd_jwt::PRESENTATION,
            &issuer,
            &rules(
                data::NOW,
                sd_jwt::NONCE,
                &["https://credentials.example/staff_badge"],
            ),
            &mut scratch,
            &mut claims,
        ),
        Error::ClaimMismatch(Claim::Vct),
    );
    let short = claims
        .get_mut(..sd_jwt::CLAIMS.len() - 1)
        .unwrap_or_default();
    s.check_err(
        "claims buffer one byte short",
        admit(sd_jwt::PRESENTATION, &issuer, &now, &mut scratch, short),
        Error::BufferTooSmall {
            needed: sd_jwt::CLAIMS.len(),
        },
    );
    let scratch = scratch
        .get_mut(..sd_jwt::SCRATCH_LEN - 1)
        .unwrap_or_default();
    s.check_err(
        "scratch buffer one byte short",
        admit(sd_jwt::PRESENTATION, &issuer, &now, scratch, &mut claims),
        Error::BufferTooSmall {
            needed: sd_jwt::SCRATCH_LEN,
        },
    );
    s.finish()
}
