// JWE: decrypting (compactDecrypt, jwtDecrypt, flattenedDecrypt, generalDecrypt) and encrypting
// (CompactEncrypt, EncryptJWT, FlattenedEncrypt, GeneralEncrypt).

import { JOSENotSupported, JWEDecryptionFailed, JWEInvalid, JWTClaimValidationFailed } from './errors.mjs';
import { ENC_NOT_ALLOWED, allowListFirst, caller, isClaimError, withPayload } from './failure.mjs';
import { CLAIMS, ProduceJWT } from './jwt.mjs';
import { DEFAULT_JWE_ALGS } from './keys.mjs';
import { algorithmList, compactText, decoder, isObject, once, optionalBytes, optionalString, verifyOptions } from './options.mjs';
import { firstSuccess, isThenable, jweParts, then } from './resolve.mjs';
import { compactHeader, disjoint, encodedHeader, jweHeaderProblem, jweObjectProblem } from './header.mjs';

/** The JWE functions over `wasm`, the bindings of one module, with its key functions. */
export function jweFunctions(wasm, { jweKey, isKeyFunction }) {
  const call = caller(wasm);

  // -------------------------------------------------------------------------------------------
  // Decrypt

  const MAX_P2C = 0xffff_ffff;
  /** The largest inflated plaintext taken when `maxDecompressedLength` is Infinity: 64 MiB. */
  const MAX_INFLATED = 64 * 1024 * 1024;

  function decryptOptions(options, claims) {
    if (options === undefined) options = {};
    if (!isObject(options)) throw new TypeError('options must be an object');
    const o = claims ? verifyOptions(options) : { now: 0, leeway: 0, required: [] };
    const { maxPBES2Count, maxDecompressedLength } = options;
    if (maxPBES2Count !== undefined && maxPBES2Count !== Infinity && (!Number.isSafeInteger(maxPBES2Count) || maxPBES2Count < 1)) {
      throw new TypeError('maxPBES2Count must be a positive safe integer or Infinity');
    }
    const inflated = maxDecompressedLength ?? 250_000;
    if (inflated !== 0 && inflated !== Infinity && (!Number.isSafeInteger(inflated) || inflated < 1)) {
      throw new TypeError('maxDecompressedLength must be 0, a positive safe integer, or Infinity');
    }
    o.algs = options.keyManagementAlgorithms === undefined ? DEFAULT_JWE_ALGS : algorithmList(options.keyManagementAlgorithms, 'keyManagementAlgorithms');
    o.encs = algorithmList(options.contentEncryptionAlgorithms, 'contentEncryptionAlgorithms');
    o.maxP2c = Math.min(maxPBES2Count ?? 10_000, MAX_P2C);
    o.maxInflated = Math.min(inflated, MAX_INFLATED);
    return o;
  }

  /**
   * Decrypts a compact `token` with `key`: a JweKey as it is; a secret, password or JWK for the
   * token's `alg`; a key function called as jose calls it, with the protected header and the
   * token's segments once the token parsed and its `alg` and `enc` are allowed (the result then
   * carries the `key` it gave, and is a Promise if the function gave one).
   */
  function decryptWith(context, token, key, options, claims) {
    const o = decryptOptions(options, claims);
    try {
      return decryptCompact(context, token, key, o, claims);
    } catch (e) {
      throw allowListFirst(e, allowLists(compactHeader(token), options, o));
    }
  }

  /** The allow lists the caller gave, with the `alg` and `enc` of `header`, as allowListFirst takes them. */
  function allowLists(header, options, o) {
    return [
      [header?.alg, options?.keyManagementAlgorithms === undefined ? undefined : o.algs, '"alg" (Algorithm) Header Parameter value not allowed'],
      [header?.enc, o.encs, ENC_NOT_ALLOWED, 'unsupported_enc'],
    ];
  }

  /** decryptWith, before jose's words for an algorithm outside the allow lists. */
  function decryptCompact(context, token, key, o, claims) {
    if (key instanceof wasm.JweKey) return decryptToken(context, token, key, o, claims);
    const header = JSON.parse(call(context, () => wasm.jweHeader(token, o.maxP2c, o.algs, o.encs), token));
    if (!isKeyFunction(key)) return decryptToken(context, token, key, o, claims, header.alg);
    return then(key(header, jweParts(token)), (resolved) => ({ ...decryptToken(context, token, resolved, o, claims, header.alg), key: resolved }));
  }

  /** Decrypts `token` with a key (not a key function), imported for `alg` unless a JweKey. */
  function decryptToken(context, token, key, o, claims, alg) {
    const [decrypter, temporary] = key instanceof wasm.JweKey ? [key, false] : jweKey(key, alg, context);
    const run = (withClaims) => call(context, () => wasm.decrypt(
      token, decrypter, o.algs, o.encs, o.maxP2c, o.maxInflated, withClaims, o.now, o.leeway, o.maxAge,
      o.issuers, o.audiences, o.subject, o.typ, o.required,
    ), token);
    try {
      let decrypted;
      try {
        decrypted = run(claims);
      } catch (e) {
        // A claim error comes after the tag verified: decrypt again to attach the claims, as jose.
        if (isClaimError(e)) {
          try {
            const again = run(false);
            withPayload(e, JSON.parse(decoder.decode(again.plaintext)));
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
  function compactDecrypt(jwe, key, options) {
    return decryptWith('jwe', compactText(jwe, JWEInvalid, 'Compact JWE'), key, options, false);
  }

  const REPLICATED = { iss: 'issuer_mismatch', sub: 'subject_mismatch', aud: 'audience_mismatch' };

  /**
   * Decrypts an encrypted JWT and validates its claims as jwtVerify does, with the options of
   * compactDecrypt too.
   */
  function jwtDecrypt(jwt, key, options) {
    const decrypted = decryptWith('jwe-jwt', compactText(jwt, JWEInvalid, 'Compact JWE'), key, options, true);
    return then(decrypted, ({ plaintext, ...result }) => {
      const payload = JSON.parse(decoder.decode(plaintext));
      for (const [claim, code] of Object.entries(REPLICATED)) {
        const inHeader = result.protectedHeader[claim];
        if (inHeader !== undefined && JSON.stringify(inHeader) !== JSON.stringify(payload[claim])) {
          const error = new JWTClaimValidationFailed(`replicated "${claim}" claim header parameter mismatch`, payload, claim, 'mismatch');
          error.tinyjoseCode = code;
          throw error;
        }
      }
      return { payload, ...result };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Encrypt

  const WRITABLE_JWE_HEADER = new Set(['alg', 'enc', 'zip', 'kid', 'typ', 'cty']);

  function encryptCompact(plaintext, header, parameters, key) {
    if (header === undefined) throw new JWEInvalid('either setProtectedHeader, setUnprotectedHeader, or sharedUnprotectedHeader must be called before #encrypt()', 'malformed');
    if (!isObject(header)) throw new JWEInvalid('JOSE Header is not a JSON object', 'malformed');
    const { alg, enc, zip } = header;
    if (typeof alg !== 'string' || !alg) throw new JWEInvalid('JWE "alg" (Algorithm) Header Parameter missing or invalid', 'malformed');
    if (typeof enc !== 'string' || !enc) throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid', 'malformed');
    if (zip !== undefined && zip !== 'DEF') throw new JOSENotSupported('Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.', 'unsupported_alg');
    for (const name of Object.keys(header)) {
      if (!WRITABLE_JWE_HEADER.has(name)) {
        throw new JOSENotSupported(`tinyjose writes only the alg, enc, zip, kid, typ and cty header parameters, not "${name}"`, 'unsupported');
      }
    }
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

  /** The protected header and key management parameters of CompactEncrypt and EncryptJWT, each set once. */
  class EncryptionSettings {
    header;
    parameters;
    setProtectedHeader(protectedHeader) {
      if (this.header) throw new TypeError('setProtectedHeader can only be called once');
      this.header = protectedHeader;
    }
    setKeyManagementParameters(parameters) {
      if (this.parameters) throw new TypeError('setKeyManagementParameters can only be called once');
      if (!isObject(parameters)) throw new TypeError('JWE Key Management Parameters must be an object');
      this.parameters = parameters;
    }
    encrypt(plaintext, key) {
      return encryptCompact(plaintext, this.header, this.parameters, key);
    }
  }

  /** Encrypts a byte plaintext into a compact JWE, with jose's chainable setters. */
  class CompactEncrypt {
    #plaintext;
    #settings = new EncryptionSettings();
    constructor(plaintext) {
      if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be an instance of Uint8Array');
      this.#plaintext = plaintext;
    }
    setProtectedHeader(protectedHeader) {
      this.#settings.setProtectedHeader(protectedHeader);
      return this;
    }
    setKeyManagementParameters(parameters) {
      this.#settings.setKeyManagementParameters(parameters);
      return this;
    }
    encrypt(key) {
      return this.#settings.encrypt(this.#plaintext, key);
    }
  }

  /** Builds and encrypts a JWT, with jose's chainable setters. */
  class EncryptJWT extends ProduceJWT {
    #settings = new EncryptionSettings();
    setProtectedHeader(protectedHeader) {
      this.#settings.setProtectedHeader(protectedHeader);
      return this;
    }
    setKeyManagementParameters(parameters) {
      this.#settings.setKeyManagementParameters(parameters);
      return this;
    }
    encrypt(key) {
      return this.#settings.encrypt(this[CLAIMS](), key);
    }
  }

  // -------------------------------------------------------------------------------------------
  // JSON serializations (RFC 7516 §7.2)

  const JWE_MEMBERS = ['protected', 'unprotected', 'iv', 'aad', 'ciphertext', 'tag'];
  const RECIPIENT_MEMBERS = ['header', 'encrypted_key'];

  function pick(object, names) {
    const out = {};
    for (const name of names) if (object[name] !== undefined) out[name] = object[name];
    return out;
  }

  /**
   * Decrypts JSON text with `key`. A key that is not a JweKey is imported for the `alg` of each
   * recipient in turn (the joint header of the recipient), as jose's key function sees it.
   */
  function decryptJsonWith(text, jwe, recipients, key, options) {
    const o = decryptOptions(options, false);
    const run = (decrypter) => {
      const d = call('jwe', () => wasm.decryptJson(text, decrypter, o.algs, o.encs, o.maxP2c, o.maxInflated));
      const result = { plaintext: d.plaintext };
      if (d.protectedJson) result.protectedHeader = JSON.parse(d.protectedJson);
      if (d.unprotectedJson !== undefined) result.sharedUnprotectedHeader = JSON.parse(d.unprotectedJson);
      if (d.recipientHeaderJson !== undefined) result.unprotectedHeader = JSON.parse(d.recipientHeaderJson);
      if (d.aad !== undefined) result.additionalAuthenticatedData = d.aad;
      d.free();
      return result;
    };
    if (key instanceof wasm.JweKey) return run(key);
    // Checked before: the protected header, when there is one, is a JSON object.
    const protectedHeader = encodedHeader(jwe.protected) ?? {};
    const resolving = isKeyFunction(key);
    const attempt = (recipient) => {
      const joint = { ...protectedHeader, ...jwe.unprotected, ...recipient.header };
      const resolved = resolving ? key(protectedHeader, { ...pick(jwe, JWE_MEMBERS), ...pick(recipient, RECIPIENT_MEMBERS) }) : key;
      return then(resolved, (k) => {
        const result = runWith(k, joint);
        return resolving ? { ...result, key: k } : result;
      });
    };
    /** The result of `k`, imported for the recipient's `alg` unless a JweKey. */
    const runWith = (k, joint) => {
      if (k instanceof wasm.JweKey) return run(k);
      if (typeof joint.alg !== 'string') throw new JWEInvalid('missing JWE Algorithm (alg) in JWE Header', 'malformed');
      const [decrypter, temporary] = jweKey(k, joint.alg, 'jwe');
      try {
        return run(decrypter);
      } finally {
        if (temporary) decrypter.free();
      }
    };
    // A key that does not serve a recipient's alg: the next recipient may be its. A recipient
    // the key was tried on and did not open says most: decryption failed.
    return firstSuccess(recipients, attempt, (e, kept) => {
      if (e instanceof TypeError) throw e;
      return kept instanceof JWEDecryptionFailed ? kept : e;
    });
  }

  /** Decrypts a flattened JWE JSON Serialization (an object, as jose takes it), with compactDecrypt's options. */
  function flattenedDecrypt(jwe, key, options) {
    if (!isObject(jwe)) throw new JWEInvalid('Flattened JWE must be an object', 'malformed');
    checkRecipient(jwe, jwe);
    const members = { ...pick(jwe, JWE_MEMBERS), ...pick(jwe, RECIPIENT_MEMBERS) };
    const joint = { ...encodedHeader(jwe.protected), ...jwe.unprotected, ...jwe.header };
    const notAllowed = (e) => {
      throw allowListFirst(e, allowLists(joint, options, decryptOptions(options, false)));
    };
    let result;
    try {
      result = decryptJsonWith(JSON.stringify(members), jwe, [jwe], key, options);
    } catch (e) {
      notAllowed(e);
    }
    return isThenable(result) ? result.catch(notAllowed) : result;
  }

  /**
   * The checks jose makes of a JWE JSON object and one recipient before any key is used, in its
   * order and words: member types, the protected header, the headers together. The core checks
   * all of it again; this names the failure as jose does.
   */
  function checkRecipient(jwe, recipient) {
    const problem = jweObjectProblem(jwe, recipient);
    if (problem) throw new JWEInvalid(problem, 'malformed');
    const protectedHeader = jwe.protected === undefined ? undefined : encodedHeader(jwe.protected);
    if (jwe.protected !== undefined && !protectedHeader) throw new JWEInvalid('JWE Protected Header is invalid', 'malformed');
    const headers = jweHeaderProblem(protectedHeader, jwe.unprotected, recipient.header);
    if (headers) throw headers[0] === 'Invalid' ? new JWEInvalid(headers[1], headers[2] ?? 'malformed') : new JOSENotSupported(headers[1], 'unsupported_crit');
  }

  /** The algorithms that cannot share a content encryption key with another recipient. */
  const SINGLE_RECIPIENT = ['dir', 'ECDH-ES'];

  /**
   * Decrypts a general JWE JSON Serialization: the first recipient the key opens gives the
   * result; as in jose, when none does, the error is JWEDecryptionFailed.
   */
  function generalDecrypt(jwe, key, options) {
    if (!isObject(jwe)) throw new JWEInvalid('General JWE must be an object', 'malformed');
    const { recipients } = jwe;
    if (!Array.isArray(recipients) || !recipients.every(isObject)) throw new JWEInvalid('JWE Recipients missing or incorrect type', 'malformed');
    if (!recipients.length) throw new JWEInvalid('JWE Recipients has no members', 'malformed');
    decryptOptions(options, false);
    if (jweObjectProblem(jwe, {}) || (jwe.protected !== undefined && !encodedHeader(jwe.protected))) throw new JWEDecryptionFailed(undefined, 'malformed');
    if (recipients.length > 1) {
      for (const recipient of recipients) {
        const alg = encodedHeader(jwe.protected ?? '')?.alg ?? (isObject(recipient.header) ? recipient.header.alg : undefined) ?? jwe.unprotected?.alg;
        if (SINGLE_RECIPIENT.includes(alg)) throw new JWEInvalid(`"${alg}" alg may only have a single recipient`, 'malformed');
      }
    }
    const members = { ...pick(jwe, JWE_MEMBERS), recipients: recipients.map((r) => pick(r, RECIPIENT_MEMBERS)) };
    const failed = (e) => {
      throw new JWEDecryptionFailed(undefined, e?.tinyjoseCode ?? 'decryption_failed');
    };
    let result;
    try {
      result = decryptJsonWith(JSON.stringify(members), jwe, recipients, key, options);
    } catch (e) {
      failed(e);
    }
    return isThenable(result) ? result.catch(failed) : result;
  }

  const JSON_PROTECTED = new Set(['alg', 'enc', 'kid', 'typ', 'cty']);

  /**
   * Encrypts to each [key, recipient header] into a JSON serialization. tinyjose writes `enc`
   * (and `kid`, `typ`, `cty`) in the protected header; each recipient's `alg` and `kid` where the
   * core puts them (the protected header of a flattened JWE, the recipient's header of a general one).
   */
  function encryptJson(plaintext, protectedHeader, shared, aad, entries, flattened) {
    if (protectedHeader === undefined && shared === undefined && entries.every(([, header]) => header === undefined)) {
      throw new JWEInvalid('either setProtectedHeader, setUnprotectedHeader, or sharedUnprotectedHeader must be called before #encrypt()', 'malformed');
    }
    const header = protectedHeader ?? {};
    if (!isObject(header)) throw new JWEInvalid('JOSE Header is not a JSON object', 'malformed');
    for (const [, recipientHeader] of entries) {
      if (!disjoint(protectedHeader, shared, recipientHeader)) {
        throw new JWEInvalid('JWE Protected, JWE Shared Unprotected and JWE Per-Recipient Header Parameter names must be disjoint', 'duplicate_member');
      }
    }
    if (entries.length > 1) {
      for (const [, recipientHeader] of entries) {
        const alg = recipientHeader?.alg ?? header.alg ?? shared?.alg;
        if (SINGLE_RECIPIENT.includes(alg)) throw new JWEInvalid(`"${alg}" alg may only have a single recipient`, 'malformed');
      }
    }
    for (const name of Object.keys(header)) {
      if (!JSON_PROTECTED.has(name)) {
        throw new JOSENotSupported(`tinyjose writes only the alg, enc, kid, typ and cty protected header parameters, not "${name}"`, 'unsupported');
      }
    }
    const sharedAlgOrEnc = shared && (shared.alg !== undefined || shared.enc !== undefined);
    if (sharedAlgOrEnc) throw new JOSENotSupported('tinyjose writes "alg" and "enc" only in the protected or recipient header', 'unsupported');
    const { enc } = header;
    if (typeof enc !== 'string' || !enc) throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid', 'malformed');
    const builder = new wasm.JsonEncrypt();
    const temporaries = [];
    try {
      for (const [key, recipientHeader, parameters] of entries) {
        if (parameters !== undefined) throw new JOSENotSupported('key management parameters are not supported in the JSON serializations', 'unsupported');
        const own = recipientHeader ?? {};
        for (const name of Object.keys(own)) {
          if (name !== 'alg' && name !== 'kid') throw new JOSENotSupported(`tinyjose writes only alg and kid in a recipient's header, not "${name}"`, 'unsupported');
        }
        const alg = own.alg ?? header.alg;
        if (typeof alg !== 'string' || !alg) throw new JWEInvalid('JWE "alg" (Algorithm) Header Parameter missing or invalid', 'malformed');
        const [encrypter, temporary] = jweKey(key, alg, 'jwe');
        if (temporary) temporaries.push(encrypter);
        call('jwe', () => builder.add(encrypter, alg, optionalString(own.kid, 'kid')));
      }
      const text = call('jwe', () => builder.encrypt(
        plaintext, enc, optionalString(header.kid, 'kid'), optionalString(header.typ, 'typ'), optionalString(header.cty, 'cty'),
        shared === undefined ? undefined : JSON.stringify(shared), optionalBytes(aad, 'aad'), flattened,
      ));
      return JSON.parse(text);
    } finally {
      builder.free();
      for (const encrypter of temporaries) encrypter.free();
    }
  }

  function assertPlaintext(plaintext) {
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be an instance of Uint8Array');
  }

  /** Encrypts a byte plaintext into a flattened JWE JSON Serialization (an object, as jose gives it). */
  class FlattenedEncrypt {
    #plaintext;
    #protected;
    #shared;
    #unprotected;
    #aad;
    #parameters;
    constructor(plaintext) {
      assertPlaintext(plaintext);
      this.#plaintext = plaintext;
    }
    setProtectedHeader(protectedHeader) {
      once(this.#protected, 'setProtectedHeader');
      this.#protected = protectedHeader;
      return this;
    }
    setSharedUnprotectedHeader(sharedUnprotectedHeader) {
      once(this.#shared, 'setSharedUnprotectedHeader');
      this.#shared = sharedUnprotectedHeader;
      return this;
    }
    setUnprotectedHeader(unprotectedHeader) {
      once(this.#unprotected, 'setUnprotectedHeader');
      this.#unprotected = unprotectedHeader;
      return this;
    }
    setAdditionalAuthenticatedData(aad) {
      this.#aad = aad;
      return this;
    }
    setKeyManagementParameters(parameters) {
      once(this.#parameters, 'setKeyManagementParameters');
      this.#parameters = parameters;
      return this;
    }
    encrypt(key) {
      return encryptJson(this.#plaintext, this.#protected, this.#shared, this.#aad, [[key, this.#unprotected, this.#parameters]], true);
    }
  }

  /** One recipient of a GeneralEncrypt, with jose's chainable methods. */
  class Recipient {
    #parent;
    #key;
    #unprotected;
    #parameters;
    constructor(parent, key) {
      this.#parent = parent;
      this.#key = key;
    }
    setUnprotectedHeader(unprotectedHeader) {
      once(this.#unprotected, 'setUnprotectedHeader');
      this.#unprotected = unprotectedHeader;
      return this;
    }
    setKeyManagementParameters(parameters) {
      once(this.#parameters, 'setKeyManagementParameters');
      this.#parameters = parameters;
      return this;
    }
    addRecipient(key, options) {
      return this.#parent.addRecipient(key, options);
    }
    encrypt() {
      return this.#parent.encrypt();
    }
    done() {
      return this.#parent;
    }
    static entry(recipient) {
      return [recipient.#key, recipient.#unprotected, recipient.#parameters];
    }
  }

  /** Encrypts a byte plaintext to one or more recipients into a general JWE JSON Serialization. */
  class GeneralEncrypt {
    #plaintext;
    #protected;
    #shared;
    #aad;
    #recipients = [];
    constructor(plaintext) {
      this.#plaintext = plaintext;
    }
    addRecipient(key, _options) {
      const recipient = new Recipient(this, key);
      this.#recipients.push(recipient);
      return recipient;
    }
    setProtectedHeader(protectedHeader) {
      once(this.#protected, 'setProtectedHeader');
      this.#protected = protectedHeader;
      return this;
    }
    setSharedUnprotectedHeader(sharedUnprotectedHeader) {
      once(this.#shared, 'setSharedUnprotectedHeader');
      this.#shared = sharedUnprotectedHeader;
      return this;
    }
    setAdditionalAuthenticatedData(aad) {
      this.#aad = aad;
      return this;
    }
    encrypt() {
      if (!this.#recipients.length) throw new JWEInvalid('at least one recipient must be added', 'malformed');
      assertPlaintext(this.#plaintext);
      return encryptJson(this.#plaintext, this.#protected, this.#shared, this.#aad, this.#recipients.map(Recipient.entry), false);
    }
  }

  return {
    compactDecrypt, jwtDecrypt, CompactEncrypt, EncryptJWT, flattenedDecrypt, generalDecrypt, FlattenedEncrypt, GeneralEncrypt,
  };
}
