// Types of the tinyjose npm package: the jose API, synchronous.
//
// Every function returns its value directly; `await` on it still works, so code written for
// `jose` runs unchanged.

import type { TinyjoseCode } from './codes.js';

/** A code of the core's error list, as `tinyjoseCode` carries it. */
export type { TinyjoseCode };

/**
 * A key bound to one algorithm (from importJWK, importSPKI, importPKCS8 or generateKeyPair): a
 * JWS algorithm, or a JWE key management algorithm ("ECDH-ES", "RSA-OAEP-256", "A256KW", ...).
 */
export interface Key {
  /** The algorithm the key is bound to, e.g. "ES256", "PS384" or "ECDH-ES+A256KW". */
  readonly alg: string;
  /** The `kid` of the JWK it was imported from. */
  readonly kid: string | undefined;
  /** Whether the key can sign (a JWS private key or an HMAC secret). */
  readonly canSign: boolean;
  /** Whether the key can decrypt (a JWE private key, secret or password). */
  readonly canDecrypt: boolean;
  /** Whether the key is a shared secret (HMAC, `dir`, A*KW, A*GCMKW) or a PBES2 password. */
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

/** The JWE key management algorithms tinyjose supports (`RSA1_5` never). */
export type JWEKeyManagementAlgorithm =
  | 'dir' | 'A128KW' | 'A192KW' | 'A256KW' | 'A128GCMKW' | 'A192GCMKW' | 'A256GCMKW'
  | 'ECDH-ES' | 'ECDH-ES+A128KW' | 'ECDH-ES+A192KW' | 'ECDH-ES+A256KW'
  | 'PBES2-HS256+A128KW' | 'PBES2-HS384+A192KW' | 'PBES2-HS512+A256KW'
  | 'RSA-OAEP' | 'RSA-OAEP-256';

/** The JWE content encryption algorithms tinyjose supports. */
export type JWEContentEncryptionAlgorithm =
  | 'A128GCM' | 'A192GCM' | 'A256GCM' | 'A128CBC-HS256' | 'A192CBC-HS384' | 'A256CBC-HS512';

/** The protected header of a JWE. */
export interface JWEHeaderParameters {
  alg?: string;
  enc?: string;
  zip?: string;
  kid?: string;
  typ?: string;
  cty?: string;
  crit?: string[];
  epk?: JWK;
  apu?: string;
  apv?: string;
  iv?: string;
  tag?: string;
  p2s?: string;
  p2c?: number;
  [parameter: string]: unknown;
}

/** The protected header of a decrypted compact JWE: `alg` and `enc` are always there. */
export interface CompactJWEHeaderParameters extends JWEHeaderParameters {
  alg: string;
  enc: string;
}

/** The protected header tinyjose writes into a JWE: `alg`, `enc` and, optionally, `zip`, `kid`, `typ` and `cty`. */
export interface JWEProtectedHeaderToEncrypt {
  alg: JWEKeyManagementAlgorithm | (string & {});
  enc: JWEContentEncryptionAlgorithm | (string & {});
  /** "DEF": the plaintext is compressed with DEFLATE before it is encrypted. */
  zip?: 'DEF';
  kid?: string;
  typ?: string;
  cty?: string;
}

/** jose's key management parameters that tinyjose takes. */
export interface JWEKeyManagementHeaderParameters {
  /** ECDH-ES Agreement PartyUInfo, raw bytes (written base64url as "apu"). */
  apu?: Uint8Array;
  /** ECDH-ES Agreement PartyVInfo, raw bytes (written base64url as "apv"). */
  apv?: Uint8Array;
  /** PBES2 iteration count (default 10 000; at least 1000). */
  p2c?: number;
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

/**
 * The function createLocalJWKSet returns: pass it as the key of jwtVerify or compactVerify, or
 * call it with a token's protected header for the key of the set it selects (as jose does).
 */
export interface LocalJWKSet {
  (protectedHeader?: JWSHeaderParameters, token?: { header?: JWSHeaderParameters }): Key;
  /** A copy of the set. */
  jwks(): JSONWebKeySet;
}

/** The segments of a compact JWS, as a key function receives them. */
export interface CompactJWSParts {
  payload: string;
  protected: string;
  signature: string;
}

/** The segments of a compact JWE, as a key function receives them (an empty one is absent). */
export interface CompactJWEParts {
  protected: string;
  encrypted_key?: string;
  iv?: string;
  ciphertext: string;
  tag?: string;
}

/** A key that is not a function: the call returns its result directly. */
export type KeyValue = Key | JWK | JSONWebKeySet | Uint8Array;

/** A key function of jwtVerify and compactVerify, called as jose calls it, that returns the key. */
export type JWSKeyFunction = (protectedHeader: JWSHeaderParameters, token: CompactJWSParts) => KeyValue;

/** A key function that returns a Promise of the key: the call then returns a Promise. */
export type AsyncJWSKeyFunction = (protectedHeader: JWSHeaderParameters, token: CompactJWSParts) => Promise<KeyValue>;

/** What jwtVerify and compactVerify accept as a key. */
export type KeyInput = KeyValue | LocalJWKSet | JWSKeyFunction | AsyncJWSKeyFunction;

/** A JWE key that is not a function. */
export type JWEKeyValue = Key | JWK | Uint8Array | string;

/** A key function of compactDecrypt and jwtDecrypt, called as jose calls it, that returns the key. */
export type JWEKeyFunction = (protectedHeader: CompactJWEHeaderParameters, token: CompactJWEParts) => JWEKeyValue;

/** A key function that returns a Promise of the key: the call then returns a Promise. */
export type AsyncJWEKeyFunction = (protectedHeader: CompactJWEHeaderParameters, token: CompactJWEParts) => Promise<JWEKeyValue>;

/** What compactDecrypt, jwtDecrypt, CompactEncrypt and EncryptJWT accept as a key. */
export type JWEKeyInput = JWEKeyValue | JWEKeyFunction | AsyncJWEKeyFunction;

/** Options of compactDecrypt, named as in `jose`. */
export interface DecryptOptions {
  /** The only `alg` values accepted; without it every one but PBES2 (which must be listed). */
  keyManagementAlgorithms?: string[];
  /** The only `enc` values accepted. */
  contentEncryptionAlgorithms?: string[];
  /** The highest PBES2 `p2c` accepted, checked before any work: 10 000 by default. */
  maxPBES2Count?: number;
  /** The largest decompressed plaintext, in bytes: 250 000 by default; 0 refuses "zip". */
  maxDecompressedLength?: number;
}

/** Options of jwtDecrypt: those of compactDecrypt and the claim checks of jwtVerify. */
export interface JWTDecryptOptions extends DecryptOptions {
  issuer?: string | string[];
  audience?: string | string[];
  subject?: string;
  typ?: string;
  clockTolerance?: number | string;
  currentDate?: Date;
  maxTokenAge?: number | string;
  requiredClaims?: string[];
}

/** A decrypted compact JWE. */
export interface CompactDecryptResult {
  plaintext: Uint8Array;
  protectedHeader: CompactJWEHeaderParameters;
  /** The key a key function gave. */
  key?: JWEKeyValue;
}

/** A decrypted JWT. */
export interface JWTDecryptResult<Payload = JWTPayload> {
  payload: Payload & JWTPayload;
  protectedHeader: CompactJWEHeaderParameters;
  /** The key a key function gave. */
  key?: JWEKeyValue;
}

/** Options of compactVerify. */
export interface VerifyOptions {
  /** The only algorithms accepted (the keys decide the algorithm in any case). */
  algorithms?: string[];
  /**
   * tinyjose only: accept ES256/384/512 signatures whose `s` is above n/2. Off by default, so a
   * token has one valid signature; WebCrypto (and so jose) does not normalize `s`, so about half
   * of its ES* tokens need this. With it, key replay and deny lists on `jti`, not the token.
   */
  ecdsaHighS?: boolean;
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
  /** The oldest `iat` accepted, in seconds or as a time span such as "1h"; below 0 is a TypeError. */
  maxTokenAge?: number | string;
  /** Claims that must be present. */
  requiredClaims?: string[];
}

/** A verified JWT. */
export interface JWTVerifyResult<Payload = JWTPayload> {
  payload: Payload & JWTPayload;
  protectedHeader: JWSHeaderParameters;
  /** The key a key function (or the key a createLocalJWKSet set picked) gave. */
  key?: KeyValue;
}

/** A verified compact JWS. */
export interface CompactVerifyResult {
  payload: Uint8Array;
  protectedHeader: JWSHeaderParameters;
  /** The key a key function (or the key a createLocalJWKSet set picked) gave. */
  key?: KeyValue;
}

/** Options of flattenedVerify and generalVerify, named as in `jose`. */
export interface JSONVerifyOptions extends VerifyOptions {
  /**
   * Extension header parameters the caller recognizes, as in jose. tinyjose processes only
   * `b64` (RFC 7797), which it always recognizes; a token naming another in `crit` is refused.
   */
  crit?: { [parameter: string]: boolean };
}

/** A flattened JWS JSON Serialization to verify; a detached payload goes in `payload`. */
export interface FlattenedJWSInput {
  /** The base64url payload, or for `b64: false` the content itself. */
  payload: string | Uint8Array;
  protected?: string;
  header?: JWSHeaderParameters;
  signature: string;
}

/** A general JWS JSON Serialization to verify; a detached payload goes in `payload`. */
export interface GeneralJWSInput {
  payload: string | Uint8Array;
  signatures: Omit<FlattenedJWSInput, 'payload'>[];
}

/** A flattened JWS JSON Serialization, as FlattenedSign writes it (`payload` is `''` for `b64: false`). */
export interface FlattenedJWS {
  payload: string;
  protected?: string;
  header?: JWSHeaderParameters;
  signature: string;
}

/** A general JWS JSON Serialization, as GeneralSign writes it. */
export interface GeneralJWS {
  payload: string;
  signatures: Omit<FlattenedJWS, 'payload'>[];
}

/** A verified JWS JSON Serialization: the payload and the headers of the signature that verified. */
export interface FlattenedVerifyResult {
  payload: Uint8Array;
  protectedHeader?: JWSHeaderParameters;
  unprotectedHeader?: JWSHeaderParameters;
  /** The key a key function returned, when one was given. */
  key?: Key | JWK | JSONWebKeySet | Uint8Array;
}

/** A verified general JWS JSON Serialization. */
export type GeneralVerifyResult = FlattenedVerifyResult;

/** What flattenedVerify and generalVerify accept as a key: a key function gets each signature's headers. */
export type JSONKeyInput =
  | Key
  | JWK
  | JSONWebKeySet
  | Uint8Array
  | LocalJWKSet
  | JSONKeyFunction
  | ((protectedHeader: JWSHeaderParameters, jws: FlattenedJWSInput) => Promise<KeyValue>);

/** A key function of flattenedVerify and generalVerify that returns the key (not a Promise). */
export type JSONKeyFunction = (protectedHeader: JWSHeaderParameters, jws: FlattenedJWSInput) => KeyValue;

/** The protected header FlattenedSign and GeneralSign write: as JWSProtectedHeaderToSign, and `b64: false` with `crit: ['b64']`. */
export interface JWSJSONProtectedHeaderToSign extends JWSProtectedHeaderToSign {
  b64?: false;
  crit?: ['b64'];
}

/** A generated key pair. */
export interface GenerateKeyPairResult {
  publicKey: Key;
  privateKey: Key;
}

/** Verifies a JWT and validates its claims (`exp` and `nbf` always when present). */
export function jwtVerify<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: KeyValue | LocalJWKSet,
  options?: JWTVerifyOptions,
): JWTVerifyResult<Payload>;
/** With a key function, called as jose calls it, that returns the key. */
export function jwtVerify<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: JWSKeyFunction,
  options?: JWTVerifyOptions,
): JWTVerifyResult<Payload>;
/** With a key function that returns a Promise, the call returns a Promise. */
export function jwtVerify<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: AsyncJWSKeyFunction,
  options?: JWTVerifyOptions,
): Promise<JWTVerifyResult<Payload>>;

