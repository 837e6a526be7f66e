// importJWK, importSPKI and importPKCS8, case by case against jose: every key type, members
// missing or of the wrong type, `ext`, `key_ops` and `use`, the `alg` argument against the JWK's.
// A key that imports is compared by what exportJWK gives for it.

import { pairs } from './pairs.mjs';
import { ED25519, OCT, P256, P384, P521, RSA, RSA1024, X25519, errorName } from './jwk-fixtures.mjs';

/** The JWK exportJWK gives for the key importJWK makes of `jwk` for `alg` (options: extractable). */
const roundTrip = (jwk, alg) => async (lib) => lib.exportJWK(await lib.importJWK(jwk, alg, { extractable: true }));
/** What exportJWK gives for a PEM key: through importSPKI or importPKCS8. */
const pemRoundTrip = (method, pem, alg) => async (lib) => lib.exportJWK(await lib[method](pem, alg, { extractable: true }));

const ALG_REQUIRED = ['TypeError', '"alg" argument is required when "jwk.alg" is not present'];
const UNSUPPORTED_JWK_ALG = ['JOSENotSupported', 'Invalid or unsupported JWK "alg" (Algorithm) Parameter value'];
const UNSUPPORTED_ALG = ['JOSENotSupported', 'Invalid or unsupported "alg" (Algorithm) value'];
const EXT = ['TypeError', '"ext" (Extractable) Parameter must be a boolean'];
const KEY_OPS = ['TypeError', '"key_ops" (Key Operations) Parameter must be an array of unique strings'];
const MISSING_K = ['TypeError', 'missing "k" (Key Value) Parameter value'];
const NOT_OBJECT = ['TypeError', 'JWK must be an object'];
const NOT_SPKI = ['TypeError', '"spki" must be SPKI formatted string'];
const NOT_PKCS8 = ['TypeError', '"pkcs8" must be PKCS#8 formatted string'];

/**
 * A JWK jose passes to WebCrypto, which refuses it with a DOMException (DataError): tinyjose
 * checks the key itself, at import, and says JWKInvalid.
 */
const refusedByWebCrypto = (name, run) => ({
  name, run: (lib) => errorName(() => run(lib)), value: 'DataError', tinyjose: { value: 'JWKInvalid' }, difference: 'key-import-time',
});

