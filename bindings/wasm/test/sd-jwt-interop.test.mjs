// SD-JWT interop with the `@sd-jwt` packages (the OpenWallet Foundation's TypeScript SD-JWT:
// @sd-jwt/core, @sd-jwt/sd-jwt-vc, @sd-jwt/crypto-nodejs), both ways:
//
// - @sd-jwt issues (flat, structured, recursive, array elements, decoys, SD-JWT VC) and presents
//   with a Key Binding JWT; tinyjose's verifySdJwt verifies, to exactly the disclosed claims.
// - tinyjose issues and presents; @sd-jwt's verifier accepts, with the key binding, and gives the
//   same claims as tinyjose's own verifier.
// - Each as the other's holder: one issues, the other presents, the first verifies.
//
// ES256 goes through WebCrypto (@sd-jwt/crypto-nodejs), whose signatures have a high `s` about
// half the time: tinyjose verifies them with `ecdsaHighS: true`. EdDSA holders sign with
// node:crypto.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';

import { SDJwtInstance } from '@sd-jwt/core';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import {
  JWSSignatureVerificationFailed, JWTClaimValidationFailed, JWTInvalid, issueSdJwt, presentSdJwt, verifySdJwt,
} from 'tinyjose';

import { AT, NOW, fails, keyPair } from './node-helpers.mjs';

const ISSUER = 'https://issuer.example';
const VERIFIER = 'https://verifier.example';
const NONCE = 'n-0S6_WzA2Mj';
const VCT = 'https://credentials.example/identity_credential';

