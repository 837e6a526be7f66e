// Types of the tinyjose npm package: the jose API, synchronous.
//
// Every function returns its value directly; `await` on it still works, so code written for
// `jose` runs unchanged.

/** A key bound to one algorithm (from importJWK, importSPKI, importPKCS8 or generateKeyPair). */
export interface Key {
  /** The algorithm the key is bound to, e.g. "ES256" or "PS384". */
  readonly alg: string;
  /** The `kid` of the JWK it was imported from. */
  readonly kid: string | undefined;
  /** Whether the key can sign (a private key or an HMAC secret). */
  readonly canSign: boolean;
  /** Whether the key is an HMAC secret. */
  readonly isSecret: boolean;
  /** Releases the key's memory now rather than when it is garbage-collected. */
  free(): void;
}

/** A JSON Web Key (RFC 7517). */
export interface JWK {
  kty?: string;
  crv?: string;
  alg?: string;
  kid?: string;
  use?: string;
  key_ops?: string[];
  x?: string;
  y?: string;
  d?: string;
  k?: string;
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  [member: string]: unknown;
}

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JSONWebKeySet {
  keys: JWK[];
}

/** The protected header of a JWS. */
export interface JWSHeaderParameters {
  alg?: string;
  kid?: string;
  typ?: string;
  cty?: string;
  crit?: string[];
  [parameter: string]: unknown;
}

/** The protected header tinyjose writes: `alg` and, optionally, `kid`, `typ` and `cty`. */
export interface JWSProtectedHeaderToSign {
  alg: string;
  kid?: string;
  typ?: string;
  cty?: string;
}

/** The claims of a JWT (RFC 7519 §4). */
export interface JWTPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  nbf?: number;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

/** The function createLocalJWKSet returns: pass it as the key of jwtVerify or compactVerify. */
export interface LocalJWKSet {
  (protectedHeader?: JWSHeaderParameters, token?: string): LocalJWKSet;
}

/** What jwtVerify and compactVerify accept as a key. */
export type KeyInput =
  | Key
  | JWK
  | JSONWebKeySet
  | Uint8Array
  | LocalJWKSet
  | ((protectedHeader: JWSHeaderParameters, token: string) => Key | JWK | JSONWebKeySet | Uint8Array);

/** Options of compactVerify. */
export interface VerifyOptions {
  /** The only algorithms accepted (the keys decide the algorithm in any case). */
  algorithms?: string[];
}

/** Options of jwtVerify, named as in `jose`. */
export interface JWTVerifyOptions extends VerifyOptions {
  /** Accepted issuer(s) (`iss`). */
  issuer?: string | string[];
  /** Accepted audience(s); a token with `aud` is refused unless this is set. */
  audience?: string | string[];
  /** The required subject (`sub`). */
  subject?: string;
  /** The required `typ` header, compared as a media type ("JWT" equals "application/jwt"). */
  typ?: string;
  /** Clock skew allowed, in seconds or as a time span such as "30s". */
  clockTolerance?: number | string;
  /** The time to validate at, instead of now. */
  currentDate?: Date;
  /** The oldest `iat` accepted, in seconds or as a time span such as "1h". */
  maxTokenAge?: number | string;
  /** Claims that must be present. */
  requiredClaims?: string[];
}

/** A verified JWT. */
export interface JWTVerifyResult<Payload = JWTPayload> {
  payload: Payload & JWTPayload;
  protectedHeader: JWSHeaderParameters;
}

/** A verified compact JWS. */
export interface CompactVerifyResult {
  payload: Uint8Array;
  protectedHeader: JWSHeaderParameters;
}

/** A generated key pair. */
export interface GenerateKeyPairResult {
  publicKey: Key;
  privateKey: Key;
}

/** Verifies a JWT and validates its claims (`exp` and `nbf` always when present). */
export function jwtVerify<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: KeyInput,
  options?: JWTVerifyOptions,
): JWTVerifyResult<Payload>;

/** Verifies a compact JWS. */
export function compactVerify(
  jws: string | Uint8Array,
  key: KeyInput,
  options?: VerifyOptions,
): CompactVerifyResult;

/** The claims of a JWT, NOT verified. */
export function decodeJwt<Payload = JWTPayload>(jwt: string): Payload & JWTPayload;

/** The protected header of a JWS or JWE, NOT verified. */
export function decodeProtectedHeader(token: string): JWSHeaderParameters;

/** A key from a JWK, bound to `alg` (or the JWK's `alg`, or the one its curve implies). */
export function importJWK(jwk: JWK, alg?: string): Key;

/** A public key from a PEM SPKI. */
export function importSPKI(spki: string, alg?: string): Key;

/** A private key from a PEM PKCS#8. */
export function importPKCS8(pkcs8: string, alg?: string): Key;

/** The JWK of a key (private members for a private key), or of a Uint8Array secret. */
export function exportJWK(key: Key | Uint8Array): JWK;

