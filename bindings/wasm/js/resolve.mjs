// Key functions (jose's get-key functions): what they are given, and their result, a key or a
// Promise of one. With a plain key a call stays synchronous; a Promise makes it return one.

/** Whether `value` is a Promise (or any thenable). */
export function isThenable(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
}

/** `use(value)` at once, or once `value` settles if it is a Promise. */
export function then(value, use) {
  return isThenable(value) ? Promise.resolve(value).then(use) : use(value);
}

/** The segments of a compact JWS as jose gives them to a key function. */
export function jwsParts(token) {
  const [protectedHeader, payload, signature] = token.split('.');
  return { payload, protected: protectedHeader, signature };
}

/** The segments of a compact JWE as jose gives them to a key function (an empty one is absent). */
export function jweParts(token) {
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = token.split('.');
  return { ciphertext, iv: iv || undefined, protected: protectedHeader, tag: tag || undefined, encrypted_key: encryptedKey || undefined };
}

/**
 * The first result of `attempt` over `items`, each attempt plain or a Promise; when every one
 * fails, the error `keep` chose (`keep(error, kept)` returns the error to keep, or throws to stop).
 */
export function firstSuccess(items, attempt, keep) {
  let kept;
  const failed = (e, i) => {
    kept = keep(e, kept);
    return step(i + 1);
  };
  const step = (i) => {
    if (i === items.length) throw kept;
    let result;
    try {
      result = attempt(items[i]);
    } catch (e) {
      return failed(e, i);
    }
    return isThenable(result) ? Promise.resolve(result).catch((e) => failed(e, i)) : result;
  };
  return step(0);
}
