// JWS: verifying (jwtVerify, compactVerify) and signing (CompactSign, SignJWT).

import { decodeJwt } from './decode.mjs';
import { JOSENotSupported, JWSInvalid, JWTClaimValidationFailed } from './errors.mjs';
import { caller } from './failure.mjs';
import { CLAIMS, ProduceJWT } from './jwt.mjs';
import { decoder, isObject, optionalString, tokenText, verifyOptions } from './options.mjs';

/** The JWS functions over `wasm`, the bindings of one module, with its key functions. */
export function jwsFunctions(wasm, { keySet, signingKey }) {
  const call = caller(wasm);

  // -------------------------------------------------------------------------------------------
  // Verify

  function verifyWith(context, token, key, options, claims) {
    const o = verifyOptions(options);
    const [set, temporary] = keySet(key, token);
    try {
      const verified = call(context, () => wasm.verify(
        token, set, o.algorithms, o.ecdsaHighS, claims, o.now, o.leeway, o.maxAge,
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

  /**
   * Verifies a JWT and validates its claims: `exp` and `nbf` always when present, the rest as
   * `options` asks (jose's names: algorithms, issuer, audience, subject, typ, clockTolerance,
   * currentDate, maxTokenAge, requiredClaims).
   */
  function jwtVerify(jwt, key, options) {
    const token = tokenText(jwt, 'JWT');
    const { protectedHeader, payload } = verifyWith('jwt', token, key, options, true);
    return { payload: JSON.parse(decoder.decode(payload)), protectedHeader };
  }

  /** Verifies a compact JWS; its payload is returned as bytes. Only `algorithms` and
   * `ecdsaHighS` apply. */
  function compactVerify(jws, key, options) {
    const token = tokenText(jws, 'JWS');
    if (options !== undefined && !isObject(options)) throw new TypeError('options must be an object');
    const { algorithms, ecdsaHighS } = options ?? {};
    return verifyWith('jws', token, key, { algorithms, ecdsaHighS }, false);
  }

  // -------------------------------------------------------------------------------------------
  // Sign

  const WRITABLE_HEADER = new Set(['alg', 'kid', 'typ', 'cty']);

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
  class CompactSign {
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

  /** Builds and signs a JWT, with jose's chainable setters. */
  class SignJWT extends ProduceJWT {
    #header;
    setProtectedHeader(protectedHeader) {
      this.#header = protectedHeader;
      return this;
    }
    sign(key) {
      return signCompact(this[CLAIMS](), this.#header, key);
    }
  }

  return { jwtVerify, compactVerify, CompactSign, SignJWT };
}
