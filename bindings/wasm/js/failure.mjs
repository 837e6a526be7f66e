// The conversion from a failure of the wasm layer to the jose-compatible error class.

import { wasm } from './binding.mjs';
import {
  JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid,
  JWKSInvalid, JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWSInvalid, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWTExpired, JWTInvalid,
} from './errors.mjs';

const CLAIM_CODES = new Set([
  'not_yet_valid', 'issued_at_invalid', 'issuer_mismatch', 'audience_mismatch',
  'subject_mismatch', 'type_mismatch', 'missing_claim', 'invalid_claim',
]);

const STRUCTURE_CODES = new Set(['malformed', 'base64', 'json', 'duplicate_member', 'limit_exceeded']);

/**
 * The jose-compatible error for a failure of the wasm layer.
 * `context` is 'jwt' (jwtVerify), 'jws' (compactVerify), 'jwe' (compactDecrypt, encryption),
 * 'jwe-jwt' (jwtDecrypt), 'jwk' (key import) or 'jwks'.
 */
export function toJoseError(failure, context, payload) {
  const code = failure.code;
  const message = failure.message;
  const claim = failure.claim;
  if (code === 'expired') return new JWTExpired(message, code, claim ?? 'exp', 'check_failed', payload);
  if (code === 'max_age_exceeded') return new JWTExpired(message, code, claim ?? 'iat', 'check_failed', payload);
  if (CLAIM_CODES.has(code)) {
    const reason = code === 'missing_claim' ? 'missing' : code === 'invalid_claim' ? 'invalid' : 'check_failed';
    return new JWTClaimValidationFailed(message, code, claim ?? 'unspecified', reason, payload);
  }
  switch (code) {
    case 'invalid_signature': return new JWSSignatureVerificationFailed(message, code);
    case 'decryption_failed': return new JWEDecryptionFailed(undefined, code);
    case 'no_matching_key': return new JWKSNoMatchingKey(message, code);
    case 'ambiguous_key': return new JWKSMultipleMatchingKeys(message, code);
    case 'alg_none':
    case 'alg_mismatch':
    case 'alg_not_allowed': return new JOSEAlgNotAllowed(message, code);
    case 'unsupported_alg':
    case 'unsupported_enc':
    case 'unsupported_crit':
    case 'unsupported': return new JOSENotSupported(message, code);
    case 'key_rejected': return context === 'jwks' ? new JWKSInvalid(message, code) : new JWKInvalid(message, code);
    default: break;
  }
  if (STRUCTURE_CODES.has(code)) {
    if (context === 'jwk') return new JWKInvalid(message, code);
    if (context === 'jwks') return new JWKSInvalid(message, code);
    // A payload that is not a JSON object (or repeats a member) is not a JWT claims set; a
    // payload segment that is not base64url is a JWS error, as in jose.
    if ((context === 'jwt' || context === 'jwe-jwt') && (code === 'json' || code === 'duplicate_member') && failure.part === 'payload') {
      return new JWTInvalid(message, code);
    }
    if (context === 'jwe' || context === 'jwe-jwt') return new JWEInvalid(message, code);
    return new JWSInvalid(message, code);
  }
  return new JOSEError(message, code);
}

/** Runs a wasm call, turning its failure into the jose error for `context`. */
export function call(context, fn, payload) {
  try {
    return fn();
  } catch (e) {
    if (wasm && e instanceof wasm.Failure) {
      const error = toJoseError(e, context, payload);
      e.free();
      throw error;
    }
    throw e;
  }
}
