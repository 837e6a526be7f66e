// The JWS JSON serializations (flattenedVerify, generalVerify, FlattenedSign, GeneralSign)
// against the `jose` package, both ways: jose signs (flattened, general with two signers of
// different algorithms, b64: false, detached) and tinyjose verifies; tinyjose signs and jose
// verifies; the same refusals of hostile inputs, with exact classes and codes; and the
// deliberate differences. Every interop case is counted per function, and the totals checked.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import * as jose from 'jose';
import * as tj from 'tinyjose';

import { fails } from './node-helpers.mjs';

const { JOSEAlgNotAllowed, JOSENotSupported, JWSInvalid, JWSSignatureVerificationFailed } = tj;

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const encode = (text) => new TextEncoder().encode(text);
const decode = (bytes) => new TextDecoder().decode(bytes);
/** jose (WebCrypto) does not normalize ECDSA's `s`: its ES* signatures need `ecdsaHighS`. */
const HIGH_S = { ecdsaHighS: true };

/** Interop cases per function, both ways; printed and checked at the end. */
const counts = {
  flattenedVerify: 0, generalVerify: 0, FlattenedSign: 0, GeneralSign: 0,
};

/** Keys for `alg` in both libraries: jose's key objects and the JWKs tinyjose takes. */
async function keysFor(alg) {
  if (alg.startsWith('HS')) {
    const secret = crypto.getRandomValues(new Uint8Array({ HS256: 32, HS384: 48, HS512: 64 }[alg]));
    return { alg, joseSign: secret, joseVerify: secret, tjSign: secret, tjVerify: secret };
  }
  const options = alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true };
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, options);
  return {
    alg,
    joseSign: privateKey,
    joseVerify: publicKey,
    tjSign: { ...(await jose.exportJWK(privateKey)), alg },
    tjVerify: { ...(await jose.exportJWK(publicKey)), alg },
  };
}

const keys = Object.fromEntries(await Promise.all(ALGS.map(async (alg) => [alg, await keysFor(alg)])));
const PAYLOADS = ['hello', '', 'caf\u00e9 "quoted" \\ \n $.02', '{"iss":"urn:x"}'];

after(() => {
  console.log(`# JWS JSON interop cases with jose: ${JSON.stringify(counts)}`);
  assert.deepEqual(counts, {
    // every algorithm × payload; b64: false as a string and as bytes; detached; key functions.
    flattenedVerify: ALGS.length * PAYLOADS.length + 2 + 1 + ALGS.length,
    // two signers per algorithm; b64: false as a string and as bytes; detached; key functions.
    generalVerify: ALGS.length + 2 + 1 + ALGS.length,
    // every algorithm × payload; b64: false; detached.
    FlattenedSign: ALGS.length * PAYLOADS.length + 1 + 1,
    // two signers per algorithm; b64: false; detached.
    GeneralSign: ALGS.length + 1 + 1,
  });
});

