// Error classes with the names, `code`s, constructors and defaults of the `jose` package, and the
// core's own code of each failure (`tinyjoseCode`).

/**
 * The base class of every error tinyjose throws for a token or a key. The constructor is jose's,
 * `(message, options)`; internally the package passes the core's code as a string in place of
 * `options`, which sets `tinyjoseCode` (jose ignores an `options` that is not an object).
 */
export class JOSEError extends Error {
  static code = 'ERR_JOSE_GENERIC';
  code = 'ERR_JOSE_GENERIC';
  // Each class names itself in a static `name` (a subclass of the caller's keeps its own): the
  // names survive a minifier, which renames classes.
  static name = 'JOSEError';
  /** The core's own error code (`Error::code()` in Rust, `error[CODE]` in the CLI). */
  tinyjoseCode;
  constructor(message, options) {
    super(message, typeof options === 'string' ? undefined : options);
    this.name = new.target.name;
    if (typeof options === 'string') this.tinyjoseCode = options;
    Error.captureStackTrace?.(this, new.target);
  }
}

/**
 * The members of a claim error, as jose's constructor sets them:
 * `(message, payload, claim = 'unspecified', reason = 'unspecified')`.
 */
function claimError(error, payload, claim = 'unspecified', reason = 'unspecified') {
  error.claim = claim;
  error.reason = reason;
  error.payload = payload;
}

/** A claim (or the `typ` header) failed validation. */
export class JWTClaimValidationFailed extends JOSEError {
  static code = 'ERR_JWT_CLAIM_VALIDATION_FAILED';
  code = 'ERR_JWT_CLAIM_VALIDATION_FAILED';
  static name = 'JWTClaimValidationFailed';
  claim;
  reason;
  payload;
  constructor(message, payload, claim = 'unspecified', reason = 'unspecified') {
    super(message, { cause: { claim, reason, payload } });
    claimError(this, payload, claim, reason);
  }
}

/** The token has expired (`exp`), or is older than `maxTokenAge`. As in jose, not a subclass of JWTClaimValidationFailed. */
export class JWTExpired extends JOSEError {
  static code = 'ERR_JWT_EXPIRED';
  code = 'ERR_JWT_EXPIRED';
  static name = 'JWTExpired';
  claim;
  reason;
  payload;
  constructor(message, payload, claim = 'unspecified', reason = 'unspecified') {
    super(message, { cause: { claim, reason, payload } });
    claimError(this, payload, claim, reason);
  }
}

/** An algorithm that is not allowed (by `algorithms`, or by the key). */
export class JOSEAlgNotAllowed extends JOSEError {
  static code = 'ERR_JOSE_ALG_NOT_ALLOWED';
  code = 'ERR_JOSE_ALG_NOT_ALLOWED';
  static name = 'JOSEAlgNotAllowed';
}

/** Something tinyjose does not support (an algorithm, a `crit` extension, a header member). */
export class JOSENotSupported extends JOSEError {
  static code = 'ERR_JOSE_NOT_SUPPORTED';
  code = 'ERR_JOSE_NOT_SUPPORTED';
  static name = 'JOSENotSupported';
}

/** The JWE does not decrypt: wrong key, altered token, bad tag or padding, whatever the cause. */
export class JWEDecryptionFailed extends JOSEError {
  static code = 'ERR_JWE_DECRYPTION_FAILED';
  code = 'ERR_JWE_DECRYPTION_FAILED';
  static name = 'JWEDecryptionFailed';
  constructor(message = 'decryption operation failed', options) {
    super(message, options);
  }
}

/** The JWE is malformed. */
export class JWEInvalid extends JOSEError {
  static code = 'ERR_JWE_INVALID';
  code = 'ERR_JWE_INVALID';
  static name = 'JWEInvalid';
}

/** The JWS is malformed. */
export class JWSInvalid extends JOSEError {
  static code = 'ERR_JWS_INVALID';
  code = 'ERR_JWS_INVALID';
  static name = 'JWSInvalid';
}

/** The JWT payload is not a valid claim set. */
export class JWTInvalid extends JOSEError {
  static code = 'ERR_JWT_INVALID';
  code = 'ERR_JWT_INVALID';
  static name = 'JWTInvalid';
}

/** The JWK is invalid or cannot be used. */
export class JWKInvalid extends JOSEError {
  static code = 'ERR_JWK_INVALID';
  code = 'ERR_JWK_INVALID';
  static name = 'JWKInvalid';
}

/** The JWK Set is invalid. */
export class JWKSInvalid extends JOSEError {
  static code = 'ERR_JWKS_INVALID';
  code = 'ERR_JWKS_INVALID';
  static name = 'JWKSInvalid';
}

/** No key of the set matches the token. */
export class JWKSNoMatchingKey extends JOSEError {
  static code = 'ERR_JWKS_NO_MATCHING_KEY';
  code = 'ERR_JWKS_NO_MATCHING_KEY';
  static name = 'JWKSNoMatchingKey';
  constructor(message = 'no applicable key found in the JSON Web Key Set', options) {
    super(message, options);
  }
}

/** Several keys of the set match the token; iterating the error (`for await`) gives each. */
export class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator] = async function* () {};
  static code = 'ERR_JWKS_MULTIPLE_MATCHING_KEYS';
  code = 'ERR_JWKS_MULTIPLE_MATCHING_KEYS';
  static name = 'JWKSMultipleMatchingKeys';
  constructor(message = 'multiple matching keys found in the JSON Web Key Set', options) {
    super(message, options);
  }
}

/** A remote JWK Set request timed out. */
export class JWKSTimeout extends JOSEError {
  static code = 'ERR_JWKS_TIMEOUT';
  code = 'ERR_JWKS_TIMEOUT';
  static name = 'JWKSTimeout';
  constructor(message = 'request timed out', options) {
    super(message, options);
  }
}

/** The signature does not verify. */
export class JWSSignatureVerificationFailed extends JOSEError {
  static code = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
  code = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
  static name = 'JWSSignatureVerificationFailed';
  constructor(message = 'signature verification failed', options) {
    super(message, options);
  }
}
