// The jose-shaped API over the tinyjose core. Every function is synchronous: it returns its
// value directly, and `await` on it still works, so code written for `jose` runs unchanged.

import { wasm } from './binding.mjs';
import * as errors from './errors.mjs';
import {
  JOSEAlgNotAllowed, JOSENotSupported, JWEInvalid, JWKInvalid, JWSInvalid, JWTClaimValidationFailed, JWTInvalid,
} from './errors.mjs';
import { toJoseError } from './failure.mjs';

export { errors };
export {
  JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWKInvalid, JWKSInvalid,
  JWKSMultipleMatchingKeys, JWKSNoMatchingKey, JWSInvalid, JWSSignatureVerificationFailed,
  JWTClaimValidationFailed, JWTExpired, JWTInvalid,
} from './errors.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const KEY_SET = Symbol('tinyjose.keySet');
const keySetCache = new WeakMap();

// ---------------------------------------------------------------------------------------------
// Conversions

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const RSA_OAEP_ALGS = ['RSA-OAEP', 'RSA-OAEP-256'];
const ECDH_ES_ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
const PBES2_ALGS = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
/** Every JWE `alg` tinyjose supports. */
const JWE_ALGS = [
  ...RSA_OAEP_ALGS, 'A128KW', 'A192KW', 'A256KW', 'dir', ...ECDH_ES_ALGS,
  'A128GCMKW', 'A192GCMKW', 'A256GCMKW', ...PBES2_ALGS,
];
/** What decryption accepts when `keyManagementAlgorithms` is not given: all but PBES2, as in jose. */
const DEFAULT_JWE_ALGS = JWE_ALGS.filter((alg) => !PBES2_ALGS.includes(alg));
const ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];
const RSA1_5_REFUSED = 'RSA1_5 is not supported by design (RFC 8725 §3.2: Bleichenbacher\'s attack)';

/** Whether `alg` names JWE key management (an `enc` names a `dir` key for an `oct` JWK). */
function isJweAlg(alg, jwk) {
  if (typeof alg !== 'string') return false;
  return JWE_ALGS.includes(alg) || alg === 'RSA1_5' || (jwk?.kty === 'oct' && ENCS.includes(alg));
}
const RSA_MIN_BITS = 2048;
const RSA_MAX_BITS = 4096;

/** The length in bits of a big-endian unsigned integer. */
function bitLength(bytes) {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + 32 - Math.clz32(bytes[i]);
}

/**
 * Refuses an RSA JWK whose modulus is shorter than 2048 bits (with jose's words) or longer than
 * 4096 bits, before the key is built. Other defects are left to the core, which names them.
 */
function checkRsaJwk(jwk, alg) {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return;
  let bits;
  try {
    bits = bitLength(fromBase64url(jwk.n));
  } catch {
    return;
  }
  const name = alg ?? (typeof jwk.alg === 'string' ? jwk.alg : 'RSA');
  if (bits < RSA_MIN_BITS) throw new JWKInvalid(`${name} requires key modulusLength to be ${RSA_MIN_BITS} bits or larger`, 'key_rejected');
  if (bits > RSA_MAX_BITS) throw new JWKInvalid(`RSA keys longer than ${RSA_MAX_BITS} bits are not supported`, 'key_rejected');
}

/** Runs a wasm call, turning its failure into the jose error for `context`. */
function call(context, fn, payload) {
  try {
    return fn();
  } catch (e) {
    if (wasm && e instanceof wasm.Failure) {
      const error = toJoseError(e, context, payload);
      e.free();
      throw error;
    }
    throw e;
  }
}

const SPAN = /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;

/** A time span such as "2h", "30 s", "1 day", "-1h" or "2 weeks ago", in seconds (jose's syntax). */
function timeSpan(text) {
  const match = SPAN.exec(text);
  if (!match || (match[4] && match[1])) throw new TypeError(`invalid time span format: ${JSON.stringify(text)}`);
  const value = parseFloat(match[2]);
  const unit = match[3].toLowerCase();
  let seconds;
  if (['sec', 'secs', 'second', 'seconds', 's'].includes(unit)) seconds = Math.round(value);
  else if (['minute', 'minutes', 'min', 'mins', 'm'].includes(unit)) seconds = Math.round(value * 60);
  else if (['hour', 'hours', 'hr', 'hrs', 'h'].includes(unit)) seconds = Math.round(value * 3600);
  else if (['day', 'days', 'd'].includes(unit)) seconds = Math.round(value * 86400);
  else if (['week', 'weeks', 'w'].includes(unit)) seconds = Math.round(value * 604800);
  else seconds = Math.round(value * 31557600);
  return match[1] === '-' || match[4] === 'ago' ? -seconds : seconds;
}

