// Every export of the package used as its documentation shows; `tsc --strict` must accept it,
// and the lines marked @ts-expect-error must each be a type error.

import {
  createDpopProof,
  createJtiCache,
  validateAccessToken,
  validateDpopProof,
  validateIdToken,
  validateJarmResponse,
  CompactEncrypt,
  CompactSign,
  EncryptJWT,
  FlattenedSign,
  GeneralSign,
  JWEDecryptionFailed,
  JOSEError,
  JWKSNoMatchingKey,
  JWTClaimValidationFailed,
  JWTExpired,
  SignJWT,
  calculateJwkThumbprint,
  compactDecrypt,
  compactVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  exportJWK,
  flattenedVerify,
  generalVerify,
  generateKeyPair,
  generateSecret,
  importJWK,
  importPKCS8,
  importSPKI,
  issueSdJwt,
  jwtDecrypt,
  jwtVerify,
  presentSdJwt,
  verifySdJwt,
  type CompactJWEHeaderParameters,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWK,
  type JSONWebKeySet,
  type RemoteJWKSet,
  type SdJwtDisclosure,
  type SdJwtVerifyResult,
  type JWTPayload,
  type Key,
  type TinyjoseCode,
} from 'tinyjose';

interface Claims {
  scope: string;
}

async function main(): Promise<void> {
  const { publicKey, privateKey }: { publicKey: Key; privateKey: Key } = generateKeyPair('ES256');
  const secret: Uint8Array = generateSecret('HS256');
  const token: string = new SignJWT({ scope: 'read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
    .setIssuer('https://issuer.example')
    .setSubject('alice')
    .setAudience(['api', 'web'])
    .setJti('id-1')
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('2h')
    .sign(privateKey);

  const { payload, protectedHeader } = jwtVerify<Claims>(token, publicKey, {
    algorithms: ['ES256'],
    issuer: 'https://issuer.example',
    audience: 'api',
    subject: 'alice',
    typ: 'JWT',
    clockTolerance: '30s',
    currentDate: new Date(),
    maxTokenAge: 3600,
    requiredClaims: ['jti'],
  });
  const scope: string = payload.scope;
  const exp: number | undefined = payload.exp;
  const kid: string | undefined = protectedHeader.kid;

  // `await` still works on the synchronous results.
  const awaited = await jwtVerify(token, publicKey, { audience: 'api' });
  const claims: JWTPayload = awaited.payload;

  const jwk: JWK = exportJWK(publicKey);
  const imported: Key = importJWK(jwk, 'ES256');
  const alg: string = imported.alg;
  const thumbprint: string = calculateJwkThumbprint(jwk);
  const set = createLocalJWKSet({ keys: [{ ...jwk, kid: 'k1' }] });
  jwtVerify(token, set, { audience: 'api' });
  jwtVerify(token, jwk, { audience: 'api' });
  jwtVerify(token, { keys: [jwk] }, { audience: 'api' });
  jwtVerify(token, () => publicKey, { audience: 'api' });
  // A key function is given the token's segments, and may return a Promise: so does the call.
  const sync: string = jwtVerify(token, (header, parts) => (header.kid && parts.signature ? publicKey : set.jwks()), { audience: 'api' }).payload.sub ?? '';
  const pending: Promise<unknown> = jwtVerify(token, async () => publicKey, { audience: 'api' }).then((result) => result.key);
  // @ts-expect-error a Promise has no payload
  void jwtVerify(token, async () => publicKey).payload;
  void sync;
  void pending;
  // A remote set is an async key function: the call returns a Promise.
  const remote: RemoteJWKSet = createRemoteJWKSet(new URL('https://issuer.example/jwks'), { cooldownDuration: 300, cacheMaxAge: Infinity, timeoutDuration: 5000, headers: { 'x-api-key': 'k' }, maxBodySize: 65536 });
  const remoteSub: string | undefined = (await jwtVerify(token, remote, { audience: 'api' })).payload.sub;
  const flags: boolean = remote.coolingDown && remote.fresh && remote.reloading;
  const copy: JSONWebKeySet | undefined = remote.jwks();
  await remote.reload();
  // @ts-expect-error a Promise has no payload
  void jwtVerify(token, remote).payload;
  // @ts-expect-error allowHttp is a boolean
  createRemoteJWKSet('http://127.0.0.1/jwks', { allowHttp: 'yes' });
  void remoteSub;
  void flags;
  void copy;

  const jws: string = new CompactSign(new TextEncoder().encode('hi')).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  const verified: Uint8Array = compactVerify(jws, secret, { algorithms: ['HS256'] }).payload;
  const flat = new FlattenedSign(new TextEncoder().encode('hi')).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'a' }).sign(secret);
  const flatPayload: Uint8Array = flattenedVerify(flat, secret, { algorithms: ['HS256'] }).payload;
  const general = new GeneralSign(new TextEncoder().encode('hi'))
    .addSignature(secret).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] })
    .addSignature(publicKey).setProtectedHeader({ alg: 'ES256', b64: false, crit: ['b64'] })
    .sign();
  const unprotected = generalVerify({ ...general, payload: 'hi' }, (protectedHeader: JWSHeaderParameters, jws: FlattenedJWSInput) => (protectedHeader.alg === 'HS256' && jws.signature ? secret : publicKey), { crit: { b64: true } }).unprotectedHeader;
  // @ts-expect-error the payload is bytes
  flattenedVerify({ ...flat, payload: 1 }, secret);
  // @ts-expect-error tinyjose writes b64 only as false
  new FlattenedSign(new Uint8Array()).setProtectedHeader({ alg: 'HS256', b64: true, crit: ['b64'] });
  const unverified: JWTPayload = decodeJwt(token);
  const header = decodeProtectedHeader(token);
  const spki: Key = importSPKI('-----BEGIN PUBLIC KEY-----...', 'ES256');
  const pkcs8: Key = importPKCS8('-----BEGIN PRIVATE KEY-----...', 'ES256');
  const rsa = generateKeyPair('PS256', { modulusLength: 3072 });
  const rsaToken: string = new SignJWT({}).setProtectedHeader({ alg: 'PS256' }).sign(rsa.privateKey);
  jwtVerify(rsaToken, importJWK(exportJWK(rsa.publicKey), 'PS256'), { algorithms: ['PS256'] });
  // ES* tokens signed by jose (WebCrypto), whose `s` may be high.
  jwtVerify(token, publicKey, { ecdsaHighS: true, algorithms: ['ES256'] });
  compactVerify(token, publicKey, { ecdsaHighS: true });
  const rsaJwk: JWK = { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQ', p: 'AQ', q: 'AQ', dp: 'AQ', dq: 'AQ', qi: 'AQ' };
  const rsaSpki: Key = importSPKI('-----BEGIN PUBLIC KEY-----...', 'RS256');

  try {
    jwtVerify(token, secret);
  } catch (e) {
    if (e instanceof JWTExpired) {
      const claim: string = e.claim;
      const reason: string = e.reason;
    } else if (e instanceof JWTClaimValidationFailed || e instanceof JWKSNoMatchingKey) {
      const code: string = e.code;
    } else if (e instanceof errors.JOSEError) {
      const core: string = e.tinyjoseCode;
      const code: TinyjoseCode = e.tinyjoseCode;
      if (e.tinyjoseCode === 'alg_rsa1_5' || e.tinyjoseCode === 'invalid_signature') void code;
      // @ts-expect-error: not a code of the core's list.
      if (e.tinyjoseCode === 'unsupported_algorithm') void code;
    }
    const base: typeof JOSEError = errors.JOSEError;
  }

  // @ts-expect-error: the token must be a string or bytes.
  jwtVerify(42, publicKey);
  // @ts-expect-error: clockTolerance is seconds or a time span string.
  jwtVerify(token, publicKey, { clockTolerance: true });
  // @ts-expect-error: ecdsaHighS is a boolean.
  compactVerify(token, publicKey, { ecdsaHighS: 'yes' });
  // @ts-expect-error: the header to sign needs `alg`.
  new SignJWT({}).setProtectedHeader({ kid: 'k' });
  // @ts-expect-error: setIssuer takes a string.
  new SignJWT({}).setIssuer(5);
  // @ts-expect-error: modulusLength is a number of bits.
  generateKeyPair('RS256', { modulusLength: '2048' });

  void [scope, exp, kid, claims, alg, thumbprint, verified, unverified, header, spki, pkcs8, rsaToken, rsaJwk, rsaSpki];

  // JWE: encrypt to a public key, decrypt with the private key, a dirSecret or a password.
  const ecdh = generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519' });
  const encrypted: string = new EncryptJWT({ scope: 'read' })
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', zip: 'DEF', kid: 'e1' })
    .setKeyManagementParameters({ apu: new Uint8Array([1]), apv: new Uint8Array([2]) })
    .setIssuer('urn:issuer')
    .setExpirationTime('1h')
    .encrypt(ecdh.publicKey);
  const decrypted = jwtDecrypt<Claims>(encrypted, ecdh.privateKey, {
    issuer: 'urn:issuer',
    keyManagementAlgorithms: ['ECDH-ES+A256KW'],
    contentEncryptionAlgorithms: ['A256GCM'],
    maxDecompressedLength: 100_000,
  });
  const decryptedScope: string = decrypted.payload.scope;
  const jweHeader: CompactJWEHeaderParameters = decrypted.protectedHeader;
  const enc: string = jweHeader.enc;
  const dirSecret: Uint8Array = generateSecret('A256GCM');
  const compact = new CompactEncrypt(new Uint8Array([1, 2])).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(dirSecret);
  const opened: Uint8Array = compactDecrypt(compact, dirSecret).plaintext;
  const byPassword = new CompactEncrypt(opened)
    .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' })
    .setKeyManagementParameters({ p2c: 20_000 })
    .encrypt('a password');
  compactDecrypt(byPassword, (h) => (h.alg.startsWith('PBES2') ? 'a password' : dirSecret), {
    keyManagementAlgorithms: ['PBES2-HS256+A128KW'],
    maxPBES2Count: 20_000,
  });
  const canDecrypt: boolean = ecdh.privateKey.canDecrypt;
  const failed: string = new JWEDecryptionFailed().code;
  // @ts-expect-error: a JWE header needs `enc`.
  new CompactEncrypt(opened).setProtectedHeader({ alg: 'dir' });
  // @ts-expect-error: apu is bytes.
  new EncryptJWT({}).setKeyManagementParameters({ apu: 'Alice' });
  // @ts-expect-error: maxPBES2Count is a number.
  compactDecrypt(compact, dirSecret, { maxPBES2Count: '10000' });

  void [decryptedScope, enc, canDecrypt, failed, flatPayload, unprotected];
}

