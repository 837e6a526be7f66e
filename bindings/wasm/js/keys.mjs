// Keys: import, export, generation, and the conversion of a `key` argument into the key the
// wasm module takes, for verifying (a key set), signing, and encrypting or decrypting.

import { decodeProtectedHeader } from './decode.mjs';
import { JOSENotSupported, JWKInvalid } from './errors.mjs';
import { caller } from './failure.mjs';
import { base64url, encoder, isObject, optionalString } from './options.mjs';

const KEY_SET = Symbol('tinyjose.keySet');

/**
 * The value `convert` made from `object`'s JSON text, kept in `cache` (a WeakMap) while that text
 * stays the same. Once the object changes in place (a key removed from a JWK Set, a JWK rotated),
 * it is converted again and the old value given to `release`, so a key the caller removed is
 * never used again. jose freezes a JWK object instead; tinyjose leaves the caller's objects as
 * they are. Serializing on each use costs about a microsecond per key; converting on each use
 * would cost 20 to 90 µs per key, as much as verifying an RS256 token with a five-key set
 * (bench/bench.mjs --key=jwk).
 */
function byContent(cache, object, convert, release) {
  const json = JSON.stringify(object);
  const entry = cache.get(object);
  if (entry?.json === json) return entry.value;
  const value = convert(json);
  if (entry) release(entry.value);
  cache.set(object, { json, value });
  return value;
}

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
/** Every JWS `alg` tinyjose supports (and `Ed25519`, jose's other name for EdDSA). */
const JWS_ALGS = ['HS256', 'HS384', 'HS512', ...RSA_ALGS, 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const RSA_OAEP_ALGS = ['RSA-OAEP', 'RSA-OAEP-256'];
const ECDH_ES_ALGS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
const PBES2_ALGS = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
/** Every JWE `alg` tinyjose supports. */
const JWE_ALGS = [
  ...RSA_OAEP_ALGS, 'A128KW', 'A192KW', 'A256KW', 'dir', ...ECDH_ES_ALGS,
  'A128GCMKW', 'A192GCMKW', 'A256GCMKW', ...PBES2_ALGS,
];
/** What decryption accepts when `keyManagementAlgorithms` is not given: all but PBES2, as in jose. */
export const DEFAULT_JWE_ALGS = JWE_ALGS.filter((alg) => !PBES2_ALGS.includes(alg));
const ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];

/**
 * Whether `alg` names JWE key management (an `enc` names a `dir` key for an `oct` JWK). RSA1_5
 * goes to the JWE keys too, which the core refuses with its own code (`alg_rsa1_5`).
 */
function isJweAlg(alg, jwk) {
  if (typeof alg !== 'string') return false;
  return JWE_ALGS.includes(alg) || alg === 'RSA1_5' || (jwk?.kty === 'oct' && ENCS.includes(alg));
}

/**
 * Stands in for a key class that an entry's module lacks (`tinyjose/jws` has no JWE keys,
 * `tinyjose/jwe` no JWS keys): nothing is an instance of it, and each way of making one throws
 * `JOSENotSupported`.
 */
function absent(kind) {
  const refuse = () => {
    throw new JOSENotSupported(`${kind} keys are not in this entry point: import them from tinyjose`, 'unsupported_alg');
  };
  return class {
    static fromJwk = refuse;
    static fromJwks = refuse;
    static fromKey = refuse;
    static fromPem = refuse;
    static fromSecret = refuse;
    static generate = refuse;
  };
}

/**
 * Refuses a key that another entry point's module imported (a wasm-bindgen object of another
 * module): its key lives in that module's memory, so this one cannot use it.
 */
function refuseForeign(key, wasm) {
  if (typeof key !== 'object' || key === null || typeof key.__wbg_ptr !== 'number') return;
  const own = (wasm.Key && key instanceof wasm.Key) || (wasm.KeySet && key instanceof wasm.KeySet)
    || (wasm.JweKey && key instanceof wasm.JweKey);
  if (!own) throw new TypeError('the key was imported by another tinyjose entry point: import it with this one, or pass its JWK');
}