/** Verifies a compact JWS. */
export function compactVerify(
  jws: string | Uint8Array,
  key: KeyValue | LocalJWKSet,
  options?: VerifyOptions,
): CompactVerifyResult;
/** With a key function, called as jose calls it, that returns the key. */
export function compactVerify(
  jws: string | Uint8Array,
  key: JWSKeyFunction,
  options?: VerifyOptions,
): CompactVerifyResult;
/** With a key function that returns a Promise, the call returns a Promise. */
export function compactVerify(
  jws: string | Uint8Array,
  key: AsyncJWSKeyFunction,
  options?: VerifyOptions,
): Promise<CompactVerifyResult>;

/** Decrypts a compact JWE. */
export function compactDecrypt(
  jwe: string | Uint8Array,
  key: JWEKeyValue,
  options?: DecryptOptions,
): CompactDecryptResult;
/** With a key function, called as jose calls it, that returns the key. */
export function compactDecrypt(
  jwe: string | Uint8Array,
  key: JWEKeyFunction,
  options?: DecryptOptions,
): CompactDecryptResult;
/** With a key function that returns a Promise, the call returns a Promise. */
export function compactDecrypt(
  jwe: string | Uint8Array,
  key: AsyncJWEKeyFunction,
  options?: DecryptOptions,
): Promise<CompactDecryptResult>;

