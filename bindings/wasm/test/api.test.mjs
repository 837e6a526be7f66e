// The jose-shaped API of the `tinyjose` package: every export, every verify option, every error
// code reachable from JavaScript, argument checking, signing rules, time spans and keys.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, createHmac, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

import * as tinyjose from 'tinyjose';
import { CODE_CLASSES, UNLISTED_CODES, UNMAPPED_CODES, toJoseError } from '../js/failure.mjs';
import { CODES, DESCRIPTIONS } from '../js/codes.mjs';
import {
  CompactSign,
  JOSEAlgNotAllowed,
  JOSEError,
  JOSENotSupported,
  JWKInvalid,
  JWKSInvalid,
  JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey,
  JWSInvalid,
  JWSSignatureVerificationFailed,
  JWTClaimValidationFailed,
  JWTExpired,
  JWTInvalid,
  SignJWT,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  generateSecret,
  importJWK,
  importPKCS8,
  importSPKI,
  jwtVerify,
} from 'tinyjose';

import { AT, NOW, SECRET, b64u, fails, hmacSegments, hmacToken, keyPair, typeError, utf8, withoutKey } from './node-helpers.mjs';

const HS = { alg: 'HS256' };
const at = (seconds) => new Date(seconds * 1000);

// Expected errors: [class, properties].
const EXPIRED = [JWTExpired, { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired', claim: 'exp', reason: 'check_failed' }];
const claimFailed = (tinyjoseCode, claim, reason) => [
  JWTClaimValidationFailed,
  { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', tinyjoseCode, claim, reason },
];
const jwsInvalid = (tinyjoseCode, message) => [JWSInvalid, { code: 'ERR_JWS_INVALID', tinyjoseCode, message }];
const algNotAllowed = (tinyjoseCode) => [JOSEAlgNotAllowed, { code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode }];
const BAD_SIGNATURE = [JWSSignatureVerificationFailed, {
  code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature', message: 'signature verification failed',
}];
const NO_MATCHING_KEY = [JWKSNoMatchingKey, { code: 'ERR_JWKS_NO_MATCHING_KEY', tinyjoseCode: 'no_matching_key' }];
const MULTIPLE_KEYS = [JWKSMultipleMatchingKeys, { code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', tinyjoseCode: 'ambiguous_key' }];
const KEY_REJECTED = [JWKInvalid, { code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected' }];

/** Verifies `claims` (HS256 with SECRET) at NOW with `options`, returning the payload. */
const verifyClaims = (claims, options = {}, header = HS) =>
  jwtVerify(hmacToken(header, claims), SECRET, { currentDate: AT, ...options }).payload;
/** `verifyClaims` must fail with the expected [class, properties]. */
const claimsFail = (claims, options, [Class, expected], header = HS) =>
  fails(() => verifyClaims(claims, options, header), Class, expected);

// ---------------------------------------------------------------------------------------------

describe('exports', () => {
  test('the package exports exactly the jose-shaped API and the error classes', () => {
    assert.deepEqual(Object.keys(tinyjose).sort(), [
      'CompactEncrypt', 'CompactSign', 'EncryptJWT', 'FlattenedEncrypt', 'FlattenedSign', 'GeneralEncrypt', 'GeneralSign',
      'JOSEAlgNotAllowed', 'JOSEError',
      'JOSENotSupported', 'JWEDecryptionFailed', 'JWEInvalid', 'JWKInvalid', 'JWKSInvalid',
      'JWKSMultipleMatchingKeys', 'JWKSNoMatchingKey', 'JWKSTimeout', 'JWSInvalid', 'JWSSignatureVerificationFailed',
      'JWTClaimValidationFailed', 'JWTExpired', 'JWTInvalid', 'SignJWT', 'calculateJwkThumbprint',
      'compactDecrypt', 'compactVerify', 'createDpopProof', 'createJtiCache', 'createLocalJWKSet', 'createRemoteJWKSet', 'decodeJwt', 'decodeProtectedHeader', 'errors', 'exportJWK',
      'flattenedDecrypt', 'flattenedVerify', 'generalDecrypt', 'generalVerify', 'generateKeyPair', 'generateSecret', 'importJWK', 'importPKCS8', 'importSPKI',
      'issueSdJwt', 'jwtDecrypt', 'jwtVerify', 'presentSdJwt', 'validateAccessToken', 'validateDpopProof', 'validateIdToken', 'validateJarmResponse',
      'verifySdJwt',
    ]);
  });

  test('each error class carries jose\'s code, statically and on instances, and the core code', () => {
    const codes = {
      JOSEError: 'ERR_JOSE_GENERIC',
      JWTClaimValidationFailed: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      JWTExpired: 'ERR_JWT_EXPIRED',
      JOSEAlgNotAllowed: 'ERR_JOSE_ALG_NOT_ALLOWED',
      JOSENotSupported: 'ERR_JOSE_NOT_SUPPORTED',
      JWSSignatureVerificationFailed: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      JWEDecryptionFailed: 'ERR_JWE_DECRYPTION_FAILED',
      JWEInvalid: 'ERR_JWE_INVALID',
      JWSInvalid: 'ERR_JWS_INVALID',
      JWTInvalid: 'ERR_JWT_INVALID',
      JWKInvalid: 'ERR_JWK_INVALID',
      JWKSInvalid: 'ERR_JWKS_INVALID',
      JWKSNoMatchingKey: 'ERR_JWKS_NO_MATCHING_KEY',
      JWKSMultipleMatchingKeys: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
      JWKSTimeout: 'ERR_JWKS_TIMEOUT',
    };
    assert.deepEqual(Object.keys(errors).sort(), Object.keys(codes).sort());
    const claimClasses = ['JWTClaimValidationFailed', 'JWTExpired'];
    for (const [name, code] of Object.entries(codes)) {
      const Class = errors[name];
      assert.equal(Class, tinyjose[name]);
      assert.equal(Class.code, code, name);
      assert.equal(Class.name, name);
      // jose's constructors: (message, payload, claim, reason) for the claim errors, else
      // (message, options); the package passes the core's code as a string in place of options.
      const error = claimClasses.includes(name) ? new Class('message', { p: 1 }, 'exp', 'check_failed') : new Class('message', 'some_code');
      assert.equal(error.code, code, name);
      assert.equal(error.name, name);
      assert.equal(error.message, 'message');
      assert.equal(error.tinyjoseCode, claimClasses.includes(name) ? undefined : 'some_code');
      assert.ok(error instanceof JOSEError && error instanceof Error, name);
    }
    // As in jose, JWTExpired is not a JWTClaimValidationFailed.
    assert.ok(!(new JWTExpired('m') instanceof JWTClaimValidationFailed));
    const claimError = new JWTClaimValidationFailed('m', { p: 1 }, 'iss', 'check_failed');
    assert.deepEqual(
      { ...claimError },
      { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', tinyjoseCode: undefined, claim: 'iss', reason: 'check_failed', payload: { p: 1 }, name: 'JWTClaimValidationFailed' },
    );
    assert.deepEqual(claimError.cause, { claim: 'iss', reason: 'check_failed', payload: { p: 1 } });
    assert.deepEqual([new JWTExpired('m').claim, new JWTExpired('m').reason], ['unspecified', 'unspecified']);
    // Defaults of the classes jose constructs without arguments.
    assert.equal(new JWSSignatureVerificationFailed().message, 'signature verification failed');
    assert.equal(new errors.JWEDecryptionFailed().message, 'decryption operation failed');
    assert.equal(new JWKSNoMatchingKey().message, 'no applicable key found in the JSON Web Key Set');
    assert.equal(new JWKSMultipleMatchingKeys().message, 'multiple matching keys found in the JSON Web Key Set');
    assert.equal(new errors.JWKSTimeout().message, 'request timed out');
  });
});

describe('error codes', () => {
  test('every code of the core is reachable from JavaScript, with its jose class', () => {
    const ec = generateKeyPair('ES256');
    const ecJwk = exportJWK(ec.publicKey);
    const other = exportJWK(generateKeyPair('ES256').publicKey);
    const at0 = { currentDate: AT };
    const reach = {
      expired: [() => verifyClaims({ exp: NOW }), JWTExpired],
      not_yet_valid: [() => verifyClaims({ nbf: NOW + 1 }), JWTClaimValidationFailed],
      issued_at_invalid: [() => verifyClaims({ iat: NOW + 1 }), JWTClaimValidationFailed],
      max_age_exceeded: [() => verifyClaims({ iat: NOW - 61 }, { maxTokenAge: 60 }), JWTExpired],
      issuer_mismatch: [() => verifyClaims({ iss: 'a' }, { issuer: 'b' }), JWTClaimValidationFailed],
      audience_mismatch: [() => verifyClaims({ aud: 'a' }, { audience: 'b' }), JWTClaimValidationFailed],
      subject_mismatch: [() => verifyClaims({ sub: 'a' }, { subject: 'b' }), JWTClaimValidationFailed],
      type_mismatch: [() => verifyClaims({}, { typ: 'JWT' }), JWTClaimValidationFailed],
      missing_claim: [() => verifyClaims({}, { requiredClaims: ['x'] }), JWTClaimValidationFailed],
      invalid_claim: [() => verifyClaims({ exp: 'x' }), JWTClaimValidationFailed],
      invalid_signature: [() => jwtVerify(hmacToken(HS, {}, new Uint8Array(32)), SECRET, at0), JWSSignatureVerificationFailed],
      // jose's class for alg none: JOSENotSupported.
      alg_none: [() => jwtVerify(`${b64u('{"alg":"none"}')}.e30.`, SECRET), JOSENotSupported],
      alg_mismatch: [() => jwtVerify(hmacToken(HS, {}), ecJwk), JOSEAlgNotAllowed],
      alg_not_allowed: [() => jwtVerify(hmacToken(HS, {}), SECRET, { algorithms: ['HS512'] }), JOSEAlgNotAllowed],
      unsupported_alg: [() => jwtVerify(hmacToken({ alg: 'HS999' }, {}), SECRET), JOSENotSupported],
      unsupported_crit: [() => jwtVerify(hmacToken({ alg: 'HS256', crit: ['x'], x: 1 }, {}), SECRET), JOSENotSupported],
      key_rejected: [() => jwtVerify(hmacToken(HS, {}), new Uint8Array(16)), JWKInvalid],
      ambiguous_key: [() => jwtVerify(new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey),
        { keys: [{ ...ecJwk, kid: 'a' }, { ...other, kid: 'a' }] }), JWKSMultipleMatchingKeys],
      no_matching_key: [() => jwtVerify(new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'z' }).sign(ec.privateKey),
        { keys: [{ ...ecJwk, kid: 'a' }] }), JWKSNoMatchingKey],
      malformed: [() => jwtVerify('a.b', SECRET), JWSInvalid],
      base64: [() => jwtVerify('!.e30.e30', SECRET), JWSInvalid],
      json: [() => jwtVerify(hmacToken('{', {}), SECRET), JWSInvalid],
      duplicate_member: [() => jwtVerify(hmacToken(HS, '{"a":1,"a":1}'), SECRET), JWTInvalid],
      limit_exceeded: [() => jwtVerify('a'.repeat(16385), SECRET), JWSInvalid],
      // generateKeyPair refuses RSA1_5 in JavaScript, as jose does (unsupported_alg); a token that
      // names it reaches the core's own code.
      alg_rsa1_5: [() => tinyjose.compactDecrypt(`${b64u('{"alg":"RSA1_5","enc":"A128GCM"}')}.AAAA.AAAA.AAAA.AAAA`, SECRET), JOSENotSupported],
      unsupported: [() => generateKeyPair('EdDSA', { crv: 'Ed448' }), JOSENotSupported],
    };
    for (const [code, [fn, Class]] of Object.entries(reach)) {
      fails(fn, Class, { code: Class.code, tinyjoseCode: code });
    }
    assert.equal(Object.keys(reach).length, 26);
  });

  test('toJoseError maps each core code to its class and jose\'s words, by context', () => {
    const map = (code, context, claim, message = 'm', part = undefined, token = undefined) =>
      toJoseError({ code, claim, message, part }, context, token);
    // Claim errors: jose's class, claim, reason and words; the payload is attached later.
    const claims = {
      expired: [JWTExpired, 'exp', 'check_failed', '"exp" claim timestamp check failed'],
      max_age_exceeded: [JWTExpired, 'iat', 'check_failed', '"iat" claim timestamp check failed (too far in the past)'],
      not_yet_valid: [JWTClaimValidationFailed, 'nbf', 'check_failed', '"nbf" claim timestamp check failed'],
      issued_at_invalid: [JWTClaimValidationFailed, 'iat', 'check_failed', '"iat" claim timestamp check failed (it should be in the past)'],
      issuer_mismatch: [JWTClaimValidationFailed, 'iss', 'check_failed', 'unexpected "iss" claim value'],
      audience_mismatch: [JWTClaimValidationFailed, 'aud', 'check_failed', 'unexpected "aud" claim value'],
      subject_mismatch: [JWTClaimValidationFailed, 'sub', 'check_failed', 'unexpected "sub" claim value'],
      type_mismatch: [JWTClaimValidationFailed, 'typ', 'check_failed', 'unexpected "typ" JWT header value'],
      missing_claim: [JWTClaimValidationFailed, 'jti', 'missing', 'missing required "jti" claim'],
      invalid_claim: [JWTClaimValidationFailed, 'exp', 'invalid', '"exp" claim must be a number'],
    };
    for (const [code, [Class, claim, reason, message]] of Object.entries(claims)) {
      const error = map(code, 'jwt', claim);
      assert.equal(error.constructor, Class, code);
      assert.deepEqual([error.code, error.tinyjoseCode, error.claim, error.reason, error.payload, error.message],
        [Class.code, code, claim, reason, undefined, message]);
    }
    assert.equal(map('invalid_claim', 'jwt', 'iss').message, '"iss" claim must be a string');
    // Without a claim from the core: jose's claim for the time errors, else "unspecified".
    assert.deepEqual([map('expired', 'jwt').claim, map('max_age_exceeded', 'jwt').claim], ['exp', 'iat']);
    assert.equal(map('not_yet_valid', 'jwt').claim, 'unspecified');
    // Without a token to read the header of: the table's class, the core's words unless jose's
    // are fixed.
    const others = {
      invalid_signature: [JWSSignatureVerificationFailed, 'signature verification failed'],
      no_matching_key: [JWKSNoMatchingKey, 'no applicable key found in the JSON Web Key Set'],
      ambiguous_key: [JWKSMultipleMatchingKeys, 'multiple matching keys found in the JSON Web Key Set'],
      alg_none: [JOSENotSupported, 'm'],
      alg_mismatch: [JOSEAlgNotAllowed, 'm'],
      alg_not_allowed: [JOSEAlgNotAllowed, '"alg" (Algorithm) Header Parameter value not allowed'],
      unsupported_alg: [JOSENotSupported, 'm'],
      unsupported_enc: [JOSENotSupported, 'Invalid or unsupported "enc" (JWE Encryption Algorithm) header value'],
      unsupported_crit: [JOSENotSupported, 'm'],
      unsupported: [JOSENotSupported, 'm'],
      alg_rsa1_5: [JOSENotSupported, 'Invalid or unsupported "alg" (JWE Algorithm) header value'],
      decryption_failed: [errors.JWEDecryptionFailed, 'decryption operation failed'],
      buffer_too_small: [JOSEError, 'm'],
    };
    for (const [code, [Class, message]] of Object.entries(others)) {
      for (const context of ['jwt', 'jws', 'jwk', 'jwks']) {
        const error = map(code, context);
        assert.equal(error.constructor, Class, `${code} ${context}`);
        assert.deepEqual([error.code, error.tinyjoseCode, error.message], [Class.code, code, message], `${code} ${context}`);
      }
    }
    // With the token: jose's words on its header. alg none is an unsupported algorithm to jose.
    const none = `${b64u('{"alg":"none"}')}.e30.`;
    for (const code of ['alg_none', 'unsupported_alg']) {
      const error = map(code, 'jwt', undefined, 'm', undefined, none);
      assert.deepEqual([error.constructor, error.tinyjoseCode, error.message],
        [JOSENotSupported, code, 'alg none is not supported either by JOSE or your javascript runtime']);
    }
    const critical = map('unsupported_crit', 'jws', undefined, 'm', undefined, hmacToken({ alg: 'HS256', crit: ['x'], x: 1 }, {}));
    assert.deepEqual([critical.constructor, critical.message], [JOSENotSupported, 'Extension Header Parameter "x" is not recognized']);
    // The class of a structural error depends on the part it concerns, never on its message.
    const byContext = (code, part) => ['jwt', 'jws', 'jwk', 'jwks'].map((c) => map(code, c, undefined, 'payload', part).constructor);
    assert.deepEqual(byContext('key_rejected'), [JWKInvalid, JWKInvalid, JWKInvalid, JWKSInvalid]);
    for (const code of ['base64', 'limit_exceeded']) {
      assert.deepEqual(byContext(code, 'payload'), [JWSInvalid, JWSInvalid, JWKInvalid, JWKSInvalid], code);
    }
    // A JWT's payload that is not encoded (b64: false) is JWTInvalid, as in jose.
    assert.deepEqual(byContext('malformed', 'payload'), [JWTInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    assert.deepEqual(byContext('json', 'payload'), [JWTInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    assert.deepEqual(byContext('json', 'header'), [JWSInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    assert.deepEqual(byContext('json', undefined), [JWSInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    assert.deepEqual(byContext('duplicate_member', 'payload'), [JWTInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    assert.deepEqual(byContext('duplicate_member', 'header'), [JWSInvalid, JWSInvalid, JWKInvalid, JWKSInvalid]);
    // jose's words for the structure of a JWS, by part.
    const words = (code, part, context = 'jws') => map(code, context, undefined, 'core words', part).message;
    assert.equal(words('malformed', 'token'), 'Invalid Compact JWS');
    assert.equal(words('malformed', 'token', 'jwe'), 'Invalid Compact JWE');
    assert.equal(words('json', 'header'), 'JWS Protected Header is invalid');
    assert.equal(words('base64', 'signature'), 'Failed to base64url decode the signature');
    assert.equal(words('base64', 'payload'), 'Failed to base64url decode the payload');
    assert.equal(words('json', 'payload', 'jwt'), 'JWT Claims Set must be a top-level JSON object');
    assert.equal(words('malformed', 'payload', 'jwt'), 'JWTs MUST NOT use unencoded payload');
    // A limit is tinyjose's own (strict-parsing): the core's words.
    assert.equal(words('limit_exceeded', 'token'), 'core words');
    // A code outside the list (none is sent) would still be a JOSEError.
    assert.equal(map('not_a_code', 'jwt').constructor, JOSEError);
  });

  test('one list of codes: the core\'s; the JavaScript, the table and the README use no other', () => {
    const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
    // The core's Error::code() list, read from its source: js/codes.mjs (generated from it by
    // `cargo xtask codegen`) has exactly these codes, in this order, each with a description.
    const source = read('../../../crates/tinyjose/src/error.rs');
    const body = source.slice(source.indexOf('pub const fn code(&self)'));
    const core = [...body.slice(0, body.indexOf('\n    }\n')).matchAll(/=> "([a-z0-9_]+)"/g)].map((m) => m[1]);
    assert.ok(core.length >= 29 && core.includes('alg_rsa1_5'), `the core's codes: ${core}`);
    assert.deepEqual([...CODES], core);
    assert.ok(Object.isFrozen(CODES));
    assert.deepEqual(Object.keys(DESCRIPTIONS), core);
    // The table of jose classes has exactly these codes, in the same order, each named.
    assert.deepEqual(Object.keys(CODE_CLASSES), core);
    assert.deepEqual([UNLISTED_CODES, UNMAPPED_CODES], [[], []]);
    // The TypeScript union of codes.d.ts names the same codes.
    const union = read('../js/codes.d.ts');
    const typed = [...union.slice(union.indexOf('export type TinyjoseCode')).matchAll(/\| '([a-z0-9_]+)'/g)].map((m) => m[1]);
    assert.deepEqual(typed, core);
    for (const name of new Set(Object.values(CODE_CLASSES))) {
      assert.ok(name === 'Invalid' || errors[name]?.prototype instanceof Error, name);
    }
    // Every code the package's JavaScript gives its own errors: the last argument of a
    // constructor (but a claim error's, which is jose's `reason`), or assigned to tinyjoseCode.
    let found = 0;
    for (const file of readdirSync(new URL('../js/', import.meta.url)).filter((f) => f.endsWith('.mjs'))) {
      for (const line of read(`../js/${file}`).split('\n')) {
        const code = /new (JOSE|JW)\w+\(/.test(line) && !/new JWT(ClaimValidationFailed|Expired)\(/.test(line)
          ? /'([a-z0-9_]+)'\)+;?$/.exec(line.trim())?.[1]
          : /tinyjoseCode = '([a-z0-9_]+)'/.exec(line)?.[1];
        if (code !== undefined) {
          found++;
          assert.ok(Object.hasOwn(CODE_CLASSES, code), `${file}: ${code}`);
        }
      }
    }
    assert.ok(found > 40, `codes found in js/: ${found}`);
    // The README's table of codes: each row's codes, before any comment in parentheses.
    const readme = read('../README.md');
    const rows = readme.slice(readme.indexOf('| `tinyjoseCode` |')).split('\n\n')[0].split('\n').slice(2);
    const documented = rows.flatMap((row) => [...row.split('|')[1].split('(')[0].matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]));
    assert.deepEqual(documented.sort(), [...core].sort());
  });
});

// ---------------------------------------------------------------------------------------------

describe('jwtVerify: results and key forms', () => {
  const claims = { sub: 'user-1', scope: 'read write', n: 1.5, nested: { list: [1, 'two', null] }, 'é': '✓' };
  const token = hmacToken({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, claims);

  test('returns the exact payload and protected header', () => {
    assert.deepEqual(jwtVerify(token, SECRET, { currentDate: AT }), {
      payload: claims,
      protectedHeader: { alg: 'HS256', typ: 'JWT', kid: 'k1' },
    });
  });

  test('difference (synchronous): is synchronous, and `await` on it gives the same value', async () => {
    // jose always returns a Promise; tinyjose does only when a key function returns one.
    const result = jwtVerify(token, SECRET);
    assert.equal(typeof result.then, 'undefined');
    assert.deepEqual(await jwtVerify(token, SECRET), result);
    assert.deepEqual(await compactVerify(token, SECRET), compactVerify(token, SECRET));
    // A refusal is thrown synchronously, and `await` turns it into a rejection.
    await assert.rejects(async () => await jwtVerify(token, new Uint8Array(32)), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature',
    });
  });

  test('accepts the token as a Uint8Array', () => {
    assert.deepEqual(jwtVerify(utf8(token), SECRET).payload, claims);
  });

  test('accepts every key form: secret, JWK, JWK Set, Key, local JWK Set, key function', () => {
    const jwk = { kty: 'oct', k: b64u(SECRET) };
    const forms = {
      secret: SECRET,
      jwk,
      'jwk with alg': { ...jwk, alg: 'HS256' },
      jwks: { keys: [{ ...jwk, kid: 'k1' }] },
      key: importJWK(jwk, 'HS256'),
      'local set': createLocalJWKSet({ keys: [{ ...jwk, kid: 'k1', alg: 'HS256' }] }),
      'function returning a secret': () => SECRET,
      'function returning a Key': () => importJWK(jwk, 'HS256'),
      'function returning a JWK': () => jwk,
      'function returning a local set': () => createLocalJWKSet({ keys: [{ ...jwk, kid: 'k1' }] }),
    };
    for (const [name, key] of Object.entries(forms)) {
      assert.deepEqual(jwtVerify(token, key).payload, claims, name);
    }
    // In a set, the token's kid names exactly one key: a key without kid is not a fallback.
    fails(() => jwtVerify(token, createLocalJWKSet({ keys: [jwk] })), ...NO_MATCHING_KEY);
    fails(() => jwtVerify(token, { keys: [jwk] }), ...NO_MATCHING_KEY);
  });

  test('a key function receives the protected header and the token\'s segments; the result carries its key', () => {
    const calls = [];
    const result = jwtVerify(token, (header, received) => {
      calls.push([header, received]);
      return SECRET;
    });
    const [h, p, s] = token.split('.');
    assert.deepEqual(calls, [[{ alg: 'HS256', typ: 'JWT', kid: 'k1' }, { payload: p, protected: h, signature: s }]]);
    assert.deepEqual(result, { payload: claims, protectedHeader: { alg: 'HS256', typ: 'JWT', kid: 'k1' }, key: SECRET });
    // A plain key is not in the result.
    assert.equal('key' in jwtVerify(token, SECRET), false);
    // What the key function throws is thrown as it is.
    const own = new RangeError('no key today');
    assert.throws(() => jwtVerify(token, () => { throw own; }), (e) => e === own);
  });

  test('asymmetric keys: a generated pair, its JWKs, a JWK Set chosen by kid', () => {
    for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA']) {
      const { publicKey, privateKey } = generateKeyPair(alg);
      const signed = new SignJWT({ alg }).setProtectedHeader({ alg, kid: 'a' }).sign(privateKey);
      const publicJwk = exportJWK(publicKey);
      const other = exportJWK(generateKeyPair(alg).publicKey);
      const expected = { payload: { alg }, protectedHeader: { alg, kid: 'a' } };
      for (const key of [publicKey, privateKey, publicJwk, exportJWK(privateKey),
        { keys: [{ ...other, kid: 'b' }, { ...publicJwk, kid: 'a' }] },
        createLocalJWKSet({ keys: [{ ...publicJwk, kid: 'a' }, { ...other, kid: 'b' }] })]) {
        // As jose, the result of a createLocalJWKSet set carries the key it picked.
        const { key: picked, ...result } = jwtVerify(signed, key);
        assert.deepEqual(result, expected, alg);
        assert.equal(typeof key === 'function', picked?.constructor.name === 'Key', alg);
      }
      fails(() => jwtVerify(signed, other), ...BAD_SIGNATURE);
    }
  });

  test('a JWK Set or JWK object changed in place is read again: a revoked key no longer verifies', () => {
    const [a, b] = [generateKeyPair('ES256'), generateKeyPair('ES256')];
    const tokenA = new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'ES256', kid: 'a' }).sign(a.privateKey);
    const tokenB = new SignJWT({ sub: 'b' }).setProtectedHeader({ alg: 'ES256', kid: 'b' }).sign(b.privateKey);
    const jwks = { keys: [{ ...exportJWK(a.publicKey), kid: 'a' }, { ...exportJWK(b.publicKey), kid: 'b' }] };
    assert.deepEqual(jwtVerify(tokenA, jwks).payload, { sub: 'a' });
    assert.deepEqual(compactVerify(tokenA, jwks).protectedHeader, { alg: 'ES256', kid: 'a' });
    // The caller revokes key "a" by removing it from the very object it passes.
    jwks.keys.splice(0, 1);
    const revoked = [JWKSNoMatchingKey, { code: 'ERR_JWKS_NO_MATCHING_KEY', tinyjoseCode: 'no_matching_key', message: 'no applicable key found in the JSON Web Key Set' }];
    fails(() => jwtVerify(tokenA, jwks), ...revoked);
    fails(() => compactVerify(tokenA, jwks), ...revoked);
    fails(() => jwtVerify(tokenA, () => jwks), ...revoked);
    assert.deepEqual(jwtVerify(tokenB, jwks).payload, { sub: 'b' });
    // Unlike jose, which freezes a JWK it is given, the caller's objects stay as they are.
    assert.equal(Object.isFrozen(jwks) || Object.isFrozen(jwks.keys), false);

    // One JWK rotated in place: its old key's tokens fail, the new key's verify.
    const jwk = exportJWK(a.publicKey);
    assert.deepEqual(jwtVerify(tokenA, jwk).payload, { sub: 'a' });
    Object.assign(jwk, exportJWK(b.publicKey));
    fails(() => jwtVerify(tokenA, jwk), ...BAD_SIGNATURE);
    fails(() => compactVerify(tokenA, jwk), ...BAD_SIGNATURE);
    assert.deepEqual(jwtVerify(tokenB, jwk).payload, { sub: 'b' });
    // A JWK made unusable in place is refused as it would be the first time.
    jwk.use = 'enc';
    fails(() => jwtVerify(tokenB, jwk), ...KEY_REJECTED);

    // createLocalJWKSet takes a snapshot, as jose's does: make a new one after a change.
    const source = { keys: [{ ...exportJWK(a.publicKey), kid: 'a' }] };
    const local = createLocalJWKSet(source);
    source.keys.length = 0;
    assert.deepEqual(jwtVerify(tokenA, local).payload, { sub: 'a' });
    fails(() => jwtVerify(tokenA, createLocalJWKSet(source)), ...revoked);
  });
});

// ---------------------------------------------------------------------------------------------

describe('jwtVerify: refusals of the token', () => {
  const good = hmacToken(HS, { sub: 'a' });

  test('tampered signature, payload, or key', () => {
    const [h, , s] = good.split('.');
    fails(() => jwtVerify(`${h}.${b64u('{"sub":"b"}')}.${s}`, SECRET), ...BAD_SIGNATURE);
    fails(() => jwtVerify(good, new Uint8Array(32).fill(9)), ...BAD_SIGNATURE);
    // The first signature character changed to another valid one.
    const flipped = `${h}.${good.split('.')[1]}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    fails(() => jwtVerify(flipped, SECRET), ...BAD_SIGNATURE);
    // An empty or short signature is a wrong signature.
    fails(() => jwtVerify(`${h}.e30.`, SECRET), ...BAD_SIGNATURE);
    fails(() => jwtVerify(`${h}.e30.AAAA`, SECRET), ...BAD_SIGNATURE);
  });

  test('alg none is never accepted, not even when listed in algorithms', () => {
    const none = `${b64u('{"alg":"none"}')}.${b64u('{"sub":"a"}')}.`;
    // jose's class and words: an algorithm it does not support.
    const expected = {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'alg_none', message: 'alg none is not supported either by JOSE or your javascript runtime',
    };
    fails(() => jwtVerify(none, SECRET), JOSENotSupported, expected);
    fails(() => jwtVerify(none, SECRET, { algorithms: ['none'] }), JOSENotSupported, expected);
    fails(() => jwtVerify(`${none}c2ln`, SECRET), JOSENotSupported, expected);
    fails(() => compactVerify(none, SECRET), JOSENotSupported, expected);
  });

  test('an alg outside `algorithms`; algorithms must be a list', () => {
    fails(() => jwtVerify(good, SECRET, { algorithms: ['HS384', 'ES256'] }), JOSEAlgNotAllowed, {
      code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_not_allowed', message: '"alg" (Algorithm) Header Parameter value not allowed',
    });
    assert.deepEqual(jwtVerify(good, SECRET, { algorithms: ['ES256', 'HS256'] }).payload, { sub: 'a' });
    // As in jose, a single algorithm as a string is not a list.
    typeError(() => jwtVerify(good, SECRET, { algorithms: 'HS256' }), '"algorithms" option must be an array of strings');
    typeError(() => jwtVerify(good, SECRET, { algorithms: 'HS512' }), '"algorithms" option must be an array of strings');
  });

  test('the key decides the algorithm: an HS token against an EC key, HS384 against a JWK for HS256', () => {
    const ec = generateKeyPair('ES256').publicKey;
    for (const key of [ec, exportJWK(ec)]) {
      fails(() => jwtVerify(good, key), JOSEAlgNotAllowed, {
        code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_mismatch', message: 'token algorithm does not match the key',
      });
    }
    // A set has no key for the token's algorithm.
    fails(() => jwtVerify(good, { keys: [exportJWK(ec)] }), ...NO_MATCHING_KEY);
    const secret48 = new Uint8Array(48).fill(3);
    const hs384 = hmacToken({ alg: 'HS384' }, { sub: 'a' }, secret48, 'sha384');
    fails(() => jwtVerify(hs384, { kty: 'oct', k: b64u(secret48), alg: 'HS256' }), ...algNotAllowed('alg_mismatch'));
    // importJWK of an oct JWK gives its secret, as in jose: a bare secret, bound to no algorithm.
    const imported = importJWK({ kty: 'oct', k: b64u(secret48) }, 'HS256');
    assert.deepEqual(imported, secret48);
    assert.deepEqual(jwtVerify(hs384, imported).payload, { sub: 'a' });
    // The bare secret serves each HMAC algorithm its length allows.
    assert.deepEqual(jwtVerify(hs384, secret48).payload, { sub: 'a' });
  });

  test('difference (secret-length): a secret shorter than the hash is refused', () => {
    // jose verifies an HS384 token with a 32-byte secret; tinyjose refuses the key for HS384.
    fails(() => jwtVerify(hmacToken({ alg: 'HS384' }, {}, SECRET, 'sha384'), SECRET), ...algNotAllowed('alg_mismatch'));
  });

  test('JWK Sets: unknown kid, two matching keys tried in order, a kid repeated in the set', () => {
    const a = generateKeyPair('ES256');
    const b = generateKeyPair('ES256');
    const jwks = { keys: [{ ...exportJWK(a.publicKey), kid: 'a' }, { ...exportJWK(b.publicKey), kid: 'b' }] };
    const set = createLocalJWKSet(jwks);
    const withKid = (kid) => new SignJWT({}).setProtectedHeader(kid ? { alg: 'ES256', kid } : { alg: 'ES256' }).sign(a.privateKey);
    fails(() => jwtVerify(withKid('z'), set), JWKSNoMatchingKey, { ...NO_MATCHING_KEY[1], message: 'no applicable key found in the JSON Web Key Set' });
    fails(() => jwtVerify(withKid('z'), jwks), ...NO_MATCHING_KEY);
    // Without kid, each key of the algorithm is tried in order (jose throws
    // JWKSMultipleMatchingKeys here and leaves the trying to the caller).
    assert.deepEqual(jwtVerify(withKid(undefined), set).protectedHeader, { alg: 'ES256' });
    assert.deepEqual(jwtVerify(withKid(undefined), jwks).protectedHeader, { alg: 'ES256' });
    const byB = new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(b.privateKey);
    assert.deepEqual(jwtVerify(byB, set).protectedHeader, { alg: 'ES256' });
    const byOther = new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(generateKeyPair('ES256').privateKey);
    fails(() => jwtVerify(byOther, set), JWSSignatureVerificationFailed, { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' });
    assert.deepEqual(jwtVerify(withKid('a'), set).protectedHeader, { alg: 'ES256', kid: 'a' });
    // The same kid twice for the same algorithm is refused when the set is built.
    const twice = { keys: [{ ...exportJWK(a.publicKey), kid: 'a' }, { ...exportJWK(b.publicKey), kid: 'a' }] };
    fails(() => createLocalJWKSet(twice), ...MULTIPLE_KEYS);
    fails(() => jwtVerify(withKid('a'), twice), ...MULTIPLE_KEYS);
    // An empty set matches nothing.
    fails(() => jwtVerify(withKid('a'), createLocalJWKSet({ keys: [] })), ...NO_MATCHING_KEY);
    // A set whose only key is for another algorithm.
    const ed = { ...exportJWK(generateKeyPair('EdDSA').publicKey), kid: 'e' };
    fails(() => jwtVerify(withKid('a'), { keys: [ed] }), ...NO_MATCHING_KEY);
  });

  test('malformed tokens', () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c.d.e', `${good}.`]) {
      fails(() => jwtVerify(token, SECRET), ...jwsInvalid('malformed', 'Invalid Compact JWS'));
    }
    fails(() => jwtVerify(hmacToken({}, {}), SECRET), ...jwsInvalid('malformed', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'));
  });

  test('segments that are not base64url', () => {
    const [h, p, s] = good.split('.');
    fails(() => jwtVerify(`${h}!.${p}.${s}`, SECRET), ...jwsInvalid('base64', 'JWS Protected Header is invalid'));
    fails(() => jwtVerify(`${h}.${p}.${s.slice(0, -1)}!`, SECRET), ...jwsInvalid('base64', 'Failed to base64url decode the signature'));
    // A payload segment that is not base64url, even under a valid MAC.
    fails(() => jwtVerify(hmacSegments(h, 'e30!'), SECRET), ...jwsInvalid('base64', 'Failed to base64url decode the payload'));
  });

  test('difference (strict-parsing): segments that are not strict base64url', () => {
    // jose decodes padding and skips characters outside the alphabet; tinyjose refuses them.
    const [h, p, s] = good.split('.');
    fails(() => jwtVerify(` ${good}`, SECRET), ...jwsInvalid('base64', 'JWS Protected Header is invalid'));
    fails(() => jwtVerify(`${h}.${p}.${s}=`, SECRET), ...jwsInvalid('base64', 'Failed to base64url decode the signature'));
    fails(() => jwtVerify(hmacSegments(h, 'e30='), SECRET), ...jwsInvalid('base64', 'Failed to base64url decode the payload'));
  });

  test('headers and payloads that are not the expected JSON', () => {
    const headerJson = jwsInvalid('json', 'JWS Protected Header is invalid');
    fails(() => jwtVerify(hmacToken('{"alg":"HS256"', {}), SECRET), ...headerJson);
    fails(() => jwtVerify(hmacToken('[1]', {}), SECRET), ...headerJson);
    fails(() => jwtVerify(hmacSegments(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'), 'e30'), SECRET), ...headerJson);
    fails(() => jwtVerify(hmacToken('{"alg":5}', {}), SECRET), ...jwsInvalid('json', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'));
    // A verified payload that is not a JSON object is not a JWT claims set.
    const payloadJson = [JWTInvalid, {
      code: 'ERR_JWT_INVALID', tinyjoseCode: 'json', message: 'JWT Claims Set must be a top-level JSON object',
    }];
    for (const payload of ['{"sub":', '[1]', '"text"', 'hello', '']) {
      fails(() => jwtVerify(hmacToken(HS, payload), SECRET), ...payloadJson);
    }
    // compactVerify does not read the payload as JSON.
    assert.deepEqual(compactVerify(hmacToken(HS, 'hello'), SECRET).payload, utf8('hello'));
  });

  test('difference (strict-parsing): duplicate member names in the header or the payload', () => {
    // jose keeps the last of the repeated members; tinyjose refuses the token.
    fails(() => jwtVerify(hmacToken('{"alg":"HS256","alg":"HS256"}', {}), SECRET),
      ...jwsInvalid('duplicate_member', 'JWS Protected Header is invalid'));
    fails(() => jwtVerify(hmacToken(HS, '{"sub":"a","sub":"b"}'), SECRET), JWTInvalid, {
      code: 'ERR_JWT_INVALID', tinyjoseCode: 'duplicate_member', message: 'JWT Claims Set must be a top-level JSON object',
    });
    // Names are compared after unescaping.
    fails(() => jwtVerify(hmacToken(HS, '{"exp":1,"\\u0065xp":2}'), SECRET), JWTInvalid, { tinyjoseCode: 'duplicate_member' });
  });

  test('difference (strict-parsing): a token longer than 16384 bytes, a header longer than 1024 bytes, deep or wide JSON', () => {
    const ofLength = (target) => {
      for (let kid = 1; kid < 8; kid++) {
        for (let pad = 12100; pad < 12400; pad++) {
          const token = hmacToken({ alg: 'HS256', kid: 'k'.repeat(kid) }, { p: 'x'.repeat(pad) });
          if (token.length === target) return token;
          if (token.length > target) break;
        }
      }
      throw new Error(`no token of ${target} bytes`);
    };
    const longest = ofLength(16384);
    assert.equal(jwtVerify(longest, SECRET).payload.p.length > 12000, true);
    fails(() => jwtVerify(ofLength(16385), SECRET), ...jwsInvalid('limit_exceeded', 'limit exceeded: token length'));
    fails(() => jwtVerify('x'.repeat(1 << 20), SECRET), ...jwsInvalid('limit_exceeded', 'limit exceeded: token length'));

    const header = (length) => JSON.stringify({ alg: 'HS256', kid: 'k'.repeat(length - 24) });
    assert.equal(header(1024).length, 1024);
    assert.deepEqual(jwtVerify(hmacToken(header(1024), {}), SECRET).payload, {});
    fails(() => jwtVerify(hmacToken(header(1025), {}), SECRET), ...jwsInvalid('limit_exceeded', 'limit exceeded: header length'));

    const deep = `{"a":${'['.repeat(20)}${']'.repeat(20)}}`;
    fails(() => jwtVerify(hmacToken(HS, deep), SECRET), ...jwsInvalid('limit_exceeded', 'limit exceeded: json nesting depth'));
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])));
    fails(() => jwtVerify(hmacToken(HS, wide), SECRET), ...jwsInvalid('limit_exceeded', 'limit exceeded: json object members'));
    const widest = JSON.stringify(Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`m${i}`, i])));
    assert.equal(Object.keys(jwtVerify(hmacToken(HS, widest), SECRET).payload).length, 64);
  });

  test('unsupported algorithms and critical header parameters', () => {
    fails(() => jwtVerify(hmacToken({ alg: 'XX256' }, {}), SECRET), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_alg', message: 'alg XX256 is not supported either by JOSE or your javascript runtime',
    });
    fails(() => jwtVerify(hmacToken({ alg: 'HS256', crit: ['exp'], exp: 1 }, {}), SECRET), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_crit', message: 'Extension Header Parameter "exp" is not recognized',
    });
    // A JWT never has an unencoded payload (RFC 7797 §7): JWTInvalid, as in jose.
    fails(() => jwtVerify(hmacToken({ alg: 'HS256', b64: false, crit: ['b64'] }, {}), SECRET), JWTInvalid, {
      code: 'ERR_JWT_INVALID', tinyjoseCode: 'malformed', message: 'JWTs MUST NOT use unencoded payload',
    });
    // RS256 is a registered algorithm no key here serves; a secret serving all three HMAC
    // algorithms is still one key, so this is an algorithm mismatch, not a key-set miss.
    fails(() => jwtVerify(`${b64u('{"alg":"RS256"}')}.e30.AAAA`, SECRET), ...algNotAllowed('alg_mismatch'));
    fails(() => jwtVerify(`${b64u('{"alg":"RS256"}')}.e30.AAAA`, new Uint8Array(64)), ...algNotAllowed('alg_mismatch'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('jwtVerify: claims and options', () => {
  test('exp: refused at and after exp, accepted before', () => {
    assert.deepEqual(verifyClaims({ exp: NOW + 1 }), { exp: NOW + 1 });
    const error = claimsFail({ exp: NOW, sub: 's' }, {}, EXPIRED);
    assert.equal(error.message, '"exp" claim timestamp check failed');
    assert.deepEqual(error.payload, { exp: NOW, sub: 's' });
    claimsFail({ exp: NOW - 3600 }, {}, EXPIRED);
    // Without currentDate, the clock is the system's.
    fails(() => jwtVerify(hmacToken(HS, { exp: NOW }), SECRET), ...EXPIRED);
    assert.deepEqual(jwtVerify(hmacToken(HS, { exp: 4102444800 }), SECRET).payload, { exp: 4102444800 });
  });

  test('nbf: refused before nbf, accepted from nbf', () => {
    assert.deepEqual(verifyClaims({ nbf: NOW }), { nbf: NOW });
    const error = claimsFail({ nbf: NOW + 1 }, {}, claimFailed('not_yet_valid', 'nbf', 'check_failed'));
    assert.equal(error.message, '"nbf" claim timestamp check failed');
    assert.deepEqual(error.payload, { nbf: NOW + 1 });
  });

  test('registered claims of the wrong type', () => {
    // As in jose.
    assert.equal(claimsFail({ exp: '1' }, {}, claimFailed('invalid_claim', 'exp', 'invalid')).message, '"exp" claim must be a number');
    assert.equal(claimsFail({ iat: null }, {}, claimFailed('invalid_claim', 'iat', 'invalid')).message, '"iat" claim must be a number');
    // Non-integer NumericDates are accepted, rounded up.
    assert.deepEqual(verifyClaims({ exp: NOW + 0.5 }), { exp: NOW + 0.5 });
  });

  test('difference (claim-types): registered claims of the wrong type or range, checked without an option', () => {
    // jose accepts all of these when no option concerns the claim.
    claimsFail({ nbf: -1 }, {}, claimFailed('invalid_claim', 'nbf', 'invalid'));
    claimsFail({ iss: 1 }, {}, claimFailed('invalid_claim', 'iss', 'invalid'));
    claimsFail({ sub: {} }, {}, claimFailed('invalid_claim', 'sub', 'invalid'));
    claimsFail({ jti: 7 }, {}, claimFailed('invalid_claim', 'jti', 'invalid'));
    const error = claimsFail({ aud: ['a', 1] }, { audience: 'a' }, claimFailed('invalid_claim', 'aud', 'invalid'));
    assert.equal(error.message, '"aud" claim must be a string');
    assert.equal(claimsFail({ nbf: -1 }, {}, claimFailed('invalid_claim', 'nbf', 'invalid')).message, '"nbf" claim must be a number');
  });

  test('issuer: a string or a list', () => {
    assert.deepEqual(verifyClaims({ iss: 'https://a' }, { issuer: 'https://a' }), { iss: 'https://a' });
    assert.deepEqual(verifyClaims({ iss: 'https://b' }, { issuer: ['https://a', 'https://b'] }), { iss: 'https://b' });
    const mismatch = claimFailed('issuer_mismatch', 'iss', 'check_failed');
    assert.equal(claimsFail({ iss: 'https://c' }, { issuer: 'https://a' }, mismatch).message, 'unexpected "iss" claim value');
    claimsFail({ iss: 'https://c' }, { issuer: ['https://a', 'https://b'] }, mismatch);
    claimsFail({ iss: 'https://A' }, { issuer: 'https://a' }, mismatch);
    const missing = claimsFail({}, { issuer: 'https://a' }, claimFailed('missing_claim', 'iss', 'missing'));
    assert.equal(missing.message, 'missing required "iss" claim');
  });

  test('audience: a string or a list, against a string or a list', () => {
    assert.deepEqual(verifyClaims({ aud: 'api' }, { audience: 'api' }), { aud: 'api' });
    assert.deepEqual(verifyClaims({ aud: ['x', 'api'] }, { audience: 'api' }), { aud: ['x', 'api'] });
    assert.deepEqual(verifyClaims({ aud: 'api' }, { audience: ['web', 'api'] }), { aud: 'api' });
    assert.deepEqual(verifyClaims({ aud: ['x', 'api'] }, { audience: ['y', 'api'] }), { aud: ['x', 'api'] });
    const mismatch = claimFailed('audience_mismatch', 'aud', 'check_failed');
    assert.equal(claimsFail({ aud: 'web' }, { audience: 'api' }, mismatch).message, 'unexpected "aud" claim value');
    claimsFail({ aud: ['x', 'y'] }, { audience: ['api', 'web'] }, mismatch);
    claimsFail({ aud: [] }, { audience: 'api' }, mismatch);
    claimsFail({}, { audience: 'api' }, claimFailed('missing_claim', 'aud', 'missing'));
  });

  test('difference (aud-by-default): a token meant for an audience is refused when no audience is configured', () => {
    // jose accepts it.
    const error = claimsFail({ aud: 'api' }, {}, claimFailed('audience_mismatch', 'aud', 'check_failed'));
    assert.equal(error.message, 'unexpected "aud" claim value');
    claimsFail({ aud: ['api', 'web'] }, {}, claimFailed('audience_mismatch', 'aud', 'check_failed'));
  });

  test('subject', () => {
    assert.deepEqual(verifyClaims({ sub: 'u1' }, { subject: 'u1' }), { sub: 'u1' });
    assert.equal(claimsFail({ sub: 'u2' }, { subject: 'u1' }, claimFailed('subject_mismatch', 'sub', 'check_failed')).message,
      'unexpected "sub" claim value');
    claimsFail({}, { subject: 'u1' }, claimFailed('missing_claim', 'sub', 'missing'));
  });

  test('typ: compared case-insensitively, with an omitted application/ prefix', () => {
    const verifyTyp = (typ, expected) => verifyClaims({}, { typ: expected }, typ === undefined ? HS : { alg: 'HS256', typ });
    assert.deepEqual(verifyTyp('JWT', 'JWT'), {});
    assert.deepEqual(verifyTyp('application/JWT', 'jwt'), {});
    assert.deepEqual(verifyTyp('at+jwt', 'application/at+jwt'), {});
    const mismatch = claimFailed('type_mismatch', 'typ', 'check_failed');
    assert.equal(fails(() => verifyTyp('JWT', 'at+jwt'), ...mismatch).message, 'unexpected "typ" JWT header value');
    fails(() => verifyTyp('application/at+jwt', 'jwt'), ...mismatch);
    fails(() => verifyTyp(undefined, 'JWT'), ...mismatch);
  });

  test('requiredClaims: registered and unregistered names', () => {
    const claims = { jti: 'id', scope: 'read', 'https://example.com/role': 'admin' };
    assert.deepEqual(verifyClaims(claims, { requiredClaims: ['jti', 'scope', 'https://example.com/role'] }), claims);
    let error = claimsFail({ scope: 'read' }, { requiredClaims: ['scope', 'jti'] }, claimFailed('missing_claim', 'jti', 'missing'));
    assert.equal(error.message, 'missing required "jti" claim');
    assert.deepEqual(error.payload, { scope: 'read' });
    // Of several missing claims, the last one listed is reported, as in jose.
    error = claimsFail({ jti: 'id' }, { requiredClaims: ['jti', 'scope', 'role'] }, claimFailed('missing_claim', 'role', 'missing'));
    assert.equal(error.message, 'missing required "role" claim');
    claimsFail({}, { requiredClaims: ['exp'] }, claimFailed('missing_claim', 'exp', 'missing'));
    // As in jose, a string is spread into its characters: the last, "f", is reported missing.
    claimsFail({}, { requiredClaims: 'nbf' }, claimFailed('missing_claim', 'f', 'missing'));
  });

  test('difference (iat-future): iat in the future is refused without maxTokenAge', () => {
    // jose checks iat against the clock only for maxTokenAge.
    assert.deepEqual(verifyClaims({ iat: NOW }), { iat: NOW });
    const future = claimsFail({ iat: NOW + 1 }, {}, claimFailed('issued_at_invalid', 'iat', 'check_failed'));
    assert.equal(future.message, '"iat" claim timestamp check failed (it should be in the past)');
    assert.deepEqual(verifyClaims({ iat: NOW + 30 }, { clockTolerance: 30 }), { iat: NOW + 30 });
    claimsFail({ iat: NOW + 31 }, { clockTolerance: 30 }, claimFailed('issued_at_invalid', 'iat', 'check_failed'));
  });

  test('iat with maxTokenAge: not in the future, not too old; maxTokenAge as seconds or a time span', () => {
    const future = claimsFail({ iat: NOW + 1 }, { maxTokenAge: 60 }, claimFailed('issued_at_invalid', 'iat', 'check_failed'));
    assert.equal(future.message, '"iat" claim timestamp check failed (it should be in the past)');

    assert.deepEqual(verifyClaims({ iat: NOW - 60 }, { maxTokenAge: 60 }), { iat: NOW - 60 });
    assert.deepEqual(verifyClaims({ iat: NOW - 3600 }, { maxTokenAge: '1h' }), { iat: NOW - 3600 });
    const tooOld = [JWTExpired, { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'max_age_exceeded', claim: 'iat', reason: 'check_failed' }];
    const error = claimsFail({ iat: NOW - 61 }, { maxTokenAge: 60 }, tooOld);
    assert.deepEqual(error.payload, { iat: NOW - 61 });
    assert.equal(error.message, '"iat" claim timestamp check failed (too far in the past)');
    claimsFail({ iat: NOW - 3601 }, { maxTokenAge: '1h' }, tooOld);
    claimsFail({ iat: NOW - 3601 }, { maxTokenAge: '60 minutes' }, tooOld);
    claimsFail({}, { maxTokenAge: 60 }, claimFailed('missing_claim', 'iat', 'missing'));
    // The clock tolerance applies to the age too.
    assert.deepEqual(verifyClaims({ iat: NOW - 70 }, { maxTokenAge: 60, clockTolerance: 10 }), { iat: NOW - 70 });
    claimsFail({ iat: NOW - 71 }, { maxTokenAge: 60, clockTolerance: 10 }, tooOld);
  });

  test('maxTokenAge: 0 takes a token issued this very second; a negative age is a TypeError, as in jose', () => {
    assert.deepEqual(verifyClaims({ iat: NOW }, { maxTokenAge: 0 }), { iat: NOW });
    assert.deepEqual(verifyClaims({ iat: NOW }, { maxTokenAge: '0s' }), { iat: NOW });
    claimsFail({ iat: NOW - 1 }, { maxTokenAge: 0 }, [JWTExpired, { tinyjoseCode: 'max_age_exceeded', claim: 'iat' }]);
    for (const maxTokenAge of [-1, -0.5, '-1h', '2 days ago', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      // jose's words; the token would pass with any age of 0 or more.
      typeError(() => verifyClaims({ iat: NOW }, { maxTokenAge }), 'Invalid maxTokenAge option input');
    }
  });

  test('clockTolerance as seconds or a time span, on exp, nbf and iat', () => {
    assert.deepEqual(verifyClaims({ exp: NOW - 29 }, { clockTolerance: 30 }), { exp: NOW - 29 });
    assert.deepEqual(verifyClaims({ exp: NOW - 29 }, { clockTolerance: '30s' }), { exp: NOW - 29 });
    assert.deepEqual(verifyClaims({ exp: NOW - 29 }, { clockTolerance: '30 s' }), { exp: NOW - 29 });
    assert.deepEqual(verifyClaims({ exp: NOW - 3599 }, { clockTolerance: '1 hour' }), { exp: NOW - 3599 });
    claimsFail({ exp: NOW - 30 }, { clockTolerance: 30 }, EXPIRED);
    claimsFail({ exp: NOW - 30 }, { clockTolerance: '30 seconds' }, EXPIRED);
    assert.deepEqual(verifyClaims({ nbf: NOW + 30 }, { clockTolerance: '30s' }), { nbf: NOW + 30 });
    claimsFail({ nbf: NOW + 31 }, { clockTolerance: 30 }, claimFailed('not_yet_valid', 'nbf', 'check_failed'));
    // A negative tolerance is a TypeError, as in jose.
    typeError(() => verifyClaims({ exp: NOW + 1 }, { clockTolerance: -30 }), 'Invalid clockTolerance option input');
    typeError(() => verifyClaims({ exp: NOW }, { clockTolerance: '-30s' }), 'Invalid clockTolerance option input');
  });

  test('currentDate moves the clock', () => {
    const token = hmacToken(HS, { nbf: NOW, exp: NOW + 60 });
    assert.deepEqual(jwtVerify(token, SECRET, { currentDate: at(NOW) }).payload, { nbf: NOW, exp: NOW + 60 });
    assert.deepEqual(jwtVerify(token, SECRET, { currentDate: new Date((NOW + 59) * 1000 + 999) }).payload, { nbf: NOW, exp: NOW + 60 });
    fails(() => jwtVerify(token, SECRET, { currentDate: at(NOW + 60) }), ...EXPIRED);
    fails(() => jwtVerify(token, SECRET, { currentDate: new Date(NOW * 1000 - 1) }), ...claimFailed('not_yet_valid', 'nbf', 'check_failed'));
  });

  test('all options together on a valid token', () => {
    const claims = { iss: 'https://idp', sub: 'u1', aud: ['api', 'web'], jti: 'j', iat: NOW - 10, nbf: NOW - 10, exp: NOW + 10 };
    const { payload, protectedHeader } = jwtVerify(hmacToken({ alg: 'HS256', typ: 'JWT' }, claims), SECRET, {
      algorithms: ['HS256'], issuer: 'https://idp', audience: 'api', subject: 'u1', typ: 'JWT',
      clockTolerance: '5s', currentDate: AT, maxTokenAge: '1 min', requiredClaims: ['jti'],
    });
    assert.deepEqual(payload, claims);
    assert.deepEqual(protectedHeader, { alg: 'HS256', typ: 'JWT' });
  });

  test('compactVerify: bytes out, only `algorithms` applies', () => {
    const token = hmacToken({ alg: 'HS256', kid: 'k' }, { exp: 1, aud: 'x' });
    const result = compactVerify(token, SECRET);
    assert.ok(result.payload instanceof Uint8Array);
    assert.deepEqual(result, { protectedHeader: { alg: 'HS256', kid: 'k' }, payload: utf8('{"exp":1,"aud":"x"}') });
    assert.deepEqual(compactVerify(token, SECRET, { algorithms: ['HS256'] }).payload, utf8('{"exp":1,"aud":"x"}'));
    fails(() => compactVerify(token, SECRET, { algorithms: ['ES256'] }), ...algNotAllowed('alg_not_allowed'));
    // Claim options are not read.
    assert.deepEqual(compactVerify(token, SECRET, { issuer: 'z', currentDate: 'not a date' }).protectedHeader, { alg: 'HS256', kid: 'k' });
    // Any bytes are a payload, and duplicate members in it are not looked at.
    assert.deepEqual(compactVerify(hmacToken(HS, '{"a":1,"a":2}'), SECRET).payload, utf8('{"a":1,"a":2}'));
    assert.deepEqual(compactVerify(hmacSegments(b64u('{"alg":"HS256"}'), ''), SECRET).payload, new Uint8Array(0));
    fails(() => compactVerify(token, new Uint8Array(32)), ...BAD_SIGNATURE);
    fails(() => compactVerify('a.b', SECRET), ...jwsInvalid('malformed', 'Invalid Compact JWS'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('argument checking: TypeError, never a wasm trap', () => {
  const token = hmacToken(HS, { sub: 'a' });

  test('the token must be a string (or a Uint8Array to verify), with jose\'s classes and words', () => {
    for (const bad of [undefined, null, 1, {}, [], new ArrayBuffer(4), Symbol('t')]) {
      fails(() => jwtVerify(bad, SECRET), ...jwsInvalid('malformed', 'Compact JWS must be a string or Uint8Array'));
      fails(() => compactVerify(bad, SECRET), ...jwsInvalid('malformed', 'Compact JWS must be a string or Uint8Array'));
      fails(() => decodeJwt(bad), JWTInvalid, {
        code: 'ERR_JWT_INVALID', tinyjoseCode: 'malformed', message: 'JWTs must use Compact JWS serialization, JWT must be a string',
      });
    }
    // decodeProtectedHeader: a TypeError, in jose's words for what it was given.
    for (const bad of [undefined, null, 1, Symbol('t')]) typeError(() => decodeProtectedHeader(bad), 'Invalid Token or Protected Header formatting');
    for (const bad of [{}, [], new ArrayBuffer(4)]) typeError(() => decodeProtectedHeader(bad), 'Token does not contain a Protected Header');
  });

  test('the key must be one of the key forms: jose\'s TypeError, naming what was given', () => {
    const message = 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array.';
    const cases = [
      [undefined, ' Received undefined'], [null, ' Received null'], [1, ''], ['secret', ''], [true, ''], [Symbol('k'), ''],
      [[1, 2], ' Received an instance of Array'], [{}, ' Received an instance of Object'], [{ k: 'x' }, ' Received an instance of Object'],
      [new ArrayBuffer(32), ' Received an instance of ArrayBuffer'], [new Date(), ' Received an instance of Date'], [{ keys: 'x' }, ' Received an instance of Object'],
    ];
    for (const [bad, received] of cases) {
      typeError(() => jwtVerify(token, bad), message + received);
      typeError(() => compactVerify(token, bad), message + received);
    }
    typeError(() => jwtVerify(token, () => 5), message);
    typeError(() => jwtVerify(token, () => undefined), `${message} Received undefined`);
  });

  test('a key function may return a Promise: the call then returns a Promise', async () => {
    for (const keyFunction of [async () => SECRET, () => Promise.resolve(SECRET)]) {
      const pending = jwtVerify(token, keyFunction);
      assert.ok(pending instanceof Promise);
      assert.deepEqual(await pending, { payload: { sub: 'a' }, protectedHeader: HS, key: SECRET });
    }
    const pending = compactVerify(token, async () => SECRET);
    assert.ok(pending instanceof Promise);
    assert.deepEqual(await pending, { payload: utf8('{"sub":"a"}'), protectedHeader: HS, key: SECRET });
    // A refusal is then a rejection, with the class of the synchronous call.
    await assert.rejects(jwtVerify(token, async () => new Uint8Array(32)), {
      name: 'JWSSignatureVerificationFailed', tinyjoseCode: 'invalid_signature', message: 'signature verification failed',
    });
    await assert.rejects(jwtVerify(hmacToken(HS, { exp: NOW }), async () => SECRET), { name: 'JWTExpired', tinyjoseCode: 'expired' });
  });

  test('options must be an object', () => {
    for (const bad of [null, 1, 'HS256', [], true]) {
      typeError(() => jwtVerify(token, SECRET, bad), 'options must be an object');
      typeError(() => compactVerify(token, SECRET, bad), 'options must be an object');
    }
  });

  test('each option is checked, as in jose', () => {
    const cases = [
      [{ algorithms: [1] }, '"algorithms" option must be an array of strings'],
      [{ algorithms: {} }, '"algorithms" option must be an array of strings'],
      [{ algorithms: 'HS256' }, '"algorithms" option must be an array of strings'],
      [{ currentDate: NOW }, 'date.getTime is not a function'],
      [{ currentDate: '2024-01-01' }, 'date.getTime is not a function'],
      [{ currentDate: new Date(Number.NaN) }, 'Invalid currentDate option input'],
      [{ clockTolerance: {} }, 'Invalid clockTolerance option type'],
      [{ clockTolerance: Number.POSITIVE_INFINITY }, 'Invalid clockTolerance option input'],
      [{ clockTolerance: Number.NaN }, 'Invalid clockTolerance option input'],
      [{ clockTolerance: -1 }, 'Invalid clockTolerance option input'],
      [{ clockTolerance: 'soon' }, 'Invalid time period format'],
    ];
    for (const [options, message] of cases) typeError(() => jwtVerify(token, SECRET, options), message);
    // An empty list is no TypeError: it allows nothing, as in jose.
    fails(() => jwtVerify(token, SECRET, { algorithms: [] }), ...algNotAllowed('alg_not_allowed'));
    fails(() => jwtVerify(token, SECRET, { issuer: [] }), ...claimFailed('missing_claim', 'iss', 'missing'));
    fails(() => jwtVerify(token, SECRET, { audience: [] }), ...claimFailed('missing_claim', 'aud', 'missing'));
    fails(() => jwtVerify(hmacToken(HS, { iss: 'a' }), SECRET, { issuer: [] }), ...claimFailed('issuer_mismatch', 'iss', 'check_failed'));
  });

  test('difference (options-first): option types jose never checks, and time spans, are checked before the token', () => {
    // jose compares these options with the claims (a claim error, or none) and reads maxTokenAge
    // only for a token with iat; tinyjose refuses them whatever the token.
    const cases = [
      [{ subject: 5 }, 'subject must be a string'],
      [{ typ: ['JWT'] }, 'typ must be a string'],
      [{ maxTokenAge: true }, 'Invalid time period format'],
      [{ maxTokenAge: '1 fortnight' }, 'Invalid time period format'],
    ];
    for (const [options, message] of cases) typeError(() => jwtVerify(token, SECRET, options), message);
  });

  test('no input reaches the wasm module as a trap, and the module keeps working', () => {
    const inputs = [undefined, null, 0, -1, 2 ** 53, Number.NaN, '', 'x'.repeat(100000), {}, [], [1], { kty: 5 },
      { kty: 'EC', crv: 'P-256', x: 5 }, { keys: [1] }, { keys: [{ kty: 'EC' }] }, new Uint8Array(0),
      new Uint8Array(1 << 16), () => null, new Date(8.64e15), { currentDate: new Date(8.64e15) },
      { clockTolerance: 1e308 }, { maxTokenAge: 1e308 }, { maxTokenAge: -5 }];
    const calls = [
      (x) => jwtVerify(x, SECRET), (x) => jwtVerify(token, x), (x) => jwtVerify(token, SECRET, x),
      (x) => compactVerify(token, x), (x) => compactVerify(token, SECRET, x), (x) => decodeJwt(x),
      (x) => decodeProtectedHeader(x), (x) => importJWK(x), (x) => importJWK({ kty: 'oct', k: b64u(SECRET) }, x),
      (x) => exportJWK(x), (x) => createLocalJWKSet(x), (x) => calculateJwkThumbprint(x), (x) => generateKeyPair(x),
      (x) => generateSecret(x), (x) => importSPKI(x), (x) => importPKCS8(x), (x) => new CompactSign(x),
      (x) => new SignJWT(x), (x) => new SignJWT({}).setProtectedHeader(x).sign(SECRET),
      (x) => new SignJWT({}).setProtectedHeader(HS).sign(x), (x) => new SignJWT({}).setExpirationTime(x),
      (x) => new CompactSign(utf8('p')).setProtectedHeader({ alg: 'HS256', kid: x }).sign(SECRET),
    ];
    let thrown = 0;
    for (const call of calls) {
      for (const input of inputs) {
        try {
          call(input);
        } catch (e) {
          thrown++;
          assert.ok(!(e instanceof WebAssembly.RuntimeError), `wasm trap: ${e.message}`);
          assert.ok(e instanceof TypeError || e instanceof JOSEError, `${e.constructor.name}: ${e.message}`);
        }
      }
    }
    assert.ok(thrown > 400);
    assert.deepEqual(jwtVerify(token, SECRET).payload, { sub: 'a' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('decodeJwt and decodeProtectedHeader (not verified)', () => {
  test('decode without a key, whatever the signature', () => {
    const token = hmacToken({ alg: 'HS256', kid: 'k', typ: 'JWT' }, { sub: 'a', exp: 1 }, new Uint8Array(32));
    assert.deepEqual(decodeJwt(token), { sub: 'a', exp: 1 });
    // As in jose, decodeJwt takes a string only.
    fails(() => decodeJwt(utf8(token)), JWTInvalid, { message: 'JWTs must use Compact JWS serialization, JWT must be a string' });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', kid: 'k', typ: 'JWT' });
    assert.deepEqual(decodeProtectedHeader(`${b64u('{"alg":"none"}')}.e30.`), { alg: 'none' });
    // The header of a JWE (five segments) decodes too.
    assert.deepEqual(decodeProtectedHeader(`${b64u('{"alg":"dir","enc":"A128GCM"}')}..iv.ct.tag`), { alg: 'dir', enc: 'A128GCM' });
  });

  test('decodeJwt refusals', () => {
    const h = b64u('{"alg":"HS256"}');
    fails(() => decodeJwt(`${h}.e30.s.t.u`), JWTInvalid, {
      code: 'ERR_JWT_INVALID', tinyjoseCode: 'malformed', message: 'Only JWTs using Compact JWS serialization can be decoded',
    });
    fails(() => decodeJwt(`${h}.e30`), JWTInvalid, { tinyjoseCode: 'malformed', message: 'Invalid JWT' });
    fails(() => decodeJwt(`${h}..s`), JWTInvalid, { tinyjoseCode: 'malformed', message: 'JWTs must contain a payload' });
    fails(() => decodeJwt(`${h}.e30!.s`), JWTInvalid, { tinyjoseCode: 'base64', message: 'Failed to base64url decode the payload' });
    fails(() => decodeJwt(`${h}.${b64u('{"a":')}.s`), JWTInvalid, { tinyjoseCode: 'json', message: 'Failed to parse the decoded payload as JSON' });
    fails(() => decodeJwt(`${h}.${b64u('[1]')}.s`), JWTInvalid, { tinyjoseCode: 'json', message: 'Invalid JWT Claims Set' });
  });

  test('decodeProtectedHeader refusals', () => {
    const message = 'Invalid Token or Protected Header formatting';
    typeError(() => decodeProtectedHeader('!!.e30.s'), message);
    typeError(() => decodeProtectedHeader(`${b64u('[1]')}.e30.s`), message);
    typeError(() => decodeProtectedHeader(`${b64u('{"a":')}.e30.s`), message);
    typeError(() => decodeProtectedHeader(''), message);
  });
});

// ---------------------------------------------------------------------------------------------

describe('keys', () => {
  const RFC7638 = {
    kty: 'RSA',
    n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    e: 'AQAB',
    alg: 'RS256',
    kid: '2011-04-29',
  };

  test('calculateJwkThumbprint: the RFC 7638 §3.1 vector, keys, and refusals', () => {
    assert.equal(calculateJwkThumbprint(RFC7638), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    assert.equal(calculateJwkThumbprint(RFC7638, 'sha256'), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    const { kid, alg, ...bare } = RFC7638;
    assert.equal(calculateJwkThumbprint({ ...bare, use: 'sig' }), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    for (const name of ['ES256', 'ES384', 'ES512', 'EdDSA']) {
      const { publicKey, privateKey } = generateKeyPair(name);
      const expected = calculateJwkThumbprint(exportJWK(publicKey));
      assert.match(expected, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(calculateJwkThumbprint(publicKey), expected);
      assert.equal(calculateJwkThumbprint(privateKey), expected);
      assert.equal(calculateJwkThumbprint(exportJWK(privateKey)), expected);
    }
    // An oct JWK has a thumbprint ({"k","kty"}); an imported HMAC key keeps no secret to hash.
    assert.equal(calculateJwkThumbprint({ kty: 'oct', k: b64u(SECRET) }),
      createHash('sha256').update(`{"k":"${b64u(SECRET)}","kty":"oct"}`).digest('base64url'));
    typeError(() => calculateJwkThumbprint(RFC7638, 'sha1'), 'digestAlgorithm must one of "sha256", "sha384", or "sha512"');
    fails(() => calculateJwkThumbprint({ kty: 'EC', crv: 'P-256' }), JWKInvalid, { message: '"x" (X Coordinate) Parameter missing or invalid' });
    typeError(() => calculateJwkThumbprint('jwk'), 'Key must be one of type CryptoKey, KeyObject, or JSON Web Key.');
  });

  test('importJWK: EC, OKP and RSA keys bound to one algorithm; oct keys give their secret', () => {
    const { publicKey, privateKey } = generateKeyPair('ES256');
    const pub = importJWK({ ...exportJWK(publicKey), kid: 'k1' }, 'ES256');
    assert.deepEqual([pub.alg, pub.kid, pub.canSign, pub.isSecret], ['ES256', 'k1', false, false]);
    const priv = importJWK(exportJWK(privateKey), 'ES256');
    assert.deepEqual([priv.alg, priv.kid, priv.canSign, priv.isSecret], ['ES256', undefined, true, false]);
    // As in jose, an oct JWK gives its secret, with or without an algorithm.
    for (const oct of [importJWK({ kty: 'oct', k: b64u(SECRET), kid: 's' }, 'HS256'), importJWK({ kty: 'oct', k: b64u(SECRET), alg: 'HS256' }),
      importJWK({ kty: 'oct', k: b64u(SECRET) })]) {
      assert.ok(oct instanceof Uint8Array);
      assert.deepEqual(oct, SECRET);
    }
    assert.equal(importJWK(exportJWK(generateKeyPair('EdDSA').publicKey), 'EdDSA').alg, 'EdDSA');
    const rsa = importJWK(RFC7638);
    assert.deepEqual([rsa.alg, rsa.kid, rsa.canSign, rsa.isSecret], ['RS256', '2011-04-29', false, false]);
    // The argument names the algorithm when the JWK has another, as in jose.
    assert.equal(importJWK(RFC7638, 'PS256').alg, 'PS256');
  });

  test('importJWK refusals, in jose\'s classes and words', () => {
    const ec = exportJWK(generateKeyPair('ES256').publicKey);
    const algRequired = '"alg" argument is required when "jwk.alg" is not present';
    for (const jwk of [ec, {}, { ...ec, use: 'enc' }, { kty: 'OKP', crv: 'X25519', x: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' }]) {
      typeError(() => importJWK(jwk), algRequired);
    }
    const unsupportedAlg = [JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_alg', message: 'Invalid or unsupported JWK "alg" (Algorithm) Parameter value',
    }];
    fails(() => importJWK(ec, 'HS256'), ...unsupportedAlg);
    fails(() => importJWK(ec, 'XX999'), ...unsupportedAlg);
    fails(() => importJWK(ec, 256), ...unsupportedAlg);
    fails(() => importJWK({}, 'ES256'), JOSENotSupported, { code: 'ERR_JOSE_NOT_SUPPORTED', message: 'Unsupported "kty" (Key Type) Parameter value' });
    typeError(() => importJWK('{"kty":"oct"}'), 'JWK must be an object');
  });

  test('difference (key-import-time): a JWK WebCrypto would refuse is refused by importJWK as JWKInvalid', () => {
    // jose passes these to WebCrypto, which throws a DOMException (DataError).
    const ec = exportJWK(generateKeyPair('ES256').publicKey);
    const otherCurve = [JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'key rejected: another key type or curve than the algorithm needs',
    }];
    fails(() => importJWK(ec, 'ES384'), ...otherCurve);
    fails(() => importJWK({ ...ec, alg: 'ES256' }, 'ES512'), ...otherCurve);
    fails(() => importJWK({ kty: 'OKP', crv: 'X25519', x: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' }, 'EdDSA'), ...otherCurve);
    fails(() => importJWK({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, 'ES256'), ...KEY_REJECTED);
    fails(() => importJWK({ ...ec, x: 5 }, 'ES256'), JWKInvalid, { code: 'ERR_JWK_INVALID', tinyjoseCode: 'json' });
  });

  test('difference (secret-length): an oct JWK\'s secret shorter than the hash is refused when used', () => {
    // importJWK gives the secret as jose does; jose then verifies with it, tinyjose refuses it.
    const short = importJWK({ kty: 'oct', k: b64u(new Uint8Array(31)) }, 'HS256');
    assert.deepEqual(short, new Uint8Array(31));
    fails(() => jwtVerify(hmacToken(HS, {}, short), short), ...KEY_REJECTED);
    const hs384 = importJWK({ kty: 'oct', k: b64u(SECRET) }, 'HS384');
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS384' }).sign(hs384), ...KEY_REJECTED);
  });

  test('exportJWK/importJWK round trips for every generated key type', () => {
    for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA']) {
      const { publicKey, privateKey } = generateKeyPair(alg);
      const pub = exportJWK(publicKey);
      const priv = exportJWK(privateKey);
      const { d, ...publicPart } = priv;
      assert.deepEqual(publicPart, pub, alg);
      assert.deepEqual(Object.keys(pub).sort(), alg === 'EdDSA' ? ['crv', 'kty', 'x'] : ['crv', 'kty', 'x', 'y']);
      assert.match(d, /^[A-Za-z0-9_-]+$/);
      // Export, import, export again: the same JWK.
      assert.deepEqual(exportJWK(importJWK(priv, alg)), priv);
      assert.deepEqual(exportJWK(importJWK(pub, alg)), pub);
      // As in jose, the export has the key's members only: no kid.
      assert.deepEqual(exportJWK(importJWK({ ...pub, kid: 'k' }, alg)), pub);
      // A key signed with the re-imported private key verifies with the original public key.
      const token = new SignJWT({ alg }).setProtectedHeader({ alg }).sign(importJWK(priv, alg));
      assert.deepEqual(jwtVerify(token, publicKey).payload, { alg });
    }
    assert.deepEqual(exportJWK(SECRET), { kty: 'oct', k: b64u(SECRET) });
    // An oct JWK imports as its secret, which exports again, as in jose.
    assert.deepEqual(exportJWK(importJWK(exportJWK(SECRET), 'HS256')), { kty: 'oct', k: b64u(SECRET) });
    typeError(() => exportJWK({ kty: 'oct' }), 'Key must be one of type CryptoKey, KeyObject, or Uint8Array. Received an instance of Object');
  });

  test('importSPKI and importPKCS8 (PEM from node:crypto)', () => {
    for (const [type, options, alg] of [['ec', { namedCurve: 'P-256' }, 'ES256'], ['ec', { namedCurve: 'P-384' }, 'ES384'],
      ['ec', { namedCurve: 'P-521' }, 'ES512'], ['ed25519', {}, 'EdDSA']]) {
      const pair = keyPair(type, options);
      const spki = importSPKI(pair.publicKey.export({ type: 'spki', format: 'pem' }), alg);
      const pkcs8 = importPKCS8(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), alg);
      assert.deepEqual([spki.alg, spki.canSign, pkcs8.alg, pkcs8.canSign], [alg, false, alg, true]);
      const sorted = (jwk) => Object.fromEntries(Object.entries(jwk).sort());
      assert.deepEqual(sorted(exportJWK(spki)), sorted(pair.publicKey.export({ format: 'jwk' })));
      assert.deepEqual(sorted(exportJWK(pkcs8)), sorted(pair.privateKey.export({ format: 'jwk' })));
      const token = new SignJWT({ k: alg }).setProtectedHeader({ alg }).sign(pkcs8);
      assert.deepEqual(jwtVerify(token, spki).payload, { k: alg });
    }
    const ec = keyPair('ec', { namedCurve: 'P-256' });
    fails(() => importSPKI(ec.publicKey.export({ type: 'spki', format: 'pem' }), 'ES384'), JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'the key is for ES256, not ES384',
    });
    fails(() => importSPKI('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'ES256'), JWKInvalid, {
      tinyjoseCode: 'key_rejected', message: 'not a SPKI public key',
    });
    const rsa = keyPair('rsa', { modulusLength: 2048 });
    // PKCS#1 PEM is not SPKI or PKCS#8, as in jose.
    typeError(() => importSPKI(rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }), 'RS256'), '"spki" must be SPKI formatted string');
    typeError(() => importPKCS8(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }), 'RS256'), '"pkcs8" must be PKCS#8 formatted string');
    typeError(() => importSPKI(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'ES256'), '"spki" must be SPKI formatted string');
    typeError(() => importPKCS8(ec.publicKey.export({ type: 'spki', format: 'pem' }), 'ES256'), '"pkcs8" must be PKCS#8 formatted string');
    typeError(() => importSPKI(5, 'ES256'), '"spki" must be SPKI formatted string');
  });

  test('createLocalJWKSet: a key function, checked when built', () => {
    const set = createLocalJWKSet({ keys: [{ kty: 'oct', k: b64u(SECRET), alg: 'HS256', kid: 'a' }] });
    assert.equal(typeof set, 'function');
    assert.deepEqual(jwtVerify(hmacToken({ alg: 'HS256', kid: 'a' }, { x: 1 }), set).payload, { x: 1 });
    for (const bad of [undefined, [], { keys: 'x' }, { keys: {} }, 'jwks']) {
      fails(() => createLocalJWKSet(bad), JWKSInvalid, { code: 'ERR_JWKS_INVALID', message: 'JSON Web Key Set malformed' });
    }
    fails(() => createLocalJWKSet({ keys: [{ kty: 5 }] }), JWKSInvalid, { code: 'ERR_JWKS_INVALID', tinyjoseCode: 'json' });
    // Secret and public keys are never mixed in one set.
    fails(() => createLocalJWKSet({ keys: [{ kty: 'oct', k: b64u(SECRET), kid: 's' }, { ...exportJWK(generateKeyPair('ES256').publicKey), kid: 'p' }] }),
      ...MULTIPLE_KEYS);
    // Keys no algorithm can use are left out, as jose does.
    const unusable = createLocalJWKSet({ keys: [{ ...RFC7638, use: 'enc' }] });
    fails(() => jwtVerify(hmacToken(HS, {}), unusable), ...NO_MATCHING_KEY);
    // A set of one RSA key has no key for an HS256 token.
    const rsaOnly = createLocalJWKSet({ keys: [RFC7638] });
    fails(() => jwtVerify(hmacToken(HS, {}), rsaOnly), ...NO_MATCHING_KEY);
  });

  test('generateKeyPair and generateSecret', () => {
    for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']) {
      const { publicKey, privateKey } = generateKeyPair(alg);
      assert.deepEqual([publicKey.alg, publicKey.canSign, privateKey.alg, privateKey.canSign], [alg, false, alg, true]);
      assert.notDeepEqual(exportJWK(privateKey), exportJWK(generateKeyPair(alg).privateKey));
    }
    assert.equal(generateKeyPair('EdDSA', { crv: 'Ed25519' }).privateKey.alg, 'EdDSA');
    fails(() => generateKeyPair('EdDSA', { crv: 'Ed448' }), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported',
      message: 'Invalid or unsupported crv option provided, the only supported value for EdDSA is Ed25519',
    });
    const unsupported = { tinyjoseCode: 'unsupported_alg', message: 'Invalid or unsupported "alg" (Algorithm) value' };
    for (const alg of ['HS256', 'ES256K', 'A128KW', 'RS1', 'RSA1_5', undefined]) {
      fails(() => generateKeyPair(alg), JOSENotSupported, unsupported);
    }

    for (const [alg, size] of [['HS256', 32], ['HS384', 48], ['HS512', 64]]) {
      const secret = generateSecret(alg);
      assert.ok(secret instanceof Uint8Array);
      assert.equal(secret.length, size);
      assert.notDeepEqual(secret, generateSecret(alg));
      const token = new SignJWT({}).setProtectedHeader({ alg }).sign(secret);
      assert.deepEqual(jwtVerify(token, secret).protectedHeader, { alg });
    }
    fails(() => generateSecret('ES256'), JOSENotSupported, unsupported);
    fails(() => generateSecret('toString'), JOSENotSupported, unsupported);
  });
});

// ---------------------------------------------------------------------------------------------

describe('RSA keys and tokens', () => {
  const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
  const pair = keyPair('rsa', { modulusLength: 2048 });
  const publicJwk = pair.publicKey.export({ format: 'jwk' });
  const privateJwk = pair.privateKey.export({ format: 'jwk' });
  const spki = pair.publicKey.export({ type: 'spki', format: 'pem' });
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  const sorted = (jwk) => Object.fromEntries(Object.entries(jwk).sort());
  const modulusBits = (jwk) => Buffer.from(jwk.n, 'base64url').length * 8;

  /** Whether node:crypto verifies the signature of a compact JWS with `publicKey`. */
  function nodeVerifies(token, alg, publicKey = pair.publicKey) {
    const [h, p, sig] = token.split('.');
    const bits = alg.slice(2);
    const key = alg.startsWith('PS')
      ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 }
      : publicKey;
    return nodeVerify(HASH[bits], Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'));
  }

  /** An RS256 token over `claims`, signed by node:crypto with `privateKey`. */
  function nodeRs256(claims, privateKey = pair.privateKey, header = { alg: 'RS256' }) {
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
    return `${input}.${nodeSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }

  test('every RS and PS algorithm signs and verifies, with JWK and PEM keys; node:crypto agrees', () => {
    for (const alg of RSA_ALGS) {
      const signers = { 'JWK object': privateJwk, 'importJWK': importJWK(privateJwk, alg), 'importPKCS8': importPKCS8(pkcs8, alg) };
      const verifiers = {
        'JWK object': publicJwk, 'JWK object with alg': { ...publicJwk, alg }, 'JWK Set': { keys: [{ ...publicJwk, kid: 'r1' }] },
        'createLocalJWKSet': createLocalJWKSet({ keys: [{ ...publicJwk, kid: 'r1' }] }), 'importJWK': importJWK(publicJwk, alg),
        'importSPKI': importSPKI(spki, alg), 'private key': importJWK(privateJwk, alg),
      };
      for (const [signerName, signer] of Object.entries(signers)) {
        const token = new SignJWT({ alg }).setProtectedHeader({ alg, kid: 'r1' }).sign(signer);
        assert.equal(Buffer.from(token.split('.')[2], 'base64url').length, 256, `${alg} ${signerName}`);
        assert.ok(nodeVerifies(token, alg), `${alg} ${signerName}: node:crypto verifies`);
        for (const [name, key] of Object.entries(verifiers)) {
          assert.deepEqual(withoutKey(jwtVerify(token, key, { algorithms: [alg] })), { payload: { alg }, protectedHeader: { alg, kid: 'r1' } }, `${alg} ${signerName} → ${name}`);
        }
      }
      // RSASSA-PKCS1-v1_5 is deterministic: the very signature node:crypto writes.
      if (alg.startsWith('RS')) {
        const token = new CompactSign(utf8('bytes')).setProtectedHeader({ alg }).sign(signers.importJWK);
        const [h, p, sig] = token.split('.');
        assert.equal(sig, nodeSign(HASH[alg.slice(2)], Buffer.from(`${h}.${p}`), pair.privateKey).toString('base64url'));
      }
    }
  });

  test('exportJWK and calculateJwkThumbprint: the members node:crypto writes, RFC 7638 over e, kty, n', () => {
    const pub = importSPKI(spki, 'RS256');
    const priv = importPKCS8(pkcs8, 'PS512');
    assert.deepEqual(sorted(exportJWK(pub)), sorted(publicJwk));
    assert.deepEqual(sorted(exportJWK(priv)), sorted(privateJwk));
    assert.deepEqual(sorted(exportJWK(importJWK(privateJwk, 'RS384'))), sorted(privateJwk));
    // As in jose, no kid in the export.
    assert.deepEqual(exportJWK(importJWK({ ...publicJwk, kid: 'k' }, 'PS256')), publicJwk);
    assert.deepEqual(Object.keys(exportJWK(priv)).sort(), ['d', 'dp', 'dq', 'e', 'kty', 'n', 'p', 'q', 'qi']);
    const thumbprint = createHash('sha256').update(`{"e":"${publicJwk.e}","kty":"RSA","n":"${publicJwk.n}"}`).digest('base64url');
    for (const key of [publicJwk, privateJwk, pub, priv, { ...publicJwk, alg: 'RS256', kid: 'x', use: 'sig' }]) {
      assert.equal(calculateJwkThumbprint(key), thumbprint);
    }
  });

  test('generateKeyPair for every RS and PS algorithm: 2048 bits by default', () => {
    for (const alg of RSA_ALGS) {
      const { publicKey, privateKey } = generateKeyPair(alg);
      assert.deepEqual([publicKey.alg, publicKey.canSign, privateKey.alg, privateKey.canSign], [alg, false, alg, true]);
      const pub = exportJWK(publicKey);
      assert.deepEqual([pub.kty, pub.e, modulusBits(pub)], ['RSA', 'AQAB', 2048]);
      const priv = exportJWK(privateKey);
      assert.deepEqual(Object.keys(priv).sort(), ['d', 'dp', 'dq', 'e', 'kty', 'n', 'p', 'q', 'qi']);
      const token = new SignJWT({ alg }).setProtectedHeader({ alg }).sign(privateKey);
      assert.deepEqual(jwtVerify(token, publicKey).payload, { alg });
      assert.ok(nodeVerifies(token, alg, createPublicKey({ key: pub, format: 'jwk' })), `${alg}: node:crypto verifies`);
      assert.equal(calculateJwkThumbprint(privateKey), calculateJwkThumbprint(pub));
    }
  });

  test('generateKeyPair: modulusLength 3072; lengths that are not 2048, 3072 or 4096 refused', () => {
    const { publicKey, privateKey } = generateKeyPair('PS384', { modulusLength: 3072 });
    assert.equal(modulusBits(exportJWK(publicKey)), 3072);
    const token = new SignJWT({}).setProtectedHeader({ alg: 'PS384' }).sign(privateKey);
    assert.equal(Buffer.from(token.split('.')[2], 'base64url').length, 384);
    assert.deepEqual(jwtVerify(token, publicKey).protectedHeader, { alg: 'PS384' });
    for (const modulusLength of [1024, 2047, 2048.5, '2048', 0, -2048, NaN, Infinity]) {
      fails(() => generateKeyPair('RS256', { modulusLength }), JOSENotSupported, {
        code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported',
        message: 'Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used',
      });
    }
    for (const modulusLength of [2049, 2560, 8192]) {
      fails(() => generateKeyPair('PS256', { modulusLength }), JOSENotSupported, {
        code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported',
        message: 'Unsupported modulusLength option provided, tinyjose generates 2048, 3072 or 4096-bit RSA keys',
      });
    }
  });

  test('difference (rsa-2048): keys under 2048 bits are refused at import, in every form; over 4096 bits too', () => {
    for (const bits of [1024, 2047]) {
      const small = keyPair('rsa', { modulusLength: bits });
      const pub = small.publicKey.export({ format: 'jwk' });
      const priv = small.privateKey.export({ format: 'jwk' });
      const rejected = (message) => [JWKInvalid, { code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message }];
      // The core refuses a public key by its reason; tinyjose-std, which loads RSA private keys
      // and PEM keys, says how long the modulus is.
      const tooShort = rejected('key rejected: too short for the algorithm (an HMAC secret shorter than the hash, an RSA modulus under 2048 bits)');
      const bitsRefused = rejected(`the RSA key has ${bits} bits: tinyjose accepts 2048 to 4096 (RFC 7518 §3.3 requires at least 2048)`);
      fails(() => importJWK(pub, 'RS256'), ...tooShort);
      fails(() => importJWK(priv, 'PS256'), ...bitsRefused);
      fails(() => importJWK({ ...pub, alg: 'RS384' }), ...tooShort);
      fails(() => importSPKI(small.publicKey.export({ type: 'spki', format: 'pem' }), 'RS256'), ...bitsRefused);
      fails(() => importPKCS8(small.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'RS256'), ...bitsRefused);
      // Its tokens are refused whatever form the key takes.
      const token = nodeRs256({ sub: 'a' }, small.privateKey);
      fails(() => jwtVerify(token, pub), ...tooShort);
      fails(() => jwtVerify(token, { ...pub, alg: 'RS256' }), ...tooShort);
      fails(() => jwtVerify(token, createLocalJWKSet({ keys: [pub] })), ...NO_MATCHING_KEY);
      fails(() => jwtVerify(token, { keys: [pub] }), ...NO_MATCHING_KEY);
      fails(() => new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(priv), ...bitsRefused);
    }
    // A 4104-bit modulus (random, odd, top bit set): longer than the core verifies.
    const long = crypto.getRandomValues(new Uint8Array(513));
    long[0] = 0xff;
    long[512] |= 1;
    fails(() => importJWK({ kty: 'RSA', n: b64u(long), e: 'AQAB' }, 'RS256'), JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'key rejected: too long (an RSA modulus above 4096 bits, a secret above 64 bytes)',
    });
    // The core checks the rest: an even modulus, an exponent of 1, even, or of 2^32 or more.
    const even = Buffer.from(publicJwk.n, 'base64url');
    even[even.length - 1] &= 0xfe;
    fails(() => importJWK({ ...publicJwk, n: b64u(even) }, 'RS256'), ...KEY_REJECTED);
    for (const e of ['AQ', 'Ag', 'AQAAAAE']) fails(() => importJWK({ ...publicJwk, e }, 'RS256'), ...KEY_REJECTED);
    assert.equal(importJWK({ ...publicJwk, e: 'Aw' }, 'RS256').alg, 'RS256');
  });

  test('hostile tokens: tampered signatures and payloads, another algorithm\'s signature', () => {
    const token = nodeRs256({ sub: 'alice' });
    assert.deepEqual(jwtVerify(token, publicJwk).payload, { sub: 'alice' });
    const [h, p, s] = token.split('.');
    const sig = Buffer.from(s, 'base64url');
    const flipped = Buffer.from(sig);
    flipped[255] ^= 1;
    const n = Buffer.from(publicJwk.n, 'base64url');
    const forged = {
      'one bit flipped': `${h}.${p}.${b64u(flipped)}`,
      'payload changed': `${h}.${b64u('{"sub":"mallory"}')}.${s}`,
      'signature of zeros': `${h}.${p}.${b64u(new Uint8Array(256))}`,
      'signature equal to the modulus': `${h}.${p}.${b64u(n)}`,
      'signature of ones (above the modulus)': `${h}.${p}.${b64u(new Uint8Array(256).fill(255))}`,
      'signature one byte short': `${h}.${p}.${b64u(sig.subarray(1))}`,
      'signature one byte long': `${h}.${p}.${b64u(Buffer.concat([Buffer.from([0]), sig]))}`,
      // The RS256 signature relabelled PS256, for a key that serves every RSA algorithm.
      'relabelled PS256': `${b64u('{"alg":"PS256"}')}.${p}.${s}`,
    };
    for (const bad of Object.values(forged)) {
      for (const key of [publicJwk, { keys: [publicJwk] }]) fails(() => jwtVerify(bad, key), ...BAD_SIGNATURE);
    }
    fails(() => jwtVerify(`${h}.${p}.`, publicJwk), ...BAD_SIGNATURE);
    // A key bound to one RSA algorithm refuses the others.
    fails(() => jwtVerify(token, importJWK(publicJwk, 'PS256')), ...algNotAllowed('alg_mismatch'));
    fails(() => jwtVerify(token, { ...publicJwk, alg: 'RS512' }), ...algNotAllowed('alg_mismatch'));
    fails(() => jwtVerify(token, publicJwk, { algorithms: ['PS256'] }), ...algNotAllowed('alg_not_allowed'));
    fails(() => jwtVerify(`${b64u('{"alg":"none"}')}.${p}.`, publicJwk), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'alg_none', message: 'alg none is not supported either by JOSE or your javascript runtime',
    });
  });

  test('hostile tokens: HS256 keyed with the RSA public key\'s PEM or JWK text is refused', () => {
    const texts = { PEM: spki, 'JWK text': JSON.stringify(publicJwk) };
    for (const text of Object.values(texts)) {
      const token = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, Buffer.from(text));
      for (const key of [importSPKI(spki, 'RS256'), importJWK(publicJwk, 'RS256'), publicJwk, { ...publicJwk, alg: 'RS256' }]) {
        fails(() => jwtVerify(token, key), ...algNotAllowed('alg_mismatch'));
        fails(() => jwtVerify(token, key, { algorithms: ['HS256'] }), ...algNotAllowed('alg_mismatch'));
      }
      // A set, of the one RSA key or of several, has no key for HS256.
      for (const key of [{ keys: [publicJwk] }, createLocalJWKSet({ keys: [{ ...publicJwk, kid: 'r' }] })]) {
        fails(() => jwtVerify(token, key), ...NO_MATCHING_KEY);
      }
      const ec = exportJWK(generateKeyPair('ES256').publicKey);
      for (const key of [{ keys: [publicJwk, ec] }, createLocalJWKSet({ keys: [{ ...publicJwk, kid: 'r' }, { ...ec, kid: 'e' }] })]) {
        fails(() => jwtVerify(token, key), ...NO_MATCHING_KEY);
      }
      // Text is never a key.
      typeError(() => jwtVerify(token, text), 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array.');
      // An RSA key never becomes an HMAC key: jose's class and words.
      fails(() => importJWK({ ...publicJwk, alg: 'HS256' }), JOSENotSupported, {
        tinyjoseCode: 'unsupported_alg', message: 'Invalid or unsupported JWK "alg" (Algorithm) Parameter value',
      });
      fails(() => importSPKI(spki, 'HS256'), JOSENotSupported, { tinyjoseCode: 'unsupported_alg', message: 'Invalid or unsupported "alg" (Algorithm) value' });
    }
  });

  test('signing: public keys cannot sign, the header alg must be the key\'s', () => {
    const pub = importSPKI(spki, 'RS256');
    for (const key of [pub, publicJwk]) {
      fails(() => new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(key), JWKInvalid, {
        code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'a public key cannot sign',
      });
    }
    const priv = importPKCS8(pkcs8, 'RS256');
    for (const alg of ['PS256', 'RS384', 'HS256', 'ES256']) {
      fails(() => new SignJWT({}).setProtectedHeader({ alg }).sign(priv), ...algNotAllowed('alg_mismatch'));
    }
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign({ ...privateJwk, alg: 'PS256' }), ...algNotAllowed('alg_mismatch'));
    // An RSA PEM key needs its algorithm named: jose's class and words.
    const noAlg = [JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_alg', message: 'Invalid or unsupported "alg" (Algorithm) value',
    }];
    fails(() => importPKCS8(pkcs8), ...noAlg);
    fails(() => importSPKI(spki), ...noAlg);
    fails(() => importPKCS8(pkcs8, 'ES256'), JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'the key is an RSA key, for RS256, RS384, RS512, PS256, PS384 or PS512, not ES256',
    });
    // Private members that do not belong to the modulus.
    fails(() => importJWK({ ...privateJwk, d: 'AAAA' }, 'RS256'), JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'the RSA private key is not consistent with its modulus',
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('SignJWT and CompactSign', () => {
  const headerOf = (token) => Buffer.from(token.split('.')[0], 'base64url').toString();

  test('the claim setters write the exact claims', () => {
    const token = new SignJWT({ scope: 'read', iss: 'overwritten' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('https://idp')
      .setSubject('u1')
      .setAudience(['api', 'web'])
      .setJti('id-1')
      .setNotBefore(NOW - 5)
      .setIssuedAt(NOW)
      .setExpirationTime(at(NOW + 60))
      .sign(SECRET);
    const expected = { scope: 'read', iss: 'https://idp', sub: 'u1', aud: ['api', 'web'], jti: 'id-1', nbf: NOW - 5, iat: NOW, exp: NOW + 60 };
    assert.deepEqual(decodeJwt(token), expected);
    assert.equal(headerOf(token), '{"alg":"HS256","typ":"JWT"}');
    assert.deepEqual(jwtVerify(token, SECRET, { currentDate: AT, audience: 'api' }).payload, expected);
    // The MAC is HMAC-SHA-256 of the signing input.
    const [h, p, s] = token.split('.');
    assert.equal(s, createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url'));
    // The same input signs to the same token.
    assert.equal(new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(SECRET), token);
  });

  test('setIssuedAt without argument is now; the constructor copies the claims', () => {
    const claims = { a: 1 };
    const builder = new SignJWT(claims);
    claims.a = 2;
    const before = Math.floor(Date.now() / 1000);
    const token = builder.setIssuedAt().setProtectedHeader(HS).sign(SECRET);
    const after = Math.floor(Date.now() / 1000);
    const { a, iat } = decodeJwt(token);
    assert.equal(a, 1);
    assert.ok(iat >= before && iat <= after);
    assert.equal(decodeJwt(new SignJWT().setProtectedHeader(HS).sign(SECRET)).constructor, Object);
    assert.deepEqual(decodeJwt(new SignJWT().setProtectedHeader(HS).sign(SECRET)), {});
    typeError(() => new SignJWT([1]), 'JWT Claims Set MUST be an object');
    typeError(() => new SignJWT('claims'), 'JWT Claims Set MUST be an object');
    typeError(() => new SignJWT({}).setExpirationTime({}), 'Invalid time period format');
  });

  test('time spans: relative to now, in jose\'s syntax', () => {
    const spans = {
      '2h': 7200, '30 s': 30, '30s': 30, '1 day': 86400, '1d': 86400, '-1h': -3600, '2 weeks ago': -1209600,
      '+5 minutes': 300, '1.5 hours': 5400, '90 mins': 5400, '1 year': 31557600, '1 hr': 3600, '10 secs': 10,
      '3 HOURS': 10800, '1 week from now': 604800, '2w': 1209600, '1y': 31557600, '15m': 900,
    };
    for (const [span, seconds] of Object.entries(spans)) {
      const before = Math.floor(Date.now() / 1000);
      const { exp, nbf, iat } = decodeJwt(new SignJWT({}).setProtectedHeader(HS)
        .setExpirationTime(span).setNotBefore(span).setIssuedAt(span).sign(SECRET));
      const after = Math.floor(Date.now() / 1000);
      for (const value of [exp, nbf, iat]) {
        assert.ok(value >= before + seconds && value <= after + seconds, `${span}: ${value - before}`);
      }
    }
    for (const bad of ['', '2', 'h', '2 hours ago from now', '+2h ago', '-2h ago', '1 fortnight', '2h ', '2  h', '1,5h']) {
      typeError(() => new SignJWT({}).setExpirationTime(bad), 'Invalid time period format');
    }
  });

  test('difference (header-writable): the protected header: alg required, only alg/kid/typ/cty, in that order', () => {
    // jose writes any header parameter, of any type, in the caller's order.
    const token = new SignJWT({}).setProtectedHeader({ cty: 'text', typ: 'JWT', kid: 'k1', alg: 'HS256' }).sign(SECRET);
    assert.equal(headerOf(token), '{"alg":"HS256","kid":"k1","typ":"JWT","cty":"text"}');
    assert.deepEqual(jwtVerify(token, SECRET).protectedHeader, { alg: 'HS256', kid: 'k1', typ: 'JWT', cty: 'text' });

    fails(() => new SignJWT({}).sign(SECRET), JWSInvalid, {
      code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed', message: 'either setProtectedHeader or setUnprotectedHeader must be called before #sign()',
    });
    fails(() => new SignJWT({}).setProtectedHeader({ typ: 'JWT' }).sign(SECRET), JWSInvalid, {
      code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed', message: 'JWS "alg" (Algorithm) Header Parameter missing or invalid',
    });
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 256 }).sign(SECRET), JWSInvalid, { tinyjoseCode: 'malformed' });
    // A crit that is not a list of names is jose's JWSInvalid.
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256', crit: 'x' }).sign(SECRET), JWSInvalid, {
      tinyjoseCode: 'malformed', message: '"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present',
    });
    for (const name of ['jku', 'x5c', 'b64', 'custom']) {
      fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256', [name]: 'x' }).sign(SECRET), JOSENotSupported, {
        code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported',
        message: `tinyjose writes only the alg, kid, typ and cty header parameters, not "${name}"`,
      });
    }
    typeError(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 1 }).sign(SECRET), 'kid must be a string');
    typeError(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: null }).sign(SECRET), 'typ must be a string');
  });

  test('alg must be the key\'s', () => {
    const secret = new Uint8Array(64).fill(1);
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).sign({ kty: 'oct', k: b64u(secret), alg: 'HS256' }), JOSEAlgNotAllowed, {
      code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_mismatch', message: 'token algorithm does not match the key',
    });
    // importJWK of an oct JWK gives the bare secret, as in jose: it signs with each HMAC algorithm.
    const imported = importJWK({ kty: 'oct', k: b64u(secret) }, 'HS256');
    assert.deepEqual(jwtVerify(new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).sign(imported), secret).protectedHeader, { alg: 'HS512' });
    const { publicKey, privateKey } = generateKeyPair('ES256');
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'ES384' }).sign(privateKey), ...algNotAllowed('alg_mismatch'));
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(privateKey), ...algNotAllowed('alg_mismatch'));
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey), ...algNotAllowed('alg_mismatch'));
    // A JWK is imported for the header's alg, which its curve refuses (key-import-time).
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'ES384' }).sign(exportJWK(privateKey)), ...KEY_REJECTED);
  });

  test('signing keys: Key, private JWK, secret; public keys and short secrets refused', () => {
    const { publicKey, privateKey } = generateKeyPair('ES256');
    const viaJwk = new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'ES256' }).sign(exportJWK(privateKey));
    assert.deepEqual(jwtVerify(viaJwk, publicKey).payload, { a: 1 });
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(publicKey), JWKInvalid, {
      code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected', message: 'a public key cannot sign',
    });
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(exportJWK(publicKey)), JWKInvalid, {
      tinyjoseCode: 'key_rejected', message: 'a public key cannot sign',
    });
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).sign(SECRET), ...KEY_REJECTED);
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(31)), ...KEY_REJECTED);
    const wrongType = 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array.';
    for (const [bad, received] of [[undefined, ' Received undefined'], ['secret', ''], [5, ''], [{}, ' Received an instance of Object'], [[1], ' Received an instance of Array']]) {
      typeError(() => new SignJWT({}).setProtectedHeader(HS).sign(bad), wrongType + received);
    }
  });

  test('alg none cannot sign: JOSENotSupported, as in jose', () => {
    fails(() => new SignJWT({}).setProtectedHeader({ alg: 'none' }).sign(SECRET), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'alg_none', message: 'alg none is not supported either by JOSE or your javascript runtime',
    });
  });

  test('a secret cannot sign ES256: a TypeError, as in jose', () => {
    typeError(() => new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(SECRET),
      'Key for the ES256 algorithm must be one of type CryptoKey, KeyObject, or JSON Web Key. Received an instance of Uint8Array');
  });

  test('CompactSign signs bytes', () => {
    const payload = Uint8Array.from([0, 1, 2, 250, 255]);
    const token = new CompactSign(payload).setProtectedHeader({ alg: 'HS256', kid: 'b' }).sign(SECRET);
    assert.equal(token.split('.')[1], b64u(payload));
    assert.deepEqual(compactVerify(token, SECRET), { protectedHeader: { alg: 'HS256', kid: 'b' }, payload });
    const empty = new CompactSign(new Uint8Array(0)).setProtectedHeader(HS).sign(SECRET);
    assert.equal(empty.split('.')[1], '');
    assert.deepEqual(compactVerify(empty, SECRET).payload, new Uint8Array(0));
    for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA']) {
      const { publicKey, privateKey } = generateKeyPair(alg);
      const signed = new CompactSign(payload).setProtectedHeader({ alg }).sign(privateKey);
      const signatureLength = { ES256: 64, ES384: 96, ES512: 132, EdDSA: 64 }[alg];
      assert.equal(Buffer.from(signed.split('.')[2], 'base64url').length, signatureLength, alg);
      assert.deepEqual(compactVerify(signed, publicKey).payload, payload, alg);
    }
    typeError(() => new CompactSign('text'), 'payload must be an instance of Uint8Array');
    typeError(() => new CompactSign([1, 2]), 'payload must be an instance of Uint8Array');
    fails(() => new CompactSign(payload).sign(SECRET), JWSInvalid, { tinyjoseCode: 'malformed' });
  });
});
