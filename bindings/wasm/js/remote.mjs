// Remote JWK Sets: createRemoteJWKSet, as jose's. The core's cache (the module's RemoteCache,
// over `JwksCache`) decides when the set is fetched, how long it stays fresh and what a failed
// fetch leaves; this file only fetches (with `fetch`, so in Node, browsers, workerd and Deno
// alike) and converts. The cache's times are milliseconds of `performance.now()`, a monotonic
// clock: a wall clock set back would keep a set fresh, and a rotated-out key trusted, too long.

import { JWKSInvalid, JWKSNoMatchingKey } from './errors.mjs';
import { caller, toJoseError } from './failure.mjs';
import { setAlg } from './keys.mjs';

/** Now, in milliseconds, on a monotonic clock. */
const now = () => performance.now();

/** The defaults of the options, in milliseconds and bytes (jose's, and the size cap). */
const TIMEOUT = 5_000;
const COOLDOWN = 30_000;
const MAX_AGE = 600_000;
const MAX_BODY = 512 * 1024;

/** jose's check of a duration option: a number, not NaN, not negative; `fallback` when absent. */
function duration(value, fallback, option) {
  if (Number.isNaN(value)) throw new TypeError(`"${option}" option must not be NaN`);
  if (typeof value === 'number' && value < 0) throw new TypeError(`"${option}" option must not be negative`);
  return typeof value === 'number' ? value : fallback;
}

/** A non-negative integer option (jose's words for `timeoutDuration`), or `fallback`. */
function count(value, fallback, option) {
  if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) {
    throw new TypeError(`"${option}" option must be a non-negative integer`);
  }
  return typeof value === 'number' ? value : fallback;
}

/**
 * Whether this is a Workers runtime (workerd, as jose tells it): there a request cannot safely
 * wait on a fetch another request started, so no fetch in flight is shared, as in jose.
 */
const WORKERS = typeof globalThis.WebSocketPair !== 'undefined' || globalThis.navigator?.userAgent === 'Cloudflare-Workers';

/** Why a fetch failed, as the core names it (RemoteCache.failed): `timeout`, `network`, `status`, `too large`. */
class Failed {
  constructor(reason, status = 0) {
    this.reason = reason;
    this.status = status;
  }
}

/**
 * The body of `href` (bytes) and its Cache-Control, or a Failed: no redirect followed (in
 * browsers an opaque redirect, status 0), 200 only, `timeout` ms for the answer and its body,
 * at most `maxBodySize` bytes, read as a stream.
 */
async function download(href, headers, timeout, maxBodySize) {
  const signal = AbortSignal.timeout(timeout);
  const broken = () => new Failed(signal.aborted ? 'timeout' : 'network');
  let response;
  try {
    response = await fetch(href, { method: 'GET', headers, redirect: 'manual', signal });
  } catch {
    throw broken();
  }
  const refuse = (failed) => {
    response.body?.cancel().catch(() => {});
    return failed;
  };
  if (response.status !== 200) throw refuse(new Failed('status', response.status));
  if (Number(response.headers.get('content-length')) > maxBodySize) throw refuse(new Failed('too large'));
  const chunks = [];
  let length = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch {
        throw broken();
      }
      if (chunk.done) break;
      length += chunk.value.byteLength;
      if (length > maxBodySize) {
        reader.cancel().catch(() => {});
        throw new Failed('too large');
      }
      chunks.push(chunk.value);
    }
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes, cacheControl: response.headers.get('cache-control') ?? undefined };
}

/**
 * createRemoteJWKSet over `wasm` (a module with RemoteCache) and the key functions of its entry
 * (`localSet`, `isPlainObject`).
 */
