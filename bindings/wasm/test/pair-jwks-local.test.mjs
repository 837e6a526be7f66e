// createLocalJWKSet, case by case against jose: malformed sets, jwks(), the set function called
// directly (selection by kid, alg, use, key_ops and crv; no match; several; secret algorithms),
// and the set given as the key of jwtVerify and compactVerify.

import { pairs } from './pairs.mjs';
import { ED25519, OCT, P256, P384, RSA } from './jwk-fixtures.mjs';

/** A set of public keys, each with its kid. */
const SET = {
  keys: [
    { ...P256.pub, kid: 'p256' },
    { ...P384.pub, kid: 'p384', use: 'sig' },
    { ...ED25519.pub, kid: 'ed', key_ops: ['verify'] },
    { ...RSA.pub, kid: 'rs', alg: 'RS256' },
  ],
};

/** What exportJWK gives for the key the set function of `jwks` returns for `header`. */
const selected = (header, jwks = SET) => async (lib) => lib.exportJWK(await lib.createLocalJWKSet(jwks)(header));
/** The set function of `jwks` called with `header`, for its error. */
const select = (header, jwks = SET) => async (lib) => lib.createLocalJWKSet(jwks)(header);

const MALFORMED = ['JWKSInvalid', 'JSON Web Key Set malformed'];
const NO_MATCH = ['JWKSNoMatchingKey', 'no applicable key found in the JSON Web Key Set'];
const SEVERAL = ['JWKSMultipleMatchingKeys', 'multiple matching keys found in the JSON Web Key Set'];
const SET_ALG = ['JOSENotSupported', 'Unsupported "alg" value for a JSON Web Key Set'];

/** A JWT signed by `lib` with the private JWK `jwk` for `alg`, with the header's `kid`. */
async function token(lib, jwk, alg, kid) {
  const key = await lib.importJWK(jwk, alg);
  return new lib.SignJWT({ sub: 'me' }).setProtectedHeader({ alg, kid }).sign(key);
}

