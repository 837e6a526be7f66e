// createRemoteJWKSet against a real local server (test/remote-server.mjs): plain HTTP with
// `allowHttp` in this process, and HTTPS (a certificate made by `openssl` for this run) from a
// child `node` process that trusts it through NODE_EXTRA_CA_CERTS, as Node's fetch reads extra
// CAs only at startup. Tokens are signed with the `jose` package and verified with this
// package's jwtVerify (jose's ES256 signatures may be high-S: `ecdsaHighS`). The server counts
// the requests it sees, so the fetches of a burst, of a rotation and of a failing issuer are
// measured, not assumed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as jose from 'jose';

import * as t from '../js/node.mjs';
import * as jws from '../js/jws/node.mjs';
import { makeCertificate, startJwksServer } from './remote-server.mjs';

const ISSUER = 'urn:tinyjose:remote';
const COOLDOWN = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const options = { issuer: ISSUER, ecdsaHighS: true };

/** The error a promise (or a call) ends with, as plain values. */
async function failure(fn) {
  try {
    await fn();
  } catch (e) {
    return { name: e.name, code: e.code, tinyjoseCode: e.tinyjoseCode, message: e.message };
  }
  return { threw: false };
}

const fetchFailed = (message) => ({ name: 'JOSEError', code: 'ERR_JOSE_GENERIC', tinyjoseCode: 'fetch_failed', message: `JWK Set fetch failed: ${message}` });
const timedOut = { name: 'JWKSTimeout', code: 'ERR_JWKS_TIMEOUT', tinyjoseCode: 'fetch_failed', message: 'JWK Set fetch failed: timed out' };
const noMatchingKey = {
  name: 'JWKSNoMatchingKey', code: 'ERR_JWKS_NO_MATCHING_KEY', tinyjoseCode: 'no_matching_key',
  message: 'no applicable key found in the JSON Web Key Set',
};

/** Runs `script` (an ES module, on stdin) in a child `node` with `env`; resolves to its exit status and output. */
function runNode(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module'], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(script);
  });
}

