// The package under Deno and Bun: a smoke script imports it by its own name ('tinyjose', so the
// exports map picks the entry: "deno" → js/browser.mjs, "bun" → js/node.mjs), signs and verifies
// HS256 and ES256 tokens, verifies ES256 (with `ecdsaHighS`, and by default in its low-S form
// only) and RS256 tokens signed by `jose` in Node, decrypts a
// JWT encrypted by `jose` (ECDH-ES on X25519, A256GCM), verifies through createRemoteJWKSet (a
// JWK Set served over HTTP by this process, test/remote-server.mjs), and checks the error codes
// of an expired and a tampered token and of a JWK Set not found. It prints its results as JSON,
// compared exactly here.
//
// The runtimes come from the DENO_BIN / BUN_BIN environment variables, or node_modules/.bin (the
// `bun` npm package is a devDependency), or target/js-runtimes (where `cargo xtask tools --wasm`
// installs the `deno` npm package, whose lock entries do not survive `npm ci`), or PATH. A
// runtime that is not found fails its test.
// Deno runs the script with read access to pkg/ only (the browser entry fetches the .wasm
// from a file: URL).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';

import { ecdsaForms, findRuntime } from './node-helpers.mjs';
import { startJwksServer } from './remote-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The smoke script, with the inputs signed in Node inlined as JSON. */
function smokeScript(input) {
  return `
import * as t from 'tinyjose';

const input = ${JSON.stringify(input)};
const out = { entry: import.meta.resolve('tinyjose').replace(/^.*\\/(js\\/[^/]+)$/, '$1') };
const fromB64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const errorOf = (fn) => {
  try { fn(); return { threw: false }; } catch (e) { return { code: e.code, tinyjoseCode: e.tinyjoseCode }; }
};

const secret = t.generateSecret('HS256');
const hs = new t.SignJWT({ n: 1 }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(secret);
const hsResult = t.jwtVerify(hs, secret);
out.hs256 = { n: hsResult.payload.n, lifetime: hsResult.payload.exp - hsResult.payload.iat, header: hsResult.protectedHeader };

const { publicKey, privateKey } = t.generateKeyPair('ES256');
const es = new t.SignJWT({ n: 2 }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('5m').sign(privateKey);
out.es256 = t.jwtVerify(es, t.importJWK(t.exportJWK(publicKey), 'ES256')).payload.n;

out.foreign = t.jwtVerify(input.token, input.jwk, { issuer: 'urn:node', ecdsaHighS: true }).payload;
out.lowS = {
  low: t.jwtVerify(input.lowS, input.jwk, { issuer: 'urn:node' }).payload.from,
  high: errorOf(() => t.jwtVerify(input.highS, input.jwk, { issuer: 'urn:node' })),
  highWithOption: t.jwtVerify(input.highS, input.jwk, { issuer: 'urn:node', ecdsaHighS: true }).payload.from,
};
out.rs256 = t.jwtVerify(input.rsaToken, t.importJWK(input.rsaJwk, 'RS256')).payload;
out.expired = errorOf(() => t.jwtVerify(input.expiredToken, fromB64(input.secret)));
out.jwe = t.jwtDecrypt(input.jweToken, input.jweJwk).payload;
const JWKS = t.createRemoteJWKSet(input.jwksUrl, { allowHttp: true });
out.remote = {
  verified: (await t.jwtVerify(input.token, JWKS, { issuer: 'urn:node', ecdsaHighS: true })).payload.from,
  notFound: await t.jwtVerify(input.token, t.createRemoteJWKSet(input.jwksUrl.replace(/jwks$/, '404'), { allowHttp: true }))
    .then(() => ({ threw: false }), (e) => ({ code: e.code, tinyjoseCode: e.tinyjoseCode, message: e.message })),
};
const [h, p, s] = es.split('.');
out.tampered = errorOf(() => t.jwtVerify(h + '.' + p + '.' + (s[0] === 'A' ? 'B' : 'A') + s.slice(1), publicKey));

console.log(JSON.stringify(out));
`;
}

const RUNTIMES = [
  {
    name: 'Deno', runtime: findRuntime('deno', 'DENO_BIN'), entry: 'js/browser.mjs',
    args: (port) => ['run', '--no-lock', '--no-prompt', '--allow-read=pkg', `--allow-net=127.0.0.1:${port}`, '-'],
  },
  { name: 'Bun', runtime: findRuntime('bun', 'BUN_BIN'), entry: 'js/node.mjs', args: () => ['run', '-'] },
];

/** Runs `bin` with `args` and `input` on stdin, without blocking this process (its server answers meanwhile). */
function run(bin, args, input, timeout) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe', timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('Deno and Bun', () => {
  const now = Math.floor(Date.now() / 1000);
  let input;
  // The JWK Set of `jwk` for createRemoteJWKSet, over HTTP (allowHttp).
  let server;

  after(async () => {
    await server?.close();
  });

  before(async () => {
    server = await startJwksServer();
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const rsa = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const ecdh = await jose.generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
    input = {
      jweJwk: { ...(await jose.exportJWK(ecdh.privateKey)), alg: 'ECDH-ES' },
      jweToken: await new jose.EncryptJWT({ from: 'node', enc: true }).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).encrypt(ecdh.publicKey),
      rsaJwk: await jose.exportJWK(rsa.publicKey),
      rsaToken: await new jose.SignJWT({ from: 'node', alg: 'RS256' }).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey),
      jwk: await jose.exportJWK(publicKey),
      token: await new jose.SignJWT({ from: 'node' }).setProtectedHeader({ alg: 'ES256' })
        .setIssuer('urn:node').setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey),
      secret: Buffer.from(secret).toString('base64url'),
      expiredToken: await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(secret),
    };
    ({ low: input.lowS, high: input.highS } = ecdsaForms(input.token));
    server.jwks = { keys: [input.jwk] };
    input.jwksUrl = `${server.origin}/jwks`;
  });

  for (const { name, runtime, entry, args } of RUNTIMES) {
    test(`${name}: import by name, HS256 and ES256 round trips, jose tokens (ES256, RS256, JWE), a remote JWK Set, error codes`, async (t) => {
      assert.ok(runtime, `${name} not found: set ${name.toUpperCase()}_BIN or run \`cargo xtask tools --wasm\``);
      t.diagnostic(`${name}: ${runtime.bin} (${runtime.version})`);
      const before = server.hits['/jwks'] ?? 0;
      const result = await run(runtime.bin, args(server.port), smokeScript(input), 60_000);
      assert.equal(result.status, 0, `${name} exited with ${result.status} (${result.signal ?? 'no signal'}):\n${result.stderr}`);
      assert.equal(result.stderr, '', `${name} wrote to stderr`);
      assert.equal(server.hits['/jwks'] - before, 1, `${name} fetched the JWK Set once`);
      assert.deepEqual(JSON.parse(result.stdout), {
        entry,
        hs256: { n: 1, lifetime: 7200, header: { alg: 'HS256' } },
        es256: 2,
        foreign: { from: 'node', iss: 'urn:node', iat: now, exp: now + 600 },
        lowS: { low: 'node', high: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' }, highWithOption: 'node' },
        rs256: { from: 'node', alg: 'RS256' },
        jwe: { from: 'node', enc: true },
        expired: { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired' },
        tampered: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
        remote: {
          verified: 'node',
          notFound: { code: 'ERR_JOSE_GENERIC', tinyjoseCode: 'fetch_failed', message: 'JWK Set fetch failed: HTTP status 404' },
        },
      });
    });
  }
});
