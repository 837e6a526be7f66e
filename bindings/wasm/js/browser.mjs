// Entry point for browsers, bundlers and Deno: the module is fetched next to this file and
// instantiated at import (top-level await).

import * as bindings from '../pkg/tinyjose_wasm.js';
import { setWasm } from './binding.mjs';

await bindings.default({ module_or_path: new URL('../pkg/tinyjose_wasm_bg.wasm', import.meta.url) });
setWasm(bindings);

export * from './api.mjs';
