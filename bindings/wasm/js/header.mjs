// What jose says of a protected header the core refused: the first of jose's header checks that
// the header fails, in jose's order and words. The verdict is the core's; this only names it.

import { decoder, fromBase64url, isObject } from './options.mjs';

const CRIT_SHAPE = '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present';

/** The protected header of a compact token (its first segment) as an object, or undefined. */
export function compactHeader(token) {
  return typeof token === 'string' ? encodedHeader(token.split('.')[0]) : undefined;
}

/**
 * jose's [class name, message] for the first check `header` fails, for a JWS (`jwe` false) or a
 * JWE: `crit` (JWS understands `b64`), `b64`, `zip` (JWE), `alg`, then `enc`; `Invalid` stands
 * for the context's malformed-input class. Undefined when jose's checks all pass.
 */
export function headerProblem(header, jwe) {
  const { crit } = header;
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((p) => typeof p !== 'string' || p.length === 0)) return ['Invalid', CRIT_SHAPE];
    for (const parameter of crit) {
      if (jwe || parameter !== 'b64') return ['JOSENotSupported', `Extension Header Parameter "${parameter}" is not recognized`];
      if (header[parameter] === undefined) return ['Invalid', `Extension Header Parameter "${parameter}" is missing`];
    }
    if (typeof header.b64 !== 'boolean') return ['Invalid', 'The "b64" (base64url-encode payload) Header Parameter must be a boolean'];
  }
  if (jwe && header.zip !== undefined && header.zip !== 'DEF') return ['JOSENotSupported', 'Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.'];
  if (typeof header.alg !== 'string' || !header.alg) {
    return ['Invalid', jwe ? 'missing JWE Algorithm (alg) in JWE Header' : 'JWS "alg" (Algorithm) Header Parameter missing or invalid'];
  }
  if (jwe && (typeof header.enc !== 'string' || !header.enc)) return ['Invalid', 'missing JWE Encryption Algorithm (enc) in JWE Header'];
  return undefined;
}

/** Whether no member name is in two of `headers` (undefined ones skipped), as jose requires. */
export function disjoint(...headers) {
  const seen = new Set();
  for (const header of headers) {
    for (const name of Object.keys(header ?? {})) {
      if (seen.has(name)) return false;
      seen.add(name);
    }
  }
  return true;
}

/**
 * jose's [class name, message, core code?] for the first check a JWS JSON signature's headers
 * fail: the two headers disjoint (`duplicate_member`), `crit` only protected, then the checks of
 * `headerProblem` on the joint header.
 */
export function jsonHeaderProblem(protectedHeader, unprotectedHeader) {
  if (!disjoint(protectedHeader, unprotectedHeader)) return ['Invalid', 'JWS Protected and JWS Unprotected Header Parameter names must be disjoint', 'duplicate_member'];
  if (unprotectedHeader?.crit !== undefined && protectedHeader?.crit === undefined) return ['Invalid', '"crit" (Critical) Header Parameter MUST be integrity protected'];
  return headerProblem({ ...protectedHeader, ...unprotectedHeader, b64: protectedHeader?.b64 }, false);
}

/**
 * jose's message for the first member of a flattened JWS (or a general JWS's signature) of the
 * wrong type, in jose's order; undefined when every member has its type.
 */
export function signatureObjectProblem(object, payload) {
  const { protected: encoded, header, signature } = object;
  if (encoded === undefined && header === undefined) return 'Flattened JWS must have either of the "protected" or "header" members';
  if (encoded !== undefined && typeof encoded !== 'string') return 'JWS Protected Header incorrect type';
  if (payload === undefined) return 'JWS Payload missing';
  if (typeof signature !== 'string') return 'JWS Signature missing or incorrect type';
  if (header !== undefined && !isObject(header)) return 'JWS Unprotected Header incorrect type';
  return undefined;
}

/** The protected header of a JSON serialization's `protected` member, or undefined if it is not one. */
export function encodedHeader(encoded) {
  if (typeof encoded !== 'string') return undefined;
  try {
    const header = JSON.parse(decoder.decode(fromBase64url(encoded)));
    return isObject(header) ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * jose's message for the first member of a JWE JSON object (shared members, then the
 * recipient's) of the wrong type, in jose's order; undefined when every member has its type.
 */
export function jweObjectProblem(jwe, recipient) {
  const { iv, ciphertext, tag, protected: encoded, aad, unprotected } = jwe;
  if (iv !== undefined && (typeof iv !== 'string' || !iv)) return 'JWE Initialization Vector incorrect type';
  if (typeof ciphertext !== 'string') return 'JWE Ciphertext missing or incorrect type';
  if (tag !== undefined && (typeof tag !== 'string' || !tag)) return 'JWE Authentication Tag incorrect type';
  if (encoded !== undefined && typeof encoded !== 'string') return 'JWE Protected Header incorrect type';
  if (aad !== undefined && (typeof aad !== 'string' || !aad)) return 'JWE AAD incorrect type';
  if (unprotected !== undefined && !isObject(unprotected)) return 'JWE Shared Unprotected Header incorrect type';
  const { encrypted_key: encryptedKey, header } = recipient;
  if (encryptedKey !== undefined && typeof encryptedKey !== 'string') return 'JWE Encrypted Key incorrect type';
  if (header !== undefined && !isObject(header)) return 'JWE Per-Recipient Unprotected Header incorrect type';
  if (encoded === undefined && header === undefined && unprotected === undefined) return 'JOSE Header missing';
  return undefined;
}

/**
 * jose's [class name, message, core code?] for the first check a JWE JSON recipient's headers
 * fail: the three headers disjoint (`duplicate_member`), then the checks of `headerProblem` on
 * the joint header.
 */
export function jweHeaderProblem(protectedHeader, shared, recipient) {
  if (!disjoint(protectedHeader, recipient, shared)) {
    return ['Invalid', 'JWE Protected, JWE Unprotected Header, and JWE Per-Recipient Unprotected Header Parameter names must be disjoint', 'duplicate_member'];
  }
  if ((shared?.crit !== undefined || recipient?.crit !== undefined) && protectedHeader?.crit === undefined) {
    return ['Invalid', '"crit" (Critical) Header Parameter MUST be integrity protected'];
  }
  return headerProblem({ ...protectedHeader, ...recipient, ...shared }, true);
}
