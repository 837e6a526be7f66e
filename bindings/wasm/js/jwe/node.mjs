// `tinyjose/jwe` for Node.js (and Bun): the module is read from disk and instantiated at import.

import { readFileSync } from 'node:fs';
import { initSync } from '../../pkg/jwe/tinyjose_wasm.js';

initSync({ module: readFileSync(new URL('../../pkg/jwe/tinyjose_wasm_bg.wasm', import.meta.url)) });

export * from './api.mjs';
