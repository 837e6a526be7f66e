// The size report of the package's entry points: for each, the WebAssembly module and the
// JavaScript it loads (its static imports, followed from the entry file, and the wasm-bindgen
// glue), raw, gzip -9 and brotli (quality 11), as a page or a worker downloads them.
//
// Run by `cargo xtask wasm` after the build; `node scripts/size.mjs` in bindings/wasm alone.
// The JavaScript of an entry is measured as one text, as a bundler would concatenate it.

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry points: the file a browser loads for each, and its module. */
const ENTRIES = [{ name: 'tinyjose', js: 'js/browser.mjs', wasm: 'pkg/tinyjose_wasm_bg.wasm' }];

/** Every file `file` imports statically, itself included, in a stable order. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(ROOT, file), 'utf8');
  for (const [, spec] of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(relative(ROOT, resolve(ROOT, dirname(file), spec)), seen);
  }
  for (const [, spec] of text.matchAll(/import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(relative(ROOT, resolve(ROOT, dirname(file), spec)), seen);
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
const rows = [];
for (const entry of ENTRIES) {
  const files = [...closure(entry.js)];
  const js = sizes(Buffer.concat(files.map((f) => readFileSync(join(ROOT, f)))));
  const wasm = sizes(readFileSync(join(ROOT, entry.wasm)));
  rows.push({ entry, files, js, wasm });
}

console.log('| entry | part | raw | gzip -9 | brotli |');
console.log('|---|---|--:|--:|--:|');
for (const { entry, js, wasm } of rows) {
  console.log(`| \`${entry.name}\` | wasm | ${kb(wasm.raw)} | ${kb(wasm.gzip)} | ${kb(wasm.brotli)} |`);
  console.log(`| \`${entry.name}\` | JS | ${kb(js.raw)} | ${kb(js.gzip)} | ${kb(js.brotli)} |`);
  console.log(
    `| \`${entry.name}\` | wasm + JS | ${kb(wasm.raw + js.raw)} | ${kb(wasm.gzip + js.gzip)} | ${kb(wasm.brotli + js.brotli)} |`,
  );
}
for (const { entry, files } of rows) {
  console.log(`${entry.name}: ${files.length} JavaScript files from ${entry.js}`);
}
