// SD-JWT (RFC 9901) and SD-JWT VC: issueSdJwt (issuer), presentSdJwt (holder), verifySdJwt
// (verifier). Every check, digest and signature is the core's (issue_sd_jwt, present_sd_jwt,
// UntrustedSdJwt::verify_with with SdJwtValidation); this module checks the arguments' types,
// converts the options and shapes the results.

import { decodeJwt } from './decode.mjs';
import { JWSInvalid } from './errors.mjs';
import { caller, isClaimError, withPayload } from './failure.mjs';
import { compactHeader } from './header.mjs';
import { refuseForeign } from './keys.mjs';
import {
  clockTolerance, compactText, currentTime, epoch, isObject, optionalBoolean, optionalSpan, optionalString,
} from './options.mjs';
import { isThenable, jwsParts, then } from './resolve.mjs';

/** The options object of an SD-JWT function (or `name`, an object option), which must be given. */
function optionsObject(options, name) {
  if (!isObject(options)) throw new TypeError(name ? `"${name}" option must be an object` : 'options must be an object');
  return options;
}

/** A required non-empty string option. */
function requiredString(value, name) {
  if (typeof value !== 'string' || !value) throw new TypeError(`"${name}" option must be a non-empty string`);
  return value;
}

/** An array of strings option (`disclosable`, `vct`, the names of `disclose`). */
function stringArray(value, name) {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw new TypeError(`"${name}" option must be an array of strings`);
  return value;
}

