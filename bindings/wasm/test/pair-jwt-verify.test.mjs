// jose's `jwtVerify`, case by case: key functions and what they are given, results, claim
// validation (each check, its message, `claim` and `reason`, and which check wins when several
// fail), options and their validation, and malformed tokens.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { P256 } from './jwk-fixtures.mjs';
import { NOW, SECRET, b64u, currentDate, pairs } from './pairs.mjs';

/** A compact JWS over raw header and payload texts (objects are JSON), MACed with HS256 by node:crypto. */
function token(header, payload, secret = SECRET) {
  const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  const input = `${b64u(text(header))}.${b64u(text(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const HS = { alg: 'HS256' };
const at = { currentDate };
/** jwtVerify of a token over `claims` with the shared secret, at the suite's clock, with `options`. */
const verify = (claims, options = {}, header = HS) => (lib) => lib.jwtVerify(token(header, claims), SECRET, { ...at, ...options });
const claimFailed = (message, claim, reason = 'check_failed') => ['JWTClaimValidationFailed', message, { claim, reason }];
const expired = (message, claim) => ['JWTExpired', message, { claim, reason: 'check_failed' }];

const cases = [
  // Results
  {
    name: 'a valid token gives its payload and protected header',
    run: verify({ sub: 'a', exp: NOW + 60 }),
    value: { payload: { sub: 'a', exp: NOW + 60 }, protectedHeader: HS },
  },
  {
    name: 'a token as a Uint8Array',
    run: (lib) => lib.jwtVerify(new TextEncoder().encode(token(HS, { sub: 'a' })), SECRET, at),
    value: { payload: { sub: 'a' }, protectedHeader: HS },
  },
  {
    name: 'a result is awaitable',
    run: async (lib) => (await lib.jwtVerify(token(HS, {}), SECRET)).payload,
    value: {},
  },

  // Key functions
  {
    name: 'a key function is given the protected header and the token\'s segments',
    run: (lib) => {
      const jwt = token({ alg: 'HS256', kid: 'k1' }, { sub: 'a' });
      const seen = [];
      const result = lib.jwtVerify(jwt, (header, parts) => {
        seen.push(header, parts);
        return SECRET;
      });
      return Promise.resolve(result).then(() => {
        const [p, pl, s] = jwt.split('.');
        assert.deepEqual(seen, [{ alg: 'HS256', kid: 'k1' }, { payload: pl, protected: p, signature: s }]);
        return seen[1] !== null && 'payload' in seen[1];
      });
    },
    value: true,
  },
  {
    name: 'the result carries the key a key function gave',
    run: async (lib) => {
      const { key, payload } = await lib.jwtVerify(token(HS, { sub: 'a' }), () => SECRET);
      return [payload, key instanceof Uint8Array || typeof key === 'object'];
    },
    value: [{ sub: 'a' }, true],
  },
  {
    name: 'a key function may return a Promise',
    run: async (lib) => {
      const result = await lib.jwtVerify(token(HS, { sub: 'a' }), async () => SECRET);
      return [result.payload, 'key' in result];
    },
    value: [{ sub: 'a' }, true],
  },
  {
    name: 'no key in the result of a plain key',
    run: async (lib) => 'key' in await lib.jwtVerify(token(HS, {}), SECRET),
    value: false,
  },
  {
    name: 'an error thrown by a key function is the error of the call',
    run: (lib) => lib.jwtVerify(token(HS, {}), () => {
      throw new lib.errors.JWKSNoMatchingKey();
    }),
    throws: ['JWKSNoMatchingKey', 'no applicable key found in the JSON Web Key Set'],
  },
  {
    name: 'a rejected Promise of a key function is the error of the call',
    run: (lib) => lib.jwtVerify(token(HS, {}), () => Promise.reject(new lib.errors.JWKSNoMatchingKey('none here'))),
    throws: ['JWKSNoMatchingKey', 'none here'],
  },
  {
    name: 'a key function is not called for a malformed token',
    run: async (lib) => {
      let called = false;
      try {
        await lib.jwtVerify('a.b', () => {
          called = true;
          return SECRET;
        });
      } catch (e) {
        return [called, e.name];
      }
      return 'verified';
    },
    value: [false, 'JWSInvalid'],
  },
  {
    name: 'a key function is not called for an algorithm outside algorithms',
    run: async (lib) => {
      let called = false;
      try {
        await lib.jwtVerify(token(HS, {}), () => {
          called = true;
          return SECRET;
        }, { algorithms: ['ES256'] });
      } catch (e) {
        return [called, e.name];
      }
      return 'verified';
    },
    value: [false, 'JOSEAlgNotAllowed'],
  },
  {
    name: 'a key function\'s wrong key fails the signature',
    run: (lib) => lib.jwtVerify(token(HS, {}), async () => new Uint8Array(32)),
    throws: ['JWSSignatureVerificationFailed', 'signature verification failed'],
  },

  // Signature and structure
  { name: 'a wrong secret', run: (lib) => lib.jwtVerify(token(HS, {}), new Uint8Array(32).fill(9)), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'a token that is not a string', run: (lib) => lib.jwtVerify(5, SECRET), throws: ['JWSInvalid', 'Compact JWS must be a string or Uint8Array'] },
  { name: 'two segments', run: (lib) => lib.jwtVerify('e30.e30', SECRET), throws: ['JWSInvalid', 'Invalid Compact JWS'] },
  { name: 'four segments', run: (lib) => lib.jwtVerify('e30.e30.e30.e30', SECRET), throws: ['JWSInvalid', 'Invalid Compact JWS'] },
  { name: 'a header that is not JSON', run: (lib) => lib.jwtVerify(token('{', {}), SECRET), throws: ['JWSInvalid', 'JWS Protected Header is invalid'] },
  { name: 'a header that is an array', run: (lib) => lib.jwtVerify(token('[]', {}), SECRET), throws: ['JWSInvalid', 'JWS Protected Header is invalid'] },
  { name: 'a header without alg', run: (lib) => lib.jwtVerify(token({ typ: 'JWT' }, {}), SECRET), throws: ['JWSInvalid', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'] },
  { name: 'a header whose alg is not a string', run: (lib) => lib.jwtVerify(token({ alg: 1 }, {}), SECRET), throws: ['JWSInvalid', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'] },
  { name: 'an unknown crit extension', run: (lib) => lib.jwtVerify(token({ alg: 'HS256', crit: ['x'], x: 1 }, {}), SECRET), throws: ['JOSENotSupported', 'Extension Header Parameter "x" is not recognized'] },
  { name: 'crit that is not an array', run: (lib) => lib.jwtVerify(token({ alg: 'HS256', crit: 'x' }, {}), SECRET), throws: ['JWSInvalid', '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present'] },
  { name: 'crit empty', run: (lib) => lib.jwtVerify(token({ alg: 'HS256', crit: [] }, {}), SECRET), throws: ['JWSInvalid', '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present'] },
  { name: 'crit naming an absent extension the caller understands', run: (lib) => lib.jwtVerify(token({ alg: 'HS256', crit: ['b64'] }, {}), SECRET), throws: ['JWSInvalid', 'Extension Header Parameter "b64" is missing'] },
  { name: 'an unencoded payload (b64: false) in a JWT', run: (lib) => lib.jwtVerify(token({ alg: 'HS256', b64: false, crit: ['b64'] }, {}), SECRET), throws: ['JWTInvalid', 'JWTs MUST NOT use unencoded payload'] },
  {
    name: 'a signature that is not base64url',
    run: (lib) => lib.jwtVerify(`${token(HS, {}).split('.').slice(0, 2).join('.')}.!!!!`, SECRET),
    throws: ['JWSInvalid', 'Failed to base64url decode the signature'],
  },
  {
    name: 'a signed payload segment that is not base64url',
    run: (lib) => {
      const input = `${b64u('{"alg":"HS256"}')}.!!!`;
      return lib.jwtVerify(`${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`, SECRET);
    },
    throws: ['JWSInvalid', 'Failed to base64url decode the payload'],
  },
  { name: 'a payload that is not JSON', run: (lib) => lib.jwtVerify(token(HS, 'not json'), SECRET), throws: ['JWTInvalid', 'JWT Claims Set must be a top-level JSON object'] },
  { name: 'a payload that is a JSON array', run: (lib) => lib.jwtVerify(token(HS, '[1]'), SECRET), throws: ['JWTInvalid', 'JWT Claims Set must be a top-level JSON object'] },
  { name: 'a payload that is a JSON string', run: (lib) => lib.jwtVerify(token(HS, '"x"'), SECRET), throws: ['JWTInvalid', 'JWT Claims Set must be a top-level JSON object'] },

  // algorithms
  { name: 'algorithms without the token\'s alg', run: verify({}, { algorithms: ['HS384'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'algorithms with the token\'s alg', run: verify({ a: 1 }, { algorithms: ['HS256'] }), value: { payload: { a: 1 }, protectedHeader: HS } },
  { name: 'algorithms as a string', run: verify({}, { algorithms: 'HS256' }), throws: ['TypeError', '"algorithms" option must be an array of strings'] },
  { name: 'algorithms with a number', run: verify({}, { algorithms: [1] }), throws: ['TypeError', '"algorithms" option must be an array of strings'] },

  // exp, nbf, iat and clockTolerance
  { name: 'exp past', run: verify({ exp: NOW - 1 }), throws: expired('"exp" claim timestamp check failed', 'exp') },
  { name: 'exp now', run: verify({ exp: NOW }), throws: expired('"exp" claim timestamp check failed', 'exp') },
  { name: 'exp past within clockTolerance', run: verify({ exp: NOW - 1 }, { clockTolerance: 5 }), value: { payload: { exp: NOW - 1 }, protectedHeader: HS } },
  { name: 'exp past within clockTolerance as a span', run: verify({ exp: NOW - 1 }, { clockTolerance: '5s' }), value: { payload: { exp: NOW - 1 }, protectedHeader: HS } },
  { name: 'exp not a number', run: verify({ exp: '1' }), throws: claimFailed('"exp" claim must be a number', 'exp', 'invalid') },
  { name: 'nbf future', run: verify({ nbf: NOW + 10 }), throws: claimFailed('"nbf" claim timestamp check failed', 'nbf') },
  { name: 'nbf now', run: verify({ nbf: NOW }), value: { payload: { nbf: NOW }, protectedHeader: HS } },
  { name: 'nbf not a number', run: verify({ nbf: null }), throws: claimFailed('"nbf" claim must be a number', 'nbf', 'invalid') },
  { name: 'iat not a number', run: verify({ iat: 'x' }), throws: claimFailed('"iat" claim must be a number', 'iat', 'invalid') },
  { name: 'nbf future and exp past: nbf first', run: verify({ nbf: NOW + 10, exp: NOW - 10 }), throws: claimFailed('"nbf" claim timestamp check failed', 'nbf') },
  { name: 'iat not a number and nbf future: iat first', run: verify({ iat: 'x', nbf: NOW + 10 }), throws: claimFailed('"iat" claim must be a number', 'iat', 'invalid') },
  { name: 'clockTolerance not a number or string', run: verify({}, { clockTolerance: {} }), throws: ['TypeError', 'Invalid clockTolerance option type'] },
  { name: 'clockTolerance not a time span', run: verify({}, { clockTolerance: 'soon' }), throws: ['TypeError', 'Invalid time period format'] },
  { name: 'clockTolerance negative', run: verify({}, { clockTolerance: -1 }), throws: ['TypeError', 'Invalid clockTolerance option input'] },
  { name: 'clockTolerance not finite', run: verify({}, { clockTolerance: Infinity }), throws: ['TypeError', 'Invalid clockTolerance option input'] },
  { name: 'currentDate an invalid Date', run: verify({}, { currentDate: new Date(NaN) }), throws: ['TypeError', 'Invalid currentDate option input'] },

  // maxTokenAge
  { name: 'maxTokenAge met', run: verify({ iat: NOW - 10 }, { maxTokenAge: 60 }), value: { payload: { iat: NOW - 10 }, protectedHeader: HS } },
  { name: 'maxTokenAge as a span', run: verify({ iat: NOW - 10 }, { maxTokenAge: '1m' }), value: { payload: { iat: NOW - 10 }, protectedHeader: HS } },
  { name: 'maxTokenAge exceeded', run: verify({ iat: NOW - 61 }, { maxTokenAge: 60 }), throws: expired('"iat" claim timestamp check failed (too far in the past)', 'iat') },
  { name: 'maxTokenAge with iat in the future', run: verify({ iat: NOW + 10 }, { maxTokenAge: 60 }), throws: claimFailed('"iat" claim timestamp check failed (it should be in the past)', 'iat') },
  { name: 'maxTokenAge without iat', run: verify({}, { maxTokenAge: 60 }), throws: claimFailed('missing required "iat" claim', 'iat', 'missing') },
  { name: 'maxTokenAge not a time span', run: verify({ iat: NOW }, { maxTokenAge: 'foo' }), throws: ['TypeError', 'Invalid time period format'] },
  { name: 'maxTokenAge negative', run: verify({ iat: NOW }, { maxTokenAge: -1 }), throws: ['TypeError', 'Invalid maxTokenAge option input'] },
  { name: 'maxTokenAge negative as a span', run: verify({ iat: NOW }, { maxTokenAge: '-1h' }), throws: ['TypeError', 'Invalid maxTokenAge option input'] },
  {
    name: 'iat in the future without maxTokenAge',
    run: verify({ iat: NOW + 3600 }),
    value: { payload: { iat: NOW + 3600 }, protectedHeader: HS },
    difference: 'iat-future',
    tinyjose: claimFailed('"iat" claim timestamp check failed (it should be in the past)', 'iat'),
  },

  // iss, sub, aud, typ, requiredClaims
  { name: 'issuer met', run: verify({ iss: 'a' }, { issuer: 'a' }), value: { payload: { iss: 'a' }, protectedHeader: HS } },
  { name: 'issuer in a list', run: verify({ iss: 'b' }, { issuer: ['a', 'b'] }), value: { payload: { iss: 'b' }, protectedHeader: HS } },
  { name: 'issuer mismatch', run: verify({ iss: 'x' }, { issuer: 'a' }), throws: claimFailed('unexpected "iss" claim value', 'iss') },
  { name: 'issuer missing', run: verify({}, { issuer: 'a' }), throws: claimFailed('missing required "iss" claim', 'iss', 'missing') },
  { name: 'issuer an empty list', run: verify({ iss: 'a' }, { issuer: [] }), throws: claimFailed('unexpected "iss" claim value', 'iss') },
  { name: 'iss a number, issuer expected', run: verify({ iss: 5 }, { issuer: 'a' }), throws: claimFailed('unexpected "iss" claim value', 'iss') },
  {
    name: 'iss a number, no issuer expected',
    run: verify({ iss: 5 }),
    value: { payload: { iss: 5 }, protectedHeader: HS },
    difference: 'claim-types',
    tinyjose: claimFailed('"iss" claim must be a string', 'iss', 'invalid'),
  },
  { name: 'subject met', run: verify({ sub: 's' }, { subject: 's' }), value: { payload: { sub: 's' }, protectedHeader: HS } },
  { name: 'subject mismatch', run: verify({ sub: 'x' }, { subject: 's' }), throws: claimFailed('unexpected "sub" claim value', 'sub') },
  { name: 'subject missing', run: verify({}, { subject: 's' }), throws: claimFailed('missing required "sub" claim', 'sub', 'missing') },
  { name: 'audience met', run: verify({ aud: 'a' }, { audience: 'a' }), value: { payload: { aud: 'a' }, protectedHeader: HS } },
  { name: 'audience met in an aud array', run: verify({ aud: ['x', 'a'] }, { audience: ['a', 'b'] }), value: { payload: { aud: ['x', 'a'] }, protectedHeader: HS } },
  { name: 'audience mismatch', run: verify({ aud: 'x' }, { audience: 'a' }), throws: claimFailed('unexpected "aud" claim value', 'aud') },
  { name: 'audience missing', run: verify({}, { audience: 'a' }), throws: claimFailed('missing required "aud" claim', 'aud', 'missing') },
  { name: 'audience an empty list', run: verify({ aud: 'a' }, { audience: [] }), throws: claimFailed('unexpected "aud" claim value', 'aud') },
  {
    name: 'aud in the token, no audience expected',
    run: verify({ aud: 'a' }),
    value: { payload: { aud: 'a' }, protectedHeader: HS },
    difference: 'aud-by-default',
    tinyjose: claimFailed('unexpected "aud" claim value', 'aud'),
  },
  { name: 'typ met', run: verify({}, { typ: 'JWT' }, { alg: 'HS256', typ: 'JWT' }), value: { payload: {}, protectedHeader: { alg: 'HS256', typ: 'JWT' } } },
  { name: 'typ met with application/ and case', run: verify({}, { typ: 'at+jwt' }, { alg: 'HS256', typ: 'application/AT+JWT' }), value: { payload: {}, protectedHeader: { alg: 'HS256', typ: 'application/AT+JWT' } } },
  { name: 'typ mismatch', run: verify({}, { typ: 'at+jwt' }, { alg: 'HS256', typ: 'JWT' }), throws: claimFailed('unexpected "typ" JWT header value', 'typ') },
  { name: 'typ missing', run: verify({}, { typ: 'JWT' }), throws: claimFailed('unexpected "typ" JWT header value', 'typ') },
  { name: 'requiredClaims met', run: verify({ a: 1, b: 2 }, { requiredClaims: ['a', 'b'] }), value: { payload: { a: 1, b: 2 }, protectedHeader: HS } },
  { name: 'requiredClaims: the last missing one is reported', run: verify({}, { requiredClaims: ['a', 'b'] }), throws: claimFailed('missing required "b" claim', 'b', 'missing') },
  { name: 'requiredClaims as a string: one claim per character, as jose reads it', run: verify({ n: 1, b: 1 }, { requiredClaims: 'nbf' }), throws: claimFailed('missing required "f" claim', 'f', 'missing') },
  { name: 'a key that is an array', run: (lib) => lib.jwtVerify(token(HS, {}), [1]), throws: ['TypeError', 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array. Received an instance of Array'] },
  {
    name: 'an HS256 token for a key imported for ES256',
    run: async (lib) => lib.jwtVerify(token(HS, {}), await lib.importJWK(P256.pub, 'ES256')),
    throws: ['TypeError', 'CryptoKey instances must be of type "secret" for the HS256 algorithm'],
    difference: 'key-use',
    tinyjose: ['JOSEAlgNotAllowed', 'token algorithm does not match the key'],
  },
  {
    name: 'a JWK Set object as the key',
    run: async (lib) => (await lib.jwtVerify(token(HS, { a: 1 }), { keys: [{ kty: 'oct', k: b64u(SECRET), alg: 'HS256' }] })).payload,
    throws: ['TypeError', 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array. Received an instance of Object'],
    difference: 'key-forms',
    tinyjose: { value: { a: 1 } },
  },
  { name: 'requiredClaims: a registered one missing', run: verify({}, { requiredClaims: ['exp'] }), throws: claimFailed('missing required "exp" claim', 'exp', 'missing') },

  // Which check wins
  { name: 'typ mismatch and exp past: typ first', run: verify({ exp: NOW - 1 }, { typ: 'x' }), throws: claimFailed('unexpected "typ" JWT header value', 'typ') },
  { name: 'issuer missing and a required claim missing: iss first', run: verify({}, { issuer: 'a', requiredClaims: ['z'] }), throws: claimFailed('missing required "iss" claim', 'iss', 'missing') },
  { name: 'audience and subject missing: sub first', run: verify({}, { audience: 'a', subject: 's' }), throws: claimFailed('missing required "sub" claim', 'sub', 'missing') },
  { name: 'issuer mismatch and a required claim missing: missing first', run: verify({ iss: 'x' }, { issuer: 'a', requiredClaims: ['z'] }), throws: claimFailed('missing required "z" claim', 'z', 'missing') },
  { name: 'issuer mismatch and exp past: iss first', run: verify({ iss: 'x', exp: NOW - 1 }, { issuer: 'a' }), throws: claimFailed('unexpected "iss" claim value', 'iss') },
  { name: 'audience mismatch and subject mismatch: sub first', run: verify({ aud: 'x', sub: 'x' }, { audience: 'a', subject: 's' }), throws: claimFailed('unexpected "sub" claim value', 'sub') },
  { name: 'a required claim missing and exp not a number: missing first', run: verify({ exp: 'x' }, { requiredClaims: ['z'] }), throws: claimFailed('missing required "z" claim', 'z', 'missing') },
  { name: 'exp past and maxTokenAge exceeded: exp first', run: verify({ exp: NOW - 1, iat: NOW - 100 }, { maxTokenAge: 10 }), throws: expired('"exp" claim timestamp check failed', 'exp') },
  {
    name: 'a claim error carries the claims set',
    run: async (lib) => {
      try {
        await lib.jwtVerify(token(HS, { sub: 'a', exp: NOW - 1 }), SECRET, at);
      } catch (e) {
        return [e.payload, e.cause?.payload];
      }
      return 'verified';
    },
    value: [{ sub: 'a', exp: NOW - 1 }, { sub: 'a', exp: NOW - 1 }],
  },
];

pairs('jwt/verify', cases);
