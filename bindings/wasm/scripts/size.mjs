// The size report of the package's entry points, and its gate: for each entry, the WebAssembly
// module and the JavaScript a browser loads for it (its static imports, followed from the entry
// file, and the wasm-bindgen glue), raw, gzip -9 and brotli (quality 11), as a page or a worker
// downloads them. It exits with 1 when an entry's wasm + JS (gzip -9) exceeds its budget, or
// when `tinyjose/jws` carries JWE or RSA-private code (its module exports a JWE binding or PEM
// import, or its JavaScript loads jwe.mjs).
//
// Run by `cargo xtask wasm` after the build (which also checks, with `cargo tree`, that the jws
// module compiles no JWE or RSA-private crate); `node scripts/size.mjs` in bindings/wasm alone.
// The JavaScript of an entry is measured as one text, as a bundler would concatenate it.

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Entry points: the file a browser loads for each, its module, and its budget for wasm + JS
 * after gzip -9, in bytes: the size measured when the entries were made, plus about 2.5%, so
 * that any real growth fails here and is decided on (BENCHMARKS.md, "Entry points"). Raised
 * once, for the JWS and JWE JSON serializations (428.0, 193.6 and 377.2 KB measured, plus 2.5%);
 * then, for the token profiles (ID tokens, access tokens, DPoP, JARM, and tinyjose-std's jti
 * replay cache) in `tinyjose` and `tinyjose/jws`, to what they measure rounded up to the next
 * KB (469.1 and 239.9 KB, from 441.6 and 204.6 KB; 1 KB more for `tinyjose/jws`); then, for
 * createRemoteJWKSet (its JavaScript, and the core's JWK Set cache and URL check) in the same two,
 * by what it adds, rounded up to the next KB (477.3 and 248.5 KB, from 470.0 and 240.8 KB); then,
 * for the core without reachable panics and with a constant-time AES key unwrap, in all three, to
 * what they measure rounded up to the next KB (480.1, 250.3 and 392.2 KB); then, for SD-JWT
 * (issueSdJwt, presentSdJwt, verifySdJwt: the core's `sd-jwt` and their JavaScript) in `tinyjose`
 * and `tinyjose/jws`, and the SD-JWT error classes shared by all three, to what they measure
 * rounded up to the next KB (501.9, 271.1 and 393.3 KB, from 480.8, 250.7 and 392.9 KB).
 */
const ENTRIES = [
  { name: 'tinyjose', js: 'js/browser.mjs', wasm: 'pkg/tinyjose_wasm_bg.wasm', budget: 503_000 },
  { name: 'tinyjose/jws', js: 'js/jws/browser.mjs', wasm: 'pkg/jws/tinyjose_wasm_bg.wasm', budget: 273_000 },
  { name: 'tinyjose/jwe', js: 'js/jwe/browser.mjs', wasm: 'pkg/jwe/tinyjose_wasm_bg.wasm', budget: 394_000 },
];

/** What `tinyjose/jws` must not carry: bindings of JWE and of PEM (RSA-private) keys, and jwe.mjs. */
const JWS_FORBIDDEN = {
  bindings: [/^export class JweKey\b/m, /^export function (decrypt|encrypt|jweHeader)\(/m, /\bstatic fromPem\(/],
  files: ['js/jwe.mjs'],
};

/** `spec`, imported from `file`, as a path from the package root with `/` separators. */
const target = (file, spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/');

/** Every file `file` imports statically, itself included, in a stable order. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(ROOT, file), 'utf8');
  for (const [, spec] of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(target(file, spec), seen);
  }
  for (const [, spec] of text.matchAll(/import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(target(file, spec), seen);
  }
  return seen;
}

/** Raw, gzip -9 and brotli sizes of `bytes`. */
function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const failures = [];
const rows = [];
for (const entry of ENTRIES) {
  const files = [...closure(entry.js)];
  const js = sizes(Buffer.concat(files.map((f) => readFileSync(join(ROOT, f)))));
  const wasm = sizes(readFileSync(join(ROOT, entry.wasm)));
  const gzip = wasm.gzip + js.gzip;
  if (gzip > entry.budget) failures.push(`${entry.name}: ${kb(gzip)} gzip -9 exceeds its budget of ${kb(entry.budget)}`);
  rows.push({ entry, files, js, wasm });
}

const jws = rows.find((r) => r.entry.name === 'tinyjose/jws');
const glue = jws.files.filter((f) => f.startsWith('pkg/')).map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
if (!/^export function verify\(/m.test(glue)) failures.push('tinyjose/jws: its wasm-bindgen glue was not found, so it cannot be checked');
for (const pattern of JWS_FORBIDDEN.bindings) {
  if (pattern.test(glue)) failures.push(`tinyjose/jws: its module binds ${pattern} (JWE or RSA-private code)`);
}
for (const file of JWS_FORBIDDEN.files) {
  if (jws.files.includes(file)) failures.push(`tinyjose/jws: its JavaScript loads ${file}`);
}

console.log('| entry | part | raw | gzip -9 | brotli |');
console.log('|---|---|--:|--:|--:|');
for (const { entry, js, wasm } of rows) {
  console.log(`| \`${entry.name}\` | wasm | ${kb(wasm.raw)} | ${kb(wasm.gzip)} | ${kb(wasm.brotli)} |`);
  console.log(`| \`${entry.name}\` | JS | ${kb(js.raw)} | ${kb(js.gzip)} | ${kb(js.brotli)} |`);
  console.log(
    `| \`${entry.name}\` | **wasm + JS** | ${kb(wasm.raw + js.raw)} | ${kb(wasm.gzip + js.gzip)} (budget ${kb(entry.budget)}) | ${kb(wasm.brotli + js.brotli)} |`,
  );
}
for (const { entry, files } of rows) {
  console.log(`${entry.name}: ${files.length} JavaScript files from ${entry.js}`);
}
if (failures.length) {
  for (const failure of failures) console.error(`size: ${failure}`);
  process.exit(1);
}
