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

const SPAN = /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;

/** A time span such as "2h", "30 s", "1 day", "-1h" or "2 weeks ago", in seconds (jose's syntax). */
function timeSpan(text) {
  const match = SPAN.exec(text);
  if (!match || (match[4] && match[1])) throw new TypeError(`invalid time span format: ${JSON.stringify(text)}`);
  const value = parseFloat(match[2]);
  const unit = match[3].toLowerCase();
  let seconds;
  if (['sec', 'secs', 'second', 'seconds', 's'].includes(unit)) seconds = Math.round(value);
  else if (['minute', 'minutes', 'min', 'mins', 'm'].includes(unit)) seconds = Math.round(value * 60);
  else if (['hour', 'hours', 'hr', 'hrs', 'h'].includes(unit)) seconds = Math.round(value * 3600);
  else if (['day', 'days', 'd'].includes(unit)) seconds = Math.round(value * 86400);
  else if (['week', 'weeks', 'w'].includes(unit)) seconds = Math.round(value * 604800);
  else seconds = Math.round(value * 31557600);
  return match[1] === '-' || match[4] === 'ago' ? -seconds : seconds;
}

function seconds(value, name) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number`);
    return value;
  }
  if (typeof value === 'string') return timeSpan(value);
  throw new TypeError(`${name} must be a number of seconds or a time span string`);
}

/** `maxTokenAge` in seconds. As in jose, an age below 0 (or not finite) is a TypeError. */
function maxTokenAge(value) {
  const age = typeof value === 'number' ? value : seconds(value, 'maxTokenAge');
  if (!Number.isFinite(age) || age < 0) throw new TypeError('Invalid maxTokenAge option input');
  return age;
}

export const epoch = (date) => Math.floor(date.getTime() / 1000);

export function timestamp(input, name) {
  if (typeof input === 'number') return input;
  if (input instanceof Date) return epoch(input);
  if (typeof input === 'string') return epoch(new Date()) + timeSpan(input);
  throw new TypeError(`${name} must be a number, a Date or a time span string`);
}

function strings(value, name) {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string') throw new TypeError(`${name} must be a string or an array of strings`);
  return list;
}

/** As `strings`, for an option whose empty list would otherwise turn its check off. */
export function nonEmptyStrings(value, name) {
  const list = strings(value, name);
  if (value !== undefined && list.length === 0) throw new TypeError(`${name} must not be an empty array`);
  return list;
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

export function verifyOptions(options) {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new TypeError('options must be an object');
  const { currentDate } = options;
  if (currentDate !== undefined && !(currentDate instanceof Date && Number.isFinite(currentDate.getTime()))) {
    throw new TypeError('currentDate must be a valid Date');
  }
  return {
    algorithms: nonEmptyStrings(options.algorithms, 'algorithms'),
    ecdsaHighS: optionalBoolean(options.ecdsaHighS, 'ecdsaHighS'),
    now: epoch(currentDate ?? new Date()),
    leeway: options.clockTolerance === undefined ? 0 : Math.max(0, seconds(options.clockTolerance, 'clockTolerance')),
    maxAge: options.maxTokenAge === undefined ? undefined : maxTokenAge(options.maxTokenAge),
    issuers: nonEmptyStrings(options.issuer, 'issuer'),
    audiences: nonEmptyStrings(options.audience, 'audience'),
    subject: optionalString(options.subject, 'subject'),
    typ: optionalString(options.typ, 'typ'),
    required: strings(options.requiredClaims, 'requiredClaims'),
  };
}

/** Throws unless a builder's setter is called for the first time (`value` still undefined). */
export function once(value, name) {
  if (value !== undefined) throw new TypeError(`${name} can only be called once`);
}