/** The token profiles. */
function profiles(key: JWK, token: string): void {
  const id = validateIdToken<{ nonce: string }>(token, { keys: [key] }, { issuer: 'https://op.example', clientId: 'c', nonce: 'n', maxAge: '1h' });
  const nonce: string = id.payload.nonce;
  const at = validateAccessToken(token, key, { issuer: 'https://as.example', audience: 'https://rs.example' });
  const replay = createJtiCache({ maxEntries: 10 });
  const proof = createDpopProof(key, { htm: 'POST', htu: 'https://as.example/token', iat: new Date() });
  const { jkt, payload } = validateDpopProof(proof, { htm: 'POST', htu: 'https://as.example/token', replay, jkt: 'x' });
  const htu: string = payload.htu;
  const response = validateJarmResponse(new URL('https://client.example/cb?response=x'), { keys: [key] }, { issuer: 'i', clientId: 'c', expectedState: 's' });
  const kind: 'code' | 'token' | 'error' = response.kind;
  const code: string | null = response.parameters.get('code');
  // @ts-expect-error: replay is required.
  validateDpopProof(proof, { htm: 'POST', htu: 'https://as.example/token' });
  // @ts-expect-error: clientId is required.
  validateIdToken(token, key, { issuer: 'i' });
  void [nonce, at, jkt, htu, kind, code];
}

