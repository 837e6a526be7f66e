// The paired suites (pair-*.test.mjs): each case runs against `jose` itself and against this
// package, and both must give what the case says jose gives: the value, or the error's class,
// `code` and message. A drift of either side from the case fails that side's test.
//
// A case where tinyjose is deliberately stricter than jose names its row of DIFFERENCES (the
// table of the package README, "Deliberate differences from jose") and says what tinyjose gives
// instead; every other case must be the same for both.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as jose from 'jose';
import * as tinyjose from 'tinyjose';

/** Both libraries, by name. */
export const LIBRARIES = { jose, tinyjose };

/**
 * The deliberate differences from jose: the keys of the README's table rows (each row starts
 * with `| <key> |`). A case that differs names one of these.
 */
export const DIFFERENCES = Object.freeze([
  'aud-by-default',
  'iat-future',
  'claim-types',
  'strict-parsing',
  'options-first',
  'rsa-2048',
  'secret-length',
  'b64-crit',
  'pbes2-bounds',
  'ecdsa-low-s',
  'alg-unprotected',
  'crit-extensions',
  'one-decryption-error',
  'set-candidates',
  'mixed-key-set',
  'key-import-time',
  'key-binding',
  'key-use',
  'key-forms',
  'extractable',
  'header-writable',
  'algorithms-subset',
  'remote-jwks',
  'synchronous',
]);

/** The outcome of `run`: `{ value }` or `{ error }`, the error reduced to what is compared. */
async function outcome(run) {
  try {
    return { value: await run() };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const error = { name: e.name, message: e.message };
    if (e.code !== undefined) error.code = e.code;
    if (e.claim !== undefined) error.claim = e.claim;
    if (e.reason !== undefined) error.reason = e.reason;
    return { error };
  }
}

/**
 * An expected error: `[name, message]`, or `[name, message, { claim, reason }]`. The `code` of a
 * JOSEError class is its static `code`, the same in both libraries.
 */
function expectedError([name, message, extra = {}]) {
  const error = { name, message, ...extra };
  if (name !== 'TypeError' && name !== 'SyntaxError') error.code = jose.errors[name].code;
  return error;
}

/**
 * Runs `cases` against both libraries, in one `describe` per library. A case is
 * `{ name, run(lib), throws?, value?, check?(value), tinyjose?, difference? }`:
 * - `throws`: the error jose gives (`[name, message, extra?]`);
 * - `value` (compared deeply) or `check` (asserts on it): what jose returns;
 * - `tinyjose` and `difference`: what tinyjose gives instead (a `throws` triple, or
 *   `{ value }` / `{ check }`), and the DIFFERENCES row that says why.
 */
export function pairs(title, cases) {
  if (process.env.PAIRS_SHOW) return show(cases);
  const names = new Set();
  for (const c of cases) {
    assert.ok(!names.has(c.name), `case named twice: ${c.name}`);
    names.add(c.name);
    assert.equal(c.tinyjose === undefined, c.difference === undefined, `${c.name}: a difference names its row and its outcome`);
    if (c.difference !== undefined) assert.ok(DIFFERENCES.includes(c.difference), `${c.name}: unknown difference ${c.difference}`);
  }
  for (const [library, lib] of Object.entries(LIBRARIES)) {
    describe(`${title}: ${library}`, () => {
      for (const c of cases) {
        const expected = library === 'tinyjose' && c.tinyjose !== undefined ? normalize(c.tinyjose) : normalize(c);
        test(c.difference && library === 'tinyjose' ? `${c.name} (difference: ${c.difference})` : c.name, async () => {
          const got = await outcome(() => c.run(lib));
          if (expected.throws) {
            assert.deepEqual(got, { error: expectedError(expected.throws) });
          } else if (got.error) {
            assert.fail(`expected a value, got ${got.error.name}: ${got.error.message}`);
          } else if (expected.check) {
            await expected.check(got.value, lib);
          } else {
            assert.deepEqual(got.value, expected.value);
          }
        });
      }
    });
  }
}

/**
 * With PAIRS_SHOW=1, prints each case's outcome in both libraries instead of testing: what a
 * new case's expectation is read from (jose's behaviour, checked by hand before it is written).
 */
async function show(cases) {
  for (const c of cases) {
    const [j, t] = [await outcome(() => c.run(jose)), await outcome(() => c.run(tinyjose))];
    const same = JSON.stringify(j) === JSON.stringify(t);
    console.log(`${same ? '  ' : '!!'} ${c.name}\n   jose     ${JSON.stringify(j, replacer)}${same ? '' : `\n   tinyjose ${JSON.stringify(t, replacer)}`}`);
  }
}

const replacer = (_, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v);

/** A case's expectation: an array is a `throws` triple. */
function normalize(expectation) {
  return Array.isArray(expectation) ? { throws: expectation } : expectation;
}

/** The rows of the README's table of deliberate differences, by key. */
export function readmeDifferenceRows() {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const table = readme.split('### Deliberate differences from jose')[1]?.split('\n### ')[0] ?? '';
  return [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
}

// -------------------------------------------------------------------------------------------
// Fixtures shared by the paired suites

/** The fixed clock of the paired suites: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;
export const currentDate = new Date(NOW * 1000);

/** A 32-byte HS256 secret: 1, 2, ..., 32. */
export const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

export const encode = (text) => new TextEncoder().encode(text);
export const b64u = (data) => Buffer.from(typeof data === 'string' ? encode(data) : data).toString('base64url');
