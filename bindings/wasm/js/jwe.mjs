// JWE: decrypting (compactDecrypt, jwtDecrypt) and encrypting (CompactEncrypt, EncryptJWT).

import { JOSENotSupported, JWEInvalid, JWTClaimValidationFailed } from './errors.mjs';
import { caller } from './failure.mjs';
import { CLAIMS, ProduceJWT } from './jwt.mjs';
import { DEFAULT_JWE_ALGS } from './keys.mjs';
import { decoder, isObject, nonEmptyStrings, optionalBytes, optionalString, tokenText, verifyOptions } from './options.mjs';

/** The JWE functions over `wasm`, the bindings of one module, with its key functions. */
export function jweFunctions(wasm, { jweKey }) {
  const call = caller(wasm);

  // -------------------------------------------------------------------------------------------
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
  function compactDecrypt(jwe, key, options) {
    return decryptWith('jwe', tokenText(jwe, 'Compact JWE'), key, options, false);
  }

  const REPLICATED = { iss: 'issuer_mismatch', sub: 'subject_mismatch', aud: 'audience_mismatch' };

  /**
   * Decrypts an encrypted JWT and validates its claims as jwtVerify does, with the options of
   * compactDecrypt too.
   */
  function jwtDecrypt(jwt, key, options) {
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

  // -------------------------------------------------------------------------------------------
  // Encrypt

  const WRITABLE_JWE_HEADER = new Set(['alg', 'enc', 'zip', 'kid', 'typ', 'cty']);

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

  return { compactDecrypt, jwtDecrypt, CompactEncrypt, EncryptJWT };
}
