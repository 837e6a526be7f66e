// SD-JWT (RFC 9901) and SD-JWT VC through the package: issueSdJwt, presentSdJwt and verifySdJwt
// round trips with exact payloads, the published examples of RFC 9901
// (crates/tinyjose/tests/data/sd_jwt/rfc9901.json), and every hostile case with its exact class
// and code. Hand-made SD-JWTs are MACed with node:crypto (hmacToken), independently of the
// package's signer, so that any payload and disclosure can be written.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import {
  JOSEAlgNotAllowed, JOSENotSupported, JWKInvalid, JWSInvalid, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWKSNoMatchingKey, JWTExpired, JWTInvalid, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, issueSdJwt, presentSdJwt, verifySdJwt,
} from 'tinyjose';
import * as jws from 'tinyjose/jws';

import { AT, NOW, SECRET, b64u, ecdsaForms, fails, hmacToken, typeError } from './node-helpers.mjs';

const ISSUER = 'https://issuer.example';
const VERIFIER = 'https://verifier.example';
const NONCE = 'n-0S6_WzA2Mj';

/** base64url(SHA-256(ascii)): a disclosure's digest, and `sd_hash`. */
const digest = (ascii) => createHash('sha256').update(ascii).digest('base64url');

/** A disclosure as an issuer writes it: `[salt, name, value]` (or `[salt, value]`), base64url. */
const disclosure = (...array) => b64u(JSON.stringify(array));

/** An SD-JWT MACed with SECRET (HS256) over `payload`, with `disclosures` appended. */
const handMade = (payload, disclosures = [], header = { alg: 'HS256' }) => `${hmacToken(header, payload)}~${disclosures.map((d) => `${d}~`).join('')}`;

/** The parts of an SD-JWT: the issuer-signed JWT, its disclosures, the Key Binding JWT ('' when none). */
function split(sdJwt) {
  const parts = sdJwt.split('~');
  return { jwt: parts[0], disclosures: parts.slice(1, -1), kb: parts.at(-1) };
}

/** An SD-JWT from its parts. */
const join = ({ jwt, disclosures, kb = '' }) => `${jwt}~${disclosures.map((d) => `${d}~`).join('')}${kb}`;

const issuer = generateKeyPair('ES256');
const holder = generateKeyPair('EdDSA');
const holderJwk = exportJWK(holder.publicKey);