/** The claims every case starts from. */
const CLAIMS = {
  iss: ISSUER,
  iat: NOW - 60,
  exp: NOW + 3600,
  sub: 'user-42',
  given_name: 'Erika',
  family_name: 'Mustermann',
  email: 'erika@example.com',
  address: { street_address: 'Heidestraße 17', locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR', 'US'],
};

/** The public members of a JWK (WebCrypto adds `key_ops` and `ext`). */
const publicMembers = ({ kty, crv, x, y }) => (y === undefined ? { kty, crv, x } : { kty, crv, x, y });

/** An issuer: an ES256 key pair of WebCrypto, its @sd-jwt signer and verifier. */
async function es256Issuer() {
  const { publicKey, privateKey } = await ES256.generateKeyPair();
  return { publicJwk: publicMembers(publicKey), privateJwk: privateKey, signer: await ES256.getSigner(privateKey), verifier: await ES256.getVerifier(publicKey) };
}

/** A holder: its public JWK (for cnf.jwk), private JWK (for tinyjose), @sd-jwt signer and algorithm. */
async function es256Holder() {
  const { publicKey, privateKey } = await ES256.generateKeyPair();
  return { publicJwk: publicMembers(publicKey), privateJwk: privateKey, signer: await ES256.getSigner(privateKey), alg: 'ES256' };
}

/** An Ed25519 holder, signing with node:crypto. */
function ed25519Holder() {
  const { publicKey, privateKey } = keyPair('ed25519');
  const privateJwk = privateKey.export({ format: 'jwk' });
  return {
    publicJwk: publicMembers(publicKey.export({ format: 'jwk' })),
    privateJwk,
    signer: (data) => nodeSign(null, Buffer.from(data), createPrivateKey({ key: privateJwk, format: 'jwk' })).toString('base64url'),
    alg: 'EdDSA',
  };
}

/** @sd-jwt's check of a Key Binding JWT: with the key of the SD-JWT's cnf.jwk, as RFC 9901 §7.3 says. */
async function kbVerifier(data, signature, payload) {
  const jwk = payload.cnf.jwk;
  if (jwk.kty === 'OKP') return nodeVerify(null, Buffer.from(data), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  return (await ES256.getVerifier(jwk))(data, signature);
}

/** An @sd-jwt instance (SD-JWT VC when `vc`) for an issuer and a holder. */
function library({ issuer, holder, vc = false }) {
  const Instance = vc ? SDJwtVcInstance : SDJwtInstance;
  return new Instance({
    signer: issuer?.signer, signAlg: 'ES256', verifier: issuer?.verifier,
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    kbSigner: holder?.signer, kbSignAlg: holder?.alg, kbVerifier,
  });
}

/** The cases: @sd-jwt's disclosure and presentation frames, tinyjose's pointers and choice, and the claims shown. */
const CASES = [
  {
    name: 'flat: top-level claims',
    frame: { _sd: ['given_name', 'family_name', 'email'] },
    pointers: ['/given_name', '/family_name', '/email'],
    present: { given_name: true, email: true },
    disclose: ['given_name', 'email'],
    shown: { given_name: 'Erika', email: 'erika@example.com', address: CLAIMS.address, nationalities: CLAIMS.nationalities },
  },
  {
    name: 'structured: the members of an object in clear',
    frame: { address: { _sd: ['street_address', 'locality'] } },
    pointers: ['/address/street_address', '/address/locality'],
    present: { address: { locality: true } },
    disclose: ['locality'],
    shown: { given_name: 'Erika', family_name: 'Mustermann', email: 'erika@example.com', address: { country: 'DE', locality: 'Köln' }, nationalities: CLAIMS.nationalities },
  },
  {
    name: 'recursive: a disclosable object with disclosable members',
    frame: { _sd: ['address'], address: { _sd: ['street_address', 'locality', 'country'] } },
    pointers: ['/address', '/address/street_address', '/address/locality', '/address/country'],
    present: { address: { street_address: true, country: true } },
    disclose: ['address', 'street_address', 'country'],
    shown: { given_name: 'Erika', family_name: 'Mustermann', email: 'erika@example.com', address: { street_address: 'Heidestraße 17', country: 'DE' }, nationalities: CLAIMS.nationalities },
  },
  {
    name: 'array elements',
    frame: { nationalities: { _sd: [0, 2] } },
    pointers: ['/nationalities/0', '/nationalities/2'],
    present: { nationalities: { 2: true } },
    disclose: (d) => d.value === 'US',
    shown: { given_name: 'Erika', family_name: 'Mustermann', email: 'erika@example.com', address: CLAIMS.address, nationalities: ['FR', 'US'] },
  },
  {
    name: 'everything disclosable, with decoys, all disclosed',
    frame: { _sd: ['given_name', 'family_name', 'email', 'address', 'nationalities'], _sd_decoy: 3, address: { _sd: ['locality'], _sd_decoy: 1 }, nationalities: { _sd: [1] } },
    pointers: ['/given_name', '/family_name', '/email', '/address', '/address/locality', '/nationalities', '/nationalities/1'],
    decoys: 3,
    present: { given_name: true, family_name: true, email: true, address: { locality: true }, nationalities: { 1: true } },
    disclose: () => true,
    shown: { given_name: 'Erika', family_name: 'Mustermann', email: 'erika@example.com', address: CLAIMS.address, nationalities: CLAIMS.nationalities },
  },
  {
    name: 'nothing disclosed',
    frame: { _sd: ['given_name', 'family_name', 'email', 'address'], nationalities: { _sd: [0, 1, 2] } },
    pointers: ['/given_name', '/family_name', '/email', '/address', '/nationalities/0', '/nationalities/1', '/nationalities/2'],
    present: {},
    disclose: [],
    shown: { nationalities: [] },
  },
];

/** The claims a verifier sees for a case: those always in clear, the case's, and the holder's key. */
const expected = (c, holder) => ({ iss: ISSUER, iat: NOW - 60, exp: NOW + 3600, sub: 'user-42', ...c.shown, cnf: { jwk: holder.publicJwk } });

/** tinyjose's verifier options for the suite's key binding. */
const checks = (more = {}) => ({ issuer: ISSUER, currentDate: AT, ecdsaHighS: true, keyBinding: { aud: VERIFIER, nonce: NONCE }, ...more });

/** @sd-jwt's Key Binding JWT options. */
const kb = { payload: { iat: NOW, aud: VERIFIER, nonce: NONCE } };

// -------------------------------------------------------------------------------------------

describe('@sd-jwt issues and presents, tinyjose verifies', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const issuer = await es256Issuer();
      const holder = await es256Holder();
      const lib = library({ issuer, holder });
      const issued = await lib.issue({ ...CLAIMS, cnf: { jwk: holder.publicJwk } }, c.frame);
      const presentation = await lib.present(issued, c.present, { kb });
      assert.deepEqual(verifySdJwt(presentation, issuer.publicJwk, checks()), {
        payload: expected(c, holder), protectedHeader: { alg: 'ES256' }, keyBound: true,
      });
      // And the SD-JWT as issued, every disclosure, no key binding: @sd-jwt's own claims.
      const all = verifySdJwt(issued, issuer.publicJwk, checks({ keyBinding: undefined }));
      assert.deepEqual(all.payload, await lib.getClaims(issued));
      assert.deepEqual(all.payload, { ...CLAIMS, cnf: { jwk: holder.publicJwk } });
    });
  }

  test('SD-JWT VC (dc+sd-jwt, vct) with key binding', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const lib = library({ issuer, holder, vc: true });
    const issued = await lib.issue({ vct: VCT, iss: ISSUER, iat: NOW - 60, given_name: 'Erika', birthdate: '1963-08-12', cnf: { jwk: holder.publicJwk } }, { _sd: ['given_name', 'birthdate'] });
    const presentation = await lib.present(issued, { birthdate: true }, { kb });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicJwk, checks({ vct: [VCT] })), {
      payload: { vct: VCT, iss: ISSUER, iat: NOW - 60, birthdate: '1963-08-12', cnf: { jwk: holder.publicJwk } },
      protectedHeader: { alg: 'ES256', typ: 'dc+sd-jwt' },
      keyBound: true,
    });
    claimFails(() => verifySdJwt(presentation, issuer.publicJwk, checks({ vct: ['https://credentials.example/other'] })), 'vct', 'claim_mismatch');
  });

  test('an Ed25519 holder (node:crypto)', async () => {
    const issuer = await es256Issuer();
    const holder = ed25519Holder();
    const lib = library({ issuer, holder });
    const c = CASES[2];
    const presentation = await lib.present(await lib.issue({ ...CLAIMS, cnf: { jwk: holder.publicJwk } }, c.frame), c.present, { kb });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicJwk, checks()).payload, expected(c, holder));
  });

  test('what tinyjose refuses in @sd-jwt\'s presentations: the nonce, the audience, a tampered disclosure, another holder, a hidden exp', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const lib = library({ issuer, holder });
    const issued = await lib.issue({ ...CLAIMS, cnf: { jwk: holder.publicJwk } }, CASES[0].frame);
    const presentation = await lib.present(issued, CASES[0].present, { kb });
    claimFails(() => verifySdJwt(presentation, issuer.publicJwk, checks({ keyBinding: { aud: VERIFIER, nonce: 'other' } })), 'nonce', 'claim_mismatch');
    claimFails(() => verifySdJwt(presentation, issuer.publicJwk, checks({ keyBinding: { aud: 'https://other.example', nonce: NONCE } })), 'aud', 'audience_mismatch');
    // A disclosure of the presentation with another value: no digest the issuer signed refers to it.
    const [jwt, first, ...rest] = presentation.split('~');
    const tampered = Buffer.from(JSON.stringify([...JSON.parse(Buffer.from(first, 'base64url')).slice(0, 2), 'Max']), 'utf8').toString('base64url');
    fails(() => verifySdJwt([jwt, tampered, ...rest].join('~'), issuer.publicJwk, checks()), JWTInvalid, { tinyjoseCode: 'disclosure_rejected' });
    const other = library({ issuer, holder: await es256Holder() });
    const otherHolder = await other.present(issued, CASES[0].present, { kb });
    fails(() => verifySdJwt(otherHolder, issuer.publicJwk, checks()), JWSSignatureVerificationFailed, { tinyjoseCode: 'invalid_signature' });
    const unbound = await lib.present(issued, CASES[0].present);
    fails(() => verifySdJwt(unbound, issuer.publicJwk, checks()), JWTInvalid, { tinyjoseCode: 'key_binding_required' });
    // @sd-jwt/core lets an issuer make `exp` selectively disclosable; tinyjose never accepts it so
    // (draft-ietf-oauth-sd-jwt-vc §3.2.2.2: the holder could leave it out).
    const hiddenExpiry = await lib.issue({ ...CLAIMS, cnf: { jwk: holder.publicJwk } }, { _sd: ['exp'] });
    fails(() => verifySdJwt(hiddenExpiry, issuer.publicJwk, checks({ keyBinding: undefined })), JWTInvalid, { tinyjoseCode: 'disclosure_rejected' });
  });
});

