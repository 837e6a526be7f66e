// The package under Deno and Bun: a smoke script imports it by its own name ('tinyjose', so the
// exports map picks the entry: "deno" → js/browser.mjs, "bun" → js/node.mjs), signs and verifies
// HS256 and ES256 tokens, verifies ES256 (with `ecdsaHighS`, and by default in its low-S form
// only) and RS256 tokens signed by `jose` in Node, decrypts a
// JWT encrypted by `jose` (ECDH-ES on X25519, A256GCM), and checks
// the error codes of an expired and a tampered token. It prints its results as JSON, compared
// exactly here.
//
// The runtimes come from the DENO_BIN / BUN_BIN environment variables, or node_modules/.bin (the
// `bun` npm package is a devDependency), or target/js-runtimes (where `cargo xtask tools --wasm`
// installs the `deno` npm package, whose lock entries do not survive `npm ci`), or PATH. A
// runtime that is not found fails its test.
// Deno runs the script with read access to pkg/ only (the browser entry fetches the .wasm
// from a file: URL).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';

import { ecdsaForms, findRuntime } from './node-helpers.mjs';

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
const [h, p, s] = es.split('.');
out.tampered = errorOf(() => t.jwtVerify(h + '.' + p + '.' + (s[0] === 'A' ? 'B' : 'A') + s.slice(1), publicKey));

console.log(JSON.stringify(out));
`;
}

const RUNTIMES = [
  {
    name: 'Deno', runtime: findRuntime('deno', 'DENO_BIN'), entry: 'js/browser.mjs',
    args: ['run', '--no-lock', '--no-prompt', '--allow-read=pkg', '-'],
  },
  { name: 'Bun', runtime: findRuntime('bun', 'BUN_BIN'), entry: 'js/node.mjs', args: ['run', '-'] },
];

describe('Deno and Bun', () => {
  const now = Math.floor(Date.now() / 1000);
  let input;

  before(async () => {
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
  });

  for (const { name, runtime, entry, args } of RUNTIMES) {
    test(`${name}: import by name, HS256 and ES256 round trips, jose tokens (ES256, RS256, JWE), error codes`, (t) => {
      assert.ok(runtime, `${name} not found: set ${name.toUpperCase()}_BIN or run \`cargo xtask tools --wasm\``);
      t.diagnostic(`${name}: ${runtime.bin} (${runtime.version})`);
      const run = spawnSync(runtime.bin, args, {
        cwd: ROOT, input: smokeScript(input), encoding: 'utf8', timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(run.status, 0, `${name} exited with ${run.status} (${run.signal ?? 'no signal'}):\n${run.stderr}`);
      assert.equal(run.stderr, '', `${name} wrote to stderr`);
      assert.deepEqual(JSON.parse(run.stdout), {
        entry,
        hs256: { n: 1, lifetime: 7200, header: { alg: 'HS256' } },
        es256: 2,
        foreign: { from: 'node', iss: 'urn:node', iat: now, exp: now + 600 },
        lowS: { low: 'node', high: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' }, highWithOption: 'node' },
        rs256: { from: 'node', alg: 'RS256' },
        jwe: { from: 'node', enc: true },
        expired: { code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired' },
        tampered: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
      });
    });
  }
});
