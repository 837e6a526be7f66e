// Types of `tinyjose/jws`: the JWS part of the package's API (see ../index.d.ts).

export type {
  CompactVerifyResult, FlattenedJWS, FlattenedJWSInput, FlattenedVerifyResult, GeneralJWS, GeneralJWSInput,
  AccessTokenValidationOptions, DpopProofOptions, DpopValidationOptions, DpopValidationResult, GeneralVerifyResult,
  IdTokenValidationOptions, JarmValidationOptions, JarmValidationResult, JtiCacheOptions, JtiReplayCheck, JSONKeyInput, JSONVerifyOptions, JSONWebKeySet, JWK, JWSHeaderParameters,
  JWSJSONProtectedHeaderToSign, JWSProtectedHeaderToSign, JWTPayload, JWTVerifyOptions, JWTVerifyResult, Key, KeyInput,
  LocalJWKSet, RemoteJWKSet, RemoteJWKSetOptions, SdJwtDisclosure, SdJwtIssueOptions, SdJwtKeyBinding, SdJwtKeyBindingCheck,
  SdJwtPresentOptions, SdJwtVerifyOptions, SdJwtVerifyResult, Signature, TinyjoseCode, VerifyOptions,
} from '../index.js';
export {
  CompactSign, FlattenedSign, GeneralSign, flattenedVerify, generalVerify, JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid, JWKSInvalid,
  JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWKSTimeout, JWSInvalid, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWTExpired, JWTInvalid, SignJWT, calculateJwkThumbprint, compactVerify, createLocalJWKSet, createRemoteJWKSet, decodeJwt,
  decodeProtectedHeader, errors, exportJWK, importJWK, jwtVerify, createDpopProof, createJtiCache, validateAccessToken,
  validateDpopProof, validateIdToken, validateJarmResponse, issueSdJwt, presentSdJwt, verifySdJwt,
} from '../index.js';
