// The entry points `tinyjose/jws` and `tinyjose/jwe`, each over its own module, in every runtime
// the root supports: Node (in this process), Deno and Bun (a script importing the package by
// name), workerd (through miniflare), headless Chromium (the browser entries, served), and an
// app bundled by Vite from the packed package, in Chromium. Each runs `smoke` (entries/smoke.mjs)
// on the same inputs, made here by `jose`, and must give exactly what Node gives, which is
// checked against the expected values first.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { Miniflare } from 'miniflare';
import { chromium } from 'playwright-core';

import { smoke } from './entries/smoke.mjs';
import { findRuntime } from './node-helpers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ERRORS = [
  'JOSEAlgNotAllowed', 'JOSEError', 'JOSENotSupported', 'JWEDecryptionFailed', 'JWEInvalid', 'JWKInvalid', 'JWKSInvalid',
  'JWKSMultipleMatchingKeys', 'JWKSNoMatchingKey', 'JWKSTimeout', 'JWSInvalid', 'JWSSignatureVerificationFailed',
  'JWTClaimValidationFailed', 'JWTExpired', 'JWTInvalid', 'decodeJwt', 'decodeProtectedHeader', 'errors',
];
const notSupported = { name: 'JOSENotSupported', code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_alg' };

/** Inputs made by jose: private JWKs for signing in each runtime, a JWK Set, tokens, a JWE. */
async function makeInput() {
  const input = { privateJwks: {}, jwks: { keys: [] }, tokens: {} };
  const algs = [['ES256'], ['ES384'], ['ES512'], ['EdDSA', { crv: 'Ed25519' }], ['RS256', { modulusLength: 2048 }], ['PS256', { modulusLength: 2048 }]];
  for (const [alg, options] of algs) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { ...options, extractable: true });
    input.privateJwks[alg] = { ...(await jose.exportJWK(privateKey)), alg };
    input.jwks.keys.push({ ...(await jose.exportJWK(publicKey)), alg, kid: alg });
    input.tokens[alg] = await new jose.SignJWT({ alg }).setProtectedHeader({ alg, kid: alg }).setIssuer('urn:jose').sign(privateKey);
  }
  input.rsaPrivateJwk = input.privateJwks.RS256;
  input.secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  // JWS JSON serializations signed by jose; the general one with b64: false, its payload left out.
  const content = 'the $.02 content';
  const es256 = await jose.importJWK(input.privateJwks.ES256, 'ES256');
  const ed25519 = await jose.importJWK(input.privateJwks.EdDSA, 'EdDSA');
  input.json = {
    content,
    flattened: await new jose.FlattenedSign(new TextEncoder().encode(content))
      .setProtectedHeader({ alg: 'ES256' }).setUnprotectedHeader({ kid: 'ES256' }).sign(es256),
    general: await new jose.GeneralSign(new TextEncoder().encode(content))
      .addSignature(es256).setProtectedHeader({ alg: 'ES256', b64: false, crit: ['b64'] }).setUnprotectedHeader({ kid: 'ES256' })
      .addSignature(ed25519).setProtectedHeader({ alg: 'EdDSA', b64: false, crit: ['b64'] }).setUnprotectedHeader({ kid: 'EdDSA' })
      .sign(),
  };
  // What GeneralSign must write in every runtime: jose's own serialization (HS256 and Ed25519 are deterministic).
  input.jsonSigned = await new jose.GeneralSign(new TextEncoder().encode(content))
    .addSignature(Buffer.from(input.secret, 'base64url')).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'hs' })
    .addSignature(ed25519).setProtectedHeader({ alg: 'EdDSA' })
    .sign();
  const ecdh = await jose.generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
  input.jweJwk = { ...(await jose.exportJWK(ecdh.privateKey)), alg: 'ECDH-ES' };
  input.jweToken = await new jose.EncryptJWT({ sealed: true }).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).setIssuer('urn:jose').encrypt(ecdh.publicKey);
  // A general JWE JSON Serialization encrypted by jose to two recipients: ECDH-ES+A256KW (X25519) and A128KW.
  const ecdhKw = await jose.generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519', extractable: true });
  input.jweJson = {
    jwk: { ...(await jose.exportJWK(ecdhKw.privateKey)), alg: 'ECDH-ES+A256KW' },
    kek: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url'),
  };
  input.jweJson.general = await new jose.GeneralEncrypt(new TextEncoder().encode('to two'))
    .setProtectedHeader({ enc: 'A128CBC-HS256' }).setSharedUnprotectedHeader({ cty: 'text/plain' })
    .setAdditionalAuthenticatedData(new TextEncoder().encode('aad'))
    .addRecipient(ecdhKw.publicKey).setUnprotectedHeader({ alg: 'ECDH-ES+A256KW', kid: 'x' })
    .addRecipient(Buffer.from(input.jweJson.kek, 'base64url')).setUnprotectedHeader({ alg: 'A128KW' })
    .encrypt();
  return input;
}

