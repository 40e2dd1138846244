import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { CreateToken, GrantType, ListAccounts, Logout } from '@ssokit/protocol';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTransportError } from '../src/errors.js';
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

describe('proxy support through the default EnvHttpProxyAgent', () => {
  const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
    for (const k of PROXY_VARS) delete process.env[k];
  });
  afterEach(() => {
    for (const k of PROXY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('sends requests through HTTP_PROXY / HTTPS_PROXY and skips hosts in NO_PROXY', async () => {
    const seenByTarget: string[] = [];
    const target = await startServer((req, res) => {
      seenByTarget.push(`${req.method} ${req.url} bearer=${req.headers['x-amz-sso_bearer_token']}`);
      res.end('');
    });
    closers.push(target.close);

    const log: string[] = [];
    const tunnels = new Set<net.Socket>();
    const proxyServer = http.createServer((req, res) => {
      log.push(`${req.method} ${req.url}`);
      const to = new URL(req.url ?? '');
      const upstream = http.request(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: to.pathname + to.search,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    proxyServer.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      log.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      tunnels.add(client).add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    proxyServer.listen(0, '127.0.0.1');
    await once(proxyServer, 'listening');
    const proxyUrl = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
    closers.push(async () => {
      for (const s of tunnels) s.destroy();
      proxyServer.closeAllConnections();
      proxyServer.close();
      await once(proxyServer, 'close');
    });

    process.env['HTTP_PROXY'] = proxyUrl;
    process.env['HTTPS_PROXY'] = proxyUrl;
    process.env['NO_PROXY'] = '';
    const viaProxy = new Transport({ endpoint: target.url, retry: { maxAttempts: 1 } });
    closers.push(() => viaProxy.close());
    await viaProxy.send(Logout, { accessToken: 'tok-1' });
    expect(log).toHaveLength(1);
    expect([`CONNECT 127.0.0.1:${target.port}`, `POST ${target.url}/logout`]).toContain(log[0]);
    expect(seenByTarget).toEqual(['POST /logout bearer=tok-1']);

    process.env['NO_PROXY'] = '127.0.0.1';
    const direct = new Transport({ endpoint: target.url, retry: { maxAttempts: 1 } });
    await direct.send(Logout, { accessToken: 'tok-2' });
    await direct.close();
    expect(log).toHaveLength(1);
    expect(seenByTarget).toEqual(['POST /logout bearer=tok-1', 'POST /logout bearer=tok-2']);
  });
});
