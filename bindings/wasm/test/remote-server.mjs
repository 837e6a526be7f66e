// A JWK Set server for the createRemoteJWKSet suites (remote.test.mjs, worker.test.mjs, and the
// Deno and Bun smoke test): plain HTTP, or HTTPS with a certificate made by the `openssl`
// command for localhost and 127.0.0.1. It counts the requests of each path and keeps the last
// request's headers.
//
//   /jwks          the current set (`server.jwks`), with `server.cacheControl` if set; a
//                  status instead when `server.status` is set (a failing issuer)
//   /slow          the set, after `server.delay` ms (2000 by default)
//   /slow-body     the headers at once, then the body after `server.delay` ms
//   /big           a 600 KiB body, chunked (no Content-Length); /big-length with it
//   /invalid       200 with a body that is not JSON
//   /not-utf8      200 with a body that is JSON but not UTF-8
//   /refused       200 with `server.refused` (a JWK Set the core refuses)
//   /redirect      302 to /jwks
//   /404, /500     that status
//
// `node --test test/` also loads this file as a suite: it only defines functions.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A self-signed P-256 certificate for localhost and 127.0.0.1, made by `openssl req`, valid for a
 * day: `{ key, cert }` (PEM), and `certPath`, a file holding the certificate (for
 * NODE_EXTRA_CA_CERTS), removed by `dispose()`.
 */
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'tinyjose-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'pipe' });
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const json = (value) => Buffer.from(JSON.stringify(value));

/**
 * Starts the server on 127.0.0.1 (an ephemeral port): HTTPS with `tls` ({ key, cert }), else
 * HTTP. Resolves to the server's state, with `origin`, `hits` (requests per path), `headers`
 * (of the last request), `reset()` and `close()`.
 */
export function startJwksServer(tls) {
  const state = {
    jwks: { keys: [] },
    cacheControl: undefined,
    status: undefined,
    delay: 2000,
    refused: { keys: [] },
    hits: {},
    headers: {},
    timers: new Set(),
    reset() {
      this.hits = {};
      this.status = undefined;
      this.cacheControl = undefined;
    },
  };
  const later = (fn) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      fn();
    }, state.delay);
    state.timers.add(timer);
  };
  const handler = (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    state.hits[path] = (state.hits[path] ?? 0) + 1;
    state.headers = req.headers;
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...headers });
      res.end(body);
    };
    switch (path) {
      case '/jwks':
        if (state.status) return send(state.status, json({ error: 'unavailable' }));
        return send(200, json(state.jwks), state.cacheControl ? { 'cache-control': state.cacheControl } : {});
      case '/slow':
        return later(() => send(200, json(state.jwks)));
      case '/slow-body': {
        const body = json(state.jwks);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.flushHeaders();
        return later(() => res.end(body));
      }
      case '/big': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 10; i++) res.write(chunk);
        return res.end('{}');
      }
      case '/big-length':
        return send(200, Buffer.alloc(600 * 1024, 0x20));
      case '/invalid':
        return send(200, Buffer.from('{"keys": [ not json'));
      case '/not-utf8':
        return send(200, Buffer.concat([Buffer.from('{"keys":[],"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
      case '/refused':
        return send(200, json(state.refused));
      case '/redirect':
        return send(302, Buffer.alloc(0), { location: '/jwks' });
      case '/500':
        return send(500, json({ error: 'boom' }));
      default:
        return send(404, json({ error: 'not found' }));
    }
  };
  const server = tls ? createHttps({ key: tls.key, cert: tls.cert }, handler) : createHttp(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      state.port = port;
      state.origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
      state.close = () => new Promise((done) => {
        for (const timer of state.timers) clearTimeout(timer);
        server.closeAllConnections?.();
        server.close(done);
      });
      resolve(state);
    });
  });
}
