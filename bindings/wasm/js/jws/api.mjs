// The API of `tinyjose/jws`: verifying and signing JWS and JWTs, and their keys, the token
// profiles and SD-JWT, over a module without JWE, PEM or RSA private keys
// (pkg/jws/tinyjose_wasm_bg.wasm). As the root entry point for these functions; a JWE algorithm
// is `JOSENotSupported` here.

import * as wasm from '../../pkg/jws/tinyjose_wasm.js';
import { jwsFunctions } from '../jws.mjs';
import { keyFunctions } from '../keys.mjs';
import { profileFunctions } from '../profiles.mjs';
import { remoteFunctions } from '../remote.mjs';
import { sdJwtFunctions } from '../sd-jwt.mjs';

const keys = keyFunctions(wasm);
export const { calculateJwkThumbprint, createLocalJWKSet, exportJWK, importJWK } = keys;
export const {
  CompactSign, FlattenedSign, GeneralSign, SignJWT, compactVerify, flattenedVerify, generalVerify, jwtVerify,
} = jwsFunctions(wasm, keys);
export const {
  createDpopProof, createJtiCache, validateAccessToken, validateDpopProof, validateIdToken, validateJarmResponse,
} = profileFunctions(wasm, keys);
export const { createRemoteJWKSet } = remoteFunctions(wasm, keys);
export const { issueSdJwt, presentSdJwt, verifySdJwt } = sdJwtFunctions(wasm, keys);
export * from '../shared.mjs';