const cases = [
  // Malformed sets
  { name: 'null', run: (lib) => lib.createLocalJWKSet(null), throws: MALFORMED },
  { name: 'undefined', run: (lib) => lib.createLocalJWKSet(undefined), throws: MALFORMED },
  { name: 'an array of JWKs', run: (lib) => lib.createLocalJWKSet([P256.pub]), throws: MALFORMED },
  { name: 'a string', run: (lib) => lib.createLocalJWKSet(JSON.stringify(SET)), throws: MALFORMED },
  { name: 'keys null', run: (lib) => lib.createLocalJWKSet({ keys: null }), throws: MALFORMED },
  { name: 'keys an object', run: (lib) => lib.createLocalJWKSet({ keys: {} }), throws: MALFORMED },
  { name: 'no keys', run: (lib) => lib.createLocalJWKSet({}), throws: MALFORMED },
  { name: 'a key that is a number', run: (lib) => lib.createLocalJWKSet({ keys: [1] }), throws: MALFORMED },
  { name: 'a key that is null', run: (lib) => lib.createLocalJWKSet({ keys: [P256.pub, null] }), throws: MALFORMED },
  { name: 'a key that is an array', run: (lib) => lib.createLocalJWKSet({ keys: [[]] }), throws: MALFORMED },
  { name: 'a set holding a function', run: (lib) => lib.createLocalJWKSet({ keys: [], f() {} }), throws: MALFORMED },
  { name: 'an empty set is a set', run: (lib) => typeof lib.createLocalJWKSet({ keys: [] }), value: 'function' },
  { name: 'unknown key types are kept, not refused', run: (lib) => typeof lib.createLocalJWKSet({ keys: [{ kty: 'XYZ' }, P256.pub] }), value: 'function' },
  {
    name: 'a set mixing secret and public keys', run: (lib) => typeof lib.createLocalJWKSet({ keys: [OCT, P256.pub] }),
    value: 'function', tinyjose: ['JWKSMultipleMatchingKeys', 'multiple matching keys found in the JSON Web Key Set'], difference: 'mixed-key-set',
  },
  {
    name: 'a kid that is not a string', run: (lib) => typeof lib.createLocalJWKSet({ keys: [{ ...P256.pub, kid: 7 }] }),
    value: 'function', tinyjose: ['JWKSInvalid', 'jwk is not valid JSON of the expected shape'], difference: 'key-import-time',
  },

  // jwks()
  { name: 'jwks(): the set', run: (lib) => lib.createLocalJWKSet(SET).jwks(), value: SET },
  { name: 'jwks(): a new copy each time', run: (lib) => { const set = lib.createLocalJWKSet(SET); return set.jwks() !== set.jwks() && set.jwks().keys[0] !== set.jwks().keys[0]; }, value: true },
  { name: 'jwks(): changing the copy leaves the set', run: (lib) => { const set = lib.createLocalJWKSet(SET); set.jwks().keys.pop(); return set.jwks().keys.length; }, value: 4 },
  { name: 'jwks(): changing the source leaves the set', run: (lib) => { const source = structuredClone(SET); const set = lib.createLocalJWKSet(source); source.keys.length = 0; return set.jwks().keys.length; }, value: 4 },

  // Selection, the set function called directly
  { name: 'by kid and alg', run: selected({ alg: 'ES256', kid: 'p256' }), value: P256.pub },
  { name: 'by alg alone: the curve decides', run: selected({ alg: 'ES384' }), value: P384.pub },
  { name: 'EdDSA: key_ops including verify', run: selected({ alg: 'EdDSA' }), value: ED25519.pub },
  { name: 'RS256: the key whose alg it is', run: selected({ alg: 'RS256' }), value: RSA.pub },
  { name: 'the token header of a JWS JSON wins over the protected header', run: async (lib) => lib.exportJWK(await lib.createLocalJWKSet(SET)({ alg: 'ES256', kid: 'none' }, { header: { kid: 'p256' } })), value: P256.pub },
  { name: 'a kid that no key has', run: select({ alg: 'ES256', kid: 'other' }), throws: NO_MATCH },
  { name: 'a kid of a key of another alg', run: select({ alg: 'ES256', kid: 'p384' }), throws: NO_MATCH },
  { name: 'a kid that is a number', run: select({ alg: 'ES256', kid: 1 }), throws: NO_MATCH },
  { name: 'PS256: the RSA key is for RS256', run: select({ alg: 'PS256' }), throws: NO_MATCH },
  { name: 'ES512: no P-521 key', run: select({ alg: 'ES512' }), throws: NO_MATCH },
  { name: 'an empty set', run: select({ alg: 'ES256' }, { keys: [] }), throws: NO_MATCH },
  { name: 'use "enc" is skipped', run: select({ alg: 'ES256' }, { keys: [{ ...P256.pub, use: 'enc' }] }), throws: NO_MATCH },
  { name: 'key_ops without verify is skipped', run: select({ alg: 'ES256' }, { keys: [{ ...P256.pub, key_ops: ['sign'] }] }), throws: NO_MATCH },
  { name: 'key_ops repeated is skipped', run: select({ alg: 'ES256' }, { keys: [{ ...P256.pub, key_ops: ['verify', 'verify'] }] }), throws: NO_MATCH },
  { name: 'ext a string is skipped', run: select({ alg: 'ES256' }, { keys: [{ ...P256.pub, ext: 'true' }] }), throws: NO_MATCH },
  { name: 'an unknown kty is skipped', run: selected({ alg: 'ES256' }, { keys: [{ kty: 'XYZ' }, P256.pub] }), value: P256.pub },
  { name: 'a JWK alg of another algorithm is skipped', run: select({ alg: 'ES256' }, { keys: [{ ...P256.pub, alg: 'ES384' }] }), throws: NO_MATCH },
  { name: 'a P-384 key is not one for ES256', run: select({ alg: 'ES256' }, { keys: [P384.pub] }), throws: NO_MATCH },
  { name: 'two keys for ES256', run: select({ alg: 'ES256' }, { keys: [P256.pub, { ...P256.pub, kid: 'b' }] }), throws: SEVERAL },
  {
    name: 'two keys with the same kid', run: select({ alg: 'ES256', kid: 'a' }, { keys: [{ ...P256.pub, kid: 'a' }, { ...P256.pub, kid: 'a' }] }),
    throws: SEVERAL,
  },
  { name: 'the kid picks one of two', run: selected({ alg: 'ES256', kid: 'b' }, { keys: [{ ...P256.pub, kid: 'a' }, { ...P384.pub, kid: 'x' }, { ...P256.pub, kid: 'b' }] }), value: P256.pub },
  {
    name: 'several matches: the error iterates over their keys', run: async (lib) => {
      try {
        await lib.createLocalJWKSet({ keys: [P256.pub, { ...P256.pub, kid: 'b' }] })({ alg: 'ES256' });
      } catch (e) {
        const keys = [];
        for await (const key of e) keys.push(await lib.exportJWK(key));
        return keys;
      }
      return [];
    }, value: [P256.pub, P256.pub],
  },
  { name: 'a private key in the set', run: select({ alg: 'ES256' }, { keys: [P256.priv] }), throws: ['JWKSInvalid', 'JSON Web Key Set members must be public keys'] },
  { name: 'no alg', run: select({ kid: 'p256' }), throws: SET_ALG },
  { name: 'alg a number', run: select({ alg: 256 }), throws: SET_ALG },
  { name: 'alg HS256', run: select({ alg: 'HS256' }, { keys: [OCT] }), throws: SET_ALG },
  { name: 'alg none', run: select({ alg: 'none' }), throws: SET_ALG },
  { name: 'a JWE alg', run: select({ alg: 'RSA-OAEP' }), throws: SET_ALG },
  { name: 'an unknown alg', run: select({ alg: 'ES999' }), throws: SET_ALG },
  { name: 'no header', run: (lib) => lib.createLocalJWKSet(SET)(), throws: SET_ALG },
  {
    name: 'the Ed25519 alg', run: (lib) => lib.createLocalJWKSet(SET)({ alg: 'Ed25519' }).then?.(() => 'selected') ?? 'selected',
    value: 'selected',
  },

  // As the key of jwtVerify and compactVerify
  {
    name: 'jwtVerify: the key of the kid', run: async (lib) => {
      const jwt = await token(lib, P256.priv, 'ES256', 'p256');
      return (await lib.jwtVerify(jwt, lib.createLocalJWKSet(SET))).payload;
    }, value: { sub: 'me' },
  },
  {
    name: 'jwtVerify: the key of the alg, without kid', run: async (lib) => {
      const jwt = await token(lib, ED25519.priv, 'EdDSA');
      return (await lib.jwtVerify(jwt, lib.createLocalJWKSet(SET))).protectedHeader;
    }, value: { alg: 'EdDSA' },
  },
  {
    name: 'jwtVerify: a kid the set lacks', run: async (lib) => lib.jwtVerify(await token(lib, P256.priv, 'ES256', 'gone'), lib.createLocalJWKSet(SET)),
    throws: NO_MATCH,
  },
  {
    name: 'compactVerify: RS256 by its kid', run: async (lib) => {
      const jws = await new lib.CompactSign(new TextEncoder().encode('hi')).setProtectedHeader({ alg: 'RS256', kid: 'rs' }).sign(await lib.importJWK(RSA.priv, 'RS256'));
      return new TextDecoder().decode((await lib.compactVerify(jws, lib.createLocalJWKSet(SET))).payload);
    }, value: 'hi',
  },
];

pairs('createLocalJWKSet', cases);