/** The claims of most cases: flat, structured, and an array. */
const CLAIMS = {
  iss: ISSUER,
  iat: NOW - 60,
  exp: NOW + 3600,
  sub: 'user-42',
  given_name: 'Erika',
  family_name: 'Mustermann',
  email: 'erika@example.com',
  address: { street_address: 'Heidestraße 17', locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR', 'US'],
};

/** The SD-JWT of CLAIMS with every kind of disclosure: flat, structured, recursive, array elements. */
const ALL_POINTERS = [
  '/given_name', '/family_name', '/email', '/address', '/address/street_address', '/address/locality', '/nationalities/0',
  '/nationalities/2',
];

const issue = (options = {}) => issueSdJwt(CLAIMS, {
  key: issuer.privateKey, disclosable: ALL_POINTERS, holderKey: holderJwk, ...options,
});

/** verifySdJwt's options with the fixed clock and the key binding of this suite. */
const checks = (more = {}) => ({
  issuer: ISSUER, currentDate: AT, keyBinding: { aud: VERIFIER, nonce: NONCE }, ...more,
});

const bind = (more = {}) => ({ key: holder.privateKey, aud: VERIFIER, nonce: NONCE, iat: NOW, ...more });

/** A claim refusal: its class, claim, reason and core code. */
function claimFails(fn, Class, claim, tinyjoseCode, reason = 'check_failed') {
  return fails(fn, Class, { claim, reason, tinyjoseCode });
}

/** A refusal of the SD-JWT's disclosures: JWTInvalid, `disclosure_rejected`, with the core's words. */
function disclosureFails(fn, why) {
  const error = fails(fn, JWTInvalid, { code: 'ERR_JWT_INVALID', tinyjoseCode: 'disclosure_rejected' });
  if (why !== undefined) assert.equal(error.message, `disclosure rejected: ${why}`);
  return error;
}

const UNREFERENCED = 'no digest of the issuer-signed payload refers to it';

// -------------------------------------------------------------------------------------------

describe('round trips', () => {
  test('every disclosure kept, with key binding: the exact claims, header and key binding', () => {
    const sdJwt = issue();
    const presentation = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind() });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicKey, checks()), {
      payload: { ...CLAIMS, cnf: { jwk: holderJwk } },
      protectedHeader: { alg: 'ES256' },
      keyBound: true,
    });
    // The issuer-signed payload holds the digests, `_sd_alg` and `cnf`, and none of the values.
    const payload = decodeJwt(split(sdJwt).jwt);
    assert.equal(payload._sd_alg, 'sha-256');
    assert.deepEqual(payload.cnf, { jwk: holderJwk });
    assert.deepEqual(Object.keys(payload).sort(), ['_sd', '_sd_alg', 'cnf', 'exp', 'iat', 'iss', 'nationalities', 'sub']);
    assert.equal(payload._sd.length, 4);
    assert.deepEqual(payload.nationalities.map((e) => typeof e === 'string' ? e : Object.keys(e)), [['...'], 'FR', ['...']]);
    assert.equal(split(sdJwt).disclosures.length, 8);
    assert.ok(!split(sdJwt).jwt.includes(b64u('Erika').slice(0, 6)));
  });

  test('a subset: flat, structured, recursive and array disclosures, each chosen by the holder', () => {
    const sdJwt = issue();
    const cases = [
      // Flat: two top-level claims.
      [(d) => d.name === 'given_name' || d.name === 'email', { given_name: 'Erika', email: 'erika@example.com', nationalities: ['FR'] }],
      // Structured and recursive: the address with one of its members (the object first needs its own disclosure).
      [(d) => d.name === 'address' || d.name === 'locality', { address: { country: 'DE', locality: 'Köln' }, nationalities: ['FR'] }],
      // The address alone: its disclosed members stay hidden.
      [(d) => d.name === 'address', { address: { country: 'DE' }, nationalities: ['FR'] }],
      // Array elements: the one whose value is "US".
      [(d) => d.name === undefined && d.value === 'US', { nationalities: ['FR', 'US'] }],
      // Nothing disclosed.
      [() => false, { nationalities: ['FR'] }],
    ];
    const always = { iss: ISSUER, iat: NOW - 60, exp: NOW + 3600, sub: 'user-42', cnf: { jwk: holderJwk } };
    for (const [disclose, shown] of cases) {
      const presentation = presentSdJwt(sdJwt, { disclose, keyBinding: bind() });
      assert.deepEqual(verifySdJwt(presentation, issuer.publicKey, checks()).payload, { ...always, ...shown });
    }
    // A member kept alone brings the disclosure of the object it is in (the core keeps it), so it can be placed.
    const member = presentSdJwt(sdJwt, { disclose: (d) => d.name === 'locality', keyBinding: bind() });
    assert.deepEqual(split(member).disclosures.map((d) => JSON.parse(Buffer.from(d, 'base64url'))[1]).sort(), ['address', 'locality']);
    assert.deepEqual(verifySdJwt(member, issuer.publicKey, checks()).payload, { ...always, address: { country: 'DE', locality: 'Köln' }, nationalities: ['FR'] });
    // Without it, no digest refers to the member.
    const locality = split(sdJwt).disclosures.find((d) => JSON.parse(Buffer.from(d, 'base64url'))[1] === 'locality');
    const orphan = join({ jwt: split(sdJwt).jwt, disclosures: [locality] });
    disclosureFails(() => verifySdJwt(orphan, issuer.publicKey, checks({ keyBinding: undefined })), UNREFERENCED);
  });

  test('disclose sees each disclosure once, in order: its name (none for an array element) and value', () => {
    const seen = [];
    presentSdJwt(issue(), { disclose: (d) => seen.push(d) < 0 });
    assert.deepEqual(seen.filter((d) => 'name' in d).map((d) => d.name).sort(), [
      'address', 'email', 'family_name', 'given_name', 'locality', 'street_address',
    ]);
    assert.deepEqual(seen.filter((d) => d.name === undefined).map((d) => [Object.keys(d), d.value]), [[['value'], 'DE'], [['value'], 'US']]);
    const address = seen.find((d) => d.name === 'address').value;
    assert.deepEqual(Object.keys(address), ['country', '_sd']);
    assert.equal(address._sd.length, 2);
    // Names are given unescaped.
    const named = issueSdJwt({ 'é"\\/': 1, plain: 2 }, { key: issuer.privateKey, disclosable: ['/é"\\~1', '/plain'] });
    const names = [];
    presentSdJwt(named, { disclose: (d) => names.push(d.name) < 0 });
    assert.deepEqual(names.sort(), ['plain', 'é"\\/']);
  });

  test('disclose as claim names: the named claims at any level (with the objects they are in), never array elements', () => {
    const presentation = presentSdJwt(issue(), { disclose: ['street_address', 'email', 'unknown'], keyBinding: bind() });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicKey, checks()).payload, {
      iss: ISSUER, iat: NOW - 60, exp: NOW + 3600, sub: 'user-42', cnf: { jwk: holderJwk },
      email: 'erika@example.com', address: { country: 'DE', street_address: 'Heidestraße 17' }, nationalities: ['FR'],
    });
  });

  test('without key binding: keyBound is false; an issued SD-JWT verifies as it is', () => {
    const sdJwt = issueSdJwt({ iss: ISSUER, a: 1, b: [true, null] }, { key: issuer.privateKey, disclosable: ['/a', '/b/1'] });
    assert.deepEqual(verifySdJwt(sdJwt, issuer.publicKey, checks({ keyBinding: undefined })), {
      payload: { iss: ISSUER, a: 1, b: [true, null] }, protectedHeader: { alg: 'ES256' }, keyBound: false,
    });
    const none = presentSdJwt(sdJwt, { disclose: [] });
    assert.equal(none, `${split(sdJwt).jwt}~`);
    assert.deepEqual(verifySdJwt(none, issuer.publicKey, checks({ keyBinding: undefined })).payload, { iss: ISSUER, b: [true] });
  });

  test('claims as JSON text: written as given, numbers and all', () => {
    const sdJwt = issueSdJwt('{"iss":"https://issuer.example","n":1.50,"big":12345678901234567890,"s":"\\u00e9"}', {
      key: issuer.privateKey, disclosable: ['/n'],
    });
    assert.match(Buffer.from(split(sdJwt).jwt.split('.')[1], 'base64url').toString(), /"big":12345678901234567890,"s":"\\u00e9"/);
    assert.equal(Buffer.from(split(sdJwt).disclosures[0], 'base64url').toString().endsWith('"n",1.50]'), true);
    assert.deepEqual(verifySdJwt(sdJwt, issuer.publicKey, { currentDate: AT }).payload, { iss: ISSUER, big: 12345678901234567890, s: 'é', n: 1.5 });
  });

  test('decoys: the top-level `_sd` list has one digest per disclosable claim and decoy, sorted', () => {
    const sdJwt = issueSdJwt({ a: 1, b: 2 }, { key: issuer.privateKey, disclosable: ['/a'], decoys: 5 });
    const { _sd: digests } = decodeJwt(split(sdJwt).jwt);
    assert.equal(digests.length, 6);
    assert.deepEqual(digests, [...digests].sort((x, y) => Buffer.compare(Buffer.from(x, 'base64url'), Buffer.from(y, 'base64url'))));
    assert.ok(digests.includes(digest(split(sdJwt).disclosures[0])));
    assert.deepEqual(verifySdJwt(sdJwt, issuer.publicKey).payload, { a: 1, b: 2 });
  });

  test('salts are fresh: the same claims give other disclosures each time', () => {
    const [one, two] = [issue(), issue()];
    assert.notEqual(split(one).disclosures[0], split(two).disclosures[0]);
    const salt = JSON.parse(Buffer.from(split(one).disclosures[0], 'base64url'))[0];
    assert.match(salt, /^[A-Za-z0-9_-]{22}$/);
  });

  test('SD-JWT VC: vct written first, typ dc+sd-jwt by default, checked with the vct option', () => {
    const sdJwt = issueSdJwt({ iss: ISSUER, given_name: 'Erika' }, {
      key: issuer.privateKey, disclosable: ['/given_name'], holderKey: holderJwk, vct: 'urn:eudi:pid:1',
    });
    assert.deepEqual(decodeProtectedHeader(split(sdJwt).jwt), { alg: 'ES256', typ: 'dc+sd-jwt' });
    assert.deepEqual(Object.keys(decodeJwt(split(sdJwt).jwt)), ['vct', 'iss', '_sd', '_sd_alg', 'cnf']);
    const presentation = presentSdJwt(sdJwt, { disclose: ['given_name'], keyBinding: bind() });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicKey, checks({ vct: ['urn:other', 'urn:eudi:pid:1'] })), {
      payload: { vct: 'urn:eudi:pid:1', iss: ISSUER, cnf: { jwk: holderJwk }, given_name: 'Erika' },
      protectedHeader: { alg: 'ES256', typ: 'dc+sd-jwt' },
      keyBound: true,
    });
    // Another typ when asked; an empty object gets its vct too.
    assert.equal(decodeProtectedHeader(issueSdJwt({}, { key: issuer.privateKey, disclosable: [], typ: 'vc+sd-jwt', vct: 'urn:x' })).typ, 'vc+sd-jwt');
    assert.deepEqual(decodeJwt(split(issueSdJwt(' { } ', { key: issuer.privateKey, disclosable: [], vct: 'urn:x' })).jwt), { vct: 'urn:x', _sd_alg: 'sha-256' });
    assert.deepEqual(decodeProtectedHeader(issueSdJwt({}, { key: issuer.privateKey, disclosable: [], typ: 'example+sd-jwt' })), { alg: 'ES256', typ: 'example+sd-jwt' });
  });

  test('keys: a JWK with kid (written in the header), a JWK Set, createLocalJWKSet, key functions', async () => {
    const jwk = { ...exportJWK(issuer.privateKey), kid: 'issuer-1', alg: 'ES256' };
    const publicJwk = { ...exportJWK(issuer.publicKey), kid: 'issuer-1', alg: 'ES256' };
    const other = { ...exportJWK(generateKeyPair('ES256').publicKey), kid: 'other', alg: 'ES256' };
    const sdJwt = issueSdJwt({ iss: ISSUER, a: 1 }, { key: jwk, disclosable: ['/a'], holderKey: holder.publicKey });
    assert.deepEqual(decodeProtectedHeader(sdJwt), { alg: 'ES256', kid: 'issuer-1' });
    const presentation = presentSdJwt(sdJwt, { disclose: ['a'], keyBinding: bind({ key: exportJWK(holder.privateKey) }) });
    const expected = { payload: { iss: ISSUER, a: 1, cnf: { jwk: holderJwk } }, protectedHeader: { alg: 'ES256', kid: 'issuer-1' }, keyBound: true };
    assert.deepEqual(verifySdJwt(presentation, { keys: [other, publicJwk] }, checks()), expected);
    assert.deepEqual(verifySdJwt(presentation, createLocalJWKSet({ keys: [other, publicJwk] }), checks()), expected);
    assert.deepEqual(verifySdJwt(presentation, publicJwk, checks()), expected);
    const seen = [];
    const byFunction = verifySdJwt(presentation, (header, token) => seen.push([header, Object.keys(token)]) && publicJwk, checks());
    assert.deepEqual(byFunction, { ...expected, key: publicJwk });
    assert.deepEqual(seen, [[{ alg: 'ES256', kid: 'issuer-1' }, ['payload', 'protected', 'signature']]]);
    const later = verifySdJwt(presentation, async () => publicJwk, checks());
    assert.ok(later instanceof Promise);
    assert.deepEqual(await later, { ...expected, key: publicJwk });
    fails(() => verifySdJwt(presentation, { keys: [other] }, checks()), JWKSNoMatchingKey, { tinyjoseCode: 'no_matching_key' });
    const { kid: _, ...unnamed } = other;
    fails(() => verifySdJwt(presentation, unnamed, checks()), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
  });

  test('tinyjose/jws issues, presents and verifies the same way, with JWKs', () => {
    const issuerJwk = exportJWK(issuer.privateKey);
    const sdJwt = jws.issueSdJwt(CLAIMS, { key: issuerJwk, disclosable: ALL_POINTERS, holderKey: holderJwk });
    const presentation = jws.presentSdJwt(sdJwt, { disclose: ['given_name'], keyBinding: bind({ key: exportJWK(holder.privateKey) }) });
    const { payload, keyBound } = jws.verifySdJwt(presentation, exportJWK(issuer.publicKey), checks());
    assert.deepEqual([payload.given_name, payload.family_name, keyBound], ['Erika', undefined, true]);
    // And the root verifies what tinyjose/jws made.
    assert.equal(verifySdJwt(presentation, issuer.publicKey, checks()).payload.given_name, 'Erika');
    fails(() => jws.verifySdJwt(presentation, exportJWK(issuer.publicKey), checks({ keyBinding: { aud: VERIFIER, nonce: 'x' } })),
      jws.JWTClaimValidationFailed, { claim: 'nonce', tinyjoseCode: 'claim_mismatch' });
  });

  test('an ES256 holder, and the key binding\'s clock: iat given as a Date, maxAge, clockTolerance', () => {
    const es = generateKeyPair('ES256');
    const sdJwt = issueSdJwt({ iss: ISSUER, a: 1 }, { key: issuer.privateKey, disclosable: ['/a'], holderKey: es.publicKey });
    const presentation = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ key: es.privateKey, iat: new Date((NOW - 100) * 1000) }) });
    assert.equal(verifySdJwt(presentation, issuer.publicKey, checks()).keyBound, true);
    assert.equal(verifySdJwt(presentation, issuer.publicKey, checks({ keyBinding: { aud: VERIFIER, nonce: NONCE, maxAge: '100s' } })).keyBound, true);
    fails(() => verifySdJwt(presentation, issuer.publicKey, checks({ keyBinding: { aud: VERIFIER, nonce: NONCE, maxAge: 99 } })),
      JWTExpired, { claim: 'iat', tinyjoseCode: 'max_age_exceeded' });
    assert.equal(verifySdJwt(presentation, issuer.publicKey, checks({ keyBinding: { aud: VERIFIER, nonce: NONCE, maxAge: 99 }, clockTolerance: 1 })).keyBound, true);
  });
});

