// The claim setters SignJWT and EncryptJWT share, with jose's checks and words.

import { encoder, epoch, isObject, timestamp } from './options.mjs';

export const CLAIMS = Symbol('tinyjose.claims');

function stringClaim(claim, value) {
  if (typeof value !== 'string') throw new TypeError(`"${claim}" claim must be a string`);
  return value;
}

function audienceClaim(value) {
  if (typeof value !== 'string' && (!Array.isArray(value) || value.some((member) => typeof member !== 'string'))) {
    throw new TypeError('"aud" claim must be a string or an array of strings');
  }
  return value;
}

/** The claim setters of SignJWT and EncryptJWT. */
export class ProduceJWT {
  #payload;
  constructor(payload = {}) {
    if (!isObject(payload)) throw new TypeError('JWT Claims Set MUST be an object');
    this.#payload = structuredClone(payload);
  }
  /** Sets one claim of the payload and returns the builder, as each of jose's setters does. */
  #set(claim, value) {
    this.#payload[claim] = value;
    return this;
  }
  setIssuer(issuer) {
    return this.#set('iss', stringClaim('iss', issuer));
  }
  setSubject(subject) {
    return this.#set('sub', stringClaim('sub', subject));
  }
  setAudience(audience) {
    return this.#set('aud', audienceClaim(audience));
  }
  setJti(jwtId) {
    return this.#set('jti', stringClaim('jti', jwtId));
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
  /** The claims set as UTF-8 JSON; a time claim that is a number must be finite, as in jose. */
  [CLAIMS]() {
    for (const claim of ['iat', 'nbf', 'exp']) {
      const value = this.#payload[claim];
      if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`"${claim}" claim must be a finite number`);
    }
    return encoder.encode(JSON.stringify(this.#payload));
  }
}