/** A JWK Set for jwtVerify and compactVerify; the key is chosen by the token's `kid` and `alg`. */
export function createLocalJWKSet(jwks: JSONWebKeySet): LocalJWKSet;

/** The RFC 7638 thumbprint, base64url; only "sha256" is supported. */
export function calculateJwkThumbprint(jwk: JWK | Key, digestAlgorithm?: 'sha256'): string;

/** Options of generateKeyPair, named as in `jose`. */
export interface GenerateKeyPairOptions {
  /** For EdDSA: only "Ed25519". */
  crv?: string;
  /** For RS* and PS*: 2048 (the default), 3072 or 4096; shorter keys are refused. */
  modulusLength?: number;
  /** Accepted for compatibility; keys are always exportable with exportJWK. */
  extractable?: boolean;
}

/**
 * A new key pair from crypto.getRandomValues: ES256, ES384, ES512, EdDSA ("Ed25519"), or
 * RS256/384/512 and PS256/384/512 (RSA, `modulusLength` bits).
 */
export function generateKeyPair(
  alg: 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | (string & {}),
  options?: GenerateKeyPairOptions,
): GenerateKeyPairResult;

/** A new HMAC secret as long as the hash, from crypto.getRandomValues. */
export function generateSecret(alg: 'HS256' | 'HS384' | 'HS512' | (string & {})): Uint8Array;

/** Signs a byte payload into a compact JWS. */
export class CompactSign {
  constructor(payload: Uint8Array);
  setProtectedHeader(protectedHeader: JWSProtectedHeaderToSign): this;
  sign(key: Key | JWK | Uint8Array): string;
}

/** Builds and signs a JWT, with jose's chainable setters. */
export class SignJWT {
  constructor(payload?: JWTPayload);
  setProtectedHeader(protectedHeader: JWSProtectedHeaderToSign): this;
  setIssuer(issuer: string): this;
  setSubject(subject: string): this;
  setAudience(audience: string | string[]): this;
  setJti(jwtId: string): this;
  setNotBefore(input: number | string | Date): this;
  setExpirationTime(input: number | string | Date): this;
  setIssuedAt(input?: number | string | Date): this;
  sign(key: Key | JWK | Uint8Array): string;
}

/** The base class of the errors tinyjose throws for tokens and keys. */
export class JOSEError extends Error {
  static code: string;
  /** jose's error code, e.g. "ERR_JWT_EXPIRED". */
  code: string;
  /** The core's own code, e.g. "expired" (`Error::code()` in Rust, `error[CODE]` in the CLI). */
  tinyjoseCode: string;
}
/** A claim (or the `typ` header) failed validation. */
export class JWTClaimValidationFailed extends JOSEError {
  /** The claim: "nbf", "iat", "iss", "aud", "sub", "typ", or a required claim. */
  claim: string;
  /** "check_failed", "missing" or "invalid". */
  reason: string;
  payload: JWTPayload | undefined;
}
/** `exp` is past. */
export class JWTExpired extends JWTClaimValidationFailed {}
/** The algorithm is not allowed by `algorithms` or by the key, or is `none`. */
export class JOSEAlgNotAllowed extends JOSEError {}
/** An algorithm, `crit` extension or header parameter tinyjose does not support. */
export class JOSENotSupported extends JOSEError {}
/** The signature does not verify. */
export class JWSSignatureVerificationFailed extends JOSEError {}
/** The JWS is malformed. */
export class JWSInvalid extends JOSEError {}
/** The JWT payload is not a claim set. */
export class JWTInvalid extends JOSEError {}
/** The JWK is invalid or cannot be used. */
export class JWKInvalid extends JOSEError {}
/** The JWK Set is invalid. */
export class JWKSInvalid extends JOSEError {}
/** No key of the set matches the token. */
export class JWKSNoMatchingKey extends JOSEError {}
/** Several keys of the set match the token. */
export class JWKSMultipleMatchingKeys extends JOSEError {}

/** The error classes, as `jose.errors`. */
export const errors: {
  JOSEError: typeof JOSEError;
  JWTClaimValidationFailed: typeof JWTClaimValidationFailed;
  JWTExpired: typeof JWTExpired;
  JOSEAlgNotAllowed: typeof JOSEAlgNotAllowed;
  JOSENotSupported: typeof JOSENotSupported;
  JWSSignatureVerificationFailed: typeof JWSSignatureVerificationFailed;
  JWSInvalid: typeof JWSInvalid;
  JWTInvalid: typeof JWTInvalid;
  JWKInvalid: typeof JWKInvalid;
  JWKSInvalid: typeof JWKSInvalid;
  JWKSNoMatchingKey: typeof JWKSNoMatchingKey;
  JWKSMultipleMatchingKeys: typeof JWKSMultipleMatchingKeys;
};
