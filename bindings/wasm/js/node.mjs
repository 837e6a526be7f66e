// Entry point for Node.js (and Bun): the module is read from disk and instantiated at import.

import { readFileSync } from 'node:fs';
import * as bindings from '../pkg/tinyjose_wasm.js';
import { setWasm } from './binding.mjs';

bindings.initSync({ module: readFileSync(new URL('../pkg/tinyjose_wasm_bg.wasm', import.meta.url)) });
setWasm(bindings);

export * from './api.mjs';