/**
 * The key functions over `wasm`, the bindings of one module. An entry without JWS (or JWE)
 * keys refuses them with `JOSENotSupported`.
 */
export function keyFunctions(wasm) {
  const call = caller(wasm);
  const Key = wasm.Key ?? absent('JWS');
  const KeySet = wasm.KeySet ?? absent('JWS');
  const JweKey = wasm.JweKey ?? absent('JWE');

  /** The key sets of JWK and JWK Set objects given as verification keys. */
  const keySetCache = new WeakMap();

  /** The key set of a JWK Set object or a JWK object, from its JSON text. */
  function keySetOf(key, json) {
    if (Array.isArray(key.keys)) return call('jwks', () => KeySet.fromJwks(json));
    return call('jwk', () => KeySet.fromJwk(json));
  }

  /** The key set for a `key` argument, and whether it is temporary (to free after use). */
  function keySet(key, token) {
    refuseForeign(key, wasm);
    if (key instanceof KeySet) return [key, false];
    if (typeof key === 'function' && key[KEY_SET]) {
      const { set, jwks } = key[KEY_SET];
      // The set of another entry point's module is converted for this one, once per content.
      return set instanceof KeySet ? [set, false] : keySet(jwks, token);
    }
    if (key instanceof Key) return [KeySet.fromKey(key), true];
    if (typeof key === 'function') {
      const header = decodeProtectedHeader(token);
      const resolved = key(header, token);
      if (resolved && typeof resolved.then === 'function') {
        throw new TypeError('tinyjose is synchronous: a key function must return the key itself, not a Promise');
      }
      return keySet(resolved, token);
    }
    if (key instanceof Uint8Array) return [call('jwk', () => KeySet.fromSecret(key)), true];
    if (isObject(key)) {
      if (!Array.isArray(key.keys) && typeof key.kty !== 'string') throw new TypeError('key must be a JWK (with "kty") or a JWK Set (with "keys")');
      return [byContent(keySetCache, key, (json) => keySetOf(key, json), (set) => set.free()), false];
    }
    throw new TypeError('key must be a JWK, a JWK Set, a Uint8Array secret, or the result of importJWK or createLocalJWKSet');
  }

  /** A key from a JWK, bound to `alg` (or the JWK's `alg`, or the one its curve implies). */
  function importJWK(jwk, alg) {
    if (!isObject(jwk)) throw new TypeError('JWK must be an object');
    if (typeof jwk.kty !== 'string') throw new TypeError('"kty" (Key Type) Parameter missing or invalid');
    optionalString(alg, 'alg');
    // An entry without JWS keys (tinyjose/jwe) takes every JWK not named for JWS as a JWE key.
    const named = alg ?? jwk.alg;
    if (isJweAlg(named, jwk) || (!wasm.Key && !JWS_ALGS.includes(named))) return importJweJwk(jwk, alg);
    if (jwk.kty === 'RSA' && alg === undefined && jwk.alg === undefined) {
      throw new JWKInvalid('"alg" argument is required when "jwk.alg" is not present', 'key_rejected');
    }
    return call('jwk', () => Key.fromJwk(JSON.stringify(jwk), alg));
  }

  /** A public key from a PEM SPKI (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
  function importSPKI(spki, alg) {
    if (typeof spki !== 'string' || !spki.includes('-----BEGIN PUBLIC KEY-----')) throw new TypeError('"spki" must be SPKI formatted string');
    if (isJweAlg(alg) || (!wasm.Key && !JWS_ALGS.includes(alg))) return call('jwk', () => JweKey.fromPem(spki, alg));
    return call('jwk', () => Key.fromPem(spki, optionalString(alg, 'alg')));
  }

  /** A private key from a PEM PKCS#8 (EC, Ed25519 or RSA), bound to `alg` (required for RSA). */
  function importPKCS8(pkcs8, alg) {
    if (typeof pkcs8 !== 'string' || !pkcs8.includes('-----BEGIN PRIVATE KEY-----')) throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
    if (isJweAlg(alg) || (!wasm.Key && !JWS_ALGS.includes(alg))) return call('jwk', () => JweKey.fromPem(pkcs8, alg));
    return call('jwk', () => Key.fromPem(pkcs8, optionalString(alg, 'alg')));
  }

  /** The JWK of a key: private members for a private key; `k` for a Uint8Array secret. */
  function exportJWK(key) {
    refuseForeign(key, wasm);
    if (key instanceof Uint8Array) return { kty: 'oct', k: base64url(key) };
    const jws = key instanceof Key;
    if (!jws && !(key instanceof JweKey)) throw new TypeError('key must be a Key or a Uint8Array');
    if (key.isSecret) {
      const what = jws ? 'an imported HMAC key keeps no copy of its secret' : 'an imported JWE secret keeps no copy of its bytes';
      throw new JOSENotSupported(`${what}; export the secret itself`, 'key_rejected');
    }
    const jwk = JSON.parse(call('jwk', () => (key.canSign || key.canDecrypt ? key.privateJwk() : key.publicJwk())));
    if (key.kid !== undefined) jwk.kid = key.kid;
    return jwk;
  }

  /** A JWK Set for jwtVerify and compactVerify: the key is chosen by the token's `kid` and `alg`. */
  function createLocalJWKSet(jwks) {
    if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw new TypeError('JSON Web Key Set malformed');
    const json = JSON.stringify(jwks);
    const set = call('jwks', () => KeySet.fromJwks(json));
    const getKey = () => getKey;
    Object.defineProperty(getKey, KEY_SET, { value: { set, jwks: JSON.parse(json) } });
    return getKey;
  }

  /** The RFC 7638 thumbprint of a JWK or key, base64url. Only SHA-256 is supported. */
  function calculateJwkThumbprint(jwk, digestAlgorithm = 'sha256') {
    if (digestAlgorithm !== 'sha256') throw new JOSENotSupported('only the sha256 digest is supported', 'unsupported');
    refuseForeign(jwk, wasm);
    if (jwk instanceof Key || jwk instanceof JweKey) return call('jwk', () => jwk.thumbprint());
    if (!isObject(jwk)) throw new TypeError('JWK must be an object');
    return call('jwk', () => wasm.thumbprint(JSON.stringify(jwk)));
  }

  const ALG_ALIASES = { Ed25519: 'EdDSA' };
  /**
   * The curves and RSA sizes tinyjose-std generates, checked here so that another is `unsupported`
   * with jose's words, where tinyjose-std would say `key_rejected`.
   */
  const ECDH_ES_CURVES = ['P-256', 'P-384', 'X25519'];
  const RSA_MODULUS_LENGTHS = [2048, 3072, 4096];

  /**
   * A new key pair from `crypto.getRandomValues`: ES256, ES384, ES512, EdDSA (`Ed25519`), or
   * RS256/384/512 and PS256/384/512 with `modulusLength` 2048 (the default), 3072 or 4096.
   */
  function generateKeyPair(alg, options) {
    if (typeof alg !== 'string') throw new TypeError('alg must be a string');
    if (options?.crv !== undefined && alg === 'EdDSA' && options.crv !== 'Ed25519') {
      throw new JOSENotSupported('only the Ed25519 curve is supported for EdDSA', 'unsupported');
    }
    if (ECDH_ES_ALGS.includes(alg)) {
      const crv = options?.crv ?? 'P-256';
      if (!ECDH_ES_CURVES.includes(crv)) {
        throw new JOSENotSupported('Invalid or unsupported crv option provided, supported values are P-256, P-384, and X25519', 'unsupported');
      }
      const privateKey = call('jwk', () => JweKey.generate(alg, crv, undefined));
      return { publicKey: privateKey.publicKey(), privateKey };
    }
    const name = ALG_ALIASES[alg] ?? alg;
    let bits;
    if (RSA_ALGS.includes(name) || RSA_OAEP_ALGS.includes(name)) {
      bits = options?.modulusLength ?? 2048;
      if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 2048) {
        throw new JOSENotSupported('Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used', 'unsupported');
      }
      if (!RSA_MODULUS_LENGTHS.includes(bits)) {
        throw new JOSENotSupported('Unsupported modulusLength option provided, tinyjose generates 2048, 3072 or 4096-bit RSA keys', 'unsupported');
      }
    } else if (!['ES256', 'ES384', 'ES512', 'EdDSA', 'RSA1_5'].includes(name)) {
      throw new JOSENotSupported(`key pair generation for ${alg} is not supported`, 'unsupported_alg');
    }
    // RSA1_5 goes on to the core, which refuses it with its own code.
    const privateKey = call('jwk', () => (isJweAlg(name) ? JweKey.generate(name, undefined, bits) : Key.generate(name, bits)));
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
  function generateSecret(alg) {
    const size = Object.hasOwn(SECRET_SIZES, alg) ? SECRET_SIZES[alg] : undefined;
    if (!size) throw new JOSENotSupported(`secret generation for ${alg} is not supported`, 'unsupported_alg');
    return globalThis.crypto.getRandomValues(new Uint8Array(size));
  }

  /** Whether `key` is a key function (jose's get-key function), not a key or a key set. */
  function isKeyFunction(key) {
    return typeof key === 'function' && !key[KEY_SET];
  }

  function signingKey(key, alg) {
    refuseForeign(key, wasm);
    if (key instanceof Key) return [key, false];
    if (key instanceof Uint8Array) return [call('jwk', () => Key.fromSecret(key, alg)), true];
    if (isObject(key) && typeof key.kty === 'string') return [importJWK(key, alg), true];
    throw new TypeError('key must be a private Key, a private JWK, or a Uint8Array secret');
  }

  // -------------------------------------------------------------------------------------------
  // JWE keys

  /** A JWE key from a JWK (a PBES2 password in `k` too), for `alg` (or the JWK's own). */
  function importJweJwk(jwk, alg) {
    return call('jwk', () => JweKey.fromJwk(JSON.stringify(jwk), alg));
  }

  /** Bytes of a secret or password: a Uint8Array, or a string (UTF-8) for PBES2. */
  function secretBytes(key, alg) {
    if (key instanceof Uint8Array) return key;
    if (typeof key === 'string' && PBES2_ALGS.includes(alg)) return encoder.encode(key);
    return undefined;
  }

  /** The JWE keys of JWK objects given as keys, by algorithm. */
  const jweKeyCache = new WeakMap();

  const freeKeys = (byAlg) => {
    for (const key of byAlg.values()) key.free();
  };

  /**
   * The JWE key for `alg` from a `key` argument: a JweKey as it is, a secret or password, or a
   * JWK (converted once per object, content and algorithm). Returns [key, temporary].
   */
  function jweKey(key, alg, context) {
    refuseForeign(key, wasm);
    if (key instanceof JweKey) return [key, false];
    const secret = secretBytes(key, alg);
    if (secret !== undefined) return [call(context, () => JweKey.fromSecret(secret, alg)), true];
    if (isObject(key) && typeof key.kty === 'string') {
      const byAlg = byContent(jweKeyCache, key, () => new Map(), freeKeys);
      let imported = byAlg.get(alg);
      if (!imported) {
        imported = importJweJwk(key, alg);
        byAlg.set(alg, imported);
      }
      return [imported, false];
    }
    if (key instanceof Key) throw new TypeError(`a ${key.alg} key is for JWS: import the key for ${alg}`);
    throw new TypeError('key must be a JWE key (importJWK, generateKeyPair), a JWK, a Uint8Array secret, or a password string for PBES2');
  }

  return {
    importJWK, importSPKI, importPKCS8, exportJWK, createLocalJWKSet, calculateJwkThumbprint,
    generateKeyPair, generateSecret, keySet, signingKey, jweKey, isKeyFunction,
  };
}
