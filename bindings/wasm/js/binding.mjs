// The instantiated wasm module, set once by the entry point for each runtime.

/** The wasm-bindgen exports, after instantiation. */
export let wasm;

/** Sets the instantiated module (called by node.mjs, browser.mjs and workerd.mjs). */
export function setWasm(exports) {
  wasm = exports;
}
