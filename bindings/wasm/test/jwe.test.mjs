// JWE through the package: every key management family and content encryption, compression,
// keys, options, the encrypted JWT, and hostile tokens (altered tags, PBES2 counts above the
// limit, algorithms outside the allow lists, invalid ephemeral keys), each with its exact error.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createPublicKey, randomBytes } from 'node:crypto';

import {
  CompactEncrypt,
  EncryptJWT,
  JOSEAlgNotAllowed,
  JOSENotSupported,
  JWEDecryptionFailed,
  JWEInvalid,
  JWKInvalid,
  JWSInvalid,
  JWTClaimValidationFailed,
  JWTExpired,
  JWTInvalid,
  SignJWT,
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  generateSecret,
  importJWK,
  importPKCS8,
  importSPKI,
  jwtDecrypt,
  jwtVerify,
} from 'tinyjose';

import { AT, NOW, SECRET, b64u, fails, keyPair, typeError, utf8 } from './node-helpers.mjs';

const ENCS = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
const PBES2 = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
const PLAINTEXT = utf8('The true sign of intelligence is not knowledge but imagination.');

const DECRYPTION_FAILED = [JWEDecryptionFailed, {
  code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed', message: 'decryption operation failed',
}];
const jweInvalid = (tinyjoseCode) => [JWEInvalid, { code: 'ERR_JWE_INVALID', tinyjoseCode }];
const algNotAllowed = (tinyjoseCode) => [JOSEAlgNotAllowed, { code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode }];
const notSupported = (tinyjoseCode) => [JOSENotSupported, { code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode }];
const KEY_REJECTED = [JWKInvalid, { code: 'ERR_JWK_INVALID', tinyjoseCode: 'key_rejected' }];
/** An expected error with its exact message too. */
const worded = ([Class, properties], message) => [Class, { ...properties, message }];
/** jose's refusal of an `alg` it does not know or take for the key: importJWK, importSPKI, generateKeyPair. */
const UNSUPPORTED_JWK_ALG = worded(notSupported('unsupported_alg'), 'Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
const UNSUPPORTED_ALG_ARGUMENT = worded(notSupported('unsupported_alg'), 'Invalid or unsupported "alg" (Algorithm) value');

const encrypt = (header, key, plaintext = PLAINTEXT, parameters) => {
  const builder = new CompactEncrypt(plaintext).setProtectedHeader(header);
  if (parameters) builder.setKeyManagementParameters(parameters);
  return builder.encrypt(key);
};
const segments = (token) => token.split('.');
/** The token with one character of segment `i` changed (the first, which always changes a bit). */
const tamper = (token, i) => {
  const parts = segments(token);
  parts[i] = `${parts[i][0] === 'A' ? 'B' : 'A'}${parts[i].slice(1)}`;
  return parts.join('.');
};

/** An RSA key pair made by node:crypto, as JWKs. */
function rsaJwks(bits = 2048) {
  const { privateKey } = keyPair('rsa', { modulusLength: bits });
  const priv = privateKey.export({ format: 'jwk' });
  const { d, p, q, dp, dq, qi, ...pub } = priv;
  return { priv, pub, privateKey };
}
const RSA = rsaJwks();

/** Every alg with the keys that encrypt and decrypt it. */
function keyCases() {
  const cases = [];
  for (const [alg, size] of [['A128KW', 16], ['A192KW', 24], ['A256KW', 32], ['A128GCMKW', 16], ['A192GCMKW', 24], ['A256GCMKW', 32]]) {
    const secret = generateSecret(alg);
    assert.equal(secret.length, size);
    cases.push({ alg, encryptKey: secret, decryptKey: secret });
  }
  for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']) {
    for (const crv of ['P-256', 'P-384', 'X25519']) {
      const { publicKey, privateKey } = generateKeyPair(alg, { crv });
      cases.push({ alg, crv, encryptKey: publicKey, decryptKey: privateKey });
    }
  }
  for (const alg of PBES2) cases.push({ alg, encryptKey: 'correct horse battery staple', decryptKey: utf8('correct horse battery staple'), options: { keyManagementAlgorithms: [alg] } });
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256']) cases.push({ alg, encryptKey: importJWK(RSA.pub, alg), decryptKey: importJWK(RSA.priv, alg) });
  return cases;
}