/** A flattened JWE JSON Serialization, as jose takes and gives it. */
export interface FlattenedJWE {
  protected?: string;
  unprotected?: JWEHeaderParameters;
  header?: JWEHeaderParameters;
  encrypted_key?: string;
  iv?: string;
  aad?: string;
  ciphertext: string;
  tag?: string;
}

/** A general JWE JSON Serialization, as jose takes and gives it. */
export interface GeneralJWE extends Omit<FlattenedJWE, 'header' | 'encrypted_key'> {
  recipients: Pick<FlattenedJWE, 'header' | 'encrypted_key'>[];
}

/** A decrypted JWE JSON Serialization; the headers are those of the recipient that decrypted. */
export interface FlattenedDecryptResult {
  plaintext: Uint8Array;
  protectedHeader?: JWEHeaderParameters;
  sharedUnprotectedHeader?: JWEHeaderParameters;
  unprotectedHeader?: JWEHeaderParameters;
  additionalAuthenticatedData?: Uint8Array;
}

/** A decrypted general JWE JSON Serialization. */
export type GeneralDecryptResult = FlattenedDecryptResult;

/** What flattenedDecrypt and generalDecrypt accept as a key: a key function gets each recipient's protected header and members. */
export type JWEJSONKeyInput =
  | Key
  | JWK
  | Uint8Array
  | string
  | JWEJSONKeyFunction
  | ((protectedHeader: JWEHeaderParameters, jwe: FlattenedJWE) => Promise<JWEKeyValue>);

/** A key function of flattenedDecrypt and generalDecrypt that returns the key (not a Promise). */
export type JWEJSONKeyFunction = (protectedHeader: JWEHeaderParameters, jwe: FlattenedJWE) => JWEKeyValue;

/** Decrypts a flattened JWE JSON Serialization, with compactDecrypt's options. */
export function flattenedDecrypt(jwe: FlattenedJWE, key: JWEKeyValue, options?: DecryptOptions): FlattenedDecryptResult;
export function flattenedDecrypt(jwe: FlattenedJWE, key: JWEJSONKeyFunction, options?: DecryptOptions): FlattenedDecryptResult;
export function flattenedDecrypt(jwe: FlattenedJWE, key: JWEJSONKeyInput, options?: DecryptOptions): Promise<FlattenedDecryptResult>;

/** Decrypts a general JWE JSON Serialization: the first recipient the key opens gives the result. */
export function generalDecrypt(jwe: GeneralJWE, key: JWEKeyValue, options?: DecryptOptions): GeneralDecryptResult;
export function generalDecrypt(jwe: GeneralJWE, key: JWEJSONKeyFunction, options?: DecryptOptions): GeneralDecryptResult;
export function generalDecrypt(jwe: GeneralJWE, key: JWEJSONKeyInput, options?: DecryptOptions): Promise<GeneralDecryptResult>;

/** The protected header FlattenedEncrypt and GeneralEncrypt write: `enc`, and `alg`, `kid`, `typ`, `cty`. */
export interface JWEJSONProtectedHeaderToEncrypt {
  alg?: string;
  enc: string;
  kid?: string;
  typ?: string;
  cty?: string;
}