function seconds(value, name) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number`);
    return value;
  }
  if (typeof value === 'string') return timeSpan(value);
  throw new TypeError(`${name} must be a number of seconds or a time span string`);
}

const epoch = (date) => Math.floor(date.getTime() / 1000);

function strings(value, name) {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string') throw new TypeError(`${name} must be a string or an array of strings`);
  return list;
}

/** As `strings`, for an option whose empty list would otherwise turn its check off. */
function nonEmptyStrings(value, name) {
  const list = strings(value, name);
  if (value !== undefined && list.length === 0) throw new TypeError(`${name} must not be an empty array`);
  return list;
}

function optionalString(value, name) {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  return value;
}

function verifyOptions(options) {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new TypeError('options must be an object');
  const { currentDate } = options;
  if (currentDate !== undefined && !(currentDate instanceof Date && Number.isFinite(currentDate.getTime()))) {
    throw new TypeError('currentDate must be a valid Date');
  }
  return {
    algorithms: nonEmptyStrings(options.algorithms, 'algorithms'),
    now: epoch(currentDate ?? new Date()),
    leeway: options.clockTolerance === undefined ? 0 : Math.max(0, seconds(options.clockTolerance, 'clockTolerance')),
    maxAge: options.maxTokenAge === undefined ? undefined : seconds(options.maxTokenAge, 'maxTokenAge'),
    issuers: nonEmptyStrings(options.issuer, 'issuer'),
    audiences: nonEmptyStrings(options.audience, 'audience'),
    subject: optionalString(options.subject, 'subject'),
    typ: optionalString(options.typ, 'typ'),
    required: strings(options.requiredClaims, 'requiredClaims'),
  };
}

/** The key set for a `key` argument, and whether it is temporary (to free after use). */
function keySet(key, token) {
  if (key instanceof wasm.KeySet) return [key, false];
  if (typeof key === 'function' && key[KEY_SET]) return [key[KEY_SET], false];
  if (key instanceof wasm.Key) return [wasm.KeySet.fromKey(key), true];
  if (typeof key === 'function') {
    const header = decodeProtectedHeader(token);
    const resolved = key(header, token);
    if (resolved && typeof resolved.then === 'function') {
      throw new TypeError('tinyjose is synchronous: a key function must return the key itself, not a Promise');
    }
    return keySet(resolved, token);
  }
  if (key instanceof Uint8Array || isObject(key)) {
    let set = keySetCache.get(key);
    if (!set) {
      if (key instanceof Uint8Array) set = call('jwk', () => wasm.KeySet.fromSecret(key));
      else if (Array.isArray(key.keys)) set = call('jwks', () => wasm.KeySet.fromJwks(JSON.stringify(key)));
      else if (typeof key.kty === 'string') {
        checkRsaJwk(key);
        set = call('jwk', () => wasm.KeySet.fromJwk(JSON.stringify(key)));
      }
      else throw new TypeError('key must be a JWK (with "kty") or a JWK Set (with "keys")');
      if (!(key instanceof Uint8Array)) keySetCache.set(key, set);
    }
    return [set, key instanceof Uint8Array];
  }
  throw new TypeError('key must be a JWK, a JWK Set, a Uint8Array secret, or the result of importJWK or createLocalJWKSet');
}

function tokenText(token, name) {
  if (token instanceof Uint8Array) return decoder.decode(token);
  if (typeof token !== 'string') throw new TypeError(`${name} must be a string or a Uint8Array`);
  return token;
}

function verifyWith(context, token, key, options, claims) {
  const o = verifyOptions(options);
  const [set, temporary] = keySet(key, token);
  try {
    const verified = call(context, () => wasm.verify(
      token, set, o.algorithms, claims, o.now, o.leeway, o.maxAge,
      o.issuers, o.audiences, o.subject, o.typ, o.required,
    ));
    const result = { protectedHeader: JSON.parse(verified.headerJson), payload: verified.payload };
    verified.free();
    return result;
  } catch (e) {
    throw e instanceof JWTClaimValidationFailed ? claimFailure(e, token) : e;
  } finally {
    if (temporary) set.free();
  }
}

/** A claim error with the claims set attached as `payload`, as jose reports it. Claim errors
 * come only after the signature verified, so the payload is the signed one. */
function claimFailure(error, token) {
  try {
    error.payload = decodeJwt(token);
  } catch {
    // The payload is not a claims set: the error stays as it is.
  }
  return error;
}

// ---------------------------------------------------------------------------------------------
// Verify

/**
 * Verifies a JWT and validates its claims: `exp` and `nbf` always when present, the rest as
 * `options` asks (jose's names: algorithms, issuer, audience, subject, typ, clockTolerance,
 * currentDate, maxTokenAge, requiredClaims).
 */
export function jwtVerify(jwt, key, options) {
  const token = tokenText(jwt, 'JWT');
  const { protectedHeader, payload } = verifyWith('jwt', token, key, options, true);
  return { payload: JSON.parse(decoder.decode(payload)), protectedHeader };
}

/** Verifies a compact JWS; its payload is returned as bytes. Only `algorithms` applies. */
export function compactVerify(jws, key, options) {
  const token = tokenText(jws, 'JWS');
  if (options !== undefined && !isObject(options)) throw new TypeError('options must be an object');
  const { algorithms } = options ?? {};
  return verifyWith('jws', token, key, { algorithms }, false);
}

// ---------------------------------------------------------------------------------------------
// Decode without verifying

/** The protected header of a JWS or JWE, NOT verified. */
export function decodeProtectedHeader(token) {
  const text = tokenText(token, 'token');
  const segment = text.split('.')[0];
  let header;
  try {
    header = JSON.parse(decoder.decode(fromBase64url(segment)));
  } catch {
    throw new TypeError('Invalid Token or Protected Header formatting');
  }
  if (!isObject(header)) throw new TypeError('Invalid Token or Protected Header formatting');
  return header;
}

/** The claims of a JWT, NOT verified. */
export function decodeJwt(jwt) {
  const text = tokenText(jwt, 'JWT');
  const parts = text.split('.');
  if (parts.length === 5) throw new JWTInvalid('Only JWTs using Compact JWS serialization can be decoded', 'malformed');
  if (parts.length !== 3) throw new JWTInvalid('Invalid JWT', 'malformed');
  if (!parts[1]) throw new JWTInvalid('JWTs must contain a payload', 'malformed');
  let payload;
  try {
    payload = JSON.parse(decoder.decode(fromBase64url(parts[1])));
  } catch {
    throw new JWTInvalid('Failed to parse the decoded payload as JSON', 'json');
  }
  if (!isObject(payload)) throw new JWTInvalid('Invalid JWT Claims Set', 'json');
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** A key from a JWK, bound to `alg` (or the JWK's `alg`, or the one its curve implies). */
export function importJWK(jwk, alg) {
  if (!isObject(jwk)) throw new TypeError('JWK must be an object');
  if (typeof jwk.kty !== 'string') throw new TypeError('"kty" (Key Type) Parameter missing or invalid');
  optionalString(alg, 'alg');
  if (isJweAlg(alg ?? jwk.alg, jwk)) return importJweJwk(jwk, alg);
  checkRsaJwk(jwk, alg);
  if (jwk.kty === 'RSA' && alg === undefined && jwk.alg === undefined) {
    throw new JWKInvalid('"alg" argument is required when "jwk.alg" is not present', 'key_rejected');
  }
  return call('jwk', () => wasm.Key.fromJwk(JSON.stringify(jwk), alg));
}

/** A public key from a PEM SPKI (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
export function importSPKI(spki, alg) {
  if (typeof spki !== 'string' || !spki.includes('-----BEGIN PUBLIC KEY-----')) throw new TypeError('"spki" must be SPKI formatted string');
  if (isJweAlg(alg)) return call('jwk', () => wasm.JweKey.fromPem(spki, alg));
  return call('jwk', () => wasm.Key.fromPem(spki, optionalString(alg, 'alg')));
}

/** A private key from a PEM PKCS#8 (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
export function importPKCS8(pkcs8, alg) {
  if (typeof pkcs8 !== 'string' || !pkcs8.includes('-----BEGIN PRIVATE KEY-----')) throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
  if (isJweAlg(alg)) return call('jwk', () => wasm.JweKey.fromPem(pkcs8, alg));
  return call('jwk', () => wasm.Key.fromPem(pkcs8, optionalString(alg, 'alg')));
}

/** The JWK of a key: private members for a private key; `k` for a Uint8Array secret. */
export function exportJWK(key) {
  if (key instanceof Uint8Array) return { kty: 'oct', k: base64url(key) };
  if (key instanceof wasm.JweKey) return exportJweKey(key);
  if (!(key instanceof wasm.Key)) throw new TypeError('key must be a Key or a Uint8Array');
  if (key.isSecret) throw new JOSENotSupported('an imported HMAC key keeps no copy of its secret; export the secret itself', 'key_rejected');
  const jwk = JSON.parse(call('jwk', () => (key.canSign ? key.privateJwk() : key.publicJwk())));
  if (key.kid !== undefined) jwk.kid = key.kid;
  return jwk;
}

/** A JWK Set for jwtVerify and compactVerify: the key is chosen by the token's `kid` and `alg`. */
export function createLocalJWKSet(jwks) {
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw new TypeError('JSON Web Key Set malformed');
  const set = call('jwks', () => wasm.KeySet.fromJwks(JSON.stringify(jwks)));
  const getKey = () => getKey;
  Object.defineProperty(getKey, KEY_SET, { value: set });
  return getKey;
}

/** The RFC 7638 thumbprint of a JWK or key, base64url. Only SHA-256 is supported. */
export function calculateJwkThumbprint(jwk, digestAlgorithm = 'sha256') {
  if (digestAlgorithm !== 'sha256') throw new JOSENotSupported('only the sha256 digest is supported', 'unsupported');
  if (jwk instanceof wasm.Key || jwk instanceof wasm.JweKey) return call('jwk', () => jwk.thumbprint());
  if (!isObject(jwk)) throw new TypeError('JWK must be an object');
  return call('jwk', () => wasm.thumbprint(JSON.stringify(jwk)));
}

const ALG_ALIASES = { Ed25519: 'EdDSA' };
const RSA_MODULUS_LENGTHS = [2048, 3072, 4096];

/**
 * A new key pair from `crypto.getRandomValues`: ES256, ES384, ES512, EdDSA (`Ed25519`), or
 * RS256/384/512 and PS256/384/512 with `modulusLength` 2048 (the default), 3072 or 4096.
 */
export function generateKeyPair(alg, options) {
  if (typeof alg !== 'string') throw new TypeError('alg must be a string');
  if (options?.crv !== undefined && alg === 'EdDSA' && options.crv !== 'Ed25519') {
    throw new JOSENotSupported('only the Ed25519 curve is supported for EdDSA', 'unsupported');
  }
  if (ECDH_ES_ALGS.includes(alg)) {
    const crv = options?.crv ?? 'P-256';
    if (!['P-256', 'P-384', 'X25519'].includes(crv)) {
      throw new JOSENotSupported('Invalid or unsupported crv option provided, supported values are P-256, P-384, and X25519', 'unsupported');
    }
    const privateKey = call('jwk', () => wasm.JweKey.generate(alg, crv, undefined));
    return { publicKey: privateKey.publicKey(), privateKey };
  }
  const name = ALG_ALIASES[alg] ?? alg;
  let bits;
  if (RSA_ALGS.includes(name) || RSA_OAEP_ALGS.includes(name)) {
    bits = options?.modulusLength ?? 2048;
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < RSA_MIN_BITS) {
      throw new JOSENotSupported('Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used', 'unsupported');
    }
    if (!RSA_MODULUS_LENGTHS.includes(bits)) {
      throw new JOSENotSupported('Unsupported modulusLength option provided, tinyjose generates 2048, 3072 or 4096-bit RSA keys', 'unsupported');
    }
  } else if (!['ES256', 'ES384', 'ES512', 'EdDSA'].includes(name)) {
    if (name === 'RSA1_5') throw new JOSENotSupported(RSA1_5_REFUSED, 'unsupported_alg');
    throw new JOSENotSupported(`key pair generation for ${alg} is not supported`, 'unsupported_alg');
  }
  const privateKey = call('jwk', () => (RSA_OAEP_ALGS.includes(name) ? wasm.JweKey.generate(name, undefined, bits) : wasm.Key.generate(name, bits)));
  return { publicKey: privateKey.publicKey(), privateKey };
}

const SECRET_SIZES = {
  HS256: 32, HS384: 48, HS512: 64,
  A128KW: 16, A192KW: 24, A256KW: 32, A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32,
  A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64,
};

/**
 * A new secret from crypto.getRandomValues: for HS256/384/512 (as long as the hash), for A*KW and
 * A*GCMKW (a key-wrapping key), or for an `enc` (a `dir` key, the CEK itself).
 */
export function generateSecret(alg) {
  const size = Object.hasOwn(SECRET_SIZES, alg) ? SECRET_SIZES[alg] : undefined;
  if (!size) throw new JOSENotSupported(`secret generation for ${alg} is not supported`, 'unsupported_alg');
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

// ---------------------------------------------------------------------------------------------
// Sign

const WRITABLE_HEADER = new Set(['alg', 'kid', 'typ', 'cty']);

function signingKey(key, alg) {
  if (key instanceof wasm.Key) return [key, false];
  if (key instanceof Uint8Array) return [call('jwk', () => wasm.Key.fromSecret(key, alg)), true];
  if (isObject(key) && typeof key.kty === 'string') return [importJWK(key, alg), true];
  throw new TypeError('key must be a private Key, a private JWK, or a Uint8Array secret');
}

function signCompact(payload, header, key) {
  if (!isObject(header)) throw new JWSInvalid('either setProtectedHeader must be called before #sign()', 'malformed');
  if (typeof header.alg !== 'string') throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid', 'malformed');
  for (const name of Object.keys(header)) {
    if (!WRITABLE_HEADER.has(name)) {
      throw new JOSENotSupported(`tinyjose writes only the alg, kid, typ and cty header parameters, not "${name}"`, 'unsupported');
    }
  }
  const [signer, temporary] = signingKey(key, header.alg);
  try {
    return call('jws', () => wasm.sign(payload, signer, header.alg, optionalString(header.kid, 'kid'), optionalString(header.typ, 'typ'), optionalString(header.cty, 'cty')));
  } finally {
    if (temporary) signer.free();
  }
}

/** Signs a byte payload into a compact JWS. */
export class CompactSign {
  #payload;
  #header;
  constructor(payload) {
    if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be an instance of Uint8Array');
    this.#payload = payload;
  }
  setProtectedHeader(protectedHeader) {
    this.#header = protectedHeader;
    return this;
  }
  sign(key) {
    return signCompact(this.#payload, this.#header, key);
  }
}

function timestamp(input, name) {
  if (typeof input === 'number') return input;
  if (input instanceof Date) return epoch(input);
  if (typeof input === 'string') return epoch(new Date()) + timeSpan(input);
  throw new TypeError(`${name} must be a number, a Date or a time span string`);
}

const CLAIMS = Symbol('tinyjose.claims');

/** The claim setters of SignJWT and EncryptJWT. */
class ProduceJWT {
  #payload;
  constructor(payload = {}) {
    if (!isObject(payload)) throw new TypeError('JWT Claims Set MUST be an object');
    this.#payload = { ...payload };
  }
  setIssuer(issuer) {
    this.#payload.iss = issuer;
    return this;
  }
  setSubject(subject) {
    this.#payload.sub = subject;
    return this;
  }
  setAudience(audience) {
    this.#payload.aud = audience;
    return this;
  }
  setJti(jwtId) {
    this.#payload.jti = jwtId;
    return this;
  }
  setNotBefore(input) {
    this.#payload.nbf = timestamp(input, 'setNotBefore');
    return this;
  }
  setExpirationTime(input) {
    this.#payload.exp = timestamp(input, 'setExpirationTime');
    return this;
  }
  setIssuedAt(input) {
    this.#payload.iat = input === undefined ? epoch(new Date()) : timestamp(input, 'setIssuedAt');
    return this;
  }
  /** The claims set as UTF-8 JSON. */
  [CLAIMS]() {
    return encoder.encode(JSON.stringify(this.#payload));
  }
}

/** Builds and signs a JWT, with jose's chainable setters. */
export class SignJWT extends ProduceJWT {
  #header;
  setProtectedHeader(protectedHeader) {
    this.#header = protectedHeader;
    return this;
  }
  sign(key) {
    return signCompact(this[CLAIMS](), this.#header, key);
  }
}

/** Builds and encrypts a JWT, with jose's chainable setters. */
export class EncryptJWT extends ProduceJWT {
  #header;
  #parameters;
  setProtectedHeader(protectedHeader) {
    if (this.#header) throw new TypeError('setProtectedHeader can only be called once');
    this.#header = protectedHeader;
    return this;
  }
  setKeyManagementParameters(parameters) {
    if (this.#parameters) throw new TypeError('setKeyManagementParameters can only be called once');
    if (!isObject(parameters)) throw new TypeError('JWE Key Management Parameters must be an object');
    this.#parameters = parameters;
    return this;
  }
  encrypt(key) {
    return encryptCompact(this[CLAIMS](), this.#header, this.#parameters, key);
  }
}

// ---------------------------------------------------------------------------------------------
// JWE keys

/** The private JWKs of imported ECDH-ES keys, for exportJWK (the core keeps no copy of `d`). */
const privateJwks = new WeakMap();

/** A JWE key from a JWK, for `alg` (or the JWK's own). */
function importJweJwk(jwk, alg) {
  const name = alg ?? jwk.alg;
  if (name === 'RSA1_5') throw new JOSENotSupported(RSA1_5_REFUSED, 'unsupported_alg');
  if (PBES2_ALGS.includes(name)) return importPassword(jwk, alg);
  checkRsaJwk(jwk, alg);
  const key = call('jwk', () => wasm.JweKey.fromJwk(JSON.stringify(jwk), alg));
  if (key.canDecrypt && !key.isSecret && jwk.kty !== 'RSA') {
    const { kty, crv, x, y, d } = jwk;
    privateJwks.set(key, y === undefined ? { kty, crv, x, d } : { kty, crv, x, y, d });
  }
  return key;
}

/** A PBES2 key from an `oct` JWK whose `k` is the password. */
function importPassword(jwk, alg) {
  if (jwk.kty !== 'oct') throw new JWKInvalid(`${alg ?? jwk.alg} needs an oct JWK (the password in "k")`, 'key_rejected');
  if (alg !== undefined && jwk.alg !== undefined && jwk.alg !== alg) throw new JOSEAlgNotAllowed('the JWK is for another algorithm', 'alg_mismatch');
  if (jwk.use !== undefined && jwk.use !== 'enc') throw new JWKInvalid('the JWK is not for encryption ("use")', 'key_rejected');
  let password;
  try {
    password = fromBase64url(jwk.k);
  } catch {
    throw new JWKInvalid('the JWK\'s "k" is not base64url', 'base64');
  }
  return call('jwk', () => wasm.JweKey.fromSecret(password, alg ?? jwk.alg));
}

function exportJweKey(key) {
  if (key.isSecret) throw new JOSENotSupported('an imported JWE secret keeps no copy of its bytes; export the secret itself', 'key_rejected');
  let jwk;
  if (key.canDecrypt) jwk = privateJwks.has(key) ? { ...privateJwks.get(key) } : JSON.parse(call('jwk', () => key.privateJwk()));
  else jwk = JSON.parse(call('jwk', () => key.publicJwk()));
  if (key.kid !== undefined) jwk.kid = key.kid;
  return jwk;
}

/** Bytes of a secret or password: a Uint8Array, or a string (UTF-8) for PBES2. */
function secretBytes(key, alg) {
  if (key instanceof Uint8Array) return key;
  if (typeof key === 'string' && PBES2_ALGS.includes(alg)) return encoder.encode(key);
  return undefined;
}

const jweKeyCache = new WeakMap();

/**
 * The JWE key for `alg` from a `key` argument: a JweKey as it is, a secret or password, or a
 * JWK (converted once per object and algorithm). Returns [key, temporary].
 */
function jweKey(key, alg, context) {
  if (key instanceof wasm.JweKey) return [key, false];
  const secret = secretBytes(key, alg);
  if (secret !== undefined) {
    if (alg === 'RSA1_5') throw new JOSENotSupported(RSA1_5_REFUSED, 'unsupported_alg');
    return [call(context, () => wasm.JweKey.fromSecret(secret, alg)), true];
  }
  if (isObject(key) && typeof key.kty === 'string') {
    let byAlg = jweKeyCache.get(key);
    if (!byAlg) jweKeyCache.set(key, (byAlg = new Map()));
    let imported = byAlg.get(alg);
    if (!imported) {
      imported = importJweJwk(key, alg);
      byAlg.set(alg, imported);
    }
    return [imported, false];
  }
  if (key instanceof wasm.Key) throw new TypeError(`a ${key.alg} key is for JWS: import the key for ${alg}`);
  throw new TypeError('key must be a JWE key (importJWK, generateKeyPair), a JWK, a Uint8Array secret, or a password string for PBES2');
}

// ---------------------------------------------------------------------------------------------
// Decrypt

const MAX_P2C = 0xffff_ffff;
/** The largest inflated plaintext taken when `maxDecompressedLength` is Infinity: 64 MiB. */
const MAX_INFLATED = 64 * 1024 * 1024;

function decryptOptions(options, claims) {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new TypeError('options must be an object');
  const o = claims ? verifyOptions(options) : { now: 0, leeway: 0, issuers: [], audiences: [], required: [] };
  const { maxPBES2Count, maxDecompressedLength } = options;
  if (maxPBES2Count !== undefined && maxPBES2Count !== Infinity && (!Number.isSafeInteger(maxPBES2Count) || maxPBES2Count < 1)) {
    throw new TypeError('maxPBES2Count must be a positive safe integer or Infinity');
  }
  const inflated = maxDecompressedLength ?? 250_000;
  if (inflated !== 0 && inflated !== Infinity && (!Number.isSafeInteger(inflated) || inflated < 1)) {
    throw new TypeError('maxDecompressedLength must be 0, a positive safe integer, or Infinity');
  }
  o.algs = options.keyManagementAlgorithms === undefined ? DEFAULT_JWE_ALGS : nonEmptyStrings(options.keyManagementAlgorithms, 'keyManagementAlgorithms');
  o.encs = nonEmptyStrings(options.contentEncryptionAlgorithms, 'contentEncryptionAlgorithms');
  o.maxP2c = Math.min(maxPBES2Count ?? 10_000, MAX_P2C);
  o.maxInflated = Math.min(inflated, MAX_INFLATED);
  return o;
}

/** The key that decrypts `token`: a JweKey directly, anything else once the header is read. */
function decryptionKey(key, token, o, context) {
  if (key instanceof wasm.JweKey) return [key, false];
  const header = JSON.parse(call(context, () => wasm.jweHeader(token, o.maxP2c, o.algs, o.encs)));
  if (typeof key === 'function') {
    key = key(header, token);
    if (key && typeof key.then === 'function') {
      throw new TypeError('tinyjose is synchronous: a key function must return the key itself, not a Promise');
    }
  }
  return jweKey(key, header.alg, context);
}

function decryptWith(context, token, key, options, claims) {
  const o = decryptOptions(options, claims);
  const [decrypter, temporary] = decryptionKey(key, token, o, context);
  const run = (withClaims) => call(context, () => wasm.decrypt(
    token, decrypter, o.algs, o.encs, o.maxP2c, o.maxInflated, withClaims, o.now, o.leeway, o.maxAge,
    o.issuers, o.audiences, o.subject, o.typ, o.required,
  ));
  try {
    let decrypted;
    try {
      decrypted = run(claims);
    } catch (e) {
      // A claim error comes after the tag verified: decrypt again to attach the claims, as jose.
      if (e instanceof JWTClaimValidationFailed) {
        try {
          const again = run(false);
          e.payload = JSON.parse(decoder.decode(again.plaintext));
          again.free();
        } catch {
          // The payload is not a claims set: the error stays as it is.
        }
      }
      throw e;
    }
    const result = { plaintext: decrypted.plaintext, protectedHeader: JSON.parse(decrypted.headerJson) };
    decrypted.free();
    return result;
  } finally {
    if (temporary) decrypter.free();
  }
}

/**
 * Decrypts a compact JWE; its plaintext is returned as bytes. Options as in jose:
 * keyManagementAlgorithms (PBES2 only when listed), contentEncryptionAlgorithms, maxPBES2Count
 * (10 000), maxDecompressedLength (250 000).
 */
export function compactDecrypt(jwe, key, options) {
  return decryptWith('jwe', tokenText(jwe, 'Compact JWE'), key, options, false);
}

const REPLICATED = { iss: 'issuer_mismatch', sub: 'subject_mismatch', aud: 'audience_mismatch' };

/**
 * Decrypts an encrypted JWT and validates its claims as jwtVerify does, with the options of
 * compactDecrypt too.
 */
export function jwtDecrypt(jwt, key, options) {
  const { plaintext, protectedHeader } = decryptWith('jwe-jwt', tokenText(jwt, 'JWT'), key, options, true);
  const payload = JSON.parse(decoder.decode(plaintext));
  for (const [claim, code] of Object.entries(REPLICATED)) {
    const inHeader = protectedHeader[claim];
    if (inHeader !== undefined && JSON.stringify(inHeader) !== JSON.stringify(payload[claim])) {
      throw new JWTClaimValidationFailed(`replicated "${claim}" claim header parameter mismatch`, code, claim, 'mismatch', payload);
    }
  }
  return { payload, protectedHeader };
}

// ---------------------------------------------------------------------------------------------
// Encrypt

const WRITABLE_JWE_HEADER = new Set(['alg', 'enc', 'zip', 'kid', 'typ', 'cty']);

function optionalBytes(value, name) {
  if (value !== undefined && !(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  return value;
}

function encryptCompact(plaintext, header, parameters, key) {
  if (!isObject(header)) throw new JWEInvalid('either setProtectedHeader must be called before #encrypt()', 'malformed');
  const { alg, enc, zip } = header;
  if (typeof alg !== 'string' || !alg) throw new JWEInvalid('JWE "alg" (Algorithm) Header Parameter missing or invalid', 'malformed');
  if (typeof enc !== 'string' || !enc) throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid', 'malformed');
  if (zip !== undefined && zip !== 'DEF') throw new JOSENotSupported('Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.', 'unsupported_alg');
  for (const name of Object.keys(header)) {
    if (!WRITABLE_JWE_HEADER.has(name)) {
      throw new JOSENotSupported(`tinyjose writes only the alg, enc, zip, kid, typ and cty header parameters, not "${name}"`, 'unsupported');
    }
  }
  if (alg === 'RSA1_5') throw new JOSENotSupported(RSA1_5_REFUSED, 'unsupported_alg');
  const { apu, apv, p2c, ...rest } = parameters ?? {};
  for (const name of Object.keys(rest)) {
    throw new JOSENotSupported(`the key management parameter "${name}" is not supported`, 'unsupported');
  }
  if (p2c !== undefined && (!Number.isSafeInteger(p2c) || p2c < 1 || p2c > MAX_P2C)) throw new JWEInvalid('PBES2 Count Input must be a positive integer', 'malformed');
  const [encrypter, temporary] = jweKey(key, alg, 'jwe');
  try {
    return call('jwe', () => wasm.encrypt(
      plaintext, encrypter, alg, enc, zip === 'DEF',
      optionalString(header.kid, 'kid'), optionalString(header.typ, 'typ'), optionalString(header.cty, 'cty'),
      optionalBytes(apu, 'apu'), optionalBytes(apv, 'apv'), p2c,
    ));
  } finally {
    if (temporary) encrypter.free();
  }
}

/** Encrypts a byte plaintext into a compact JWE, with jose's chainable setters. */
export class CompactEncrypt {
  #plaintext;
  #header;
  #parameters;
  constructor(plaintext) {
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be an instance of Uint8Array');
    this.#plaintext = plaintext;
  }
  setProtectedHeader(protectedHeader) {
    if (this.#header) throw new TypeError('setProtectedHeader can only be called once');
    this.#header = protectedHeader;
    return this;
  }
  setKeyManagementParameters(parameters) {
    if (this.#parameters) throw new TypeError('setKeyManagementParameters can only be called once');
    if (!isObject(parameters)) throw new TypeError('JWE Key Management Parameters must be an object');
    this.#parameters = parameters;
    return this;
  }
  encrypt(key) {
    return encryptCompact(this.#plaintext, this.#header, this.#parameters, key);
  }
}
