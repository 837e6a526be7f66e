// jose's `SignJWT`, case by case: the claim setters and their checks, the protected header and
// its checks, and the token written (the same bytes as jose's for a deterministic algorithm).

import { NOW, SECRET, currentDate, pairs } from './pairs.mjs';

const HS = { alg: 'HS256' };
/** The claims of a token `build(lib)` signs with the shared secret, as the signing library decodes them. */
const claimsOf = (build) => async (lib) => lib.decodeJwt(await build(lib).setProtectedHeader(HS).sign(SECRET));
/** The error of calling a setter. */
const setter = (call) => (lib) => call(new lib.SignJWT({}));

const cases = [
  { name: 'the token is jose\'s, byte for byte', run: (lib) => new lib.SignJWT({ sub: 'a', n: 1 }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(SECRET), value: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwibiI6MX0.OsthMWHFgTF6Um5n_uHIaWERSFXEXAAwLgPDFkdr7PM' },
  { name: 'a kid in the header', run: async (lib) => lib.decodeProtectedHeader(await new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(SECRET)), value: { alg: 'HS256', kid: 'k1' } },
  { name: 'a token the other library verifies', run: async (lib) => {
    const { jwtVerify } = lib.jwtVerify === (await import('jose')).jwtVerify ? await import('tinyjose') : await import('jose');
    const token = await new lib.SignJWT({ sub: 'a' }).setProtectedHeader(HS).setIssuer('i').setExpirationTime(NOW + 60).sign(SECRET);
    return (await jwtVerify(token, SECRET, { currentDate, issuer: 'i' })).payload;
  }, value: { sub: 'a', iss: 'i', exp: NOW + 60 } },

  // Setters
  { name: 'every setter', run: claimsOf((lib) => new lib.SignJWT({ x: 1 }).setIssuer('i').setSubject('s').setAudience(['a', 'b']).setJti('j').setNotBefore(NOW).setExpirationTime(new Date((NOW + 5) * 1000)).setIssuedAt(NOW - 1)), value: { x: 1, iss: 'i', sub: 's', aud: ['a', 'b'], jti: 'j', nbf: NOW, exp: NOW + 5, iat: NOW - 1 } },
  { name: 'setIssuer with a number', run: setter((j) => j.setIssuer(0)), throws: ['TypeError', '"iss" claim must be a string'] },
  { name: 'setSubject with null', run: setter((j) => j.setSubject(null)), throws: ['TypeError', '"sub" claim must be a string'] },
  { name: 'setJti with an object', run: setter((j) => j.setJti({})), throws: ['TypeError', '"jti" claim must be a string'] },
  { name: 'setAudience with a number', run: setter((j) => j.setAudience(5)), throws: ['TypeError', '"aud" claim must be a string or an array of strings'] },
  { name: 'setAudience with a number in the array', run: setter((j) => j.setAudience(['a', 1])), throws: ['TypeError', '"aud" claim must be a string or an array of strings'] },
  { name: 'setExpirationTime with NaN', run: setter((j) => j.setExpirationTime(NaN)), throws: ['TypeError', 'Invalid setExpirationTime input'] },
  { name: 'setNotBefore with Infinity', run: setter((j) => j.setNotBefore(Infinity)), throws: ['TypeError', 'Invalid setNotBefore input'] },
  { name: 'setIssuedAt with an invalid Date', run: setter((j) => j.setIssuedAt(new Date(NaN))), throws: ['TypeError', 'Invalid setIssuedAt input'] },
  { name: 'setExpirationTime with words', run: setter((j) => j.setExpirationTime('tomorrow')), throws: ['TypeError', 'Invalid time period format'] },
  { name: 'setExpirationTime with an object', run: setter((j) => j.setExpirationTime({})), throws: ['TypeError', 'Invalid time period format'] },
  { name: 'setExpirationTime with a span', run: async (lib) => {
    const { exp, iat } = lib.decodeJwt(await new lib.SignJWT({}).setProtectedHeader(HS).setIssuedAt().setExpirationTime('2h').sign(SECRET));
    return exp - iat;
  }, value: 7200 },
  { name: 'setNotBefore with a span in the past', run: async (lib) => {
    const { nbf, iat } = lib.decodeJwt(await new lib.SignJWT({}).setProtectedHeader(HS).setIssuedAt().setNotBefore('10 minutes ago').sign(SECRET));
    return nbf - iat;
  }, value: -600 },
  { name: 'a span with both a sign and "ago"', run: setter((j) => j.setExpirationTime('-1h ago')), throws: ['TypeError', 'Invalid time period format'] },
  { name: 'an enormous span', run: async (lib) => typeof lib.decodeJwt(await new lib.SignJWT({}).setProtectedHeader(HS).setExpirationTime('99999999999999999999y').sign(SECRET)).exp, value: 'number' },
  { name: 'setIssuedAt with a span', run: async (lib) => {
    const { iat } = lib.decodeJwt(await new lib.SignJWT({}).setProtectedHeader(HS).setIssuedAt('-1h').sign(SECRET));
    return Math.abs(iat - (Math.floor(Date.now() / 1000) - 3600)) <= 2;
  }, value: true },

  // Claims given to the constructor
  { name: 'claims that are not an object', run: (lib) => new lib.SignJWT(null), throws: ['TypeError', 'JWT Claims Set MUST be an object'] },
  { name: 'claims that are an array', run: (lib) => new lib.SignJWT([]), throws: ['TypeError', 'JWT Claims Set MUST be an object'] },
  { name: 'exp NaN in the claims', run: (lib) => new lib.SignJWT({ exp: NaN }).setProtectedHeader(HS).sign(SECRET), throws: ['TypeError', '"exp" claim must be a finite number'] },
  { name: 'iat Infinity in the claims', run: (lib) => new lib.SignJWT({ iat: Infinity }).setProtectedHeader(HS).sign(SECRET), throws: ['TypeError', '"iat" claim must be a finite number'] },
  { name: 'the claims are copied when given', run: async (lib) => {
    const claims = { a: 1 };
    const builder = new lib.SignJWT(claims).setProtectedHeader(HS);
    claims.a = 2;
    return lib.decodeJwt(await builder.sign(SECRET));
  }, value: { a: 1 } },

  // Protected header
  { name: 'setProtectedHeader twice', run: (lib) => new lib.SignJWT({}).setProtectedHeader(HS).setProtectedHeader(HS), throws: ['TypeError', 'setProtectedHeader can only be called once'] },
  { name: 'no protected header', run: (lib) => new lib.SignJWT({}).sign(SECRET), throws: ['JWSInvalid', 'either setProtectedHeader or setUnprotectedHeader must be called before #sign()'] },
  { name: 'a protected header that is not an object', run: (lib) => new lib.SignJWT({}).setProtectedHeader(5).sign(SECRET), throws: ['JWSInvalid', 'JOSE Header is not a JSON object'] },
  { name: 'a protected header without alg', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ typ: 'JWT' }).sign(SECRET), throws: ['JWSInvalid', 'JWS "alg" (Algorithm) Header Parameter missing or invalid'] },
  { name: 'b64: false', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(SECRET), throws: ['JWTInvalid', 'JWTs MUST NOT use unencoded payload'] },
  { name: 'crit with a duplicate', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', b64: true, crit: ['b64', 'b64'] }).sign(SECRET), throws: ['JWSInvalid', '"crit" (Critical) Header Parameter MUST NOT contain duplicate values'] },
  { name: 'crit naming an unknown extension', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', crit: ['x'], x: 1 }).sign(SECRET), throws: ['JOSENotSupported', 'Extension Header Parameter "x" is not recognized'] },
  { name: 'crit naming a missing extension', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', crit: ['b64'] }).sign(SECRET), throws: ['JWSInvalid', 'Extension Header Parameter "b64" is missing'] },
  { name: 'an unknown alg', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'XX1' }).sign(SECRET), throws: ['JOSENotSupported', 'alg XX1 is not supported either by JOSE or your javascript runtime'] },
  { name: 'alg none', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'none' }).sign(SECRET), throws: ['JOSENotSupported', 'alg none is not supported either by JOSE or your javascript runtime'] },
  { name: 'a secret for ES256', run: (lib) => new lib.SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(SECRET), throws: ['TypeError', 'Key for the ES256 algorithm must be one of type CryptoKey, KeyObject, or JSON Web Key. Received an instance of Uint8Array'] },
  { name: 'a key that is a string', run: (lib) => new lib.SignJWT({}).setProtectedHeader(HS).sign('secret'), throws: ['TypeError', 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array.'] },
  { name: 'no key', run: (lib) => new lib.SignJWT({}).setProtectedHeader(HS).sign(), throws: ['TypeError', 'Key for the HS256 algorithm must be one of type CryptoKey, KeyObject, JSON Web Key, or Uint8Array. Received undefined'] },
  {
    name: 'another header parameter',
    run: async (lib) => lib.decodeProtectedHeader(await new lib.SignJWT({}).setProtectedHeader({ alg: 'HS256', x5t: 'abc' }).sign(SECRET)),
    value: { alg: 'HS256', x5t: 'abc' },
    difference: 'header-writable',
    tinyjose: ['JOSENotSupported', 'tinyjose writes only the alg, kid, typ and cty header parameters, not "x5t"'],
  },
  {
    name: 'an HMAC secret shorter than the hash',
    run: async (lib) => typeof await new lib.SignJWT({}).setProtectedHeader(HS).sign(new Uint8Array(16)),
    value: 'string',
    difference: 'secret-length',
    tinyjose: ['JWKInvalid', 'key rejected: too short for the algorithm (an HMAC secret shorter than the hash, an RSA modulus under 2048 bits)'],
  },
];

pairs('jwt/sign', cases);
