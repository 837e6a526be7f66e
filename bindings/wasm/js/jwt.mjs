// The claim setters SignJWT and EncryptJWT share.

import { encoder, epoch, isObject, timestamp } from './options.mjs';

export const CLAIMS = Symbol('tinyjose.claims');

/** The claim setters of SignJWT and EncryptJWT. */
export class ProduceJWT {
  #payload;
  constructor(payload = {}) {
    if (!isObject(payload)) throw new TypeError('JWT Claims Set MUST be an object');
    this.#payload = { ...payload };
  }
  /** Sets one claim of the payload and returns the builder, as each of jose's setters does. */
  #set(claim, value) {
    this.#payload[claim] = value;
    return this;
  }
  setIssuer(issuer) {
    return this.#set('iss', issuer);
  }
  setSubject(subject) {
    return this.#set('sub', subject);
  }
  setAudience(audience) {
    return this.#set('aud', audience);
  }
  setJti(jwtId) {
    return this.#set('jti', jwtId);
  }
  setNotBefore(input) {
    return this.#set('nbf', timestamp(input, 'setNotBefore'));
  }
  setExpirationTime(input) {
    return this.#set('exp', timestamp(input, 'setExpirationTime'));
  }
  setIssuedAt(input) {
    return this.#set('iat', input === undefined ? epoch(new Date()) : timestamp(input, 'setIssuedAt'));
  }
  /** The claims set as UTF-8 JSON. */
  [CLAIMS]() {
    return encoder.encode(JSON.stringify(this.#payload));
  }
}
