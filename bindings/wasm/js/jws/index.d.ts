// Types of `tinyjose/jws`: the JWS part of the package's API (see ../index.d.ts).

export type {
  CompactVerifyResult, JSONWebKeySet, JWK, JWSHeaderParameters, JWSProtectedHeaderToSign, JWTPayload, JWTVerifyOptions,
  JWTVerifyResult, Key, KeyInput, LocalJWKSet, TinyjoseCode, VerifyOptions,
} from '../index.js';
export {
  CompactSign, JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid, JWKSInvalid,
  JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWSInvalid, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWTExpired, JWTInvalid, SignJWT, calculateJwkThumbprint, compactVerify, createLocalJWKSet, decodeJwt,
  decodeProtectedHeader, errors, exportJWK, importJWK, jwtVerify,
} from '../index.js';