/** A claim refusal of tinyjose: JWTClaimValidationFailed with its claim and core code. */
function claimFails(fn, claim, tinyjoseCode) {
  return fails(fn, JWTClaimValidationFailed, { claim, tinyjoseCode, reason: 'check_failed' });
}

// -------------------------------------------------------------------------------------------

describe('tinyjose issues and presents, @sd-jwt verifies', () => {
  /** @sd-jwt's verification of a presentation, and what it says of the key binding. */
  async function libraryVerifies(lib, presentation, options = {}) {
    const result = await lib.verify(presentation, { currentDate: NOW, keyBindingNonce: NONCE, ...options });
    // @sd-jwt checks the nonce and sd_hash of the Key Binding JWT; the audience is the verifier's to check.
    assert.deepEqual(result.kb.payload, { iat: NOW, aud: VERIFIER, nonce: NONCE, sd_hash: result.kb.payload.sd_hash });
    assert.deepEqual(result.kb.header, { typ: 'kb+jwt', alg: result.kb.header.alg });
    return result;
  }

  for (const c of CASES) {
    test(c.name, async () => {
      const issuer = await es256Issuer();
      const holder = await es256Holder();
      const issued = issueSdJwt(CLAIMS, { key: issuer.privateJwk, disclosable: c.pointers, decoys: c.decoys, holderKey: holder.publicJwk });
      const presentation = presentSdJwt(issued, { disclose: c.disclose, keyBinding: { key: holder.privateJwk, aud: VERIFIER, nonce: NONCE, iat: NOW } });
      const lib = library({ issuer });
      const result = await libraryVerifies(lib, presentation);
      assert.deepEqual(result.payload, expected(c, holder));
      assert.deepEqual(result.header, { alg: 'ES256' });
      assert.deepEqual(result.payload, verifySdJwt(presentation, issuer.publicJwk, checks()).payload);
      // Every disclosure of the SD-JWT as issued: the claims tinyjose was given.
      assert.deepEqual(await lib.getClaims(issued), { ...CLAIMS, cnf: { jwk: holder.publicJwk } });
    });
  }

  test('SD-JWT VC (dc+sd-jwt, vct) with key binding, verified by SDJwtVcInstance', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const issued = issueSdJwt({ iss: ISSUER, iat: NOW - 60, given_name: 'Erika', birthdate: '1963-08-12' }, {
      key: issuer.privateJwk, disclosable: ['/given_name', '/birthdate'], holderKey: holder.publicJwk, vct: VCT,
    });
    const presentation = presentSdJwt(issued, { disclose: ['birthdate'], keyBinding: { key: holder.privateJwk, aud: VERIFIER, nonce: NONCE, iat: NOW } });
    const result = await libraryVerifies(library({ issuer, vc: true }), presentation);
    assert.deepEqual(result.payload, { vct: VCT, iss: ISSUER, iat: NOW - 60, birthdate: '1963-08-12', cnf: { jwk: holder.publicJwk } });
    assert.deepEqual(result.header, { alg: 'ES256', typ: 'dc+sd-jwt' });
  });

  test('an Ed25519 holder', async () => {
    const issuer = await es256Issuer();
    const holder = ed25519Holder();
    const c = CASES[2];
    const issued = issueSdJwt(CLAIMS, { key: issuer.privateJwk, disclosable: c.pointers, holderKey: holder.publicJwk });
    const presentation = presentSdJwt(issued, { disclose: c.disclose, keyBinding: { key: holder.privateJwk, aud: VERIFIER, nonce: NONCE, iat: NOW } });
    const result = await libraryVerifies(library({ issuer }), presentation);
    assert.deepEqual(result.payload, expected(c, holder));
    assert.equal(result.kb.header.alg, 'EdDSA');
  });

  test('@sd-jwt refuses what it should: another nonce, a tampered disclosure, another holder', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const issued = issueSdJwt(CLAIMS, { key: issuer.privateJwk, disclosable: CASES[0].pointers, holderKey: holder.publicJwk });
    const bind = (key) => ({ key, aud: VERIFIER, nonce: NONCE, iat: NOW });
    const presentation = presentSdJwt(issued, { disclose: CASES[0].disclose, keyBinding: bind(holder.privateJwk) });
    const lib = library({ issuer });
    await assert.rejects(lib.verify(presentation, { currentDate: NOW, keyBindingNonce: 'other' }), /Invalid Nonce/);
    const [jwt, first, ...rest] = presentation.split('~');
    const tampered = Buffer.from(JSON.stringify([...JSON.parse(Buffer.from(first, 'base64url')).slice(0, 2), 'Max'])).toString('base64url');
    await assert.rejects(lib.verify([jwt, tampered, ...rest].join('~'), { currentDate: NOW, keyBindingNonce: NONCE }));
    const other = presentSdJwt(issued, { disclose: CASES[0].disclose, keyBinding: bind((await es256Holder()).privateJwk) });
    await assert.rejects(lib.verify(other, { currentDate: NOW, keyBindingNonce: NONCE }), /Invalid JWT Signature/);
  });
});

