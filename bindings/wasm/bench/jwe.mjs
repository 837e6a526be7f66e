// compactDecrypt throughput, tinyjose against jose, on the same tokens and keys. Run from
// bindings/wasm: `node bench/jwe.mjs`.
//
// Options: --rounds=N (rounds per case, default 7), --round-ms=N (target length of a round,
// default 300), --quick.
//
// Cases: dir + A256GCM, A256KW + A256GCM and ECDH-ES+A256KW + A256GCM on P-256, each with a
// 1 KiB and a 64 KiB plaintext. jose encrypts every token once; both libraries decrypt the same
// string with a key imported once (jose.importJWK or the raw secret, tinyjose importJWK or the
// raw secret). jose's compactDecrypt is awaited, tinyjose's is synchronous. After a warm-up that
// also sizes the rounds, the cases run interleaved round by round and the median round is
// reported.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as jose from 'jose';
import * as tinyjose from 'tinyjose';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v === undefined ? true : Number(v)];
}));
const ROUNDS = args.rounds ?? (args.quick ? 3 : 7);
const ROUND_MS = args['round-ms'] ?? (args.quick ? 100 : 300);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (n) => `${n >= 10 ? fmt(n, 1) : fmt(n, 2)}×`;
const version = (pkg) => JSON.parse(readFileSync(new URL(`../${pkg}package.json`, import.meta.url), 'utf8')).version;

async function keys(alg) {
  if (alg === 'dir' || alg === 'A256KW') {
    const secret = new Uint8Array(randomBytes(32));
    return { encrypt: secret, jose: secret, tinyjose: secret };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { crv: 'P-256', extractable: true });
  return { encrypt: publicKey, jose: privateKey, tinyjose: tinyjose.importJWK(await jose.exportJWK(privateKey), alg) };
}

const cases = [];
for (const alg of ['dir', 'A256KW', 'ECDH-ES+A256KW']) {
  const k = await keys(alg);
  for (const size of [1024, 65536]) {
    const plaintext = new Uint8Array(randomBytes(size));
    const token = await new jose.CompactEncrypt(plaintext).setProtectedHeader({ alg, enc: 'A256GCM' }).encrypt(k.encrypt);
    const a = (await jose.compactDecrypt(token, k.jose)).plaintext;
    const b = tinyjose.compactDecrypt(token, k.tinyjose).plaintext;
    if (Buffer.compare(Buffer.from(a), Buffer.from(plaintext)) || Buffer.compare(Buffer.from(b), Buffer.from(plaintext))) {
      throw new Error(`${alg} ${size}: the libraries disagree on the token`);
    }
    cases.push({
      label: `${alg} + A256GCM${alg.startsWith('ECDH') ? ' (P-256)' : ''}, ${size / 1024} KiB`,
      jose: { run: async (n) => { for (let i = 0; i < n; i++) await jose.compactDecrypt(token, k.jose); } },
      tinyjose: { run: async (n) => { for (let i = 0; i < n; i++) tinyjose.compactDecrypt(token, k.tinyjose); } },
    });
  }
}

async function timed(fn, n) {
  const t0 = process.hrtime.bigint();
  await fn(n);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Warms `fn` up and returns the iteration count of a round of ROUND_MS. */
async function calibrate(fn) {
  let n = 4;
  let total = 0;
  let spent = 0;
  while (spent < Math.max(200, ROUND_MS)) {
    const ms = await timed(fn, n);
    total += n;
    spent += ms;
    if (ms < 50) n *= 2;
  }
  return Math.max(5, Math.round((total / spent) * ROUND_MS));
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

const out = [];
out.push(`# compactDecrypt: tinyjose ${version('')} vs jose ${version('node_modules/jose/')}`, '');
out.push(`Node ${process.version} (V8 ${process.versions.v8}), ${process.platform}-${process.arch}, ${cpus()[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus().length}`);
out.push(`Median of ${ROUNDS} rounds of ~${ROUND_MS} ms each after warm-up.`, '');
out.push('| case | tinyjose ops/s | tinyjose µs/op | jose ops/s | jose µs/op | tinyjose / jose |');
out.push('|---|--:|--:|--:|--:|--:|');
for (const c of cases) {
  const t = median(c.tinyjose.samples);
  const j = median(c.jose.samples);
  out.push(`| ${c.label} | ${fmt(t)} | ${fmt(1e6 / t, 2)} | ${fmt(j)} | ${fmt(1e6 / j, 2)} | ${ratio(t / j)} |`);
}
out.push('', 'tinyjose / jose > 1× means tinyjose decrypts more tokens per second.');
console.log(out.join('\n'));
