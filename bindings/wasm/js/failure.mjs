// The conversion from a failure of the wasm layer to the jose-compatible error class.

import { CODES } from './codes.mjs';
import * as errors from './errors.mjs';
import { compactHeader, headerProblem } from './header.mjs';

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
  alg_none: 'JOSENotSupported',
  alg_rsa1_5: 'JOSENotSupported',
  alg_not_allowed: 'JOSEAlgNotAllowed',
  alg_mismatch: 'JOSEAlgNotAllowed',
  unsupported_crit: 'JOSENotSupported',
  key_rejected: 'JWKInvalid',
  ambiguous_key: 'JWKSMultipleMatchingKeys',
  no_matching_key: 'JWKSNoMatchingKey',
  // A remote JWK Set that could not be fetched: JOSEError, as jose's failed fetch (JWKSTimeout
  // for a timeout, below).
  fetch_failed: 'JOSEError',
  // An x5c chain refused (the core's; this package reads no x5c).
  certificate_rejected: 'JOSEError',
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
  claim_mismatch: 'JWTClaimValidationFailed',
  replayed: 'JWTClaimValidationFailed',
  // A JARM response that should have been a JWE and was only signed.
  encryption_required: 'JWEInvalid',
  // An SD-JWT disclosure that does not fit the issuer-signed payload (unreferenced, repeated,
  // misplaced), and a presentation without the Key Binding JWT the verifier requires: the
  // SD-JWT is not one the verifier can accept, as a malformed JWT is not.
  disclosure_rejected: 'JWTInvalid',
  key_binding_required: 'JWTInvalid',
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

/** The claim an error concerns when the failure names none, as jose names it. */
const DEFAULT_CLAIMS = { expired: 'exp', max_age_exceeded: 'iat', replayed: 'jti' };
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
  // An SD-JWT whose structure, claims (`_sd`) or disclosures are wrong is not a valid SD-JWT; its
  // issuer-signed JWT's header and signature are a JWS's.
  if (context === 'sd-jwt' && SD_JWT_PARTS.includes(part)) return errors.JWTInvalid;
  if (context === 'jwe' || context === 'jwe-jwt') return errors.JWEInvalid;
  return errors.JWSInvalid;
}

/** jose's words for a JWS `alg` it does not support. */
const unsupportedJwsAlg = (alg) => `alg ${alg} is not supported either by JOSE or your javascript runtime`;

const isJwe = (context) => context === 'jwe' || context === 'jwe-jwt';
/** The parts of an SD-JWT whose malformed input is JWTInvalid: the whole, the claims, a disclosure, their count. */
const SD_JWT_PARTS = ['token', 'payload', 'disclosure', 'sd-jwt disclosures'];
const TIME_CLAIMS = ['exp', 'nbf', 'iat'];

/** jose's words for the limits jose has too (by `Limit::name`); tinyjose's other limits keep the core's words. */
const LIMIT_WORDS = {
  'decompressed content length': ['Invalid', 'Decompressed plaintext exceeded the configured limit'],
  'pbes2 iteration count': ['Invalid', 'JOSE Header "p2c" (PBES2 Count) out is of acceptable bounds'],
};

/** jose's words for a claim failure. */
const CLAIM_WORDS = {
  expired: () => '"exp" claim timestamp check failed',
  not_yet_valid: () => '"nbf" claim timestamp check failed',
  issued_at_invalid: () => '"iat" claim timestamp check failed (it should be in the past)',
  max_age_exceeded: (claim) => (claim === 'auth_time'
    ? '"auth_time" claim timestamp check failed (too much time has elapsed since the last End-User authentication)'
    : '"iat" claim timestamp check failed (too far in the past)'),
  issuer_mismatch: () => 'unexpected "iss" claim value',
  subject_mismatch: () => 'unexpected "sub" claim value',
  audience_mismatch: () => 'unexpected "aud" claim value',
  type_mismatch: () => 'unexpected "typ" JWT header value',
  missing_claim: (claim) => `missing required "${claim}" claim`,
  claim_mismatch: (claim) => `unexpected "${claim}" claim value`,
  replayed: () => 'the "jti" claim value was seen before: the proof is replayed',
  // jose checks only the types of the time claims; tinyjose's other checks speak its way.
  invalid_claim: (claim) => (TIME_CLAIMS.includes(claim) ? `"${claim}" claim must be a number` : `"${claim}" claim must be a string`),
};