// -------------------------------------------------------------------------------------------

describe('RFC 9901 examples', () => {
  const rfc = JSON.parse(readFileSync(new URL('../../../crates/tinyjose/tests/data/sd_jwt/rfc9901.json', import.meta.url), 'utf8'));
  const examples = rfc.examples.filter((e) => e.presentation);

  test('every printed presentation verifies to the printed processed payload', () => {
    assert.deepEqual(examples.map((e) => e.name), ['main_example', 'simple_structured', 'complex_structured', 'sd_jwt_vc_pid', 'w3c_vcdm_2_0']);
    for (const e of examples) {
      const at = new Date((e.kb?.iat ?? decodeJwt(split(e.presentation).jwt).iat) * 1000);
      const keyBinding = e.kb ? { aud: e.kb.aud, nonce: e.kb.nonce } : undefined;
      // Section 5's issuer signature has a high `s`.
      const result = verifySdJwt(e.presentation, e.issuer_jwk, { currentDate: at, keyBinding, ecdsaHighS: true });
      assert.deepEqual(result, { payload: e.processed, protectedHeader: e.header, keyBound: e.kb !== null }, e.name);
    }
  });

  test('Section 5: high-S issuer signature refused by default; the key binding checked', () => {
    const e = examples[0];
    const options = { currentDate: new Date(e.kb.iat * 1000), keyBinding: { aud: e.kb.aud, nonce: e.kb.nonce }, ecdsaHighS: true };
    fails(() => verifySdJwt(e.presentation, e.issuer_jwk, { ...options, ecdsaHighS: undefined }), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    claimFails(() => verifySdJwt(e.presentation, e.issuer_jwk, { ...options, keyBinding: { aud: e.kb.aud, nonce: 'other' } }),
      JWTClaimValidationFailed, 'nonce', 'claim_mismatch');
    claimFails(() => verifySdJwt(e.presentation, e.issuer_jwk, { ...options, keyBinding: { aud: 'https://other.example', nonce: e.kb.nonce } }),
      JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    // Without its Key Binding JWT, the presentation is refused when one is required.
    const { jwt, disclosures } = split(e.presentation);
    fails(() => verifySdJwt(join({ jwt, disclosures }), e.issuer_jwk, options), JWTInvalid, { tinyjoseCode: 'key_binding_required' });
  });
});

// -------------------------------------------------------------------------------------------

describe('hostile presentations', () => {
  const sdJwt = issue();
  const presentation = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind() });
  const parts = split(presentation);
  const verify = (p, more) => verifySdJwt(p, issuer.publicKey, checks(more));

  test('a tampered disclosure is unreferenced: disclosure_rejected', () => {
    for (const i of [0, 3, 7]) {
      // The disclosed value changed: its digest is no longer the one the issuer signed.
      const array = JSON.parse(Buffer.from(parts.disclosures[i], 'base64url'));
      const tampered = b64u(JSON.stringify(array.with(-1, 'tampered')));
      const disclosures = parts.disclosures.with(i, tampered);
      disclosureFails(() => verify(join({ jwt: parts.jwt, disclosures })), UNREFERENCED);
      // Still refused with a Key Binding JWT made over the tampered presentation.
      const rebound = presentSdJwt(join({ jwt: parts.jwt, disclosures }), { disclose: () => true, keyBinding: bind() });
      disclosureFails(() => verify(rebound), UNREFERENCED);
    }
    // A disclosure of another SD-JWT of the same issuer.
    const foreign = split(issue()).disclosures[0];
    disclosureFails(() => verify(join({ jwt: parts.jwt, disclosures: [...parts.disclosures, foreign] }), { keyBinding: undefined }), UNREFERENCED);
  });

  test('a duplicated disclosure: disclosure_rejected', () => {
    const twice = [...parts.disclosures, parts.disclosures[1]];
    disclosureFails(() => verify(join({ jwt: parts.jwt, disclosures: twice }), { keyBinding: undefined }));
    const bound = presentSdJwt(join({ jwt: parts.jwt, disclosures: twice }), { disclose: () => true, keyBinding: bind() });
    disclosureFails(() => verify(bound));
  });

  test('the wrong nonce: claim_mismatch (nonce), with the issuer-signed claims attached', () => {
    const error = claimFails(() => verify(presentation, { keyBinding: { aud: VERIFIER, nonce: 'other' } }), JWTClaimValidationFailed, 'nonce', 'claim_mismatch');
    assert.equal(error.message, 'unexpected "nonce" claim value');
    assert.equal(error.code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    assert.deepEqual(error.payload, decodeJwt(parts.jwt));
    const made = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ nonce: 'other' }) });
    claimFails(() => verify(made), JWTClaimValidationFailed, 'nonce', 'claim_mismatch');
  });

  test('the wrong audience: audience_mismatch (aud), of the key binding or the issuer-signed JWT', () => {
    const error = claimFails(() => verify(presentation, { keyBinding: { aud: 'https://other.example', nonce: NONCE } }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    assert.equal(error.message, 'unexpected "aud" claim value');
    const made = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ aud: 'https://other.example' }) });
    claimFails(() => verify(made), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    // A Key Binding JWT the verifier did not ask for names an audience it did not expect.
    claimFails(() => verify(presentation, { keyBinding: undefined }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    // The issuer-signed JWT's own aud, checked with `audience`.
    const withAud = issueSdJwt({ iss: ISSUER, aud: 'rp-1' }, { key: issuer.privateKey, disclosable: [] });
    claimFails(() => verifySdJwt(withAud, issuer.publicKey, { currentDate: AT }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    claimFails(() => verifySdJwt(withAud, issuer.publicKey, { currentDate: AT, audience: 'rp-2' }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    assert.equal(verifySdJwt(withAud, issuer.publicKey, { currentDate: AT, audience: ['rp-2', 'rp-1'] }).payload.aud, 'rp-1');
  });

  test('no Key Binding JWT when one is required: key_binding_required', () => {
    const error = fails(() => verify(join({ jwt: parts.jwt, disclosures: parts.disclosures })), JWTInvalid, {
      code: 'ERR_JWT_INVALID', tinyjoseCode: 'key_binding_required',
    });
    assert.equal(error.message, 'key binding required: the presentation has no key binding JWT');
    fails(() => verify(presentSdJwt(sdJwt, { disclose: [] })), JWTInvalid, { tinyjoseCode: 'key_binding_required' });
    fails(() => verify(sdJwt), JWTInvalid, { tinyjoseCode: 'key_binding_required' });
  });

  test('a Key Binding JWT signed by another key than cnf.jwk: invalid_signature', () => {
    const other = generateKeyPair('EdDSA');
    const made = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ key: other.privateKey }) });
    fails(() => verify(made), JWSSignatureVerificationFailed, {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature', message: 'signature verification failed',
    });
    // Another algorithm than the holder key's (ES256 for an Ed25519 cnf.jwk).
    const es = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ key: generateKeyPair('ES256').privateKey }) });
    fails(() => verify(es), JWKInvalid, { tinyjoseCode: 'key_rejected' });
    // A Key Binding JWT whose signature was altered.
    const kb = parts.kb.slice(0, -4) + (parts.kb.endsWith('AAAA') ? 'BBBA' : 'AAAA');
    fails(() => verify(join({ ...parts, kb })), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
  });

  test('vct: a mismatch is claim_mismatch (vct); an SD-JWT without its typ or vct is refused', () => {
    const vc = issueSdJwt({ iss: ISSUER }, { key: issuer.privateKey, disclosable: [], vct: 'urn:eudi:pid:1' });
    const error = claimFails(() => verifySdJwt(vc, issuer.publicKey, { currentDate: AT, vct: ['urn:eudi:pid:2'] }), JWTClaimValidationFailed, 'vct', 'claim_mismatch');
    assert.equal(error.message, 'unexpected "vct" claim value');
    claimFails(() => verifySdJwt(vc, issuer.publicKey, { currentDate: AT, vct: [] }), JWTClaimValidationFailed, 'vct', 'claim_mismatch');
    // Not an SD-JWT VC by its typ; an SD-JWT VC without vct.
    const plain = issueSdJwt({ iss: ISSUER, vct: 'urn:eudi:pid:1' }, { key: issuer.privateKey, disclosable: [] });
    claimFails(() => verifySdJwt(plain, issuer.publicKey, { currentDate: AT, vct: ['urn:eudi:pid:1'] }), JWTClaimValidationFailed, 'typ', 'type_mismatch');
    const untyped = issueSdJwt({ iss: ISSUER }, { key: issuer.privateKey, disclosable: [], typ: 'dc+sd-jwt' });
    claimFails(() => verifySdJwt(untyped, issuer.publicKey, { currentDate: AT, vct: ['urn:eudi:pid:1'] }), JWTClaimValidationFailed, 'vct', 'missing_claim', 'missing');
  });

  test('the Key Binding JWT of another presentation: claim_mismatch (sd_hash)', () => {
    const fewer = presentSdJwt(sdJwt, { disclose: ['given_name'], keyBinding: bind() });
    claimFails(() => verify(join({ ...parts, kb: split(fewer).kb })), JWTClaimValidationFailed, 'sd_hash', 'claim_mismatch');
    // Dropping a disclosure after binding changes what sd_hash covers.
    claimFails(() => verify(join({ ...parts, disclosures: parts.disclosures.slice(1) })), JWTClaimValidationFailed, 'sd_hash', 'claim_mismatch');
  });

  test('the key binding\'s time: too old, from the future', () => {
    const old = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ iat: NOW - 301 }) });
    fails(() => verify(old), JWTExpired, { claim: 'iat', tinyjoseCode: 'max_age_exceeded', code: 'ERR_JWT_EXPIRED' });
    const future = presentSdJwt(sdJwt, { disclose: () => true, keyBinding: bind({ iat: NOW + 60 }) });
    claimFails(() => verify(future), JWTClaimValidationFailed, 'iat', 'issued_at_invalid');
  });

  test('the issuer-signed JWT: signature, issuer, expiry, required claims', () => {
    const [h, p, s] = parts.jwt.split('.');
    const forged = `${h}.${p}.${s.slice(0, -4)}${s.endsWith('AAAA') ? 'BBBA' : 'AAAA'}`;
    fails(() => verify(join({ ...parts, jwt: forged })), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    fails(() => verifySdJwt(presentation, generateKeyPair('ES256').publicKey, checks()), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    claimFails(() => verify(presentation, { issuer: 'https://other.example' }), JWTClaimValidationFailed, 'iss', 'issuer_mismatch');
    claimFails(() => verify(presentation, { currentDate: new Date((NOW + 3600) * 1000) }), JWTExpired, 'exp', 'expired');
    claimFails(() => verify(presentation, { requiredClaims: ['given_name', 'birthdate'] }), JWTClaimValidationFailed, 'birthdate', 'missing_claim', 'missing');
    // A required claim must be disclosed.
    const fewer = presentSdJwt(sdJwt, { disclose: ['email'], keyBinding: bind() });
    claimFails(() => verify(fewer, { requiredClaims: ['given_name'] }), JWTClaimValidationFailed, 'given_name', 'missing_claim', 'missing');
    assert.equal(verify(fewer, { requiredClaims: ['email'] }).keyBound, true);
  });

  test('a high-S signature, of the issuer or of the Key Binding JWT, is refused unless ecdsaHighS', () => {
    const { low, high } = ecdsaForms(parts.jwt);
    const highIssuer = join({ ...parts, jwt: high });
    // The issuer-signed JWT is in what sd_hash covers: bind again over the high-S form.
    const rebound = presentSdJwt(join({ jwt: high, disclosures: parts.disclosures }), { disclose: () => true, keyBinding: bind() });
    fails(() => verify(rebound), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    assert.equal(verify(rebound, { ecdsaHighS: true }).keyBound, true);
    assert.notEqual(highIssuer, low);
    // An ES256 holder whose Key Binding JWT has a high `s` (as WebCrypto signs half the time).
    const es = generateKeyPair('ES256');
    const bound = issueSdJwt({ iss: ISSUER }, { key: issuer.privateKey, disclosable: [], holderKey: es.publicKey });
    const made = split(presentSdJwt(bound, { disclose: [], keyBinding: bind({ key: es.privateKey }) }));
    const forms = ecdsaForms(made.kb);
    assert.equal(verify(join({ ...made, kb: forms.low })).keyBound, true);
    fails(() => verify(join({ ...made, kb: forms.high })), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    assert.equal(verify(join({ ...made, kb: forms.high }), { ecdsaHighS: true }).keyBound, true);
  });
});

// -------------------------------------------------------------------------------------------

describe('hand-made SD-JWTs: what only an issuer could get wrong', () => {
  const key = SECRET;
  const given = disclosure('salt-1', 'given_name', 'Erika');
  const element = disclosure('salt-2', 'DE');

  test('a hand-made SD-JWT verifies: object property and array element', () => {
    const sdJwt = handMade({ _sd: [digest(given)], list: [{ '...': digest(element) }, 'FR'], _sd_alg: 'sha-256' }, [given, element]);
    assert.deepEqual(verifySdJwt(sdJwt, key).payload, { list: ['DE', 'FR'], given_name: 'Erika' });
  });

  test('a digest written twice: disclosure_rejected', () => {
    disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(given), digest(given)] }, [given]), key), 'a digest appears more than once');
    disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(given)], list: [{ '...': digest(given) }] }, [given]), key));
  });

  test('a disclosure in the wrong place: an element in _sd, a property in an array', () => {
    const wrong = 'an object property where an array element belongs, or the reverse';
    disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(element)] }, [element]), key), wrong);
    disclosureFails(() => verifySdJwt(handMade({ list: [{ '...': digest(given) }] }, [given]), key), wrong);
  });

  test('a disclosed claim that already exists, or is named _sd or ...', () => {
    disclosureFails(() => verifySdJwt(handMade({ given_name: 'Max', _sd: [digest(given)] }, [given]), key), 'its claim name is already a claim of its object');
    const twin = disclosure('salt-3', 'given_name', 'Max');
    disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(given), digest(twin)] }, [given, twin]), key), 'its claim name is already a claim of its object');
    for (const name of ['_sd', '...']) {
      const reserved = disclosure('salt-4', name, 'x');
      disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(reserved)] }, [reserved]), key), 'its claim name is _sd, ... or a top-level _sd_alg');
    }
  });

  test('_sd_alg other than sha-256, or not a string; _sd not an array of digests', () => {
    fails(() => verifySdJwt(handMade({ _sd: [digest(given)], _sd_alg: 'sha-512' }, [given]), key), JOSENotSupported, { tinyjoseCode: 'unsupported_alg' });
    claimFails(() => verifySdJwt(handMade({ _sd_alg: 256 }), key), JWTClaimValidationFailed, '_sd_alg', 'invalid_claim', 'invalid');
    fails(() => verifySdJwt(handMade({ _sd: digest(given) }, [given]), key), JWTInvalid, { tinyjoseCode: 'malformed', message: 'malformed payload' });
    fails(() => verifySdJwt(handMade({ _sd: ['short'] }), key), JWTInvalid, { tinyjoseCode: 'malformed', message: 'malformed payload' });
  });

  test('a disclosure that is not a disclosure: not base64url, not JSON, not [salt, name?, value]', () => {
    const sd = (d) => handMade({ _sd: [digest(d)] }, [d]);
    fails(() => verifySdJwt(sd('not base64!'), key), JWTInvalid, { tinyjoseCode: 'base64' });
    fails(() => verifySdJwt(sd(b64u('["s", "a", 1')), key), JWTInvalid, { tinyjoseCode: 'json' });
    for (const array of [[], ['s'], [1, 'a', 2], ['s', 1, 2], ['s', 'a', 1, 2]]) {
      fails(() => verifySdJwt(sd(b64u(JSON.stringify(array))), key), JWTInvalid, { tinyjoseCode: 'malformed' });
    }
    fails(() => verifySdJwt(sd(b64u('{"s":1}')), key), JWTInvalid, { tinyjoseCode: 'json' });
  });

  test('structure: no ~, an empty disclosure, more than 64 disclosures', () => {
    const jwt = hmacToken({ alg: 'HS256' }, { a: 1 });
    fails(() => verifySdJwt(jwt, key), JWTInvalid, { tinyjoseCode: 'malformed', message: 'malformed token' });
    fails(() => verifySdJwt(`${jwt}~~`, key), JWTInvalid, { tinyjoseCode: 'malformed' });
    const many = Array.from({ length: 65 }, (_, i) => disclosure(`s${i}`, `c${i}`, i));
    fails(() => verifySdJwt(handMade({ _sd: many.map(digest) }, many), key), JWTInvalid, { tinyjoseCode: 'limit_exceeded' });
    // The issuer-signed JWT's own header is a JWS header.
    fails(() => verifySdJwt(`${b64u('{"alg":"HS256","crit":["x"]}')}.${b64u('{}')}.AA~`, key), JOSENotSupported, { tinyjoseCode: 'unsupported_crit' });
    const most = many.slice(0, 64);
    assert.equal(Object.keys(verifySdJwt(handMade({ _sd: most.map(digest) }, most), key).payload).length, 64);
  });

  test('a Key Binding JWT needs cnf.jwk, typ kb+jwt and an asymmetric algorithm', () => {
    // No cnf in the issuer-signed claims.
    const unbound = handMade({ a: 1 });
    const presented = presentSdJwt(unbound, { disclose: [], keyBinding: bind() });
    claimFails(() => verifySdJwt(presented, key, { currentDate: AT, keyBinding: { aud: VERIFIER, nonce: NONCE } }), JWTClaimValidationFailed, 'cnf', 'missing_claim', 'missing');
    // A Key Binding JWT with another typ, or MACed.
    const cnfd = handMade({ cnf: { jwk: holderJwk } });
    const sdHash = digest(cnfd);
    const kbClaims = { iat: NOW, aud: VERIFIER, nonce: NONCE, sd_hash: sdHash };
    const options = { currentDate: AT, keyBinding: { aud: VERIFIER, nonce: NONCE } };
    fails(() => verifySdJwt(`${cnfd}${hmacToken({ alg: 'HS256', typ: 'kb+jwt' }, kbClaims)}`, key, options), JOSEAlgNotAllowed, { tinyjoseCode: 'alg_not_allowed' });
    claimFails(() => verifySdJwt(`${cnfd}${hmacToken({ alg: 'HS256', typ: 'JWT' }, kbClaims)}`, key, options), JWTClaimValidationFailed, 'typ', 'type_mismatch');
    // Presenting with an HMAC key, or presenting a presentation that is already bound.
    fails(() => presentSdJwt(cnfd, { disclose: [], keyBinding: bind({ key: { kty: 'oct', k: b64u(SECRET), alg: 'HS256' } }) }), JOSEAlgNotAllowed, { tinyjoseCode: 'alg_not_allowed' });
    fails(() => presentSdJwt(presentation(), { disclose: [] }), JWTInvalid, { tinyjoseCode: 'malformed' });
    function presentation() {
      return presentSdJwt(issue(), { disclose: [], keyBinding: bind() });
    }
  });
});

