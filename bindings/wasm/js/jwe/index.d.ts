// Types of `tinyjose/jwe`: the JWE part of the package's API (see ../index.d.ts).

export type {
  CompactDecryptResult, CompactJWEHeaderParameters, FlattenedDecryptResult, FlattenedJWE, GeneralDecryptResult, GeneralJWE,
  JWEJSONKeyInput, JWEJSONProtectedHeaderToEncrypt, JWERecipientHeaderToEncrypt, Recipient, DecryptOptions, GenerateKeyPairOptions, GenerateKeyPairResult, JWEContentEncryptionAlgorithm,
  JWEHeaderParameters, JWEKeyInput, JWEKeyManagementAlgorithm, JWEKeyManagementHeaderParameters,
  JWEProtectedHeaderToEncrypt, JWK, JWTDecryptOptions, JWTDecryptResult, JWTPayload, Key, TinyjoseCode,
} from '../index.js';
export {
  CompactEncrypt, EncryptJWT, FlattenedEncrypt, GeneralEncrypt, flattenedDecrypt, generalDecrypt, JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid,
  JWKSInvalid, JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWKSTimeout, JWSInvalid, JWSSignatureVerificationFailed,
  JWTClaimValidationFailed, JWTExpired, JWTInvalid, calculateJwkThumbprint, compactDecrypt, decodeJwt,
  decodeProtectedHeader, errors, exportJWK, generateKeyPair, generateSecret, importJWK, importPKCS8, importSPKI,
  jwtDecrypt,
} from '../index.js';