/** A time in Unix seconds from a Date or a number, now when not given. */
function secondsOption(value, name) {
  if (value === undefined) return epoch(new Date());
  const seconds = value instanceof Date ? epoch(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new TypeError(`"${name}" option must be a Date or a number of seconds`);
  return seconds;
}

/** An allow list as jwtVerify takes it: the strings of a string or an array, or undefined. */
function allowList(value) {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string');
}

/**
 * The claims JSON text of issueSdJwt: an object's JSON, or the text as given; with `vct`, the
 * `vct` claim written first. A text that is not an object is left to the core to refuse, and so
 * is a `vct` the claims already have (a duplicate member).
 */
function claimsText(claims, vct) {
  let text;
  if (typeof claims === 'string') text = claims;
  else if (isObject(claims)) text = JSON.stringify(claims);
  else throw new TypeError('claims must be an object or its JSON text');
  if (vct === undefined) return text;
  const open = /^\s*\{\s*/.exec(text);
  if (!open) return text;
  const rest = text.slice(open[0].length);
  return `{"vct":${JSON.stringify(vct)}${rest.startsWith('}') ? '' : ','}${rest}`;
}

/** A disclosure's claim name as written in JSON (escapes kept), unescaped. */
function claimName(raw) {
  return raw === undefined ? undefined : JSON.parse(`"${raw}"`);
}

/** The issuer-signed JWT of an SD-JWT: the text before its first `~`. */
const issuerJwt = (sdJwt) => sdJwt.split('~')[0];

/** The SD-JWT functions over `wasm`, the bindings of one module, with its key functions. */
export function sdJwtFunctions(wasm, { keySet, isKeyFunction }) {
  const call = caller(wasm);

  /** The signing key of a key argument (a private key or a private JWK), and whether it is temporary. */
  function privateKey(key, name) {
    refuseForeign(key, wasm);
    if (wasm.Key && key instanceof wasm.Key) return [key, false];
    if (isObject(key) && typeof key.kty === 'string') return [call('jwk', () => wasm.Key.fromJwk(JSON.stringify(key), key.alg)), true];
    throw new TypeError(`"${name}" must be a private key (importJWK, importPKCS8, generateKeyPair) or a private JWK`);
  }

  /** The holder's public key for `cnf.jwk`: [JWK JSON, alg] of a key or a JWK. */
  function holderJwk(key) {
    if (key === undefined) return [undefined, undefined];
    refuseForeign(key, wasm);
    if (wasm.Key && key instanceof wasm.Key) return [call('jwk', () => key.publicJwk()), key.alg];
    if (isObject(key) && typeof key.kty === 'string') return [JSON.stringify(key), key.alg];
    throw new TypeError('"holderKey" option must be the holder\'s public key or public JWK');
  }

  /**
   * Issues an SD-JWT (RFC 9901 §4): the claims with those the JSON Pointers of `disclosable`
   * name made selectively disclosable (each with a random salt), `decoys` decoy digests, the
   * holder's public key in `cnf.jwk` (`holderKey`), signed by `key` (its `kid` in the header);
   * `typ` in the header (`dc+sd-jwt` when `vct` is given), and `vct` as a claim for an SD-JWT VC.
   * Returns `<issuer-signed JWT>~<disclosure>~…~`.
   */
  function issueSdJwt(claims, options) {
    const o = optionsObject(options);
    const vct = optionalString(o.vct, 'vct');
    const text = claimsText(claims, vct);
    const disclosable = stringArray(o.disclosable, 'disclosable');
    const decoys = o.decoys ?? 0;
    if (!Number.isSafeInteger(decoys) || decoys < 0) throw new TypeError('"decoys" option must be a non-negative integer');
    const typ = optionalString(o.typ, 'typ') ?? (vct === undefined ? undefined : 'dc+sd-jwt');
    const [holder, holderAlg] = holderJwk(o.holderKey);
    const [signer, temporary] = privateKey(o.key, 'key');
    try {
      return call('sd-jwt', () => wasm.issueSdJwt(text, signer, disclosable, decoys, typ, holder, holderAlg));
    } finally {
      if (temporary) signer.free();
    }
  }

  /** The holder's choice of `disclose`: a function of `{ name, value }`, or claim names. */
  function selector(disclose) {
    if (typeof disclose === 'function') {
      return (name, valueJson) => {
        const chosen = disclose(name === undefined ? { value: JSON.parse(valueJson) } : { name: claimName(name), value: JSON.parse(valueJson) });
        if (isThenable(chosen)) throw new TypeError('"disclose" must return a boolean, not a Promise');
        return chosen === true;
      };
    }
    const names = new Set(stringArray(disclose, 'disclose'));
    return (name) => name !== undefined && names.has(claimName(name));
  }

  /**
   * Presents an SD-JWT (RFC 9901 §4, as the holder): the issuer-signed JWT, the disclosures
   * `disclose` keeps (a function given each `{ name, value }`, `name` absent for an array
   * element, true to disclose; or the names of the claims to disclose), and with `keyBinding` a
   * Key Binding JWT for the verifier (`aud`, `nonce`, `iat` now unless given) signed by the
   * holder's private `key`.
   */
  function presentSdJwt(sdJwt, options) {
    if (typeof sdJwt !== 'string') throw new TypeError('sdJwt must be a string');
    const o = optionsObject(options);
    const select = selector(o.disclose);
    if (o.keyBinding === undefined) return call('sd-jwt', () => wasm.presentSdJwt(sdJwt, select), issuerJwt(sdJwt));
    const kb = optionsObject(o.keyBinding, 'keyBinding');
    const aud = requiredString(kb.aud, 'keyBinding.aud');
    const nonce = requiredString(kb.nonce, 'keyBinding.nonce');
    const iat = secondsOption(kb.iat, 'keyBinding.iat');
    const [signer, temporary] = privateKey(kb.key, 'keyBinding.key');
    try {
      return call('sd-jwt', () => wasm.presentSdJwtBound(sdJwt, select, signer, aud, nonce, iat), issuerJwt(sdJwt));
    } finally {
      if (temporary) signer.free();
    }
  }

  /** A claim error with the issuer-signed claims attached as `payload`, as jwtVerify attaches a token's. */
  function claimFailure(error, jwt) {
    try {
      withPayload(error, decodeJwt(jwt));
    } catch {
      // The issuer-signed JWT has no claims set: the error stays as it is.
    }
    return error;
  }

  /**
   * Verifies an SD-JWT presentation (RFC 9901 §7.1, §7.3) with the issuer's key or JWK Set, and
   * returns the disclosed claims as a plain object: `exp` and `nbf` when present, `issuer`,
   * `audience` (of the issuer-signed JWT) and `requiredClaims` as jwtVerify checks them; with
   * `keyBinding`, a Key Binding JWT for `aud` and `nonce`, no older than `maxAge` (300 s), signed
   * by the key of `cnf.jwk`; with `vct`, an SD-JWT VC (`typ` `dc+sd-jwt`) of one of these types.
   */
  function verifySdJwt(presentation, key, options) {
    const text = compactText(presentation, JWSInvalid, 'SD-JWT');
    if (options !== undefined && !isObject(options)) throw new TypeError('options must be an object');
    const o = options ?? {};
    const jwt = issuerJwt(text);
    let kb = [undefined, undefined, undefined];
    if (o.keyBinding !== undefined) {
      const k = optionsObject(o.keyBinding, 'keyBinding');
      kb = [requiredString(k.aud, 'keyBinding.aud'), requiredString(k.nonce, 'keyBinding.nonce'), optionalSpan(k.maxAge, 'keyBinding.maxAge')];
    }
    const args = [
      optionalBoolean(o.ecdsaHighS, 'ecdsaHighS'), currentTime(o.currentDate), clockTolerance(o.clockTolerance),
      allowList(o.issuer), allowList(o.audience),
      // As jwtVerify, any iterable: a string names one claim per character.
      o.requiredClaims === undefined ? [] : [...o.requiredClaims].map(String),
      ...kb, o.vct === undefined ? undefined : stringArray(o.vct, 'vct'),
    ];
    const run = (resolved) => {
      const [set, temporary] = keySet(resolved, () => compactHeader(jwt)?.alg);
      try {
        const verified = call('sd-jwt', () => wasm.verifySdJwt(text, set, ...args), jwt);
        const result = { payload: JSON.parse(verified.claimsJson), protectedHeader: JSON.parse(verified.headerJson), keyBound: verified.keyBound };
        verified.free();
        return result;
      } catch (e) {
        throw isClaimError(e) ? claimFailure(e, jwt) : e;
      } finally {
        if (temporary) set.free();
      }
    };
    if (!isKeyFunction(key)) return run(key);
    const header = JSON.parse(call('sd-jwt', () => wasm.jwsHeader(jwt, []), jwt));
    return then(key(header, jwsParts(jwt)), (resolved) => ({ ...run(resolved), key: resolved }));
  }

  return { issueSdJwt, presentSdJwt, verifySdJwt };
}