describe('jose signs, tinyjose verifies', () => {
  test('flattened: every algorithm and payload, with an unprotected header', async () => {
    for (const alg of ALGS) {
      const k = keys[alg];
      for (const text of PAYLOADS) {
        const jws = await new jose.FlattenedSign(encode(text))
          .setProtectedHeader({ alg, typ: 'JOSE+JSON' }).setUnprotectedHeader({ kid: `k-${alg}` }).sign(k.joseSign);
        const result = tj.flattenedVerify(jws, k.tjVerify, HIGH_S);
        assert.deepEqual(result, {
          payload: encode(text), protectedHeader: { alg, typ: 'JOSE+JSON' }, unprotectedHeader: { kid: `k-${alg}` },
        });
        assert.deepEqual(result, await jose.flattenedVerify(jws, k.joseVerify));
        counts.flattenedVerify++;
      }
    }
  });

  test('general: two signers of different algorithms, each key finds its signature', async () => {
    for (const [i, alg] of ALGS.entries()) {
      const other = ALGS[(i + 1) % ALGS.length];
      const jws = await new jose.GeneralSign(encode(`two signers: ${alg}, ${other}`))
        .addSignature(keys[alg].joseSign).setProtectedHeader({ alg }).setUnprotectedHeader({ kid: alg })
        .addSignature(keys[other].joseSign).setProtectedHeader({ alg: other }).setUnprotectedHeader({ kid: other })
        .sign();
      for (const signer of [alg, other]) {
        const result = tj.generalVerify(jws, keys[signer].tjVerify, HIGH_S);
        assert.deepEqual(result, {
          payload: encode(`two signers: ${alg}, ${other}`), protectedHeader: { alg: signer }, unprotectedHeader: { kid: signer },
        });
      }
      // A JWK Set chooses by kid; the first signature that verifies gives the result.
      if (!other.startsWith('HS')) {
        const set = tj.createLocalJWKSet({ keys: [{ ...keys[other].tjVerify, kid: other }] });
        assert.deepEqual(tj.generalVerify(jws, set, HIGH_S).protectedHeader, { alg: other });
      }
      counts.generalVerify++;
    }
  });

  test('b64: false (RFC 7797), flattened and general, the payload given as a string or as bytes', async () => {
    const content = 'the $.02 content';
    const header = { alg: 'HS256', b64: false, crit: ['b64'] };
    const flat = await new jose.FlattenedSign(encode(content)).setProtectedHeader(header).sign(keys.HS256.joseSign);
    assert.equal(flat.payload, '');
    for (const payload of [content, encode(content)]) {
      assert.deepEqual(tj.flattenedVerify({ ...flat, payload }, keys.HS256.tjVerify), { payload: encode(content), protectedHeader: header });
      counts.flattenedVerify++;
    }
    const general = await new jose.GeneralSign(encode(content))
      .addSignature(keys.ES256.joseSign).setProtectedHeader({ ...header, alg: 'ES256' })
      .addSignature(keys.EdDSA.joseSign).setProtectedHeader({ ...header, alg: 'EdDSA' })
      .sign();
    for (const payload of [content, encode(content)]) {
      assert.deepEqual(tj.generalVerify({ ...general, payload }, keys.EdDSA.tjVerify).protectedHeader, { ...header, alg: 'EdDSA' });
      assert.deepEqual(decode(tj.generalVerify({ ...general, payload }, keys.ES256.tjVerify, HIGH_S).payload), content);
      counts.generalVerify++;
    }
    // The encoded form of the content is not what was signed.
    fails(() => tj.flattenedVerify({ ...flat, payload: Buffer.from(content).toString('base64url') }, keys.HS256.tjVerify), JWSSignatureVerificationFailed, {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature',
    });
  });

  test('detached payloads: removed after signing, given back to verify', async () => {
    const payload = Buffer.from('detached content').toString('base64url');
    const flat = await new jose.FlattenedSign(encode('detached content')).setProtectedHeader({ alg: 'ES384' }).sign(keys.ES384.joseSign);
    const { payload: _, ...withoutPayload } = flat;
    assert.deepEqual(decode(tj.flattenedVerify({ ...withoutPayload, payload }, keys.ES384.tjVerify, HIGH_S).payload), 'detached content');
    fails(() => tj.flattenedVerify(withoutPayload, keys.ES384.tjVerify, HIGH_S), JWSInvalid, { code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed' });
    counts.flattenedVerify++;
    const general = await new jose.GeneralSign(encode('detached content'))
      .addSignature(keys.PS256.joseSign).setProtectedHeader({ alg: 'PS256' }).sign();
    const { payload: __, ...bare } = general;
    assert.deepEqual(decode(tj.generalVerify({ ...bare, payload }, keys.PS256.tjVerify).payload), 'detached content');
    counts.generalVerify++;
  });

  test('a key function gets each signature\'s protected header and object; its key is in the result', async () => {
    for (const alg of ALGS) {
      const k = keys[alg];
      const flat = await new jose.FlattenedSign(encode(alg)).setProtectedHeader({ alg, kid: alg }).sign(k.joseSign);
      const seen = [];
      const result = tj.flattenedVerify(flat, (protectedHeader, jws) => {
        seen.push([protectedHeader, jws.signature]);
        return k.tjVerify;
      }, HIGH_S);
      assert.deepEqual(seen, [[{ alg, kid: alg }, flat.signature]]);
      assert.equal(result.key, k.tjVerify);
      counts.flattenedVerify++;
      // General: the function is called per signature until one verifies.
      const general = await new jose.GeneralSign(encode(alg))
        .addSignature(keys.HS512.joseSign).setProtectedHeader({ alg: 'HS512', kid: 'first' })
        .addSignature(k.joseSign).setProtectedHeader({ alg, kid: alg })
        .sign();
      const kids = [];
      const verified = tj.generalVerify(general, (protectedHeader) => {
        kids.push(protectedHeader.kid);
        return protectedHeader.kid === alg ? k.tjVerify : new Uint8Array(64);
      }, HIGH_S);
      assert.deepEqual(kids, alg === 'HS512' ? ['first', 'HS512'] : ['first', alg]);
      assert.deepEqual(verified.protectedHeader, { alg, kid: alg });
      counts.generalVerify++;
    }
  });
});

describe('tinyjose signs, jose verifies', () => {
  test('FlattenedSign: every algorithm and payload, with an unprotected header', async () => {
    for (const alg of ALGS) {
      const k = keys[alg];
      for (const text of PAYLOADS) {
        const jws = new tj.FlattenedSign(encode(text))
          .setProtectedHeader({ alg, kid: `k-${alg}` }).setUnprotectedHeader({ note: 'x' }).sign(k.tjSign);
        assert.deepEqual(Object.keys(jws).sort(), ['header', 'payload', 'protected', 'signature']);
        assert.deepEqual(await jose.flattenedVerify(jws, k.joseVerify), {
          payload: encode(text), protectedHeader: { alg, kid: `k-${alg}` }, unprotectedHeader: { note: 'x' },
        });
        counts.FlattenedSign++;
      }
    }
  });

  test('GeneralSign: two signers of different algorithms, jose verifies each', async () => {
    for (const [i, alg] of ALGS.entries()) {
      const other = ALGS[(i + 3) % ALGS.length];
      const jws = new tj.GeneralSign(encode(alg))
        .addSignature(keys[alg].tjSign).setProtectedHeader({ alg }).setUnprotectedHeader({ kid: alg })
        .addSignature(keys[other].tjSign).setProtectedHeader({ alg: other, typ: 'JOSE+JSON' })
        .done()
        .sign();
      assert.equal(jws.signatures.length, 2);
      assert.deepEqual((await jose.generalVerify(jws, keys[alg].joseVerify)).unprotectedHeader, { kid: alg });
      assert.deepEqual((await jose.generalVerify(jws, keys[other].joseVerify)).protectedHeader, { alg: other, typ: 'JOSE+JSON' });
      counts.GeneralSign++;
    }
  });

  test('b64: false: jose\'s shape (payload ""), jose verifies with the content given back', async () => {
    const header = { alg: 'HS256', b64: false, crit: ['b64'] };
    const flat = new tj.FlattenedSign(encode('a.b $')).setProtectedHeader(header).sign(keys.HS256.tjSign);
    assert.deepEqual(flat, await new jose.FlattenedSign(encode('a.b $')).setProtectedHeader(header).sign(keys.HS256.joseSign));
    assert.deepEqual((await jose.flattenedVerify({ ...flat, payload: 'a.b $' }, keys.HS256.joseVerify)).payload, encode('a.b $'));
    counts.FlattenedSign++;
    const general = new tj.GeneralSign(encode('a.b $'))
      .addSignature(keys.EdDSA.tjSign).setProtectedHeader({ ...header, alg: 'EdDSA' })
      .addSignature(keys.ES512.tjSign).setProtectedHeader({ ...header, alg: 'ES512' })
      .sign();
    assert.equal(general.payload, '');
    for (const alg of ['EdDSA', 'ES512']) {
      assert.deepEqual((await jose.generalVerify({ ...general, payload: encode('a.b $') }, keys[alg].joseVerify)).protectedHeader, { ...header, alg });
    }
    counts.GeneralSign++;
  });

  test('detached: jose verifies with the payload given back', async () => {
    const { payload, ...bare } = new tj.FlattenedSign(encode('d')).setProtectedHeader({ alg: 'RS256' }).sign(keys.RS256.tjSign);
    assert.deepEqual((await jose.flattenedVerify({ ...bare, payload }, keys.RS256.joseVerify)).payload, encode('d'));
    counts.FlattenedSign++;
    const general = new tj.GeneralSign(encode('d')).addSignature(keys.HS384.tjSign).setProtectedHeader({ alg: 'HS384' }).sign();
    const { payload: p, ...rest } = general;
    await assert.rejects(jose.generalVerify(rest, keys.HS384.joseVerify), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    assert.deepEqual((await jose.generalVerify({ ...rest, payload: p }, keys.HS384.joseVerify)).payload, encode('d'));
    counts.GeneralSign++;
  });

  test('round trip (not counted as interop): tinyjose verifies what it signs, in both forms', () => {
    for (const alg of ALGS) {
      const flat = new tj.FlattenedSign(encode(alg)).setProtectedHeader({ alg }).sign(keys[alg].tjSign);
      assert.deepEqual(tj.flattenedVerify(flat, keys[alg].tjVerify).payload, encode(alg));
      const general = new tj.GeneralSign(encode(alg)).addSignature(keys[alg].tjSign).setProtectedHeader({ alg }).sign();
      assert.deepEqual(tj.generalVerify(general, keys[alg].tjVerify).payload, encode(alg));
    }
  });
});

describe('hostile inputs: the same refusals as jose, exact classes and codes', () => {
  const k = keys.HS256;
  const flatOf = async () => new jose.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'a' }).sign(k.joseSign);

  /** tinyjose throws `Class` with `expected`, and jose throws the same class (by code). */
  async function both(tjCall, joseCall, Class, expected) {
    fails(tjCall, Class, expected);
    await assert.rejects(joseCall(), { code: expected.code });
  }

  test('a tampered signature, payload or protected header', async () => {
    const flat = await flatOf();
    const bad = { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'invalid_signature' };
    const flip = (s) => `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    for (const tampered of [{ ...flat, signature: flip(flat.signature) }, { ...flat, payload: 'eQ' }]) {
      await both(() => tj.flattenedVerify(tampered, k.tjVerify), () => jose.flattenedVerify(tampered, k.joseVerify), JWSSignatureVerificationFailed, bad);
    }
    const general = await new jose.GeneralSign(encode('x'))
      .addSignature(k.joseSign).setProtectedHeader({ alg: 'HS256' })
      .addSignature(keys.ES256.joseSign).setProtectedHeader({ alg: 'ES256' })
      .sign();
    const tampered = { ...general, signatures: general.signatures.map((s) => ({ ...s, signature: flip(s.signature) })) };
    await both(() => tj.generalVerify(tampered, k.tjVerify), () => jose.generalVerify(tampered, k.joseVerify), JWSSignatureVerificationFailed, bad);
    const otherHeader = { ...flat, protected: Buffer.from('{"alg":"HS256","typ":"x"}').toString('base64url') };
    await both(() => tj.flattenedVerify(otherHeader, k.tjVerify), () => jose.flattenedVerify(otherHeader, k.joseVerify), JWSSignatureVerificationFailed, bad);
  });

  test('a key function whose keys verify no signature: signature verification failed', async () => {
    const general = await new jose.GeneralSign(encode('x'))
      .addSignature(k.joseSign).setProtectedHeader({ alg: 'HS256' })
      .addSignature(keys.ES256.joseSign).setProtectedHeader({ alg: 'ES256' })
      .sign();
    const wrong = new Uint8Array(32);
    // As jose: signature verification failed; the core's code is the last signature's.
    fails(() => tj.generalVerify(general, () => wrong), JWSSignatureVerificationFailed, {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'alg_mismatch',
    });
    await assert.rejects(jose.generalVerify(general, () => wrong), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  test('a member in both headers', async () => {
    const flat = await flatOf();
    const both_ = { ...flat, header: { alg: 'HS256' } };
    await both(() => tj.flattenedVerify(both_, k.tjVerify), () => jose.flattenedVerify(both_, k.joseVerify), JWSInvalid, {
      code: 'ERR_JWS_INVALID', tinyjoseCode: 'duplicate_member',
    });
    const general = { payload: flat.payload, signatures: [{ protected: flat.protected, header: { alg: 'HS256' }, signature: flat.signature }] };
    // A general JWS fails as a whole, as in jose: signature verification failed.
    fails(() => tj.generalVerify(general, k.tjVerify), JWSSignatureVerificationFailed, { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'duplicate_member' });
    await assert.rejects(jose.generalVerify(general, k.joseVerify), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    // Signing: the same refusal as jose.
    fails(() => new tj.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256', kid: 'a' }).setUnprotectedHeader({ kid: 'b' }).sign(k.tjSign), JWSInvalid, {
      code: 'ERR_JWS_INVALID', tinyjoseCode: 'duplicate_member',
    });
    await assert.rejects(new jose.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256', kid: 'a' }).setUnprotectedHeader({ kid: 'b' }).sign(k.joseSign), { code: 'ERR_JWS_INVALID' });
  });

  test('structure: not an object, no signature, no header, signatures not an array, no payload', async () => {
    const flat = await flatOf();
    const invalid = { code: 'ERR_JWS_INVALID' };
    const { signature: _, ...noSignature } = flat;
    const { protected: __, header: ___, ...noHeader } = flat;
    const { payload: ____, ...noPayload } = flat;
    for (const input of ['x', null, noSignature, noHeader, noPayload, { ...flat, protected: 1 }, { ...flat, header: 'x' }, { ...flat, signature: 'a+b' }]) {
      fails(() => tj.flattenedVerify(input, k.tjVerify), JWSInvalid, invalid);
      await assert.rejects(jose.flattenedVerify(input, k.joseVerify), invalid);
    }
    for (const input of ['x', { payload: flat.payload }, { payload: flat.payload, signatures: {} }, { payload: flat.payload, signatures: [1] }]) {
      fails(() => tj.generalVerify(input, k.tjVerify), JWSInvalid, invalid);
      await assert.rejects(jose.generalVerify(input, k.joseVerify), invalid);
    }
  });

  test('algorithms: a signature outside the list is refused', async () => {
    const flat = await flatOf();
    await both(() => tj.flattenedVerify(flat, k.tjVerify, { algorithms: ['ES256'] }), () => jose.flattenedVerify(flat, k.joseVerify, { algorithms: ['ES256'] }), JOSEAlgNotAllowed, {
      code: 'ERR_JOSE_ALG_NOT_ALLOWED', tinyjoseCode: 'alg_not_allowed',
    });
    assert.deepEqual(tj.flattenedVerify(flat, k.tjVerify, { algorithms: ['HS256'] }).payload, encode('x'));
  });

  test('crit: an unknown extension is not supported; b64 must be protected and agree across signatures', async () => {
    const header = Buffer.from('{"alg":"HS256","crit":["exp"],"exp":1}').toString('base64url');
    const signed = await new jose.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256', crit: ['exp'], exp: 1 }).sign(k.joseSign, { crit: { exp: true } });
    assert.equal(signed.protected, header);
    await both(() => tj.flattenedVerify(signed, k.tjVerify), () => jose.flattenedVerify(signed, k.joseVerify), JOSENotSupported, {
      code: 'ERR_JOSE_NOT_SUPPORTED', tinyjoseCode: 'unsupported_crit',
    });
    const flat = await flatOf();
    const unprotectedB64 = { ...flat, header: { b64: false } };
    fails(() => tj.flattenedVerify(unprotectedB64, k.tjVerify), JWSInvalid, { code: 'ERR_JWS_INVALID' });
    // Two signers that disagree on b64: refused when signing and when verifying.
    const raw = { alg: 'HS256', b64: false, crit: ['b64'] };
    fails(() => new tj.GeneralSign(encode('x')).addSignature(k.tjSign).setProtectedHeader(raw).addSignature(k.tjSign).setProtectedHeader({ alg: 'HS256' }).sign(), JWSInvalid, {
      code: 'ERR_JWS_INVALID',
    });
    await assert.rejects(new jose.GeneralSign(encode('x')).addSignature(k.joseSign).setProtectedHeader(raw).addSignature(k.joseSign).setProtectedHeader({ alg: 'HS256' }).sign(), { code: 'ERR_JWS_INVALID' });
    const a = await new jose.FlattenedSign(encode('x')).setProtectedHeader(raw).sign(k.joseSign);
    const b = await flatOf();
    const mixed = { payload: 'x', signatures: [{ protected: a.protected, signature: a.signature }, { protected: b.protected, signature: b.signature }] };
    await both(() => tj.generalVerify(mixed, k.tjVerify), () => jose.generalVerify(mixed, k.joseVerify), JWSInvalid, { code: 'ERR_JWS_INVALID' });
  });

  test('signing: jose\'s argument errors', () => {
    assert.throws(() => new tj.FlattenedSign('x'), { name: 'TypeError', message: 'payload must be an instance of Uint8Array' });
    assert.throws(() => new tj.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256' }).setProtectedHeader({ alg: 'HS256' }), TypeError);
    fails(() => new tj.FlattenedSign(encode('x')).sign(k.tjSign), JWSInvalid, { code: 'ERR_JWS_INVALID' });
    fails(() => new tj.GeneralSign(encode('x')).sign(), JWSInvalid, { code: 'ERR_JWS_INVALID', message: 'at least one signature must be added' });
    fails(() => new tj.FlattenedSign(encode('x')).setProtectedHeader({ alg: 'HS256', jku: 'https://x' }).sign(k.tjSign), JOSENotSupported, { code: 'ERR_JOSE_NOT_SUPPORTED' });
  });
});

describe('deliberate differences from jose', () => {
  const k = keys.HS256;

  test('difference (alg-unprotected): alg only in an unprotected header is refused (jose accepts it)', async () => {
    const flat = await new jose.FlattenedSign(encode('x')).setUnprotectedHeader({ alg: 'HS256' }).sign(k.joseSign);
    assert.equal(flat.protected, undefined);
    assert.deepEqual((await jose.flattenedVerify(flat, k.joseVerify)).unprotectedHeader, { alg: 'HS256' });
    const refused = { code: 'ERR_JWS_INVALID', tinyjoseCode: 'malformed', message: 'JWS "alg" (Algorithm) Header Parameter missing or invalid' };
    fails(() => tj.flattenedVerify(flat, k.tjVerify), JWSInvalid, refused);
    // A general JWS, as in jose, fails as a whole: signature verification failed.
    const general = { payload: flat.payload, signatures: [{ header: flat.header, signature: flat.signature }] };
    fails(() => tj.generalVerify(general, k.tjVerify), JWSSignatureVerificationFailed, { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', tinyjoseCode: 'malformed' });
    // Nor does tinyjose write it there.
    fails(() => new tj.FlattenedSign(encode('x')).setUnprotectedHeader({ alg: 'HS256' }).sign(k.tjSign), JOSENotSupported, { code: 'ERR_JOSE_NOT_SUPPORTED' });
  });
});
