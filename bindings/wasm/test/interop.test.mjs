// Interoperability with the `jose` package: tokens and keys in both directions for every
// algorithm both support, the same claim-validation outcomes on the same inputs, and, pinned one
// by one, the deliberate differences.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';

import * as jose from 'jose';
import * as tj from 'tinyjose';

import { AT, INVALID_SIGNATURE, NOW, SECRET, b64u, ecdsaForms, ecdsaTwin, hmacToken, isHighS, keyPair, utf8, withoutKey } from './node-helpers.mjs';

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const ALGS = ['HS256', 'HS384', 'HS512', ...RSA_ALGS, 'ES256', 'ES384', 'ES512', 'EdDSA'];
const isHmac = (alg) => alg.startsWith('HS');
const isRsa = (alg) => RSA_ALGS.includes(alg);
const isEcdsa = (alg) => alg.startsWith('ES');
/** The option a jose-signed token needs: jose (WebCrypto) does not normalize ECDSA's `s`. */
const highSFor = (alg) => (isEcdsa(alg) ? { ecdsaHighS: true } : {});

/**
 * For a jose-signed ECDSA token: its low-S form verifies by default (`verify(token, options)`
 * gives `expected`), its high-S form is refused as an invalid signature, and verifies with
 * `ecdsaHighS`. Which form jose wrote is read from the signature, not left to chance.
 */
function lowSOnly(token, verify, expected) {
  const { low, high } = ecdsaForms(token);
  assert.equal(isHighS(token), token === high);
  assert.deepEqual(verify(low, {}), expected);
  assert.throws(() => verify(high, {}), INVALID_SIGNATURE);
  assert.deepEqual(verify(high, { ecdsaHighS: true }), expected);
}

/** The PEM (SPKI, or PKCS#8 with `d`) of an asymmetric JWK, written by node:crypto. */
function pemOf(jwk) {
  return jwk.d === undefined
    ? createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })
    : createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
}
const at = (seconds) => new Date(seconds * 1000);

