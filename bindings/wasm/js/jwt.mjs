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
  /** The claims set as UTF-8 JSON. */
  [CLAIMS]() {
    return encoder.encode(JSON.stringify(this.#payload));
  }
}
