// jose's `CompactSign` and `compactVerify`, case by case: tokens each library writes and the
// other verifies, key forms, key functions, the algorithm allow list, and malformed or hostile
// tokens.

import { createHmac, createPrivateKey, sign as nodeSign } from 'node:crypto';

import { P256, RSA, RSA1024 } from './jwk-fixtures.mjs';
import { SECRET, b64u, encode, pairs } from './pairs.mjs';

/** A compact JWS over raw header and payload segments' texts, MACed with HS256 by node:crypto. */
function hs256(header, payload, secret = SECRET) {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The order of P-256. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** An ECDSA P-256 signature (r || s) with s replaced by n - s. */
function flipS(signature) {
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  return Buffer.concat([signature.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
}

/** A compact ES256 JWS signed by node:crypto, in low-S form (which both libraries verify). */
function es256(payload, header = '{"alg":"ES256"}') {
  const input = `${b64u(header)}.${b64u(payload)}`;
  let signature = nodeSign('sha256', Buffer.from(input), { key: createPrivateKey({ key: P256.priv, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
  if (BigInt(`0x${signature.subarray(32).toString('hex')}`) > N / 2n) signature = flipS(signature);
  return `${input}.${signature.toString('base64url')}`;
}

/** `text` with the unused low bits of its last base64url character set. */
function trailingBits(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return text.slice(0, -1) + alphabet[alphabet.indexOf(text.at(-1)) | 1];
}

/** A compact RS256 JWS signed by node:crypto. */
function rs256(payload) {
  const input = `${b64u('{"alg":"RS256"}')}.${b64u(payload)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), createPrivateKey({ key: RSA.priv, format: 'jwk' })).toString('base64url')}`;
}

const text = (result) => ({ payload: new TextDecoder().decode(result.payload), protectedHeader: result.protectedHeader });
const verifyText = (token, key, options) => async (lib) => text(await lib.compactVerify(token, key, options));
const other = async (lib) => (lib === (await import('jose')) ? import('tinyjose') : import('jose'));

const cases = [
  // Tokens across the two libraries
  { name: 'HS256: the token is jose\'s, byte for byte', run: (lib) => new lib.CompactSign(encode('hello')).setProtectedHeader({ alg: 'HS256' }).sign(SECRET), value: hs256('{"alg":"HS256"}', 'hello') },
  { name: 'HS256 with kid and typ', run: (lib) => new lib.CompactSign(encode('x')).setProtectedHeader({ alg: 'HS256', kid: 'k', typ: 'T' }).sign(SECRET), value: hs256('{"alg":"HS256","kid":"k","typ":"T"}', 'x') },
  { name: 'ES256 signed by one library verifies in the other', run: async (lib) => {
    const token = await new lib.CompactSign(encode('p')).setProtectedHeader({ alg: 'ES256' }).sign(await lib.importJWK(P256.priv, 'ES256'));
    const verifier = await other(lib);
    // jose writes high-S signatures half the time; tinyjose takes them only when asked (ecdsaHighS).
    return text(await verifier.compactVerify(token, await verifier.importJWK(P256.pub, 'ES256'), { ecdsaHighS: true }));
  }, value: { payload: 'p', protectedHeader: { alg: 'ES256' } } },
  { name: 'ES256 from node:crypto', run: async (lib) => text(await lib.compactVerify(es256('n'), await lib.importJWK(P256.pub, 'ES256'))), value: { payload: 'n', protectedHeader: { alg: 'ES256' } } },
  { name: 'RS256 from node:crypto', run: async (lib) => text(await lib.compactVerify(rs256('r'), await lib.importJWK(RSA.pub, 'RS256'))), value: { payload: 'r', protectedHeader: { alg: 'RS256' } } },
  { name: 'the payload is bytes', run: async (lib) => (await lib.compactVerify(hs256('{"alg":"HS256"}', 'x'), SECRET)).payload instanceof Uint8Array, value: true },
  { name: 'a token as a Uint8Array', run: verifyText(encode(hs256('{"alg":"HS256"}', 'u')), SECRET), value: { payload: 'u', protectedHeader: { alg: 'HS256' } } },
  { name: 'an empty payload', run: verifyText(hs256('{"alg":"HS256"}', ''), SECRET), value: { payload: '', protectedHeader: { alg: 'HS256' } } },

  // Key functions
  { name: 'a key function is given the header and the segments', run: async (lib) => {
    const token = hs256('{"alg":"HS256","kid":"1"}', 'x');
    let seen;
    const result = await lib.compactVerify(token, (header, parts) => {
      seen = [header, parts];
      return SECRET;
    });
    const [p, pl, s] = token.split('.');
    return [seen[0], seen[1].protected === p, seen[1].payload === pl, seen[1].signature === s, 'key' in result];
  }, value: [{ alg: 'HS256', kid: '1' }, true, true, true, true] },
  { name: 'a key function that resolves a JWK', run: async (lib) => text(await lib.compactVerify(es256('j'), async () => lib.importJWK(P256.pub, 'ES256'))), value: { payload: 'j', protectedHeader: { alg: 'ES256' } } },

  // algorithms
  { name: 'algorithms without the alg', run: verifyText(hs256('{"alg":"HS256"}', 'x'), SECRET, { algorithms: ['HS512'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'algorithms empty', run: verifyText(hs256('{"alg":"HS256"}', 'x'), SECRET, { algorithms: [] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'algorithms not an array', run: verifyText(hs256('{"alg":"HS256"}', 'x'), SECRET, { algorithms: 'HS256' }), throws: ['TypeError', '"algorithms" option must be an array of strings'] },

  // Refusals
  { name: 'alg none', run: verifyText(`${b64u('{"alg":"none"}')}.${b64u('x')}.`, SECRET), throws: ['JOSENotSupported', 'alg none is not supported either by JOSE or your javascript runtime'] },
  { name: 'alg none even when listed', run: verifyText(`${b64u('{"alg":"none"}')}.${b64u('x')}.`, SECRET, { algorithms: ['none'] }), throws: ['JOSENotSupported', 'alg none is not supported either by JOSE or your javascript runtime'] },
  { name: 'an unknown alg', run: verifyText(hs256('{"alg":"HS999"}', 'x'), SECRET), throws: ['JOSENotSupported', 'alg HS999 is not supported either by JOSE or your javascript runtime'] },
  { name: 'an unknown alg outside algorithms', run: verifyText(hs256('{"alg":"HS999"}', 'x'), SECRET, { algorithms: ['HS256'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'alg none outside algorithms', run: verifyText(`${b64u('{"alg":"none"}')}.${b64u('x')}.`, SECRET, { algorithms: ['HS256'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'a wrong signature', run: verifyText(hs256('{"alg":"HS256"}', 'x', new Uint8Array(32)), SECRET), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'a tampered payload', run: verifyText(`${b64u('{"alg":"HS256"}')}.${b64u('y')}.${hs256('{"alg":"HS256"}', 'x').split('.')[2]}`, SECRET), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  { name: 'an ES256 signature of the wrong length', run: async (lib) => {
    const [input, signature] = [es256('n').split('.').slice(0, 2).join('.'), es256('n').split('.')[2]];
    return lib.compactVerify(`${input}.${b64u(Buffer.from(signature, 'base64url').subarray(0, 63))}`, await lib.importJWK(P256.pub, 'ES256'));
  }, throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  {
    name: 'a signature whose base64url has non-zero trailing bits',
    run: verifyText(trailingBits(hs256('{"alg":"HS256"}', 'x')), SECRET),
    value: { payload: 'x', protectedHeader: { alg: 'HS256' } },
    difference: 'strict-parsing',
    tinyjose: ['JWSInvalid', 'Failed to base64url decode the signature'],
  },
  { name: 'not a string', run: (lib) => lib.compactVerify({}, SECRET), throws: ['JWSInvalid', 'Compact JWS must be a string or Uint8Array'] },
  { name: 'five segments', run: (lib) => lib.compactVerify('a.b.c.d.e', SECRET), throws: ['JWSInvalid', 'Invalid Compact JWS'] },
  { name: 'a header that is not base64url', run: (lib) => lib.compactVerify('*.e30.c2ln', SECRET), throws: ['JWSInvalid', 'JWS Protected Header is invalid'] },
  { name: 'a header that is null', run: verifyText(hs256('null', 'x'), SECRET), throws: ['JWSInvalid', 'JWS Protected Header is invalid'] },
  { name: 'alg empty', run: verifyText(hs256('{"alg":""}', 'x'), SECRET), throws: ['JWSInvalid', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'] },
  { name: 'crit with an empty name', run: verifyText(hs256('{"alg":"HS256","crit":[""]}', 'x'), SECRET), throws: ['JWSInvalid', '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present'] },
  { name: 'crit b64 with b64 not a boolean', run: verifyText(hs256('{"alg":"HS256","crit":["b64"],"b64":1}', 'x'), SECRET), throws: ['JWSInvalid', 'The "b64" (base64url-encode payload) Header Parameter must be a boolean'] },
  { name: 'a signature that is not base64url', run: verifyText(`${hs256('{"alg":"HS256"}', 'x').slice(0, -3)}*`, SECRET), throws: ['JWSInvalid', 'Failed to base64url decode the signature'] },
  { name: 'a payload that is not base64url under a wrong signature', run: verifyText(`${b64u('{"alg":"HS256"}')}.*.c2ln`, SECRET), throws: ['JWSSignatureVerificationFailed', 'signature verification failed'] },
  {
    name: 'a header with a duplicate member',
    run: verifyText(hs256('{"alg":"HS256","alg":"HS256"}', 'x'), SECRET),
    value: { payload: 'x', protectedHeader: { alg: 'HS256' } },
    difference: 'strict-parsing',
    tinyjose: ['JWSInvalid', 'JWS Protected Header is invalid'],
  },
  {
    name: 'a high-S ECDSA signature',
    run: async (lib) => {
      const [input, signature] = [es256('h').split('.').slice(0, 2).join('.'), Buffer.from(es256('h').split('.')[2], 'base64url')];
      return text(await lib.compactVerify(`${input}.${flipS(signature).toString('base64url')}`, await lib.importJWK(P256.pub, 'ES256')));
    },
    value: { payload: 'h', protectedHeader: { alg: 'ES256' } },
    difference: 'ecdsa-low-s',
    tinyjose: ['JWSSignatureVerificationFailed', 'signature verification failed'],
  },

  // CompactSign
  { name: 'CompactSign of a string', run: (lib) => new lib.CompactSign('x'), throws: ['TypeError', 'payload must be an instance of Uint8Array'] },
  { name: 'CompactSign with b64: false', run: (lib) => new lib.CompactSign(encode('x')).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(SECRET), throws: ['TypeError', 'use the flattened module for creating JWS with b64: false'] },
  { name: 'CompactSign: setProtectedHeader twice', run: (lib) => new lib.CompactSign(encode('x')).setProtectedHeader({ alg: 'HS256' }).setProtectedHeader({ alg: 'HS256' }), throws: ['TypeError', 'setProtectedHeader can only be called once'] },
  { name: 'CompactSign without a header', run: (lib) => new lib.CompactSign(encode('x')).sign(SECRET), throws: ['JWSInvalid', 'either setProtectedHeader or setUnprotectedHeader must be called before #sign()'] },
  {
    name: 'CompactSign with an RSA key under 2048 bits',
    run: async (lib) => {
      return typeof await new lib.CompactSign(encode('x')).setProtectedHeader({ alg: 'RS256' }).sign(RSA1024.priv);
    },
    throws: ['TypeError', 'RS256 requires key modulusLength to be 2048 bits or larger'],
    difference: 'rsa-2048',
    tinyjose: ['JWKInvalid', 'the RSA key has 1024 bits: tinyjose accepts 2048 to 4096 (RFC 7518 §3.3 requires at least 2048)'],
  },
];

pairs('jws/compact', cases);