/** What every runtime must give. */
function expected(input) {
  const first = input.jwks.keys[0];
  return {
    exports: {
      jws: [
      'CompactSign', 'FlattenedSign', 'GeneralSign', 'SignJWT', 'calculateJwkThumbprint', 'compactVerify', 'createDpopProof',
      'createJtiCache', 'createLocalJWKSet', 'createRemoteJWKSet', 'exportJWK', 'flattenedVerify', 'generalVerify', 'importJWK', 'issueSdJwt',
      'jwtVerify', 'presentSdJwt', 'validateAccessToken', 'validateDpopProof', 'validateIdToken', 'validateJarmResponse', 'verifySdJwt', ...ERRORS,
    ].sort(),
      jwe: [
        'CompactEncrypt', 'EncryptJWT', 'FlattenedEncrypt', 'GeneralEncrypt', 'calculateJwkThumbprint', 'compactDecrypt',
        'exportJWK', 'flattenedDecrypt', 'generalDecrypt', 'generateKeyPair', 'generateSecret', 'importJWK', 'importPKCS8',
        'importSPKI', 'jwtDecrypt', ...ERRORS,
      ].sort(),
    },
    signed: { HS256: 'HS256', ES256: 'ES256', ES384: 'ES384', ES512: 'ES512', EdDSA: 'EdDSA' },
    foreign: { ES256: 'ES256', ES384: 'ES384', ES512: 'ES512', EdDSA: 'EdDSA', RS256: 'RS256', PS256: 'PS256' },
    compact: JSON.stringify({ alg: 'RS256', iss: 'urn:jose' }),
    decoded: { header: { alg: 'RS256', kid: 'RS256' }, alg: 'RS256' },
    thumbprint: input.thumbprint,
    // As jose, exportJWK writes the key's members only (no kid).
    exported: { kty: first.kty, crv: first.crv, x: first.x, y: first.y },
    tampered: { name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
    json: {
      flattened: { payload: input.json.content, protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'ES256' } },
      general: { payload: input.json.content, protectedHeader: { alg: 'EdDSA', b64: false, crit: ['b64'] } },
      signed: input.jsonSigned,
      verified: input.json.content,
      tampered: { name: 'JWSSignatureVerificationFailed', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' },
    },
    jweJson: {
      general: { plaintext: 'to two', sharedUnprotectedHeader: { cty: 'text/plain' }, aad: 'aad', kid: 'x', byKek: 'to two' },
      roundTrip: 'to jose',
      tampered: { name: 'JWEDecryptionFailed', code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed' },
    },
    jweKeyInJws: notSupported,
    rsaPrivate: { canSign: false, verifies: 'RS256', signs: notSupported },
    sdJwt: {
      claims: { vct: 'urn:smoke', iss: 'urn:tinyjose', given_name: 'Erika' },
      names: ['cnf', 'given_name', 'iss', 'vct'],
      holder: true,
      protectedHeader: { alg: 'ES256', typ: 'dc+sd-jwt' },
      keyBound: true,
      wrongNonce: { name: 'JWTClaimValidationFailed', code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', tinyjoseCode: 'claim_mismatch' },
    },
    jwe: { sealed: true, iss: 'urn:jose' },
    roundTrip: 'to myself',
    jwsKeyInJwe: notSupported,
    jweJwkWithoutAlg: 'ECDH-ES',
    sameErrors: true,
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A static server for `dir` (not its node_modules); `requests` records each path and status. */
function serve(dir) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    const ok = file.startsWith(dir) && !file.split(sep).includes('node_modules') && existsSync(file) && !file.endsWith(sep);
    requests.push({ path, status: ok ? 200 : 404 });
    if (!ok) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}` })));
}

describe('entry points tinyjose/jws and tinyjose/jwe', () => {
  let input;
  let want;

  before(async () => {
    input = await makeInput();
    input.thumbprint = await jose.calculateJwkThumbprint(input.jwks.keys[0]);
    want = expected(input);
  });

  test('Node: each entry exports its part of the API and works over its own module', async () => {
    const [jws, jwe] = await Promise.all([import('tinyjose/jws'), import('tinyjose/jwe')]);
    assert.deepEqual(await smoke(jws, jwe, input), want);
  });

  test('Node: each entry has its own module, and a key set from one serves another', async () => {
    const [root, jws] = await Promise.all([import('tinyjose'), import('tinyjose/jws')]);
    const set = jws.createLocalJWKSet(input.jwks);
    assert.equal(root.jwtVerify(input.tokens.RS256, set, { issuer: 'urn:jose' }).payload.alg, 'RS256');
    assert.equal(jws.jwtVerify(input.tokens.PS256, root.createLocalJWKSet(input.jwks), { issuer: 'urn:jose' }).payload.alg, 'PS256');
    // A key imported by one entry is refused by another, with a clear message.
    const foreign = { message: 'the key was imported by another tinyjose entry point: import it with this one, or pass its JWK', name: 'TypeError' };
    const rootKey = root.importJWK(input.jwks.keys[0]);
    assert.throws(() => jws.jwtVerify(input.tokens.ES256, rootKey), foreign);
    assert.throws(() => jws.exportJWK(rootKey), foreign);
    assert.throws(() => root.calculateJwkThumbprint(jws.importJWK(input.jwks.keys[0])), foreign);
    // The JWS module holds no JWE, PEM or RSA-private code: its bindings have none of their exports.
    const bindings = await import('../pkg/jws/tinyjose_wasm.js');
    assert.deepEqual(['JweKey', 'decrypt', 'encrypt', 'jweHeader'].filter((name) => name in bindings), []);
    assert.equal(typeof bindings.Key.fromPem, 'undefined');
    const jweBindings = await import('../pkg/jwe/tinyjose_wasm.js');
    assert.deepEqual(['Key', 'KeySet', 'verify', 'sign'].filter((name) => name in jweBindings), []);
  });

  for (const [name, envName, args] of [
    ['deno', 'DENO_BIN', ['run', '--no-lock', '--no-prompt', '--allow-read=pkg', '-']],
    ['bun', 'BUN_BIN', ['run', '-']],
  ]) {
    test(`${name}: both entries by name give what Node gives`, () => {
      const runtime = findRuntime(name, envName);
      assert.ok(runtime, `${name} not found: set ${envName} or run \`cargo xtask tools --wasm\``);
      const script = `import * as jws from 'tinyjose/jws';\nimport * as jwe from 'tinyjose/jwe';\n`
        + `const smoke = ${smoke.toString()};\nconsole.log(JSON.stringify(await smoke(jws, jwe, ${JSON.stringify(input)})));\n`;
      const run = spawnSync(runtime.bin, args, { cwd: ROOT, input: script, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(run.status, 0, `${name} exited with ${run.status}:\n${run.stderr}`);
      assert.deepEqual(JSON.parse(run.stdout), want);
    });
  }

  test('workerd: both workerd entries give what Node gives', async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: fileURLToPath(new URL('./entries/worker.mjs', import.meta.url)),
      modulesRoot: ROOT,
      modulesRules: [{ type: 'ESModule', include: ['**/*.js', '**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: '2025-01-01',
    });
    try {
      const response = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(input) });
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(await response.json(), want);
    } finally {
      await mf.dispose();
    }
  });

  describe('Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
    let browser;
    let app;
    const servers = [];

    before(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'],
        timeout: 15_000,
      });
      app = mkdtempSync(join(tmpdir(), 'tinyjose-vite-'));
    });

    after(async () => {
      await browser?.close();
      for (const { server } of servers) await new Promise((resolve) => server.close(resolve));
      if (app) rmSync(app, { recursive: true, force: true });
    });

    /** Opens `url` (a page that sets `window.__run`), runs the smoke and returns it with the page's errors. */
    async function runPage(url) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      await page.goto(url);
      await page.waitForFunction(() => typeof window.__run === 'function', null, { timeout: 20_000 });
      const result = await page.evaluate((i) => window.__run(i), input);
      await page.close();
      return { result, errors };
    }

    test('the browser entries, served as they are, give what Node gives', async () => {
      const site = await serve(ROOT);
      servers.push(site);
      const { result, errors } = await runPage(`${site.url}/test/entries/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(result, want);
      const wasm = site.requests.filter((r) => r.path.endsWith('.wasm')).map((r) => r.path).sort();
      assert.deepEqual(wasm, ['/pkg/jwe/tinyjose_wasm_bg.wasm', '/pkg/jws/tinyjose_wasm_bg.wasm']);
    });

    test('an app bundled by Vite from the packed package loads tinyjose/jws and tinyjose/jwe', async () => {
      // The package as npm would install it: `npm pack`, unpacked into the app's node_modules.
      const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(pack.status, 0, pack.stderr);
      const tarball = join(app, JSON.parse(pack.stdout)[0].filename);
      const installed = join(app, 'node_modules', 'tinyjose');
      mkdirSync(installed, { recursive: true });
      assert.equal(spawnSync('tar', ['xzf', tarball, '-C', installed, '--strip-components=1']).status, 0);
      cpSync(fileURLToPath(new URL('./entries/smoke.mjs', import.meta.url)), join(app, 'smoke.mjs'));
      writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.mjs"></script>\n');
      writeFileSync(join(app, 'main.mjs'), [
        "import * as jws from 'tinyjose/jws';",
        "import * as jwe from 'tinyjose/jwe';",
        "import { smoke } from './smoke.mjs';",
        'window.__run = (input) => smoke(jws, jwe, input);',
        '',
      ].join('\n'));
      const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
      const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
      assert.equal(build.status, 0, `vite build failed:\n${build.stdout}${build.stderr}`);
      assert.equal(build.stderr, '', 'vite warned');
      // The bundle ships the two entries' modules, and not the root's.
      const assets = readdirSync(join(app, 'dist', 'assets'));
      const modules = assets.filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(join(app, 'dist', 'assets', f)).length).sort();
      const sizes = ['jws', 'jwe'].map((e) => readFileSync(join(ROOT, 'pkg', e, 'tinyjose_wasm_bg.wasm')).length).sort();
      assert.deepEqual([...new Set(modules)], sizes, `wasm assets: ${assets.join(', ')}`);
      const site = await serve(join(app, 'dist'));
      servers.push(site);
      const { result, errors } = await runPage(`${site.url}/`);
      assert.deepEqual(site.requests.filter((r) => r.status !== 200), []);
      assert.deepEqual(errors, []);
      assert.deepEqual(result, want);
    });
  });
});
