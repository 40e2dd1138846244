import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { CreateToken, GrantType, ListAccounts, Logout } from '@ssokit/protocol';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDefaultDispatcher } from '../src/default-dispatcher.js';
import { isTransportError } from '../src/errors.js';
import { startRecordingProxy } from '../src/testing.js';
import { Transport } from '../src/transport.js';
import { FakeClock, rejection, until } from './helpers.js';

/** A loopback server whose handler the test controls; tracks sockets so it always closes. */
async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sockets,
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

const tokenInput = {
  clientId: 'c',
  clientSecret: 's',
  grantType: GrantType.REFRESH_TOKEN,
  refreshToken: 'r',
};

describe('per-attempt timeout and abort (real loopback sockets, fake clock)', () => {
  let agent: Agent;
  let clock: FakeClock;
  beforeEach(() => {
    agent = new Agent();
    closers.push(() => agent.close());
    clock = new FakeClock();
  });

  it('a GET that times out is retried and the next attempt can succeed', async () => {
    let requests = 0;
    const server = await startServer((_req, res) => {
      // The first request hangs; the second answers.
      if (++requests === 2) res.end('{"accountList":[]}');
    });
    closers.push(server.close);
    const t = new Transport({
      endpoint: server.url,
      dispatcher: agent,
      clock,
      timeoutMs: 4000,
      random: () => 0.5,
    });
    const p = t.send(ListAccounts, { accessToken: 'tok' });
    p.catch(() => {});
    await until(() => requests === 1, 'the first request');
    expect(clock.fire(4000)).toBe(true);
    await until(() => clock.pending.includes(50), 'the backoff sleep');
    clock.fire(50);
    await expect(p).resolves.toEqual({ accountList: [] });
    expect(requests).toBe(2);
  });

  it('a CreateToken that times out is not resent and fails with TIMEOUT', async () => {
    let requests = 0;
    const server = await startServer(() => {
      requests++;
    });
    closers.push(server.close);
    const t = new Transport({ endpoint: server.url, dispatcher: agent, clock, timeoutMs: 4000 });
    const p = t.send(CreateToken, tokenInput);
    p.catch(() => {});
    await until(() => requests === 1, 'the request');
    clock.fire(4000);
    const err = await rejection(p);
    expect(isTransportError(err, 'ERR_SSOKIT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toMatch(/did not answer within 4000 ms/);
    expect((err as { isRetryable: boolean }).isRetryable).toBe(true);
    expect(requests).toBe(1);
    expect(clock.pending).toEqual([]);
  });

  it('the per-call timeoutMs overrides the default', async () => {
    let requests = 0;
    const server = await startServer(() => {
      requests++;
    });
    closers.push(server.close);
    const t = new Transport({ endpoint: server.url, dispatcher: agent, clock, retry: { maxAttempts: 1 } });
    const p = t.send(ListAccounts, { accessToken: 'tok' }, { timeoutMs: 1234 });
    p.catch(() => {});
    await until(() => requests === 1, 'the request');
    expect(clock.pending).toEqual([1234]);
    clock.fire(1234);
    expect(isTransportError(await rejection(p), 'ERR_SSOKIT_TIMEOUT')).toBe(true);
  });

  it('an abort while the request is in flight stops at once and closes the request', async () => {
    let requests = 0;
    const server = await startServer(() => {
      requests++;
    });
    closers.push(server.close);
    const t = new Transport({ endpoint: server.url, dispatcher: agent, clock });
    const controller = new AbortController();
    const p = t.send(ListAccounts, { accessToken: 'tok' }, { signal: controller.signal });
    p.catch(() => {});
    await until(() => requests === 1, 'the request');
    controller.abort();
    const err = await rejection(p);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
    expect(clock.pending).toEqual([]);
    await until(() => server.sockets.size === 0, 'the socket to close');
  });

  it('connection refused is retried, even for CreateToken, then reported with the code', async () => {
    // A port that was just free: nothing listens there.
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const t = new Transport({
      endpoint: `http://127.0.0.1:${port}`,
      dispatcher: agent,
      clock,
      random: () => 0.5,
    });
    const p = t.send(CreateToken, tokenInput);
    p.catch(() => {});
    await until(() => clock.pending.includes(50), 'the first backoff');
    clock.fire(50);
    await until(() => clock.pending.includes(100), 'the second backoff');
    clock.fire(100);
    const err = await rejection(p);
    expect(isTransportError(err, 'ERR_SSOKIT_NETWORK')).toBe(true);
    expect((err as { networkCode: string }).networkCode).toBe('ECONNREFUSED');
    expect((err as { mayHaveBeenProcessed: boolean }).mayHaveBeenProcessed).toBe(false);
    expect((err as Error).message).toContain(`could not reach http://127.0.0.1:${port}`);
  });
});

describe('the default dispatcher: proxy from the environment, loopback always direct', () => {
  const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  beforeEach(async () => {
    for (const k of PROXY_VARS) vi.stubEnv(k, undefined);
    proxy = await startRecordingProxy();
    closers.push(proxy.close);
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('HTTPS_PROXY', proxy.url);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function loopbackTarget(host: string) {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} bearer=${req.headers['x-amz-sso_bearer_token']}`);
      res.end('');
    });
    server.listen(0, host);
    await once(server, 'listening');
    closers.push(async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    });
    return { seen, port: (server.address() as AddressInfo).port };
  }

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['localhost', '127.0.0.1'],
    ['127.0.0.2', '127.0.0.2'],
  ])(
    'never sends a request to %s through HTTP(S)_PROXY, even with NO_PROXY set to other hosts',
    async (host, bind) => {
      vi.stubEnv('NO_PROXY', 'internal.example.com');
      const target = await loopbackTarget(bind);
      const transport = new Transport({
        endpoint: `http://${host}:${target.port}`,
        retry: { maxAttempts: 1 },
      });
      closers.push(() => transport.close());
      await transport.send(Logout, { accessToken: 'tok-1' });
      expect(target.seen).toEqual(['POST /logout bearer=tok-1']);
      expect(proxy.requests).toEqual([]);
    },
  );

  it('still sends a non-loopback endpoint through HTTPS_PROXY (and nothing leaves the machine)', async () => {
    const transport = new Transport({
      endpoint: 'https://portal.sso.us-east-1.amazonaws.com',
      retry: { maxAttempts: 1 },
    });
    closers.push(() => transport.close());
    const err = await rejection(transport.send(Logout, { accessToken: 'tok-2' }));
    expect(isTransportError(err, 'ERR_SSOKIT_NETWORK')).toBe(true);
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
    expect((err as Error).message).not.toContain('tok-2');
  });

  it('createDefaultDispatcher takes explicit proxy settings and its NO_PROXY for other hosts', async () => {
    vi.stubEnv('HTTPS_PROXY', undefined);
    vi.stubEnv('HTTP_PROXY', undefined);
    const dispatcher = createDefaultDispatcher({
      httpsProxy: proxy.url,
      noProxy: 'oidc.us-east-1.amazonaws.com',
    });
    closers.push(() => dispatcher.close());
    const proxied = new Transport({
      endpoint: 'https://portal.sso.us-east-1.amazonaws.com',
      dispatcher,
      retry: { maxAttempts: 1 },
    });
    await rejection(proxied.send(Logout, { accessToken: 't' }));
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
    const target = await loopbackTarget('127.0.0.1');
    const direct = new Transport({
      endpoint: `http://127.0.0.1:${target.port}`,
      dispatcher,
      retry: { maxAttempts: 1 },
    });
    await direct.send(Logout, { accessToken: 't' });
    expect(target.seen).toHaveLength(1);
    expect(proxy.requests).toHaveLength(1);
  });
});
