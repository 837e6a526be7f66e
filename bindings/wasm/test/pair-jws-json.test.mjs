// jose's `flattenedVerify`, `generalVerify`, `FlattenedSign` and `GeneralSign` (the JWS JSON
// Serializations, RFC 7515 §7.2, and unencoded payloads, RFC 7797), case by case.

import { createHmac } from 'node:crypto';

import { SECRET, b64u, encode, pairs } from './pairs.mjs';

/** One signature object over `payloadSegment` with `header` (JSON text) as its protected header, MACed with HS256. */
function signature(header, payloadSegment, secret = SECRET) {
  const protectedSegment = b64u(header);
  return { protected: protectedSegment, signature: createHmac('sha256', secret).update(`${protectedSegment}.${payloadSegment}`).digest('base64url') };
}

const HS = '{"alg":"HS256"}';
const flat = (payload = 'hello', header = HS) => ({ payload: b64u(payload), ...signature(header, b64u(payload)) });
const text = (result) => ({ ...result, payload: new TextDecoder().decode(result.payload) });
const verify = (jws, key = SECRET, options) => async (lib) => text(await lib.flattenedVerify(jws, key, options));
const verifyGeneral = (jws, key = SECRET, options) => async (lib) => text(await lib.generalVerify(jws, key, options));

