// The package in a real browser: headless Chromium loads test/browser/index.html from a local
// HTTP server, the page imports /js/browser.mjs (which fetches the .wasm with top-level await)
// and runs test/browser/suite.mjs; each result is read back and compared exactly here.
//
// Tokens signed "elsewhere" are signed here with the `jose` package and handed to the page in
// the query string.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { chromium } from 'playwright-core';

import { ecdsaForms } from './node-helpers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * A static server for the package folder (not node_modules); `requests` records each path and its
 * status. `/remote/jwks.json` is `remote.jwks`, the JWK Set the page fetches with createRemoteJWKSet.
 */
function startServer(remote) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path === '/remote/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
      res.end(JSON.stringify(remote.jwks));
      requests.push({ path, status: 200 });
      return;
    }
    const file = normalize(join(ROOT, path));
    const servable = file.startsWith(ROOT) && !file.split(sep).includes('node_modules')
      && (await stat(file).then((s) => s.isFile(), () => false));
    const status = servable ? 200 : 404;
    if (servable) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(await readFile(file));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
    requests.push({ path, status });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port })));
}

describe('browser (Chromium)', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server;
  let requests;
  let browser;
  let page;
  let results;
  const pageErrors = [];
  const now = Math.floor(Date.now() / 1000);
  let foreignKid;
  let rsaKid;

  const remote = { jwks: { keys: [] } };

  before(async () => {
    ({ server, requests } = await startServer(remote));

    // An ES256 token (with its low-S and high-S forms) and an expired HS256 token, signed by jose.
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = await jose.exportJWK(publicKey);
    foreignKid = await jose.calculateJwkThumbprint(jwk);
    remote.jwks = { keys: [{ ...jwk, kid: foreignKid, alg: 'ES256' }] };
    const token = await new jose.SignJWT({ name: 'from node', scope: ['read', 'write'] })
      .setProtectedHeader({ alg: 'ES256', kid: foreignKid, typ: 'JWT' })
      .setIssuer('urn:node').setSubject('alice')
      .setIssuedAt(now).setExpirationTime(now + 600)
      .sign(privateKey);
    const rsa = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const rsaJwk = await jose.exportJWK(rsa.publicKey);
    rsaKid = await jose.calculateJwkThumbprint(rsaJwk);
    const rsaToken = await new jose.SignJWT({ name: 'rsa from node' })
      .setProtectedHeader({ alg: 'RS256', kid: rsaKid })
      .setIssuedAt(now).setExpirationTime(now + 600)
      .sign(rsa.privateKey);
    // An encrypted JWT from jose: ECDH-ES+A256KW on P-256, A256GCM; the page gets the private JWK.
    const ecdh = await jose.generateKeyPair('ECDH-ES+A256KW', { extractable: true });
    const jweJwk = await jose.exportJWK(ecdh.privateKey);
    const jweToken = await new jose.EncryptJWT({ name: 'encrypted from node' })
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'e1' })
      .setIssuedAt(now).setExpirationTime(now + 600)
      .encrypt(ecdh.publicKey);
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const expiredToken = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now - 7200).setExpirationTime(now - 3600)
      .sign(secret);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
      timeout: 15_000,
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // Errors and warnings (wasm-bindgen warns when it must fall back from streaming compilation).
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(m.text()); });

    const { low: lowS, high: highS } = ecdsaForms(token);
    const query = new URLSearchParams({
      token, lowS, highS, jwk: JSON.stringify(jwk), expiredToken, secret: Buffer.from(secret).toString('base64url'),
      rsaToken, rsaJwk: JSON.stringify(rsaJwk), jweToken, jweJwk: JSON.stringify(jweJwk),
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/test/browser/index.html?${query}`);
    await page.waitForFunction(() => window.__done === true, null, { timeout: 15_000 });
    results = await page.evaluate(() => window.__results);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('the page loads the module and its .wasm with the right content types', async () => {
    assert.equal(results.fatal, undefined);
    assert.deepEqual(pageErrors, []);
    for (const path of ['/test/browser/index.html', '/test/browser/suite.mjs', '/js/browser.mjs', '/js/api.mjs', '/pkg/tinyjose_wasm.js', '/pkg/tinyjose_wasm_bg.wasm']) {
      assert.ok(requests.some((r) => r.path === path && r.status === 200), `${path} was served`);
    }
    assert.deepEqual(requests.filter((r) => r.status !== 200), []);
    // The .wasm was compiled from a streamed application/wasm response, so the MIME type is right.
    const wasmType = await page.evaluate(async () => (await fetch('/pkg/tinyjose_wasm_bg.wasm')).headers.get('content-type'));
    assert.equal(wasmType, 'application/wasm');
    assert.deepEqual(results.exports, []);
  });

  test('HS256: sign and verify with a generated secret', () => {
    assert.deepEqual(results.hs256, {
      secretLength: 32,
      segments: 3,
      header: { alg: 'HS256' },
      role: 'admin', iss: 'urn:issuer', sub: 'user-1', aud: 'urn:aud',
      lifetime: 7200,
    });
  });

  test('ES256: sign, export the public JWK, verify by key, JWK and JWK Set', () => {
    assert.deepEqual(results.es256, {
      jwk: { kty: 'EC', crv: 'P-256', hasD: false },
      signatureBytes: 64,
      viaKey: 1,
      viaJwk: 1,
      viaSet: { alg: 'ES256', kid: 'k1' },
    });
  });

  test('EdDSA: sign and verify with Ed25519', () => {
    assert.deepEqual(results.eddsa, {
      jwk: { kty: 'OKP', crv: 'Ed25519', hasD: false },
      signatureBytes: 64,
      n: 2,
      header: { alg: 'EdDSA' },
    });
  });

  test('an ES256 token signed by jose in Node verifies in the browser (ecdsaHighS)', () => {
    assert.deepEqual(results.foreign, {
      payload: { name: 'from node', scope: ['read', 'write'], iss: 'urn:node', sub: 'alice', iat: now, exp: now + 600 },
      protectedHeader: { alg: 'ES256', kid: foreignKid, typ: 'JWT' },
    });
  });

  const invalidSignature = {
    name: 'JWSSignatureVerificationFailed',
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    tinyjoseCode: 'invalid_signature',
    isError: true,
  };

  test('ES256 in the browser: the low-S form of jose\'s token verifies, the high-S form only with ecdsaHighS', () => {
    assert.deepEqual(results.foreignLowS, { low: 'alice', high: invalidSignature, highWithOption: 'alice' });
  });
  const expired = { name: 'JWTExpired', code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired', isError: true };

  test('an RS256 token signed by jose in Node verifies in the browser; tampered, it is refused', () => {
    assert.deepEqual(results.rs256, {
      payload: { name: 'rsa from node', iat: now, exp: now + 600 },
      protectedHeader: { alg: 'RS256', kid: rsaKid },
      signatureBytes: 256,
      tampered: invalidSignature,
    });
  });

  test('a JWT encrypted by jose in Node (ECDH-ES+A256KW, A256GCM) decrypts in the browser; tampered, it is refused', () => {
    assert.deepEqual(results.jwe, {
      payload: { name: 'encrypted from node', iat: now, exp: now + 600 },
      header: { alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'e1', epkCrv: 'P-256' },
      tampered: { name: 'JWEDecryptionFailed', code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed', isError: true },
    });
  });

  test('tampered signature → ERR_JWS_SIGNATURE_VERIFICATION_FAILED / invalid_signature', () => {
    assert.deepEqual(results.foreignTamperedSignature, invalidSignature);
  });

  test('tampered payload → ERR_JWS_SIGNATURE_VERIFICATION_FAILED / invalid_signature', () => {
    assert.deepEqual(results.foreignTamperedPayload, invalidSignature);
  });

  test('signed by another key → ERR_JWS_SIGNATURE_VERIFICATION_FAILED / invalid_signature', () => {
    assert.deepEqual(results.wrongKey, invalidSignature);
  });

  test('expired (signed by jose, and signed in the page) → ERR_JWT_EXPIRED / expired', () => {
    assert.deepEqual(results.foreignExpired, expired);
    assert.deepEqual(results.expired, expired);
  });

  test('algorithm outside `algorithms` → ERR_JOSE_ALG_NOT_ALLOWED', () => {
    assert.deepEqual(results.algNotAllowed, {
      name: 'JOSEAlgNotAllowed', code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_not_allowed', isError: true,
    });
  });

  test('createRemoteJWKSet: the page fetches the set from its own server once, verifies jose\'s token, and refuses an unknown kid', () => {
    assert.deepEqual(results.remote, {
      subjects: ['alice', 'alice', 'alice'],
      unknownKid: { name: 'JWKSNoMatchingKey', code: 'ERR_JWKS_NO_MATCHING_KEY', tinyjoseCode: 'no_matching_key', isError: true },
      refused: { name: 'JOSEError', code: 'ERR_JOSE_GENERIC', tinyjoseCode: 'fetch_failed', isError: true },
      fresh: true,
    });
    assert.equal(requests.filter((r) => r.path === '/remote/jwks.json').length, 1);
  });

  test('results are synchronous values that can still be awaited', () => {
    assert.deepEqual(results.awaitable, { sync: true, x: true });
  });
});
