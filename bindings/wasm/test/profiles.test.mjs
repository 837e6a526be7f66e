// Token profiles through the package: RFC 9449 DPoP proofs, OpenID Connect Core ID tokens
// (Appendix A), RFC 9068 access tokens and JARM responses, with the published vectors
// (crates/tinyjose/tests/data/profiles) and tokens made by `jose`, each refusal exact.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as jose from 'jose';
import {
  JOSEAlgNotAllowed, JOSENotSupported, JWEInvalid, JWKInvalid, JWKSNoMatchingKey, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWTExpired, JWTInvalid, calculateJwkThumbprint, createDpopProof, createJtiCache, createLocalJWKSet, exportJWK, generateKeyPair,
  importJWK, validateAccessToken, validateDpopProof, validateIdToken, validateJarmResponse,
} from 'tinyjose';
import * as jws from 'tinyjose/jws';

import { ecdsaForms, fails } from './node-helpers.mjs';

const DATA = new URL('../../../crates/tinyjose/tests/data/profiles/', import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, DATA), 'utf8'));
const at = (seconds) => new Date(seconds * 1000);
const sha256 = (text) => createHash('sha256').update(text).digest('base64url');

/** A claim refusal: its class, claim, reason and core code. */
function claimFails(fn, Class, claim, tinyjoseCode, reason = 'check_failed') {
  return fails(fn, Class, { claim, reason, tinyjoseCode });
}

// -------------------------------------------------------------------------------------------
// DPoP (RFC 9449)

