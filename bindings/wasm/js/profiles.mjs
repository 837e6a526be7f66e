// Token profiles: OpenID Connect ID tokens (validateIdToken), RFC 9068 access tokens
// (validateAccessToken), DPoP proofs (validateDpopProof, createDpopProof, createJtiCache) and
// JARM responses (validateJarmResponse). Every check is the core's own (its IdTokenValidation,
// AccessTokenValidation, DpopValidation and JarmValidation); this module checks the arguments'
// types, converts the options and shapes the results.

import { decodeJwt } from './decode.mjs';
import { JOSENotSupported, JWSInvalid, JWTInvalid } from './errors.mjs';
import { caller, isClaimError, withPayload } from './failure.mjs';
import { compactHeader } from './header.mjs';
import {
  algorithmList, clockTolerance, compactText, currentTime, epoch, isObject, optionalBoolean, optionalSpan, optionalString,
} from './options.mjs';
import { isThenable, jwsParts, then } from './resolve.mjs';

/** The options object of a profile function, which must be given. */
function optionsObject(options) {
  if (!isObject(options)) throw new TypeError('options must be an object');
  return options;
}

/** A required non-empty string option. */
function requiredString(value, name) {
  if (typeof value !== 'string' || !value) throw new TypeError(`"${name}" option must be a non-empty string`);
  return value;
}

/** An allow list of algorithm names that the core reads as algorithms: absent (any) or a non-empty array. */
function algorithmNames(value) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.length || value.some((s) => typeof s !== 'string')) {
    throw new TypeError('"algorithms" option must be a non-empty array of strings');
  }
  return value;
}

/** `acrValues`: a string or an array of strings. */
function acrList(value) {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw new TypeError('"acrValues" option must be a string or an array of strings');
  return list;
}

/** A claim error with the token's claims attached as `payload`, as jwtVerify reports it. */
function claimFailure(error, token) {
  try {
    withPayload(error, decodeJwt(token));
  } catch {
    // Not a JWS with a claims set (an encrypted response): the error stays as it is.
  }
  return error;
}

/** The JARM response modes by where a URL carried the `response` parameter. */
const URL_MODES = { query: 'query.jwt', fragment: 'fragment.jwt' };

/**
 * The `response` parameter of a JARM response given as its value, a URL (its query or its
 * fragment) or a URLSearchParams, and the response mode a URL implies. A missing or repeated
 * parameter is JWTInvalid.
 */
function responseParameter(response) {
  if (typeof response === 'string') return [response, undefined];
  let found;
  if (response instanceof URL) {
    found = [
      ...response.searchParams.getAll('response').map((value) => [value, URL_MODES.query]),
      ...new URLSearchParams(response.hash.slice(1)).getAll('response').map((value) => [value, URL_MODES.fragment]),
    ];
  } else if (response instanceof URLSearchParams) {
    found = response.getAll('response').map((value) => [value, undefined]);
  } else {
    throw new TypeError('"response" must be the response parameter\'s value (a string), a URL or a URLSearchParams');
  }
  if (found.length === 0) throw new JWTInvalid('the "response" parameter is missing', 'malformed');
  if (found.length > 1) throw new JWTInvalid('the "response" parameter is repeated', 'malformed');
  return found[0];
}

/** The claims of a JARM response that are authorization response parameters: all but `aud` and the JWT's time claims. */
const NOT_PARAMETERS = new Set(['aud', 'exp', 'iat', 'nbf']);

/** A JARM response's parameters, as the authorization response would have carried them (numbers as decimal text). */
function responseParameters(payload) {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(payload)) {
    if (!NOT_PARAMETERS.has(name) && (typeof value === 'string' || typeof value === 'number')) parameters.set(name, String(value));
  }
  return parameters;
}

