// The jose-shaped API over the tinyjose core. Every function is synchronous: it returns its
// value directly, and `await` on it still works, so code written for `jose` runs unchanged.

import { wasm } from './binding.mjs';
import * as errors from './errors.mjs';
import { JOSENotSupported, JWKInvalid, JWSInvalid, JWTClaimValidationFailed, JWTInvalid } from './errors.mjs';
import { toJoseError } from './failure.mjs';

export { errors };
export {
  JOSEAlgNotAllowed, JOSEError, JOSENotSupported, JWKInvalid, JWKSInvalid, JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey, JWSInvalid, JWSSignatureVerificationFailed, JWTClaimValidationFailed,
  JWTExpired, JWTInvalid,
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
  checkRsaJwk(jwk, alg);
  if (jwk.kty === 'RSA' && alg === undefined && jwk.alg === undefined) {
    throw new JWKInvalid('"alg" argument is required when "jwk.alg" is not present', 'key_rejected');
  }
  return call('jwk', () => wasm.Key.fromJwk(JSON.stringify(jwk), alg));
}

/** A public key from a PEM SPKI (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
export function importSPKI(spki, alg) {
  if (typeof spki !== 'string' || !spki.includes('-----BEGIN PUBLIC KEY-----')) throw new TypeError('"spki" must be SPKI formatted string');
  return call('jwk', () => wasm.Key.fromPem(spki, optionalString(alg, 'alg')));
}

/** A private key from a PEM PKCS#8 (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
export function importPKCS8(pkcs8, alg) {
  if (typeof pkcs8 !== 'string' || !pkcs8.includes('-----BEGIN PRIVATE KEY-----')) throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
  return call('jwk', () => wasm.Key.fromPem(pkcs8, optionalString(alg, 'alg')));
}

/** The JWK of a key: private members for a private key; `k` for a Uint8Array secret. */
export function exportJWK(key) {
  if (key instanceof Uint8Array) return { kty: 'oct', k: base64url(key) };
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
  if (jwk instanceof wasm.Key) return call('jwk', () => jwk.thumbprint());
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
  const name = ALG_ALIASES[alg] ?? alg;
  let bits;
  if (RSA_ALGS.includes(name)) {
    bits = options?.modulusLength ?? 2048;
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < RSA_MIN_BITS) {
      throw new JOSENotSupported('Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used', 'unsupported');
    }
    if (!RSA_MODULUS_LENGTHS.includes(bits)) {
      throw new JOSENotSupported('Unsupported modulusLength option provided, tinyjose generates 2048, 3072 or 4096-bit RSA keys', 'unsupported');
    }
  } else if (!['ES256', 'ES384', 'ES512', 'EdDSA'].includes(name)) {
    throw new JOSENotSupported(`key pair generation for ${alg} is not supported`, 'unsupported_alg');
  }
  const privateKey = call('jwk', () => wasm.Key.generate(name, bits));
  return { publicKey: privateKey.publicKey(), privateKey };
}

/** A new HMAC secret for HS256, HS384 or HS512 (as long as the hash), from crypto.getRandomValues. */
export function generateSecret(alg) {
  const size = { HS256: 32, HS384: 48, HS512: 64 }[alg];
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

/** Builds and signs a JWT, with jose's chainable setters. */
export class SignJWT {
  #payload;
  #header;
  constructor(payload = {}) {
    if (!isObject(payload)) throw new TypeError('JWT Claims Set MUST be an object');
    this.#payload = { ...payload };
  }
  setProtectedHeader(protectedHeader) {
    this.#header = protectedHeader;
    return this;
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
  sign(key) {
    return signCompact(encoder.encode(JSON.stringify(this.#payload)), this.#header, key);
  }
}