describe('DPoP proofs (RFC 9449)', () => {
  const dpop = load('rfc9449.json');
  const figure2 = dpop.proofs.token_request_section_4_1;
  const figure7 = dpop.proofs.refresh_token_request_section_5_figure_7;
  const JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
  const TOKEN = 'https://server.example.com/token';
  const options = (more = {}) => ({
    htm: 'POST', htu: TOKEN, currentDate: at(figure2.payload.iat), replay: createJtiCache(), ...more,
  });

  test('Figure 2 verifies, with the key of its header and its thumbprint', () => {
    assert.deepEqual(validateDpopProof(figure2.compact, options()), {
      payload: figure2.payload, protectedHeader: figure2.header, jkt: JKT,
    });
    assert.equal(calculateJwkThumbprint(dpop.dpop_public_jwk), JKT);
  });

  test('Figure 2 has a high-S signature: accepted by default, refused with ecdsaHighS: false', () => {
    const result = validateDpopProof(figure2.compact, options({ ecdsaHighS: undefined }));
    assert.equal(result.jkt, JKT);
    fails(() => validateDpopProof(figure2.compact, options({ ecdsaHighS: false })), JWSSignatureVerificationFailed, {
      tinyjoseCode: 'invalid_signature',
    });
  });

  test('Figure 7 (low-S) verifies by default, at its own iat', () => {
    const result = validateDpopProof(figure7.compact, options({ currentDate: at(figure7.payload.iat), ecdsaHighS: undefined }));
    assert.deepEqual(result, { payload: figure7.payload, protectedHeader: figure7.header, jkt: JKT });
  });

  test('the request: htm, htu (normalized), and the proof type', () => {
    claimFails(() => validateDpopProof(figure2.compact, options({ htm: 'GET' })), JWTClaimValidationFailed, 'htm', 'claim_mismatch');
    claimFails(() => validateDpopProof(figure2.compact, options({ htu: 'https://server.example.com/other' })), JWTClaimValidationFailed, 'htu', 'claim_mismatch');
    assert.equal(validateDpopProof(figure2.compact, options({ htu: 'HTTPS://Server.Example.com:443/token?x=1' })).jkt, JKT);
    const error = claimFails(() => validateDpopProof(figure2.compact, options({ htm: 'GET' })), JWTClaimValidationFailed, 'htm', 'claim_mismatch');
    assert.equal(error.message, 'unexpected "htm" claim value');
    assert.deepEqual(error.payload, figure2.payload);
  });

  test('replay: a jti is accepted once, checked after every other check', () => {
    const replay = createJtiCache();
    validateDpopProof(figure2.compact, options({ replay }));
    const error = claimFails(() => validateDpopProof(figure2.compact, options({ replay })), JWTClaimValidationFailed, 'jti', 'replayed');
    assert.equal(error.message, 'the "jti" claim value was seen before: the proof is replayed');
    // A refused proof does not reach the replay check.
    const seen = [];
    const record = (jti) => seen.push(jti) > 0;
    claimFails(() => validateDpopProof(figure2.compact, options({ replay: record, htm: 'GET' })), JWTClaimValidationFailed, 'htm', 'claim_mismatch');
    assert.deepEqual(seen, []);
    validateDpopProof(figure2.compact, options({ replay: record }));
    assert.deepEqual(seen, ['-BwC3ESc6acc2lTc']);
    // Only `true` is fresh; what the check throws comes through.
    claimFails(() => validateDpopProof(figure2.compact, options({ replay: () => 1 })), JWTClaimValidationFailed, 'jti', 'replayed');
    assert.throws(() => validateDpopProof(figure2.compact, options({ replay: () => { throw new RangeError('store down'); } })), { name: 'RangeError', message: 'store down' });
    assert.throws(() => validateDpopProof(figure2.compact, options({ replay: async () => true })), { name: 'TypeError', message: '"replay" must return a boolean, not a Promise' });
    assert.throws(() => validateDpopProof(figure2.compact, options({ replay: undefined })), {
      name: 'TypeError', message: '"replay" option must be a function (createJtiCache() makes one)',
    });
  });

  test('key binding (jkt), access token (ath), nonce, age and algorithms', () => {
    assert.equal(validateDpopProof(figure2.compact, options({ jkt: JKT })).jkt, JKT);
    claimFails(() => validateDpopProof(figure2.compact, options({ jkt: dpop.other_values.section_10_dpop_jkt_figure_25 })), JWTClaimValidationFailed, 'cnf', 'claim_mismatch');
    claimFails(() => validateDpopProof(figure2.compact, options({ accessToken: dpop.access_token.value })), JWTClaimValidationFailed, 'ath', 'missing_claim', 'missing');
    claimFails(() => validateDpopProof(figure2.compact, options({ nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' })), JWTClaimValidationFailed, 'nonce', 'missing_claim', 'missing');
    claimFails(() => validateDpopProof(figure2.compact, options({ currentDate: at(figure2.payload.iat + 301) })), JWTExpired, 'iat', 'max_age_exceeded');
    assert.equal(validateDpopProof(figure2.compact, options({ currentDate: at(figure2.payload.iat + 301), maxAge: 600 })).jkt, JKT);
    claimFails(() => validateDpopProof(figure2.compact, options({ currentDate: at(figure2.payload.iat - 1) })), JWTClaimValidationFailed, 'iat', 'issued_at_invalid');
    fails(() => validateDpopProof(figure2.compact, options({ algorithms: ['EdDSA'] })), JOSEAlgNotAllowed, { tinyjoseCode: 'alg_not_allowed' });
  });

  test('createDpopProof: a proof this package and jose verify, bound to the key', async () => {
    const { privateKey, publicKey } = generateKeyPair('ES256');
    const accessToken = dpop.access_token.value;
    const proof = createDpopProof(privateKey, { htm: 'GET', htu: 'https://resource.example.org/protectedresource?q=1', accessToken, nonce: 'n1', iat: at(1_700_000_000) });
    const jkt = calculateJwkThumbprint(publicKey);
    const result = validateDpopProof(proof, {
      htm: 'GET', htu: 'https://resource.example.org/protectedresource', accessToken, nonce: 'n1', jkt,
      currentDate: at(1_700_000_010), replay: createJtiCache(),
    });
    assert.equal(result.jkt, jkt);
    assert.deepEqual(Object.keys(result.payload), ['jti', 'htm', 'htu', 'iat', 'ath', 'nonce']);
    assert.equal(result.payload.ath, sha256(accessToken));
    assert.equal(result.payload.jti.length, 22);
    assert.deepEqual(result.protectedHeader, { alg: 'ES256', typ: 'dpop+jwt', jwk: exportJWK(publicKey) });

    const verified = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: 'dpop+jwt', currentDate: at(1_700_000_010) });
    assert.deepEqual(verified.payload, result.payload);
    assert.equal(await jose.calculateJwkThumbprint(verified.protectedHeader.jwk), jkt);

    // Two proofs never share a jti; a private JWK signs too.
    const other = createDpopProof(exportJWK(privateKey), { htm: 'GET', htu: 'https://resource.example.org/protectedresource', iat: 1_700_000_000 });
    assert.notEqual(jose.decodeJwt(other).jti, result.payload.jti);
  });

  test('createDpopProof signs with RSA keys, and refuses public keys and secrets', () => {
    const { publicKey } = generateKeyPair('EdDSA');
    fails(() => createDpopProof(publicKey, { htm: 'GET', htu: 'https://a.example/' }), JWKInvalid, { tinyjoseCode: 'key_rejected' });
    const rsa = importJWK(load('oidc-core.json').rsa_private_key_from_xml_comment, 'RS256');
    const proof = createDpopProof(rsa, { htm: 'GET', htu: 'https://a.example/', iat: 1_700_000_000 });
    const checked = validateDpopProof(proof, { htm: 'GET', htu: 'https://a.example/', currentDate: at(1_700_000_000), replay: createJtiCache() });
    assert.equal(checked.protectedHeader.alg, 'RS256');
    assert.throws(() => createDpopProof(new Uint8Array(32), { htm: 'GET', htu: 'https://a.example/' }), TypeError);
  });

  test('a proof made by jose verifies here, with the same thumbprint', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('Ed25519');
    const jwk = await jose.exportJWK(publicKey);
    const proof = await new jose.SignJWT({ htm: 'POST', htu: TOKEN, jti: 'e1j3V_bKic8-LAEB' })
      .setProtectedHeader({ alg: 'Ed25519', typ: 'dpop+jwt', jwk }).setIssuedAt(1_700_000_000).sign(privateKey);
    const result = validateDpopProof(proof, { htm: 'POST', htu: TOKEN, currentDate: at(1_700_000_000), replay: createJtiCache() });
    assert.equal(result.jkt, await jose.calculateJwkThumbprint(jwk));
    assert.deepEqual(result.payload, { htm: 'POST', htu: TOKEN, jti: 'e1j3V_bKic8-LAEB', iat: 1_700_000_000 });

    const ec = await jose.generateKeyPair('ES256');
    const ecProof = await new jose.SignJWT({ htm: 'POST', htu: TOKEN, jti: 'x' })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await jose.exportJWK(ec.publicKey) }).setIssuedAt(1_700_000_000).sign(ec.privateKey);
    const { low, high } = ecdsaForms(ecProof);
    const o = { htm: 'POST', htu: TOKEN, currentDate: at(1_700_000_000) };
    assert.equal(validateDpopProof(low, { ...o, replay: createJtiCache() }).jkt, await jose.calculateJwkThumbprint(await jose.exportJWK(ec.publicKey)));
    // WebCrypto's high-S form is accepted for DPoP by default, refused on request.
    assert.equal(validateDpopProof(high, { ...o, replay: createJtiCache() }).payload.jti, 'x');
    fails(() => validateDpopProof(high, { ...o, ecdsaHighS: false, replay: createJtiCache() }), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
  });

  test('a private key in the header, and another type, are refused', async () => {
    const { privateKey } = await jose.generateKeyPair('Ed25519', { extractable: true });
    const priv = await jose.exportJWK(privateKey);
    const withPrivate = await new jose.SignJWT({ htm: 'POST', htu: TOKEN, jti: 'a' })
      .setProtectedHeader({ alg: 'Ed25519', typ: 'dpop+jwt', jwk: priv }).setIssuedAt(1_700_000_000).sign(privateKey);
    fails(() => validateDpopProof(withPrivate, { htm: 'POST', htu: TOKEN, currentDate: at(1_700_000_000), replay: createJtiCache() }), JWKInvalid, { tinyjoseCode: 'key_rejected' });
    const { d: _d, ...pub } = priv;
    const jwt = await new jose.SignJWT({ htm: 'POST', htu: TOKEN, jti: 'a' })
      .setProtectedHeader({ alg: 'Ed25519', typ: 'JWT', jwk: pub }).setIssuedAt(1_700_000_000).sign(privateKey);
    claimFails(() => validateDpopProof(jwt, { htm: 'POST', htu: TOKEN, currentDate: at(1_700_000_000), replay: createJtiCache() }), JWTClaimValidationFailed, 'typ', 'type_mismatch');
  });
});

