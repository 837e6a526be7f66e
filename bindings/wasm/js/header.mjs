// What jose says of a protected header the core refused: the first of jose's header checks that
// the header fails, in jose's order and words. The verdict is the core's; this only names it.

import { decoder, fromBase64url, isObject } from './options.mjs';

const CRIT_SHAPE = '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present';

/** The protected header of a compact token (its first segment) as an object, or undefined. */
export function compactHeader(token) {
  if (typeof token !== 'string') return undefined;
  try {
    const header = JSON.parse(decoder.decode(fromBase64url(token.split('.')[0])));
    return isObject(header) ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * jose's [class name, message] for the first check `header` fails, for a JWS (`jwe` false) or a
 * JWE: `crit` (JWS understands `b64`), `b64`, `alg`, then `enc`; `Invalid` stands for the
 * context's malformed-input class. Undefined when jose's checks all pass.
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
  if (typeof header.alg !== 'string' || !header.alg) {
    return ['Invalid', jwe ? 'missing JWE Algorithm (alg) in JWE Header' : 'JWS "alg" (Algorithm) Header Parameter missing or invalid'];
  }
  if (jwe && (typeof header.enc !== 'string' || !header.enc)) return ['Invalid', 'missing JWE Encryption Algorithm (enc) in JWE Header'];
  return undefined;
}