export function remoteFunctions(wasm, { localSet, isPlainObject }) {
  const call = caller(wasm);
  /** The jose error of a Failure the module returned (not threw). */
  const thrown = (failure) => {
    const error = toJoseError(failure, 'jwks');
    failure.free();
    return error;
  };

  /**
   * A remote JWK Set, as jose's createRemoteJWKSet: an async key function for jwtVerify,
   * compactVerify, flattenedVerify, generalVerify and the token profiles, with jose's members
   * `coolingDown`, `fresh`, `reloading`, `reload()` and `jwks()`. Options: jose's
   * `timeoutDuration` (5000 ms), `cooldownDuration` (30 000 ms), `cacheMaxAge` (600 000 ms) and
   * `headers`; tinyjose's `maxBodySize` (524 288 bytes) and `allowHttp` (false).
   */
  function createRemoteJWKSet(url, options) {
    if (!(url instanceof URL) && typeof url !== 'string') throw new TypeError('url must be an instance of URL');
    const o = options ?? {};
    const timeout = count(o.timeoutDuration, TIMEOUT, 'timeoutDuration');
    const cooldown = duration(o.cooldownDuration, COOLDOWN, 'cooldownDuration');
    const maxAge = duration(o.cacheMaxAge, MAX_AGE, 'cacheMaxAge');
    const maxBodySize = count(o.maxBodySize, MAX_BODY, 'maxBodySize');
    if (o.allowHttp !== undefined && typeof o.allowHttp !== 'boolean') throw new TypeError('"allowHttp" option must be a boolean');
    const text = url instanceof URL ? url.href : url;
    if (!wasm.remoteUrlOk(text, o.allowHttp === true)) throw thrown(wasm.fetchFailure('url', 0));
    const href = new URL(text).href;
    const headers = new Headers(o.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json, application/jwk-set+json');

    const cache = new wasm.RemoteCache(cooldown, maxAge);
    let local;
    let pending;

    /** Fetches the set and keeps it; a failure is recorded and thrown (the last set stays). */
    async function load() {
      let body;
      try {
        body = await download(href, headers, timeout, maxBodySize);
      } catch (e) {
        // The cooldown and freshness count from the end of the fetch, as jose's do.
        throw e instanceof Failed ? thrown(cache.failed(now(), e.reason, e.status)) : e;
      }
      const set = call('jwks', () => cache.fetched(now(), body.cacheControl, body.bytes));
      // The core read the body as a JWK Set, so it is UTF-8 JSON: an object whose keys are objects.
      const snapshot = JSON.parse(new TextDecoder().decode(body.bytes));
      if (!isPlainObject(snapshot) || !Array.isArray(snapshot.keys) || !snapshot.keys.every(isPlainObject)) {
        throw new JWKSInvalid('JSON Web Key Set malformed', 'malformed');
      }
      local = localSet(snapshot, set);
    }

    /** The fetch in flight, joined, or a new one (one at a time, but in Workers runtimes). */
    function reload() {
      if (pending && !WORKERS) return pending;
      const current = load().finally(() => {
        if (pending === current) pending = undefined;
      });
      pending = current;
      return current;
    }

    /** Fetches the set first when the core says so; a failed fetch keeps the last good set. */
    async function ready() {
      if (!call('jwks', () => cache.beforeUse(now()))) return;
      try {
        await reload();
      } catch (e) {
        // A stale set is used within the core's stale-if-error window; beyond it, the failure
        // is the answer (afterFailure throws it).
        if (!local) throw e;
        call('jwks', () => cache.afterFailure(now()));
      }
    }

    /** The key for a token's header, as jose's remote set gives it. */
    async function remoteJWKSet(protectedHeader, token) {
      // An `alg` no published set can serve is refused before anything is fetched.
      setAlg(protectedHeader?.alg);
      await ready();
      try {
        return local(protectedHeader, token);
      } catch (e) {
        // An unknown key: the set is fetched again, at most once per cooldown, then looked up once more.
        if (!(e instanceof JWKSNoMatchingKey) || (!pending && !cache.onUnknownKey(now()))) throw e;
      }
      await reload();
      return local(protectedHeader, token);
    }

    return Object.defineProperties(remoteJWKSet, {
      coolingDown: { get: () => cache.coolingDown(now()), enumerable: true },
      fresh: { get: () => cache.fresh(now()), enumerable: true },
      reloading: { get: () => pending !== undefined, enumerable: true },
      reload: { value: () => reload(), enumerable: true },
      jwks: { value: () => local?.jwks(), enumerable: true },
    });
  }

  return { createRemoteJWKSet };
}
