// jose's `decodeJwt` and `decodeProtectedHeader`, case by case: what they return and how they
// refuse what is not a token.

import { b64u, pairs } from './pairs.mjs';

const jwt = (header, payload, signature = 'c2ln') => `${b64u(header)}.${b64u(payload)}.${signature}`;

const cases = [
  { name: 'decodeJwt: the claims', run: (lib) => lib.decodeJwt(jwt('{"alg":"HS256"}', '{"sub":"a","n":1}')), value: { sub: 'a', n: 1 } },
  { name: 'decodeJwt: an unsigned token\'s claims too', run: (lib) => lib.decodeJwt(jwt('{"alg":"none"}', '{"a":1}', '')), value: { a: 1 } },
  { name: 'decodeJwt: not a string', run: (lib) => lib.decodeJwt(new TextEncoder().encode('a.b.c')), throws: ['JWTInvalid', 'JWTs must use Compact JWS serialization, JWT must be a string'] },
  { name: 'decodeJwt: a compact JWE', run: (lib) => lib.decodeJwt('a.b.c.d.e'), throws: ['JWTInvalid', 'Only JWTs using Compact JWS serialization can be decoded'] },
  { name: 'decodeJwt: two segments', run: (lib) => lib.decodeJwt('a.b'), throws: ['JWTInvalid', 'Invalid JWT'] },
  { name: 'decodeJwt: four segments', run: (lib) => lib.decodeJwt('a.b.c.d'), throws: ['JWTInvalid', 'Invalid JWT'] },
  { name: 'decodeJwt: an empty payload', run: (lib) => lib.decodeJwt('a..c'), throws: ['JWTInvalid', 'JWTs must contain a payload'] },
  { name: 'decodeJwt: a payload that is not base64url', run: (lib) => lib.decodeJwt('a.*.c'), throws: ['JWTInvalid', 'Failed to base64url decode the payload'] },
  { name: 'decodeJwt: a payload that is not JSON', run: (lib) => lib.decodeJwt(jwt('{}', 'nope')), throws: ['JWTInvalid', 'Failed to parse the decoded payload as JSON'] },
  { name: 'decodeJwt: a payload that is an array', run: (lib) => lib.decodeJwt(jwt('{}', '[]')), throws: ['JWTInvalid', 'Invalid JWT Claims Set'] },
  { name: 'decodeJwt: a payload that is null', run: (lib) => lib.decodeJwt(jwt('{}', 'null')), throws: ['JWTInvalid', 'Invalid JWT Claims Set'] },
  { name: 'decodeProtectedHeader: of a compact JWS', run: (lib) => lib.decodeProtectedHeader(jwt('{"alg":"ES256","kid":"k"}', '{}')), value: { alg: 'ES256', kid: 'k' } },
  { name: 'decodeProtectedHeader: of a compact JWE', run: (lib) => lib.decodeProtectedHeader(`${b64u('{"alg":"dir","enc":"A128GCM"}')}..aXY.Y3Q.dGFn`), value: { alg: 'dir', enc: 'A128GCM' } },
  { name: 'decodeProtectedHeader: of a JSON serialization', run: (lib) => lib.decodeProtectedHeader({ protected: b64u('{"alg":"HS256"}'), payload: '', signature: '' }), value: { alg: 'HS256' } },
  { name: 'decodeProtectedHeader: an object without protected', run: (lib) => lib.decodeProtectedHeader({ header: { alg: 'HS256' } }), throws: ['TypeError', 'Token does not contain a Protected Header'] },
  { name: 'decodeProtectedHeader: four segments', run: (lib) => lib.decodeProtectedHeader('a.b.c.d'), throws: ['TypeError', 'Invalid Token or Protected Header formatting'] },
  { name: 'decodeProtectedHeader: a number', run: (lib) => lib.decodeProtectedHeader(5), throws: ['TypeError', 'Invalid Token or Protected Header formatting'] },
  { name: 'decodeProtectedHeader: an empty header segment', run: (lib) => lib.decodeProtectedHeader('.b.c'), throws: ['TypeError', 'Invalid Token or Protected Header formatting'] },
  { name: 'decodeProtectedHeader: a header that is not JSON', run: (lib) => lib.decodeProtectedHeader(jwt('nope', '{}')), throws: ['TypeError', 'Invalid Token or Protected Header formatting'] },
  { name: 'decodeProtectedHeader: a header that is an array', run: (lib) => lib.decodeProtectedHeader(jwt('[]', '{}')), throws: ['TypeError', 'Invalid Token or Protected Header formatting'] },
];

pairs('util/decode', cases);
