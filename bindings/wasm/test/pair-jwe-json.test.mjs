// jose's `flattenedDecrypt`, `generalDecrypt`, `FlattenedEncrypt` and `GeneralEncrypt` (the JWE
// JSON Serializations, RFC 7516 §7.2), case by case.

import { encode, pairs } from './pairs.mjs';

/** A 32-byte A256KW key, and another. */
const KEY = new Uint8Array(32).fill(7);
const OTHER = new Uint8Array(32).fill(8);
const other = async (lib) => (lib === (await import('jose')) ? import('tinyjose') : import('jose'));
const plain = (result) => new TextDecoder().decode(result.plaintext);
/** A flattened JWE `lib` writes to KEY with A256KW and A256GCM. */
const flattened = (lib, text = 'secret') => new lib.FlattenedEncrypt(encode(text)).setProtectedHeader({ enc: 'A256GCM' }).setUnprotectedHeader({ alg: 'A256KW' }).encrypt(KEY);
/** A general JWE `lib` writes to OTHER then KEY. */
const general = (lib) => new lib.GeneralEncrypt(encode('both')).setProtectedHeader({ enc: 'A256GCM' })
  .addRecipient(OTHER).setUnprotectedHeader({ alg: 'A256KW', kid: 'o' })
  .addRecipient(KEY).setUnprotectedHeader({ alg: 'A256KW', kid: 'k' })
  .encrypt();
/** A flattened JWE of jose's, changed by `change`. */
const changed = async (change) => change(await flattened(await import('jose')));

