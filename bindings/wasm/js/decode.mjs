// Decoding without verifying: the protected header of a JWS or JWE, the claims of a JWT, with
// jose's checks and words.

import { JWTInvalid } from './errors.mjs';
import { decoder, fromBase64url, isObject } from './options.mjs';

const INVALID_HEADER = 'Invalid Token or Protected Header formatting';

/** The protected header of a compact JWS or JWE, or of a JSON serialization object, NOT verified. */
export function decodeProtectedHeader(token) {
  let encoded;
  if (typeof token === 'string') {
    const parts = token.split('.');
    if (parts.length === 3 || parts.length === 5) [encoded] = parts;
  } else if (typeof token === 'object' && token) {
    if (!('protected' in token)) throw new TypeError('Token does not contain a Protected Header');
    encoded = token.protected;
  }
  if (typeof encoded !== 'string' || !encoded) throw new TypeError(INVALID_HEADER);
  let header;
  try {
    header = JSON.parse(decoder.decode(fromBase64url(encoded)));
  } catch (cause) {
    throw new TypeError(INVALID_HEADER, { cause });
  }
  if (!isObject(header)) throw new TypeError(INVALID_HEADER);
  return header;
}

/** The claims of a JWT, NOT verified. */
export function decodeJwt(jwt) {
  if (typeof jwt !== 'string') throw new JWTInvalid('JWTs must use Compact JWS serialization, JWT must be a string', 'malformed');
  const parts = jwt.split('.');
  if (parts.length === 5) throw new JWTInvalid('Only JWTs using Compact JWS serialization can be decoded', 'malformed');
  if (parts.length !== 3) throw new JWTInvalid('Invalid JWT', 'malformed');
  if (!parts[1]) throw new JWTInvalid('JWTs must contain a payload', 'malformed');
  let bytes;
  try {
    bytes = fromBase64url(parts[1]);
  } catch {
    throw new JWTInvalid('Failed to base64url decode the payload', 'base64');
  }
  let payload;
  try {
    payload = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new JWTInvalid('Failed to parse the decoded payload as JSON', 'json');
  }
  if (!isObject(payload)) throw new JWTInvalid('Invalid JWT Claims Set', 'json');
  return payload;
}