/** A recipient's header tinyjose writes: its `alg` and `kid`. */
export interface JWERecipientHeaderToEncrypt {
  alg?: string;
  kid?: string;
}

/** Encrypts a byte plaintext into a flattened JWE JSON Serialization. */
export class FlattenedEncrypt {
  constructor(plaintext: Uint8Array);
  setProtectedHeader(protectedHeader: JWEJSONProtectedHeaderToEncrypt): this;
  setSharedUnprotectedHeader(sharedUnprotectedHeader: JWEHeaderParameters): this;
  setUnprotectedHeader(unprotectedHeader: JWERecipientHeaderToEncrypt): this;
  setAdditionalAuthenticatedData(aad: Uint8Array): this;
  encrypt(key: Key | JWK | Uint8Array | string): FlattenedJWE;
}

/** One recipient of a GeneralEncrypt. */
export interface Recipient {
  setUnprotectedHeader(unprotectedHeader: JWERecipientHeaderToEncrypt): Recipient;
  addRecipient(key: Key | JWK | Uint8Array | string, options?: object): Recipient;
  encrypt(): GeneralJWE;
  done(): GeneralEncrypt;
}

/** Encrypts a byte plaintext to one or more recipients into a general JWE JSON Serialization. */
export class GeneralEncrypt {
  constructor(plaintext: Uint8Array);
  setProtectedHeader(protectedHeader: JWEJSONProtectedHeaderToEncrypt): this;
  setSharedUnprotectedHeader(sharedUnprotectedHeader: JWEHeaderParameters): this;
  setAdditionalAuthenticatedData(aad: Uint8Array): this;
  addRecipient(key: Key | JWK | Uint8Array | string, options?: object): Recipient;
  encrypt(): GeneralJWE;
}

/** Decrypts an encrypted JWT and validates its claims (`exp` and `nbf` always when present). */
export function jwtDecrypt<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: JWEKeyValue,
  options?: JWTDecryptOptions,
): JWTDecryptResult<Payload>;
/** With a key function, called as jose calls it, that returns the key. */
export function jwtDecrypt<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: JWEKeyFunction,
  options?: JWTDecryptOptions,
): JWTDecryptResult<Payload>;
/** With a key function that returns a Promise, the call returns a Promise. */
export function jwtDecrypt<Payload = JWTPayload>(
  jwt: string | Uint8Array,
  key: AsyncJWEKeyFunction,
  options?: JWTDecryptOptions,
): Promise<JWTDecryptResult<Payload>>;

/** The claims of a JWT, NOT verified. */
export function decodeJwt<Payload = JWTPayload>(jwt: string): Payload & JWTPayload;

/** The protected header of a JWS or JWE, NOT verified. */
export function decodeProtectedHeader(token: string): JWSHeaderParameters;

/** Options of the key imports, named as in `jose`. */
export interface KeyImportOptions {
  /** Checked (a boolean) for compatibility; keys are always exportable with exportJWK. */
  extractable?: boolean;
}

/** The bytes of an `oct` JWK's `k`, as in jose. */
export function importJWK(jwk: JWK & { kty: 'oct' }, alg?: string, options?: KeyImportOptions): Uint8Array;
/** A key from an EC, OKP or RSA JWK, bound to `alg` (required when the JWK has no `alg`). */
export function importJWK(jwk: JWK, alg?: string, options?: KeyImportOptions): Key;

/** A public key from a PEM SPKI, bound to `alg` (required). */
export function importSPKI(spki: string, alg: string, options?: KeyImportOptions): Key;

/** A private key from a PEM PKCS#8, bound to `alg` (required). */
export function importPKCS8(pkcs8: string, alg: string, options?: KeyImportOptions): Key;

/** The JWK of a key (private members for a private key), or of a Uint8Array secret. */
export function exportJWK(key: Key | Uint8Array): JWK;

/** A JWK Set for jwtVerify and compactVerify; the key is chosen by the token's `kid` and `alg`. */
export function createLocalJWKSet(jwks: JSONWebKeySet): LocalJWKSet;

/** Options of createRemoteJWKSet: jose's, and tinyjose's `maxBodySize` and `allowHttp`. */
export interface RemoteJWKSetOptions {
  /** Milliseconds for the answer and its body, a non-negative integer: 5000 by default. */
  timeoutDuration?: number;
  /** The least time between two fetches (for unknown `kid`s, and after a failure), in ms: 30 000 by default. */
  cooldownDuration?: number;
  /** The longest a set stays fresh (Cache-Control `max-age` within it), in ms: 600 000 by default; `Infinity` for no limit. */
  cacheMaxAge?: number;
  /** Headers sent with the request (`accept` is jose's unless given). */
  headers?: Record<string, string> | Headers;
  /** The largest body read, in bytes: 524 288 (512 KiB) by default. */
  maxBodySize?: number;
  /** Whether a plain `http` URL is fetched (for tests and local issuers): false by default. */
  allowHttp?: boolean;
}

/**
 * The function createRemoteJWKSet returns: an async key function for jwtVerify, compactVerify,
 * flattenedVerify, generalVerify and the token profiles, with jose's members.
 */
export interface RemoteJWKSet {
  (protectedHeader?: JWSHeaderParameters, token?: CompactJWSParts | FlattenedJWSInput): Promise<Key>;
  /** Whether a fetch (good or failed) started within the cooldown. */
  readonly coolingDown: boolean;
  /** Whether the fetched set is still fresh (Cache-Control `max-age`, within the bounds). */
  readonly fresh: boolean;
  /** Whether a fetch is in flight. */
  readonly reloading: boolean;
  /** Fetches the set now, bypassing the cooldown (joining a fetch in flight). */
  reload(): Promise<void>;
  /** A copy of the fetched set, or undefined before the first good fetch. */
  jwks(): JSONWebKeySet | undefined;
}