const cases = [
  // flattenedVerify
  { name: 'flattened: the payload and the protected header', run: verify(flat()), value: { payload: 'hello', protectedHeader: { alg: 'HS256' } } },
  { name: 'flattened: an unprotected header', run: verify({ ...flat(), header: { kid: 'k' } }), value: { payload: 'hello', protectedHeader: { alg: 'HS256' }, unprotectedHeader: { kid: 'k' } } },
  { name: 'flattened: b64 false, the content as a string', run: verify({ ...signature('{"alg":"HS256","b64":false,"crit":["b64"]}', '$.x'), payload: '$.x' }), value: { payload: '$.x', protectedHeader: { alg: 'HS256', b64: false, crit: ['b64'] } } },
  { name: 'flattened: b64 false, the content as bytes', run: verify({ ...signature('{"alg":"HS256","b64":false,"crit":["b64"]}', 'raw'), payload: encode('raw') }), value: { payload: 'raw', protectedHeader: { alg: 'HS256', b64: false, crit: ['b64'] } } },
  { name: 'flattened: a key function gets the header and the object', run: async (lib) => {
    let seen;
    const jws = { ...flat(), header: { kid: 'k' } };
    const result = await lib.flattenedVerify(jws, (header, object) => {
      seen = [header, object.signature === jws.signature, object.protected === jws.protected, object.header?.kid];
      return SECRET;
    });
    return [seen, 'key' in result];
  }, value: [[{ alg: 'HS256' }, true, true, 'k'], true] },
  { name: 'flattened: a key function returning a Promise', run: async (lib) => text(await lib.flattenedVerify(flat(), async () => SECRET)).payload, value: 'hello' },
  { name: 'flattened: not an object', run: verify('x'), throws: ['JWSInvalid', 'Flattened JWS must be an object'] },
  { name: 'flattened: neither protected nor header', run: verify({ payload: 'e30', signature: 'c2ln' }), throws: ['JWSInvalid', 'Flattened JWS must have either of the "protected" or "header" members'] },
  { name: 'flattened: protected not a string', run: verify({ ...flat(), protected: 1 }), throws: ['JWSInvalid', 'JWS Protected Header incorrect type'] },
  { name: 'flattened: no payload', run: verify({ ...flat(), payload: undefined }), throws: ['JWSInvalid', 'JWS Payload missing'] },
  { name: 'flattened: no signature', run: verify({ ...flat(), signature: undefined }), throws: ['JWSInvalid', 'JWS Signature missing or incorrect type'] },
  { name: 'flattened: header not an object', run: verify({ ...flat(), header: 'x' }), throws: ['JWSInvalid', 'JWS Unprotected Header incorrect type'] },
  { name: 'flattened: a protected header that is not JSON', run: verify({ ...flat(), protected: b64u('{') }), throws: ['JWSInvalid', 'JWS Protected Header is invalid'] },
  { name: 'flattened: a member in both headers', run: verify({ ...flat(), header: { alg: 'HS256' } }), throws: ['JWSInvalid', 'JWS Protected and JWS Unprotected Header Parameter names must be disjoint'] },
  { name: 'flattened: crit only unprotected', run: verify({ ...flat(), header: { crit: ['b64'] } }), throws: ['JWSInvalid', '"crit" (Critical) Header Parameter MUST be integrity protected'] },
  { name: 'flattened: a payload that is a number', run: verify({ ...flat(), payload: 5 }), throws: ['JWSInvalid', 'JWS Payload must be a string'] },
  { name: 'flattened: bytes as a base64url payload', run: verify({ ...flat(), payload: encode('aGVsbG8') }), throws: ['JWSInvalid', 'JWS Payload must be a string'] },
  { name: 'flattened: a wrong signature', run: verify(flat(), new Uint8Array(32)), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'flattened: algorithms without the alg', run: verify(flat(), SECRET, { algorithms: ['HS384'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'flattened: an unknown crit extension', run: verify(flat('x', '{"alg":"HS256","crit":["x"],"x":1}')), throws: ['JOSENotSupported', 'Extension Header Parameter "x" is not recognized'] },
  { name: 'flattened: an unknown crit extension the caller recognizes', run: verify(flat('x', '{"alg":"HS256","crit":["x"],"x":1}'), SECRET, { crit: { x: true } }), value: { payload: 'x', protectedHeader: { alg: 'HS256', crit: ['x'], x: 1 } }, difference: 'crit-extensions', tinyjose: ['JOSENotSupported', 'Extension Header Parameter "x" is not recognized'] },
  {
    name: 'flattened: alg only in the unprotected header',
    run: verify({ payload: b64u('x'), header: { alg: 'HS256' }, signature: createHmac('sha256', SECRET).update(`.${b64u('x')}`).digest('base64url') }),
    value: { payload: 'x', unprotectedHeader: { alg: 'HS256' } },
    difference: 'alg-unprotected',
    tinyjose: ['JWSInvalid', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'],
  },

  // generalVerify
  { name: 'general: the first signature that verifies', run: verifyGeneral({ payload: b64u('g'), signatures: [signature(HS, b64u('g'), new Uint8Array(32)), { ...signature(HS, b64u('g')), header: { kid: '2' } }] }), value: { payload: 'g', protectedHeader: { alg: 'HS256' }, unprotectedHeader: { kid: '2' } } },
  { name: 'general: no signature verifies', run: verifyGeneral({ payload: b64u('g'), signatures: [signature(HS, b64u('g'), new Uint8Array(32))] }), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'general: a malformed signature among them', run: verifyGeneral({ payload: b64u('g'), signatures: [{ protected: 1, signature: 'x' }, signature(HS, b64u('g'))] }), value: { payload: 'g', protectedHeader: { alg: 'HS256' } }, difference: 'strict-parsing', tinyjose: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'general: only malformed signatures', run: verifyGeneral({ payload: b64u('g'), signatures: [{ protected: b64u('{'), signature: 'x' }] }), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'general: an algorithm not allowed', run: verifyGeneral({ payload: b64u('g'), signatures: [signature(HS, b64u('g'))] }, SECRET, { algorithms: ['ES256'] }), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'general: not an object', run: verifyGeneral(null), throws: ['JWSInvalid', 'General JWS must be an object'] },
  { name: 'general: signatures not an array', run: verifyGeneral({ payload: 'e30', signatures: {} }), throws: ['JWSInvalid', 'JWS Signatures missing or incorrect type'] },
  { name: 'general: a signature that is not an object', run: verifyGeneral({ payload: 'e30', signatures: [1] }), throws: ['JWSInvalid', 'JWS Signatures missing or incorrect type'] },
  { name: 'general: no payload', run: verifyGeneral({ signatures: [signature(HS, 'e30')] }), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'general: b64 true and false mixed', run: verifyGeneral({ payload: b64u('g'), signatures: [signature(HS, b64u('g')), signature('{"alg":"HS256","b64":false,"crit":["b64"]}', b64u('g'))] }), throws: ['JWSInvalid', 'inconsistent use of JWS Unencoded Payload (RFC7797)'] },
  { name: 'general: a key function for each signature until one verifies', run: async (lib) => {
    const kids = [];
    const result = await lib.generalVerify({ payload: b64u('g'), signatures: [{ ...signature(HS, b64u('g'), new Uint8Array(32)), header: { kid: '1' } }, { ...signature(HS, b64u('g')), header: { kid: '2' } }] }, (_, sig) => {
      kids.push(sig.header.kid);
      return sig.header.kid === '2' ? SECRET : new Uint8Array(32).fill(9);
    });
    return [kids, result.unprotectedHeader, 'key' in result];
  }, value: [['1', '2'], { kid: '2' }, true] },

  // FlattenedSign and GeneralSign
  { name: 'FlattenedSign: jose\'s object, byte for byte', run: (lib) => new lib.FlattenedSign(encode('hello')).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'k' }).sign(SECRET), value: { ...flat(), header: { kid: 'k' } } },
  { name: 'FlattenedSign: b64 false', run: (lib) => new lib.FlattenedSign(encode('$x')).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(SECRET), value: { ...signature('{"alg":"HS256","b64":false,"crit":["b64"]}', '$x'), payload: '' } },
  { name: 'FlattenedSign: a payload that is not bytes', run: (lib) => new lib.FlattenedSign('x'), throws: ['TypeError', 'payload must be an instance of Uint8Array'] },
  { name: 'FlattenedSign: no header', run: (lib) => new lib.FlattenedSign(encode('x')).sign(SECRET), throws: ['JWSInvalid', 'either setProtectedHeader or setUnprotectedHeader must be called before #sign()'] },
  { name: 'FlattenedSign: setUnprotectedHeader twice', run: (lib) => new lib.FlattenedSign(encode('x')).setUnprotectedHeader({}).setUnprotectedHeader({}), throws: ['TypeError', 'setUnprotectedHeader can only be called once'] },
  { name: 'FlattenedSign: a member in both headers', run: (lib) => new lib.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256', kid: 'a' }).setUnprotectedHeader({ kid: 'b' }).sign(SECRET), throws: ['JWSInvalid', 'JWS Protected and JWS Unprotected Header Parameter names must be disjoint'] },
  { name: 'GeneralSign: two signatures, jose\'s object', run: (lib) => new lib.GeneralSign(encode('hello')).addSignature(SECRET).setProtectedHeader({ alg: 'HS256' }).addSignature(SECRET).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: '2' }).sign(), value: { payload: b64u('hello'), signatures: [signature(HS, b64u('hello')), { ...signature(HS, b64u('hello')), header: { kid: '2' } }] } },
  { name: 'GeneralSign: no signature', run: (lib) => new lib.GeneralSign(encode('x')).sign(), throws: ['JWSInvalid', 'at least one signature must be added'] },
  { name: 'GeneralSign: a payload that is not bytes', run: (lib) => new lib.GeneralSign('x').addSignature(SECRET).setProtectedHeader({ alg: 'HS256' }).sign(), throws: ['TypeError', 'payload must be an instance of Uint8Array'] },
  { name: 'GeneralSign: b64 mixed', run: (lib) => new lib.GeneralSign(encode('x')).addSignature(SECRET).setProtectedHeader({ alg: 'HS256' }).addSignature(SECRET).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(), throws: ['JWSInvalid', 'inconsistent use of JWS Unencoded Payload (RFC7797)'] },
];

pairs('jws/flattened and jws/general', cases);
