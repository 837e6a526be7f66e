// calculateJwkThumbprint, case by case against jose: each key type, the RFC 7638 §3.1 example,
// members missing or not strings, the digest argument, keys as well as JWKs.

import { pairs } from './pairs.mjs';
import { ED25519, OCT, P256, P521, RSA, X25519, thumbprint } from './jwk-fixtures.mjs';

/** The RSA key of RFC 7638 §3.1 and its SHA-256 thumbprint. */
const RFC7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};
const RFC7638_THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

const ec = (jwk) => ({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
const okp = (jwk) => ({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
const rsa = (jwk) => ({ e: jwk.e, kty: jwk.kty, n: jwk.n });

const NOT_A_KEY = 'Key must be one of type CryptoKey, KeyObject, or JSON Web Key.';
const DIGEST = ['TypeError', 'digestAlgorithm must one of "sha256", "sha384", or "sha512"'];
const missing = (description) => ['JWKInvalid', `${description} missing or invalid`];

const cases = [
  { name: 'RFC 7638 §3.1 example', run: (lib) => lib.calculateJwkThumbprint(RFC7638_KEY), value: RFC7638_THUMBPRINT },
  { name: 'RFC 7638 §3.1 example, sha256 named', run: (lib) => lib.calculateJwkThumbprint(RFC7638_KEY, 'sha256'), value: RFC7638_THUMBPRINT },
  { name: 'RFC 7638 §3.1 example, digest undefined', run: (lib) => lib.calculateJwkThumbprint(RFC7638_KEY, undefined), value: RFC7638_THUMBPRINT },
  { name: 'RFC 7638 §3.1 example, sha384', run: (lib) => lib.calculateJwkThumbprint(RFC7638_KEY, 'sha384'), value: thumbprint(rsa(RFC7638_KEY), 'sha384') },
  { name: 'RFC 7638 §3.1 example, sha512', run: (lib) => lib.calculateJwkThumbprint(RFC7638_KEY, 'sha512'), value: thumbprint(rsa(RFC7638_KEY), 'sha512') },
  { name: 'EC P-256 public', run: (lib) => lib.calculateJwkThumbprint(P256.pub), value: thumbprint(ec(P256.pub)) },
  { name: 'EC P-256 private: the public members only', run: (lib) => lib.calculateJwkThumbprint(P256.priv), value: thumbprint(ec(P256.pub)) },
  { name: 'EC P-521', run: (lib) => lib.calculateJwkThumbprint(P521.pub), value: thumbprint(ec(P521.pub)) },
  { name: 'Ed25519', run: (lib) => lib.calculateJwkThumbprint(ED25519.pub), value: thumbprint(okp(ED25519.pub)) },
  { name: 'Ed25519 private', run: (lib) => lib.calculateJwkThumbprint(ED25519.priv), value: thumbprint(okp(ED25519.pub)) },
  { name: 'X25519', run: (lib) => lib.calculateJwkThumbprint(X25519.pub), value: thumbprint(okp(X25519.pub)) },
  { name: 'RSA private', run: (lib) => lib.calculateJwkThumbprint(RSA.priv), value: thumbprint(rsa(RSA.pub)) },
  { name: 'oct', run: (lib) => lib.calculateJwkThumbprint(OCT), value: thumbprint({ k: OCT.k, kty: 'oct' }) },
  { name: 'oct with an empty k', run: (lib) => lib.calculateJwkThumbprint({ kty: 'oct', k: '' }), value: thumbprint({ k: '', kty: 'oct' }) },
  { name: 'other members do not count', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, kid: 'a', use: 'sig', alg: 'ES256' }), value: thumbprint(ec(P256.pub)) },
  { name: 'a curve jose does not know', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, crv: 'P-999' }), value: thumbprint(ec({ ...P256.pub, crv: 'P-999' })) },
  { name: 'a coordinate of the wrong length', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, x: 'AAAA' }), value: thumbprint(ec({ ...P256.pub, x: 'AAAA' })) },
  { name: 'Ed25519 with sha512', run: (lib) => lib.calculateJwkThumbprint(ED25519.pub, 'sha512'), value: thumbprint(okp(ED25519.pub), 'sha512') },
  { name: 'an imported public key', run: async (lib) => lib.calculateJwkThumbprint(await lib.importJWK(P256.pub, 'ES256')), value: thumbprint(ec(P256.pub)) },
  { name: 'an imported RSA key, sha384', run: async (lib) => lib.calculateJwkThumbprint(await lib.importJWK(RSA.pub, 'PS256'), 'sha384'), value: thumbprint(rsa(RSA.pub), 'sha384') },
  { name: 'an imported extractable private key', run: async (lib) => lib.calculateJwkThumbprint(await lib.importJWK(ED25519.priv, 'EdDSA', { extractable: true })), value: thumbprint(okp(ED25519.pub)) },
  { name: 'a Uint8Array secret', run: (lib) => lib.calculateJwkThumbprint(new Uint8Array(4)), throws: ['TypeError', `${NOT_A_KEY} Received an instance of Uint8Array`] },
  { name: 'null', run: (lib) => lib.calculateJwkThumbprint(null), throws: ['TypeError', `${NOT_A_KEY} Received null`] },
  { name: 'a string', run: (lib) => lib.calculateJwkThumbprint('{}'), throws: ['TypeError', NOT_A_KEY] },
  { name: 'no kty', run: (lib) => lib.calculateJwkThumbprint({ x: 'a' }), throws: ['TypeError', `${NOT_A_KEY} Received an instance of Object`] },
  { name: 'kty a number', run: (lib) => lib.calculateJwkThumbprint({ kty: 1 }), throws: ['TypeError', `${NOT_A_KEY} Received an instance of Object`] },
  { name: 'an unknown kty', run: (lib) => lib.calculateJwkThumbprint({ kty: 'XYZ' }), throws: ['JOSENotSupported', '"kty" (Key Type) Parameter missing or unsupported'] },
  { name: 'the key is checked before the digest', run: (lib) => lib.calculateJwkThumbprint(null, 'md5'), throws: ['TypeError', `${NOT_A_KEY} Received null`] },
  { name: 'digest sha1', run: (lib) => lib.calculateJwkThumbprint(P256.pub, 'sha1'), throws: DIGEST },
  { name: 'digest SHA-256 spelled differently', run: (lib) => lib.calculateJwkThumbprint(P256.pub, 'SHA-256'), throws: DIGEST },
  { name: 'digest a number', run: (lib) => lib.calculateJwkThumbprint(P256.pub, 256), throws: DIGEST },
  { name: 'the digest is checked before the members', run: (lib) => lib.calculateJwkThumbprint({ kty: 'EC' }, 'md5'), throws: DIGEST },
  { name: 'EC without crv', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, crv: undefined }), throws: missing('"crv" (Curve) Parameter') },
  { name: 'EC without x', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, x: undefined }), throws: missing('"x" (X Coordinate) Parameter') },
  { name: 'EC with an empty y', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, y: '' }), throws: missing('"y" (Y Coordinate) Parameter') },
  { name: 'EC with y a number', run: (lib) => lib.calculateJwkThumbprint({ ...P256.pub, y: 1 }), throws: missing('"y" (Y Coordinate) Parameter') },
  { name: 'OKP without crv', run: (lib) => lib.calculateJwkThumbprint({ kty: 'OKP', x: 'a' }), throws: missing('"crv" (Subtype of Key Pair) Parameter') },
  { name: 'OKP without x', run: (lib) => lib.calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519' }), throws: missing('"x" (Public Key) Parameter') },
  { name: 'RSA without e', run: (lib) => lib.calculateJwkThumbprint({ kty: 'RSA', n: 'AQAB' }), throws: missing('"e" (Exponent) Parameter') },
  { name: 'RSA without n', run: (lib) => lib.calculateJwkThumbprint({ kty: 'RSA', e: 'AQAB' }), throws: missing('"n" (Modulus) Parameter') },
  { name: 'oct without k', run: (lib) => lib.calculateJwkThumbprint({ kty: 'oct' }), throws: ['JWKInvalid', '"k" (Key Value) Parameter missing or invalid'] },
  { name: 'AKP without alg', run: (lib) => lib.calculateJwkThumbprint({ kty: 'AKP', pub: 'AA' }), throws: missing('"alg" (Algorithm) Parameter') },
  { name: 'AKP without pub', run: (lib) => lib.calculateJwkThumbprint({ kty: 'AKP', alg: 'ML-DSA-44' }), throws: missing('"pub" (Public key) Parameter') },
  {
    name: 'AKP', run: (lib) => lib.calculateJwkThumbprint({ kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA' }),
    value: thumbprint({ alg: 'ML-DSA-44', kty: 'AKP', pub: 'AAAA' }),
    tinyjose: ['JWKInvalid', 'key rejected: another key type or curve than the algorithm needs'], difference: 'algorithms-subset',
  },
  {
    name: 'a generated private key, not extractable', run: async (lib) => typeof await lib.calculateJwkThumbprint((await lib.generateKeyPair('ES256')).privateKey),
    throws: ['TypeError', 'non-extractable CryptoKey cannot be exported as a JWK'], tinyjose: { value: 'string' }, difference: 'key-import-time',
  },
];

pairs('calculateJwkThumbprint', cases);