/** The profile functions over `wasm`, the bindings of one module, with its key functions. */
export function profileFunctions(wasm, { keySet, jweKey, isKeyFunction }) {
  const call = caller(wasm);

  /**
   * A replay check for validateDpopProof: a function that returns true for a `jti` it has not
   * seen within `maxAge` seconds (300, the proofs' default maximum age, plus twice
   * `clockTolerance`), and remembers it: tinyjose-std's `JtiCache`. It holds at most
   * `maxEntries` (100 000) unexpired entries: when full, it refuses every new `jti` (a proof is
   * then `replayed`) rather than forget one too early.
   */
  function createJtiCache(options) {
    if (options !== undefined && !isObject(options)) throw new TypeError('options must be an object');
    const maxAge = optionalSpan(options?.maxAge, 'maxAge') ?? 300;
    const leeway = clockTolerance(options?.clockTolerance);
    const maxEntries = options?.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('"maxEntries" option must be a positive integer');
    const cache = new wasm.JtiCache(maxEntries, maxAge + 2 * leeway);
    return function fresh(jti) {
      if (typeof jti !== 'string') throw new TypeError('jti must be a string');
      return cache.insert(jti, epoch(new Date()));
    };
  }

  /** The result of a validated token, as jwtVerify gives it; frees `profiled`. */
  function verifyResult(profiled) {
    const result = { payload: JSON.parse(profiled.claimsJson), protectedHeader: JSON.parse(profiled.headerJson) };
    profiled.free();
    return result;
  }

  /**
   * Runs `validate(set)` with the key set of `key` (a key, a JWK, a JWK Set, a secret or
   * createLocalJWKSet's function); a key function is called as jwtVerify calls it, and its key
   * is then in the result.
   */
  function withKeys(token, key, algorithms, validate) {
    const run = (resolved) => {
      const [set, temporary] = keySet(resolved, () => compactHeader(token)?.alg);
      try {
        return verifyResult(call('jwt', () => validate(set), token));
      } catch (e) {
        throw isClaimError(e) ? claimFailure(e, token) : e;
      } finally {
        if (temporary) set.free();
      }
    };
    if (!isKeyFunction(key)) return run(key);
    const header = JSON.parse(call('jwt', () => wasm.jwsHeader(token, algorithms), token));
    return then(key(header, jwsParts(token)), (resolved) => ({ ...run(resolved), key: resolved }));
  }

  /**
   * Verifies an OpenID Connect ID token with the issuer's key or JWK Set and validates it for
   * the client (OIDC Core §3.1.3.7, §3.2.2.11, §3.3.2.12): `typ` absent or JWT, `iss`, `aud`
   * with `azp`, `exp`, `iat`, and `nonce`, `auth_time` (maxAge, requireAuthTime), `acr`,
   * `at_hash` (accessToken) and `c_hash` (code) as the options ask.
   */
  function validateIdToken(token, key, options) {
    const text = compactText(token, JWSInvalid, 'Compact JWS');
    const o = optionsObject(options);
    const algorithms = algorithmList(o.algorithms, 'algorithms');
    const ecdsaHighS = optionalBoolean(o.ecdsaHighS, 'ecdsaHighS');
    const args = [
      requiredString(o.issuer, 'issuer'), requiredString(o.clientId, 'clientId'), currentTime(o.currentDate),
      clockTolerance(o.clockTolerance), optionalString(o.nonce, 'nonce'), optionalSpan(o.maxAge, 'maxAge'),
      acrList(o.acrValues), optionalString(o.accessToken, 'accessToken'), optionalString(o.code, 'code'),
      optionalBoolean(o.requireAuthTime, 'requireAuthTime'),
    ];
    return withKeys(text, key, algorithms, (set) => wasm.validateIdToken(text, set, algorithms, ecdsaHighS, ...args));
  }

  /**
   * Verifies an RFC 9068 access token with the issuer's key or JWK Set and validates it for the
   * resource: `typ` at+jwt, `iss`, `aud`, and `exp`, `sub`, `client_id`, `iat`, `jti` present.
   */
  function validateAccessToken(token, key, options) {
    const text = compactText(token, JWSInvalid, 'Compact JWS');
    const o = optionsObject(options);
    const algorithms = algorithmList(o.algorithms, 'algorithms');
    const ecdsaHighS = optionalBoolean(o.ecdsaHighS, 'ecdsaHighS');
    const args = [
      requiredString(o.issuer, 'issuer'), requiredString(o.audience, 'audience'), currentTime(o.currentDate),
      clockTolerance(o.clockTolerance),
    ];
    return withKeys(text, key, algorithms, (set) => wasm.validateAccessToken(text, set, algorithms, ecdsaHighS, ...args));
  }

  /**
   * Checks a DPoP proof (RFC 9449 §4.3) for a request (`htm`, `htu`), with the key in its
   * header; `replay(jti)` is called last and must return true for a fresh `jti`.
   */
  function validateDpopProof(proof, options) {
    const text = compactText(proof, JWSInvalid, 'Compact JWS');
    const o = optionsObject(options);
    if (typeof o.replay !== 'function') throw new TypeError('"replay" option must be a function (createJtiCache() makes one)');
    const replay = (jti) => {
      const fresh = o.replay(jti);
      if (isThenable(fresh)) throw new TypeError('"replay" must return a boolean, not a Promise');
      return fresh === true;
    };
    const args = [
      requiredString(o.htm, 'htm'), requiredString(o.htu, 'htu'), currentTime(o.currentDate), clockTolerance(o.clockTolerance),
      optionalSpan(o.maxAge, 'maxAge'), algorithmNames(o.algorithms), optionalString(o.nonce, 'nonce'),
      optionalString(o.accessToken, 'accessToken'), optionalString(o.jkt, 'jkt'),
      // Unset: the core's default for DPoP, which accepts a high `s`.
      o.ecdsaHighS === undefined ? undefined : optionalBoolean(o.ecdsaHighS, 'ecdsaHighS'),
    ];
    let profiled;
    try {
      profiled = call('jwt', () => wasm.verifyDpopProof(text, ...args, replay), text);
    } catch (e) {
      throw isClaimError(e) ? claimFailure(e, text) : e;
    }
    const { jkt } = profiled;
    return { ...verifyResult(profiled), jkt };
  }

  /** The signing key of createDpopProof's key argument (a private key or a private JWK), and whether it is temporary. */
  function proofKey(key) {
    if (wasm.Key && key instanceof wasm.Key) return [key, false];
    if (isObject(key) && typeof key.kty === 'string') return [call('jwk', () => wasm.Key.fromJwk(JSON.stringify(key), key.alg)), true];
    throw new TypeError('key must be a private key (importJWK, importPKCS8, generateKeyPair) or a private JWK');
  }

  /**
   * Creates a DPoP proof (RFC 9449 §4.2) with a private asymmetric key: `typ` dpop+jwt, the key's
   * public JWK in the header, a random `jti`, `htm`, `htu` (without query and fragment), `iat`
   * (now unless given), and `ath` and `nonce` when given.
   */
  function createDpopProof(key, options) {
    const o = optionsObject(options);
    const htm = requiredString(o.htm, 'htm');
    const htu = requiredString(o.htu, 'htu');
    let iat = o.iat ?? new Date();
    if (iat instanceof Date) iat = epoch(iat);
    if (!Number.isFinite(iat)) throw new TypeError('"iat" option must be a Date or a number of seconds');
    const accessToken = optionalString(o.accessToken, 'accessToken');
    const nonce = optionalString(o.nonce, 'nonce');
    const [signer, temporary] = proofKey(key);
    try {
      return call('jws', () => wasm.createDpopProof(signer, htm, htu, iat, accessToken, nonce));
    } finally {
      if (temporary) signer.free();
    }
  }

  /**
   * Validates a JARM response (JARM §2.4) signed by the issuer's key or JWK Set, and decrypted
   * first with `decryptionKey` for a client registered for encrypted responses. Returns its
   * kind (`code`, `token` or `error`) and its parameters; an error response is returned, not
   * thrown.
   */
  function validateJarmResponse(response, key, options) {
    const [text, urlMode] = responseParameter(response);
    const o = optionsObject(options);
    if (isKeyFunction(key)) throw new TypeError('validateJarmResponse takes a key, a JWK, a JWK Set or createLocalJWKSet\'s function, not a key function');
    const mode = optionalString(o.responseMode, 'responseMode') ?? urlMode;
    const args = [
      requiredString(o.issuer, 'issuer'), requiredString(o.clientId, 'clientId'), currentTime(o.currentDate),
      clockTolerance(o.clockTolerance), optionalString(o.expectedState, 'expectedState'), algorithmNames(o.algorithms), mode,
      optionalBoolean(o.ecdsaHighS, 'ecdsaHighS'),
    ];
    const encryptions = o.encryptionAlgorithms === undefined ? [] : algorithmList(o.encryptionAlgorithms, 'encryptionAlgorithms');
    const [set, temporary] = keySet(key, () => compactHeader(text)?.alg);
    let decrypter;
    try {
      let profiled;
      if (o.decryptionKey === undefined) {
        profiled = call('jwt', () => wasm.validateJarmResponse(text, set, ...args), text);
      } else {
        if (!wasm.validateEncryptedJarmResponse) throw new JOSENotSupported('encrypted JARM responses are not in this entry point: use tinyjose', 'unsupported');
        const alg = o.decryptionKey.alg ?? (text.split('.').length === 5 ? compactHeader(text)?.alg : undefined);
        decrypter = jweKey(o.decryptionKey, alg, 'jwe');
        profiled = call('jwt', () => wasm.validateEncryptedJarmResponse(text, set, ...args, decrypter[0], encryptions), text);
      }
      const payload = JSON.parse(profiled.claimsJson);
      const kind = profiled.kind;
      profiled.free();
      return { kind, parameters: responseParameters(payload), payload };
    } catch (e) {
      throw isClaimError(e) ? claimFailure(e, text) : e;
    } finally {
      if (temporary) set.free();
      if (decrypter?.[1]) decrypter[0].free();
    }
  }

  return { validateIdToken, validateAccessToken, validateDpopProof, createDpopProof, validateJarmResponse, createJtiCache };
}
