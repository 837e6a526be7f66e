// jose's `CompactEncrypt`, `compactDecrypt`, `EncryptJWT` and `jwtDecrypt`, case by case: tokens
// each library writes and the other decrypts, key functions, the algorithm allow lists, and
// malformed or altered tokens.

import { createCipheriv, randomBytes } from 'node:crypto';

import { NOW, b64u, currentDate, encode, pairs } from './pairs.mjs';

/** A 32-byte A256GCM (dir) or A256KW key: 7, 7, ... */
const KEY = new Uint8Array(32).fill(7);
const DIR = { alg: 'dir', enc: 'A256GCM' };
const other = async (lib) => (lib === (await import('jose')) ? import('tinyjose') : import('jose'));
const plain = (result) => new TextDecoder().decode(result.plaintext);
/** A token `lib` encrypts to KEY with `header`. */
const encrypt = (lib, header = DIR, text = 'secret') => new lib.CompactEncrypt(encode(text)).setProtectedHeader(header).encrypt(KEY);
/** The token with segment `i` replaced by `value`. */
const replace = (token, i, value) => token.split('.').map((s, j) => (j === i ? value : s)).join('.');
/** A token of jose's with `header` as its protected header (decrypting fails after the header is read). */
const withHeader = async (header) => replace(await encrypt(await import('jose')), 0, b64u(JSON.stringify(header)));

/** A dir A256GCM token with `header` over `plaintext`, made by node:crypto (so it can hold what no library writes). */
function gcmToken(header, plaintext) {
  const encoded = b64u(JSON.stringify(header));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv).setAAD(Buffer.from(encoded));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [encoded, '', b64u(iv), b64u(ciphertext), b64u(cipher.getAuthTag())].join('.');
}

