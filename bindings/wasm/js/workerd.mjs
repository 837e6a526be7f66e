// Entry point for edge workers (workerd, Cloudflare Workers): the .wasm is imported as a
// compiled module, as these runtimes require, and instantiated synchronously.

import module from '../pkg/tinyjose_wasm_bg.wasm';
import * as bindings from '../pkg/tinyjose_wasm.js';
import { setWasm } from './binding.mjs';

bindings.initSync({ module });
setWasm(bindings);

export * from './api.mjs';
