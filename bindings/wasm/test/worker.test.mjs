// The package in workerd (the Cloudflare Workers runtime), run through miniflare: the worker in
// test/worker/worker.mjs imports js/workerd.mjs, whose .wasm is loaded as a CompiledWasm module,
// and answers each request according to the bearer JWT it carries. Tokens are signed here with
// the `jose` package (so ES256 signatures may be high-S: the worker passes ecdsaHighS, except
// under /low-s); the worker gets the public JWK as a JSON binding.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { Miniflare } from 'miniflare';

import { ecdsaForms } from './node-helpers.mjs';
import { makeCertificate, startJwksServer } from './remote-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./worker/worker.mjs', import.meta.url));
const ISSUER = 'urn:tinyjose:test';
const COOLDOWN = 500;

describe('edge worker (workerd via miniflare)', () => {
  let mf;
  let privateKey;
  let rsaPrivateKey;
  // The remote JWK Set: an HTTPS server whose certificate (made by openssl for this run) workerd
  // trusts through the network's tlsOptions, and a plain HTTP one for allowHttp.
  let tls;
  let secure;
  let plain;
  const jweSecret = crypto.getRandomValues(new Uint8Array(32));
  const now = Math.floor(Date.now() / 1000);

  const sign = (claims, { iat = now, exp = now + 600, iss = ISSUER, key = privateKey, alg = 'ES256' } = {}) =>
    new jose.SignJWT(claims).setProtectedHeader({ alg }).setIssuer(iss).setIssuedAt(iat).setExpirationTime(exp).sign(key);

  /** Dispatches a request and returns its status, JSON body and WWW-Authenticate header. */
  async function request(authorization, path = '/') {
    const response = await mf.dispatchFetch(`http://localhost${path}`, { headers: authorization ? { authorization } : {} });
    return {
      status: response.status,
      body: await response.json(),
      challenge: response.headers.get('www-authenticate'),
    };
  }

  before(async () => {
    let publicKey;
    ({ publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true }));
    const rsa = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    rsaPrivateKey = rsa.privateKey;
    tls = makeCertificate();
    secure = await startJwksServer(tls);
    plain = await startJwksServer();
    mf = new Miniflare({
      modules: true,
      scriptPath: SCRIPT,
      // The worker imports ../../js/workerd.mjs, so the module names are taken from the package root.
      modulesRoot: ROOT,
      // pkg/tinyjose_wasm.js is an ES module (the package is "type": "module"), but miniflare's
      // default rules would load a .js file as CommonJS.
      modulesRules: [
        { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
        { type: 'CompiledWasm', include: ['**/*.wasm'] },
      ],
      compatibilityDate: '2025-01-01',
      bindings: {
        PUBLIC_JWK: await jose.exportJWK(publicKey), RSA_PUBLIC_JWK: await jose.exportJWK(rsa.publicKey), ISSUER,
        JWE_SECRET: Buffer.from(jweSecret).toString('base64url'),
        REMOTE_COOLDOWN: String(COOLDOWN),
      },
      // The worker's fetch reaches the test's servers on 127.0.0.1, and trusts their certificate.
      outboundService: { network: { allow: ['public', 'private'], tlsOptions: { trustedCertificates: [tls.cert] } } },
    });
    await mf.ready;
  });

  after(async () => {
    await mf?.dispose();
    await secure?.close();
    await plain?.close();
    tls?.dispose();
  });

  test('valid token → 200 with its claims', async () => {
    const token = await sign({ sub: 'alice', roles: ['admin'] });
    assert.deepEqual(await request(`Bearer ${token}`), {
      status: 200,
      body: { claims: { sub: 'alice', roles: ['admin'], iss: ISSUER, iat: now, exp: now + 600 } },
      challenge: null,
    });
  });

  test('RS256 token → 200 with its claims; tampered, or ES256 on the RS256 route → 401', async () => {
    const token = await sign({ sub: 'bob' }, { key: rsaPrivateKey, alg: 'RS256' });
    assert.deepEqual(await request(`Bearer ${token}`, '/rs256'), {
      status: 200,
      body: { claims: { sub: 'bob', iss: ISSUER, iat: now, exp: now + 600 } },
      challenge: null,
    });
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    assert.deepEqual((await request(`Bearer ${tampered}`, '/rs256')).body, {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature',
    });
    assert.deepEqual((await request(`Bearer ${await sign({ sub: 'bob' })}`, '/rs256')).body, {
      code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_not_allowed',
    });
  });

  test('ES256 without ecdsaHighS (/low-s): the low-S form of a jose token → 200, its high-S form → 401 invalid_signature', async () => {
    const { low, high } = ecdsaForms(await sign({ sub: 'dave' }));
    const claims = { sub: 'dave', iss: ISSUER, iat: now, exp: now + 600 };
    assert.deepEqual(await request(`Bearer ${low}`, '/low-s'), { status: 200, body: { claims }, challenge: null });
    assert.deepEqual(await request(`Bearer ${high}`, '/low-s'), {
      status: 401,
      body: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
      challenge: 'Bearer error="invalid_token"',
    });
    // With ecdsaHighS (any other path), both forms are accepted.
    for (const token of [low, high]) {
      assert.deepEqual(await request(`Bearer ${token}`), { status: 200, body: { claims }, challenge: null });
    }
  });

  test('expired token → 401 ERR_JWT_EXPIRED / expired', async () => {
    const token = await sign({ sub: 'alice' }, { iat: now - 7200, exp: now - 3600 });
    assert.deepEqual(await request(`Bearer ${token}`), {
      status: 401,
      body: { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired' },
      challenge: 'Bearer error="invalid_token"',
    });
  });

  test('tampered token → 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED / invalid_signature', async () => {
    const token = await sign({ sub: 'alice', admin: false });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'alice', admin: true, iss: ISSUER, iat: now, exp: now + 600 })).toString('base64url');
    assert.deepEqual(await request(`Bearer ${header}.${forged}.${signature}`), {
      status: 401,
      body: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
      challenge: 'Bearer error="invalid_token"',
    });
  });

  test('token signed by another key → 401 ERR_JWS_SIGNATURE_VERIFICATION_FAILED / invalid_signature', async () => {
    const other = await jose.generateKeyPair('ES256');
    const token = await sign({ sub: 'mallory' }, { key: other.privateKey });
    assert.deepEqual((await request(`Bearer ${token}`)).body, {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature',
    });
  });

  test('wrong issuer → 401 ERR_JWT_CLAIM_VALIDATION_FAILED / issuer_mismatch', async () => {
    const token = await sign({ sub: 'alice' }, { iss: 'urn:someone-else' });
    assert.deepEqual(await request(`Bearer ${token}`), {
      status: 401,
      body: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', tinyjoseCode: 'issuer_mismatch' },
      challenge: 'Bearer error="invalid_token"',
    });
  });

  test('malformed token → 401 ERR_JWS_INVALID / malformed', async () => {
    assert.deepEqual(await request('Bearer not.a-token'), {
      status: 401,
      body: { code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed' },
      challenge: 'Bearer error="invalid_token"',
    });
  });

  test('missing Authorization header → 401 missing_token', async () => {
    assert.deepEqual(await request(undefined), { status: 401, body: { error: 'missing_token' }, challenge: 'Bearer' });
  });

  test('non-bearer Authorization header → 401 missing_token', async () => {
    assert.deepEqual(await request('Basic YWxpY2U6c2VjcmV0'), { status: 401, body: { error: 'missing_token' }, challenge: 'Bearer' });
  });

  test('a JWT encrypted by jose (A256KW, A128CBC-HS256) decrypts in workerd; tampered → 401 ERR_JWE_DECRYPTION_FAILED', async () => {
    const token = await new jose.EncryptJWT({ sub: 'carol' }).setProtectedHeader({ alg: 'A256KW', enc: 'A128CBC-HS256' })
      .setIssuer(ISSUER).setIssuedAt(now).setExpirationTime(now + 600).encrypt(jweSecret);
    const post = async (body) => {
      const response = await mf.dispatchFetch('http://localhost/decrypt', { method: 'POST', body });
      return { status: response.status, body: await response.json() };
    };
    assert.deepEqual(await post(token), {
      status: 200,
      body: { claims: { sub: 'carol', iss: ISSUER, iat: now, exp: now + 600 }, header: { alg: 'A256KW', enc: 'A128CBC-HS256' } },
    });
    const tag = token.slice(token.lastIndexOf('.') + 1);
    const tampered = `${token.slice(0, token.lastIndexOf('.') + 1)}${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    assert.deepEqual(await post(tampered), { status: 401, body: { code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed' } });
  });

  test('signing and verifying inside workerd (EdDSA, HS256 expired)', async () => {
    assert.deepEqual(await request(undefined, '/self-test'), {
      status: 200,
      body: { eddsa: 'workerd', expired: { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired' } },
      challenge: null,
    });
  });

  describe('createRemoteJWKSet in workerd', () => {
    const keys = {};
    const tokens = {};
    const remote = async (token, jwks, allowHttp = false) => {
      const query = new URLSearchParams({ jwks, ...(allowHttp ? { allowHttp: '1' } : {}) });
      return request(`Bearer ${token}`, `/remote?${query}`);
    };

    before(async () => {
      for (const kid of ['k1', 'k2']) {
        const pair = await jose.generateKeyPair('ES256', { extractable: true });
        keys[kid] = { ...(await jose.exportJWK(pair.publicKey)), kid, alg: 'ES256' };
        tokens[kid] = await new jose.SignJWT({ sub: kid }).setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(ISSUER).setIssuedAt(now).setExpirationTime(now + 600).sign(pair.privateKey);
      }
    });

    test('over HTTPS: fetched once for several requests; a rotated key is picked up after the cooldown', async () => {
      secure.jwks = { keys: [keys.k1] };
      const url = `https://localhost:${secure.port}/jwks`;
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await remote(tokens.k1, url), { status: 200, body: { claims: { sub: 'k1', iss: ISSUER, iat: now, exp: now + 600 } }, challenge: null });
      }
      assert.equal(secure.hits['/jwks'], 1);
      secure.jwks = { keys: [keys.k1, keys.k2] };
      await new Promise((resolve) => setTimeout(resolve, COOLDOWN + 50));
      assert.equal((await remote(tokens.k2, url)).body.claims?.sub, 'k2');
      assert.equal(secure.hits['/jwks'], 2);
      assert.equal((await remote(tokens.k1, url)).body.claims?.sub, 'k1');
      assert.equal(secure.hits['/jwks'], 2);
    });

    test('over HTTP with allowHttp; refused without it; fetch failures with their codes', async () => {
      plain.jwks = { keys: [keys.k2] };
      assert.equal((await remote(tokens.k2, `${plain.origin}/jwks`, true)).body.claims?.sub, 'k2');
      assert.equal(plain.hits['/jwks'], 1);
      const failed = (message) => ({ code: 'ERR_JOSE_GENERIC', tinyjoseCode: 'fetch_failed', message: `JWK Set fetch failed: ${message}` });
      assert.deepEqual((await remote(tokens.k2, `${plain.origin}/jwks`)).body, failed('not an https URL (http only when allowed)'));
      assert.deepEqual((await remote(tokens.k2, `https://localhost:${secure.port}/404`)).body, failed('HTTP status 404'));
      assert.deepEqual((await remote(tokens.k2, `${plain.origin}/big`, true)).body, failed('response body over the size cap'));
      assert.deepEqual((await remote(tokens.k2, `${plain.origin}/jwks`, true)).body.claims?.sub, 'k2');
      assert.deepEqual((await remote(tokens.k1, `${plain.origin}/jwks`, true)).body, {
        code: 'ERR_JWKS_NO_MATCHING_KEY', tinyjoseCode: 'no_matching_key', message: 'no applicable key found in the JSON Web Key Set',
      });
    });
  });
});
