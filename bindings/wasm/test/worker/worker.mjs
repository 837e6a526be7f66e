// A module worker for workerd that guards its routes with a bearer JWT, through the package's
// edge entry (js/workerd.mjs: the .wasm is imported as a compiled module).
//
// Bindings: PUBLIC_JWK (JSON, an ES256 public JWK), RSA_PUBLIC_JWK (JSON, an RSA public JWK
// for RS256), ISSUER (text) and JWE_SECRET (text, a base64url A256KW key).
//
//   any path       → 200 { claims } for a valid `Authorization: Bearer <jwt>` (ES256, from an
//                    issuer that signs with jose/WebCrypto, so with ecdsaHighS; RS256 under
//                    /rs256; ES256 in low-S form only, without ecdsaHighS, under /low-s),
//                    401 { code, tinyjoseCode } when the token is refused,
//                    401 { error: 'missing_token' } without a bearer token.
//   POST /decrypt  → 200 { claims, header } for an encrypted JWT (A256KW) as the body,
//                    401 { code, tinyjoseCode } when it is refused.
//   GET /self-test → signs and verifies in the worker itself (EdDSA, then HS256) and reports.
//   /remote        → 200 { claims } for a bearer JWT whose key is in the remote JWK Set at
//                    ?jwks= (createRemoteJWKSet, one per URL, with ?allowHttp=1 for http, and
//                    a cooldown of REMOTE_COOLDOWN ms), 401 { code, tinyjoseCode, message }.
//
// The package is imported on the first request, with import(), rather than by a static import:
// `node --test test/` also loads every .mjs file under test/, this one included, and Node cannot
// load the .wasm module js/workerd.mjs imports. Loaded by Node, this module only defines its
// handler. In workerd, js/workerd.mjs and its .wasm are still modules of the worker (miniflare
// follows the literal import() specifier); they instantiate on the first request, not at startup.

let tinyjose;
let key;
let rsaKey;
const remoteSets = new Map();

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function selfTest({ SignJWT, generateKeyPair, generateSecret, jwtVerify }) {
  const { publicKey, privateKey } = generateKeyPair('EdDSA');
  const signed = new SignJWT({ in: 'workerd' }).setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime('5m').sign(privateKey);
  const eddsa = jwtVerify(signed, publicKey).payload.in;
  const secret = generateSecret('HS256');
  const mac = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(1).sign(secret);
  let expired;
  try {
    jwtVerify(mac, secret);
  } catch (e) {
    expired = { code: e.code, tinyjoseCode: e.tinyjoseCode };
  }
  return { eddsa, expired };
}

export default {
  async fetch(request, env) {
    tinyjose ??= await import('../../js/workerd.mjs');
    const { errors, importJWK, jwtVerify } = tinyjose;
    const url = new URL(request.url);
    if (url.pathname === '/self-test') return json(200, selfTest(tinyjose));
    if (url.pathname === '/decrypt') {
      const secret = Uint8Array.from(atob(env.JWE_SECRET.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      try {
        const { payload, protectedHeader } = tinyjose.jwtDecrypt(await request.text(), secret, { issuer: env.ISSUER });
        return json(200, { claims: payload, header: protectedHeader });
      } catch (e) {
        if (!(e instanceof errors.JOSEError)) throw e;
        return json(401, { code: e.code, tinyjoseCode: e.tinyjoseCode });
      }
    }

    const match = /^Bearer ([^\s]+)$/.exec(request.headers.get('authorization') ?? '');
    if (!match) return json(401, { error: 'missing_token' }, { 'www-authenticate': 'Bearer' });

    if (url.pathname === '/remote') {
      const jwks = url.searchParams.get('jwks');
      const allowHttp = url.searchParams.get('allowHttp') === '1';
      try {
        const id = `${allowHttp} ${jwks}`;
        if (!remoteSets.has(id)) {
          remoteSets.set(id, tinyjose.createRemoteJWKSet(jwks, { allowHttp, cooldownDuration: Number(env.REMOTE_COOLDOWN) }));
        }
        const { payload } = await jwtVerify(match[1], remoteSets.get(id), { issuer: env.ISSUER, ecdsaHighS: true });
        return json(200, { claims: payload });
      } catch (e) {
        if (!(e instanceof errors.JOSEError)) throw e;
        return json(401, { code: e.code, tinyjoseCode: e.tinyjoseCode, message: e.message });
      }
    }

    key ??= importJWK(env.PUBLIC_JWK, 'ES256');
    rsaKey ??= importJWK(env.RSA_PUBLIC_JWK, 'RS256');
    const [verifier, alg] = url.pathname === '/rs256' ? [rsaKey, 'RS256'] : [key, 'ES256'];
    // WebCrypto (and so jose) does not normalize ECDSA's s: its ES256 tokens need ecdsaHighS.
    const ecdsaHighS = alg === 'ES256' && url.pathname !== '/low-s';
    try {
      const { payload } = jwtVerify(match[1], verifier, { issuer: env.ISSUER, algorithms: [alg], ecdsaHighS });
      return json(200, { claims: payload });
    } catch (e) {
      if (!(e instanceof errors.JOSEError)) throw e;
      return json(401, { code: e.code, tinyjoseCode: e.tinyjoseCode }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
  },
};