const cases = [
  // Across the two libraries
  { name: 'dir A256GCM: each library decrypts the other\'s', run: async (lib) => plain(await (await other(lib)).compactDecrypt(await encrypt(lib), KEY)), value: 'secret' },
  { name: 'A256KW A128CBC-HS256: each library decrypts the other\'s', run: async (lib) => plain(await (await other(lib)).compactDecrypt(await encrypt(lib, { alg: 'A256KW', enc: 'A128CBC-HS256' }), KEY)), value: 'secret' },
  { name: 'the protected header of the result', run: async (lib) => (await lib.compactDecrypt(await encrypt(lib, { ...DIR, kid: 'k' }), KEY)).protectedHeader, value: { alg: 'dir', enc: 'A256GCM', kid: 'k' } },
  { name: 'a token as a Uint8Array', run: async (lib) => plain(await lib.compactDecrypt(encode(await encrypt(lib)), KEY)), value: 'secret' },

  // Key functions
  { name: 'a key function is given the header and the segments', run: async (lib) => {
    const token = await encrypt(lib, { alg: 'A256KW', enc: 'A256GCM' });
    let seen;
    const result = await lib.compactDecrypt(token, (header, parts) => {
      seen = [header, parts];
      return KEY;
    });
    return [seen[0], seen[1], 'key' in result];
  }, check: ([header, parts, hasKey]) => {
    if (header.alg !== 'A256KW' || !hasKey) throw new Error('header or key');
    for (const name of ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag']) if (typeof parts[name] !== 'string') throw new Error(`missing ${name}`);
    if (Object.keys(parts).length !== 5) throw new Error('other members');
  } },
  { name: 'dir: no encrypted_key for a key function', run: async (lib) => {
    let parts;
    await lib.compactDecrypt(await encrypt(lib), (_, p) => {
      parts = p;
      return KEY;
    });
    return ['encrypted_key' in parts, parts.encrypted_key];
  }, value: [true, undefined] },
  { name: 'a key function may return a Promise', run: async (lib) => plain(await lib.compactDecrypt(await encrypt(lib), async () => KEY)), value: 'secret' },

  // Allow lists
  { name: 'keyManagementAlgorithms without the alg', run: async (lib) => lib.compactDecrypt(await encrypt(lib), KEY, { keyManagementAlgorithms: ['A256KW'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'contentEncryptionAlgorithms without the enc', run: async (lib) => lib.compactDecrypt(await encrypt(lib), KEY, { contentEncryptionAlgorithms: ['A128GCM'] }), throws: ['JOSEAlgNotAllowed', '"enc" (Encryption Algorithm) Header Parameter value not allowed'] },
  { name: 'keyManagementAlgorithms not an array', run: async (lib) => lib.compactDecrypt(await encrypt(lib), KEY, { keyManagementAlgorithms: 'dir' }), throws: ['TypeError', '"keyManagementAlgorithms" option must be an array of strings'] },
  { name: 'PBES2 is not allowed unless listed', run: async (lib) => lib.compactDecrypt(await new lib.CompactEncrypt(encode('x')).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).encrypt(encode('password')), encode('password')), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'PBES2 when listed', run: async (lib) => plain(await lib.compactDecrypt(await new lib.CompactEncrypt(encode('x')).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).encrypt(encode('password')), encode('password'), { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] })), value: 'x' },

  // Refusals
  { name: 'a wrong key', run: async (lib) => lib.compactDecrypt(await encrypt(lib), new Uint8Array(32)), throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'an altered tag', run: async (lib) => {
    const token = await encrypt(lib);
    return lib.compactDecrypt(replace(token, 4, b64u(new Uint8Array(16))), KEY);
  }, throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'an altered ciphertext', run: async (lib) => {
    const token = await encrypt(lib);
    return lib.compactDecrypt(replace(token, 3, b64u('AAAAAA')), KEY);
  }, throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'not a string', run: (lib) => lib.compactDecrypt(5, KEY), throws: ['JWEInvalid', 'Compact JWE must be a string or Uint8Array'] },
  { name: 'three segments', run: (lib) => lib.compactDecrypt('a.b.c', KEY), throws: ['JWEInvalid', 'Invalid Compact JWE'] },
  { name: 'a header that is not JSON', run: async (lib) => lib.compactDecrypt(replace(await encrypt(lib), 0, b64u('{')), KEY), throws: ['JWEInvalid', 'JWE Protected Header is invalid'] },
  { name: 'a header without alg', run: async (lib) => lib.compactDecrypt(await withHeader({ enc: 'A256GCM' }), KEY), throws: ['JWEInvalid', 'missing JWE Algorithm (alg) in JWE Header'] },
  { name: 'a header without enc', run: async (lib) => lib.compactDecrypt(await withHeader({ alg: 'dir' }), KEY), throws: ['JWEInvalid', 'missing JWE Encryption Algorithm (enc) in JWE Header'] },
  { name: 'an unknown crit extension', run: async (lib) => lib.compactDecrypt(await withHeader({ ...DIR, crit: ['x'], x: 1 }), KEY), throws: ['JOSENotSupported', 'Extension Header Parameter "x" is not recognized'] },
  { name: 'an unknown enc', run: async (lib) => lib.compactDecrypt(await withHeader({ alg: 'dir', enc: 'A1GCM' }), KEY), throws: ['JOSENotSupported', 'Invalid or unsupported "enc" (JWE Encryption Algorithm) header value'] },
  { name: 'RSA1_5', run: async (lib) => lib.compactDecrypt(await withHeader({ alg: 'RSA1_5', enc: 'A256GCM' }), KEY), throws: ['JOSENotSupported', 'Invalid or unsupported "alg" (JWE Algorithm) header value'] },

  { name: 'zip DEF written by node:crypto', run: async (lib) => plain(await lib.compactDecrypt(gcmToken({ ...DIR, zip: 'DEF' }, (await import('node:zlib')).deflateRawSync('zipped')), KEY)), value: 'zipped' },
  {
    name: 'a tag of the wrong length',
    run: async (lib) => lib.compactDecrypt(replace(gcmToken(DIR, Buffer.from('x')), 4, b64u(new Uint8Array(8))), KEY),
    throws: ['JWEInvalid', 'Invalid Authentication Tag length'],
    difference: 'one-decryption-error',
    tinyjose: ['JWEDecryptionFailed', 'decryption operation failed'],
  },
  {
    name: 'compressed content that does not inflate',
    run: async (lib) => lib.compactDecrypt(gcmToken({ ...DIR, zip: 'DEF' }, Buffer.from([0xff, 0xff, 0xff, 0])), KEY),
    throws: ['JWEInvalid', 'Failed to decompress plaintext'],
    difference: 'one-decryption-error',
    tinyjose: ['JWEDecryptionFailed', 'decryption operation failed'],
  },

  { name: 'a zip other than DEF', run: async (lib) => lib.compactDecrypt(await withHeader({ ...DIR, zip: 'GZ' }), KEY), throws: ['JOSENotSupported', 'Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.'] },
  { name: 'zip DEF with maxDecompressedLength 0', run: async (lib) => lib.compactDecrypt(gcmToken({ ...DIR, zip: 'DEF' }, (await import('node:zlib')).deflateRawSync('z')), KEY, { maxDecompressedLength: 0 }), throws: ['JOSENotSupported', 'JWE "zip" (Compression Algorithm) Header Parameter is not supported.'] },
  { name: 'content that inflates beyond maxDecompressedLength', run: async (lib) => lib.compactDecrypt(gcmToken({ ...DIR, zip: 'DEF' }, (await import('node:zlib')).deflateRawSync(Buffer.alloc(2000))), KEY, { maxDecompressedLength: 1000 }), throws: ['JWEInvalid', 'Decompressed plaintext exceeded the configured limit'] },
  { name: 'p2c above maxPBES2Count', run: async (lib) => {
    const token = await new (await import('jose')).CompactEncrypt(encode('x')).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).setKeyManagementParameters({ p2c: 2048 }).encrypt(encode('password'));
    return lib.compactDecrypt(token, encode('password'), { keyManagementAlgorithms: ['PBES2-HS256+A128KW'], maxPBES2Count: 1000 });
  }, throws: ['JWEInvalid', 'JOSE Header "p2c" (PBES2 Count) out is of acceptable bounds'] },
  { name: 'an encrypted key that is not base64url', run: async (lib) => lib.compactDecrypt(replace(await encrypt(await import('jose'), { alg: 'A256KW', enc: 'A256GCM' }), 1, 'a!b'), KEY), throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'an iv that is not base64url', run: async (lib) => lib.compactDecrypt(replace(await encrypt(await import('jose')), 2, 'a!b'), KEY), throws: ['JWEInvalid', 'Failed to base64url decode the iv'] },
  { name: 'a ciphertext that is not base64url', run: async (lib) => lib.compactDecrypt(replace(await encrypt(await import('jose')), 3, 'a!b'), KEY), throws: ['JWEInvalid', 'Failed to base64url decode the ciphertext'] },
  { name: 'an unknown enc outside contentEncryptionAlgorithms', run: async (lib) => lib.compactDecrypt(await withHeader({ alg: 'dir', enc: 'A512GCM' }), KEY, { contentEncryptionAlgorithms: ['A256GCM'] }), throws: ['JOSEAlgNotAllowed', '"enc" (Encryption Algorithm) Header Parameter value not allowed'] },
  { name: 'an unknown alg outside keyManagementAlgorithms', run: async (lib) => lib.compactDecrypt(await withHeader({ alg: 'A512KW', enc: 'A256GCM' }), KEY, { keyManagementAlgorithms: ['A256KW'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },

  // CompactEncrypt
  { name: 'CompactEncrypt of a string', run: (lib) => new lib.CompactEncrypt('x'), throws: ['TypeError', 'plaintext must be an instance of Uint8Array'] },
  { name: 'CompactEncrypt: setProtectedHeader twice', run: (lib) => new lib.CompactEncrypt(encode('x')).setProtectedHeader(DIR).setProtectedHeader(DIR), throws: ['TypeError', 'setProtectedHeader can only be called once'] },
  { name: 'CompactEncrypt without a header', run: (lib) => new lib.CompactEncrypt(encode('x')).encrypt(KEY), throws: ['JWEInvalid', 'either setProtectedHeader, setUnprotectedHeader, or sharedUnprotectedHeader must be called before #encrypt()'] },
  { name: 'CompactEncrypt without alg', run: (lib) => new lib.CompactEncrypt(encode('x')).setProtectedHeader({ enc: 'A256GCM' }).encrypt(KEY), throws: ['JWEInvalid', 'JWE "alg" (Algorithm) Header Parameter missing or invalid'] },
  { name: 'CompactEncrypt without enc', run: (lib) => new lib.CompactEncrypt(encode('x')).setProtectedHeader({ alg: 'dir' }).encrypt(KEY), throws: ['JWEInvalid', 'JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid'] },

  // jwtDecrypt and EncryptJWT
  { name: 'EncryptJWT then jwtDecrypt in the other library', run: async (lib) => {
    const token = await new lib.EncryptJWT({ sub: 's' }).setProtectedHeader(DIR).setIssuer('i').setExpirationTime(NOW + 60).encrypt(KEY);
    return (await (await other(lib)).jwtDecrypt(token, KEY, { currentDate, issuer: 'i' })).payload;
  }, value: { sub: 's', iss: 'i', exp: NOW + 60 } },
  { name: 'jwtDecrypt: expired', run: async (lib) => lib.jwtDecrypt(await new lib.EncryptJWT({ exp: NOW - 1 }).setProtectedHeader(DIR).encrypt(KEY), KEY, { currentDate }), throws: ['JWTExpired', '"exp" claim timestamp check failed', { claim: 'exp', reason: 'check_failed' }] },
  { name: 'jwtDecrypt: a replicated iss that differs', run: async (lib) => lib.jwtDecrypt(await new (await import('jose')).EncryptJWT({ iss: 'a' }).setProtectedHeader({ ...DIR, iss: 'b' }).encrypt(KEY), KEY), throws: ['JWTClaimValidationFailed', 'replicated "iss" claim header parameter mismatch', { claim: 'iss', reason: 'mismatch' }] },
  { name: 'jwtDecrypt: a plaintext that is not a claims set', run: async (lib) => lib.jwtDecrypt(await encrypt(lib, DIR, '[1]'), KEY), throws: ['JWTInvalid', 'JWT Claims Set must be a top-level JSON object'] },
  { name: 'jwtDecrypt: a key function and the key in the result', run: async (lib) => {
    const result = await lib.jwtDecrypt(await new lib.EncryptJWT({ a: 1 }).setProtectedHeader(DIR).encrypt(KEY), async () => KEY);
    return [result.payload, 'key' in result];
  }, value: [{ a: 1 }, true] },
  { name: 'EncryptJWT: setIssuer with a number', run: (lib) => new lib.EncryptJWT({}).setIssuer(1), throws: ['TypeError', '"iss" claim must be a string'] },
];

pairs('jwe/compact', cases);
