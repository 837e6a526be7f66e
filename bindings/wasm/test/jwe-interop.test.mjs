// JWE interop with the `jose` package, both ways, for every alg/enc pair both support: jose
// encrypts and tinyjose decrypts, tinyjose encrypts and jose decrypts. Keys are made by jose and
// handed to tinyjose as JWKs (secrets as bytes). Then compression, ECDH-ES party information,
// PBES2 counts, and encrypted JWTs with their claim checks.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as jose from 'jose';

import * as tinyjose from 'tinyjose';

import { utf8 } from './node-helpers.mjs';

const ENCS = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
const PBES2 = ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'];
const CEK_BYTES = { A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64 };

/**
 * One key setup per alg (and curve): what jose and tinyjose encrypt with and decrypt with.
 * `dir` keys depend on the enc, so they are made per pair.
 */
async function keySetups() {
  const setups = [];
  for (const alg of ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW']) {
    const secret = randomBytes(Number(alg.slice(1, 4)) / 8);
    const bytes = new Uint8Array(secret);
    setups.push({ alg, name: alg, jose: { enc: bytes, dec: bytes }, tiny: { enc: bytes, dec: bytes } });
  }
  for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']) {
    for (const crv of ['P-256', 'P-384', 'X25519']) {
      const { publicKey, privateKey } = await jose.generateKeyPair(alg, { crv, extractable: true });
      const pub = await jose.exportJWK(publicKey);
      const priv = await jose.exportJWK(privateKey);
      setups.push({
        alg, name: `${alg} ${crv}`,
        jose: { enc: publicKey, dec: privateKey },
        tiny: { enc: tinyjose.importJWK(pub, alg), dec: tinyjose.importJWK(priv, alg) },
      });
    }
  }
  for (const alg of PBES2) {
    const password = utf8('a long enough password for PBES2');
    setups.push({ alg, name: alg, jose: { enc: password, dec: password }, tiny: { enc: password, dec: password } });
  }
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256']) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { modulusLength: 2048, extractable: true });
    setups.push({
      alg, name: alg,
      jose: { enc: publicKey, dec: privateKey },
      tiny: { enc: tinyjose.importJWK(await jose.exportJWK(publicKey), alg), dec: tinyjose.importJWK(await jose.exportJWK(privateKey), alg) },
    });
  }
  return setups;
}

const decryptOptions = (alg) => (alg.startsWith('PBES2') ? { keyManagementAlgorithms: [alg] } : undefined);

