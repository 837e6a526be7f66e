// Shared helpers of the Node.js suites: fixed clock, raw token building (independent of the
// package's signer), and exact error assertions.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

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