/**
 * A JWK Set fetched from `url` (an `https` URL; `http` with `allowHttp`), as jose's
 * createRemoteJWKSet: fetched before first use and once stale, again for an unknown `kid` at most
 * once per cooldown; a failed fetch keeps the last good set. Failures are `fetch_failed`
 * (`JWKSTimeout` for a timeout, `JOSEError` otherwise).
 */
export function createRemoteJWKSet(url: URL | string, options?: RemoteJWKSetOptions): RemoteJWKSet;

/** The RFC 7638 thumbprint, base64url: at once for "sha256" (the default), a Promise for "sha384" and "sha512". */
export function calculateJwkThumbprint(jwk: JWK | Key, digestAlgorithm?: 'sha256'): string;
export function calculateJwkThumbprint(jwk: JWK | Key, digestAlgorithm: 'sha384' | 'sha512'): Promise<string>;

// ---------------------------------------------------------------------------------------------
// Token profiles: every check is the core's (IdTokenValidation, AccessTokenValidation,
// DpopValidation, JarmValidation). Refusals are the jose-style classes; `tinyjoseCode` is the
// core's code (`claim_mismatch`, `replayed`, `encryption_required` among them).

/** Options of validateIdToken (OpenID Connect Core §3.1.3.7). */
export interface IdTokenValidationOptions {
  /** The issuer (`iss`). */
  issuer: string;
  /** The client id: in `aud`, and `azp` when present or when `aud` has several values. */
  clientId: string;
  /** The `nonce` sent in the authentication request; without it, a token with `nonce` is refused. */
  nonce?: string;
  /** The `max_age` sent (seconds, or a span such as "1h"): `auth_time` is then required and checked. */
  maxAge?: number | string;
  /** The accepted `acr` values: the token must carry one of them. */
  acrValues?: string | string[];
  /** The access token issued with the ID token: `at_hash` is then required and checked. */
  accessToken?: string;
  /** The code issued with the ID token: `c_hash` is then required and checked. */
  code?: string;
  /** Requires `auth_time` even without maxAge. */
  requireAuthTime?: boolean;
  /** The only `alg` values accepted. */
  algorithms?: string[];
  /** Accepts ECDSA signatures with a high `s` (see VerifyOptions). */
  ecdsaHighS?: boolean;
  /** The time to validate at, instead of now. */
  currentDate?: Date;
  /** Clock skew allowed, in seconds or as a time span such as "30s". */
  clockTolerance?: number | string;
}

/** Options of validateAccessToken (RFC 9068 §4). */
export interface AccessTokenValidationOptions {
  /** The issuer (`iss`). */
  issuer: string;
  /** The resource's identifier, which `aud` must contain. */
  audience: string;
  /** The only `alg` values accepted. */
  algorithms?: string[];
  /** Accepts ECDSA signatures with a high `s` (see VerifyOptions). */
  ecdsaHighS?: boolean;
  currentDate?: Date;
  clockTolerance?: number | string;
}

/** A replay check: true for a `jti` not seen before (which it then remembers). */
export type JtiReplayCheck = (jti: string) => boolean;

/** Options of validateDpopProof (RFC 9449 §4.3). */
export interface DpopValidationOptions {
  /** The request's method. */
  htm: string;
  /** The request's URI (compared without query and fragment, normalized). */
  htu: string;
  /** Called last, with the proof's `jti`: must return `true` for a fresh one (createJtiCache makes one). */
  replay: JtiReplayCheck;
  /** The access token presented with the proof: `ath` is then required and checked. */
  accessToken?: string;
  /** The thumbprint the access token is bound to (`cnf.jkt`): the proof's key must have it. */
  jkt?: string;
  /** The server's `DPoP-Nonce`, which the proof must carry. */
  nonce?: string;
  /** The oldest proof accepted, in seconds since its `iat` (300 by default). */
  maxAge?: number | string;
  /** The accepted algorithms (any asymmetric one by default). */
  algorithms?: string[];
  /**
   * Whether ECDSA signatures with a high `s` are accepted: `true` by default for DPoP proofs,
   * which WebCrypto signs so about half the time (the replay check keys on `jti`).
   */
  ecdsaHighS?: boolean;
  currentDate?: Date;
  clockTolerance?: number | string;
}

/** A valid DPoP proof. */
export interface DpopValidationResult {
  payload: JWTPayload & { jti: string; htm: string; htu: string; iat: number; ath?: string; nonce?: string };
  protectedHeader: JWSHeaderParameters & { jwk: JWK };
  /** The RFC 7638 thumbprint of the proof's key: what an access token is bound to. */
  jkt: string;
}

/** Options of createDpopProof. */
export interface DpopProofOptions {
  htm: string;
  /** The request's URI; its query and fragment are dropped. */
  htu: string;
  /** The access token the proof goes with: its hash becomes `ath`. */
  accessToken?: string;
  /** The server's `DPoP-Nonce`. */
  nonce?: string;
  /** The proof's `iat`: a Date or Unix seconds; now by default. */
  iat?: Date | number;
}

/** Options of createJtiCache. */
export interface JtiCacheOptions {
  /** How long a `jti` is remembered: seconds or a span; 300 by default. */
  maxAge?: number | string;
  /** Added to maxAge. */
  clockTolerance?: number | string;
  /** The most unexpired `jti` values held (100 000 by default); when full, new ones are refused. */
  maxEntries?: number;
}

