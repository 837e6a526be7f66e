// The API of `tinyjose/jwe`: decrypting and encrypting JWE and encrypted JWTs, and their keys,
// over a module without JWS (pkg/jwe/tinyjose_wasm_bg.wasm). As the root entry point for these
// functions; a JWS algorithm is `JOSENotSupported` here.

import * as wasm from '../../pkg/jwe/tinyjose_wasm.js';
import { jweFunctions } from '../jwe.mjs';
import { keyFunctions } from '../keys.mjs';

const keys = keyFunctions(wasm);
export const {
  calculateJwkThumbprint, exportJWK, generateKeyPair, generateSecret, importJWK, importPKCS8, importSPKI,
} = keys;
export const {
  CompactEncrypt, EncryptJWT, FlattenedEncrypt, GeneralEncrypt, compactDecrypt, flattenedDecrypt, generalDecrypt, jwtDecrypt,
} = jweFunctions(wasm, keys);
export * from '../shared.mjs';
