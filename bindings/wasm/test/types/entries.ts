// The entry points tinyjose/jws and tinyjose/jwe, resolved by name through the exports map:
// each types its own part of the API, and not the other's.

import * as jws from 'tinyjose/jws';
import * as jweEntry from 'tinyjose/jwe';
import {
  CompactEncrypt, FlattenedEncrypt, GeneralEncrypt, compactDecrypt, flattenedDecrypt, generalDecrypt, generateSecret,
  type JWEHeaderParameters,
} from 'tinyjose/jwe';

const secret: Uint8Array = new Uint8Array(32);
const token: string = new jws.SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
const { payload, protectedHeader } = jws.jwtVerify(token, jws.createLocalJWKSet({ keys: [] }), { algorithms: ['ES256'] });
const sub: string | undefined = payload.sub;
const alg: string | undefined = protectedHeader.alg;
const thumbprint: string = jws.calculateJwkThumbprint({ kty: 'oct', k: 'AA' });
const remoteSet: jws.RemoteJWKSet = jws.createRemoteJWKSet('https://issuer.example/jwks', { allowHttp: false });
const remoteResult: Promise<jws.JWTVerifyResult> = jws.jwtVerify(token, remoteSet);
const flat: jws.FlattenedJWS = new jws.FlattenedSign(new Uint8Array([1])).setProtectedHeader({ alg: 'HS256' }).sign(secret);
const general: jws.GeneralJWS = new jws.GeneralSign(new Uint8Array([1])).addSignature(secret).setProtectedHeader({ alg: 'HS256' }).sign();
jws.flattenedVerify(flat, secret);
jws.generalVerify(general, secret, { algorithms: ['HS256'] });
const failed: typeof jws.errors.JWSSignatureVerificationFailed = jws.JWSSignatureVerificationFailed;
const sdJwt: string = jws.issueSdJwt({ iss: 'i', a: 1 }, { key: { kty: 'OKP', crv: 'Ed25519', x: '', d: '' }, disclosable: ['/a'] });
const disclosed: jws.SdJwtVerifyResult = jws.verifySdJwt(jws.presentSdJwt(sdJwt, { disclose: ['a'] }), { keys: [] }, { issuer: 'i' });

const cek = generateSecret('A256GCM');
const jwe: string = new CompactEncrypt(new Uint8Array([1])).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(cek);
const header: JWEHeaderParameters = compactDecrypt(jwe, cek).protectedHeader;
const flatJwe = new FlattenedEncrypt(new Uint8Array([1])).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(cek);
const plain: Uint8Array = flattenedDecrypt(flatJwe, cek).plaintext;
const generalJwe = new GeneralEncrypt(new Uint8Array([1])).setProtectedHeader({ enc: 'A256GCM' })
  .addRecipient(generateSecret('A256KW')).setUnprotectedHeader({ alg: 'A256KW' }).encrypt();
generalDecrypt(generalJwe, (protectedHeader, recipient) => (protectedHeader.enc && recipient.header ? cek : cek), { keyManagementAlgorithms: ['A256KW'] });
// @ts-expect-error tinyjose/jws has no JWE JSON
jws.generalDecrypt(generalJwe, cek);

// @ts-expect-error tinyjose/jws has no JWE
jws.compactDecrypt(jwe, cek);
// @ts-expect-error tinyjose/jwe has no SD-JWT
jweEntry.verifySdJwt(sdJwt, cek);
// @ts-expect-error tinyjose/jws imports no PEM
jws.importSPKI('', 'ES256');

export { alg, disclosed, failed, header, plain, remoteResult, sub, thumbprint };
