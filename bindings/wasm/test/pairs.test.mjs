// The table of deliberate differences from jose (README, "Deliberate differences from jose") and
// the paired suites agree: the same rows, in the same order, and every difference a paired case
// names is a row.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { DIFFERENCES, readmeDifferenceRows } from './pairs.mjs';

test('the README table has exactly the rows of DIFFERENCES, in order', () => {
  assert.deepEqual(readmeDifferenceRows(), [...DIFFERENCES]);
});

test('there is a paired suite per jose module, and their differences are rows of the table', () => {
  const suites = readdirSync(new URL('.', import.meta.url)).filter((name) => /^pair-.*\.test\.mjs$/.test(name)).sort();
  assert.deepEqual(suites, [
    'pair-errors.test.mjs', 'pair-jwe-compact.test.mjs', 'pair-jwe-json.test.mjs', 'pair-jwk-export.test.mjs', 'pair-jwk-import.test.mjs',
    'pair-jwk-thumbprint.test.mjs', 'pair-jwks-local.test.mjs', 'pair-jws-compact.test.mjs', 'pair-jws-json.test.mjs', 'pair-jwt-sign.test.mjs',
    'pair-jwt-verify.test.mjs', 'pair-util-decode.test.mjs',
  ]);
  for (const suite of suites) {
    const text = readFileSync(new URL(suite, import.meta.url), 'utf8');
    for (const [, row] of text.matchAll(/difference: '([a-z0-9-]+)'/g)) assert.ok(DIFFERENCES.includes(row), `${suite}: ${row}`);
  }
});
