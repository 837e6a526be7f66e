// Conversions of arguments and options: types, base64url, time spans, and jwtVerify's options.

export const encoder = new TextEncoder();
export const decoder = new TextDecoder('utf-8', { fatal: true });

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function tokenText(token, name) {
  if (token instanceof Uint8Array) return decoder.decode(token);
  if (typeof token !== 'string') throw new TypeError(`${name} must be a string or a Uint8Array`);
  return token;
}

/** A compact token argument as text, refused with jose's error (`Invalid`, e.g. JWSInvalid) and words. */
export function compactText(token, Invalid, what) {
  if (token instanceof Uint8Array) token = new TextDecoder().decode(token);
  if (typeof token !== 'string') throw new Invalid(`${what} must be a string or Uint8Array`, 'malformed');
  return token;
}

const SPAN = /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
const UNITS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 };

/** A time span such as "2h", "30 s", "1 day", "-1h" or "2 weeks ago", in seconds (jose's syntax and words). */
function timeSpan(text) {
  const match = typeof text === 'string' ? SPAN.exec(text) : null;
  if (!match || (match[4] && match[1])) throw new TypeError('Invalid time period format');
  const seconds = Math.round(parseFloat(match[2]) * UNITS[match[3][0].toLowerCase()]);
  if (!Number.isFinite(seconds)) throw new TypeError('Invalid time period format');
  return match[1] === '-' || match[4] === 'ago' ? -seconds : seconds;
}

/** `value` if it is a finite number, else jose's TypeError naming `label`. */
function finite(value, label) {
  if (!Number.isFinite(value)) throw new TypeError(`Invalid ${label} input`);
  return value;
}

/** `clockTolerance` in seconds, checked as jose checks it. */
export function clockTolerance(value) {
  if (value === undefined) return 0;
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError('Invalid clockTolerance option type');
  const tolerance = finite(typeof value === 'string' ? timeSpan(value) : value, 'clockTolerance option');
  if (tolerance < 0) throw new TypeError('Invalid clockTolerance option input');
  return tolerance;
}

/** `maxTokenAge` in seconds, checked as jose checks it. */
function maxTokenAge(value) {
  const age = finite(typeof value === 'number' ? value : timeSpan(value), 'maxTokenAge option');
  if (age < 0) throw new TypeError('Invalid maxTokenAge option input');
  return age;
}

export const epoch = (date) => Math.floor(date.getTime() / 1000);

/** `currentDate` (a Date) in Unix seconds, or now when not given, checked as jose checks it. */
export function currentTime(currentDate) {
  return currentDate === undefined ? epoch(new Date()) : finite(epoch(currentDate), 'currentDate option');
}

/** A non-negative time span option in seconds (a number, or a span such as "5m"), or undefined. */
export function optionalSpan(value, option) {
  if (value === undefined) return undefined;
  const span = finite(typeof value === 'number' ? value : timeSpan(value), `${option} option`);
  if (span < 0) throw new TypeError(`Invalid ${option} option input`);
  return span;
}

/** A NumericDate from a setter's argument (a number, a Date or a time span from now), as jose's setters take it. */
export function timestamp(input, name) {
  if (typeof input === 'number') return finite(input, name);
  if (input instanceof Date) return finite(epoch(input), name);
  return finite(epoch(new Date()) + timeSpan(input), name);
}

/**
 * An allow list as the core takes it: undefined when not given; the strings of a string or an
 * array otherwise, an empty list (or one of no strings) checking that nothing matches, as in jose.
 */
function allowList(value) {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string');
}

/**
 * jose's `algorithms` (and `keyManagementAlgorithms`, `contentEncryptionAlgorithms`): an array
 * of strings; an empty one allows no algorithm, which the core's list says with a name no
 * algorithm has.
 */
export function algorithmList(value, option) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw new TypeError(`"${option}" option must be an array of strings`);
  return value.length === 0 ? [''] : value;
}

export function optionalString(value, name) {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  return value;
}

export function optionalBoolean(value, name) {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return value === true;
}

export function optionalBytes(value, name) {
  if (value !== undefined && !(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  return value;
}

/** jwtVerify's (and jwtDecrypt's) options, checked with jose's words. */
export function verifyOptions(options) {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new TypeError('options must be an object');
  const now = currentTime(options.currentDate);
  return {
    algorithms: algorithmList(options.algorithms, 'algorithms'),
    ecdsaHighS: optionalBoolean(options.ecdsaHighS, 'ecdsaHighS'),
    now,
    leeway: clockTolerance(options.clockTolerance),
    maxAge: options.maxTokenAge === undefined ? undefined : maxTokenAge(options.maxTokenAge),
    issuers: allowList(options.issuer),
    audiences: allowList(options.audience),
    subject: optionalString(options.subject, 'subject'),
    typ: optionalString(options.typ, 'typ'),
    // As jose, any iterable: a string names one claim per character.
    required: options.requiredClaims === undefined ? [] : [...options.requiredClaims].map(String),
  };
}

/** Throws unless a builder's setter is called for the first time (`value` still undefined). */
export function once(value, name) {
  if (value !== undefined) throw new TypeError(`${name} can only be called once`);
}
