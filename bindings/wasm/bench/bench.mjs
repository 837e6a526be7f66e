// jwtVerify throughput and cold start, tinyjose against jose, on the same tokens and keys; and
// the size of what the package ships. Run from bindings/wasm: `node bench/bench.mjs`.
//
// Options: --rounds=N (throughput rounds per case, default 7), --round-ms=N (target length of a
// round, default 300), --spawns=N (cold-start processes per case, default 10), --quick,
// --only=ALG (only the cases of that algorithm, e.g. --only=RS256), --key=jwk (throughput with
// the JWK object itself given to jwtVerify on every call, instead of a key imported once).
//
// Cases: HS256, ES256, ES384, EdDSA, and RS256 with 2048 and 4096-bit keys.
//
// Throughput: each library verifies the same token with a key imported once (jose.importJWK,
// tinyjose importJWK); jose's jwtVerify is awaited, tinyjose's is synchronous. After a warm-up
// that also sizes the rounds, the cases run interleaved round by round and the median round is
// reported.
//
// Cold start: a fresh `node` process per sample measures, with performance.now(), from just
// before the dynamic import() of the library through the key import to the end of the first
// successful jwtVerify, and prints the milliseconds; the median over the spawns is reported.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import * as tinyjose from 'tinyjose';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v === undefined ? true : Number.isNaN(Number(v)) ? v : Number(v)];
}));
const ROUNDS = args.rounds ?? (args.quick ? 3 : 7);
const ROUND_MS = args['round-ms'] ?? (args.quick ? 100 : 300);
const SPAWNS = args.spawns ?? (args.quick ? 3 : 10);
if (args.key !== undefined && args.key !== 'jwk') throw new Error('--key takes only "jwk"');
const KEY_FORM = args.key ?? 'key';
const CASES = [
  { alg: 'HS256' },
  { alg: 'ES256' },
  { alg: 'ES384' },
  { alg: 'EdDSA' },
  { alg: 'RS256', modulusLength: 2048 },
  { alg: 'RS256', modulusLength: 4096 },
].filter((c) => args.only === undefined || c.alg === args.only);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (n) => `${n >= 10 ? fmt(n, 1) : fmt(n, 2)}×`;
const version = (pkg) => JSON.parse(readFileSync(new URL(`../${pkg}package.json`, import.meta.url), 'utf8')).version;

// ---------------------------------------------------------------------------------------------
// Keys and tokens (signed by jose; both libraries verify the same strings)

const now = Math.floor(Date.now() / 1000);
const claims = { sub: 'user-42', iss: 'https://issuer.example', scope: 'read write', iat: now, exp: now + 86400 };

function verifies(token, jwk, alg) {
  try {
    tinyjose.jwtVerify(token, tinyjose.importJWK(jwk, alg));
    return true;
  } catch {
    return false;
  }
}

async function material({ alg, modulusLength }) {
  let privateKey;
  let jwk;
  if (alg === 'HS256') {
    privateKey = crypto.getRandomValues(new Uint8Array(32));
    jwk = { kty: 'oct', k: Buffer.from(privateKey).toString('base64url') };
  } else {
    const pair = await jose.generateKeyPair(alg, { extractable: true, modulusLength });
    privateKey = pair.privateKey;
    jwk = await jose.exportJWK(pair.publicKey);
  }
  // WebCrypto's ECDSA signatures are high-S half the time, which tinyjose refuses by default:
  // both libraries verify the same low-S token.
  let token;
  do {
    token = await new jose.SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(privateKey);
  } while (alg.startsWith('ES') && !verifies(token, jwk, alg));
  const label = modulusLength ? `${alg} (${modulusLength}-bit)` : alg;
  return { alg, label, jwk, token };
}

const cases = [];
for (const { alg, modulusLength } of CASES) {
  const m = await material({ alg, modulusLength });
  const joseKey = await jose.importJWK(m.jwk, alg);
  const tinyKey = tinyjose.importJWK(m.jwk, alg);
  // Both accept the token and return the same claims.
  const a = (await jose.jwtVerify(m.token, joseKey)).payload;
  const b = tinyjose.jwtVerify(m.token, tinyKey).payload;
  if (JSON.stringify(a) !== JSON.stringify(claims) || JSON.stringify(b) !== JSON.stringify(claims)) {
    throw new Error(`${m.label}: the libraries disagree on the token`);
  }
  // With --key=jwk, each library gets the JWK object on every call (jose freezes it and caches
  // its import by identity; tinyjose caches by content, so serializes it on every call).
  const [joseArg, tinyArg] = KEY_FORM === 'jwk' ? [{ ...m.jwk, alg }, { ...m.jwk, alg }] : [joseKey, tinyKey];
  cases.push({
    ...m,
    jose: { run: async (n) => { for (let i = 0; i < n; i++) await jose.jwtVerify(m.token, joseArg); } },
    tinyjose: { run: async (n) => { for (let i = 0; i < n; i++) tinyjose.jwtVerify(m.token, tinyArg); } },
  });
}

