// Decoding without verifying: the protected header of a JWS or JWE, the claims of a JWT.

import { JWTInvalid } from './errors.mjs';
import { decoder, fromBase64url, isObject, tokenText } from './options.mjs';

/** The protected header of a JWS or JWE, NOT verified. */
export function decodeProtectedHeader(token) {
  const text = tokenText(token, 'token');
  const segment = text.split('.')[0];
  let header;
  try {
    header = JSON.parse(decoder.decode(fromBase64url(segment)));
  } catch {
    throw new TypeError('Invalid Token or Protected Header formatting');
  }
  if (!isObject(header)) throw new TypeError('Invalid Token or Protected Header formatting');
  return header;
}

/** The claims of a JWT, NOT verified. */
export function decodeJwt(jwt) {
  const text = tokenText(jwt, 'JWT');
  const parts = text.split('.');
  if (parts.length === 5) throw new JWTInvalid('Only JWTs using Compact JWS serialization can be decoded', 'malformed');
  if (parts.length !== 3) throw new JWTInvalid('Invalid JWT', 'malformed');
  if (!parts[1]) throw new JWTInvalid('JWTs must contain a payload', 'malformed');
  let payload;
  try {
    payload = JSON.parse(decoder.decode(fromBase64url(parts[1])));
  } catch {
    throw new JWTInvalid('Failed to parse the decoded payload as JSON', 'json');
  }
  if (!isObject(payload)) throw new JWTInvalid('Invalid JWT Claims Set', 'json');
  return payload;
}
