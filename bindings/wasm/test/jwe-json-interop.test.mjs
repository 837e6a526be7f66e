// The JWE JSON serializations (flattenedDecrypt, generalDecrypt, FlattenedEncrypt,
// GeneralEncrypt) against the `jose` package, both ways: every key management algorithm both
// support, recipients of different algorithms, aad and the three headers; the same refusals of
// hostile inputs, with exact classes and codes. Every interop case is counted per function, and
// the totals checked.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import * as jose from 'jose';
import * as tj from 'tinyjose';

import { fails } from './node-helpers.mjs';

const { JOSEAlgNotAllowed, JOSENotSupported, JWEDecryptionFailed, JWEInvalid } = tj;

const encode = (text) => new TextEncoder().encode(text);
const PBES2 = ['PBES2-HS256+A128KW'];
const OPTIONS = { keyManagementAlgorithms: [...PBES2, 'dir', 'A128KW', 'A256KW', 'A192GCMKW', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW', 'RSA-OAEP', 'RSA-OAEP-256'] };
const SECRET_SIZES = { dir: 32, A128KW: 16, A256KW: 32, A192GCMKW: 24 };
/** Each algorithm with an `enc` for it (`dir` needs the size of its key). */
const CASES = [
  ['dir', 'A256GCM'], ['A128KW', 'A128CBC-HS256'], ['A256KW', 'A256GCM'], ['A192GCMKW', 'A192GCM'],
  ['ECDH-ES', 'A128GCM', { crv: 'X25519' }], ['ECDH-ES+A128KW', 'A256CBC-HS512', { crv: 'P-256' }],
  ['ECDH-ES+A256KW', 'A256GCM', { crv: 'P-384' }], ['RSA-OAEP', 'A128GCM'], ['RSA-OAEP-256', 'A256CBC-HS512'],
  ['PBES2-HS256+A128KW', 'A128GCM'],
];

const counts = { flattenedDecrypt: 0, generalDecrypt: 0, FlattenedEncrypt: 0, GeneralEncrypt: 0 };

/** Keys for `alg` in both libraries: jose's and what tinyjose takes (a JWK with alg, a secret, a password). */
async function keysFor(alg, options) {
  if (alg in SECRET_SIZES) {
    const secret = crypto.getRandomValues(new Uint8Array(SECRET_SIZES[alg]));
    return { joseEncrypt: secret, joseDecrypt: secret, tjEncrypt: secret, tjDecrypt: secret };
  }
  if (alg.startsWith('PBES2')) return { joseEncrypt: encode('a password'), joseDecrypt: encode('a password'), tjEncrypt: 'a password', tjDecrypt: 'a password' };
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { ...options, extractable: true });
  return {
    joseEncrypt: publicKey,
    joseDecrypt: privateKey,
    tjEncrypt: { ...(await jose.exportJWK(publicKey)), alg },
    tjDecrypt: { ...(await jose.exportJWK(privateKey)), alg },
  };
}

const keys = Object.fromEntries(await Promise.all(CASES.map(async ([alg, , options]) => [alg, await keysFor(alg, options)])));

after(() => {
  console.log(`# JWE JSON interop cases with jose: ${JSON.stringify(counts)}`);
  assert.deepEqual(counts, {
    flattenedDecrypt: CASES.length + 1,
    generalDecrypt: 2 * 3 + 1,
    FlattenedEncrypt: CASES.length,
    GeneralEncrypt: 2 * 3,
  });
});

/** Pairs of recipients of different algorithms for the general form. */
const PAIRS = [['A128KW', 'ECDH-ES+A256KW', 'A256GCM'], ['RSA-OAEP-256', 'A192GCMKW', 'A128CBC-HS256'], ['PBES2-HS256+A128KW', 'ECDH-ES+A128KW', 'A256CBC-HS512']];

describe('jose encrypts, tinyjose decrypts', () => {
  test('flattened: every algorithm, with aad and the three headers', async () => {
    for (const [alg, enc] of CASES) {
      const k = keys[alg];
      const jwe = await new jose.FlattenedEncrypt(encode(`to ${alg}`))
        .setProtectedHeader({ alg, enc }).setSharedUnprotectedHeader({ cty: 'text/plain' }).setUnprotectedHeader({ kid: alg })
        .setAdditionalAuthenticatedData(encode('aad')).encrypt(k.joseEncrypt);
      const result = tj.flattenedDecrypt(jwe, k.tjDecrypt, OPTIONS);
      const expected = await jose.flattenedDecrypt(jwe, k.joseDecrypt, OPTIONS);
      assert.deepEqual(result.plaintext, encode(`to ${alg}`));
      assert.deepEqual(result, expected);
      counts.flattenedDecrypt++;
    }
  });

  test('general: two recipients of different algorithms, each key opens its own', async () => {
    for (const [a, b, enc] of PAIRS) {
      const jwe = await new jose.GeneralEncrypt(encode(`${a} and ${b}`))
        .setProtectedHeader({ enc }).setAdditionalAuthenticatedData(encode('v1'))
        .addRecipient(keys[a].joseEncrypt).setUnprotectedHeader({ alg: a, kid: 'a' })
        .addRecipient(keys[b].joseEncrypt).setUnprotectedHeader({ alg: b, kid: 'b' })
        .encrypt();
      for (const [alg, kid] of [[a, 'a'], [b, 'b']]) {
        const result = tj.generalDecrypt(jwe, keys[alg].tjDecrypt, OPTIONS);
        assert.deepEqual(result.plaintext, encode(`${a} and ${b}`));
        assert.equal(result.unprotectedHeader.kid, kid);
        assert.deepEqual(result, await jose.generalDecrypt(jwe, keys[alg].joseDecrypt, OPTIONS));
        counts.generalDecrypt++;
      }
    }
  });

  test('a key function gets the protected header and the recipient\'s members', async () => {
    const jwe = await new jose.FlattenedEncrypt(encode('f')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM' }).setUnprotectedHeader({ kid: 'k1' }).encrypt(keys.A128KW.joseEncrypt);
    const seen = [];
    tj.flattenedDecrypt(jwe, (protectedHeader, recipient) => {
      seen.push([protectedHeader, recipient.header]);
      return keys.A128KW.tjDecrypt;
    });
    assert.deepEqual(seen, [[{ alg: 'A128KW', enc: 'A128GCM' }, { kid: 'k1' }]]);
    counts.flattenedDecrypt++;
    const general = await new jose.GeneralEncrypt(encode('g')).setProtectedHeader({ enc: 'A256GCM' })
      .addRecipient(keys.A256KW.joseEncrypt).setUnprotectedHeader({ alg: 'A256KW', kid: 'one' })
      .addRecipient(keys.A128KW.joseEncrypt).setUnprotectedHeader({ alg: 'A128KW', kid: 'two' })
      .encrypt();
    const kids = [];
    const result = tj.generalDecrypt(general, (_, recipient) => {
      kids.push(recipient.header.kid);
      return recipient.header.kid === 'two' ? keys.A128KW.tjDecrypt : crypto.getRandomValues(new Uint8Array(32));
    });
    assert.deepEqual([kids, result.unprotectedHeader], [['one', 'two'], { alg: 'A128KW', kid: 'two' }]);
    counts.generalDecrypt++;
  });
});

describe('tinyjose encrypts, jose decrypts', () => {
  test('FlattenedEncrypt: every algorithm, with aad and a shared unprotected header', async () => {
    for (const [alg, enc] of CASES) {
      const k = keys[alg];
      const jwe = new tj.FlattenedEncrypt(encode(`from ${alg}`))
        .setProtectedHeader({ alg, enc, kid: 'p' }).setSharedUnprotectedHeader({ note: 'x' })
        .setAdditionalAuthenticatedData(encode('aad')).encrypt(k.tjEncrypt);
      const result = await jose.flattenedDecrypt(jwe, k.joseDecrypt, OPTIONS);
      assert.deepEqual(result.plaintext, encode(`from ${alg}`));
      assert.deepEqual([result.sharedUnprotectedHeader, result.additionalAuthenticatedData], [{ note: 'x' }, encode('aad')]);
      assert.equal(result.protectedHeader.kid, 'p');
      assert.deepEqual(tj.flattenedDecrypt(jwe, k.tjDecrypt, OPTIONS).plaintext, encode(`from ${alg}`));
      counts.FlattenedEncrypt++;
    }
  });

  test('GeneralEncrypt: two recipients of different algorithms, jose opens each', async () => {
    for (const [a, b, enc] of PAIRS) {
      const jwe = new tj.GeneralEncrypt(encode(`${a} and ${b}`))
        .setProtectedHeader({ enc }).setAdditionalAuthenticatedData(encode('v1'))
        .addRecipient(keys[a].tjEncrypt).setUnprotectedHeader({ alg: a, kid: 'a' })
        .addRecipient(keys[b].tjEncrypt).setUnprotectedHeader({ alg: b, kid: 'b' })
        .done()
        .encrypt();
      assert.equal(jwe.recipients.length, 2);
      for (const [alg, kid] of [[a, 'a'], [b, 'b']]) {
        const result = await jose.generalDecrypt(jwe, keys[alg].joseDecrypt, OPTIONS);
        assert.deepEqual([result.plaintext, result.unprotectedHeader.kid], [encode(`${a} and ${b}`), kid]);
        counts.GeneralEncrypt++;
      }
      // And tinyjose opens it for each recipient too (not counted as interop).
      assert.deepEqual(tj.generalDecrypt(jwe, keys[b].tjDecrypt, OPTIONS).unprotectedHeader.kid, 'b');
    }
  });
});

describe('hostile inputs: the same refusals as jose, exact classes and codes', () => {
  const k = keys.A128KW;
  const flatOf = () => new jose.FlattenedEncrypt(encode('x')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM' }).setAdditionalAuthenticatedData(encode('a')).encrypt(k.joseEncrypt);
  const flip = (s) => `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;

  test('a tampered tag, ciphertext, iv, encrypted key, aad or protected header: decryption failed', async () => {
    const jwe = await flatOf();
    const failed = { code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed' };
    for (const member of ['tag', 'ciphertext', 'iv', 'encrypted_key', 'aad']) {
      const tampered = { ...jwe, [member]: flip(jwe[member]) };
      fails(() => tj.flattenedDecrypt(tampered, k.tjDecrypt), JWEDecryptionFailed, failed);
      await assert.rejects(jose.flattenedDecrypt(tampered, k.joseDecrypt), { code: failed.code });
    }
    const general = await new jose.GeneralEncrypt(encode('x')).setProtectedHeader({ enc: 'A128GCM' })
      .addRecipient(k.joseEncrypt).setUnprotectedHeader({ alg: 'A128KW' }).encrypt();
    fails(() => tj.generalDecrypt({ ...general, tag: flip(general.tag) }, k.tjDecrypt), JWEDecryptionFailed, failed);
    await assert.rejects(jose.generalDecrypt({ ...general, tag: flip(general.tag) }, k.joseDecrypt), { code: failed.code });
  });

  test('a key that opens no recipient: decryption failed, whatever the other recipients\' algorithms', async () => {
    const general = await new jose.GeneralEncrypt(encode('x')).setProtectedHeader({ enc: 'A128GCM' })
      .addRecipient(k.joseEncrypt).setUnprotectedHeader({ alg: 'A128KW' })
      .addRecipient(keys['ECDH-ES+A256KW'].joseEncrypt).setUnprotectedHeader({ alg: 'ECDH-ES+A256KW' })
      .encrypt();
    const wrong = crypto.getRandomValues(new Uint8Array(16));
    fails(() => tj.generalDecrypt(general, wrong), JWEDecryptionFailed, { code: 'ERR_JWE_DECRYPTION_FAILED', tinyjoseCode: 'decryption_failed' });
    await assert.rejects(jose.generalDecrypt(general, wrong), { code: 'ERR_JWE_DECRYPTION_FAILED' });
  });

  test('a member in two headers, and structure', async () => {
    const jwe = await flatOf();
    const duplicated = { ...jwe, header: { enc: 'A128GCM' } };
    fails(() => tj.flattenedDecrypt(duplicated, k.tjDecrypt), JWEInvalid, { code: 'ERR_JWE_INVALID' });
    await assert.rejects(jose.flattenedDecrypt(duplicated, k.joseDecrypt), { code: 'ERR_JWE_INVALID' });
    for (const input of ['x', null, { ...jwe, ciphertext: undefined }, { ...jwe, iv: 1 }]) {
      fails(() => tj.flattenedDecrypt(input, k.tjDecrypt), JWEInvalid, { code: 'ERR_JWE_INVALID' });
      await assert.rejects(jose.flattenedDecrypt(input, k.joseDecrypt), { code: 'ERR_JWE_INVALID' });
    }
    for (const input of ['x', { ...jwe, recipients: [] }, { ...jwe, recipients: {} }]) {
      fails(() => tj.generalDecrypt(input, k.tjDecrypt), JWEInvalid, { code: 'ERR_JWE_INVALID' });
      await assert.rejects(jose.generalDecrypt(input, k.joseDecrypt), { code: 'ERR_JWE_INVALID' });
    }
  });

  test('allow lists: keyManagementAlgorithms (PBES2 only when listed) and contentEncryptionAlgorithms', async () => {
    const jwe = await flatOf();
    fails(() => tj.flattenedDecrypt(jwe, k.tjDecrypt, { keyManagementAlgorithms: ['A256KW'] }), JOSEAlgNotAllowed, { code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_not_allowed' });
    await assert.rejects(jose.flattenedDecrypt(jwe, k.joseDecrypt, { keyManagementAlgorithms: ['A256KW'] }), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    fails(() => tj.flattenedDecrypt(jwe, k.tjDecrypt, { contentEncryptionAlgorithms: ['A256GCM'] }), JOSEAlgNotAllowed, { code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'unsupported_enc' });
    const pbes2 = await new jose.FlattenedEncrypt(encode('p')).setProtectedHeader({ alg: PBES2[0], enc: 'A128GCM' }).encrypt(encode('a password'));
    fails(() => tj.flattenedDecrypt(pbes2, 'a password'), JOSEAlgNotAllowed, { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    await assert.rejects(jose.flattenedDecrypt(pbes2, encode('a password')), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  test('encrypting: jose\'s argument errors; what tinyjose does not write', () => {
    assert.throws(() => new tj.FlattenedEncrypt('x'), { name: 'TypeError', message: 'plaintext must be an instance of Uint8Array' });
    fails(() => new tj.GeneralEncrypt(encode('x')).encrypt(), JWEInvalid, { code: 'ERR_JWE_INVALID', message: 'at least one recipient must be added' });
    fails(() => new tj.FlattenedEncrypt(encode('x')).setProtectedHeader({ alg: 'A128KW' }).encrypt(k.tjEncrypt), JWEInvalid, { code: 'ERR_JWE_INVALID' });
    fails(() => new tj.FlattenedEncrypt(encode('x')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }).encrypt(k.tjEncrypt), JOSENotSupported, { code: 'ERR_JOSE_NOT_SUPPORTED' });
    // dir among several recipients is refused, with jose's class and words (the core refuses it too).
    fails(() => new tj.GeneralEncrypt(encode('x')).setProtectedHeader({ enc: 'A256GCM' })
      .addRecipient(keys.dir.tjEncrypt).setUnprotectedHeader({ alg: 'dir' })
      .addRecipient(k.tjEncrypt).setUnprotectedHeader({ alg: 'A128KW' }).encrypt(), JWEInvalid, { code: 'ERR_JWE_INVALID', message: '"dir" alg may only have a single recipient' });
  });
});