const cases = [
  { name: 'flattened: each library decrypts the other\'s', run: async (lib) => plain(await (await other(lib)).flattenedDecrypt(await flattened(lib), KEY)), value: 'secret' },
  { name: 'flattened: the headers of the result', run: async (lib) => {
    const { protectedHeader, unprotectedHeader } = await lib.flattenedDecrypt(await flattened(await import('jose')), KEY);
    return [protectedHeader, unprotectedHeader];
  }, value: [{ enc: 'A256GCM' }, { alg: 'A256KW' }] },
  { name: 'flattened: a key function gets the protected header and the object', run: async (lib) => {
    const jwe = await flattened(await import('jose'));
    let seen;
    const result = await lib.flattenedDecrypt(jwe, (header, object) => {
      seen = [header, object.header, object.ciphertext === jwe.ciphertext];
      return KEY;
    });
    return [seen, 'key' in result];
  }, value: [[{ enc: 'A256GCM' }, { alg: 'A256KW' }, true], true] },
  { name: 'flattened: a key function returning a Promise', run: async (lib) => plain(await lib.flattenedDecrypt(await flattened(await import('jose')), async () => KEY)), value: 'secret' },
  { name: 'flattened: a wrong key', run: async (lib) => lib.flattenedDecrypt(await flattened(await import('jose')), OTHER), throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'flattened: not an object', run: (lib) => lib.flattenedDecrypt('x', KEY), throws: ['JWEInvalid', 'Flattened JWE must be an object'] },
  { name: 'flattened: no ciphertext', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, ciphertext: undefined })), KEY), throws: ['JWEInvalid', 'JWE Ciphertext missing or incorrect type'] },
  { name: 'flattened: an iv that is not a string', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, iv: 1 })), KEY), throws: ['JWEInvalid', 'JWE Initialization Vector incorrect type'] },
  { name: 'flattened: a tag that is not a string', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, tag: 1 })), KEY), throws: ['JWEInvalid', 'JWE Authentication Tag incorrect type'] },
  { name: 'flattened: protected not a string', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, protected: 1 })), KEY), throws: ['JWEInvalid', 'JWE Protected Header incorrect type'] },
  { name: 'flattened: an encrypted_key that is not a string', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, encrypted_key: 1 })), KEY), throws: ['JWEInvalid', 'JWE Encrypted Key incorrect type'] },
  { name: 'flattened: a header that is not an object', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, header: 'x' })), KEY), throws: ['JWEInvalid', 'JWE Per-Recipient Unprotected Header incorrect type'] },
  { name: 'flattened: unprotected not an object', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, unprotected: 'x' })), KEY), throws: ['JWEInvalid', 'JWE Shared Unprotected Header incorrect type'] },
  { name: 'flattened: a member in two headers', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, unprotected: { alg: 'A256KW' } })), KEY), throws: ['JWEInvalid', 'JWE Protected, JWE Unprotected Header, and JWE Per-Recipient Unprotected Header Parameter names must be disjoint'] },
  { name: 'flattened: no header at all', run: async (lib) => lib.flattenedDecrypt(await changed(({ ciphertext, iv, tag }) => ({ ciphertext, iv, tag })), KEY), throws: ['JWEInvalid', 'JOSE Header missing'] },
  { name: 'flattened: an unknown alg outside keyManagementAlgorithms', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, header: { alg: 'A512KW' } })), KEY, { keyManagementAlgorithms: ['A256KW'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },
  { name: 'flattened: an unknown enc outside contentEncryptionAlgorithms', run: async (lib) => lib.flattenedDecrypt(await changed((j) => ({ ...j, protected: Buffer.from('{"enc":"A512GCM"}').toString('base64url') })), KEY, { contentEncryptionAlgorithms: ['A256GCM'] }), throws: ['JOSEAlgNotAllowed', '"enc" (Encryption Algorithm) Header Parameter value not allowed'] },
  { name: 'flattened: keyManagementAlgorithms without the alg', run: async (lib) => lib.flattenedDecrypt(await flattened(await import('jose')), KEY, { keyManagementAlgorithms: ['A128KW'] }), throws: ['JOSEAlgNotAllowed', '"alg" (Algorithm) Header Parameter value not allowed'] },

  { name: 'general: each library decrypts the other\'s, with the second recipient\'s key', run: async (lib) => plain(await (await other(lib)).generalDecrypt(await general(lib), KEY)), value: 'both' },
  { name: 'general: the recipient that opened', run: async (lib) => (await lib.generalDecrypt(await general(await import('jose')), KEY)).unprotectedHeader, value: { alg: 'A256KW', kid: 'k' } },
  { name: 'general: no recipient opens', run: async (lib) => lib.generalDecrypt(await general(await import('jose')), new Uint8Array(32)), throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'general: not an object', run: (lib) => lib.generalDecrypt(null, KEY), throws: ['JWEInvalid', 'General JWE must be an object'] },
  { name: 'general: recipients not an array', run: (lib) => lib.generalDecrypt({ ciphertext: 'e30', recipients: {} }, KEY), throws: ['JWEInvalid', 'JWE Recipients missing or incorrect type'] },
  { name: 'general: no recipients', run: (lib) => lib.generalDecrypt({ ciphertext: 'e30', recipients: [] }, KEY), throws: ['JWEInvalid', 'JWE Recipients has no members'] },
  { name: 'general: a shared member of the wrong type', run: async (lib) => lib.generalDecrypt({ ...await general(await import('jose')), iv: 1 }, KEY), throws: ['JWEDecryptionFailed', 'decryption operation failed'] },
  { name: 'general: a key function for each recipient until one opens', run: async (lib) => {
    const kids = [];
    const result = await lib.generalDecrypt(await general(await import('jose')), (_, jwe) => {
      kids.push(jwe.header.kid);
      return jwe.header.kid === 'k' ? KEY : new Uint8Array(32).fill(9);
    });
    return [kids, plain(result), 'key' in result];
  }, value: [['o', 'k'], 'both', true] },

  { name: 'FlattenedEncrypt: a plaintext that is not bytes', run: (lib) => new lib.FlattenedEncrypt('x'), throws: ['TypeError', 'plaintext must be an instance of Uint8Array'] },
  { name: 'FlattenedEncrypt: no header', run: (lib) => new lib.FlattenedEncrypt(encode('x')).encrypt(KEY), throws: ['JWEInvalid', 'either setProtectedHeader, setUnprotectedHeader, or sharedUnprotectedHeader must be called before #encrypt()'] },
  { name: 'FlattenedEncrypt: setProtectedHeader twice', run: (lib) => new lib.FlattenedEncrypt(encode('x')).setProtectedHeader({}).setProtectedHeader({}), throws: ['TypeError', 'setProtectedHeader can only be called once'] },
  { name: 'FlattenedEncrypt: without enc', run: (lib) => new lib.FlattenedEncrypt(encode('x')).setProtectedHeader({ alg: 'A256KW' }).encrypt(KEY), throws: ['JWEInvalid', 'JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid'] },
  { name: 'FlattenedEncrypt: a member in two headers', run: (lib) => new lib.FlattenedEncrypt(encode('x')).setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM' }).setUnprotectedHeader({ alg: 'A256KW' }).encrypt(KEY), throws: ['JWEInvalid', 'JWE Protected, JWE Shared Unprotected and JWE Per-Recipient Header Parameter names must be disjoint'] },
  { name: 'GeneralEncrypt: no recipient', run: (lib) => new lib.GeneralEncrypt(encode('x')).setProtectedHeader({ enc: 'A256GCM' }).encrypt(), throws: ['JWEInvalid', 'at least one recipient must be added'] },
  { name: 'GeneralEncrypt: dir with two recipients', run: (lib) => new lib.GeneralEncrypt(encode('x')).setProtectedHeader({ enc: 'A256GCM' }).addRecipient(KEY).setUnprotectedHeader({ alg: 'dir' }).addRecipient(KEY).setUnprotectedHeader({ alg: 'A256KW' }).encrypt(), throws: ['JWEInvalid', '"dir" alg may only have a single recipient'] },
];

pairs('jwe/flattened and jwe/general', cases);
