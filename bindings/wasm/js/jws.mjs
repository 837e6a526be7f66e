// JWS: verifying (jwtVerify, compactVerify, flattenedVerify, generalVerify) and signing
// (CompactSign, SignJWT, FlattenedSign, GeneralSign).

import { decodeJwt } from './decode.mjs';
import { JOSEAlgNotAllowed, JOSENotSupported, JWSInvalid, JWSSignatureVerificationFailed, JWTInvalid } from './errors.mjs';
import { compactHeader, disjoint, encodedHeader, headerProblem, jsonHeaderProblem, signatureObjectProblem } from './header.mjs';
import { allowListFirst, caller, isClaimError, withPayload } from './failure.mjs';
import { CLAIMS, ProduceJWT } from './jwt.mjs';
import { algorithmList, compactText, decoder, isObject, once, optionalBoolean, optionalString, verifyOptions } from './options.mjs';
import { firstSuccess, isThenable, jwsParts, then } from './resolve.mjs';

/** The JWS functions over `wasm`, the bindings of one module, with its key functions. */
export function jwsFunctions(wasm, { keySet, signingKey, isKeyFunction }) {
  const call = caller(wasm);

  // -------------------------------------------------------------------------------------------
  // Verify

  /** Verifies a compact `token` with a key or key set (not a key function); `o` the checked options. */
  function verifyToken(context, token, key, o, claims) {
    const [set, temporary] = keySet(key, () => compactHeader(token)?.alg);
    try {
      const verified = call(context, () => wasm.verify(
        token, set, o.algorithms, o.ecdsaHighS, claims, o.now, o.leeway, o.maxAge,
        o.issuers, o.audiences, o.subject, o.typ, o.required,
      ), token);
      const result = { payload: verified.payload, protectedHeader: JSON.parse(verified.headerJson) };
      verified.free();
      return result;
    } catch (e) {
      throw isClaimError(e) ? claimFailure(e, token) : e;
    } finally {
      if (temporary) set.free();
    }
  }

  /**
   * Verifies a compact `token` with `key`: a key function is called as jose calls it, with the
   * protected header and the token's segments once the token parsed and its `alg` is allowed;
   * the result then carries the `key` it gave, and is a Promise if the function gave one.
   */
  function verifyCompact(context, token, key, o, claims) {
    try {
      return verifyCompactWith(context, token, key, o, claims);
    } catch (e) {
      throw allowListFirst(e, [[compactHeader(token)?.alg, o.algorithms, '"alg" (Algorithm) Header Parameter value not allowed']]);
    }
  }

  /** verifyCompact, before jose's words for an algorithm outside the allow list. */
  function verifyCompactWith(context, token, key, o, claims) {
    if (!isKeyFunction(key)) {
      const result = verifyToken(context, token, key, o, claims);
      return typeof key === 'function' ? { ...result, ...pickedKey(key, result.protectedHeader, token) } : result;
    }
    const header = JSON.parse(call(context, () => wasm.jwsHeader(token, o.algorithms), token));
    return then(key(header, jwsParts(token)), (resolved) => ({ ...verifyToken(context, token, resolved, o, claims), key: resolved }));
  }

  /**
   * The key a JWK Set function (createLocalJWKSet) picks for a verified token, as jose's result
   * carries it. The core verified with the whole set; when several keys fit a token (it tried
   * each, where jose refuses), there is no one key to give.
   */
  function pickedKey(set, header, token) {
    try {
      return { key: set(header, jwsParts(token)) };
    } catch {
      return {};
    }
  }

  /** A claim error with the claims set attached as `payload`, as jose reports it. Claim errors
   * come only after the signature verified, so the payload is the signed one. */
  function claimFailure(error, token) {
    try {
      withPayload(error, decodeJwt(token));
    } catch {
      // The payload is not a claims set: the error stays as it is.
    }
    return error;
  }

  /**
   * Verifies a JWT and validates its claims: `exp` and `nbf` always when present, the rest as
   * `options` asks (jose's names: algorithms, issuer, audience, subject, typ, clockTolerance,
   * currentDate, maxTokenAge, requiredClaims).
   */
  function jwtVerify(jwt, key, options) {
    const token = compactText(jwt, JWSInvalid, 'Compact JWS');
    const verified = verifyCompact('jwt', token, key, verifyOptions(options), true);
    return then(verified, (result) => ({ ...result, payload: JSON.parse(decoder.decode(result.payload)) }));
  }

  /** Verifies a compact JWS; its payload is returned as bytes. Only `algorithms` and
   * `ecdsaHighS` apply. */
  function compactVerify(jws, key, options) {
    const token = compactText(jws, JWSInvalid, 'Compact JWS');
    if (options !== undefined && !isObject(options)) throw new TypeError('options must be an object');
    const { algorithms, ecdsaHighS } = options ?? {};
    return verifyCompact('jws', token, key, verifyOptions({ algorithms, ecdsaHighS }), false);
  }

  // -------------------------------------------------------------------------------------------
  // Sign

  const WRITABLE_HEADER = new Set(['alg', 'kid', 'typ', 'cty']);

  /**
   * Signs `payload` into a compact JWS with `header`, checked in jose's order and words; an
   * unencoded payload (b64: false) is refused with `unencoded()`'s error, as each jose class does.
   */
  function signCompact(payload, header, key, unencoded) {
    if (header === undefined) throw new JWSInvalid('either setProtectedHeader or setUnprotectedHeader must be called before #sign()', 'malformed');
    if (!isObject(header)) throw new JWSInvalid('JOSE Header is not a JSON object', 'malformed');
    const { crit } = header;
    if (Array.isArray(crit) && new Set(crit).size !== crit.length) throw new JWSInvalid('"crit" (Critical) Header Parameter MUST NOT contain duplicate values', 'malformed');
    const problem = headerProblem(header, false);
    if (problem) throw new (problem[0] === 'Invalid' ? JWSInvalid : JOSENotSupported)(problem[1], 'malformed');
    if (header.b64 === false) unencoded();
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
  class CompactSign {
    #payload;
    #header;
    constructor(payload) {
      if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be an instance of Uint8Array');
      this.#payload = payload;
    }
    setProtectedHeader(protectedHeader) {
      once(this.#header, 'setProtectedHeader');
      this.#header = protectedHeader;
      return this;
    }
    sign(key, _options) {
      return signCompact(this.#payload, this.#header, key, () => {
        throw new TypeError('use the flattened module for creating JWS with b64: false');
      });
    }
  }

  /** Builds and signs a JWT, with jose's chainable setters. */
  class SignJWT extends ProduceJWT {
    #header;
    setProtectedHeader(protectedHeader) {
      once(this.#header, 'setProtectedHeader');
      this.#header = protectedHeader;
      return this;
    }
    sign(key, _options) {
      return signCompact(this[CLAIMS](), this.#header, key, () => {
        throw new JWTInvalid('JWTs MUST NOT use unencoded payload', 'malformed');
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // JSON serializations (RFC 7515 §7.2): verify

  /** The options of flattenedVerify and generalVerify: jose's `algorithms` and `crit`, and `ecdsaHighS`. */
  function jsonVerifyOptions(options) {
    if (options === undefined) options = {};
    if (!isObject(options)) throw new TypeError('options must be an object');
    const { crit } = options;
    if (crit !== undefined && (!isObject(crit) || Object.values(crit).some((v) => typeof v !== 'boolean'))) {
      throw new TypeError('"crit" option must be an object of booleans');
    }
    return {
      algorithms: algorithmList(options.algorithms, 'algorithms'),
      ecdsaHighS: optionalBoolean(options.ecdsaHighS, 'ecdsaHighS'),
    };
  }

  /** One signature's members, as jose reads them from a flattened JWS or a `signatures` entry. */
  function signatureMembers(object) {
    const members = {};
    for (const name of ['protected', 'header', 'signature']) if (object[name] !== undefined) members[name] = object[name];
    return members;
  }

  /**
   * The JSON text of `members` and the payload: a string payload stays in the text, bytes go
   * to the core as content, as detached content does (jose takes a detached payload in the object).
   */
  function jsonInput(members, payload) {
    if (payload instanceof Uint8Array) return [JSON.stringify(members), payload];
    if (payload !== undefined && typeof payload !== 'string') throw new JWSInvalid('JWS Payload must be a string or an Uint8Array instance', 'malformed');
    return [JSON.stringify(payload === undefined ? members : { payload, ...members }), undefined];
  }

  /** Whether jose reads the payload of a signature with `protectedHeader` as base64url (RFC 7797). */
  function encodedPayload(protectedHeader) {
    return !(Array.isArray(protectedHeader.crit) && protectedHeader.crit.includes('b64')) || protectedHeader.b64 !== false;
  }

  /**
   * The checks jose makes of one signature object before any key is used, in its order and
   * words: member types, the protected header, the two headers together, `alg` and
   * `algorithms`, the payload's type. The core checks all of it again; this names the failure
   * as jose does. Returns the protected header, for a key function.
   */
  function checkSignature(object, payload, o) {
    const problem = signatureObjectProblem(object, payload);
    if (problem) throw new JWSInvalid(problem, 'malformed');
    const protectedHeader = object.protected === undefined ? {} : encodedHeader(object.protected);
    if (!protectedHeader) throw new JWSInvalid('JWS Protected Header is invalid', 'malformed');
    const headers = jsonHeaderProblem(object.protected === undefined ? undefined : protectedHeader, object.header);
    if (headers) throw headers[0] === 'Invalid' ? new JWSInvalid(headers[1], headers[2] ?? 'malformed') : new JOSENotSupported(headers[1], 'unsupported_crit');
    const alg = object.header?.alg ?? protectedHeader.alg;
    if (o.algorithms.length && !o.algorithms.includes(alg)) throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed', 'alg_not_allowed');
    if (encodedPayload(protectedHeader)) {
      if (typeof payload !== 'string') throw new JWSInvalid('JWS Payload must be a string', 'malformed');
    } else if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
      throw new JWSInvalid('JWS Payload must be a string or an Uint8Array instance', 'malformed');
    }
    return protectedHeader;
  }

  /** Verifies JSON text (and content) with `key`, a key or key set (not a key function); `header` names failures. */
  function verifyJsonWith(text, content, key, o, resolved, header) {
    const [set, temporary] = keySet(key, () => header?.alg);
    try {
      const verified = call('jws', () => wasm.verifyJson(text, content, set, o.algorithms, o.ecdsaHighS), header);
      const result = { payload: verified.payload };
      if (verified.headerJson) result.protectedHeader = JSON.parse(verified.headerJson);
      const unprotected = verified.unprotectedHeaderJson;
      if (unprotected !== undefined) result.unprotectedHeader = JSON.parse(unprotected);
      verified.free();
      if (resolved) result.key = key;
      return result;
    } finally {
      if (temporary) set.free();
    }
  }

  /** One signature object verified with `key`, a key function called as jose calls it. */
  function verifySignature(object, payload, key, o) {
    const header = checkSignature(object, payload, o);
    const members = signatureMembers(object);
    const [text, content] = jsonInput(members, payload);
    if (!isKeyFunction(key)) return verifyJsonWith(text, content, key, o, false, header);
    call('jws', () => wasm.checkJson(text), header);
    return then(key(header, { ...members, payload }), (resolved) => verifyJsonWith(text, content, resolved, o, true, header));
  }

  /**
   * Verifies a flattened JWS JSON Serialization (an object, as jose takes it). A detached
   * payload goes in the object's `payload`, as in jose: the base64url text, or for `b64: false`
   * the content itself, a string or a Uint8Array.
   */
  function flattenedVerify(jws, key, options) {
    if (!isObject(jws)) throw new JWSInvalid('Flattened JWS must be an object', 'malformed');
    return verifySignature(jws, jws.payload, key, jsonVerifyOptions(options));
  }

  /** How jose reads a general JWS's signature's payload: 1 base64url, 2 unencoded, 0 neither, undefined if jose skips it. */
  function payloadEncoding(signature, payload) {
    if (signatureObjectProblem(signature, payload)) return undefined;
    const header = signature.protected === undefined ? {} : encodedHeader(signature.protected);
    if (!header) return undefined;
    if (!(Array.isArray(header.crit) && header.crit.includes('b64'))) return 1;
    return typeof header.b64 === 'boolean' ? (header.b64 ? 1 : 2) : 0;
  }

  /** jose's one error for a general JWS that did not verify, whatever the cause. */
  function noSignatureVerified(e) {
    throw new JWSSignatureVerificationFailed(undefined, e?.tinyjoseCode ?? 'invalid_signature');
  }

  /**
   * Verifies a general JWS JSON Serialization: the first signature that a key verifies gives
   * the result; as in jose, when none does, the error is JWSSignatureVerificationFailed. A key
   * function is called for each signature in turn, with its headers.
   */
  function generalVerify(jws, key, options) {
    if (!isObject(jws)) throw new JWSInvalid('General JWS must be an object', 'malformed');
    const { signatures, payload } = jws;
    if (!Array.isArray(signatures) || !signatures.every(isObject)) {
      throw new JWSInvalid('JWS Signatures missing or incorrect type', 'malformed');
    }
    if (payload === undefined) throw new JWSSignatureVerificationFailed(undefined, 'malformed');
    const o = jsonVerifyOptions(options);
    const encodings = new Set(signatures.map((signature) => payloadEncoding(signature, payload)));
    if (encodings.has(1) && encodings.has(2)) throw new JWSInvalid('inconsistent use of JWS Unencoded Payload (RFC7797)', 'malformed');
    let result;
    try {
      if (isKeyFunction(key)) {
        result = firstSuccess(signatures, (signature) => verifySignature(signature, payload, key, o), (e) => e);
      } else {
        const [text, content] = jsonInput({ signatures: signatures.map(signatureMembers) }, payload);
        result = verifyJsonWith(text, content, key, o, false);
      }
    } catch (e) {
      noSignatureVerified(e);
    }
    return isThenable(result) ? result.catch(noSignatureVerified) : result;
  }

  // -------------------------------------------------------------------------------------------
  // JSON serializations: sign

  const WRITABLE_JSON_HEADER = new Set(['alg', 'kid', 'typ', 'cty', 'b64', 'crit']);

  /** What one signer writes: jose's protected and unprotected headers, checked against what tinyjose writes. */
  function jsonSigner(protectedHeader, unprotectedHeader) {
    if (protectedHeader === undefined && unprotectedHeader === undefined) {
      throw new JWSInvalid('either setProtectedHeader or setUnprotectedHeader must be called before #sign()', 'malformed');
    }
    if (protectedHeader !== undefined && !isObject(protectedHeader)) throw new JWSInvalid('JOSE Header is not a JSON object', 'malformed');
    if (unprotectedHeader !== undefined && !isObject(unprotectedHeader)) throw new JWSInvalid('JOSE Header is not a JSON object', 'malformed');
    if (!disjoint(protectedHeader, unprotectedHeader)) throw new JWSInvalid('JWS Protected and JWS Unprotected Header Parameter names must be disjoint', 'duplicate_member');
    const header = protectedHeader ?? {};
    if (typeof header.alg !== 'string' || !header.alg) {
      if (unprotectedHeader?.alg !== undefined) {
        throw new JOSENotSupported('tinyjose writes "alg" only in the protected header', 'unsupported');
      }
      throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid', 'malformed');
    }
    for (const name of Object.keys(header)) {
      if (!WRITABLE_JSON_HEADER.has(name)) {
        throw new JOSENotSupported(`tinyjose writes only the alg, kid, typ, cty and b64 protected header parameters, not "${name}"`, 'unsupported');
      }
    }
    let b64 = true;
    if (header.crit !== undefined || header.b64 !== undefined) {
      const { crit } = header;
      if (!Array.isArray(crit) || crit.length !== 1 || crit[0] !== 'b64') {
        throw new JOSENotSupported('tinyjose writes "crit" only as ["b64"], with "b64": false', 'unsupported_crit');
      }
      if (header.b64 !== false) {
        throw new JOSENotSupported('tinyjose writes "b64" only as false (RFC 7797), with "crit": ["b64"]', 'unsupported');
      }
      b64 = false;
    }
    return {
      alg: header.alg,
      kid: optionalString(header.kid, 'kid'),
      typ: optionalString(header.typ, 'typ'),
      cty: optionalString(header.cty, 'cty'),
      b64,
      unprotected: unprotectedHeader === undefined ? undefined : JSON.stringify(unprotectedHeader),
    };
  }

  /**
   * Signs `payload` with each [key, protectedHeader, unprotectedHeader] into a JSON
   * serialization. With `b64: false`, the `payload` member is `''`, as jose writes it: the
   * verifier passes the content in its place.
   */
  function signJson(payload, entries, general) {
    const builder = new wasm.JsonSign();
    const temporaries = [];
    let unencoded = false;
    try {
      for (const [i, [key, protectedHeader, unprotectedHeader]] of entries.entries()) {
        const s = jsonSigner(protectedHeader, unprotectedHeader);
        if (i > 0 && unencoded === s.b64) throw new JWSInvalid('inconsistent use of JWS Unencoded Payload (RFC7797)', 'malformed');
        unencoded = !s.b64;
        const [signer, temporary] = signingKey(key, s.alg);
        if (temporary) temporaries.push(signer);
        call('jws', () => builder.add(signer, s.alg, s.kid, s.typ, s.cty, s.b64, s.unprotected));
      }
      const jws = JSON.parse(call('jws', () => builder.sign(payload, general)));
      // As jose: an unencoded payload (b64: false) is not written; the verifier supplies it.
      if (!unencoded) return jws;
      return { ...jws, payload: '' };
    } finally {
      builder.free();
      for (const signer of temporaries) signer.free();
    }
  }

  function assertPayload(payload) {
    if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be an instance of Uint8Array');
  }

  /** Signs a byte payload into a flattened JWS JSON Serialization (an object, as jose gives it). */
  class FlattenedSign {
    #payload;
    #protected;
    #unprotected;
    constructor(payload) {
      assertPayload(payload);
      this.#payload = payload;
    }
    setProtectedHeader(protectedHeader) {
      once(this.#protected, 'setProtectedHeader');
      this.#protected = protectedHeader;
      return this;
    }
    setUnprotectedHeader(unprotectedHeader) {
      once(this.#unprotected, 'setUnprotectedHeader');
      this.#unprotected = unprotectedHeader;
      return this;
    }
    sign(key, _options) {
      return signJson(this.#payload, [[key, this.#protected, this.#unprotected]], false);
    }
  }

  /** One signature of a GeneralSign, with jose's chainable methods. */
  class Signature {
    #parent;
    #key;
    #protected;
    #unprotected;
    constructor(parent, key) {
      this.#parent = parent;
      this.#key = key;
    }
    setProtectedHeader(protectedHeader) {
      once(this.#protected, 'setProtectedHeader');
      this.#protected = protectedHeader;
      return this;
    }
    setUnprotectedHeader(unprotectedHeader) {
      once(this.#unprotected, 'setUnprotectedHeader');
      this.#unprotected = unprotectedHeader;
      return this;
    }
    addSignature(key, options) {
      return this.#parent.addSignature(key, options);
    }
    sign() {
      return this.#parent.sign();
    }
    done() {
      return this.#parent;
    }
    /** @internal */
    static entry(signature) {
      return [signature.#key, signature.#protected, signature.#unprotected];
    }
  }

  /** Signs a byte payload with one or more keys into a general JWS JSON Serialization. */
  class GeneralSign {
    #payload;
    #signatures = [];
    constructor(payload) {
      this.#payload = payload;
    }
    addSignature(key, _options) {
      const signature = new Signature(this, key);
      this.#signatures.push(signature);
      return signature;
    }
    sign() {
      if (!this.#signatures.length) throw new JWSInvalid('at least one signature must be added', 'malformed');
      assertPayload(this.#payload);
      return signJson(this.#payload, this.#signatures.map(Signature.entry), true);
    }
  }

  return {
    jwtVerify, compactVerify, CompactSign, SignJWT, flattenedVerify, generalVerify, FlattenedSign, GeneralSign,
  };
}
