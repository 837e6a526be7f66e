// What every entry point exports besides its functions over its module: the error classes and
// the decoding of a token without verifying it (neither needs the module).

import * as errors from './errors.mjs';

export { errors };
export {
  JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid, JWKSInvalid,
  JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWKSTimeout, JWSInvalid, JWSSignatureVerificationFailed,
  JWTClaimValidationFailed, JWTExpired, JWTInvalid,
} from './errors.mjs';
export { decodeJwt, decodeProtectedHeader } from './decode.mjs';