// -------------------------------------------------------------------------------------------

describe('issuing: what the core refuses', () => {
  test('a pointer that names no claim: missing_claim, naming the pointer', () => {
    const error = claimFails(() => issueSdJwt({ a: { b: 1 } }, { key: issuer.privateKey, disclosable: ['/a/b', '/a/c'] }),
      JWTClaimValidationFailed, '/a/c', 'missing_claim', 'missing');
    assert.equal(error.message, 'missing required "/a/c" claim');
    claimFails(() => issueSdJwt({ list: [1] }, { key: issuer.privateKey, disclosable: ['/list/1'] }), JWTClaimValidationFailed, '/list/1', 'missing_claim', 'missing');
  });

  test('reserved names, cnf with a holder key, claims that are not an object', () => {
    disclosureFails(() => issueSdJwt({ _sd: [] }, { key: issuer.privateKey, disclosable: [] }), 'its claim name is _sd, ... or a top-level _sd_alg');
    disclosureFails(() => issueSdJwt({ a: { '...': 1 } }, { key: issuer.privateKey, disclosable: [] }), 'its claim name is _sd, ... or a top-level _sd_alg');
    disclosureFails(() => issueSdJwt({ _sd_alg: 'sha-256' }, { key: issuer.privateKey, disclosable: [] }), 'its claim name is _sd, ... or a top-level _sd_alg');
    disclosureFails(() => issueSdJwt({ cnf: {} }, { key: issuer.privateKey, disclosable: [], holderKey: holderJwk }), 'its claim name is already a claim of its object');
    fails(() => issueSdJwt('[1]', { key: issuer.privateKey, disclosable: [] }), JWTInvalid, { tinyjoseCode: 'json' });
    fails(() => issueSdJwt('{"a":1,"a":2}', { key: issuer.privateKey, disclosable: [] }), JWTInvalid, { tinyjoseCode: 'duplicate_member' });
    fails(() => issueSdJwt('{"vct":"urn:a"}', { key: issuer.privateKey, disclosable: [], vct: 'urn:b' }), JWTInvalid, { tinyjoseCode: 'duplicate_member' });
    fails(() => issueSdJwt({ a: 1 }, { key: issuer.privateKey, disclosable: Array.from({ length: 65 }, () => '/a') }), JWTInvalid, { tinyjoseCode: 'limit_exceeded' });
  });

  test('the claims that decide validity are never disclosable; at most 64 decoys', () => {
    const never = 'it discloses iss, exp, nbf, cnf, vct or status, which are never selectively disclosable';
    const claims = { iss: ISSUER, exp: NOW + 60, nbf: NOW, cnf: { jwk: holderJwk }, vct: 'urn:x', status: { idx: 1 }, address: { iss: 'a' } };
    for (const claim of ['iss', 'exp', 'nbf', 'cnf', 'vct', 'status']) {
      disclosureFails(() => issueSdJwt(claims, { key: issuer.privateKey, disclosable: [`/${claim}`] }), never);
    }
    // Below the top level, the names are any claim's.
    assert.deepEqual(verifySdJwt(issueSdJwt({ address: { iss: 'a' } }, { key: issuer.privateKey, disclosable: ['/address/iss'] }), issuer.publicKey).payload, { address: { iss: 'a' } });
    // Nor does a verifier accept them disclosed.
    const exp = disclosure('salt', 'exp', NOW + 60);
    disclosureFails(() => verifySdJwt(handMade({ _sd: [digest(exp)] }, [exp]), SECRET), never);
    assert.equal(decodeJwt(issueSdJwt({}, { key: issuer.privateKey, disclosable: [], decoys: 64 }))._sd.length, 64);
    fails(() => issueSdJwt({}, { key: issuer.privateKey, disclosable: [], decoys: 65 }), JWTInvalid, { tinyjoseCode: 'limit_exceeded' });
  });

  test('keys: a public key cannot sign; an HMAC holder key is refused', () => {
    fails(() => issueSdJwt({}, { key: issuer.publicKey, disclosable: [] }), JWKInvalid, { tinyjoseCode: 'key_rejected', message: 'a public key cannot sign' });
    fails(() => presentSdJwt(issue(), { disclose: [], keyBinding: bind({ key: holder.publicKey }) }), JWKInvalid, { tinyjoseCode: 'key_rejected' });
    fails(() => issueSdJwt({}, { key: issuer.privateKey, disclosable: [], holderKey: { kty: 'oct', k: b64u(SECRET), alg: 'HS256' } }), JWKInvalid, { tinyjoseCode: 'key_rejected' });
  });
});

