// The jose-shaped API over the tinyjose core. Every function is synchronous: it returns its
// value directly, and `await` on it still works, so code written for `jose` runs unchanged.
//
// One module per concept: jws.mjs (verify, sign), jwe.mjs (decrypt, encrypt), keys.mjs (import,
// export, generation, key arguments), decode.mjs (decoding without verifying), jwt.mjs (the claim
// setters), options.mjs (arguments and options), failure.mjs (wasm failures to jose errors).

import * as errors from './errors.mjs';

export { errors };
export {
  JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid, JWKSInvalid,
  JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWSInvalid, JWSSignatureVerificationFailed,
  JWTClaimValidationFailed, JWTExpired, JWTInvalid,
} from './errors.mjs';
export { decodeJwt, decodeProtectedHeader } from './decode.mjs';
export { CompactEncrypt, EncryptJWT, compactDecrypt, jwtDecrypt } from './jwe.mjs';
export { CompactSign, SignJWT, compactVerify, jwtVerify } from './jws.mjs';
export {
  calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, generateSecret, importJWK, importPKCS8,
  importSPKI,
} from './keys.mjs';