/**
 * jose's [class name, message] for a structural failure (`malformed`, `base64`, `json`,
 * `duplicate_member`) of `part`, or undefined to keep the core's words.
 */
function structureWords(code, part, context, header) {
  const what = isJwe(context) ? 'JWE' : 'JWS';
  switch (part) {
    case 'token':
      // An SD-JWT's `~` structure or its Key Binding JWT: the core's words.
      return context === 'sd-jwt' ? undefined : ['Invalid', `Invalid Compact ${what}`];
    case 'header':
      return (header && headerProblem(header, isJwe(context))) ?? ['Invalid', `${what} Protected Header is invalid`];
    case 'signature':
      return ['Invalid', 'Failed to base64url decode the signature'];
    // jose reads an encrypted key it cannot decode as an empty one, which does not decrypt.
    case 'encrypted key':
      return code === 'base64' ? ['JWEDecryptionFailed'] : undefined;
    case 'initialization vector':
      return code === 'base64' ? ['Invalid', 'Failed to base64url decode the iv'] : undefined;
    case 'ciphertext':
      return code === 'base64' ? ['Invalid', 'Failed to base64url decode the ciphertext'] : undefined;
    case 'authentication tag':
      return code === 'base64' ? ['Invalid', 'Failed to base64url decode the tag'] : undefined;
    case 'payload':
      if (context === 'jwt' && code === 'malformed') return ['JWTInvalid', 'JWTs MUST NOT use unencoded payload'];
      if (context === 'jwt' || context === 'jwe-jwt' || context === 'sd-jwt') {
        if (code === 'json' || code === 'duplicate_member') return ['JWTInvalid', 'JWT Claims Set must be a top-level JSON object'];
      }
      return code === 'base64' ? ['Invalid', 'Failed to base64url decode the payload'] : undefined;
    default:
      return undefined;
  }
}

/**
 * jose's [class name, message] for a failure, or undefined for the table's class and the core's
 * words. `header` is the token's protected header when it parsed (for jose's header checks).
 */
function joseWords(failure, context, header) {
  const { code, part } = failure;
  switch (code) {
    case 'malformed':
    case 'base64':
    case 'json':
    case 'duplicate_member':
      return structureWords(code, part, context, header);
    case 'unsupported_crit':
      return header && headerProblem(header, isJwe(context));
    case 'alg_rsa1_5':
      return ['JOSENotSupported', 'Invalid or unsupported "alg" (JWE Algorithm) header value'];
    case 'alg_none':
    case 'unsupported_alg':
      if (typeof header?.alg !== 'string') return undefined;
      if (headerProblem(header, isJwe(context))) return headerProblem(header, isJwe(context));
      return ['JOSENotSupported', isJwe(context) ? 'Invalid or unsupported "alg" (JWE Algorithm) header value' : unsupportedJwsAlg(header.alg)];
    case 'unsupported_enc':
      // An `enc` outside the caller's contentEncryptionAlgorithms is the core's unsupported_enc,
      // in jose's class and words for a value not allowed.
      return part === 'enc'
        ? ['JOSEAlgNotAllowed', ENC_NOT_ALLOWED]
        : ['JOSENotSupported', 'Invalid or unsupported "enc" (JWE Encryption Algorithm) header value'];
    case 'alg_not_allowed':
      return ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'];
    case 'invalid_signature':
      return ['JWSSignatureVerificationFailed', 'signature verification failed'];
    case 'limit_exceeded':
      return LIMIT_WORDS[failure.part];
    case 'fetch_failed':
      // jose's class for a remote JWK Set request that timed out; the core's words.
      return failure.part === 'timeout' ? ['JWKSTimeout', failure.message] : undefined;
    case 'unsupported':
      // The one refusal of a JWE's `zip` by the options: maxDecompressedLength 0.
      return isJwe(context) && header?.zip === 'DEF' ? ['JOSENotSupported', 'JWE "zip" (Compression Algorithm) Header Parameter is not supported.'] : undefined;
    default:
      return undefined;
  }
}

