// `tinyjose/jws` for edge workers (workerd, Cloudflare Workers): the .wasm is imported as a compiled
// module, as these runtimes require, and instantiated synchronously.

import module from '../../pkg/jws/tinyjose_wasm_bg.wasm';
import { initSync } from '../../pkg/jws/tinyjose_wasm.js';

initSync({ module });

export * from './api.mjs';