// ---------------------------------------------------------------------------------------------
// Throughput

async function timed(fn, n) {
  const t0 = process.hrtime.bigint();
  await fn(n);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Warms `fn` up for about `ms` and returns the iteration count of a round of ROUND_MS. */
async function calibrate(fn) {
  let n = 16;
  let total = 0;
  let spent = 0;
  while (spent < Math.max(200, ROUND_MS)) {
    const ms = await timed(fn, n);
    total += n;
    spent += ms;
    if (ms < 50) n *= 2;
  }
  return Math.max(10, Math.round((total / spent) * ROUND_MS));
}

const LIBS = ['tinyjose', 'jose'];
for (const c of cases) for (const lib of LIBS) c[lib].n = await calibrate(c[lib].run);
for (const c of cases) for (const lib of LIBS) c[lib].samples = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    for (const lib of r % 2 ? [...LIBS].reverse() : LIBS) {
      const ms = await timed(c[lib].run, c[lib].n);
      c[lib].samples.push((c[lib].n / ms) * 1000);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cold start

/** The libraries whose cold start is measured: the package's root and JWS entry points, and jose. */
const COLD_LIBS = ['tinyjose', 'tinyjose/jws', 'jose'];

function coldScript(lib, c) {
  const importKey = lib === 'jose' ? 'await lib.importJWK(jwk, alg)' : 'lib.importJWK(jwk, alg)';
  return `
const jwk = ${JSON.stringify(c.jwk)}, alg = ${JSON.stringify(c.alg)}, token = ${JSON.stringify(c.token)};
const t0 = performance.now();
const lib = await import(${JSON.stringify(lib)});
const t1 = performance.now();
const key = ${importKey};
const { payload } = await lib.jwtVerify(token, key);
const t2 = performance.now();
if (payload.sub !== 'user-42') throw new Error('unexpected payload');
console.log(JSON.stringify({ import: t1 - t0, total: t2 - t0 }));
`;
}

function coldStart(lib, c) {
  const samples = [];
  for (let i = 0; i < SPAWNS; i++) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', coldScript(lib, c)], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`cold start of ${lib} ${c.label} failed:\n${run.stderr}`);
    samples.push(JSON.parse(run.stdout));
  }
  return { import: median(samples.map((s) => s.import)), total: median(samples.map((s) => s.total)) };
}

const cold = cases.map((c) => ({ label: c.label, ...Object.fromEntries(COLD_LIBS.map((lib) => [lib, coldStart(lib, c)])) }));

// ---------------------------------------------------------------------------------------------
// Report

const out = [];
out.push(`# tinyjose ${version('')} vs jose ${version('node_modules/jose/')}`, '');
out.push(`Node ${process.version} (V8 ${process.versions.v8}), ${process.platform}-${process.arch}, ${cpus()[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus().length}`);
out.push(`Throughput: median of ${ROUNDS} rounds of ~${ROUND_MS} ms each after warm-up. Cold start: median of ${SPAWNS} fresh processes.`, '');

out.push(KEY_FORM === 'jwk' ? '## jwtVerify throughput, the JWK object given on every call' : '## jwtVerify throughput', '');
out.push('| alg | tinyjose ops/s | tinyjose µs/op | jose ops/s | jose µs/op | tinyjose / jose |');
out.push('|---|--:|--:|--:|--:|--:|');
for (const c of cases) {
  const t = median(c.tinyjose.samples);
  const j = median(c.jose.samples);
  out.push(`| ${c.label} | ${fmt(t)} | ${fmt(1e6 / t, 2)} | ${fmt(j)} | ${fmt(1e6 / j, 2)} | ${ratio(t / j)} |`);
}
out.push('', 'tinyjose / jose > 1× means tinyjose verifies more tokens per second.', '');

out.push('## Cold start (dynamic import → key import → first verify), ms', '');
out.push(`| alg | ${COLD_LIBS.map((lib) => `${lib} import | ${lib} total`).join(' | ')} | tinyjose/jws / jose (total) |`);
out.push(`|---|${COLD_LIBS.map(() => '--:|--:').join('|')}|--:|`);
for (const c of cold) {
  const columns = COLD_LIBS.map((lib) => `${fmt(c[lib].import, 1)} | ${fmt(c[lib].total, 1)}`).join(' | ');
  out.push(`| ${c.label} | ${columns} | ${ratio(c['tinyjose/jws'].total / c.jose.total)} |`);
}
out.push('', 'tinyjose/jws / jose < 1× means tinyjose/jws is ready sooner.', '');

out.push('## Entry points (scripts/size.mjs)', '');
const report = spawnSync(process.execPath, ['scripts/size.mjs'], { cwd: ROOT, encoding: 'utf8' });
out.push(report.stdout.trim(), report.stderr.trim());

console.log(out.join('\n'));