/** SD-JWT: issuing, presenting, verifying. */
async function sdJwt(issuer: Key, holder: Key, holderJwk: JWK, jwks: JSONWebKeySet): Promise<void> {
  const issued: string = issueSdJwt({ iss: 'https://issuer.example', given_name: 'Erika', address: { locality: 'Berlin' } }, {
    key: issuer, disclosable: ['/given_name', '/address/locality'], decoys: 2, holderKey: holderJwk, vct: 'urn:eudi:pid:1',
  });
  const fromText: string = issueSdJwt('{"iss":"i"}', { key: issuer, disclosable: [], typ: 'example+sd-jwt' });
  const byFunction: string = presentSdJwt(issued, {
    disclose: (d: SdJwtDisclosure) => d.name === 'given_name' || d.value === 'Berlin',
    keyBinding: { key: holder, aud: 'https://verifier.example', nonce: 'n', iat: new Date() },
  });
  const byNames: string = presentSdJwt(fromText, { disclose: ['given_name'] });
  const verified = verifySdJwt<{ given_name?: string }>(byFunction, jwks, {
    issuer: 'https://issuer.example', keyBinding: { aud: 'https://verifier.example', nonce: 'n', maxAge: '5m' },
    vct: ['urn:eudi:pid:1'], clockTolerance: 30, currentDate: new Date(), requiredClaims: ['given_name'], ecdsaHighS: true,
  });
  const givenName: string | undefined = verified.payload.given_name;
  const keyBound: boolean = verified.keyBound;
  const alg: string | undefined = verified.protectedHeader.alg;
  const later: SdJwtVerifyResult = await verifySdJwt(byNames, async () => issuer);
  // @ts-expect-error: disclosable is required.
  issueSdJwt({}, { key: issuer });
  // @ts-expect-error: disclose is a function or claim names.
  presentSdJwt(issued, { disclose: true });
  // @ts-expect-error: a key binding needs its nonce.
  verifySdJwt(byNames, issuer, { keyBinding: { aud: 'https://verifier.example' } });
  // @ts-expect-error: vct is a list of types.
  verifySdJwt(byNames, issuer, { vct: 'urn:eudi:pid:1' });
  void [givenName, keyBound, alg, later];
}

void main;
void profiles;
void sdJwt;