// -------------------------------------------------------------------------------------------

describe('each as the other\'s holder', () => {
  test('tinyjose issues, @sd-jwt presents with key binding, tinyjose verifies', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const c = CASES[2];
    const issued = issueSdJwt(CLAIMS, { key: issuer.privateJwk, disclosable: c.pointers, decoys: 2, holderKey: holder.publicJwk });
    const presentation = await library({ holder }).present(issued, c.present, { kb });
    assert.deepEqual(verifySdJwt(presentation, issuer.publicJwk, checks()), {
      payload: expected(c, holder), protectedHeader: { alg: 'ES256' }, keyBound: true,
    });
  });

  test('@sd-jwt issues, tinyjose presents with key binding, @sd-jwt verifies', async () => {
    const issuer = await es256Issuer();
    const holder = await es256Holder();
    const c = CASES[3];
    const lib = library({ issuer });
    const issued = await lib.issue({ ...CLAIMS, cnf: { jwk: holder.publicJwk } }, c.frame);
    const presentation = presentSdJwt(issued, { disclose: c.disclose, keyBinding: { key: holder.privateJwk, aud: VERIFIER, nonce: NONCE, iat: NOW } });
    const result = await lib.verify(presentation, { currentDate: NOW, keyBindingNonce: NONCE });
    assert.deepEqual(result.payload, expected(c, holder));
    assert.equal(result.kb.payload.aud, VERIFIER);
  });
});