/** A jose key pair (or secret) for `alg`, with its JWKs. */
async function joseKeys(alg) {
  if (isHmac(alg)) {
    const secret = await jose.generateSecret(alg, { extractable: true });
    const jwk = await jose.exportJWK(secret);
    return { signKey: secret, verifyKey: secret, publicJwk: jwk, privateJwk: jwk };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { signKey: privateKey, verifyKey: publicKey, publicJwk: await jose.exportJWK(publicKey), privateJwk: await jose.exportJWK(privateKey) };
}

const rsaPairs = new Map();

/** A tinyjose key pair (or secret) for `alg`, with its JWKs. RSA pairs, slow to generate, are
 * generated once per algorithm. */
function tinyjoseKeys(alg) {
  if (isHmac(alg)) {
    const secret = tj.generateSecret(alg);
    return { signKey: secret, verifyKey: secret, publicJwk: tj.exportJWK(secret), privateJwk: tj.exportJWK(secret) };
  }
  if (isRsa(alg) && rsaPairs.has(alg)) return rsaPairs.get(alg);
  const { publicKey, privateKey } = tj.generateKeyPair(alg);
  const keys = { signKey: privateKey, verifyKey: publicKey, publicJwk: tj.exportJWK(publicKey), privateJwk: tj.exportJWK(privateKey) };
  if (isRsa(alg)) rsaPairs.set(alg, keys);
  return keys;
}

const CLAIMS = {
  iss: 'https://idp.example', sub: 'user-1', aud: ['api', 'web'], jti: 'id-1', iat: NOW - 10, nbf: NOW - 10, exp: NOW + 600,
  scope: 'read write', 'https://example.com/claims': { roles: ['admin'], n: 1.5, ok: true, none: null }, name: 'Zoé ✓',
};
const VERIFY_OPTIONS = {
  currentDate: AT, issuer: 'https://idp.example', audience: 'api', subject: 'user-1', typ: 'JWT', maxTokenAge: '1 min',
  requiredClaims: ['jti', 'scope'],
};

/** The outcome of a verification, in the same terms for both libraries. */
function outcomeOf(result, error) {
  if (!error) return { ok: { payload: result.payload, protectedHeader: result.protectedHeader } };
  const { name, code, claim, reason } = error;
  if (code === undefined) return { name: error.constructor.name };
  return claim === undefined ? { name, code } : { name, code, claim, reason };
}

function tinyjoseOutcome(fn) {
  try {
    return outcomeOf(fn());
  } catch (e) {
    return outcomeOf(undefined, e);
  }
}

async function joseOutcome(fn) {
  try {
    return outcomeOf(await fn());
  } catch (e) {
    return outcomeOf(undefined, e);
  }
}

/** Both libraries' outcomes for `token` with `options` and each its key. */
async function both(token, options, keys = { tinyjose: SECRET, jose: SECRET }) {
  return {
    tinyjose: tinyjoseOutcome(() => tj.jwtVerify(token, keys.tinyjose, options)),
    jose: await joseOutcome(() => jose.jwtVerify(token, keys.jose, options)),
  };
}

// ---------------------------------------------------------------------------------------------

describe('tokens and keys, both ways', () => {
  for (const alg of ALGS) {
    describe(alg, () => {
      test('signed by jose, verified by tinyjose with the same payload and header', async () => {
        const keys = await joseKeys(alg);
        const token = await new jose.SignJWT(CLAIMS).setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).sign(keys.signKey);
        const expected = { payload: CLAIMS, protectedHeader: { alg, kid: 'k1', typ: 'JWT' } };
        assert.deepEqual(await jose.jwtVerify(token, keys.verifyKey, VERIFY_OPTIONS), expected);
        const forms = {
          jwk: keys.publicJwk,
          'imported key': tj.importJWK(keys.publicJwk, alg),
          'jwk set': { keys: [{ ...keys.publicJwk, kid: 'k1' }] },
          'local jwk set': tj.createLocalJWKSet({ keys: [{ ...keys.publicJwk, kid: 'k1', alg }] }),
        };
        if (!isHmac(alg)) forms['importSPKI of jose.exportSPKI'] = tj.importSPKI(await jose.exportSPKI(keys.verifyKey), alg);
        for (const [name, key] of Object.entries(forms)) {
          assert.deepEqual(withoutKey(tj.jwtVerify(token, key, { ...VERIFY_OPTIONS, algorithms: [alg], ...highSFor(alg) })), expected, name);
        }
        // Raw bytes through CompactSign and compactVerify.
        const bytes = Uint8Array.from([0, 255, 1, 254, 10, 13]);
        const jws = await new jose.CompactSign(bytes).setProtectedHeader({ alg }).sign(keys.signKey);
        assert.deepEqual(tj.compactVerify(jws, keys.publicJwk, highSFor(alg)), { payload: bytes, protectedHeader: { alg } });
        if (isEcdsa(alg)) {
          // Without ecdsaHighS, only the low-S form of jose's signature verifies.
          lowSOnly(token, (t, o) => tj.jwtVerify(t, keys.publicJwk, { ...VERIFY_OPTIONS, ...o }), expected);
          lowSOnly(jws, (t, o) => tj.compactVerify(t, keys.publicJwk, o), { payload: bytes, protectedHeader: { alg } });
        }
      });

      test('signed by tinyjose, verified by jose with the same payload and header', async () => {
        const keys = tinyjoseKeys(alg);
        const token = new tj.SignJWT(CLAIMS).setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).sign(keys.signKey);
        const expected = { payload: CLAIMS, protectedHeader: { alg, kid: 'k1', typ: 'JWT' } };
        assert.deepEqual(tj.jwtVerify(token, keys.verifyKey, VERIFY_OPTIONS), expected);
        const joseKey = isHmac(alg) ? keys.verifyKey : await jose.importJWK(keys.publicJwk, alg);
        assert.deepEqual(await jose.jwtVerify(token, joseKey, { ...VERIFY_OPTIONS, algorithms: [alg] }), expected);
        if (!isHmac(alg)) {
          // jose's JWK Sets hold asymmetric keys only.
          const set = jose.createLocalJWKSet({ keys: [{ ...keys.publicJwk, kid: 'k1' }] });
          const { payload, protectedHeader } = await jose.jwtVerify(token, set, VERIFY_OPTIONS);
          assert.deepEqual({ payload, protectedHeader }, expected);
        }
        if (!isHmac(alg)) {
          // The public key as PEM, the way a jose deployment would configure it.
          const pemKey = await jose.importSPKI(pemOf(keys.publicJwk), alg);
          const { payload, protectedHeader } = await jose.jwtVerify(token, pemKey, VERIFY_OPTIONS);
          assert.deepEqual({ payload, protectedHeader }, expected);
        }
        const bytes = Uint8Array.from([0, 255, 1, 254, 10, 13]);
        const jws = new tj.CompactSign(bytes).setProtectedHeader({ alg }).sign(keys.signKey);
        assert.deepEqual(await jose.compactVerify(jws, joseKey), { payload: bytes, protectedHeader: { alg } });
      });

      test('private JWKs cross over: each library signs with the other\'s key', async () => {
        const theirs = await joseKeys(alg);
        const mine = tinyjoseKeys(alg);
        // jose's private JWK signs in tinyjose; jose verifies with its own key.
        const fromTinyjose = new tj.SignJWT({ by: 'tinyjose' }).setProtectedHeader({ alg }).sign(tj.importJWK(theirs.privateJwk, alg));
        assert.deepEqual((await jose.jwtVerify(fromTinyjose, theirs.verifyKey)).payload, { by: 'tinyjose' });
        // tinyjose's private JWK signs in jose; tinyjose verifies with its own key.
        const joseSigner = await jose.importJWK(mine.privateJwk, alg);
        const fromJose = await new jose.SignJWT({ by: 'jose' }).setProtectedHeader({ alg }).sign(joseSigner);
        assert.deepEqual(tj.jwtVerify(fromJose, mine.verifyKey, highSFor(alg)).payload, { by: 'jose' });
        // The exported JWKs have the same members.
        assert.deepEqual(Object.keys(mine.privateJwk).sort(), Object.keys(theirs.privateJwk).sort());
        assert.deepEqual(Object.keys(mine.publicJwk).sort(), Object.keys(theirs.publicJwk).sort());
      });

      if (!isHmac(alg)) {
        test('private PEM keys cross over: PKCS#8 from each library signs in the other', async () => {
          const theirs = await joseKeys(alg);
          const mine = tinyjoseKeys(alg);
          const signer = tj.importPKCS8(await jose.exportPKCS8(theirs.signKey), alg);
          const fromTinyjose = new tj.SignJWT({ by: 'tinyjose' }).setProtectedHeader({ alg }).sign(signer);
          assert.deepEqual((await jose.jwtVerify(fromTinyjose, theirs.verifyKey)).payload, { by: 'tinyjose' });
          const joseSigner = await jose.importPKCS8(pemOf(mine.privateJwk), alg);
          const fromJose = await new jose.SignJWT({ by: 'jose' }).setProtectedHeader({ alg }).sign(joseSigner);
          assert.deepEqual(tj.jwtVerify(fromJose, tj.importSPKI(pemOf(mine.publicJwk), alg), highSFor(alg)).payload, { by: 'jose' });
        });
      }

      test('the same RFC 7638 thumbprints', async () => {
        for (const { publicJwk, privateJwk } of [await joseKeys(alg), tinyjoseKeys(alg)]) {
          const expected = await jose.calculateJwkThumbprint(publicJwk, 'sha256');
          assert.equal(tj.calculateJwkThumbprint(publicJwk), expected);
          assert.equal(tj.calculateJwkThumbprint(privateJwk), expected);
          if (!isHmac(alg)) assert.equal(tj.calculateJwkThumbprint(tj.importJWK(publicJwk, alg)), expected);
        }
      });

      // HMAC, RSASSA-PKCS1-v1_5 and Ed25519 signatures are deterministic.
      if (isHmac(alg) || alg.startsWith('RS') || alg === 'EdDSA') {
        test('deterministic: both libraries write the very same token', async () => {
          const keys = await joseKeys(alg);
          const header = { alg, kid: 'k1', typ: 'JWT' };
          const joseToken = await new jose.SignJWT(CLAIMS).setProtectedHeader(header).sign(keys.signKey);
          const signKey = isHmac(alg) ? Buffer.from(keys.privateJwk.k, 'base64url') : keys.privateJwk;
          assert.equal(new tj.SignJWT(CLAIMS).setProtectedHeader(header).sign(signKey), joseToken);
          assert.equal(new tj.SignJWT(CLAIMS).setProtectedHeader(header).sign(tj.importJWK(keys.privateJwk, alg)), joseToken);
        });
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------

const OK = (payload, protectedHeader = { alg: 'HS256', typ: 'JWT' }) => ({ ok: { payload, protectedHeader } });
const EXPIRED = (claim = 'exp') => ({ name: 'JWTExpired', code: 'ERR_JWT_EXPIRED', claim, reason: 'check_failed' });
const FAILED = (claim, reason = 'check_failed') => ({ name: 'JWTClaimValidationFailed', code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason });

/** [name, claims, options (at NOW), expected outcome, header] */
const CLAIM_CASES = [
  ['valid, every option', CLAIMS, { ...VERIFY_OPTIONS, algorithms: ['HS256'], clockTolerance: 5 }, OK(CLAIMS)],
  ['expired', { exp: NOW - 1 }, {}, EXPIRED()],
  ['expired at exactly exp', { exp: NOW }, {}, EXPIRED()],
  ['valid until exp', { exp: NOW + 1 }, {}, OK({ exp: NOW + 1 })],
  ['not yet valid', { nbf: NOW + 1 }, {}, FAILED('nbf')],
  ['valid from exactly nbf', { nbf: NOW }, {}, OK({ nbf: NOW })],
  ['wrong issuer', { iss: 'https://evil' }, { issuer: 'https://idp' }, FAILED('iss')],
  ['wrong issuer, several expected', { iss: 'https://evil' }, { issuer: ['https://idp', 'https://other'] }, FAILED('iss')],
  ['issuer among several expected', { iss: 'https://other' }, { issuer: ['https://idp', 'https://other'] }, OK({ iss: 'https://other' })],
  ['missing issuer', {}, { issuer: 'https://idp' }, FAILED('iss', 'missing')],
  ['wrong audience', { aud: 'web' }, { audience: 'api' }, FAILED('aud')],
  ['wrong audience, lists on both sides', { aud: ['x', 'y'] }, { audience: ['api', 'web'] }, FAILED('aud')],
  ['audience in the token\'s list', { aud: ['x', 'api'] }, { audience: 'api' }, OK({ aud: ['x', 'api'] })],
  ['audience among several expected', { aud: 'web' }, { audience: ['api', 'web'] }, OK({ aud: 'web' })],
  ['missing audience', {}, { audience: 'api' }, FAILED('aud', 'missing')],
  ['wrong subject', { sub: 'user-2' }, { subject: 'user-1' }, FAILED('sub')],
  ['missing subject', {}, { subject: 'user-1' }, FAILED('sub', 'missing')],
  ['wrong typ', {}, { typ: 'at+jwt' }, FAILED('typ')],
  ['missing typ', {}, { typ: 'JWT' }, FAILED('typ'), { alg: 'HS256' }],
  ['typ with the application/ prefix', {}, { typ: 'JWT' }, OK({}, { alg: 'HS256', typ: 'application/jwt' }), { alg: 'HS256', typ: 'application/jwt' }],
  ['missing required registered claim', { sub: 'a' }, { requiredClaims: ['jti'] }, FAILED('jti', 'missing')],
  ['missing required unregistered claim', { sub: 'a' }, { requiredClaims: ['sub', 'scope'] }, FAILED('scope', 'missing')],
  ['required claims present', { sub: 'a', scope: 'x' }, { requiredClaims: ['sub', 'scope'] }, OK({ sub: 'a', scope: 'x' })],
  ['maxTokenAge exceeded (seconds)', { iat: NOW - 61 }, { maxTokenAge: 60 }, EXPIRED('iat')],
  ['maxTokenAge exceeded (time span)', { iat: NOW - 3601 }, { maxTokenAge: '1h' }, EXPIRED('iat')],
  ['maxTokenAge met', { iat: NOW - 60 }, { maxTokenAge: 60 }, OK({ iat: NOW - 60 })],
  ['maxTokenAge without iat', {}, { maxTokenAge: 60 }, FAILED('iat', 'missing')],
  ['maxTokenAge with iat in the future', { iat: NOW + 10 }, { maxTokenAge: 60 }, FAILED('iat')],
  ['maxTokenAge rescued by clockTolerance', { iat: NOW - 70 }, { maxTokenAge: 60, clockTolerance: 10 }, OK({ iat: NOW - 70 })],
  ['clockTolerance rescuing an expired token (seconds)', { exp: NOW - 29 }, { clockTolerance: 30 }, OK({ exp: NOW - 29 })],
  ['clockTolerance rescuing an expired token (time span)', { exp: NOW - 29 }, { clockTolerance: '30s' }, OK({ exp: NOW - 29 })],
  ['clockTolerance too small', { exp: NOW - 30 }, { clockTolerance: '30 seconds' }, EXPIRED()],
  ['clockTolerance rescuing nbf', { nbf: NOW + 30 }, { clockTolerance: '30 s' }, OK({ nbf: NOW + 30 })],
  ['exp not a number', { exp: 'soon' }, {}, FAILED('exp', 'invalid')],
  ['nbf not a number', { nbf: true }, {}, FAILED('nbf', 'invalid')],
  ['iat not a number, with maxTokenAge', { iat: '1' }, { maxTokenAge: 60 }, FAILED('iat', 'invalid')],
  ['issuer of the wrong type, with issuer', { iss: 5 }, { issuer: 'https://idp' }, FAILED('iss')],
  ['an empty issuer list', { iss: 'a' }, { issuer: [] }, FAILED('iss')],
  ['an empty audience list', { aud: 'a' }, { audience: [] }, FAILED('aud')],
  ['missing issuer and a missing required claim: iss first', {}, { issuer: 'a', requiredClaims: ['scope'] }, FAILED('iss', 'missing')],
  ['wrong issuer and expired: iss first', { iss: 'x', exp: NOW - 1 }, { issuer: 'a' }, FAILED('iss')],
];

describe('the same claim-validation outcomes on the same inputs', () => {
  for (const [name, claims, options, expected, header = { alg: 'HS256', typ: 'JWT' }] of CLAIM_CASES) {
    test(name, async () => {
      const token = await new jose.SignJWT(claims).setProtectedHeader(header).sign(SECRET);
      const { tinyjose, jose: reference } = await both(token, { currentDate: AT, ...options });
      assert.deepEqual(reference, expected, 'jose');
      assert.deepEqual(tinyjose, expected, 'tinyjose');
    });
  }

  test('the claims set on claim errors is the token\'s', async () => {
    const token = await new jose.SignJWT({ exp: NOW - 1, sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    const caught = [];
    try { tj.jwtVerify(token, SECRET, { currentDate: AT }); } catch (e) { caught.push(e.payload); }
    try { await jose.jwtVerify(token, SECRET, { currentDate: AT }); } catch (e) { caught.push(e.payload); }
    assert.deepEqual(caught, [{ exp: NOW - 1, sub: 'a' }, { exp: NOW - 1, sub: 'a' }]);
  });
});

describe('the same refusals of tokens and keys', () => {
  test('a payload that is not a JSON object', async () => {
    for (const text of ['[1]', '"text"', 'not json']) {
      const token = await new jose.CompactSign(utf8(text)).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
      const { tinyjose, jose: reference } = await both(token, {});
      assert.deepEqual(reference, { name: 'JWTInvalid', code: 'ERR_JWT_INVALID' });
      assert.deepEqual(tinyjose, reference);
    }
  });

  test('a tampered signature or payload, a wrong key', async () => {
    const token = await new jose.SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    const [h, , s] = token.split('.');
    const expected = { name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' };
    for (const [forged, key] of [[`${h}.${b64u('{"sub":"b"}')}.${s}`, SECRET], [token, new Uint8Array(32).fill(9)]]) {
      const { tinyjose, jose: reference } = await both(forged, {}, { tinyjose: key, jose: key });
      assert.deepEqual(reference, expected);
      assert.deepEqual(tinyjose, expected);
    }
  });

  test('a tampered RSA signature or payload, a wrong RSA key', async () => {
    const expected = { name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' };
    for (const alg of ['RS256', 'PS256']) {
      const keys = await joseKeys(alg);
      const token = await new jose.SignJWT({ sub: 'a' }).setProtectedHeader({ alg }).sign(keys.signKey);
      const [h, p, s] = token.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[sig.length - 1] ^= 1;
      const other = (await joseKeys(alg)).publicJwk;
      for (const [forged, jwk] of [[`${h}.${p}.${b64u(sig)}`, keys.publicJwk], [`${h}.${b64u('{"sub":"b"}')}.${s}`, keys.publicJwk], [token, other]]) {
        const { tinyjose, jose: reference } = await both(forged, {}, { tinyjose: tj.importJWK(jwk, alg), jose: await jose.importJWK(jwk, alg) });
        assert.deepEqual(reference, expected, alg);
        assert.deepEqual(tinyjose, expected, alg);
      }
    }
  });

  test('an algorithm outside `algorithms`, or an empty `algorithms`', async () => {
    const token = await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    for (const algorithms of [['HS384', 'ES256'], []]) {
      const { tinyjose, jose: reference } = await both(token, { algorithms });
      assert.deepEqual(reference, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
      assert.deepEqual(tinyjose, reference);
    }
  });

  test('alg none: not supported, whatever `algorithms` says', async () => {
    const unsecured = new jose.UnsecuredJWT({ sub: 'a' }).encode();
    assert.deepEqual(jose.UnsecuredJWT.decode(unsecured).payload, { sub: 'a' });
    for (const options of [{}, { algorithms: ['none'] }]) {
      const { tinyjose, jose: reference } = await both(unsecured, options);
      assert.deepEqual(reference, { name: 'JOSENotSupported', code: 'ERR_JOSE_NOT_SUPPORTED' });
      assert.deepEqual(tinyjose, reference);
    }
    assert.throws(() => tj.jwtVerify(unsecured, SECRET), {
      name: 'JOSENotSupported', tinyjoseCode: 'alg_none', message: 'alg none is not supported either by JOSE or your javascript runtime',
    });
  });

  test('malformed tokens', async () => {
    for (const token of ['a.b', 'a.b.c.d', 'not a token', '']) {
      const { tinyjose, jose: reference } = await both(token, {});
      assert.deepEqual(reference, { name: 'JWSInvalid', code: 'ERR_JWS_INVALID' }, token);
      assert.deepEqual(tinyjose, reference, token);
    }
  });

  test('an unknown critical header parameter', async () => {
    const { tinyjose, jose: reference } = await both(hmacToken({ alg: 'HS256', crit: ['x-ext'], 'x-ext': 1 }, {}), {});
    assert.deepEqual(reference, { name: 'JOSENotSupported', code: 'ERR_JOSE_NOT_SUPPORTED' });
    assert.deepEqual(tinyjose, reference);
  });

  test('JWK Sets: an unknown kid, two matching keys', async () => {
    const a = await joseKeys('ES256');
    const b = await joseKeys('ES256');
    const jwks = { keys: [{ ...a.publicJwk, kid: 'a' }, { ...b.publicJwk, kid: 'b' }] };
    const keys = { tinyjose: tj.createLocalJWKSet(jwks), jose: jose.createLocalJWKSet(jwks) };
    const unknown = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'z' }).sign(a.signKey);
    let { tinyjose, jose: reference } = await both(unknown, {}, keys);
    assert.deepEqual(reference, { name: 'JWKSNoMatchingKey', code: 'ERR_JWKS_NO_MATCHING_KEY' });
    assert.deepEqual(tinyjose, reference);
    // Without kid, jose throws JWKSMultipleMatchingKeys (and leaves trying to the caller);
    // tinyjose tries each key of the algorithm in order, as every layer of it does.
    const anonymous = ecdsaForms(await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(a.signKey)).low;
    ({ tinyjose, jose: reference } = await both(anonymous, {}, keys));
    assert.deepEqual(reference, { name: 'JWKSMultipleMatchingKeys', code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' });
    assert.deepEqual(tinyjose, OK({}, { alg: 'ES256' }));
    const named = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'a' }).sign(a.signKey);
    ({ tinyjose, jose: reference } = await both(named, { ecdsaHighS: true }, keys));
    assert.deepEqual(reference, OK({}, { alg: 'ES256', kid: 'a' }));
    assert.deepEqual(tinyjose, reference);
    // By default, the key chosen by kid verifies the low-S form of jose's signature only.
    const { low, high } = ecdsaForms(named);
    ({ tinyjose, jose: reference } = await both(low, {}, keys));
    assert.deepEqual(tinyjose, OK({}, { alg: 'ES256', kid: 'a' }));
    assert.deepEqual(tinyjose, reference);
    ({ tinyjose, jose: reference } = await both(high, {}, keys));
    assert.deepEqual(reference, OK({}, { alg: 'ES256', kid: 'a' }));
    assert.deepEqual(tinyjose, { name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  test('a negative or non-finite maxTokenAge: the same TypeError', async () => {
    const token = await new jose.SignJWT({ iat: NOW }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    for (const maxTokenAge of [-1, -0.5, '-1h', '1 hour ago', Number.NaN, Number.POSITIVE_INFINITY]) {
      const options = { currentDate: AT, maxTokenAge };
      const theirs = await jose.jwtVerify(token, SECRET, options).then(() => undefined, (e) => e);
      let mine;
      try {
        tj.jwtVerify(token, SECRET, options);
      } catch (e) {
        mine = e;
      }
      assert.deepEqual([theirs?.constructor, theirs?.message], [TypeError, 'Invalid maxTokenAge option input'], `jose ${maxTokenAge}`);
      assert.deepEqual([mine?.constructor, mine?.message], [TypeError, 'Invalid maxTokenAge option input'], `tinyjose ${maxTokenAge}`);
    }
    const { tinyjose, jose: reference } = await both(token, { currentDate: AT, maxTokenAge: 0 });
    assert.deepEqual(reference, OK({ iat: NOW }, { alg: 'HS256' }));
    assert.deepEqual(tinyjose, reference);
  });

  test('time spans: the same seconds for the same text', async () => {
    for (const span of ['2h', '30 s', '1 day', '-1h', '2 weeks ago', '+5 minutes', '1.5 hours', '1 year', '3 HOURS', '1 week from now']) {
      const before = Math.floor(Date.now() / 1000);
      const theirs = jose.decodeJwt(await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(span).sign(SECRET)).exp;
      const mine = tj.decodeJwt(new tj.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(span).sign(SECRET)).exp;
      const after = Math.floor(Date.now() / 1000);
      assert.ok(Math.abs(mine - theirs) <= after - before, `${span}: ${mine} vs ${theirs}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The differences, each pinned: what jose does, what tinyjose does instead.

describe('deliberate differences from jose', () => {
  const sign = (claims, header = { alg: 'HS256' }, key = SECRET) => new jose.SignJWT(claims).setProtectedHeader(header).sign(key);

  test('difference (aud-by-default): a token carrying aud is refused unless an audience is configured', async () => {
    const { tinyjose, jose: reference } = await both(await sign({ aud: 'api' }), { currentDate: AT });
    assert.deepEqual(reference, OK({ aud: 'api' }, { alg: 'HS256' }));
    assert.deepEqual(tinyjose, FAILED('aud'));
    assert.throws(() => tj.jwtVerify(hmacToken({ alg: 'HS256' }, { aud: 'api' }), SECRET), { tinyjoseCode: 'audience_mismatch' });
    // With the audience configured, both accept.
    const configured = await both(await sign({ aud: 'api' }), { currentDate: AT, audience: 'api' });
    assert.deepEqual(configured.tinyjose, configured.jose);
  });

  test('difference (iat-future): an iat in the future is refused even without maxTokenAge', async () => {
    const token = await sign({ iat: NOW + 60 });
    let { tinyjose, jose: reference } = await both(token, { currentDate: AT });
    assert.deepEqual(reference, OK({ iat: NOW + 60 }, { alg: 'HS256' }));
    assert.deepEqual(tinyjose, FAILED('iat'));
    // Within the clock tolerance, both accept.
    ({ tinyjose, jose: reference } = await both(token, { currentDate: AT, clockTolerance: 60 }));
    assert.deepEqual(tinyjose, reference);
  });

  test('difference (ecdsa-low-s): ECDSA signatures are accepted in low-S form only; ecdsaHighS accepts jose\'s high-S', async () => {
    // ECDSA is malleable: (r, s) and (r, n - s) both verify, so anyone holding a token could mint
    // a second valid token string. tinyjose accepts one of the two (s <= n/2) unless asked.
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = await jose.exportJWK(publicKey);
    const token = await new jose.SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const twin = ecdsaTwin(token);
    assert.notEqual(twin, token);
    assert.equal(ecdsaTwin(twin), token);
    assert.notEqual(isHighS(token), isHighS(twin));
    const expected = { payload: { sub: 'a' }, protectedHeader: { alg: 'ES256' } };
    for (const candidate of [token, twin]) {
      // jose accepts both signatures, and so does tinyjose with ecdsaHighS.
      const { payload, protectedHeader } = await jose.jwtVerify(candidate, publicKey);
      assert.deepEqual({ payload, protectedHeader }, expected);
      assert.deepEqual(tj.jwtVerify(candidate, jwk, { ecdsaHighS: true }), expected);
      assert.deepEqual(tj.compactVerify(candidate, jwk, { ecdsaHighS: true }).protectedHeader, { alg: 'ES256' });
    }
    // By default, exactly one of the two verifies: the low-S one.
    const verdicts = [token, twin].map((candidate) => {
      try {
        return tj.jwtVerify(candidate, jwk);
      } catch (e) {
        return e;
      }
    });
    const refused = verdicts.filter((v) => v instanceof Error);
    assert.equal(refused.length, 1);
    const [low, high] = isHighS(token) ? [twin, token] : [token, twin];
    assert.deepEqual(verdicts[isHighS(token) ? 1 : 0], expected);
    assert.equal(refused[0].constructor, tj.errors.JWSSignatureVerificationFailed);
    assert.deepEqual(
      [refused[0].name, refused[0].code, refused[0].tinyjoseCode, refused[0].message],
      ['JWSSignatureVerificationFailed', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'invalid_signature', 'signature verification failed'],
    );
    assert.throws(() => tj.compactVerify(high, jwk), INVALID_SIGNATURE);
    assert.throws(() => tj.jwtVerify(high, jwk, { ecdsaHighS: false }), INVALID_SIGNATURE);
    assert.deepEqual(tj.compactVerify(low, jwk).protectedHeader, { alg: 'ES256' });
    assert.throws(() => tj.jwtVerify(low, jwk, { ecdsaHighS: 'yes' }), { name: 'TypeError', message: 'ecdsaHighS must be a boolean' });
    // tinyjose signs in low-S form, whatever the curve.
    for (const alg of ['ES256', 'ES384', 'ES512']) {
      const mine = tj.generateKeyPair(alg);
      for (let i = 0; i < 8; i++) {
        const signed = new tj.SignJWT({ i }).setProtectedHeader({ alg }).sign(mine.privateKey);
        assert.equal(isHighS(signed), false, alg);
        assert.deepEqual(tj.jwtVerify(signed, mine.publicKey).payload, { i });
        assert.throws(() => tj.jwtVerify(ecdsaTwin(signed), mine.publicKey), INVALID_SIGNATURE);
      }
    }
  });

  test('difference (strict-parsing): duplicate JSON member names are refused', async () => {
    let { tinyjose, jose: reference } = await both(hmacToken({ alg: 'HS256' }, '{"sub":"a","sub":"b"}'), {});
    assert.deepEqual(reference, OK({ sub: 'b' }, { alg: 'HS256' }));
    assert.deepEqual(tinyjose, { name: 'JWTInvalid', code: 'ERR_JWT_INVALID' });
    ({ tinyjose, jose: reference } = await both(hmacToken('{"alg":"HS256","kid":"a","kid":"b"}', {}), {}));
    assert.deepEqual(reference, OK({}, { alg: 'HS256', kid: 'b' }));
    assert.deepEqual(tinyjose, { name: 'JWSInvalid', code: 'ERR_JWS_INVALID' });
  });

  test('difference: a JWK bound to another algorithm, or of another type (jose: TypeError, tinyjose: alg not allowed)', async () => {
    const secret64 = new Uint8Array(64).fill(5);
    const hs512 = await sign({}, { alg: 'HS512' }, secret64);
    const bound = { kty: 'oct', k: b64u(secret64), alg: 'HS256' };
    let { tinyjose, jose: reference } = await both(hs512, {}, { tinyjose: bound, jose: bound });
    assert.deepEqual(reference, { name: 'TypeError' });
    assert.deepEqual(tinyjose, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    // An HS256 token against an EC public key.
    const ec = (await joseKeys('ES256')).publicJwk;
    ({ tinyjose, jose: reference } = await both(await sign({}), {}, { tinyjose: ec, jose: ec }));
    assert.deepEqual(reference, { name: 'TypeError' });
    assert.deepEqual(tinyjose, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    // A bare secret serves each HMAC algorithm in both.
    ({ tinyjose, jose: reference } = await both(hs512, {}, { tinyjose: secret64, jose: secret64 }));
    assert.deepEqual(tinyjose, reference);
    assert.deepEqual(tinyjose, OK({}, { alg: 'HS512' }));
  });

  test('difference (rsa-2048): RSA keys under 2048 bits (jose: TypeError when used, tinyjose: JWKInvalid at import)', async () => {
    const small = keyPair('rsa', { modulusLength: 1024 });
    const jwk = small.publicKey.export({ format: 'jwk' });
    const signer = await jose.importPKCS8(small.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'RS256');
    await assert.rejects(new jose.SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(signer),
      { name: 'TypeError', message: 'RS256 requires key modulusLength to be 2048 bits or larger' });
    const joseKey = await jose.importJWK(jwk, 'RS256');
    const token = hmacToken({ alg: 'RS256' }, {});
    await assert.rejects(jose.jwtVerify(token, joseKey), { name: 'TypeError', message: 'RS256 requires key modulusLength to be 2048 bits or larger' });
    assert.throws(() => tj.importJWK(jwk, 'RS256'), {
      name: 'JWKInvalid', code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected',
      message: 'key rejected: too short for the algorithm (an HMAC secret shorter than the hash, an RSA modulus under 2048 bits)',
    });
    assert.throws(() => tj.generateKeyPair('RS256', { modulusLength: 1024 }), { name: 'JOSENotSupported', code: 'ERR_JOSE_NOT_SUPPORTED' });
    await assert.rejects(jose.generateKeyPair('RS256', { modulusLength: 1024 }), { name: 'JOSENotSupported', code: 'ERR_JOSE_NOT_SUPPORTED' });
  });

  test('difference: an HS256 token keyed with an RSA public key\'s PEM (jose: TypeError, tinyjose: alg not allowed)', async () => {
    const keys = await joseKeys('RS256');
    const pem = await jose.exportSPKI(keys.verifyKey);
    const token = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, Buffer.from(pem));
    const { tinyjose, jose: reference } = await both(token, {}, { tinyjose: tj.importSPKI(pem, 'RS256'), jose: await jose.importSPKI(pem, 'RS256') });
    assert.deepEqual(reference, { name: 'TypeError' });
    assert.deepEqual(tinyjose, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    // As a JWK, with or without alg.
    for (const jwk of [keys.publicJwk, { ...keys.publicJwk, alg: 'RS256' }]) {
      const result = await both(token, {}, { tinyjose: jwk, jose: jwk });
      assert.deepEqual(result.tinyjose, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
      assert.notDeepEqual(result.jose, OK({ sub: 'admin' }, { alg: 'HS256' }));
    }
  });

  test('difference (secret-length): HMAC secrets shorter than the hash are refused', async () => {
    const short = new Uint8Array(16).fill(1);
    const token = await sign({ sub: 'a' }, { alg: 'HS256' }, short);
    const { tinyjose, jose: reference } = await both(token, {}, { tinyjose: short, jose: short });
    assert.deepEqual(reference, OK({ sub: 'a' }, { alg: 'HS256' }));
    assert.deepEqual(tinyjose, { name: 'JWKInvalid', code: 'ERR_JWK_INVALID' });
    assert.throws(() => new tj.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(short), { code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected' });
    // A 32-byte secret is too short for HS512: jose accepts it, tinyjose does not serve HS512 with it.
    const hs512 = await sign({}, { alg: 'HS512' }, SECRET);
    const result = await both(hs512, {});
    assert.deepEqual(result.jose, OK({}, { alg: 'HS512' }));
    assert.deepEqual(result.tinyjose, { name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    assert.throws(() => new tj.SignJWT({}).setProtectedHeader({ alg: 'HS512' }).sign(SECRET), { code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected' });
  });

  test('difference (claim-types): registered claims of the wrong type are refused even when not checked', async () => {
    for (const [claims, claim] of [[{ iss: 5 }, 'iss'], [{ sub: ['a'] }, 'sub'], [{ jti: 1 }, 'jti']]) {
      const { tinyjose, jose: reference } = await both(await sign(claims), {});
      assert.deepEqual(reference, OK(claims, { alg: 'HS256' }), claim);
      assert.deepEqual(tinyjose, FAILED(claim, 'invalid'), claim);
      assert.throws(() => tj.jwtVerify(hmacToken({ alg: 'HS256' }, claims), SECRET), {
        tinyjoseCode: 'invalid_claim', message: `"${claim}" claim must be a string`,
      });
    }
    // A checked claim of the wrong type fails its check, as in jose.
    const { tinyjose, jose: reference } = await both(await sign({ aud: 7 }), { audience: 'api' });
    assert.deepEqual(reference, FAILED('aud'));
    assert.deepEqual(tinyjose, reference);
  });

  test('difference (strict-parsing): tokens longer than 16384 bytes are refused', async () => {
    const token = await sign({ data: 'x'.repeat(13000) });
    assert.ok(token.length > 16384);
    const { tinyjose, jose: reference } = await both(token, {});
    assert.deepEqual(reference.ok.payload.data.length, 13000);
    assert.deepEqual(tinyjose, { name: 'JWSInvalid', code: 'ERR_JWS_INVALID' });
  });

  test('difference (synchronous): verification with a key is synchronous; a key function\'s Promise makes it a Promise', async () => {
    const token = await sign({});
    assert.ok(jose.jwtVerify(token, SECRET) instanceof Promise);
    assert.equal(tj.jwtVerify(token, SECRET) instanceof Promise, false);
    // A synchronous key function: jose returns a Promise, tinyjose the result, with the key.
    assert.ok(jose.jwtVerify(token, () => SECRET) instanceof Promise);
    const direct = tj.jwtVerify(token, () => SECRET);
    assert.equal(direct instanceof Promise, false);
    assert.deepEqual(direct, { payload: {}, protectedHeader: { alg: 'HS256' }, key: SECRET });
    // A key function that returns a Promise: both return a Promise of the same result.
    const theirs = jose.jwtVerify(token, async () => SECRET);
    const mine = tj.jwtVerify(token, async () => SECRET);
    assert.ok(theirs instanceof Promise);
    assert.ok(mine instanceof Promise);
    const [a, b] = await Promise.all([theirs, mine]);
    assert.deepEqual(b, { payload: {}, protectedHeader: { alg: 'HS256' }, key: SECRET });
    assert.deepEqual({ ...a, key: new Uint8Array(a.key) }, b);
    // A wrong key from the Promise: the call's Promise rejects with the error.
    await assert.rejects(tj.jwtVerify(token, async () => new Uint8Array(32).fill(9)), INVALID_SIGNATURE);
  });
});