/** Options of validateJarmResponse (JARM §2.4). */
export interface JarmValidationOptions {
  /** The issuer (`iss`). */
  issuer: string;
  /** The client id (`aud`). */
  clientId: string;
  /** The `state` sent; without it, a response with `state` is refused. */
  expectedState?: string;
  /** The accepted signing algorithms (`authorization_signed_response_alg`). */
  algorithms?: string[];
  /** `query.jwt`, `fragment.jwt`, `form_post.jwt` or `jwt`; from the URL when one is given, else `jwt`. */
  responseMode?: 'query.jwt' | 'fragment.jwt' | 'form_post.jwt' | 'jwt';
  /** The client's decryption key: encrypted responses are then required (root entry point only). */
  decryptionKey?: JWEKeyValue;
  /** The accepted `enc` values of encrypted responses (any by default). */
  encryptionAlgorithms?: string[];
  /** Accepts ECDSA signatures with a high `s` (see VerifyOptions). */
  ecdsaHighS?: boolean;
  currentDate?: Date;
  clockTolerance?: number | string;
}

/** A valid JARM response; an error response is one too, with kind `error`. */
export interface JarmValidationResult {
  kind: 'code' | 'token' | 'error';
  /** The authorization response's parameters: every string or number claim but `aud`, `exp`, `iat`, `nbf`. */
  parameters: URLSearchParams;
  /** The response's claims. */
  payload: JWTPayload;
}

/** Verifies an OpenID Connect ID token with the issuer's key or JWK Set, and validates it for the client. */
export function validateIdToken<Payload = JWTPayload>(token: string | Uint8Array, key: KeyValue | LocalJWKSet | JWSKeyFunction, options: IdTokenValidationOptions): JWTVerifyResult<Payload>;
export function validateIdToken<Payload = JWTPayload>(token: string | Uint8Array, key: AsyncJWSKeyFunction, options: IdTokenValidationOptions): Promise<JWTVerifyResult<Payload>>;
/** Verifies an RFC 9068 access token (`typ` at+jwt) with the issuer's key or JWK Set, and validates it for the resource. */
export function validateAccessToken<Payload = JWTPayload>(token: string | Uint8Array, key: KeyValue | LocalJWKSet | JWSKeyFunction, options: AccessTokenValidationOptions): JWTVerifyResult<Payload>;
export function validateAccessToken<Payload = JWTPayload>(token: string | Uint8Array, key: AsyncJWSKeyFunction, options: AccessTokenValidationOptions): Promise<JWTVerifyResult<Payload>>;
/** Checks a DPoP proof with the key of its header. */
export function validateDpopProof(proof: string | Uint8Array, options: DpopValidationOptions): DpopValidationResult;
/** Creates a DPoP proof with a private EC or OKP key (or its JWK). */
export function createDpopProof(privateKey: Key | JWK, options: DpopProofOptions): string;
/** A bounded in-memory replay check for validateDpopProof. */
export function createJtiCache(options?: JtiCacheOptions): JtiReplayCheck;
/** Validates a JARM response: the `response` parameter's value, or a URL or URLSearchParams holding it. */
export function validateJarmResponse(response: string | URL | URLSearchParams, key: KeyValue | LocalJWKSet, options: JarmValidationOptions): JarmValidationResult;

// ---------------------------------------------------------------------------------------------
// SD-JWT (RFC 9901) and SD-JWT VC: every digest, check and signature is the core's (issue_sd_jwt,
// present_sd_jwt, SdJwtValidation). Refusals are the jose-style classes; `tinyjoseCode` is the
// core's code (`disclosure_rejected`, `key_binding_required` among them).

/** Options of issueSdJwt. */
export interface SdJwtIssueOptions {
  /** The issuer's private key (its `kid`, when it has one, goes into the header), or its private JWK. */
  key: Key | JWK;
  /** The claims made selectively disclosable, as JSON Pointers (RFC 6901): `/given_name`, `/address/street_address`, `/nationalities/0` (never the top-level `iss`, `exp`, `nbf`, `cnf`, `vct` or `status`). */
  disclosable: string[];
  /** How many decoy digests to add to the top-level `_sd` list (0 by default, at most 64). */
  decoys?: number;
  /** The holder's public key (or public JWK), written as `cnf.jwk`: what a Key Binding JWT must be signed with. */
  holderKey?: Key | JWK;
  /** The header `typ`: `dc+sd-jwt` by default when `vct` is given, none otherwise. */
  typ?: string;
  /** The `vct` claim of an SD-JWT VC, written first in the claims. */
  vct?: string;
}

/** A disclosure as presentSdJwt's `disclose` sees it. */
export interface SdJwtDisclosure {
  /** The claim name; absent for an array element. */
  name?: string;
  /** The disclosed value (with the digests of any disclosures nested in it). */
  value: unknown;
}

/** The holder's Key Binding JWT, made by presentSdJwt. */
export interface SdJwtKeyBinding {
  /** The holder's private key (or private JWK): the key of the SD-JWT's `cnf.jwk`. */
  key: Key | JWK;
  /** The verifier (`aud`). */
  aud: string;
  /** The verifier's nonce. */
  nonce: string;
  /** `iat`: a Date or Unix seconds; now by default. */
  iat?: Date | number;
}

/** Options of presentSdJwt. */
export interface SdJwtPresentOptions {
  /** Which disclosures to keep: a function (true to disclose), or the names of the claims to disclose (array elements are kept only by a function). */
  disclose: ((disclosure: SdJwtDisclosure) => boolean) | string[];
  /** A Key Binding JWT to append. */
  keyBinding?: SdJwtKeyBinding;
}