const cases = [
  // Argument types
  { name: 'importJWK: null is not a JWK', run: (lib) => lib.importJWK(null, 'ES256'), throws: NOT_OBJECT },
  { name: 'importJWK: an array is not a JWK', run: (lib) => lib.importJWK([], 'ES256'), throws: NOT_OBJECT },
  { name: 'importJWK: a string is not a JWK', run: (lib) => lib.importJWK(JSON.stringify(P256.pub), 'ES256'), throws: NOT_OBJECT },
  { name: 'importJWK: a class instance is not a JWK', run: (lib) => lib.importJWK(new (class J {})(), 'ES256'), throws: NOT_OBJECT },
  { name: 'importJWK: no kty and no alg asks for alg', run: (lib) => lib.importJWK({}), throws: ALG_REQUIRED },
  { name: 'importJWK: no kty, with alg', run: (lib) => lib.importJWK({}, 'ES256'), throws: ['JOSENotSupported', 'Unsupported "kty" (Key Type) Parameter value'] },
  { name: 'importJWK: kty a number', run: (lib) => lib.importJWK({ kty: 1 }, 'ES256'), throws: ['JOSENotSupported', 'Unsupported "kty" (Key Type) Parameter value'] },
  { name: 'importJWK: an unknown kty', run: (lib) => lib.importJWK({ kty: 'XYZ' }, 'ES256'), throws: ['JOSENotSupported', 'Unsupported "kty" (Key Type) Parameter value'] },
  { name: 'importJWK: an unknown kty without alg asks for alg', run: (lib) => lib.importJWK({ kty: 'XYZ' }), throws: ALG_REQUIRED },
  { name: 'importJWK: extractable option not a boolean', run: (lib) => lib.importJWK(OCT, 'HS256', { extractable: 'yes' }), throws: ['TypeError', '"extractable" option must be a boolean'] },

  // oct
  { name: 'oct: the bytes of k, without alg', run: (lib) => lib.importJWK(OCT), value: new Uint8Array(32).fill(7) },
  { name: 'oct: the bytes of k, for HS256', run: (lib) => lib.importJWK(OCT, 'HS256'), value: new Uint8Array(32).fill(7) },
  { name: 'oct: the bytes of k, whatever the alg', run: (lib) => lib.importJWK(OCT, 'RS256'), value: new Uint8Array(32).fill(7) },
  { name: 'oct: a short secret imports (its length is checked when used)', run: (lib) => lib.importJWK({ kty: 'oct', k: 'AAAA' }, 'HS256'), value: new Uint8Array(3) },
  { name: 'oct: an empty k', run: (lib) => lib.importJWK({ kty: 'oct', k: '' }), value: new Uint8Array(0) },
  { name: 'oct: exportJWK gives the JWK back', run: async (lib) => lib.exportJWK(await lib.importJWK({ ...OCT, alg: 'HS256', kid: 'x' })), value: OCT },
  { name: 'oct: no k', run: (lib) => lib.importJWK({ kty: 'oct' }, 'HS256'), throws: MISSING_K },
  { name: 'oct: k a number', run: (lib) => lib.importJWK({ kty: 'oct', k: 7 }, 'HS256'), throws: MISSING_K },
  { name: 'oct: k not base64url', run: (lib) => lib.importJWK({ kty: 'oct', k: 'a*b' }), throws: ['TypeError', 'The input to be decoded is not correctly encoded.'] },
  { name: 'oct: ext a string', run: (lib) => lib.importJWK({ ...OCT, ext: 'false' }), throws: EXT },
  { name: 'oct: key_ops repeated', run: (lib) => lib.importJWK({ ...OCT, key_ops: ['sign', 'sign'] }), throws: KEY_OPS },

  // EC
  { name: 'EC: no alg', run: (lib) => lib.importJWK(P256.pub), throws: ALG_REQUIRED },
  { name: 'EC: P-256 public for ES256', run: roundTrip(P256.pub, 'ES256'), value: P256.pub },
  { name: 'EC: P-384 public for ES384', run: roundTrip(P384.pub, 'ES384'), value: P384.pub },
  { name: 'EC: P-521 public for ES512', run: roundTrip(P521.pub, 'ES512'), value: P521.pub },
  { name: 'EC: P-256 private for ES256', run: roundTrip(P256.priv, 'ES256'), value: P256.priv },
  { name: 'EC: P-384 private, ext true', run: async (lib) => lib.exportJWK(await lib.importJWK({ ...P384.priv, ext: true }, 'ES384')), value: P384.priv },
  { name: 'EC: the JWK\'s alg when no argument', run: roundTrip({ ...P256.pub, alg: 'ES256' }), value: P256.pub },
  { name: 'EC: the argument wins over the JWK\'s alg', run: roundTrip({ ...P256.pub, alg: 'ES384' }, 'ES256'), value: P256.pub },
  { name: 'EC: kid, use and key_ops are not exported', run: roundTrip({ ...P256.pub, kid: 'k', use: 'sig', key_ops: ['verify'] }, 'ES256'), value: P256.pub },
  { name: 'EC: use "enc" does not stop an ES256 import', run: roundTrip({ ...P256.pub, use: 'enc' }, 'ES256'), value: P256.pub },
  { name: 'EC: for ECDH-ES', run: roundTrip(P256.pub, 'ECDH-ES'), value: P256.pub },
  { name: 'EC: for ECDH-ES+A256KW, P-384', run: roundTrip(P384.pub, 'ECDH-ES+A256KW'), value: P384.pub },
  { name: 'EC: alg a number', run: (lib) => lib.importJWK(P256.pub, 256), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: the JWK\'s alg a number', run: (lib) => lib.importJWK({ ...P256.pub, alg: 256 }), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: an unknown alg', run: (lib) => lib.importJWK(P256.pub, 'ES999'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: an RSA alg', run: (lib) => lib.importJWK(P256.pub, 'RS256'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: an HMAC alg', run: (lib) => lib.importJWK(P256.pub, 'HS256'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: an EdDSA alg', run: (lib) => lib.importJWK(P256.pub, 'EdDSA'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: alg none', run: (lib) => lib.importJWK(P256.pub, 'none'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: alg RSA1_5', run: (lib) => lib.importJWK(P256.pub, 'RSA1_5'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'EC: ext a string', run: (lib) => lib.importJWK({ ...P256.pub, ext: 'false' }, 'ES256'), throws: EXT },
  { name: 'EC: ext a number', run: (lib) => lib.importJWK({ ...P256.pub, ext: 0 }, 'ES256'), throws: EXT },
  { name: 'EC: ext null', run: (lib) => lib.importJWK({ ...P256.pub, ext: null }, 'ES256'), throws: EXT },
  { name: 'EC: key_ops a string', run: (lib) => lib.importJWK({ ...P256.pub, key_ops: 'verify' }, 'ES256'), throws: KEY_OPS },
  { name: 'EC: key_ops repeated', run: (lib) => lib.importJWK({ ...P256.pub, key_ops: ['verify', 'verify'] }, 'ES256'), throws: KEY_OPS },
  { name: 'EC: key_ops with a number', run: (lib) => lib.importJWK({ ...P256.pub, key_ops: [1] }, 'ES256'), throws: KEY_OPS },
  { name: 'EC: key_ops checked before alg', run: (lib) => lib.importJWK({ ...P256.pub, key_ops: {} }), throws: KEY_OPS },
  refusedByWebCrypto('EC: a P-256 key for ES384', (lib) => lib.importJWK(P256.pub, 'ES384')),
  refusedByWebCrypto('EC: no crv', (lib) => lib.importJWK({ ...P256.pub, crv: undefined }, 'ES256')),
  refusedByWebCrypto('EC: no x', (lib) => lib.importJWK({ ...P256.pub, x: undefined }, 'ES256')),
  refusedByWebCrypto('EC: no y', (lib) => lib.importJWK({ ...P256.pub, y: undefined }, 'ES256')),
  refusedByWebCrypto('EC: x too short', (lib) => lib.importJWK({ ...P256.pub, x: 'AAAA' }, 'ES256')),
  refusedByWebCrypto('EC: d too short', (lib) => lib.importJWK({ ...P256.priv, d: 'AAAA' }, 'ES256')),
  {
    name: 'EC: P-521 for ECDH-ES', run: (lib) => errorName(() => lib.importJWK(P521.pub, 'ECDH-ES')),
    value: 'none', tinyjose: { value: 'JWKInvalid' }, difference: 'algorithms-subset',
  },
  {
    name: 'EC: key_ops empty', run: (lib) => errorName(() => lib.importJWK({ ...P256.pub, key_ops: [] }, 'ES256')),
    value: 'none', tinyjose: { value: 'JWKInvalid' }, difference: 'key-import-time',
  },
  {
    name: 'EC: kid a number', run: (lib) => errorName(() => lib.importJWK({ ...P256.pub, kid: 1 }, 'ES256')),
    value: 'none', tinyjose: { value: 'JWKInvalid' }, difference: 'key-import-time',
  },
  {
    name: 'EC: a private key exports only if extractable', run: async (lib) => lib.exportJWK(await lib.importJWK(P256.priv, 'ES256')),
    throws: ['TypeError', 'non-extractable CryptoKey cannot be exported as a JWK'], tinyjose: { value: P256.priv }, difference: 'key-import-time',
  },

  // OKP
  { name: 'OKP: no alg', run: (lib) => lib.importJWK(ED25519.pub), throws: ALG_REQUIRED },
  { name: 'OKP: Ed25519 public for EdDSA', run: roundTrip(ED25519.pub, 'EdDSA'), value: ED25519.pub },
  { name: 'OKP: Ed25519 private for EdDSA', run: roundTrip(ED25519.priv, 'EdDSA'), value: ED25519.priv },
  { name: 'OKP: X25519 public for ECDH-ES', run: roundTrip(X25519.pub, 'ECDH-ES'), value: X25519.pub },
  { name: 'OKP: X25519 private for ECDH-ES+A128KW', run: roundTrip(X25519.priv, 'ECDH-ES+A128KW'), value: X25519.priv },
  { name: 'OKP: Ed25519 for ECDH-ES', run: (lib) => lib.importJWK(ED25519.pub, 'ECDH-ES'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'OKP: Ed25519 for ES256', run: (lib) => lib.importJWK(ED25519.pub, 'ES256'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'OKP: for RSA-OAEP', run: (lib) => lib.importJWK(X25519.pub, 'RSA-OAEP'), throws: UNSUPPORTED_JWK_ALG },
  refusedByWebCrypto('OKP: X25519 for EdDSA', (lib) => lib.importJWK(X25519.pub, 'EdDSA')),
  refusedByWebCrypto('OKP: Ed448 for EdDSA', (lib) => lib.importJWK({ ...ED25519.pub, crv: 'Ed448' }, 'EdDSA')),
  refusedByWebCrypto('OKP: no x', (lib) => lib.importJWK({ kty: 'OKP', crv: 'Ed25519' }, 'EdDSA')),
  {
    name: 'OKP: the Ed25519 alg', run: (lib) => errorName(() => lib.importJWK(ED25519.pub, 'Ed25519')),
    value: 'none',
  },

  // RSA
  { name: 'RSA: no alg', run: (lib) => lib.importJWK(RSA.pub), throws: ALG_REQUIRED },
  { name: 'RSA: public for RS256', run: roundTrip(RSA.pub, 'RS256'), value: RSA.pub },
  { name: 'RSA: public for PS384', run: roundTrip(RSA.pub, 'PS384'), value: RSA.pub },
  { name: 'RSA: private for PS512', run: roundTrip(RSA.priv, 'PS512'), value: RSA.priv },
  { name: 'RSA: public for RSA-OAEP', run: roundTrip(RSA.pub, 'RSA-OAEP'), value: RSA.pub },
  { name: 'RSA: private for RSA-OAEP-256', run: roundTrip(RSA.priv, 'RSA-OAEP-256'), value: RSA.priv },
  { name: 'RSA: the JWK\'s alg', run: roundTrip({ ...RSA.pub, alg: 'RS512' }), value: RSA.pub },
  { name: 'RSA: for ES256', run: (lib) => lib.importJWK(RSA.pub, 'ES256'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'RSA: for RSA1_5', run: (lib) => lib.importJWK(RSA.pub, 'RSA1_5'), throws: UNSUPPORTED_JWK_ALG },
  { name: 'RSA: for A128KW', run: (lib) => lib.importJWK(RSA.pub, 'A128KW'), throws: UNSUPPORTED_JWK_ALG },
  refusedByWebCrypto('RSA: no e', (lib) => lib.importJWK({ ...RSA.pub, e: undefined }, 'RS256')),
  refusedByWebCrypto('RSA: no n', (lib) => lib.importJWK({ ...RSA.pub, n: undefined }, 'RS256')),
  {
    name: 'RSA: a 1024-bit key', run: (lib) => errorName(() => lib.importJWK(RSA1024.pub, 'RS256')),
    value: 'none', tinyjose: { value: 'JWKInvalid' }, difference: 'rsa-2048',
  },
  {
    name: 'RSA: for RSA-OAEP-384', run: (lib) => errorName(() => lib.importJWK(RSA.pub, 'RSA-OAEP-384')),
    value: 'none', tinyjose: { value: 'JOSENotSupported' }, difference: 'algorithms-subset',
  },

  // AKP
  { name: 'AKP: no alg in the JWK', run: (lib) => lib.importJWK({ kty: 'AKP', pub: 'AA' }, 'ML-DSA-44'), throws: ['TypeError', 'missing "alg" (Algorithm) Parameter value'] },
  { name: 'AKP: alg argument against the JWK\'s', run: (lib) => lib.importJWK({ kty: 'AKP', alg: 'ML-DSA-44', pub: 'AA' }, 'ML-DSA-65'), throws: ['TypeError', 'JWK alg and alg option value mismatch'] },

  // SPKI
  { name: 'importSPKI: a number', run: (lib) => lib.importSPKI(1, 'ES256'), throws: NOT_SPKI },
  { name: 'importSPKI: a PKCS#8 PEM', run: (lib) => lib.importSPKI(P256.pkcs8, 'ES256'), throws: NOT_SPKI },
  { name: 'importSPKI: white space before the PEM', run: (lib) => lib.importSPKI(`\n${P256.spki}`, 'ES256'), throws: NOT_SPKI },
  { name: 'importSPKI: no alg', run: (lib) => lib.importSPKI(P256.spki), throws: UNSUPPORTED_ALG },
  { name: 'importSPKI: an unknown alg', run: (lib) => lib.importSPKI(P256.spki, 'ES999'), throws: UNSUPPORTED_ALG },
  { name: 'importSPKI: an HMAC alg', run: (lib) => lib.importSPKI(P256.spki, 'HS256'), throws: UNSUPPORTED_ALG },
  { name: 'importSPKI: a key-wrapping alg', run: (lib) => lib.importSPKI(P256.spki, 'A128KW'), throws: UNSUPPORTED_ALG },
  { name: 'importSPKI: extractable not a boolean', run: (lib) => lib.importSPKI(P256.spki, 'ES256', { extractable: 1 }), throws: ['TypeError', '"extractable" option must be a boolean'] },
  { name: 'importSPKI: P-256 for ES256', run: pemRoundTrip('importSPKI', P256.spki, 'ES256'), value: P256.pub },
  { name: 'importSPKI: P-384 for ECDH-ES', run: pemRoundTrip('importSPKI', P384.spki, 'ECDH-ES'), value: P384.pub },
  { name: 'importSPKI: Ed25519 for EdDSA', run: pemRoundTrip('importSPKI', ED25519.spki, 'EdDSA'), value: ED25519.pub },
  { name: 'importSPKI: X25519 for ECDH-ES', run: pemRoundTrip('importSPKI', X25519.spki, 'ECDH-ES'), value: X25519.pub },
  { name: 'importSPKI: RSA for RS256', run: pemRoundTrip('importSPKI', RSA.spki, 'RS256'), value: RSA.pub },
  { name: 'importSPKI: RSA for RSA-OAEP-256', run: pemRoundTrip('importSPKI', RSA.spki, 'RSA-OAEP-256'), value: RSA.pub },
  refusedByWebCrypto('importSPKI: a P-256 key for ES384', (lib) => lib.importSPKI(P256.spki, 'ES384')),
  refusedByWebCrypto('importSPKI: an EC key for RS256', (lib) => lib.importSPKI(P256.spki, 'RS256')),
  refusedByWebCrypto('importSPKI: not DER inside', (lib) => lib.importSPKI('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'ES256')),
  {
    name: 'importSPKI: a 1024-bit RSA key', run: (lib) => errorName(() => lib.importSPKI(RSA1024.spki, 'PS256')),
    value: 'none', tinyjose: { value: 'JWKInvalid' }, difference: 'rsa-2048',
  },

  // PKCS#8
  { name: 'importPKCS8: a number', run: (lib) => lib.importPKCS8(1, 'ES256'), throws: NOT_PKCS8 },
  { name: 'importPKCS8: an SPKI PEM', run: (lib) => lib.importPKCS8(P256.spki, 'ES256'), throws: NOT_PKCS8 },
  { name: 'importPKCS8: no alg', run: (lib) => lib.importPKCS8(ED25519.pkcs8), throws: UNSUPPORTED_ALG },
  { name: 'importPKCS8: alg dir', run: (lib) => lib.importPKCS8(P256.pkcs8, 'dir'), throws: UNSUPPORTED_ALG },
  { name: 'importPKCS8: P-256 for ES256', run: pemRoundTrip('importPKCS8', P256.pkcs8, 'ES256'), value: P256.priv },
  { name: 'importPKCS8: P-521 for ES512', run: pemRoundTrip('importPKCS8', P521.pkcs8, 'ES512'), value: P521.priv },
  { name: 'importPKCS8: Ed25519 for EdDSA', run: pemRoundTrip('importPKCS8', ED25519.pkcs8, 'EdDSA'), value: ED25519.priv },
  { name: 'importPKCS8: RSA for PS256', run: pemRoundTrip('importPKCS8', RSA.pkcs8, 'PS256'), value: RSA.priv },
  { name: 'importPKCS8: RSA for RSA-OAEP', run: pemRoundTrip('importPKCS8', RSA.pkcs8, 'RSA-OAEP'), value: RSA.priv },
  refusedByWebCrypto('importPKCS8: a P-256 key for ES512', (lib) => lib.importPKCS8(P256.pkcs8, 'ES512')),
  refusedByWebCrypto('importPKCS8: not DER inside', (lib) => lib.importPKCS8('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'ES256')),
];

pairs('importJWK, importSPKI, importPKCS8', cases);
