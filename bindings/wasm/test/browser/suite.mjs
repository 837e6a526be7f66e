// The verification suite run in the browser against the package's browser entry
// (/js/browser.mjs, which fetches and instantiates the .wasm with top-level await).
//
// Inputs come from the query string: `token` is an ES256 JWT signed outside the page (by jose,
// so its `s` may be high), `lowS` and `highS` its low-S and high-S forms, and `jwk` the matching
// public JWK (JSON); `expiredToken` is an HS256 token signed outside the page whose
// `exp` is in the past, and `secret` its key (base64url).
//
// Each check records a plain, JSON-serialisable value in window.__results[name]; the test reads
// them back and compares each one exactly. A check that throws unexpectedly records
// { unexpected: { name, message, code } }.
//
// `node --test test/` also loads every .mjs file under test/, this one included: outside a
// browser the module does nothing (it has no static import, and runs only with a `window`).

const results = {};

function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The jose and tinyjose codes of the error `fn` throws, or { threw: false } if it returns. */
function errorOf(fn) {
  try {
    fn();
    return { threw: false };
  } catch (e) {
    return { name: e.name, code: e.code, tinyjoseCode: e.tinyjoseCode, isError: e instanceof Error };
  }
}

/** Flips one character of the last segment (a JWS signature, a JWE tag; the first, which always changes a bit). */
function tamperSignature(token) {
  const parts = token.split('.');
  const s = parts.pop();
  return [...parts, `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`].join('.');
}

