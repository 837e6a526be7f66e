// Keys: import, export, generation, and the conversion of a `key` argument into the key the
// wasm module takes, for verifying (a key set), signing, and encrypting or decrypting.

import { JOSENotSupported, JWKInvalid, JWKSInvalid, JWKSMultipleMatchingKeys, JWKSNoMatchingKey } from './errors.mjs';
import { caller } from './failure.mjs';
import { base64url, encoder, fromBase64url, isObject } from './options.mjs';

const KEY_SET = Symbol('tinyjose.keySet');

/** jose's TypeError for a `key` argument of the wrong type for `alg` (a Uint8Array only for HS*). */
function invalidKeyType(alg, actual) {
  const types = typeof alg === 'string' && alg.startsWith('HS') ? 'CryptoKey, KeyObject, JSON Web Key, or Uint8Array' : 'CryptoKey, KeyObject, or JSON Web Key';
  let received = '';
  if (actual == null) received = ` Received ${actual}`;
  else if (typeof actual === 'function' && actual.name) received = ` Received function ${actual.name}`;
  else if (typeof actual === 'object' && actual.constructor?.name) received = ` Received an instance of ${actual.constructor.name}`;
  return new TypeError(`Key for the ${alg} algorithm must be one of type ${types}.${received}`);
}

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
/** Every JWS `alg` tinyjose supports (`Ed25519` is EdDSA's fully specified name, RFC 9864). */
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
 * jose's table of the algorithms it knows (lib/jws_algorithms.js and lib/jwe_algorithms.js), by
 * what its key checks read: the key types (`kty`), the curve a JWS algorithm fixes (`crv`), a
 * secret (`oct`) algorithm (`secret`), and ECDH-ES, whose curve the key chooses (`ecdh`). The
 * argument checks below follow it so that an algorithm gives jose's error, whether or not
 * tinyjose supports it; one jose knows and tinyjose does not fails later, in the core.
 */
const JOSE_JWS = {
  HS256: { kty: ['oct'], secret: true }, HS384: { kty: ['oct'], secret: true }, HS512: { kty: ['oct'], secret: true },
  ...Object.fromEntries(RSA_ALGS.map((alg) => [alg, { kty: ['RSA'] }])),
  ES256: { kty: ['EC'], crv: 'P-256' }, ES384: { kty: ['EC'], crv: 'P-384' }, ES512: { kty: ['EC'], crv: 'P-521' },
  EdDSA: { kty: ['OKP'], crv: 'Ed25519' }, Ed25519: { kty: ['OKP'], crv: 'Ed25519' },
  'ML-DSA-44': { kty: ['AKP'] }, 'ML-DSA-65': { kty: ['AKP'] }, 'ML-DSA-87': { kty: ['AKP'] },
};
const JOSE_JWE = {
  ...Object.fromEntries(['dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', ...PBES2_ALGS]
    .map((alg) => [alg, { kty: ['oct'], secret: true }])),
  ...Object.fromEntries([...RSA_OAEP_ALGS, 'RSA-OAEP-384', 'RSA-OAEP-512'].map((alg) => [alg, { kty: ['RSA'] }])),
  ...Object.fromEntries(ECDH_ES_ALGS.map((alg) => [alg, { kty: ['EC', 'OKP'], ecdh: true }])),
};

/** jose's entry for a JWS or JWE `alg`, or undefined. */
function joseAlgorithm(alg) {
  if (typeof alg !== 'string') return undefined;
  if (Object.hasOwn(JOSE_JWS, alg)) return JOSE_JWS[alg];
  return Object.hasOwn(JOSE_JWE, alg) ? JOSE_JWE[alg] : undefined;
}

/** jose's error for an `alg` it does not know, naming where the `alg` came from. */
function unsupportedAlg(source = 'JWK "alg" (Algorithm) Parameter') {
  return new JOSENotSupported(`Invalid or unsupported ${source} value`, 'unsupported_alg');
}
const ALG_ARGUMENT = '"alg" (Algorithm)';