describe('arguments', () => {
  test('TypeErrors for the arguments and options', () => {
    typeError(() => issueSdJwt(1, { key: issuer.privateKey, disclosable: [] }), 'claims must be an object or its JSON text');
    typeError(() => issueSdJwt({}), 'options must be an object');
    typeError(() => issueSdJwt({}, { key: issuer.privateKey }), '"disclosable" option must be an array of strings');
    typeError(() => issueSdJwt({}, { key: issuer.privateKey, disclosable: [], decoys: -1 }), '"decoys" option must be a non-negative integer');
    typeError(() => issueSdJwt({}, { key: 'k', disclosable: [] }), '"key" must be a private key (importJWK, importPKCS8, generateKeyPair) or a private JWK');
    typeError(() => issueSdJwt({}, { key: issuer.privateKey, disclosable: [], holderKey: 'k' }), '"holderKey" option must be the holder\'s public key or public JWK');
    typeError(() => issueSdJwt({}, { key: issuer.privateKey, disclosable: [], vct: 1 }), 'vct must be a string');
    typeError(() => presentSdJwt(1, { disclose: [] }), 'sdJwt must be a string');
    typeError(() => presentSdJwt('a~', {}), '"disclose" option must be an array of strings');
    typeError(() => presentSdJwt('a~', { disclose: [], keyBinding: { key: holder.privateKey, aud: VERIFIER } }), '"keyBinding.nonce" option must be a non-empty string');
    typeError(() => presentSdJwt('a~', { disclose: [], keyBinding: bind({ iat: 'now' }) }), '"keyBinding.iat" option must be a Date or a number of seconds');
    typeError(() => presentSdJwt('a~', { disclose: [], keyBinding: null }), '"keyBinding" option must be an object');
    typeError(() => verifySdJwt(issue(), issuer.publicKey, { keyBinding: 'n' }), '"keyBinding" option must be an object');
    typeError(() => verifySdJwt(issue(), issuer.publicKey, []), 'options must be an object');
    typeError(() => verifySdJwt(issue(), issuer.publicKey, { keyBinding: { nonce: NONCE } }), '"keyBinding.aud" option must be a non-empty string');
    typeError(() => verifySdJwt(issue(), issuer.publicKey, { vct: 'urn:x' }), '"vct" option must be an array of strings');
    typeError(() => verifySdJwt(issue(), issuer.publicKey, { clockTolerance: -1 }), 'Invalid clockTolerance option input');
    fails(() => verifySdJwt(1, issuer.publicKey), JWSInvalid, { message: 'SD-JWT must be a string or Uint8Array' });
  });

  test('what disclose throws comes through; a Promise is refused; only true discloses', () => {
    const thrown = new Error('the holder declined');
    assert.throws(() => presentSdJwt(issue(), { disclose: () => { throw thrown; } }), (e) => e === thrown);
    typeError(() => presentSdJwt(issue(), { disclose: async () => true }), '"disclose" must return a boolean, not a Promise');
    const sdJwt = issue();
    for (const answer of [1, 'yes', {}, undefined]) assert.equal(presentSdJwt(sdJwt, { disclose: () => answer }), `${split(sdJwt).jwt}~`);
  });

  test('a Uint8Array presentation verifies as its text; an imported key of another entry is refused', () => {
    const sdJwt = issue();
    assert.equal(verifySdJwt(new TextEncoder().encode(sdJwt), issuer.publicKey, { currentDate: AT }).keyBound, false);
    assert.throws(() => jws.verifySdJwt(sdJwt, issuer.publicKey), { name: 'TypeError' });
    const foreign = { name: 'TypeError', message: 'the key was imported by another tinyjose entry point: import it with this one, or pass its JWK' };
    assert.throws(() => jws.issueSdJwt({}, { key: issuer.privateKey, disclosable: [] }), foreign);
    assert.throws(() => jws.issueSdJwt({}, { key: exportJWK(issuer.privateKey), disclosable: [], holderKey: holder.publicKey }), foreign);
    assert.throws(() => jws.presentSdJwt(sdJwt, { disclose: [], keyBinding: bind() }), foreign);
    assert.equal(jws.verifySdJwt(sdJwt, jws.importJWK(exportJWK(issuer.publicKey), 'ES256'), { currentDate: AT }).keyBound, false);
  });
});
