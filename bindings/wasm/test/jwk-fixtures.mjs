// Keys of the paired key suites (pair-jwk-*.test.mjs, pair-jwks-local.test.mjs): one pair of
// each type, made by node:crypto when the suite loads, as JWKs and as PEM.

import { createHash } from 'node:crypto';

import { keyPair } from './node-helpers.mjs';

/** A key pair of node:crypto as public and private JWKs, SPKI and PKCS#8 PEM. */
function pair(type, options) {
  const { publicKey, privateKey } = keyPair(type, options);
  return {
    pub: publicKey.export({ format: 'jwk' }),
    priv: privateKey.export({ format: 'jwk' }),
    spki: publicKey.export({ type: 'spki', format: 'pem' }),
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  };
}

export const P256 = pair('ec', { namedCurve: 'P-256' });
export const P384 = pair('ec', { namedCurve: 'P-384' });
export const P521 = pair('ec', { namedCurve: 'P-521' });
export const ED25519 = pair('ed25519');
export const X25519 = pair('x25519');
export const RSA = pair('rsa', { modulusLength: 2048 });
export const RSA1024 = pair('rsa', { modulusLength: 1024 });

/** An `oct` JWK of 32 bytes, each 7. */
export const OCT = { kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') };

/** The RFC 7638 thumbprint, computed here with node:crypto: the required members, sorted, hashed. */
export function thumbprint(members, digest = 'sha256') {
  return createHash(digest).update(JSON.stringify(members)).digest('base64url');
}

/** The name of the error `fn` throws or rejects with ('none' when it gives a value). */
export async function errorName(fn) {
  try {
    await fn();
    return 'none';
  } catch (e) {
    return e.name;
  }
}