/** Replaces the payload with another claim set, keeping the original signature. */
function tamperPayload(token, claims) {
  const [h, , s] = token.split('.');
  const p = btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${h}.${p}.${s}`;
}

async function check(name, fn) {
  try {
    results[name] = await fn();
  } catch (e) {
    results[name] = { unexpected: { name: e?.name, message: e?.message, code: e?.code } };
  }
}

async function run() {
  const params = new URLSearchParams(location.search);
  const t = await import('/js/browser.mjs');

  await check('exports', () => ['jwtVerify', 'SignJWT', 'generateKeyPair', 'generateSecret', 'importJWK', 'exportJWK', 'createLocalJWKSet', 'createRemoteJWKSet']
    .filter((name) => typeof t[name] !== 'function'));

  // HS256: sign and verify with a generated secret; the secret is a 32-byte Uint8Array.
  await check('hs256', () => {
    const secret = t.generateSecret('HS256');
    const jwt = new t.SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('urn:issuer').setSubject('user-1').setAudience('urn:aud')
      .setIssuedAt().setExpirationTime('2h')
      .sign(secret);
    const { payload, protectedHeader } = t.jwtVerify(jwt, secret, { issuer: 'urn:issuer', audience: 'urn:aud' });
    return {
      secretLength: secret instanceof Uint8Array ? secret.length : -1,
      segments: jwt.split('.').length,
      header: protectedHeader,
      role: payload.role, iss: payload.iss, sub: payload.sub, aud: payload.aud,
      lifetime: payload.exp - payload.iat,
    };
  });

  // ES256: sign with a generated private key, verify with its exported public JWK.
  await check('es256', () => {
    const { publicKey, privateKey } = t.generateKeyPair('ES256');
    const jwt = new t.SignJWT({ n: 1 }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('10m').sign(privateKey);
    const jwk = t.exportJWK(publicKey);
    const viaKey = t.jwtVerify(jwt, publicKey).payload.n;
    const viaJwk = t.jwtVerify(jwt, t.importJWK(jwk, 'ES256')).payload.n;
    const viaSet = t.jwtVerify(jwt, t.createLocalJWKSet({ keys: [{ ...jwk, kid: 'k1', alg: 'ES256' }] })).protectedHeader;
    return {
      jwk: { kty: jwk.kty, crv: jwk.crv, hasD: 'd' in jwk },
      signatureBytes: fromBase64url(jwt.split('.')[2]).length,
      viaKey, viaJwk, viaSet,
    };
  });

  // EdDSA (Ed25519): sign and verify, and the public JWK's shape.
  await check('eddsa', () => {
    const { publicKey, privateKey } = t.generateKeyPair('EdDSA');
    const jwt = new t.SignJWT({ n: 2 }).setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime('10m').sign(privateKey);
    const jwk = t.exportJWK(publicKey);
    const { payload, protectedHeader } = t.jwtVerify(jwt, t.importJWK(jwk, 'EdDSA'));
    return {
      jwk: { kty: jwk.kty, crv: jwk.crv, hasD: 'd' in jwk },
      signatureBytes: fromBase64url(jwt.split('.')[2]).length,
      n: payload.n,
      header: protectedHeader,
    };
  });

  // A token signed outside the page (by jose in Node) verifies, with the JWK it was given and
  // ecdsaHighS (WebCrypto does not normalize the signature's s).
  await check('foreign', () => {
    const jwk = JSON.parse(params.get('jwk'));
    const { payload, protectedHeader } = t.jwtVerify(params.get('token'), jwk, { issuer: 'urn:node', algorithms: ['ES256'], ecdsaHighS: true });
    return { payload, protectedHeader };
  });

  // Without ecdsaHighS, its low-S form verifies and its high-S form is refused.
  await check('foreignLowS', () => {
    const jwk = JSON.parse(params.get('jwk'));
    const options = { issuer: 'urn:node', algorithms: ['ES256'] };
    return {
      low: t.jwtVerify(params.get('lowS'), jwk, options).payload.sub,
      high: errorOf(() => t.jwtVerify(params.get('highS'), jwk, options)),
      highWithOption: t.jwtVerify(params.get('highS'), jwk, { ...options, ecdsaHighS: true }).payload.sub,
    };
  });

  // An RS256 token signed outside the page verifies with its JWK (alg from the argument), and
  // is refused once its signature is changed.
  await check('rs256', () => {
    const key = t.importJWK(JSON.parse(params.get('rsaJwk')), 'RS256');
    const token = params.get('rsaToken');
    const { payload, protectedHeader } = t.jwtVerify(token, key, { algorithms: ['RS256'] });
    return {
      payload, protectedHeader,
      signatureBytes: fromBase64url(token.split('.')[2]).length,
      tampered: errorOf(() => t.jwtVerify(tamperSignature(token), key)),
    };
  });

  // A JWT encrypted outside the page (by jose in Node) decrypts with its private JWK, and is
  // refused once its tag is changed.
  await check('jwe', () => {
    const token = params.get('jweToken');
    const key = t.importJWK(JSON.parse(params.get('jweJwk')), 'ECDH-ES+A256KW');
    const { payload, protectedHeader } = t.jwtDecrypt(token, key, { keyManagementAlgorithms: ['ECDH-ES+A256KW'] });
    const { alg, enc, kid, epk } = protectedHeader;
    return {
      payload,
      header: { alg, enc, kid, epkCrv: epk.crv },
      tampered: errorOf(() => t.jwtDecrypt(tamperSignature(token), key)),
    };
  });

  // The same token with a changed signature, or with a changed payload, is refused.
  await check('foreignTamperedSignature', () => errorOf(() => t.jwtVerify(tamperSignature(params.get('token')), JSON.parse(params.get('jwk')), { ecdsaHighS: true })));
  await check('foreignTamperedPayload', () => errorOf(() => t.jwtVerify(tamperPayload(params.get('token'), { sub: 'mallory', iss: 'urn:node' }), JSON.parse(params.get('jwk')), { ecdsaHighS: true })));

  // An expired token signed outside the page, and one signed in the page.
  await check('foreignExpired', () => errorOf(() => t.jwtVerify(params.get('expiredToken'), fromBase64url(params.get('secret')))));
  await check('expired', () => {
    const secret = t.generateSecret('HS256');
    const jwt = new t.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret);
    return errorOf(() => t.jwtVerify(jwt, secret));
  });

  // A token signed by another key of the same type.
  await check('wrongKey', () => {
    const a = t.generateKeyPair('EdDSA');
    const b = t.generateKeyPair('EdDSA');
    const jwt = new t.SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).sign(a.privateKey);
    return errorOf(() => t.jwtVerify(jwt, b.publicKey));
  });

  // An algorithm outside `algorithms`.
  await check('algNotAllowed', () => {
    const secret = t.generateSecret('HS256');
    const jwt = new t.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    return errorOf(() => t.jwtVerify(jwt, secret, { algorithms: ['ES256'] }));
  });

  // A remote JWK Set from the page's own server (plain HTTP here, so allowHttp): three
  // verifications of jose's token, one fetch; a token whose kid the set lacks is refused within the
  // cooldown; a page's plain-HTTP URL without allowHttp is refused before any fetch.
  await check('remote', async () => {
    const JWKS = t.createRemoteJWKSet(new URL('/remote/jwks.json', location.href), { allowHttp: true });
    const subjects = await Promise.all([1, 2, 3].map(async () => (await t.jwtVerify(params.get('token'), JWKS, { issuer: 'urn:node', ecdsaHighS: true })).payload.sub));
    const [h, p, s] = params.get('token').split('.');
    const header = JSON.parse(atob(h.replace(/-/g, '+').replace(/_/g, '/')));
    const other = btoa(JSON.stringify({ ...header, kid: 'unknown' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    let unknownKid;
    await t.jwtVerify(`${other}.${p}.${s}`, JWKS, { ecdsaHighS: true }).catch((e) => {
      unknownKid = { name: e.name, code: e.code, tinyjoseCode: e.tinyjoseCode, isError: e instanceof Error };
    });
    return { subjects, unknownKid, refused: errorOf(() => t.createRemoteJWKSet(new URL('/remote/jwks.json', location.href))), fresh: JWKS.fresh };
  });

  // The API is synchronous, but awaiting its results works as with jose.
  await check('awaitable', async () => {
    const secret = t.generateSecret('HS256');
    const jwt = await new t.SignJWT({ x: true }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    const { payload } = await t.jwtVerify(jwt, secret);
    return { sync: typeof jwt === 'string', x: payload.x };
  });
}

if (typeof window === 'object' && typeof document === 'object') {
  window.__results = results;
  window.__done = false;
  run()
    .catch((e) => { results.fatal = { name: e?.name, message: e?.message, stack: e?.stack }; })
    .finally(() => {
      document.getElementById('out').textContent = JSON.stringify(results, null, 2);
      window.__done = true;
    });
}