/** The Key Binding JWT verifySdJwt requires. */
export interface SdJwtKeyBindingCheck {
  /** The verifier's own identifier: the Key Binding JWT's `aud`. */
  aud: string;
  /** The nonce the verifier gave the holder. */
  nonce: string;
  /** The oldest Key Binding JWT accepted, in seconds since its `iat` or a span such as "5m" (300 by default). */
  maxAge?: number | string;
}

/** Options of verifySdJwt. */
export interface SdJwtVerifyOptions {
  /** Accepted issuer(s) (`iss`). */
  issuer?: string | string[];
  /** Accepted audience(s) of the issuer-signed JWT; one with `aud` is refused unless this is set. */
  audience?: string | string[];
  /** Requires a Key Binding JWT; without it, a presentation that has one is refused. */
  keyBinding?: SdJwtKeyBindingCheck;
  /** Requires an SD-JWT VC (`typ` `dc+sd-jwt`) whose `vct` is one of these. */
  vct?: string[];
  /** Clock skew allowed, in seconds or as a time span such as "30s". */
  clockTolerance?: number | string;
  /** The time to validate at, instead of now. */
  currentDate?: Date;
  /** Claims that must be present after the disclosures are applied. */
  requiredClaims?: string[];
  /** Accepts ES256/384/512 signatures with a high `s`, of the issuer and of the Key Binding JWT (see VerifyOptions). */
  ecdsaHighS?: boolean;
}

/** A verified SD-JWT presentation. */
export interface SdJwtVerifyResult<Payload = JWTPayload> {
  /** The issuer-signed claims with the disclosed ones in place, and no `_sd` or `_sd_alg`. */
  payload: Payload & JWTPayload;
  /** The issuer-signed JWT's protected header. */
  protectedHeader: JWSHeaderParameters;
  /** Whether a Key Binding JWT was verified. */
  keyBound: boolean;
  /** The key a key function gave. */
  key?: KeyValue;
}

/** Issues an SD-JWT: `<issuer-signed JWT>~<disclosure>~…~`. */
export function issueSdJwt(claims: Record<string, unknown> | string, options: SdJwtIssueOptions): string;
/** Presents an SD-JWT with the disclosures chosen, and a Key Binding JWT when asked. */
export function presentSdJwt(sdJwt: string, options: SdJwtPresentOptions): string;
/** Verifies an SD-JWT presentation with the issuer's key or JWK Set; returns the disclosed claims. */
export function verifySdJwt<Payload = JWTPayload>(presentation: string | Uint8Array, key: KeyValue | LocalJWKSet | JWSKeyFunction, options?: SdJwtVerifyOptions): SdJwtVerifyResult<Payload>;
export function verifySdJwt<Payload = JWTPayload>(presentation: string | Uint8Array, key: AsyncJWSKeyFunction, options?: SdJwtVerifyOptions): Promise<SdJwtVerifyResult<Payload>>;

/** Options of generateKeyPair, named as in `jose`. */
export interface GenerateKeyPairOptions {
  /** For EdDSA: only "Ed25519". For ECDH-ES: "P-256" (the default), "P-384" or "X25519". */
  crv?: string;
  /** For RS*, PS* and RSA-OAEP*: 2048 (the default), 3072 or 4096; shorter keys are refused. */
  modulusLength?: number;
  /** Checked (a boolean) for compatibility; keys are always exportable with exportJWK. */
  extractable?: boolean;
}

/**
 * A new key pair from crypto.getRandomValues: ES256, ES384, ES512, EdDSA ("Ed25519"),
 * RS256/384/512 and PS256/384/512 (RSA, `modulusLength` bits), ECDH-ES (+A128KW/A192KW/A256KW;
 * `crv`), RSA-OAEP and RSA-OAEP-256.
 */
export function generateKeyPair(
  alg:
    | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512'
    | 'ECDH-ES' | 'ECDH-ES+A128KW' | 'ECDH-ES+A192KW' | 'ECDH-ES+A256KW' | 'RSA-OAEP' | 'RSA-OAEP-256'
    | (string & {}),
  options?: GenerateKeyPairOptions,
): GenerateKeyPairResult;

/**
 * A new secret from crypto.getRandomValues: an HMAC key as long as the hash, an A*KW or A*GCMKW
 * key-wrapping key, or a `dir` key for an `enc`.
 */
export function generateSecret(
  alg: 'HS256' | 'HS384' | 'HS512' | 'A128KW' | 'A192KW' | 'A256KW' | 'A128GCMKW' | 'A192GCMKW' | 'A256GCMKW'
    | JWEContentEncryptionAlgorithm | (string & {}),
  options?: { extractable?: boolean },
): Uint8Array;

/** Verifies a flattened JWS JSON Serialization. */
export function flattenedVerify(jws: FlattenedJWSInput, key: KeyValue | LocalJWKSet, options?: JSONVerifyOptions): FlattenedVerifyResult;
export function flattenedVerify(jws: FlattenedJWSInput, key: JSONKeyFunction, options?: JSONVerifyOptions): FlattenedVerifyResult;
/** With a key function that returns a Promise, the call returns a Promise. */
export function flattenedVerify(jws: FlattenedJWSInput, key: JSONKeyInput, options?: JSONVerifyOptions): Promise<FlattenedVerifyResult>;

/** Verifies a general JWS JSON Serialization: the first signature a key verifies gives the result. */
export function generalVerify(jws: GeneralJWSInput, key: KeyValue | LocalJWKSet, options?: JSONVerifyOptions): GeneralVerifyResult;
export function generalVerify(jws: GeneralJWSInput, key: JSONKeyFunction, options?: JSONVerifyOptions): GeneralVerifyResult;
/** With a key function that returns a Promise, the call returns a Promise. */
export function generalVerify(jws: GeneralJWSInput, key: JSONKeyInput, options?: JSONVerifyOptions): Promise<GeneralVerifyResult>;

