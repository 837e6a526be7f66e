// `tinyjose` for browsers, bundlers and Deno: the module is fetched next to this file, compiled
// while it downloads (`WebAssembly.instantiateStreaming`), and instantiated at import
// (top-level await).

import init from '../pkg/tinyjose_wasm.js';

await init({ module_or_path: new URL('../pkg/tinyjose_wasm_bg.wasm', import.meta.url) });

export * from './api.mjs';