describe('JWE interop with jose', () => {
  let setups;
  const plaintext = utf8('Live long and prosper. ').slice();

  before(async () => {
    setups = await keySetups();
  });

  test('every alg/enc pair, both ways', async () => {
    const pairs = [];
    const dirSetups = ENCS.map((enc) => {
      const secret = new Uint8Array(randomBytes(CEK_BYTES[enc]));
      return { alg: 'dir', name: `dir ${enc}`, only: enc, jose: { enc: secret, dec: secret }, tiny: { enc: secret, dec: secret } };
    });
    for (const setup of [...dirSetups, ...setups]) {
      for (const enc of ENCS) {
        if (setup.only && setup.only !== enc) continue;
        const { alg } = setup;
        const header = { alg, enc, kid: 'k' };
        // jose encrypts, tinyjose decrypts.
        const byJose = await new jose.CompactEncrypt(plaintext).setProtectedHeader(header).encrypt(setup.jose.enc);
        const opened = tinyjose.compactDecrypt(byJose, setup.tiny.dec, decryptOptions(alg));
        assert.deepEqual(opened.plaintext, plaintext, `jose → tinyjose ${setup.name} ${enc}`);
        assert.deepEqual(opened.protectedHeader, jose.decodeProtectedHeader(byJose));
        // tinyjose encrypts, jose decrypts.
        const byTiny = new tinyjose.CompactEncrypt(plaintext).setProtectedHeader(header).encrypt(setup.tiny.enc);
        const result = await jose.compactDecrypt(byTiny, setup.jose.dec, decryptOptions(alg));
        assert.deepEqual(new Uint8Array(result.plaintext), plaintext, `tinyjose → jose ${setup.name} ${enc}`);
        assert.deepEqual(result.protectedHeader, tinyjose.decodeProtectedHeader(byTiny));
        pairs.push(`${setup.name} ${enc}`);
      }
    }
    // dir: 6; A*KW, A*GCMKW: 6 × 6; ECDH-ES (4 algs × 3 curves): 12 × 6; PBES2: 3 × 6; RSA-OAEP: 2 × 6.
    assert.equal(pairs.length, 6 + 36 + 72 + 18 + 12);
    assert.equal(new Set(pairs).size, 144);
  });

  test('zip: DEF both ways', async () => {
    const text = utf8(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: 'item' })) }));
    for (const setup of setups.filter((s) => ['A256KW', 'ECDH-ES+A256KW'].includes(s.alg))) {
      for (const enc of ['A256GCM', 'A128CBC-HS256']) {
        const header = { alg: setup.alg, enc, zip: 'DEF' };
        const byJose = await new jose.CompactEncrypt(text).setProtectedHeader(header).encrypt(setup.jose.enc);
        assert.deepEqual(tinyjose.compactDecrypt(byJose, setup.tiny.dec).plaintext, text);
        const byTiny = new tinyjose.CompactEncrypt(text).setProtectedHeader(header).encrypt(setup.tiny.enc);
        assert.ok(byTiny.length < text.length / 4);
        assert.deepEqual(new Uint8Array((await jose.compactDecrypt(byTiny, setup.jose.dec)).plaintext), text);
      }
    }
  });

  test('ECDH-ES apu/apv both ways; PBES2 counts both ways', async () => {
    const setup = setups.find((s) => s.name === 'ECDH-ES P-256');
    const parameters = { apu: utf8('Alice'), apv: utf8('Bob') };
    const header = { alg: 'ECDH-ES', enc: 'A256GCM' };
    const byJose = await new jose.CompactEncrypt(plaintext).setProtectedHeader(header).setKeyManagementParameters(parameters).encrypt(setup.jose.enc);
    assert.deepEqual(tinyjose.compactDecrypt(byJose, setup.tiny.dec).plaintext, plaintext);
    const byTiny = new tinyjose.CompactEncrypt(plaintext).setProtectedHeader(header).setKeyManagementParameters(parameters).encrypt(setup.tiny.enc);
    const { protectedHeader } = await jose.compactDecrypt(byTiny, setup.jose.dec);
    assert.deepEqual([protectedHeader.apu, protectedHeader.apv], ['QWxpY2U', 'Qm9i']);

    const password = utf8('pw');
    const pbes2 = { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' };
    const joseDefault = await new jose.CompactEncrypt(plaintext).setProtectedHeader(pbes2).encrypt(password);
    assert.equal(jose.decodeProtectedHeader(joseDefault).p2c, 2048);
    assert.deepEqual(tinyjose.compactDecrypt(joseDefault, password, { keyManagementAlgorithms: PBES2 }).plaintext, plaintext);
    const tinyDefault = new tinyjose.CompactEncrypt(plaintext).setProtectedHeader(pbes2).encrypt(password);
    assert.equal(jose.decodeProtectedHeader(tinyDefault).p2c, 10_000);
    await assert.rejects(jose.compactDecrypt(tinyDefault, password, { keyManagementAlgorithms: PBES2, maxPBES2Count: 9_999 }), { code: 'ERR_JWE_INVALID' });
    const joseHigh = await new jose.CompactEncrypt(plaintext).setProtectedHeader(pbes2).setKeyManagementParameters({ p2c: 10_001 }).encrypt(password);
    assert.throws(() => tinyjose.compactDecrypt(joseHigh, password, { keyManagementAlgorithms: PBES2 }), { code: 'ERR_JWE_INVALID', tinyjoseCode: 'limit_exceeded' });
    await assert.rejects(jose.compactDecrypt(joseHigh, password, { keyManagementAlgorithms: PBES2 }), { code: 'ERR_JWE_INVALID' });
    // Both refuse PBES2 unless it is listed.
    assert.throws(() => tinyjose.compactDecrypt(joseDefault, password), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    await assert.rejects(jose.compactDecrypt(tinyDefault, password), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  test('encrypted JWTs both ways, with the same claim verdicts', async () => {
    const setup = setups.find((s) => s.name === 'ECDH-ES+A128KW X25519');
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: setup.alg, enc: 'A128CBC-HS256', typ: 'JWT' };
    const byJose = await new jose.EncryptJWT({ role: 'admin' }).setProtectedHeader(header)
      .setIssuer('urn:a').setAudience('urn:b').setIssuedAt(now).setExpirationTime(now + 60).encrypt(setup.jose.enc);
    const byTiny = new tinyjose.EncryptJWT({ role: 'admin' }).setProtectedHeader(header)
      .setIssuer('urn:a').setAudience('urn:b').setIssuedAt(now).setExpirationTime(now + 60).encrypt(setup.tiny.enc);
    const claims = { role: 'admin', iss: 'urn:a', aud: 'urn:b', iat: now, exp: now + 60 };
    for (const token of [byJose, byTiny]) {
      const options = { issuer: 'urn:a', audience: 'urn:b', typ: 'JWT' };
      assert.deepEqual(tinyjose.jwtDecrypt(token, setup.tiny.dec, options).payload, claims);
      assert.deepEqual((await jose.jwtDecrypt(token, setup.jose.dec, options)).payload, claims);
      const late = { ...options, currentDate: new Date((now + 120) * 1000) };
      assert.throws(() => tinyjose.jwtDecrypt(token, setup.tiny.dec, late), { code: 'ERR_JWT_EXPIRED', claim: 'exp' });
      await assert.rejects(jose.jwtDecrypt(token, setup.jose.dec, late), { code: 'ERR_JWT_EXPIRED', claim: 'exp' });
      const wrongIssuer = { ...options, issuer: 'urn:x' };
      assert.throws(() => tinyjose.jwtDecrypt(token, setup.tiny.dec, wrongIssuer), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
      await assert.rejects(jose.jwtDecrypt(token, setup.jose.dec, wrongIssuer), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
    }
    // jose replicates claims into the header; a header claim that differs is refused by both.
    const replicated = await new jose.EncryptJWT({ sub: 'alice' }).setProtectedHeader({ ...header, sub: 'mallory' }).encrypt(setup.jose.enc);
    const mismatch = { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'sub', reason: 'mismatch', message: 'replicated "sub" claim header parameter mismatch' };
    assert.throws(() => tinyjose.jwtDecrypt(replicated, setup.tiny.dec), mismatch);
    await assert.rejects(jose.jwtDecrypt(replicated, setup.jose.dec), mismatch);
    const matching = await new jose.EncryptJWT({ sub: 'alice' }).setProtectedHeader(header).replicateSubjectAsHeader().encrypt(setup.jose.enc);
    assert.deepEqual(tinyjose.jwtDecrypt(matching, setup.tiny.dec).protectedHeader, { ...header, sub: 'alice', epk: jose.decodeProtectedHeader(matching).epk });
  });

  test('the errors of altered tokens are jose\'s', async () => {
    const setup = setups.find((s) => s.alg === 'A256GCMKW');
    const token = await new jose.CompactEncrypt(plaintext).setProtectedHeader({ alg: 'A256GCMKW', enc: 'A256GCM' }).encrypt(setup.jose.enc);
    const parts = token.split('.');
    const tag = parts[4];
    parts[4] = `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    const tampered = parts.join('.');
    const failed = { code: 'ERR_JWE_DECRYPTION_FAILED', message: 'decryption operation failed' };
    assert.throws(() => tinyjose.compactDecrypt(tampered, setup.tiny.dec), failed);
    await assert.rejects(jose.compactDecrypt(tampered, setup.jose.dec), failed);
    const notAllowed = { code: 'ERR_JOSE_ALG_NOT_ALLOWED' };
    assert.throws(() => tinyjose.compactDecrypt(token, setup.tiny.dec, { contentEncryptionAlgorithms: ['A128GCM'] }), notAllowed);
    await assert.rejects(jose.compactDecrypt(token, setup.jose.dec, { contentEncryptionAlgorithms: ['A128GCM'] }), notAllowed);
    const jws = await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    assert.throws(() => tinyjose.jwtDecrypt(jws, setup.tiny.dec), { code: 'ERR_JWE_INVALID' });
    await assert.rejects(jose.jwtDecrypt(jws, setup.jose.dec), { code: 'ERR_JWE_INVALID' });
    assert.throws(() => tinyjose.jwtVerify(token, new Uint8Array(32)), { code: 'ERR_JWS_INVALID' });
    await assert.rejects(jose.jwtVerify(token, new Uint8Array(32)), { code: 'ERR_JWS_INVALID' });
  });
});
