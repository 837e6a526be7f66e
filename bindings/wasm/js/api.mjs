// The API of the root entry point, `tinyjose`: the jose API over the module with everything
// (pkg/tinyjose_wasm_bg.wasm). Every function is synchronous: it returns its value directly,
// and `await` on it still works, so code written for `jose` runs unchanged.
//
// The runtime entry points (node.mjs, browser.mjs, workerd.mjs) instantiate the module, then
// re-export this. One module per concept: jws.mjs (verify, sign), jwe.mjs (decrypt, encrypt),
// keys.mjs (import, export, generation, key arguments), remote.mjs (remote JWK Sets),
// profiles.mjs (ID tokens, access tokens, DPoP proofs, JARM responses), sd-jwt.mjs (SD-JWT:
// issuing, presenting, verifying), decode.mjs (decoding without verifying), jwt.mjs (the claim
// setters), options.mjs (arguments and options), failure.mjs (wasm failures to jose errors).
// tinyjose/jws and tinyjose/jwe (jws/api.mjs, jwe/api.mjs) take part of it, each over its own,
// smaller module.

import * as wasm from '../pkg/tinyjose_wasm.js';
import { jweFunctions } from './jwe.mjs';
import { jwsFunctions } from './jws.mjs';
import { keyFunctions } from './keys.mjs';
import { profileFunctions } from './profiles.mjs';
import { remoteFunctions } from './remote.mjs';
import { sdJwtFunctions } from './sd-jwt.mjs';

const keys = keyFunctions(wasm);
export const {
  calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, generateSecret, importJWK, importPKCS8,
  importSPKI,
} = keys;
export const {
  CompactSign, FlattenedSign, GeneralSign, SignJWT, compactVerify, flattenedVerify, generalVerify, jwtVerify,
} = jwsFunctions(wasm, keys);
export const {
  CompactEncrypt, EncryptJWT, FlattenedEncrypt, GeneralEncrypt, compactDecrypt, flattenedDecrypt, generalDecrypt, jwtDecrypt,
} = jweFunctions(wasm, keys);
export const {
  createDpopProof, createJtiCache, validateAccessToken, validateDpopProof, validateIdToken, validateJarmResponse,
} = profileFunctions(wasm, keys);
export const { createRemoteJWKSet } = remoteFunctions(wasm, keys);
export const { issueSdJwt, presentSdJwt, verifySdJwt } = sdJwtFunctions(wasm, keys);
export * from './shared.mjs';