describe('createRemoteJWKSet', () => {
  let server;
  const keys = {};
  const tokens = {};

  before(async () => {
    server = await startJwksServer();
    for (const kid of ['k1', 'k2']) {
      const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
      keys[kid] = { ...(await jose.exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
      tokens[kid] = await new jose.SignJWT({ sub: `signed by ${kid}` }).setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(ISSUER).setIssuedAt().setExpirationTime('10m').sign(privateKey);
    }
  });

  after(async () => {
    await server?.close();
  });

  /** A remote set of `path` on the HTTP server. */
  const remote = (path = '/jwks', more = {}) => t.createRemoteJWKSet(new URL(path, server.origin), { allowHttp: true, cooldownDuration: COOLDOWN, ...more });
  const subject = async (token, set) => (await t.jwtVerify(token, set, options)).payload.sub;

  test('a burst of 50 verifications on first use fetches the set once; rotation is picked up after the cooldown, in one fetch for 50 unknown kids', async (c) => {
    server.reset();
    server.jwks = { keys: [keys.k1] };
    const JWKS = remote();
    const first = await Promise.all(Array.from({ length: 50 }, () => subject(tokens.k1, JWKS)));
    assert.deepEqual(new Set(first), new Set(['signed by k1']));
    assert.equal(server.hits['/jwks'], 1);

    // The issuer rotates: a token of the new key within the cooldown is refused, and fetches nothing.
    server.jwks = { keys: [keys.k1, keys.k2] };
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k2, JWKS, options)), noMatchingKey);
    assert.equal(server.hits['/jwks'], 1);

    await sleep(COOLDOWN + 50);
    const rotated = await Promise.all(Array.from({ length: 50 }, () => subject(tokens.k2, JWKS)));
    assert.deepEqual(new Set(rotated), new Set(['signed by k2']));
    assert.equal(server.hits['/jwks'], 2);
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.equal(server.hits['/jwks'], 2);
    assert.deepEqual(JWKS.jwks(), server.jwks);
    c.diagnostic(`fetches seen by the server: 1 for 50 first uses, 1 more for 50 tokens of a rotated key (${server.hits['/jwks']} in all)`);
  });

  test('Cache-Control max-age decides freshness within the bounds; no-store is the cooldown', async () => {
    server.reset();
    server.jwks = { keys: [keys.k1] };
    server.cacheControl = 'public, max-age=1';
    const JWKS = remote('/jwks', { cacheMaxAge: 60_000 });
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.equal(JWKS.fresh, true);
    await sleep(600);
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.equal(server.hits['/jwks'], 1, 'fresh for max-age=1: not fetched again after 600 ms');
    await sleep(500);
    assert.equal(JWKS.fresh, false);
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.equal(server.hits['/jwks'], 2, 'stale after max-age=1: fetched again');

    server.reset();
    server.cacheControl = 'no-store';
    const noStore = remote('/jwks', { cacheMaxAge: 60_000 });
    await subject(tokens.k1, noStore);
    await subject(tokens.k1, noStore);
    assert.equal(server.hits['/jwks'], 1, 'no-store: fresh for the cooldown');
    await sleep(COOLDOWN + 50);
    await subject(tokens.k1, noStore);
    assert.equal(server.hits['/jwks'], 2);
  });

  test('a failing issuer: the last good set is kept, and not asked again within the cooldown', async () => {
    server.reset();
    server.jwks = { keys: [keys.k1] };
    const JWKS = remote('/jwks', { cacheMaxAge: COOLDOWN + 100 });
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    server.status = 500;
    await sleep(COOLDOWN + 150);
    assert.equal(JWKS.fresh, false);
    // Stale: fetched again, which fails; the last good set still verifies.
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.equal(server.hits['/jwks'], 2);
    assert.equal(await subject(tokens.k1, JWKS), 'signed by k1');
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k2, JWKS, options)), noMatchingKey);
    assert.equal(server.hits['/jwks'], 2, 'no fetch within the cooldown of the failure');
    assert.equal(JWKS.coolingDown, true);
    // An explicit reload fails with the issuer's status, and keeps the set.
    assert.deepEqual(await failure(() => JWKS.reload()), fetchFailed('HTTP status 500'));
    assert.equal(server.hits['/jwks'], 3);
    assert.deepEqual(JWKS.jwks(), { keys: [keys.k1] });
    // The issuer recovers with a rotated set: picked up once the cooldown is over.
    server.status = undefined;
    server.jwks = { keys: [keys.k2] };
    await sleep(COOLDOWN + 50);
    assert.equal(await subject(tokens.k2, JWKS), 'signed by k2');
    assert.equal(server.hits['/jwks'], 4);
  });

  test('fetch failures: exact classes, codes and messages', async () => {
    server.reset();
    server.delay = 1500;
    const cases = [
      ['/404', {}, fetchFailed('HTTP status 404')],
      ['/500', {}, fetchFailed('HTTP status 500')],
      ['/redirect', {}, fetchFailed('HTTP status 302')],
      ['/slow', { timeoutDuration: 200 }, timedOut],
      ['/slow-body', { timeoutDuration: 200 }, timedOut],
      ['/big', {}, fetchFailed('response body over the size cap')],
      ['/big-length', {}, fetchFailed('response body over the size cap')],
      ['/jwks', { maxBodySize: 10 }, fetchFailed('response body over the size cap')],
    ];
    for (const [path, more, expected] of cases) {
      assert.deepEqual(await failure(() => t.jwtVerify(tokens.k1, remote(path, more), options)), expected, path);
    }
    assert.equal(server.hits['/redirect'], 1);
    assert.equal(server.hits['/jwks'], 1, 'the redirect was not followed');
    // Nothing listens on the port of a closed server.
    const closed = await startJwksServer();
    const origin = closed.origin;
    await closed.close();
    const unreachable = t.createRemoteJWKSet(`${origin}/jwks`, { allowHttp: true });
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k1, unreachable, options)), fetchFailed('network or TLS failure'));
  });

  test('a body that is not a JWK Set fails as createLocalJWKSet does; without a set, a failure is not retried within the cooldown', async () => {
    server.reset();
    const invalid = { name: 'JWKSInvalid', code: 'ERR_JWKS_INVALID', tinyjoseCode: 'json' };
    const JWKS = remote('/invalid');
    const first = await failure(() => t.jwtVerify(tokens.k1, JWKS, options));
    assert.deepEqual({ ...first, message: undefined }, { ...invalid, message: undefined });
    assert.match(first.message, /JSON/);
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k1, JWKS, options)), first);
    assert.equal(server.hits['/invalid'], 1, 'the failure is kept for the cooldown');
    await sleep(COOLDOWN + 50);
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k1, JWKS, options)), first);
    assert.equal(server.hits['/invalid'], 2);

    const notUtf8 = await failure(() => t.jwtVerify(tokens.k1, remote('/not-utf8'), options));
    assert.deepEqual({ ...notUtf8, message: undefined }, { ...invalid, message: undefined });

    // A set the core refuses (one kid twice for one algorithm): the error of the local set.
    server.refused = { keys: [keys.k1, { ...keys.k2, kid: 'k1' }] };
    const local = await failure(() => t.createLocalJWKSet(server.refused));
    assert.equal(local.tinyjoseCode, 'ambiguous_key');
    assert.deepEqual(await failure(() => t.jwtVerify(tokens.k1, remote('/refused'), options)), local);
  });

  test('the URL and the options are checked when the set is created', async () => {
    const refused = fetchFailed('not an https URL (http only when allowed)');
    for (const url of [`${server.origin}/jwks`, 'ftp://issuer.example/jwks', 'https://user@issuer.example/jwks', 'https://issuer.example/a/../jwks', 'https://issuer.example/jwks#x']) {
      assert.deepEqual(await failure(() => t.createRemoteJWKSet(url)), refused, url);
    }
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(new URL(`${server.origin}/jwks`), { allowHttp: false })), refused);
    assert.equal(typeof t.createRemoteJWKSet(new URL('https://issuer.example/a/../jwks')), 'function');
    const typeError = (message) => ({ name: 'TypeError', code: undefined, tinyjoseCode: undefined, message });
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(42)), typeError('url must be an instance of URL'));
    const url = 'https://issuer.example/jwks';
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(url, { cooldownDuration: NaN })), typeError('"cooldownDuration" option must not be NaN'));
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(url, { cacheMaxAge: -1 })), typeError('"cacheMaxAge" option must not be negative'));
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(url, { timeoutDuration: 1.5 })), typeError('"timeoutDuration" option must be a non-negative integer'));
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(url, { maxBodySize: -1 })), typeError('"maxBodySize" option must be a non-negative integer'));
    assert.deepEqual(await failure(() => t.createRemoteJWKSet(url, { allowHttp: 'yes' })), typeError('"allowHttp" option must be a boolean'));
    assert.equal(typeof t.createRemoteJWKSet(url, { cacheMaxAge: Infinity }), 'function');
  });

  test('headers are sent, with jose\'s Accept unless given', async () => {
    server.reset();
    server.jwks = { keys: [keys.k1] };
    await subject(tokens.k1, remote('/jwks', { headers: { 'x-api-key': 'secret-1' } }));
    assert.equal(server.headers['x-api-key'], 'secret-1');
    assert.equal(server.headers.accept, 'application/json, application/jwk-set+json');
    await subject(tokens.k1, remote('/jwks', { headers: { accept: 'application/jwk-set+json' } }));
    assert.equal(server.headers.accept, 'application/jwk-set+json');
  });

  test('jose\'s members: reload(), reloading, jwks(), coolingDown, fresh', async () => {
    server.reset();
    server.jwks = { keys: [keys.k1] };
    const JWKS = remote();
    assert.deepEqual([JWKS.jwks(), JWKS.fresh, JWKS.coolingDown, JWKS.reloading], [undefined, false, false, false]);
    const reloading = JWKS.reload();
    assert.equal(JWKS.reloading, true);
    assert.equal(JWKS.reload(), reloading, 'one fetch in flight, shared');
    await reloading;
    assert.deepEqual([JWKS.jwks(), JWKS.fresh, JWKS.coolingDown, JWKS.reloading], [{ keys: [keys.k1] }, true, true, false]);
    assert.equal(server.hits['/jwks'], 1);
    // reload() bypasses the cooldown, as jose's does.
    await JWKS.reload();
    assert.equal(server.hits['/jwks'], 2);
    // jwks() is a copy.
    JWKS.jwks().keys.length = 0;
    assert.equal(JWKS.jwks().keys.length, 1);
    // Called directly, the set gives the key for a header, as jose's does.
    const key = await JWKS({ alg: 'ES256', kid: 'k1' });
    assert.equal(key.alg, 'ES256');
  });

  test('every verify function takes it, and tinyjose/jws exports it', async () => {
    server.reset();
    server.jwks = { keys: [keys.k1, keys.k2] };
    const JWKS = remote();
    const compact = await t.compactVerify(tokens.k2, JWKS, { ecdsaHighS: true });
    assert.deepEqual(compact.protectedHeader, { alg: 'ES256', kid: 'k2' });
    assert.equal(compact.key.alg, 'ES256');
    const [protectedHeader, payload, signature] = tokens.k1.split('.');
    const flattened = await t.flattenedVerify({ protected: protectedHeader, payload, signature }, JWKS, { ecdsaHighS: true });
    assert.equal(JSON.parse(new TextDecoder().decode(flattened.payload)).sub, 'signed by k1');
    const general = await t.generalVerify({ payload, signatures: [{ protected: protectedHeader, signature }] }, JWKS, { ecdsaHighS: true });
    assert.equal(general.protectedHeader.kid, 'k1');
    assert.equal(server.hits['/jwks'], 1);

    const jwsSet = jws.createRemoteJWKSet(new URL('/jwks', server.origin), { allowHttp: true });
    assert.equal((await jws.jwtVerify(tokens.k2, jwsSet, options)).payload.sub, 'signed by k2');
  });

  describe('over HTTPS (a child node process that trusts the test certificate)', () => {
    let tls;
    let secure;

    before(async () => {
      tls = makeCertificate();
      secure = await startJwksServer(tls);
    });

    after(async () => {
      await secure?.close();
      tls?.dispose();
    });

    const script = (input) => `
const t = await import(${JSON.stringify(new URL('../js/node.mjs', import.meta.url).href)});
const input = ${JSON.stringify(input)};
const out = {};
for (const url of input.urls) {
  try {
    const JWKS = t.createRemoteJWKSet(new URL(url));
    const verified = await Promise.all(Array.from({ length: 10 }, () => t.jwtVerify(input.token, JWKS, { issuer: input.issuer, ecdsaHighS: true })));
    out[url] = verified.map((r) => r.payload.sub)[9];
  } catch (e) {
    out[url] = { name: e.name, code: e.code, tinyjoseCode: e.tinyjoseCode, message: e.message };
  }
}
console.log(JSON.stringify(out));
`;

    test('with NODE_EXTRA_CA_CERTS the set is fetched over TLS (localhost and 127.0.0.1); without it, the TLS failure is fetch_failed', async () => {
      secure.jwks = { keys: [keys.k1] };
      const urls = [`https://localhost:${secure.port}/jwks`, `https://127.0.0.1:${secure.port}/jwks`];
      const input = { urls, token: tokens.k1, issuer: ISSUER };
      const trusted = await runNode(script(input), { NODE_EXTRA_CA_CERTS: tls.certPath });
      assert.equal(trusted.status, 0, trusted.stderr);
      assert.deepEqual(JSON.parse(trusted.stdout), Object.fromEntries(urls.map((u) => [u, 'signed by k1'])));
      assert.equal(secure.hits['/jwks'], 2, 'one fetch for each set of 10 verifications');

      const untrusted = await runNode(script(input), { NODE_EXTRA_CA_CERTS: '' });
      assert.equal(untrusted.status, 0, untrusted.stderr);
      assert.deepEqual(JSON.parse(untrusted.stdout), Object.fromEntries(urls.map((u) => [u, fetchFailed('network or TLS failure')])));
    });
  });
});
