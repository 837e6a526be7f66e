// exportJWK, case by case against jose: public and private keys of each type, secrets, keys
// from generateKeyPair, and arguments that are not keys.

import { pairs } from './pairs.mjs';
import { ED25519, P256, P384, RSA, X25519 } from './jwk-fixtures.mjs';

/** What exportJWK gives for the key importJWK makes of `jwk` for `alg`, extractable. */
const exported = (jwk, alg) => async (lib) => lib.exportJWK(await lib.importJWK(jwk, alg, { extractable: true }));
/** The sorted member names of the JWK exportJWK gives for `pick(await generateKeyPair(alg, options))`. */
const generatedMembers = (alg, pick, options) => async (lib) => Object.keys(await lib.exportJWK(pick(await lib.generateKeyPair(alg, options)))).sort();

const NOT_A_KEY = 'Key must be one of type CryptoKey, KeyObject, or Uint8Array.';
const NOT_EXTRACTABLE = ['TypeError', 'non-extractable CryptoKey cannot be exported as a JWK'];

const cases = [
  { name: 'a Uint8Array: an oct JWK', run: (lib) => lib.exportJWK(new Uint8Array([1, 2, 3])), value: { kty: 'oct', k: 'AQID' } },
  { name: 'an empty Uint8Array', run: (lib) => lib.exportJWK(new Uint8Array(0)), value: { kty: 'oct', k: '' } },
  { name: 'a Uint8Array of 64 bytes', run: (lib) => lib.exportJWK(new Uint8Array(64).fill(255)), value: { kty: 'oct', k: Buffer.alloc(64, 255).toString('base64url') } },
  { name: 'null', run: (lib) => lib.exportJWK(null), throws: ['TypeError', `${NOT_A_KEY} Received null`] },
  { name: 'undefined', run: (lib) => lib.exportJWK(undefined), throws: ['TypeError', `${NOT_A_KEY} Received undefined`] },
  { name: 'a JWK object', run: (lib) => lib.exportJWK({ ...P256.pub }), throws: ['TypeError', `${NOT_A_KEY} Received an instance of Object`] },
  { name: 'a string', run: (lib) => lib.exportJWK('key'), throws: ['TypeError', NOT_A_KEY] },
  { name: 'a number', run: (lib) => lib.exportJWK(1), throws: ['TypeError', NOT_A_KEY] },
  { name: 'a named function', run: (lib) => lib.exportJWK(function getKey() {}), throws: ['TypeError', `${NOT_A_KEY} Received function getKey`] },
  { name: 'an ArrayBuffer', run: (lib) => lib.exportJWK(new ArrayBuffer(4)), throws: ['TypeError', `${NOT_A_KEY} Received an instance of ArrayBuffer`] },
  { name: 'EC P-256 public', run: exported(P256.pub, 'ES256'), value: P256.pub },
  { name: 'EC P-256 private', run: exported(P256.priv, 'ES256'), value: P256.priv },
  { name: 'EC P-384 public for ECDH-ES', run: exported(P384.pub, 'ECDH-ES'), value: P384.pub },
  { name: 'EC P-384 private for ECDH-ES+A192KW', run: exported(P384.priv, 'ECDH-ES+A192KW'), value: P384.priv },
  { name: 'Ed25519 public', run: exported(ED25519.pub, 'EdDSA'), value: ED25519.pub },
  { name: 'Ed25519 private', run: exported(ED25519.priv, 'EdDSA'), value: ED25519.priv },
  { name: 'X25519 public', run: exported(X25519.pub, 'ECDH-ES'), value: X25519.pub },
  { name: 'X25519 private', run: exported(X25519.priv, 'ECDH-ES'), value: X25519.priv },
  { name: 'RSA public', run: exported(RSA.pub, 'RS256'), value: RSA.pub },
  { name: 'RSA private: every CRT member', run: exported(RSA.priv, 'PS256'), value: RSA.priv },
  { name: 'RSA public for RSA-OAEP-256', run: exported(RSA.pub, 'RSA-OAEP-256'), value: RSA.pub },
  { name: 'no alg, kid, use, key_ops or ext', run: exported({ ...P256.pub, alg: 'ES256', kid: 'k', use: 'sig', key_ops: ['verify'], ext: true }), value: P256.pub },
  { name: 'an SPKI key', run: async (lib) => lib.exportJWK(await lib.importSPKI(ED25519.spki, 'EdDSA')), value: ED25519.pub },
  { name: 'a PKCS#8 key, extractable', run: async (lib) => lib.exportJWK(await lib.importPKCS8(P256.pkcs8, 'ES256', { extractable: true })), value: P256.priv },
  { name: 'generated ES256 public key', run: generatedMembers('ES256', (p) => p.publicKey), value: ['crv', 'kty', 'x', 'y'] },
  { name: 'generated ES512 public key: P-521', run: async (lib) => (await lib.exportJWK((await lib.generateKeyPair('ES512')).publicKey)).crv, value: 'P-521' },
  { name: 'generated EdDSA public key', run: generatedMembers('EdDSA', (p) => p.publicKey), value: ['crv', 'kty', 'x'] },
  { name: 'generated ECDH-ES X25519 public key', run: generatedMembers('ECDH-ES', (p) => p.publicKey, { crv: 'X25519' }), value: ['crv', 'kty', 'x'] },
  { name: 'generated RS256 public key', run: generatedMembers('RS256', (p) => p.publicKey), value: ['e', 'kty', 'n'] },
  { name: 'generated ES256 private key, extractable', run: generatedMembers('ES256', (p) => p.privateKey, { extractable: true }), value: ['crv', 'd', 'kty', 'x', 'y'] },
  { name: 'generated EdDSA private key, extractable', run: generatedMembers('EdDSA', (p) => p.privateKey, { extractable: true }), value: ['crv', 'd', 'kty', 'x'] },
  { name: 'generated RSA-OAEP private key, extractable', run: generatedMembers('RSA-OAEP', (p) => p.privateKey, { extractable: true }), value: ['d', 'dp', 'dq', 'e', 'kty', 'n', 'p', 'q', 'qi'] },
  { name: 'a secret for A128CBC-HS256: 32 bytes', run: async (lib) => (await lib.exportJWK(await lib.generateSecret('A128CBC-HS256'))).k.length, value: 43 },
  { name: 'the public key of a pair matches its private key', run: async (lib) => {
    const { publicKey, privateKey } = await lib.generateKeyPair('ES384', { extractable: true });
    const [pub, priv] = [await lib.exportJWK(publicKey), await lib.exportJWK(privateKey)];
    return pub.x === priv.x && pub.y === priv.y;
  }, value: true },
  {
    name: 'generated private key, not extractable', run: generatedMembers('ES256', (p) => p.privateKey),
    throws: NOT_EXTRACTABLE, tinyjose: { value: ['crv', 'd', 'kty', 'x', 'y'] }, difference: 'key-import-time',
  },
  {
    name: 'generated HS256 secret, not extractable', run: async (lib) => Object.keys(await lib.exportJWK(await lib.generateSecret('HS256'))),
    throws: NOT_EXTRACTABLE, tinyjose: { value: ['kty', 'k'] }, difference: 'key-import-time',
  },
  {
    name: 'PKCS#8 key, not extractable', run: async (lib) => lib.exportJWK(await lib.importPKCS8(P256.pkcs8, 'ES256')),
    throws: NOT_EXTRACTABLE, tinyjose: { value: P256.priv }, difference: 'key-import-time',
  },
];

pairs('exportJWK', cases);
