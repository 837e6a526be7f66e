// jose's `errors` module, case by case: every class, its `code`, `name`, default message,
// constructor arguments and inheritance, against jose and against this package.

import assert from 'node:assert/strict';

import { pairs } from './pairs.mjs';

/** jose's error classes with the message a bare `new` gives (`''` when it has no default). */
const CLASSES = {
  JOSEError: ['ERR_JOSE_GENERIC', ''],
  JOSEAlgNotAllowed: ['ERR_JOSE_ALG_NOT_ALLOWED', ''],
  JOSENotSupported: ['ERR_JOSE_NOT_SUPPORTED', ''],
  JWEDecryptionFailed: ['ERR_JWE_DECRYPTION_FAILED', 'decryption operation failed'],
  JWEInvalid: ['ERR_JWE_INVALID', ''],
  JWKInvalid: ['ERR_JWK_INVALID', ''],
  JWKSInvalid: ['ERR_JWKS_INVALID', ''],
  JWKSMultipleMatchingKeys: ['ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'multiple matching keys found in the JSON Web Key Set'],
  JWKSNoMatchingKey: ['ERR_JWKS_NO_MATCHING_KEY', 'no applicable key found in the JSON Web Key Set'],
  JWKSTimeout: ['ERR_JWKS_TIMEOUT', 'request timed out'],
  JWSInvalid: ['ERR_JWS_INVALID', ''],
  JWSSignatureVerificationFailed: ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'signature verification failed'],
  JWTClaimValidationFailed: ['ERR_JWT_CLAIM_VALIDATION_FAILED', ''],
  JWTExpired: ['ERR_JWT_EXPIRED', ''],
  JWTInvalid: ['ERR_JWT_INVALID', ''],
};

const cases = [
  {
    name: 'the errors namespace has exactly jose\'s classes',
    run: (lib) => Object.keys(lib.errors).sort(),
    value: Object.keys(CLASSES).sort(),
  },
];

for (const [name, [code, message]] of Object.entries(CLASSES)) {
  cases.push({
    name: `${name}: code, name and default message`,
    run: (lib) => {
      const Class = lib.errors[name];
      const e = new Class();
      return { static: Class.code, code: e.code, name: e.name, message: e.message, error: e instanceof Error, base: e instanceof lib.errors.JOSEError };
    },
    value: { static: code, code, name, message, error: true, base: true },
  });
  cases.push({
    name: `${name}: a message and a cause, as jose takes them`,
    run: (lib) => {
      const cause = new Error('inner');
      const e = name.startsWith('JWT') && name !== 'JWTInvalid'
        ? new lib.errors[name]('words', { iss: 'x' }, 'iss', 'check_failed')
        : new lib.errors[name]('words', { cause });
      return { message: e.message, cause: e.cause instanceof Error ? e.cause.message : e.cause };
    },
    value: {
      message: 'words',
      cause: name.startsWith('JWT') && name !== 'JWTInvalid' ? { claim: 'iss', reason: 'check_failed', payload: { iss: 'x' } } : 'inner',
    },
  });
}

cases.push(
  {
    name: 'JWTClaimValidationFailed: claim, reason and payload, defaults unspecified',
    run: (lib) => {
      const e = new lib.errors.JWTClaimValidationFailed('m');
      const f = new lib.errors.JWTClaimValidationFailed('m', { sub: 'a' }, 'sub', 'missing');
      return [e.claim, e.reason, e.payload, f.claim, f.reason, f.payload];
    },
    value: ['unspecified', 'unspecified', undefined, 'sub', 'missing', { sub: 'a' }],
  },
  {
    name: 'JWTExpired: claim, reason and payload, and not a JWTClaimValidationFailed',
    run: (lib) => {
      const e = new lib.errors.JWTExpired('m', { exp: 1 }, 'exp', 'check_failed');
      return [e.claim, e.reason, e.payload, e instanceof lib.errors.JWTClaimValidationFailed];
    },
    value: ['exp', 'check_failed', { exp: 1 }, false],
  },
  {
    name: 'JWKSMultipleMatchingKeys is async iterable',
    run: (lib) => typeof new lib.errors.JWKSMultipleMatchingKeys()[Symbol.asyncIterator],
    value: 'function',
  },
  {
    name: 'a subclass names itself',
    run: (lib) => {
      class Mine extends lib.errors.JWSInvalid {}
      return [new Mine('x').name, new Mine('x').code];
    },
    value: ['Mine', 'ERR_JWS_INVALID'],
  },
  {
    name: 'the error of a failed verification is an instance of the exported class',
    run: async (lib) => {
      try {
        await lib.compactVerify('e30.e30.AAAA', new Uint8Array(32));
      } catch (e) {
        return [e instanceof lib.errors.JOSEError, e.name];
      }
      assert.fail('verified');
    },
    value: [true, 'JWSInvalid'],
  },
);

pairs('errors', cases);
