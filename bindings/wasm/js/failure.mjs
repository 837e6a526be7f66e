// The conversion from a failure of the wasm layer to the jose-compatible error class.

import { CODES } from './codes.mjs';
import * as errors from './errors.mjs';

/**
 * The jose class of each code. A value names a class of errors.mjs, or `Invalid`: the
 * malformed-input class of the context (JWSInvalid, JWEInvalid, JWTInvalid, JWKInvalid or
 * JWKSInvalid). JWKInvalid becomes JWKSInvalid for a JWK Set.
 */
const CLASSES = {
  malformed: 'Invalid',
  base64: 'Invalid',
  json: 'Invalid',
  duplicate_member: 'Invalid',
  unsupported_alg: 'JOSENotSupported',
  unsupported_enc: 'JOSENotSupported',
  alg_none: 'JOSEAlgNotAllowed',
  alg_rsa1_5: 'JOSENotSupported',
  alg_not_allowed: 'JOSEAlgNotAllowed',
  alg_mismatch: 'JOSEAlgNotAllowed',
  unsupported_crit: 'JOSENotSupported',
  key_rejected: 'JWKInvalid',
  ambiguous_key: 'JWKSMultipleMatchingKeys',
  no_matching_key: 'JWKSNoMatchingKey',
  unsupported: 'JOSENotSupported',
  invalid_signature: 'JWSSignatureVerificationFailed',
  decryption_failed: 'JWEDecryptionFailed',
  expired: 'JWTExpired',
  not_yet_valid: 'JWTClaimValidationFailed',
  issued_at_invalid: 'JWTClaimValidationFailed',
  max_age_exceeded: 'JWTExpired',
  issuer_mismatch: 'JWTClaimValidationFailed',
  audience_mismatch: 'JWTClaimValidationFailed',
  subject_mismatch: 'JWTClaimValidationFailed',
  type_mismatch: 'JWTClaimValidationFailed',
  missing_claim: 'JWTClaimValidationFailed',
  invalid_claim: 'JWTClaimValidationFailed',
  buffer_too_small: 'JOSEError',
  limit_exceeded: 'Invalid',
};

/**
 * The one table from tinyjose codes to jose classes: exactly the codes of the core's
 * `Error::code()` list (CODES, generated from it), in its order. A code the table above does not
 * name (the core gained one) maps to JOSEError, and the package's tests fail until it is named.
 */
export const CODE_CLASSES = Object.freeze(Object.fromEntries(CODES.map((code) => [code, CLASSES[code] ?? 'JOSEError'])));

/** The codes of CLASSES that the core's list does not have (none, while the two agree). */
export const UNLISTED_CODES = Object.freeze(Object.keys(CLASSES).filter((code) => !CODES.includes(code)));

/** The codes of the core's list that CLASSES does not name (none, while the two agree). */
export const UNMAPPED_CODES = Object.freeze(CODES.filter((code) => !Object.hasOwn(CLASSES, code)));

/** The claim a time error concerns when the failure names none, as jose names it. */
const DEFAULT_CLAIMS = { expired: 'exp', max_age_exceeded: 'iat' };
/** jose's `reason` of a claim error: `check_failed` unless named here. */
const REASONS = { missing_claim: 'missing', invalid_claim: 'invalid' };

/** The class of a malformed input for `context` and the `part` of the failure. */
function invalidClass(code, context, part) {
  if (context === 'jwk') return errors.JWKInvalid;
  if (context === 'jwks') return errors.JWKSInvalid;
  // A payload that is not a JSON object (or repeats a member) is not a JWT claims set; a
  // payload segment that is not base64url is a JWS error, as in jose.
  if ((context === 'jwt' || context === 'jwe-jwt') && (code === 'json' || code === 'duplicate_member') && part === 'payload') {
    return errors.JWTInvalid;
  }
  if (context === 'jwe' || context === 'jwe-jwt') return errors.JWEInvalid;
  return errors.JWSInvalid;
}

/**
 * The jose-compatible error for a failure of the wasm layer.
 * `context` is 'jwt' (jwtVerify), 'jws' (compactVerify), 'jwe' (compactDecrypt, encryption),
 * 'jwe-jwt' (jwtDecrypt), 'jwk' (key import) or 'jwks'.
 */
export function toJoseError(failure, context, payload) {
  const { code, message, claim } = failure;
  const name = Object.hasOwn(CODE_CLASSES, code) ? CODE_CLASSES[code] : 'JOSEError';
  let Class = name === 'Invalid' ? invalidClass(code, context, failure.part) : errors[name];
  if (Class === errors.JWKInvalid && context === 'jwks') Class = errors.JWKSInvalid;
  if (Class === errors.JWTClaimValidationFailed || Class === errors.JWTExpired) {
    const error = new Class(message, payload, claim ?? DEFAULT_CLAIMS[code] ?? 'unspecified', REASONS[code] ?? 'check_failed');
    error.tinyjoseCode = code;
    return error;
  }
  // Whatever the cause, jose says only that decryption failed.
  if (Class === errors.JWEDecryptionFailed) return new Class(undefined, code);
  return new Class(message, code);
}

/**
 * The function that runs a call into `wasm` (the bindings of one module), turning its failure
 * into the jose error for `context`.
 */
export function caller(wasm) {
  return function call(context, fn, payload) {
    try {
      return fn();
    } catch (e) {
      if (e instanceof wasm.Failure) {
        const error = toJoseError(e, context, payload);
        e.free();
        throw error;
      }
      throw e;
    }
  };
}

/** Whether `e` is a claim error (JWTClaimValidationFailed or JWTExpired, which jose keeps apart). */
export function isClaimError(e) {
  return e instanceof errors.JWTClaimValidationFailed || e instanceof errors.JWTExpired;
}

/** Attaches the claims set to a claim error, in `payload` and in `cause`, as jose's constructor does. */
export function withPayload(e, payload) {
  e.payload = payload;
  if (e.cause && typeof e.cause === 'object') e.cause.payload = payload;
  return e;
}
