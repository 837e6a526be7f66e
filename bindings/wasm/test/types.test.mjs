// The TypeScript declarations (js/index.d.ts, js/jws/index.d.ts, js/jwe/index.d.ts): `tsc --strict`
// accepts files that use every export as documented, resolving the package and its entry points
// by name through its exports map, and rejects each misuse they mark with @ts-expect-error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('index.d.ts types every export, and tsc --strict accepts the usage file', () => {
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/types/tsconfig.json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
  assert.equal(run.stdout, '');
});