/** Signs a byte payload into a flattened JWS JSON Serialization. */
export class FlattenedSign {
  constructor(payload: Uint8Array);
  setProtectedHeader(protectedHeader: JWSJSONProtectedHeaderToSign): this;
  setUnprotectedHeader(unprotectedHeader: JWSHeaderParameters): this;
  sign(key: Key | JWK | Uint8Array, options?: { crit?: { [parameter: string]: boolean } }): FlattenedJWS;
}

/** One signature of a GeneralSign. */
export interface Signature {
  setProtectedHeader(protectedHeader: JWSJSONProtectedHeaderToSign): Signature;
  setUnprotectedHeader(unprotectedHeader: JWSHeaderParameters): Signature;
  addSignature(key: Key | JWK | Uint8Array, options?: { crit?: { [parameter: string]: boolean } }): Signature;
  sign(): GeneralJWS;
  done(): GeneralSign;
}

/** Signs a byte payload with one or more keys into a general JWS JSON Serialization. */
export class GeneralSign {
  constructor(payload: Uint8Array);
  addSignature(key: Key | JWK | Uint8Array, options?: { crit?: { [parameter: string]: boolean } }): Signature;
  sign(): GeneralJWS;
}

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

/** Encrypts a byte plaintext into a compact JWE. */
export class CompactEncrypt {
  constructor(plaintext: Uint8Array);
  setProtectedHeader(protectedHeader: JWEProtectedHeaderToEncrypt): this;
  setKeyManagementParameters(parameters: JWEKeyManagementHeaderParameters): this;
  encrypt(key: Key | JWK | Uint8Array | string): string;
}

/** Builds and encrypts a JWT, with jose's chainable setters. */
export class EncryptJWT {
  constructor(payload?: JWTPayload);
  setProtectedHeader(protectedHeader: JWEProtectedHeaderToEncrypt): this;
  setKeyManagementParameters(parameters: JWEKeyManagementHeaderParameters): this;
  setIssuer(issuer: string): this;
  setSubject(subject: string): this;
  setAudience(audience: string | string[]): this;
  setJti(jwtId: string): this;
  setNotBefore(input: number | string | Date): this;
  setExpirationTime(input: number | string | Date): this;
  setIssuedAt(input?: number | string | Date): this;
  encrypt(key: Key | JWK | Uint8Array | string): string;
}

/** The base class of the errors tinyjose throws for tokens and keys. */
export class JOSEError extends Error {
  static code: string;
  /** jose's error code, e.g. "ERR_JWT_EXPIRED". */
  code: string;
  /** The core's own code, e.g. "expired" (`Error::code()` in Rust, `error[CODE]` in the CLI). */
  tinyjoseCode: TinyjoseCode;
  constructor(message?: string, options?: { cause?: unknown });
}
/** A claim (or the `typ` header) failed validation. */
export class JWTClaimValidationFailed extends JOSEError {
  /** The claim: "nbf", "iat", "iss", "aud", "sub", "typ", or a required claim. */
  claim: string;
  /** "check_failed", "missing", "invalid" or "mismatch". */
  reason: string;
  payload: JWTPayload | undefined;
  constructor(message?: string, payload?: JWTPayload, claim?: string, reason?: string);
}
/** `exp` is past, or `iat` older than `maxTokenAge`. As in jose, not a JWTClaimValidationFailed. */
export class JWTExpired extends JOSEError {
  claim: string;
  reason: string;
  payload: JWTPayload | undefined;
  constructor(message?: string, payload?: JWTPayload, claim?: string, reason?: string);
}
/** The algorithm is not allowed by `algorithms` or by the key, or is `none`. */
export class JOSEAlgNotAllowed extends JOSEError {}
/** An algorithm, `crit` extension or header parameter tinyjose does not support. */
export class JOSENotSupported extends JOSEError {}
/** The signature does not verify. */
export class JWSSignatureVerificationFailed extends JOSEError {}
/** The JWE does not decrypt (wrong key, altered token), whatever the cause. */
export class JWEDecryptionFailed extends JOSEError {}
/** The JWE is malformed. */
export class JWEInvalid extends JOSEError {}
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
export class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator](): AsyncIterableIterator<Key>;
}
/** A remote JWK Set request timed out. */
export class JWKSTimeout extends JOSEError {}

/** The error classes, as `jose.errors`. */
export const errors: {
  JOSEError: typeof JOSEError;
  JWTClaimValidationFailed: typeof JWTClaimValidationFailed;
  JWTExpired: typeof JWTExpired;
  JOSEAlgNotAllowed: typeof JOSEAlgNotAllowed;
  JOSENotSupported: typeof JOSENotSupported;
  JWSSignatureVerificationFailed: typeof JWSSignatureVerificationFailed;
  JWEDecryptionFailed: typeof JWEDecryptionFailed;
  JWEInvalid: typeof JWEInvalid;
  JWSInvalid: typeof JWSInvalid;
  JWTInvalid: typeof JWTInvalid;
  JWKInvalid: typeof JWKInvalid;
  JWKSInvalid: typeof JWKSInvalid;
  JWKSNoMatchingKey: typeof JWKSNoMatchingKey;
  JWKSMultipleMatchingKeys: typeof JWKSMultipleMatchingKeys;
  JWKSTimeout: typeof JWKSTimeout;
};
