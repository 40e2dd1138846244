// The default dispatcher builds undici's EnvHttpProxyAgent only when a proxy is set, on the first
// request that needs it (src/default-dispatcher.ts). These pin down that nothing else changed:
// which variables count, the HTTPS → HTTP fallback, NO_PROXY, requests made (or aborted) while the
// agent loads, and non-loopback hosts reached directly when no proxy is set. Nothing leaves the
// machine: the proxy is a local recorder, the "remote" host is this machine's own LAN address.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Logout } from '@ssokit/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDefaultDispatcher } from '../src/default-dispatcher.js';
import { isTransportError } from '../src/errors.js';
import { startRecordingProxy } from '../src/testing.js';
import { Transport } from '../src/transport.js';
import { rejection } from './helpers.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
/** A non-loopback IPv4 address of this machine: isLoopbackHost says no, yet nothing leaves it. */
const LAN_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

const closers: (() => Promise<void> | void)[] = [];
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
beforeEach(async () => {
  for (const k of PROXY_VARS) vi.stubEnv(k, undefined);
  proxy = await startRecordingProxy();
  closers.push(proxy.close);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  while (closers.length > 0) await closers.pop()?.();
});

async function lanServer(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('');
  });
  server.listen(0, LAN_ADDRESS);
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return { url: `http://${LAN_ADDRESS}:${(server.address() as AddressInfo).port}`, seen };
}

function transport(endpoint: string, dispatcher?: ReturnType<typeof createDefaultDispatcher>): Transport {
  const t = new Transport({ endpoint, retry: { maxAttempts: 1 }, ...(dispatcher ? { dispatcher } : {}) });
  closers.push(() => t.close());
  return t;
}

describe('createDefaultDispatcher reads the proxy variables as undici’s EnvHttpProxyAgent does', () => {
  it('a lower-case http_proxy alone carries https requests too (HTTPS falls back to HTTP)', async () => {
    vi.stubEnv('http_proxy', proxy.url);
    const err = await rejection(transport(PORTAL).send(Logout, { accessToken: 't' }));
    expect(isTransportError(err, 'ERR_SSOKIT_NETWORK')).toBe(true);
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
  });

  it('an explicit httpProxy option carries plain http requests to a non-loopback host', async () => {
    const dispatcher = createDefaultDispatcher({ httpProxy: proxy.url });
    closers.push(() => dispatcher.close());
    const err = await rejection(
      dispatcher.request({ origin: 'http://sso.internal.example', path: '/x', method: 'GET' }),
    );
    expect((err as { code?: string }).code).toBe('UND_ERR_ABORTED'); // the recording proxy said 403
    expect(proxy.requests).toEqual(['CONNECT sso.internal.example:80']); // undici tunnels http too
  });

  it('an empty HTTPS_PROXY is no proxy, whatever HTTP_PROXY would have said in upper case', async () => {
    vi.stubEnv('https_proxy', '');
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('HTTP_PROXY', proxy.url);
    // lower case first, as undici reads it: https_proxy='' wins over HTTPS_PROXY, then HTTP_PROXY
    // is the fallback for https; so the request is proxied through HTTP_PROXY.
    await rejection(transport(PORTAL).send(Logout, { accessToken: 't' }));
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
  });

  it('a malformed HTTPS_PROXY fails each request with a network error that points at the proxy settings', async () => {
    vi.stubEnv('HTTPS_PROXY', 'ftp://proxy.internal.example');
    const t = transport(PORTAL);
    for (const accessToken of ['a', 'b']) {
      const err = await rejection(t.send(Logout, { accessToken }));
      expect(isTransportError(err, 'ERR_SSOKIT_NETWORK')).toBe(true);
      expect((err as Error).message).toContain('UND_ERR_INVALID_ARG');
      expect((err as Error).message).toContain('HTTPS_PROXY');
    }
    expect(proxy.requests).toEqual([]);
  });

  it('requests made while the proxy agent is still loading all reach the proxy', async () => {
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    const dispatcher = createDefaultDispatcher();
    closers.push(() => dispatcher.close());
    const t = transport(PORTAL, dispatcher);
    const results = await Promise.all([
      rejection(t.send(Logout, { accessToken: 'a' })),
      rejection(t.send(Logout, { accessToken: 'b' })),
    ]);
    expect(results.map((e) => isTransportError(e, 'ERR_SSOKIT_NETWORK'))).toEqual([true, true]);
    expect(proxy.requests).toEqual([
      'CONNECT portal.sso.us-east-1.amazonaws.com:443',
      'CONNECT portal.sso.us-east-1.amazonaws.com:443',
    ]);
  });

  it('a request aborted while the proxy agent is still loading rejects as aborted; the next one is proxied', async () => {
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    const dispatcher = createDefaultDispatcher();
    closers.push(() => dispatcher.close());
    const abort = new AbortController();
    const pending = dispatcher.request({
      origin: PORTAL,
      path: '/logout',
      method: 'POST',
      signal: abort.signal,
    });
    abort.abort();
    const err = await rejection(pending);
    expect((err as Error).name).toBe('AbortError');
    // the agent is loaded now: a later request goes through it
    proxy.requests.length = 0;
    await rejection(dispatcher.request({ origin: PORTAL, path: '/logout', method: 'POST' }));
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
  });

  it('close() while the proxy agent is still loading lets the queued request finish, then closes it', async () => {
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    const dispatcher = createDefaultDispatcher();
    let settled = false;
    const pending = rejection(dispatcher.request({ origin: PORTAL, path: '/', method: 'GET' })).finally(
      () => {
        settled = true;
      },
    );
    await dispatcher.close();
    expect(settled).toBe(true);
    expect(((await pending) as { code?: string }).code).toBe('UND_ERR_ABORTED'); // the proxy's 403
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
  });
});

describe.skipIf(LAN_ADDRESS === undefined)(
  `a non-loopback host (${LAN_ADDRESS ?? 'none: this machine has no LAN IPv4 address'})`,
  () => {
    // (through the dispatcher: the Transport itself refuses plain http:// off loopback)
    async function get(origin: string): Promise<number | string | undefined> {
      const dispatcher = createDefaultDispatcher();
      closers.push(() => dispatcher.close());
      try {
        const res = await dispatcher.request({ origin, path: '/x', method: 'GET' });
        await res.body.dump();
        return res.statusCode;
      } catch (e) {
        return (e as { code?: string }).code;
      }
    }

    it('is reached directly when no proxy variable is set', async () => {
      const target = await lanServer();
      expect(await get(target.url)).toBe(200);
      expect(target.seen).toEqual(['GET /x']);
      expect(proxy.requests).toEqual([]);
    });

    it('goes through HTTP_PROXY when one is set, and directly when NO_PROXY names it', async () => {
      const target = await lanServer();
      vi.stubEnv('HTTP_PROXY', proxy.url);
      expect(await get(target.url)).toBe('UND_ERR_ABORTED'); // the recording proxy said 403
      expect(proxy.requests).toEqual([`CONNECT ${new URL(target.url).host}`]);
      expect(target.seen).toEqual([]);
      vi.stubEnv('NO_PROXY', LAN_ADDRESS);
      expect(await get(target.url)).toBe(200);
      expect(target.seen).toEqual(['GET /x']);
      expect(proxy.requests).toHaveLength(1);
    });
  },
);
