// RFC 8725bis conformance through the package's public API: every case of the core's
// crates/tinyjose/tests/data/conformance/rfc8725bis.json that lists `npm`, with the exact
// verdict the case states: the payload or plaintext byte for byte, or the core's code as the
// error's `tinyjoseCode`.
//
// `verify` cases run `jwtVerify` (the claims) and, once it accepts, `compactVerify` for the exact
// payload bytes; in the JSON serializations, which jose verifies without a JWT API, they run
// `flattenedVerify` or `generalVerify`, and their claims are valid. `decrypt` cases run
// `compactDecrypt` (the case's `alg` and `enc` as `keyManagementAlgorithms` and
// `contentEncryptionAlgorithms`); `nested` cases run `compactDecrypt`, then `jwtVerify` on the
// plaintext. Keys are the file's JWK and JWK Set objects, given as they are.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { compactDecrypt, compactVerify, flattenedVerify, generalVerify, importJWK, jwtVerify } from 'tinyjose';

const FILE = new URL('../../../crates/tinyjose/tests/data/conformance/rfc8725bis.json', import.meta.url);
const file = JSON.parse(readFileSync(FILE, 'utf8'));
const decoder = new TextDecoder('utf-8', { fatal: true });

/** jwtVerify's options for a case: its checks at the file's clock. */
function verifyOptions(c) {
  const options = { currentDate: new Date(file.now * 1000) };
  const checks = c.checks ?? {};
  if (checks.iss !== undefined) options.issuer = checks.iss;
  if (checks.aud !== undefined) options.audience = checks.aud;
  if (checks.sub !== undefined) options.subject = checks.sub;
  if (checks.typ !== undefined) options.typ = checks.typ;
  return options;
}

/**
 * The verification key of a case: the file's JWK or JWK Set object as it is, or, when the case
 * binds the key to one algorithm, importJWK(jwk, alg), jose's way to bind a key (a secret
 * imported so is its bytes, bound to nothing: the file binds only asymmetric keys).
 */
function verificationKey(c) {
  const jwk = file.keys[c.key];
  if (c.alg === undefined) return jwk;
  assert.notEqual(jwk.kty, 'oct', `${c.id}: importJWK binds no secret to an algorithm`);
  return importJWK(jwk, c.alg);
}

function decryptOptions(c) {
  const options = {};
  if (c.alg !== undefined) options.keyManagementAlgorithms = [c.alg];
  if (c.enc !== undefined) options.contentEncryptionAlgorithms = [c.enc];
  return options;
}

/** The payload of a JWT `token` verified with `key`: the exact bytes, as text. */
function verifyCompact(c, token, key) {
  const options = verifyOptions(c);
  const { payload: claims } = jwtVerify(token, key, options);
  const { payload } = compactVerify(token, key);
  const text = decoder.decode(payload);
  assert.deepEqual(claims, JSON.parse(text), `${c.id}: jwtVerify's claims are the payload's`);
  return text;
}

function verifyJson(c, key) {
  const jws = JSON.parse(c.token);
  const { payload } = 'signatures' in jws ? generalVerify(jws, key) : flattenedVerify(jws, key);
  return decoder.decode(payload);
}

function run(c) {
  switch (c.op) {
    case 'verify': {
      const key = verificationKey(c);
      return c.form === 'json' ? verifyJson(c, key) : verifyCompact(c, c.token, key);
    }
    case 'decrypt':
      return decoder.decode(compactDecrypt(c.token, file.keys[c.key], decryptOptions(c)).plaintext);
    case 'nested': {
      const { plaintext } = compactDecrypt(c.token, file.keys[c.jwe_key]);
      return verifyCompact(c, decoder.decode(plaintext), verificationKey(c));
    }
    default:
      throw new Error(`${c.id}: unknown op ${c.op}`);
  }
}

/** The verdict of a case: `{ payload }`, `{ error: tinyjoseCode }`, or what else was thrown. */
function verdict(c) {
  try {
    return { payload: run(c) };
  } catch (e) {
    if (typeof e?.tinyjoseCode === 'string') return { error: e.tinyjoseCode };
    return { thrown: `${e?.name}: ${e?.message}` };
  }
}

const cases = file.cases.filter((c) => c.layers.includes('npm'));

test('the case file has npm cases', () => {
  assert.ok(cases.length > 0);
});

for (const c of cases) {
  test(`${c.id}: ${c.threat}`, () => {
    assert.deepEqual(verdict(c), c.expect);
  });
}