/** Whether `value` is a plain object (its prototype Object.prototype or null), as jose checks a JWK. */
function isPlainObject(value) {
  if (typeof value !== 'object' || value === null || Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Whether `value` is an array of strings, each once (what `key_ops` must be). */
function isUniqueStrings(value) {
  return Array.isArray(value) && value.every((item, index) => typeof item === 'string' && value.indexOf(item) === index);
}

/** jose's checks of the `ext` and `key_ops` members of a JWK, whatever its type. */
function checkJwkMembers(jwk) {
  if (jwk.ext !== undefined && typeof jwk.ext !== 'boolean') throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (jwk.key_ops !== undefined && !isUniqueStrings(jwk.key_ops)) {
    throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
  }
}

/**
 * jose's check of the `extractable` option. tinyjose accepts it and does not model it: every key
 * exports (a deliberate difference, recorded in the paired suites).
 */
function checkExtractable(options) {
  if (options?.extractable !== undefined && typeof options.extractable !== 'boolean') {
    throw new TypeError('"extractable" option must be a boolean');
  }
}

/** The bytes of the `k` of an `oct` JWK, with jose's error for text that is not base64url. */
function octBytes(k) {
  try {
    return fromBase64url(k);
  } catch (cause) {
    throw new TypeError('The input to be decoded is not correctly encoded.', { cause });
  }
}

/**
 * jose's message for a key argument of the wrong type: the types it takes, and what it got
 * (`Received null`, `Received function f`, `Received an instance of C`).
 */
function invalidKeyInput(actual, ...types) {
  const last = types.pop();
  let message = `Key must be one of type ${types.join(', ')}, or ${last}.`;
  if (actual == null) message += ` Received ${actual}`;
  else if (typeof actual === 'function' && actual.name) message += ` Received function ${actual.name}`;
  else if (typeof actual === 'object' && actual.constructor?.name) message += ` Received an instance of ${actual.constructor.name}`;
  return message;
}

/** The members RFC 7638 hashes for each key type, with jose's error for one missing or not a string. */
function thumbprintMembers(jwk) {
  const check = (name, description) => {
    if (typeof jwk[name] !== 'string' || !jwk[name]) throw new JWKInvalid(`${description} missing or invalid`, 'key_rejected');
  };
  switch (jwk.kty) {
    case 'AKP':
      check('alg', '"alg" (Algorithm) Parameter');
      check('pub', '"pub" (Public key) Parameter');
      return { alg: jwk.alg, kty: jwk.kty, pub: jwk.pub };
    case 'EC':
      check('crv', '"crv" (Curve) Parameter');
      check('x', '"x" (X Coordinate) Parameter');
      check('y', '"y" (Y Coordinate) Parameter');
      return { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
    case 'OKP':
      check('crv', '"crv" (Subtype of Key Pair) Parameter');
      check('x', '"x" (Public Key) Parameter');
      return { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
    case 'RSA':
      check('e', '"e" (Exponent) Parameter');
      check('n', '"n" (Modulus) Parameter');
      return { e: jwk.e, kty: jwk.kty, n: jwk.n };
    case 'oct':
      if (typeof jwk.k !== 'string') throw new JWKInvalid('"k" (Key Value) Parameter missing or invalid', 'key_rejected');
      return { k: jwk.k, kty: jwk.kty };
    default:
      throw new JOSENotSupported('"kty" (Key Type) Parameter missing or unsupported', 'key_rejected');
  }
}

/**
 * Whether the JWK `jwk` of a set may verify a token whose header names `alg` (jose's `entry`
 * for it) and `kid`: jose's isUsableJWK (jwks/local.js), the one selection rule of a local set
 * called directly. A valid `ext`; `key_ops`, if any, unique strings including "verify"; the key
 * type and the curve of the algorithm; the token's `kid`, if any; the JWK's `alg`, if any, the
 * token's; `use`, if any, "sig".
 */
function isUsableJwk(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === undefined || typeof ext === 'boolean')
    && (keyOps === undefined || (isUniqueStrings(keyOps) && keyOps.includes('verify')))
    && entry.kty.includes(kty)
    && (kid === undefined || (typeof kid === 'string' && kid === jwkKid))
    && (jwkAlg === undefined ? kty !== 'AKP' : alg === jwkAlg)
    && (use === undefined || use === 'sig')
    && (!entry.crv || crv === entry.crv);
}

/**
 * The JWS algorithm entry of `alg`, which a JWK Set can serve, or jose's JOSENotSupported: for
 * an `alg` that is not an asymmetric JWS algorithm (a published set holds no secret).
 */
export function setAlg(alg) {
  const entry = typeof alg === 'string' && Object.hasOwn(JOSE_JWS, alg) ? JOSE_JWS[alg] : undefined;
  if (!entry || entry.secret) throw new JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set', 'unsupported_alg');
  return entry;
}

/**
 * The key of `jwks` (a set's JWKs) for a token's header, imported by `importFor(jwk, alg)`, as
 * jose's local set function selects it: JOSENotSupported for an `alg` that is not an asymmetric
 * JWS algorithm, JWKSNoMatchingKey, or JWKSMultipleMatchingKeys (iterating it gives each
 * candidate's key).
 */
function selectKey(jwks, header, importFor) {
  const { alg, kid } = header;
  const entry = setAlg(alg);
  const candidates = jwks.filter((jwk) => isUsableJwk(jwk, entry, alg, kid));
  if (candidates.length === 0) throw new JWKSNoMatchingKey(undefined, 'no_matching_key');
  if (candidates.length > 1) {
    const error = new JWKSMultipleMatchingKeys(undefined, 'ambiguous_key');
    error[Symbol.asyncIterator] = async function* () {
      for (const jwk of candidates) {
        try {
          yield importFor(jwk, alg);
        } catch {
          // jose skips a candidate that does not import.
        }
      }
    };
    throw error;
  }
  return importFor(candidates[0], alg);
}

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
export function refuseForeign(key, wasm) {
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

  /**
   * The key set for a `key` argument, and whether it is temporary (to free after use). `algOf()`
   * gives the token's `alg`, read only to word the refusal of a key of the wrong type.
   */
  function keySet(key, algOf) {
    refuseForeign(key, wasm);
    if (key instanceof KeySet) return [key, false];
    if (typeof key === 'function' && key[KEY_SET]) {
      const { set, jwks } = key[KEY_SET];
      // The set of another entry point's module is converted for this one, once per content.
      return set instanceof KeySet ? [set, false] : keySet(jwks, algOf);
    }
    if (key instanceof Key) return [KeySet.fromKey(key), true];
    if (key instanceof Uint8Array) return [call('jwk', () => KeySet.fromSecret(key)), true];
    if (isObject(key) && (Array.isArray(key.keys) || typeof key.kty === 'string')) {
      return [byContent(keySetCache, key, (json) => keySetOf(key, json), (set) => set.free()), false];
    }
    throw invalidKeyType(algOf(), key);
  }


  /**
   * The key of an RSA, EC or OKP JWK for `alg`, from the core (the JWS or the JWE key). As jose
   * does, the JWK's `alg` and `use` are left out: the `alg` argument decides.
   */
  function asymmetricKey(jwk, alg) {
    const { alg: _alg, use: _use, ...members } = jwk;
    const json = JSON.stringify(members);
    if (isJweAlg(alg) || !wasm.Key) return importJweJwk(json, alg);
    return call('jwk', () => Key.fromJwk(json, alg));
  }

  /**
   * A key from a JWK, as jose's importJWK: the bytes of an `oct` JWK's `k` (a Uint8Array, as in
   * jose), or the key of an RSA, EC or OKP JWK bound to `alg` (the argument, else the JWK's).
   */
  function importJWK(jwk, alg, options) {
    if (!isPlainObject(jwk)) throw new TypeError('JWK must be an object');
    checkJwkMembers(jwk);
    checkExtractable(options);
    alg ??= jwk.alg;
    if (jwk.kty !== 'oct' && !alg) throw new TypeError('"alg" argument is required when "jwk.alg" is not present');
    switch (jwk.kty) {
      case 'oct':
        if (typeof jwk.k !== 'string') throw new TypeError('missing "k" (Key Value) Parameter value');
        return octBytes(jwk.k);
      case 'AKP':
        if (typeof jwk.alg !== 'string' || !jwk.alg) throw new TypeError('missing "alg" (Algorithm) Parameter value');
        if (alg !== jwk.alg) throw new TypeError('JWK alg and alg option value mismatch');
        return asymmetricKey(jwk, alg);
      case 'RSA':
      case 'EC':
      case 'OKP': {
        const entry = joseAlgorithm(alg);
        if (!entry?.kty.includes(jwk.kty) || (entry.ecdh && jwk.kty === 'OKP' && jwk.crv !== 'X25519')) throw unsupportedAlg();
        return asymmetricKey(jwk, alg);
      }
      default:
        throw new JOSENotSupported('Unsupported "kty" (Key Type) Parameter value', 'key_rejected');
    }
  }

  /** The key of a PEM for `alg`, after jose's checks of the arguments (`alg` is required). */
  function pemKey(pem, alg, options) {
    checkExtractable(options);
    const entry = joseAlgorithm(alg);
    if (!entry || entry.secret) throw unsupportedAlg(ALG_ARGUMENT);
    if (isJweAlg(alg) || !wasm.Key) return call('jwk', () => JweKey.fromPem(pem, alg));
    return call('jwk', () => Key.fromPem(pem, alg));
  }

  /** A public key from a PEM SPKI (EC, Ed25519, X25519 or RSA), bound to `alg`. */
  function importSPKI(spki, alg, options) {
    if (typeof spki !== 'string' || !spki.startsWith('-----BEGIN PUBLIC KEY-----')) throw new TypeError('"spki" must be SPKI formatted string');
    return pemKey(spki, alg, options);
  }

  /** A private key from a PEM PKCS#8 (EC, Ed25519, X25519 or RSA), bound to `alg`. */
  function importPKCS8(pkcs8, alg, options) {
    if (typeof pkcs8 !== 'string' || !pkcs8.startsWith('-----BEGIN PRIVATE KEY-----')) throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
    return pemKey(pkcs8, alg, options);
  }

  /**
   * The JWK of a key, with the members jose's exportJWK gives: the key's own (private ones for a
   * private key), without `alg`, `kid`, `use`, `key_ops` or `ext`; `k` for a Uint8Array secret.
   */
  function exportJWK(key) {
    refuseForeign(key, wasm);
    if (key instanceof Uint8Array) return { kty: 'oct', k: base64url(key) };
    const jws = key instanceof Key;
    if (!jws && !(key instanceof JweKey)) throw new TypeError(invalidKeyInput(key, 'CryptoKey', 'KeyObject', 'Uint8Array'));
    if (key.isSecret) {
      const what = jws ? 'an imported HMAC key keeps no copy of its secret' : 'an imported JWE secret keeps no copy of its bytes';
      throw new JOSENotSupported(`${what}; export the secret itself`, 'key_rejected');
    }
    return JSON.parse(call('jwk', () => (key.canSign || key.canDecrypt ? key.privateJwk() : key.publicJwk())));
  }

  /**
   * A local JWK Set, as jose's createLocalJWKSet: a function that, called with a token's header,
   * returns the key of the set for it (see selectKey), and `jwks()`, a copy of the set. Given as
   * the key of jwtVerify or compactVerify, the core chooses the key by the token's `kid` and `alg`.
   */
  function createLocalJWKSet(jwks) {
    let snapshot;
    try {
      snapshot = structuredClone(jwks);
    } catch (cause) {
      throw new JWKSInvalid('JSON Web Key Set malformed', { cause });
    }
    if (!isPlainObject(snapshot) || !Array.isArray(snapshot.keys) || !snapshot.keys.every(isPlainObject)) {
      throw new JWKSInvalid('JSON Web Key Set malformed', 'malformed');
    }
    return localSet(snapshot, call('jwks', () => KeySet.fromJwks(JSON.stringify(snapshot))));
  }

  /**
   * The function of createLocalJWKSet over `snapshot` (a JWK Set object no one else holds) and
   * `set`, the core's KeySet of it: createLocalJWKSet's, and each set a remote JWK Set fetches
   * (remote.mjs).
   */
  function localSet(snapshot, set) {
    const imported = new WeakMap();
    /** The public key of a JWK of the set for `alg`, imported once. */
    const importFor = (jwk, alg) => {
      const byAlg = imported.get(jwk) ?? imported.set(jwk, new Map()).get(jwk);
      if (!byAlg.has(alg)) {
        const key = importJWK(jwk, alg);
        if (key.canSign) throw new JWKSInvalid('JSON Web Key Set members must be public keys', 'key_rejected');
        byAlg.set(alg, key);
      }
      return byAlg.get(alg);
    };
    const getKey = (protectedHeader, token) => selectKey(snapshot.keys, { ...protectedHeader, ...token?.header }, importFor);
    Object.defineProperty(getKey, 'jwks', { value: () => structuredClone(snapshot) });
    Object.defineProperty(getKey, KEY_SET, { value: { set, jwks: snapshot } });
    return getKey;
  }

  /** The RFC 7638 input of a JWK or key, or jose's TypeError for another argument. */
  function thumbprintJwk(key) {
    refuseForeign(key, wasm);
    if (key instanceof Key || key instanceof JweKey) return exportJWK(key);
    if (!isPlainObject(key) || typeof key.kty !== 'string') throw new TypeError(invalidKeyInput(key, 'CryptoKey', 'KeyObject', 'JSON Web Key'));
    return key;
  }

  /**
   * The RFC 7638 thumbprint of a JWK or key, base64url, as jose's calculateJwkThumbprint. SHA-256
   * (the default) is computed at once; SHA-384 and SHA-512 by WebCrypto, so those return a Promise.
   */
  function calculateJwkThumbprint(key, digestAlgorithm = 'sha256') {
    const jwk = thumbprintJwk(key);
    if (!['sha256', 'sha384', 'sha512'].includes(digestAlgorithm)) {
      throw new TypeError('digestAlgorithm must one of "sha256", "sha384", or "sha512"');
    }
    const json = JSON.stringify(thumbprintMembers(jwk));
    if (digestAlgorithm === 'sha256') return call('jwk', () => wasm.thumbprint(json));
    return globalThis.crypto.subtle.digest(`SHA-${digestAlgorithm.slice(-3)}`, encoder.encode(json))
      .then((digest) => base64url(new Uint8Array(digest)));
  }

  /**
   * The curves and RSA sizes tinyjose-std generates, checked here so that another is `unsupported`
   * with jose's words, where tinyjose-std would say `key_rejected`.
   */
  const ECDH_ES_CURVES = ['P-256', 'P-384', 'X25519'];
  const RSA_MODULUS_LENGTHS = [2048, 3072, 4096];

  /** The curve of a new ECDH-ES key: `crv` (P-256 by default), with jose's error for another. */
  function ecdhCurve(options) {
    const crv = options?.crv ?? 'P-256';
    if (!['P-256', 'P-384', 'P-521', 'X25519'].includes(crv)) {
      throw new JOSENotSupported('Invalid or unsupported crv option provided, supported values are P-256, P-384, P-521, and X25519', 'unsupported');
    }
    if (!ECDH_ES_CURVES.includes(crv)) {
      throw new JOSENotSupported('Invalid or unsupported crv option provided, tinyjose generates ECDH-ES keys on P-256, P-384, and X25519', 'unsupported');
    }
    return crv;
  }

  /** The size of a new RSA key: `modulusLength` (2048 by default), with jose's error for one under 2048. */
  function modulusLength(options) {
    const bits = options?.modulusLength ?? 2048;
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 2048) {
      throw new JOSENotSupported('Invalid or unsupported modulusLength option provided, 2048 bits or larger keys must be used', 'unsupported');
    }
    if (!RSA_MODULUS_LENGTHS.includes(bits)) {
      throw new JOSENotSupported('Unsupported modulusLength option provided, tinyjose generates 2048, 3072 or 4096-bit RSA keys', 'unsupported');
    }
    return bits;
  }

  /**
   * A new key pair from `crypto.getRandomValues`, after jose's checks of the arguments: ES256,
   * ES384, ES512, EdDSA, Ed25519 (bound to that name), RS256/384/512 and PS256/384/512, RSA-OAEP and RSA-OAEP-256
   * (`modulusLength` 2048, the default, 3072 or 4096), ECDH-ES (`crv` P-256, P-384 or X25519).
   */
  function generateKeyPair(alg, options) {
    checkExtractable(options);
    const entry = joseAlgorithm(alg);
    if (!entry || entry.secret) throw unsupportedAlg(ALG_ARGUMENT);
    let privateKey;
    if (entry.ecdh) {
      const crv = ecdhCurve(options);
      privateKey = call('jwk', () => JweKey.generate(alg, crv, undefined));
    } else {
      if (entry.crv !== undefined && options?.crv !== undefined && options.crv !== entry.crv) {
        throw new JOSENotSupported(`Invalid or unsupported crv option provided, the only supported value for ${alg} is ${entry.crv}`, 'unsupported');
      }
      const bits = entry.kty[0] === 'RSA' ? modulusLength(options) : undefined;
      privateKey = call('jwk', () => (isJweAlg(alg) ? JweKey.generate(alg, undefined, bits) : Key.generate(alg, bits)));
    }
    return { publicKey: privateKey.publicKey(), privateKey };
  }

  const SECRET_SIZES = {
    HS256: 32, HS384: 48, HS512: 64,
    A128KW: 16, A192KW: 24, A256KW: 32, A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32,
    A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64,
  };

  /**
   * A new secret from crypto.getRandomValues, the algorithms of jose's generateSecret: for
   * HS256/384/512 (as long as the hash), for A*KW and A*GCMKW (a key-wrapping key), or for an
   * `enc` (a `dir` key, the CEK itself). Always a Uint8Array.
   */
  function generateSecret(alg, options) {
    checkExtractable(options);
    const size = typeof alg === 'string' && Object.hasOwn(SECRET_SIZES, alg) ? SECRET_SIZES[alg] : undefined;
    if (!size) throw unsupportedAlg(ALG_ARGUMENT);
    return globalThis.crypto.getRandomValues(new Uint8Array(size));
  }

  /** Whether `key` is a key function (jose's get-key function), not a key or a key set. */
  function isKeyFunction(key) {
    return typeof key === 'function' && !key[KEY_SET];
  }

  /**
   * The key that signs for `alg`, with jose's refusals first: an `alg` it does not know (or
   * `none`) is JOSENotSupported, a secret for an asymmetric `alg` a TypeError.
   */
  function signingKey(key, alg) {
    refuseForeign(key, wasm);
    if (!JWS_ALGS.includes(alg)) {
      throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`, alg === 'none' ? 'alg_none' : 'unsupported_alg');
    }
    if (key instanceof Key) return [key, false];
    if (key instanceof Uint8Array) {
      if (!alg.startsWith('HS')) throw invalidKeyType(alg, key);
      return [call('jwk', () => Key.fromSecret(key, alg)), true];
    }
    if (isObject(key) && typeof key.kty === 'string') return [call('jwk', () => Key.fromJwk(JSON.stringify(key), alg)), true];
    throw invalidKeyType(alg, key);
  }

  // -------------------------------------------------------------------------------------------
  // JWE keys

  /** A JWE key from a JWK's JSON text (a PBES2 password in `k` too), for `alg` (or the JWK's own). */
  function importJweJwk(json, alg) {
    return call('jwk', () => JweKey.fromJwk(json, alg));
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
        imported = importJweJwk(JSON.stringify(key), alg);
        byAlg.set(alg, imported);
      }
      return [imported, false];
    }
    if (key instanceof Key) throw new TypeError(`a ${key.alg} key is for JWS: import the key for ${alg}`);
    throw new TypeError('key must be a JWE key (importJWK, generateKeyPair), a JWK, a Uint8Array secret, or a password string for PBES2');
  }

  return {
    importJWK, importSPKI, importPKCS8, exportJWK, createLocalJWKSet, calculateJwkThumbprint,
    generateKeyPair, generateSecret, keySet, signingKey, jweKey, isKeyFunction, localSet, isPlainObject,
  };
}