describe('round trips', () => {
  test('dir with a secret of each enc\'s length: exact header, plaintext and segment lengths', () => {
    for (const [enc, size, ivLen, tagLen] of [
      ['A128GCM', 16, 12, 16], ['A192GCM', 24, 12, 16], ['A256GCM', 32, 12, 16],
      ['A128CBC-HS256', 32, 16, 16], ['A192CBC-HS384', 48, 16, 24], ['A256CBC-HS512', 64, 16, 32],
    ]) {
      const secret = generateSecret(enc);
      assert.equal(secret.length, size);
      const token = encrypt({ alg: 'dir', enc, kid: 'k1', typ: 'example', cty: 'text/plain' }, secret);
      const [h, ek, iv, ct, tag] = segments(token);
      assert.equal(Buffer.from(h, 'base64url').toString(), `{"alg":"dir","enc":"${enc}","kid":"k1","typ":"example","cty":"text/plain"}`);
      assert.deepEqual([ek, Buffer.from(iv, 'base64url').length, Buffer.from(tag, 'base64url').length], ['', ivLen, tagLen]);
      const ctLen = enc.includes('CBC') ? (Math.floor(PLAINTEXT.length / 16) + 1) * 16 : PLAINTEXT.length;
      assert.equal(Buffer.from(ct, 'base64url').length, ctLen);
      assert.deepEqual(compactDecrypt(token, secret), {
        plaintext: PLAINTEXT, protectedHeader: { alg: 'dir', enc, kid: 'k1', typ: 'example', cty: 'text/plain' },
      });
      // The wrong length for the enc is refused.
      fails(() => encrypt({ alg: 'dir', enc }, new Uint8Array(size + 8)), ...KEY_REJECTED);
    }
  });

  test('every key management family with every enc', () => {
    let count = 0;
    for (const { alg, crv, encryptKey, decryptKey, options } of keyCases()) {
      for (const enc of ENCS) {
        const token = encrypt({ alg, enc }, encryptKey);
        const { plaintext, protectedHeader } = compactDecrypt(token, decryptKey, options);
        assert.deepEqual(plaintext, PLAINTEXT, `${alg} ${crv ?? ''} ${enc}`);
        assert.equal(protectedHeader.alg, alg);
        assert.equal(protectedHeader.enc, enc);
        if (alg.startsWith('ECDH-ES')) assert.equal(protectedHeader.epk.crv, crv);
        if (alg.startsWith('PBES2')) assert.deepEqual([protectedHeader.p2c, Buffer.from(protectedHeader.p2s, 'base64url').length], [10_000, 16]);
        if (alg.includes('GCMKW')) assert.deepEqual([typeof protectedHeader.iv, typeof protectedHeader.tag], ['string', 'string']);
        const ekLen = Buffer.from(segments(token)[1], 'base64url').length;
        if (alg === 'ECDH-ES') assert.equal(ekLen, 0);
        count++;
      }
    }
    assert.equal(count, (6 + 12 + 3 + 2) * 6);
  });

  test('an empty plaintext and a 64 KiB one', () => {
    const secret = generateSecret('A256KW');
    for (const plaintext of [new Uint8Array(0), randomBytes(65536)]) {
      for (const enc of ['A256GCM', 'A256CBC-HS512']) {
        assert.deepEqual(compactDecrypt(encrypt({ alg: 'A256KW', enc }, secret, new Uint8Array(plaintext)), secret).plaintext, new Uint8Array(plaintext));
      }
    }
  });

  test('zip: DEF compresses before encryption and inflates after; maxDecompressedLength', () => {
    const secret = generateSecret('A128KW');
    const redundant = utf8('a'.repeat(10_000));
    const zipped = encrypt({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }, secret, redundant);
    const plain = encrypt({ alg: 'A128KW', enc: 'A128GCM' }, secret, redundant);
    assert.ok(zipped.length < plain.length / 20, `${zipped.length} against ${plain.length}`);
    assert.deepEqual(compactDecrypt(zipped, secret), { plaintext: redundant, protectedHeader: { alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' } });
    assert.deepEqual(compactDecrypt(zipped, secret, { maxDecompressedLength: 10_000 }).plaintext, redundant);
    fails(() => compactDecrypt(zipped, secret, { maxDecompressedLength: 9_999 }), ...jweInvalid('limit_exceeded'));
    fails(() => compactDecrypt(zipped, secret, { maxDecompressedLength: 0 }), ...notSupported('unsupported'));
    // 1 MiB of zeros inflates beyond the default 250 000 bytes.
    const bomb = encrypt({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }, secret, new Uint8Array(1 << 20));
    assert.ok(bomb.length < 2000);
    fails(() => compactDecrypt(bomb, secret), ...jweInvalid('limit_exceeded'));
    assert.equal(compactDecrypt(bomb, secret, { maxDecompressedLength: Infinity }).plaintext.length, 1 << 20);
    fails(() => encrypt({ alg: 'A128KW', enc: 'A128GCM', zip: 'GZIP' }, secret), ...notSupported('unsupported_alg'));
  });

  test('ECDH-ES apu and apv are written and enter the key derivation', () => {
    const { publicKey, privateKey } = generateKeyPair('ECDH-ES');
    const token = encrypt({ alg: 'ECDH-ES', enc: 'A128GCM' }, publicKey, PLAINTEXT, { apu: utf8('Alice'), apv: utf8('Bob') });
    const { protectedHeader } = compactDecrypt(token, privateKey);
    assert.deepEqual([protectedHeader.apu, protectedHeader.apv], [b64u('Alice'), b64u('Bob')]);
    // Another apv in the header (re-encoded, so the tag no longer matches either) is refused.
    const header = { ...protectedHeader, apv: b64u('Eve') };
    const forged = [b64u(JSON.stringify(header)), ...segments(token).slice(1)].join('.');
    fails(() => compactDecrypt(forged, privateKey), ...DECRYPTION_FAILED);
    fails(() => encrypt({ alg: 'A128KW', enc: 'A128GCM' }, generateSecret('A128KW'), PLAINTEXT, { apu: utf8('x') }), ...notSupported('unsupported'));
  });

  test('PBES2 p2c from setKeyManagementParameters; fewer than 1000 is refused', () => {
    const token = encrypt({ alg: PBES2[0], enc: 'A128GCM' }, 'pw', PLAINTEXT, { p2c: 2048 });
    assert.equal(decodeProtectedHeader(token).p2c, 2048);
    assert.deepEqual(compactDecrypt(token, 'pw', { keyManagementAlgorithms: PBES2 }).plaintext, PLAINTEXT);
    fails(() => encrypt({ alg: PBES2[0], enc: 'A128GCM' }, 'pw', PLAINTEXT, { p2c: 999 }), ...KEY_REJECTED);
    fails(() => encrypt({ alg: PBES2[0], enc: 'A128GCM' }, 'pw', PLAINTEXT, { p2s: new Uint8Array(16) }), ...notSupported('unsupported'));
  });

  test('EncryptJWT and jwtDecrypt: claims set, header, claim checks', () => {
    const secret = generateSecret('A256GCM');
    const token = new EncryptJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' })
      .setIssuer('urn:issuer').setSubject('user-1').setAudience('urn:aud').setJti('id-1')
      .setIssuedAt(NOW).setNotBefore(NOW).setExpirationTime(NOW + 600)
      .encrypt(secret);
    const expected = { scope: 'read', iss: 'urn:issuer', sub: 'user-1', aud: 'urn:aud', jti: 'id-1', iat: NOW, nbf: NOW, exp: NOW + 600 };
    const options = { currentDate: AT, issuer: 'urn:issuer', audience: 'urn:aud', subject: 'user-1', typ: 'JWT', requiredClaims: ['scope'] };
    assert.deepEqual(jwtDecrypt(token, secret, options), { payload: expected, protectedHeader: { alg: 'dir', enc: 'A256GCM', typ: 'JWT' } });

    const expired = fails(() => jwtDecrypt(token, secret, { ...options, currentDate: new Date((NOW + 601) * 1000) }), JWTExpired, {
      code: 'ERR_JWT_EXPIRED', tinyjoseCode: 'expired', claim: 'exp', reason: 'check_failed',
    });
    assert.deepEqual(expired.payload, expected);
    fails(() => jwtDecrypt(token, secret, { ...options, issuer: 'urn:other' }), JWTClaimValidationFailed, {
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', tinyjoseCode: 'issuer_mismatch', claim: 'iss', reason: 'check_failed', payload: expected,
    });
    fails(() => jwtDecrypt(token, secret, { ...options, typ: 'at+jwt' }), JWTClaimValidationFailed, { tinyjoseCode: 'type_mismatch', claim: 'typ' });
    fails(() => jwtDecrypt(token, secret, { ...options, requiredClaims: ['role'] }), JWTClaimValidationFailed, {
      tinyjoseCode: 'missing_claim', claim: 'role', reason: 'missing',
    });
    fails(() => jwtDecrypt(token, secret, { currentDate: AT }), JWTClaimValidationFailed, { tinyjoseCode: 'audience_mismatch', claim: 'aud' });
    // maxTokenAge as in jwtVerify: an age, never negative.
    assert.deepEqual(jwtDecrypt(token, secret, { ...options, maxTokenAge: 0 }).payload, expected);
    typeError(() => jwtDecrypt(token, secret, { ...options, maxTokenAge: -1 }), 'Invalid maxTokenAge option input');
    // A plaintext that is not a claims set.
    const notClaims = encrypt({ alg: 'dir', enc: 'A256GCM' }, secret, utf8('[1,2]'));
    fails(() => jwtDecrypt(notClaims, secret), JWTInvalid, { code: 'ERR_JWT_INVALID', tinyjoseCode: 'json' });
  });
});

describe('hostile tokens', () => {
  const secret = generateSecret('A256KW');
  const token = encrypt({ alg: 'A256KW', enc: 'A256GCM' }, secret);

  test('an altered tag, ciphertext, IV, encrypted key or header, or another key: ERR_JWE_DECRYPTION_FAILED', () => {
    for (const i of [1, 2, 3, 4]) fails(() => compactDecrypt(tamper(token, i), secret), ...DECRYPTION_FAILED);
    for (const enc of ['A128CBC-HS256', 'A256CBC-HS512']) {
      const cbc = encrypt({ alg: 'A256KW', enc }, secret);
      for (const i of [1, 2, 3, 4]) fails(() => compactDecrypt(tamper(cbc, i), secret), ...DECRYPTION_FAILED);
    }
    const header = b64u('{"alg":"A256KW","enc":"A256GCM","kid":"x"}');
    fails(() => compactDecrypt([header, ...segments(token).slice(1)].join('.'), secret), ...DECRYPTION_FAILED);
    fails(() => compactDecrypt(token, generateSecret('A256KW')), ...DECRYPTION_FAILED);
    const { publicKey } = generateKeyPair('ECDH-ES+A128KW');
    const other = generateKeyPair('ECDH-ES+A128KW');
    fails(() => compactDecrypt(encrypt({ alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, publicKey), other.privateKey), ...DECRYPTION_FAILED);
  });

  test('PBES2: refused unless allowed; p2c above maxPBES2Count refused before any derivation', () => {
    const pbes2 = encrypt({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }, 'pw');
    fails(() => compactDecrypt(pbes2, 'pw'), ...algNotAllowed('alg_not_allowed'));
    assert.deepEqual(compactDecrypt(pbes2, 'pw', { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }).plaintext, PLAINTEXT);
    fails(() => compactDecrypt(pbes2, 'pw', { keyManagementAlgorithms: ['PBES2-HS256+A128KW'], maxPBES2Count: 9_999 }), ...jweInvalid('limit_exceeded'));
    // Four billion iterations would take hours: the refusal comes first.
    const header = { alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2s: b64u(randomBytes(16)), p2c: 4_000_000_000 };
    const costly = [b64u(JSON.stringify(header)), b64u(randomBytes(40)), b64u(randomBytes(12)), b64u(randomBytes(8)), b64u(randomBytes(16))].join('.');
    const started = performance.now();
    for (const maxPBES2Count of [undefined, 10_000, 3_999_999_999]) {
      fails(() => compactDecrypt(costly, 'pw', { keyManagementAlgorithms: PBES2, maxPBES2Count }), ...jweInvalid('limit_exceeded'));
    }
    assert.ok(performance.now() - started < 1000);
    typeError(() => compactDecrypt(costly, 'pw', { maxPBES2Count: 0 }), 'maxPBES2Count must be a positive safe integer or Infinity');
    typeError(() => compactDecrypt(costly, 'pw', { maxPBES2Count: 1.5 }), 'maxPBES2Count must be a positive safe integer or Infinity');
  });

  test('alg and enc outside keyManagementAlgorithms and contentEncryptionAlgorithms', () => {
    fails(() => compactDecrypt(token, secret, { keyManagementAlgorithms: ['A128KW', 'dir'] }), ...algNotAllowed('alg_not_allowed'));
    fails(() => compactDecrypt(token, secret, { contentEncryptionAlgorithms: ['A128GCM', 'A256CBC-HS512'] }), ...algNotAllowed('unsupported_enc'));
    assert.deepEqual(compactDecrypt(token, secret, { keyManagementAlgorithms: ['A256KW'], contentEncryptionAlgorithms: ['A256GCM'] }).plaintext, PLAINTEXT);
    // An empty list allows nothing, as in jose.
    fails(() => compactDecrypt(token, secret, { keyManagementAlgorithms: [] }), ...worded(algNotAllowed('alg_not_allowed'), '"alg" (Algorithm) Header Parameter value not allowed'));
    fails(() => compactDecrypt(token, secret, { contentEncryptionAlgorithms: [] }), ...worded(algNotAllowed('unsupported_enc'), '"enc" (Encryption Algorithm) Header Parameter value not allowed'));
    // A JWK whose alg is another is refused before any work (jose: a TypeError); importJWK of it
    // gives its bytes, which serve any alg they fit, as in jose.
    fails(() => compactDecrypt(token, { kty: 'oct', k: b64u(secret), alg: 'A256GCMKW' }), ...algNotAllowed('alg_mismatch'));
    assert.deepEqual(compactDecrypt(token, importJWK({ kty: 'oct', k: b64u(secret) }, 'A256GCMKW')).plaintext, PLAINTEXT);
  });

  test('invalid ephemeral public keys: off the curve, another curve, small order', () => {
    const { privateKey } = generateKeyPair('ECDH-ES', { crv: 'P-256' });
    const x25519 = generateKeyPair('ECDH-ES', { crv: 'X25519' }).privateKey;
    const p384 = generateKeyPair('ECDH-ES').publicKey;
    const validEpk = decodeProtectedHeader(encrypt({ alg: 'ECDH-ES', enc: 'A128GCM' }, p384)).epk;
    /** A token whose content is encrypted (with a random CEK) under a header with this `epk`. */
    const withEpk = (epk) => {
      const header = b64u(JSON.stringify({ alg: 'ECDH-ES', enc: 'A128GCM', epk }));
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-128-gcm', randomBytes(16), iv).setAAD(Buffer.from(header));
      const ct = Buffer.concat([cipher.update(PLAINTEXT), cipher.final()]);
      return [header, '', b64u(iv), b64u(ct), b64u(cipher.getAuthTag())].join('.');
    };
    const y = Buffer.from(validEpk.y, 'base64url');
    y[31] ^= 1;
    const offCurve = { ...validEpk, y: b64u(y) };
    const cases = [
      [privateKey, offCurve],
      [privateKey, { kty: 'EC', crv: 'P-256', x: b64u(new Uint8Array(32)), y: b64u(new Uint8Array(32)) }],
      [privateKey, { kty: 'EC', crv: 'P-384', x: b64u(randomBytes(48)), y: b64u(randomBytes(48)) }],
      [privateKey, { kty: 'OKP', crv: 'X25519', x: b64u(randomBytes(32)) }],
      [x25519, { kty: 'OKP', crv: 'X25519', x: b64u(new Uint8Array(32)) }],
      [x25519, { kty: 'OKP', crv: 'X25519', x: b64u(Uint8Array.of(1, ...new Uint8Array(31))) }],
      [x25519, { kty: 'EC', crv: 'P-256', x: validEpk.x, y: validEpk.y }],
      [privateKey, validEpk],
    ];
    for (const [key, epk] of cases) fails(() => compactDecrypt(withEpk(epk), key), ...DECRYPTION_FAILED);
    assert.equal(cases.length, 8);
  });

  test('a JWS is not a JWE and a JWE is not a JWS', () => {
    const jws = new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    const jwe = new EncryptJWT({ sub: 'a' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(SECRET);
    fails(() => jwtDecrypt(jws, SECRET), ...jweInvalid('malformed'));
    fails(() => compactDecrypt(jws, SECRET), ...jweInvalid('malformed'));
    fails(() => jwtVerify(jwe, SECRET), JWSInvalid, { code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed' });
    assert.deepEqual(jwtDecrypt(jwe, SECRET).payload, { sub: 'a' });
  });

  test('malformed tokens: segments, base64url, header JSON, unknown alg or enc, crit', () => {
    const parts = segments(token);
    const withHeader = (h) => [b64u(h), ...parts.slice(1)].join('.');
    fails(() => compactDecrypt(parts.slice(0, 4).join('.'), secret), ...jweInvalid('malformed'));
    fails(() => compactDecrypt(`${token}.`, secret), ...jweInvalid('malformed'));
    // An encrypted key that is not base64url does not decrypt, as in jose (which reads it as empty).
    fails(() => compactDecrypt(`${parts[0]}.${parts[1]}!.${parts.slice(2).join('.')}`, secret), JWEDecryptionFailed, { code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'base64' });
    fails(() => compactDecrypt(`${parts.slice(0, 2).join('.')}.${parts[2]}!.${parts.slice(3).join('.')}`, secret), ...worded(jweInvalid('base64'), 'Failed to base64url decode the iv'));
    fails(() => compactDecrypt(withHeader('{"alg":"A256KW","enc":"A256GCM"'), secret), ...jweInvalid('json'));
    fails(() => compactDecrypt(withHeader('{"alg":"A256KW","alg":"A256KW","enc":"A256GCM"}'), secret), ...jweInvalid('duplicate_member'));
    // An enc tinyjose does not know, outside the caller's list: not allowed, as jose checks the list first.
    fails(() => compactDecrypt(withHeader('{"alg":"A256KW","enc":"A512GCM"}'), secret, { contentEncryptionAlgorithms: ['A256GCM'] }), ...algNotAllowed('unsupported_enc'));
    fails(() => compactDecrypt(withHeader('{"alg":"A256KW","enc":"A512GCM"}'), secret), ...notSupported('unsupported_enc'));
    fails(() => compactDecrypt(withHeader('{"alg":"dir","enc":"A256GCM","crit":["exp"],"exp":1}'), secret), ...notSupported('unsupported_crit'));
    fails(() => compactDecrypt(withHeader('{"alg":"RSA1_5","enc":"A256GCM"}'), secret), ...notSupported('alg_rsa1_5'));
    fails(() => compactDecrypt(withHeader('{"alg":"A256KW","enc":"A256GCM","zip":"GZ"}'), secret), ...notSupported('unsupported_alg'));
    fails(() => compactDecrypt(42, secret), ...worded(jweInvalid('malformed'), 'Compact JWE must be a string or Uint8Array'));
    assert.deepEqual(compactDecrypt(utf8(token), secret).plaintext, PLAINTEXT);
  });

  test('RSA1_5 is refused everywhere: not supported, as jose says; a token or header naming it has the core\'s own code', () => {
    // importJWK and generateKeyPair do not know it, with jose's words.
    fails(() => importJWK(RSA.priv, 'RSA1_5'), ...UNSUPPORTED_JWK_ALG);
    fails(() => importJWK({ ...RSA.priv, alg: 'RSA1_5' }), ...UNSUPPORTED_JWK_ALG);
    fails(() => generateKeyPair('RSA1_5'), ...UNSUPPORTED_ALG_ARGUMENT);
    const message = 'Invalid or unsupported "alg" (JWE Algorithm) header value';
    const refused = { code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'alg_rsa1_5', message };
    fails(() => encrypt({ alg: 'RSA1_5', enc: 'A128GCM' }, RSA.pub), JOSENotSupported, refused);
    fails(() => encrypt({ alg: 'RSA1_5', enc: 'A128GCM' }, importJWK(RSA.pub, 'RSA-OAEP')), JOSENotSupported, refused);
    fails(() => encrypt({ alg: 'RSA1_5', enc: 'A128GCM' }, new Uint8Array(16)), JOSENotSupported, refused);
    // A token that says RSA1_5 is refused by the core before any key is looked at, even when the
    // caller lists it.
    const token = `${b64u('{"alg":"RSA1_5","enc":"A128GCM"}')}.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`;
    fails(() => compactDecrypt(token, RSA.priv), JOSENotSupported, refused);
    fails(() => compactDecrypt(token, RSA.priv, { keyManagementAlgorithms: ['RSA1_5'] }), JOSENotSupported, refused);
  });
});

describe('JWE keys', () => {
  test('importJWK of oct, EC, OKP and RSA JWKs for JWE algorithms; a JWK given as the key is held to its alg and use', () => {
    const bytes = new Uint8Array(16).fill(7);
    const k = b64u(bytes);
    // An oct JWK gives the bytes of its k, as in jose, whatever its alg, use or key_ops and the
    // alg argument; the bytes serve each algorithm they fit.
    for (const [jwk, alg] of [
      [{ kty: 'oct', k, kid: 'w' }, 'A128KW'], [{ kty: 'oct', k, kid: 'w' }, 'A128GCMKW'], [{ kty: 'oct', k, alg: 'A128GCM' }],
      [{ kty: 'oct', k, alg: 'dir' }], [{ kty: 'oct', k, alg: 'A128KW' }, 'A128GCMKW'], [{ kty: 'oct', k, use: 'sig' }, 'A128KW'],
      [{ kty: 'oct', k }, 'A256KW'],
    ]) {
      assert.deepEqual(importJWK(jwk, alg), bytes, JSON.stringify(jwk));
    }
    assert.deepEqual(importJWK({ kty: 'oct', k: b64u('pw') }, 'PBES2-HS256+A128KW'), utf8('pw'));
    for (const alg of ['A128KW', 'A128GCMKW']) {
      const secret = importJWK({ kty: 'oct', k, alg: 'A128KW' }, alg);
      assert.deepEqual(compactDecrypt(encrypt({ alg, enc: 'A128GCM' }, secret), secret).plaintext, PLAINTEXT, alg);
    }
    assert.deepEqual(compactDecrypt(encrypt({ alg: 'dir', enc: 'A128GCM' }, importJWK({ kty: 'oct', k, alg: 'dir' })), bytes).plaintext, PLAINTEXT);
    // Bytes of a length the algorithm does not take are refused when used (jose: a TypeError).
    fails(() => encrypt({ alg: 'A256KW', enc: 'A128GCM' }, importJWK({ kty: 'oct', k }, 'A256KW')), ...KEY_REJECTED);
    // A JWK given as the key itself is held to its alg, use and key_ops (jose: a TypeError), a
    // password JWK as any other.
    fails(() => encrypt({ alg: 'A128GCMKW', enc: 'A128GCM' }, { kty: 'oct', k, alg: 'A128KW' }), ...algNotAllowed('alg_mismatch'));
    fails(() => encrypt({ alg: 'A128KW', enc: 'A128GCM' }, { kty: 'oct', k, use: 'sig' }), ...KEY_REJECTED);
    fails(() => encrypt({ alg: 'A256KW', enc: 'A128GCM' }, { kty: 'oct', k }), ...KEY_REJECTED);
    const pbes2 = { alg: 'PBES2-HS512+A256KW', enc: 'A128GCM' };
    fails(() => encrypt(pbes2, { kty: 'oct', k: b64u('pw'), alg: 'PBES2-HS256+A128KW' }), ...algNotAllowed('alg_mismatch'));
    fails(() => encrypt(pbes2, { kty: 'oct', k: b64u('pw'), use: 'sig' }), ...KEY_REJECTED);
    fails(() => encrypt(pbes2, { kty: 'oct', k: b64u('pw'), key_ops: ['sign'] }), ...KEY_REJECTED);
    assert.deepEqual(compactDecrypt(encrypt(pbes2, { kty: 'oct', k: b64u('pw') }), 'pw', { keyManagementAlgorithms: [pbes2.alg] }).plaintext, PLAINTEXT);
    // An EC key is no password.
    fails(() => importJWK({ kty: 'EC', crv: 'P-256', x: k, y: k }, 'PBES2-HS256+A128KW'), ...UNSUPPORTED_JWK_ALG);

    const rsa = importJWK(RSA.priv, 'RSA-OAEP-256');
    assert.deepEqual([rsa.alg, rsa.canDecrypt, rsa.isSecret], ['RSA-OAEP-256', true, false]);
    assert.equal(importJWK({ ...RSA.pub, alg: 'RSA-OAEP' }).canDecrypt, false);
    const pkcs8 = importPKCS8(RSA.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'RSA-OAEP');
    const spki = importSPKI(createPublicKey(RSA.privateKey).export({ type: 'spki', format: 'pem' }), 'RSA-OAEP');
    assert.deepEqual([pkcs8.canDecrypt, spki.canDecrypt], [true, false]);
    fails(() => importSPKI(createPublicKey(RSA.privateKey).export({ type: 'spki', format: 'pem' }), 'A128KW'), ...UNSUPPORTED_ALG_ARGUMENT);
    assert.deepEqual(compactDecrypt(encrypt({ alg: 'RSA-OAEP', enc: 'A128GCM' }, spki), pkcs8).plaintext, PLAINTEXT);
    const short = keyPair('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    fails(() => importJWK(short, 'RSA-OAEP'), JWKInvalid, {
      message: 'the RSA key has 1024 bits: tinyjose accepts 2048 to 4096 (RFC 7518 §3.3 requires at least 2048)',
    });
  });

  test('importSPKI and importPKCS8 for ECDH-ES on P-256, P-384 and X25519', () => {
    const made = [
      ['P-256', keyPair('ec', { namedCurve: 'P-256' })],
      ['P-384', keyPair('ec', { namedCurve: 'P-384' })],
      ['X25519', keyPair('x25519')],
    ];
    for (const [crv, pair] of made) {
      const pkcs8 = importPKCS8(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), 'ECDH-ES+A128KW');
      const spki = importSPKI(pair.publicKey.export({ type: 'spki', format: 'pem' }), 'ECDH-ES+A128KW');
      assert.deepEqual([pkcs8.alg, pkcs8.canDecrypt, spki.canDecrypt], ['ECDH-ES+A128KW', true, false], crv);
      const token = encrypt({ alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, spki);
      assert.deepEqual(compactDecrypt(token, pkcs8).plaintext, PLAINTEXT, crv);
      assert.equal(exportJWK(spki).crv, crv);
      // Its private JWK is the key node:crypto made: re-imported, it decrypts.
      const jwk = exportJWK(pkcs8);
      assert.deepEqual(jwk, { ...pair.privateKey.export({ format: 'jwk' }) }, crv);
      assert.deepEqual(compactDecrypt(token, importJWK(jwk, 'ECDH-ES+A128KW')).plaintext, PLAINTEXT, crv);
    }
    fails(() => importSPKI(keyPair('ed25519').publicKey.export({ type: 'spki', format: 'pem' }), 'ECDH-ES'), ...KEY_REJECTED);
  });

  test('generateKeyPair for ECDH-ES and RSA-OAEP; exportJWK and re-import', () => {
    for (const crv of ['P-256', 'P-384', 'X25519']) {
      const { publicKey, privateKey } = generateKeyPair('ECDH-ES+A256KW', { crv });
      assert.deepEqual([publicKey.alg, publicKey.canDecrypt, privateKey.canDecrypt], ['ECDH-ES+A256KW', false, true]);
      const priv = exportJWK(privateKey);
      const pub = exportJWK(publicKey);
      assert.deepEqual(Object.keys(priv).sort(), crv === 'X25519' ? ['crv', 'd', 'kty', 'x'] : ['crv', 'd', 'kty', 'x', 'y']);
      const { d, ...rest } = priv;
      assert.deepEqual(pub, rest);
      const token = encrypt({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' }, pub);
      assert.deepEqual(compactDecrypt(token, priv).plaintext, PLAINTEXT);
      const again = importJWK(priv, 'ECDH-ES+A256KW');
      assert.deepEqual(exportJWK(again), priv);
      assert.deepEqual(compactDecrypt(token, again).plaintext, PLAINTEXT);
    }
    assert.equal(generateKeyPair('ECDH-ES').privateKey.alg, 'ECDH-ES');
    assert.equal(exportJWK(generateKeyPair('ECDH-ES').publicKey).crv, 'P-256');
    fails(() => generateKeyPair('ECDH-ES', { crv: 'P-521' }), JOSENotSupported, { tinyjoseCode: 'unsupported' });
    fails(() => generateKeyPair('RSA-OAEP', { modulusLength: 1024 }), JOSENotSupported, { tinyjoseCode: 'unsupported' });
    // An oct JWK imports as its bytes, which export as the JWK, as in jose.
    assert.deepEqual(exportJWK(importJWK({ kty: 'oct', k: b64u(new Uint8Array(16)), alg: 'A128KW', kid: 'w' })), { kty: 'oct', k: b64u(new Uint8Array(16)) });
  });

  test('what a decryption key may be: a key, a JWK, a secret, a password, a key function', async () => {
    const { publicKey, privateKey } = generateKeyPair('ECDH-ES');
    const token = encrypt({ alg: 'ECDH-ES', enc: 'A128GCM', kid: 'me' }, publicKey);
    const seen = [];
    const resolver = (header, parts) => {
      seen.push([header, parts]);
      return privateKey;
    };
    // A key function is called as jose calls it, with the protected header and the token's
    // segments (an empty one absent); the result carries the key it gave.
    const direct = compactDecrypt(token, resolver);
    assert.deepEqual(direct, { plaintext: PLAINTEXT, protectedHeader: decodeProtectedHeader(token), key: privateKey });
    const [h, , iv, ciphertext, tag] = segments(token);
    assert.deepEqual(seen, [[decodeProtectedHeader(token), { ciphertext, iv, protected: h, tag, encrypted_key: undefined }]]);
    assert.equal(seen[0][0].kid, 'me');
    // A key function that returns a Promise makes the call return a Promise, as in jose.
    const pending = compactDecrypt(token, async () => privateKey);
    assert.ok(pending instanceof Promise);
    assert.deepEqual(await pending, direct);
    await assert.rejects(compactDecrypt(token, async () => generateKeyPair('ECDH-ES').privateKey), { name: 'JWEDecryptionFailed', ...DECRYPTION_FAILED[1] });
    fails(() => compactDecrypt(token, publicKey), ...KEY_REJECTED);
    const jws = generateKeyPair('ES256').privateKey;
    typeError(() => compactDecrypt(token, jws), 'a ES256 key is for JWS: import the key for ECDH-ES');
    typeError(() => compactDecrypt(token, 42), 'key must be a JWE key (importJWK, generateKeyPair), a JWK, a Uint8Array secret, or a password string for PBES2');
    // A string is a password for PBES2 only.
    const dir = encrypt({ alg: 'dir', enc: 'A128GCM' }, new Uint8Array(16));
    typeError(() => compactDecrypt(dir, 'password'), 'key must be a JWE key (importJWK, generateKeyPair), a JWK, a Uint8Array secret, or a password string for PBES2');
  });

  test('a JWK object changed in place is read again: a rotated-out key no longer decrypts', () => {
    const [oldSecret, newSecret] = [generateSecret('A256KW'), generateSecret('A256KW')];
    const jwk = { kty: 'oct', k: b64u(oldSecret), alg: 'A256KW' };
    const header = { alg: 'A256KW', enc: 'A256GCM' };
    const oldToken = encrypt(header, oldSecret);
    const oldJwt = new EncryptJWT({ sub: 'a' }).setProtectedHeader(header).encrypt(oldSecret);
    assert.deepEqual(compactDecrypt(oldToken, jwk).plaintext, PLAINTEXT);
    assert.deepEqual(jwtDecrypt(oldJwt, jwk).payload, { sub: 'a' });
    // The caller rotates the secret in the very object it passes.
    jwk.k = b64u(newSecret);
    fails(() => compactDecrypt(oldToken, jwk), ...DECRYPTION_FAILED);
    fails(() => jwtDecrypt(oldJwt, jwk), ...DECRYPTION_FAILED);
    fails(() => compactDecrypt(oldToken, () => jwk), ...DECRYPTION_FAILED);
    assert.deepEqual(compactDecrypt(encrypt(header, newSecret), jwk).plaintext, PLAINTEXT);
    // Encryption with the JWK object uses the new secret too.
    assert.deepEqual(compactDecrypt(encrypt(header, jwk), newSecret).plaintext, PLAINTEXT);
    // A JWK made unusable in place is refused as it would be the first time.
    jwk.use = 'sig';
    fails(() => compactDecrypt(oldToken, jwk), ...KEY_REJECTED);
    assert.equal(Object.isFrozen(jwk), false);
  });

  test('encrypt arguments and header', () => {
    const secret = generateSecret('A128KW');
    fails(() => new CompactEncrypt(PLAINTEXT).encrypt(secret), JWEInvalid, { tinyjoseCode: 'malformed' });
    fails(() => encrypt({ enc: 'A128GCM' }, secret), JWEInvalid, { message: 'JWE "alg" (Algorithm) Header Parameter missing or invalid' });
    fails(() => encrypt({ alg: 'A128KW' }, secret), JWEInvalid, { message: 'JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid' });
    fails(() => encrypt({ alg: 'A128KW', enc: 'A128GCM', x5u: 'https://x' }, secret), ...notSupported('unsupported'));
    fails(() => encrypt({ alg: 'A128KW', enc: 'A512GCM' }, secret), ...notSupported('unsupported_enc'));
    // A JWK whose alg is another is refused (jose: a TypeError); its bytes serve any alg they fit.
    fails(() => encrypt({ alg: 'A128KW', enc: 'A128GCM' }, { kty: 'oct', k: b64u(secret), alg: 'A128GCMKW' }), ...algNotAllowed('alg_mismatch'));
    assert.equal(typeof encrypt({ alg: 'A128KW', enc: 'A128GCM' }, importJWK({ kty: 'oct', k: b64u(secret) }, 'A128GCMKW')), 'string');
    typeError(() => new CompactEncrypt('text'), 'plaintext must be an instance of Uint8Array');
    typeError(() => new CompactEncrypt(PLAINTEXT).setProtectedHeader({}).setProtectedHeader({}), 'setProtectedHeader can only be called once');
    typeError(() => new EncryptJWT({}).setKeyManagementParameters(null), 'JWE Key Management Parameters must be an object');
    // The result is a string, and awaiting it works as with jose.
    assert.equal(typeof encrypt({ alg: 'A128KW', enc: 'A128GCM' }, secret), 'string');
  });
});