// -------------------------------------------------------------------------------------------
// ID tokens (OpenID Connect Core, Appendix A)

describe('ID tokens (OpenID Connect Core Appendix A)', () => {
  const oidc = load('oidc-core.json');
  const { A: _A, ...examples } = oidc.examples;
  const key = oidc.rsa_public_key_A7;
  const NONCE = 'n-0S6_WzA2Mj';
  const base = { issuer: 'https://server.example.com', clientId: 's6BhdRkqt3', nonce: NONCE, currentDate: at(1_311_281_000) };
  const a = (name) => examples[name];

  test('A.2, A.3, A.4, A.6: each verifies with the A.7 key, its hashes checked', () => {
    for (const [name, extra] of [
      ['A.2', {}],
      ['A.3', { accessToken: a('A.3').access_token }],
      ['A.4', { code: a('A.4').code }],
      ['A.6', { accessToken: a('A.6').access_token, code: a('A.6').code }],
    ]) {
      const result = validateIdToken(a(name).id_token, key, { ...base, ...extra });
      assert.deepEqual(result, { payload: a(name).claims, protectedHeader: a(name).header }, name);
      // A JWK Set and createLocalJWKSet's function serve as well.
      assert.deepEqual(validateIdToken(a(name).id_token, { keys: [key] }, { ...base, ...extra }).payload, a(name).claims);
      assert.deepEqual(jws.validateIdToken(a(name).id_token, createLocalJWKSet({ keys: [key] }), { ...base, ...extra }).payload, a(name).claims);
    }
  });

  test('at_hash and c_hash: the access token and code issued with it', () => {
    claimFails(() => validateIdToken(a('A.3').id_token, key, { ...base, accessToken: 'another' }), JWTClaimValidationFailed, 'at_hash', 'claim_mismatch');
    claimFails(() => validateIdToken(a('A.4').id_token, key, { ...base, code: 'another' }), JWTClaimValidationFailed, 'c_hash', 'claim_mismatch');
    claimFails(() => validateIdToken(a('A.2').id_token, key, { ...base, accessToken: a('A.3').access_token }), JWTClaimValidationFailed, 'at_hash', 'missing_claim', 'missing');
  });

  test('nonce, iss, aud, exp, auth_time, acr: exact refusals', () => {
    const token = a('A.2').id_token;
    const error = claimFails(() => validateIdToken(token, key, { ...base, nonce: 'another' }), JWTClaimValidationFailed, 'nonce', 'claim_mismatch');
    assert.deepEqual(error.payload, a('A.2').claims);
    claimFails(() => validateIdToken(token, key, { ...base, nonce: undefined }), JWTClaimValidationFailed, 'nonce', 'claim_mismatch');
    claimFails(() => validateIdToken(token, key, { ...base, issuer: 'https://other.example.com' }), JWTClaimValidationFailed, 'iss', 'issuer_mismatch');
    claimFails(() => validateIdToken(token, key, { ...base, clientId: 'other' }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    claimFails(() => validateIdToken(token, key, { ...base, currentDate: at(1_311_281_970) }), JWTExpired, 'exp', 'expired');
    assert.equal(validateIdToken(token, key, { ...base, currentDate: at(1_311_281_970), clockTolerance: 5 }).payload.sub, '248289761001');
    claimFails(() => validateIdToken(token, key, { ...base, maxAge: 60 }), JWTClaimValidationFailed, 'auth_time', 'missing_claim', 'missing');
    claimFails(() => validateIdToken(token, key, { ...base, requireAuthTime: true }), JWTClaimValidationFailed, 'auth_time', 'missing_claim', 'missing');
    claimFails(() => validateIdToken(token, key, { ...base, acrValues: ['urn:mace:incommon:iap:silver'] }), JWTClaimValidationFailed, 'acr', 'missing_claim', 'missing');
    fails(() => validateIdToken(token, key, { ...base, algorithms: ['ES256'] }), JOSEAlgNotAllowed, { tinyjoseCode: 'alg_not_allowed' });
    assert.throws(() => validateIdToken(token, key, { nonce: NONCE }), { name: 'TypeError', message: '"issuer" option must be a non-empty string' });
  });

  test('an ID token made by jose: auth_time, acr, azp, and the wrong key', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
    const claims = { ...a('A.2').claims, auth_time: 1_311_280_000, acr: 'urn:mace:incommon:iap:silver', aud: ['s6BhdRkqt3', 'other'], azp: 's6BhdRkqt3' };
    const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k1' }).sign(privateKey);
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const o = { ...base, maxAge: 1000, acrValues: ['urn:mace:incommon:iap:silver'] };
    assert.deepEqual(validateIdToken(token, { keys: [jwk] }, o).payload, claims);
    const old = claimFails(() => validateIdToken(token, jwk, { ...o, maxAge: 999 }), JWTExpired, 'auth_time', 'max_age_exceeded');
    assert.equal(old.message, '"auth_time" claim timestamp check failed (too much time has elapsed since the last End-User authentication)');
    claimFails(() => validateIdToken(token, jwk, { ...o, acrValues: 'urn:other' }), JWTClaimValidationFailed, 'acr', 'claim_mismatch');
    claimFails(() => validateIdToken(token, jwk, { ...o, clientId: 'other' }), JWTClaimValidationFailed, 'azp', 'claim_mismatch');
    const noAzp = await new jose.SignJWT({ ...claims, azp: undefined }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    claimFails(() => validateIdToken(noAzp, jwk, o), JWTClaimValidationFailed, 'azp', 'missing_claim', 'missing');
    fails(() => validateIdToken(token, key, o), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    fails(() => validateIdToken(token, { keys: [{ ...jwk, kid: 'k2' }] }, o), JWKSNoMatchingKey, { tinyjoseCode: 'no_matching_key' });
  });
});

// -------------------------------------------------------------------------------------------
// Access tokens (RFC 9068), and neither token accepted for the other

describe('access tokens (RFC 9068) and ID tokens apart', async () => {
  const rfc9068 = load('rfc9068.json').example_section_3;
  const { privateKey, publicKey } = await jose.generateKeyPair('PS256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: rfc9068.header.kid, alg: 'PS256' };
  const sign = (claims, typ) => new jose.SignJWT(claims).setProtectedHeader({ alg: 'PS256', typ, kid: rfc9068.header.kid }).sign(privateKey);
  const o = { issuer: rfc9068.claims.iss, audience: rfc9068.claims.aud, currentDate: at(rfc9068.claims.iat + 10) };

  test('the Figure 2 claims, signed by jose with typ at+JWT, validate', async () => {
    const token = await sign(rfc9068.claims, rfc9068.header.typ);
    assert.deepEqual(validateAccessToken(token, { keys: [jwk] }, o), {
      payload: rfc9068.claims, protectedHeader: { alg: 'PS256', typ: 'at+JWT', kid: 'RjEwOwOA' },
    });
    claimFails(() => validateAccessToken(token, jwk, { ...o, audience: 'https://other.example.com/' }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    claimFails(() => validateAccessToken(token, jwk, { ...o, currentDate: at(rfc9068.claims.exp) }), JWTExpired, 'exp', 'expired');
    const { client_id: _c, ...noClient } = rfc9068.claims;
    const signed1 = await sign(noClient, 'at+jwt');
    claimFails(() => validateAccessToken(signed1, jwk, o), JWTClaimValidationFailed, 'client_id', 'missing_claim', 'missing');
  });

  test('an access token is never an ID token, nor the other way round', async () => {
    const accessToken = await sign({ ...rfc9068.claims, aud: 's6BhdRkqt3', nonce: 'n' }, 'at+jwt');
    claimFails(() => validateIdToken(accessToken, jwk, { issuer: rfc9068.claims.iss, clientId: 's6BhdRkqt3', nonce: 'n', currentDate: o.currentDate }),
      JWTClaimValidationFailed, 'typ', 'type_mismatch');
    const idToken = await sign(rfc9068.claims, 'JWT');
    claimFails(() => validateAccessToken(idToken, jwk, o), JWTClaimValidationFailed, 'typ', 'type_mismatch');
    const untyped = await new jose.SignJWT(rfc9068.claims).setProtectedHeader({ alg: 'PS256' }).sign(privateKey);
    claimFails(() => validateAccessToken(untyped, jwk, o), JWTClaimValidationFailed, 'typ', 'type_mismatch');
  });
});

// -------------------------------------------------------------------------------------------
// JARM

describe('JARM responses', async () => {
  const jarm = load('jarm.json');
  const code = jarm.examples.code_success_2_1_1.payload;
  const error = jarm.examples.error_2_1_1.payload;
  const token = jarm.examples.token_flow.decoded_from_fragment_jwt_example;
  const STATE = code.state;
  const { privateKey, publicKey } = await jose.generateKeyPair('Ed25519');
  const jwks = { keys: [{ ...(await jose.exportJWK(publicKey)), kid: 'laeb', alg: 'Ed25519' }] };
  const sign = (payload, header = {}) => new jose.SignJWT(payload).setProtectedHeader({ alg: 'Ed25519', kid: 'laeb', ...header }).sign(privateKey);
  const o = { issuer: code.iss, clientId: code.aud, expectedState: STATE, currentDate: at(1_311_281_000) };
  const params = (payload) => Object.fromEntries(Object.entries(payload).filter(([name]) => !['aud', 'exp'].includes(name)).map(([n, v]) => [n, String(v)]));

  test('code, token and error responses: kind and parameters', async () => {
    const codeResponse = await sign(code);
    const result = validateJarmResponse(codeResponse, jwks, o);
    assert.equal(result.kind, 'code');
    assert.deepEqual(result.payload, code);
    assert.deepEqual(Object.fromEntries(result.parameters), params(code));
    const fromUrl = validateJarmResponse(new URL(`https://client.example.com/cb?response=${codeResponse}`), jwks, o);
    assert.equal(fromUrl.parameters.get('code'), code.code);
    assert.equal(jws.validateJarmResponse(new URLSearchParams({ response: codeResponse }), createLocalJWKSet(jwks), o).kind, 'code');

    const tokenResponse = await sign(token);
    const tokenResult = validateJarmResponse(new URL(`https://client.example.com/cb#response=${tokenResponse}`), jwks, o);
    assert.equal(tokenResult.kind, 'token');
    assert.deepEqual(Object.fromEntries(tokenResult.parameters), params(token));
    assert.equal(tokenResult.parameters.get('expires_in'), '3600');

    // An error response is valid: returned with its kind, not thrown.
    const errorResult = validateJarmResponse(await sign(error), jwks, o);
    assert.equal(errorResult.kind, 'error');
    assert.deepEqual(Object.fromEntries(errorResult.parameters), params(error));
  });

  test('each refusal: state, iss, aud, exp, signature, kid, alg', async () => {
    const response = await sign(code);
    claimFails(() => validateJarmResponse(response, jwks, { ...o, expectedState: 'another' }), JWTClaimValidationFailed, 'state', 'claim_mismatch');
    claimFails(() => validateJarmResponse(response, jwks, { ...o, expectedState: undefined }), JWTClaimValidationFailed, 'state', 'claim_mismatch');
    const { state: _s, ...stateless } = code;
    const signed2 = await sign(stateless);
    claimFails(() => validateJarmResponse(signed2, jwks, o), JWTClaimValidationFailed, 'state', 'missing_claim', 'missing');
    claimFails(() => validateJarmResponse(response, jwks, { ...o, issuer: 'https://other.example.com' }), JWTClaimValidationFailed, 'iss', 'issuer_mismatch');
    claimFails(() => validateJarmResponse(response, jwks, { ...o, clientId: 'other' }), JWTClaimValidationFailed, 'aud', 'audience_mismatch');
    claimFails(() => validateJarmResponse(response, jwks, { ...o, currentDate: at(code.exp) }), JWTExpired, 'exp', 'expired');
    const { exp: _e, ...noExp } = code;
    const signed3 = await sign(noExp);
    claimFails(() => validateJarmResponse(signed3, jwks, o), JWTClaimValidationFailed, 'exp', 'missing_claim', 'missing');

    const other = await jose.generateKeyPair('Ed25519');
    const forged = await new jose.SignJWT(code).setProtectedHeader({ alg: 'Ed25519', kid: 'laeb' }).sign(other.privateKey);
    fails(() => validateJarmResponse(forged, jwks, o), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    const signed4 = await sign(code, { kid: 'other' });
    fails(() => validateJarmResponse(signed4, jwks, o), JWKSNoMatchingKey, { tinyjoseCode: 'no_matching_key' });
    fails(() => validateJarmResponse(response, jwks, { ...o, algorithms: ['RS256'] }), JOSEAlgNotAllowed, { tinyjoseCode: 'alg_not_allowed' });
    // Neither a code, a token nor an error.
    const { code: _c, ...empty } = code;
    const signed5 = await sign(empty);
    claimFails(() => validateJarmResponse(signed5, jwks, o), JWTClaimValidationFailed, 'code', 'missing_claim', 'missing');
  });

  test('a token response over query.jwt must be encrypted', async () => {
    const tokenResponse = await sign(token);
    const refusal = fails(() => validateJarmResponse(new URL(`https://client.example.com/cb?response=${tokenResponse}`), jwks, o), JWEInvalid, {
      tinyjoseCode: 'encryption_required', code: 'ERR_JWE_INVALID',
    });
    assert.equal(refusal.message, 'the response must be encrypted');
    fails(() => validateJarmResponse(tokenResponse, jwks, { ...o, responseMode: 'query.jwt' }), JWEInvalid, { tinyjoseCode: 'encryption_required' });
    assert.equal(validateJarmResponse(tokenResponse, jwks, { ...o, responseMode: 'form_post.jwt' }).kind, 'token');
  });

  test('the response parameter: missing or repeated', async () => {
    const response = await sign(code);
    fails(() => validateJarmResponse(new URL('https://client.example.com/cb?code=x'), jwks, o), JWTInvalid, { message: 'the "response" parameter is missing' });
    fails(() => validateJarmResponse(new URL(`https://client.example.com/cb?response=${response}#response=${response}`), jwks, o), JWTInvalid, {
      message: 'the "response" parameter is repeated',
    });
    fails(() => validateJarmResponse(new URLSearchParams([['response', response], ['response', response]]), jwks, o), JWTInvalid, {
      message: 'the "response" parameter is repeated',
    });
  });

  test('encrypted responses: decrypted with the client key, required once registered', async () => {
    const client = await jose.generateKeyPair('ECDH-ES+A128KW', { extractable: true });
    const clientJwk = { ...(await jose.exportJWK(client.privateKey)), alg: 'ECDH-ES+A128KW' };
    const signed = await sign(token);
    const encrypted = await new jose.CompactEncrypt(new TextEncoder().encode(signed))
      .setProtectedHeader({ alg: 'ECDH-ES+A128KW', enc: 'A128CBC-HS256', cty: 'JWT' }).encrypt(client.publicKey);
    const url = new URL(`https://client.example.com/cb?response=${encrypted}`);
    const result = validateJarmResponse(url, jwks, { ...o, decryptionKey: clientJwk });
    assert.equal(result.kind, 'token');
    assert.deepEqual(result.payload, token);
    assert.equal(validateJarmResponse(url, jwks, { ...o, decryptionKey: clientJwk, encryptionAlgorithms: ['A128CBC-HS256'] }).kind, 'token');
    fails(() => validateJarmResponse(url, jwks, { ...o, decryptionKey: clientJwk, encryptionAlgorithms: ['A256GCM'] }), JOSENotSupported, { tinyjoseCode: 'unsupported_enc' });
    fails(() => validateJarmResponse(signed, jwks, { ...o, decryptionKey: clientJwk }), JWEInvalid, { tinyjoseCode: 'encryption_required' });
    fails(() => validateJarmResponse(encrypted, jwks, o), JOSENotSupported, {
      tinyjoseCode: 'unsupported', message: 'the response is encrypted: validating it needs the client\'s decryption key',
    });
    fails(() => jws.validateJarmResponse(encrypted, jwks, { ...o, decryptionKey: clientJwk }), jws.JOSENotSupported, { tinyjoseCode: 'unsupported' });
  });
});

// -------------------------------------------------------------------------------------------
// The errors' table

test('the new codes have their classes', async () => {
  const { CODE_CLASSES, UNMAPPED_CODES } = await import('../js/failure.mjs');
  assert.deepEqual(UNMAPPED_CODES, []);
  assert.equal(CODE_CLASSES.claim_mismatch, 'JWTClaimValidationFailed');
  assert.equal(CODE_CLASSES.replayed, 'JWTClaimValidationFailed');
  assert.equal(CODE_CLASSES.encryption_required, 'JWEInvalid');
});

test('createJtiCache: once per jti, bounded', () => {
  const fresh = createJtiCache({ maxEntries: 2 });
  assert.deepEqual(['a', 'a', 'b', 'c'].map(fresh), [true, false, true, false]);
  assert.throws(() => createJtiCache({ maxEntries: 0 }), { name: 'TypeError', message: '"maxEntries" option must be a positive integer' });
});
