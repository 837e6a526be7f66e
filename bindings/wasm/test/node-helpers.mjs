// Shared helpers of the Node.js suites: fixed clock, raw token building (independent of the
// package's signer), and exact error assertions.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixed clock of the suites: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;
export const AT = new Date(NOW * 1000);

/** A 32-byte HS256 secret: 1, 2, ..., 32. */
export const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

const encoder = new TextEncoder();

/** Base64url without padding of a string (UTF-8) or bytes. */
export function b64u(data) {
  return Buffer.from(typeof data === 'string' ? encoder.encode(data) : data).toString('base64url');
}

/** The UTF-8 bytes of a string. */
export const utf8 = (text) => encoder.encode(text);

const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A compact JWS over `header` and `payload` (objects are JSON-serialized, strings are taken as
 * they are), MACed with node:crypto: HS256 unless `hash` says otherwise.
 */
export function hmacToken(header, payload, secret = SECRET, hash = 'sha256') {
  const input = `${b64u(text(header))}.${b64u(text(payload))}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** A compact JWS with the given raw segments, MACed with HS256 over them. */
export function hmacSegments(headerSegment, payloadSegment, secret = SECRET) {
  const input = `${headerSegment}.${payloadSegment}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Runs `fn`, which must throw an instance of exactly `Class`, whose properties include
 * `expected` (compared with deepEqual). Returns the error.
 */
export function fails(fn, Class, expected = {}) {
  let error;
  let threw = false;
  try {
    fn();
  } catch (e) {
    error = e;
    threw = true;
  }
  assert.ok(threw, `expected ${Class.name} to be thrown`);
  assert.equal(error?.constructor, Class, `expected ${Class.name}, got ${error?.constructor?.name}: ${error?.message}`);
  for (const [name, value] of Object.entries(expected)) {
    assert.deepEqual(error[name], value, `${Class.name}.${name}`);
  }
  return error;
}

/** `fn` must throw a TypeError with exactly `message`. */
export function typeError(fn, message) {
  return fails(fn, TypeError, { message });
}

// ECDSA signatures in low-S and high-S form. A signature (r, s) and its twin (r, n - s) verify
// alike under ECDSA, so a signer that does not normalize `s` (WebCrypto, hence jose; OpenSSL)
// gives a high `s` (above n/2) about half the time. tinyjose accepts the low-S form only, unless
// `ecdsaHighS` is set; these helpers let a test know which form a token has, without luck.

/** The order n of each ECDSA curve, by JWS algorithm. */
export const ECDSA_ORDERS = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

/** The parts of the ECDSA signature of a compact JWS. */
function ecdsaParts(token) {
  const [header, payload, signature] = token.split('.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  const n = ECDSA_ORDERS[alg];
  assert.ok(n !== undefined, `not an ECDSA token: ${alg}`);
  const bytes = Buffer.from(signature, 'base64url');
  const half = bytes.length / 2;
  return { n, half, r: bytes.subarray(0, half), s: BigInt(`0x${bytes.subarray(half).toString('hex')}`), input: `${header}.${payload}` };
}

/** Whether the ES256/384/512 compact JWS `token` has a high-S signature (s > n/2). */
export function isHighS(token) {
  const { n, s } = ecdsaParts(token);
  return s > n / 2n;
}

/** The same token with the twin signature (r, n - s): high-S if `token` is low-S, and back. */
export function ecdsaTwin(token) {
  const { n, half, r, s, input } = ecdsaParts(token);
  const twin = Buffer.from((n - s).toString(16).padStart(half * 2, '0'), 'hex');
  return `${input}.${Buffer.concat([r, twin]).toString('base64url')}`;
}

/** The low-S and the high-S form of an ECDSA token, whichever form it has. */
export function ecdsaForms(token) {
  return isHighS(token) ? { low: ecdsaTwin(token), high: token } : { low: token, high: ecdsaTwin(token) };
}

/** What a high-S signature gets by default: exactly jose's JWSSignatureVerificationFailed. */
export const INVALID_SIGNATURE = {
  name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature',
};

/**
 * A JavaScript runtime for the suites (`deno`, `bun`): from the environment variable `envName`,
 * node_modules/.bin, target/js-runtimes (where `cargo xtask tools --wasm` installs Deno), or PATH.
 */
export function findRuntime(name, envName) {
  const candidates = [
    process.env[envName],
    fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url)),
    fileURLToPath(new URL(`../../../target/js-runtimes/node_modules/.bin/${name}`, import.meta.url)),
    name,
  ];
  for (const candidate of candidates) {
    if (!candidate || (candidate.includes('/') && !existsSync(candidate))) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return { bin: candidate, version: probe.stdout.trim().split('\n')[0] };
  }
  return undefined;
}

/** A verification result without the `key` a key function or a createLocalJWKSet set adds (as jose does). */
export const withoutKey = ({ key: _key, ...result }) => result;

/**
 * A key pair of node:crypto (`generateKeyPairSync`'s arguments), as KeyObjects made again from
 * its PEM. Node 20 can deadlock when a KeyObject that `generateKeyPairSync` returned for an
 * Ed25519 or X25519 key is exported as a JWK while the collector frees the generation job: both
 * take the one mutex of that key.
 */
export function keyPair(type, options = {}) {
  const pem = generateKeyPairSync(type, {
    ...options, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: createPublicKey(pem.publicKey), privateKey: createPrivateKey(pem.privateKey) };
}
