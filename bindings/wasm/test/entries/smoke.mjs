// The check every runtime runs on the entry points `tinyjose/jws` and `tinyjose/jwe`:
// `smoke(jws, jwe, input)` takes both modules and the inputs made by `jose` in Node (see
// ../entries.test.mjs), and returns plain JSON, compared exactly with what Node gives.
//
// The function is self-contained (no import, no closure) so that its source can be inlined
// into a script for Deno and Bun; workerd, Chromium and the Vite app import this file.

export async function smoke(jws, jwe, input) {
  const errorOf = (fn) => {
    try {
      fn();
      return { threw: false };
    } catch (e) {
      return { name: e.name, code: e.code, tinyjoseCode: e.tinyjoseCode };
    }
  };
  const out = { exports: { jws: Object.keys(jws).sort(), jwe: Object.keys(jwe).sort() } };

  // Signing and verifying with every algorithm tinyjose/jws signs.
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
  const hs = new jws.SignJWT({ alg: 'HS256' }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  out.signed = { HS256: jws.jwtVerify(hs, secret).payload.alg };
  for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA']) {
    const token = new jws.SignJWT({ alg }).setProtectedHeader({ alg, kid: alg }).sign(jws.importJWK(input.privateJwks[alg], alg));
    out.signed[alg] = jws.jwtVerify(token, jws.createLocalJWKSet(input.jwks)).payload.alg;
  }
  // Tokens signed by jose (ES* may be high-S, so `ecdsaHighS`), verified with its JWK Set.
  const set = jws.createLocalJWKSet(input.jwks);
  out.foreign = {};
  for (const [alg, token] of Object.entries(input.tokens)) {
    out.foreign[alg] = jws.jwtVerify(token, set, { ecdsaHighS: true, issuer: 'urn:jose' }).payload.alg;
  }
  const rs = input.tokens.RS256;
  out.compact = new TextDecoder().decode(jws.compactVerify(rs, jws.importJWK(input.jwks.keys.find((k) => k.kid === 'RS256'))).payload);
  out.decoded = { header: jws.decodeProtectedHeader(rs), alg: jws.decodeJwt(rs).alg };
  out.thumbprint = jws.calculateJwkThumbprint(input.jwks.keys[0]);
  out.exported = jws.exportJWK(jws.importJWK(input.jwks.keys[0]));
  out.tampered = errorOf(() => jws.jwtVerify(`${rs.slice(0, -2)}${rs.endsWith('AA') ? 'BB' : 'AA'}`, set));
  // What tinyjose/jws does not do: JWE keys, RSA signing (an RSA private key only verifies).
  out.jweKeyInJws = errorOf(() => jws.importJWK(input.jweJwk, 'ECDH-ES'));
  const rsaPrivate = jws.importJWK(input.rsaPrivateJwk, 'RS256');
  out.rsaPrivate = {
    canSign: rsaPrivate.canSign,
    verifies: jws.jwtVerify(input.tokens.RS256, rsaPrivate).payload.alg,
    signs: errorOf(() => new jws.SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(rsaPrivate)),
  };

  // JWS JSON serializations: jose's flattened (ES256, unprotected kid) and general (ES256 and
  // EdDSA, b64: false, payload supplied) verified with its JWK Set; a general JWS signed here
  // (HS256 and EdDSA), which Node compares with jose's own for the same keys; a tampered one.
  const text = (bytes) => new TextDecoder().decode(bytes);
  const flat = jws.flattenedVerify(input.json.flattened, set, { ecdsaHighS: true });
  const general = jws.generalVerify({ ...input.json.general, payload: input.json.content }, set, { ecdsaHighS: true, algorithms: ['EdDSA'] });
  const jsonSecret = Uint8Array.from(atob(input.secret.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const signed = new jws.GeneralSign(new TextEncoder().encode(input.json.content))
    .addSignature(jsonSecret).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'hs' })
    .addSignature(input.privateJwks.EdDSA).setProtectedHeader({ alg: 'EdDSA' })
    .sign();
  const flatSig = input.json.flattened.signature;
  out.json = {
    flattened: { payload: text(flat.payload), protectedHeader: flat.protectedHeader, unprotectedHeader: flat.unprotectedHeader },
    general: { payload: text(general.payload), protectedHeader: general.protectedHeader },
    signed,
    verified: text(jws.generalVerify(signed, jsonSecret).payload),
    tampered: errorOf(() => jws.flattenedVerify({ ...input.json.flattened, signature: `${flatSig[0] === 'A' ? 'B' : 'A'}${flatSig.slice(1)}` }, set, { ecdsaHighS: true })),
  };

  // SD-JWT in tinyjose/jws: issued with an ES256 JWK of jose's, presented with `given_name` and a
  // Key Binding JWT signed by the EdDSA holder key, verified with the JWK Set; a wrong nonce.
  const holderJwk = input.jwks.keys.find((k) => k.kid === 'EdDSA');
  const issued = jws.issueSdJwt({ iss: 'urn:tinyjose', given_name: 'Erika', family_name: 'Mustermann' }, {
    key: input.privateJwks.ES256, disclosable: ['/given_name', '/family_name'], decoys: 1, holderKey: holderJwk, vct: 'urn:smoke',
  });
  const presented = jws.presentSdJwt(issued, {
    disclose: ['given_name'], keyBinding: { key: input.privateJwks.EdDSA, aud: 'urn:verifier', nonce: 'n-1' },
  });
  const sdOptions = (nonce) => ({ issuer: 'urn:tinyjose', vct: ['urn:smoke'], keyBinding: { aud: 'urn:verifier', nonce } });
  const disclosed = jws.verifySdJwt(presented, set, sdOptions('n-1'));
  out.sdJwt = {
    claims: { vct: disclosed.payload.vct, iss: disclosed.payload.iss, given_name: disclosed.payload.given_name },
    names: Object.keys(disclosed.payload).sort(),
    holder: disclosed.payload.cnf.jwk.x === holderJwk.x,
    protectedHeader: disclosed.protectedHeader,
    keyBound: disclosed.keyBound,
    wrongNonce: errorOf(() => jws.verifySdJwt(presented, set, sdOptions('n-2'))),
  };

  // tinyjose/jwe: a JWT encrypted by jose, and a round trip.
  out.jwe = jwe.jwtDecrypt(input.jweToken, input.jweJwk, { issuer: 'urn:jose' }).payload;
  const cek = jwe.generateSecret('A256GCM');
  const encrypted = new jwe.CompactEncrypt(new TextEncoder().encode('to myself')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(cek);
  out.roundTrip = new TextDecoder().decode(jwe.compactDecrypt(encrypted, cek).plaintext);
  // JWE JSON: jose's general JWE to two recipients, opened by each; a flattened one made here
  // (Node decrypts it with jose too); a tampered tag.
  const kek = Uint8Array.from(atob(input.jweJson.kek.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const opened = jwe.generalDecrypt(input.jweJson.general, input.jweJson.jwk);
  const flatJwe = new jwe.FlattenedEncrypt(new TextEncoder().encode('to jose')).setProtectedHeader({ alg: 'A128KW', enc: 'A256GCM' }).encrypt(kek);
  const { tag } = input.jweJson.general;
  out.jweJson = {
    general: {
      plaintext: new TextDecoder().decode(opened.plaintext),
      sharedUnprotectedHeader: opened.sharedUnprotectedHeader,
      aad: new TextDecoder().decode(opened.additionalAuthenticatedData),
      kid: opened.unprotectedHeader.kid,
      byKek: new TextDecoder().decode(jwe.generalDecrypt(input.jweJson.general, kek).plaintext),
    },
    roundTrip: new TextDecoder().decode(jwe.flattenedDecrypt(flatJwe, kek).plaintext),
    tampered: errorOf(() => jwe.generalDecrypt({ ...input.jweJson.general, tag: `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}` }, kek)),
  };
  out.jwsKeyInJwe = errorOf(() => jwe.importJWK(input.jwks.keys[0]));
  const { alg: _, ...withoutAlg } = input.jweJwk;
  out.jweJwkWithoutAlg = jwe.importJWK(withoutAlg, 'ECDH-ES').alg;
  out.sameErrors = jws.errors.JWTExpired === jwe.errors.JWTExpired;
  return out;
}