/**
 * The jose-compatible error for a failure of the wasm layer: jose's class and words.
 * `context` is 'jwt' (jwtVerify), 'jws' (compactVerify), 'jwe' (compactDecrypt, encryption),
 * 'jwe-jwt' (jwtDecrypt), 'sd-jwt' (issueSdJwt, presentSdJwt, verifySdJwt), 'jwk' (key import)
 * or 'jwks'; `token` the compact token (an SD-JWT's issuer-signed JWT), or the protected header
 * of a JSON serialization, when there is one, for jose's words on its header.
 */
export function toJoseError(failure, context, token) {
  const { code, claim } = failure;
  const words = joseWords(failure, context, typeof token === 'string' ? compactHeader(token) : token);
  const name = words?.[0] ?? (Object.hasOwn(CODE_CLASSES, code) ? CODE_CLASSES[code] : 'JOSEError');
  const message = words?.[1] ?? failure.message;
  let Class = name === 'Invalid' ? invalidClass(code, context, failure.part) : errors[name];
  if (Class === errors.JWKInvalid && context === 'jwks') Class = errors.JWKSInvalid;
  if (Class === errors.JWTClaimValidationFailed || Class === errors.JWTExpired) {
    const named = claim ?? DEFAULT_CLAIMS[code] ?? 'unspecified';
    const error = new Class(CLAIM_WORDS[code]?.(named) ?? message, undefined, named, REASONS[code] ?? 'check_failed');
    error.tinyjoseCode = code;
    return error;
  }
  // Whatever the cause, jose says only that decryption failed; the key set errors have jose's default words.
  if (Class === errors.JWEDecryptionFailed || Class === errors.JWKSNoMatchingKey || Class === errors.JWKSMultipleMatchingKeys) return new Class(undefined, code);
  return new Class(message, code);
}

/**
 * The function that runs a call into `wasm` (the bindings of one module), turning its failure
 * into the jose error for `context`.
 */
export function caller(wasm) {
  return function call(context, fn, token) {
    try {
      return fn();
    } catch (e) {
      if (e instanceof wasm.Failure) {
        const error = toJoseError(e, context, token);
        e.free();
        throw error;
      }
      throw e;
    }
  };
}

const UNKNOWN = ['unsupported_alg', 'unsupported_enc', 'alg_none', 'alg_rsa1_5'];

/** jose's words for an `enc` outside contentEncryptionAlgorithms. */
export const ENC_NOT_ALLOWED = '"enc" (Encryption Algorithm) Header Parameter value not allowed';

/**
 * jose checks the caller's allow lists before it looks an algorithm up: for an `alg` (or `enc`)
 * the core does not support, outside a list the caller gave (`[[value, list, words, code], ...]`
 * in jose's order), the error is jose's "not allowed", with the core's code for that list
 * (`alg_not_allowed`, or `unsupported_enc` for an `enc`). Any other error is returned as it is.
 */
export function allowListFirst(e, checks) {
  if (!(e instanceof errors.JOSENotSupported) || !UNKNOWN.includes(e.tinyjoseCode)) return e;
  for (const [value, list, words, code = 'alg_not_allowed'] of checks) {
    if (list?.length && typeof value === 'string' && !list.includes(value)) return new errors.JOSEAlgNotAllowed(words, code);
  }
  return e;
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
