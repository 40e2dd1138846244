import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { emulatorsClosedAfterEach, postJson } from './helpers.js';

const start = emulatorsClosedAfterEach();

interface Answer {
  status: number;
  body: string;
}

/** One request over a real socket, with the headers a browser or an attacker would set (Host too). */
function send(
  e: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const u = new URL(e.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Streams a chunked body of up to `max` bytes (no Content-Length), honouring backpressure, and
 * stops at the first sign of an answer. Says how much was written by then.
 */
function streamChunked(
  e: RunningEmulator,
  path: string,
  max: number,
): Promise<{ status: number; written: number }> {
  const u = new URL(e.url);
  const chunk = Buffer.alloc(16 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path,
        agent: false,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, written });
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && written < max) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const MiB = 1024 * 1024;

describe('request bodies are limited as they arrive', () => {
  for (const path of ['/client/register', '/_emulator/tokens']) {
    it(`answers 413 to a chunked body on ${path} long before it ends`, async () => {
      const e = await start();
      // without the limit counted as bytes arrive, the whole 64 MiB is read before any answer
      const { status, written } = await streamChunked(e, path, 64 * MiB);
      expect(status).toBe(413);
      expect(written).toBeLessThan(16 * MiB);
      // and it stays up
      expect(
        (await postJson(`${e.url}/client/register`, { clientName: 'after', clientType: 'public' })).status,
      ).toBe(200);
    });
  }
});

describe('Host and Origin checks', () => {
  it('refuses requests whose Host is not a loopback name with its port (DNS rebinding)', async () => {
    const e = await start();
    const port = new URL(e.url).port;
    e.admin.issueAccessToken('alice');
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1:${Number(port) + 1}`,
      `10.0.0.1:${port}`,
    ]) {
      expect((await send(e, 'POST', '/_emulator/reset', { host })).status, host).toBe(403);
      expect((await send(e, 'POST', '/_emulator/tokens', { host })).status, host).toBe(403);
      expect((await send(e, 'GET', '/device', { host })).status, host).toBe(403);
    }
    expect(e.admin.sizes().accessTokens).toBe(1);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `LOCALHOST:${port}`])
      expect((await send(e, 'GET', '/device', { host })).status, host).toBe(200);
  });

  it('answers extra names given in allowedHosts', async () => {
    const e = await start({ allowedHosts: ['emulator'] });
    const port = new URL(e.url).port;
    expect((await send(e, 'GET', '/device', { host: `emulator:${port}` })).status).toBe(200);
    expect((await send(e, 'GET', '/device', { host: `other:${port}` })).status).toBe(403);
  });

  it('refuses admin calls and form posts from web pages of other origins, accepts its own and programs', async () => {
    const e = await start();
    const own = new URL(e.url).host;
    const before = e.admin.sizes().accessTokens;
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:1' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const h of crossSite) {
      expect((await send(e, 'POST', '/_emulator/tokens', h, '{}')).status, JSON.stringify(h)).toBe(403);
      expect((await send(e, 'POST', '/_emulator/reset', h)).status, JSON.stringify(h)).toBe(403);
      expect((await send(e, 'GET', '/_emulator/requests', h)).status, JSON.stringify(h)).toBe(403);
      const form = { ...h, 'content-type': 'application/x-www-form-urlencoded' };
      expect(
        (await send(e, 'POST', '/device/consent', form, 'user_code=BCDF-GHJK&decision=allow')).status,
      ).toBe(403);
    }
    expect(e.admin.sizes().accessTokens).toBe(before);
    // its own pages, typed URLs and programs
    expect(
      (
        await send(
          e,
          'POST',
          '/_emulator/tokens',
          { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' },
          '{}',
        )
      ).status,
    ).toBe(200);
    expect((await send(e, 'POST', '/_emulator/tokens', {}, '{}')).status).toBe(200);
    expect((await send(e, 'GET', '/_emulator/requests', { 'sec-fetch-site': 'none' })).status).toBe(200);
    // a link from another site to the pages still opens them
    expect(
      (await send(e, 'GET', '/device?user_code=BCDF-GHJK', { 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(200);
  });
});

describe('what the emulator keeps is bounded', () => {
  it('keeps at most limits.clients registrations: the oldest are dropped, the count stays at the cap', async () => {
    const e = await start({ limits: { clients: 5 } });
    const clients = [];
    for (let i = 0; i < 12; i++) {
      const r = await postJson(`${e.url}/client/register`, { clientName: `c${i}`, clientType: 'public' });
      expect(r.status).toBe(200);
      clients.push(r.json);
      expect(e.admin.sizes().clients).toBe(Math.min(i + 1, 5));
    }
    const startAuth = (c: Record<string, unknown>) =>
      postJson(`${e.url}/device_authorization`, {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        startUrl: e.startUrl,
      });
    const dropped = await startAuth(clients[0]!);
    expect(dropped.status).toBe(401);
    expect(dropped.json.error).toBe('invalid_client');
    expect((await startAuth(clients[11]!)).status).toBe(200);
  });

  it('bounds device authorizations, tokens and the request log', async () => {
    const e = await start({ limits: { authorizations: 3, tokens: 4 }, maxRecordedRequests: 5 });
    const c = (await postJson(`${e.url}/client/register`, { clientName: 'x', clientType: 'public' })).json;
    for (let i = 0; i < 7; i++)
      expect((await postJson(`${e.url}/device_authorization`, { ...c, startUrl: e.startUrl })).status).toBe(
        200,
      );
    expect(e.admin.sizes().deviceAuthorizations).toBe(3);
    expect(e.admin.pendingDeviceAuthorizations()).toHaveLength(3);
    for (let i = 0; i < 9; i++) e.admin.issueAccessToken('alice', { refreshable: true });
    const sizes = e.admin.sizes();
    expect([sizes.sessions, sizes.accessTokens, sizes.refreshTokens]).toEqual([4, 4, 4]);
    expect(sizes.requests).toBe(5);
    const log = e.admin.requests();
    expect(log).toHaveLength(5);
    expect(log.map((r) => r.operation)).toEqual(Array(5).fill('StartDeviceAuthorization'));
    // the same over HTTP
    const res = (await (await fetch(`${e.url}/_emulator/sizes`)).json()) as { sizes: Record<string, number> };
    expect(res.sizes.clients).toBe(1);
  });

  it('refuses over-long fields and keeps large bodies out of the log', async () => {
    const e = await start();
    const long = await postJson(`${e.url}/client/register`, {
      clientName: 'n'.repeat(60_000),
      clientType: 'public',
    });
    expect(long.status).toBe(400);
    expect(long.json.error_description).toMatch(/clientName must be at most 1024 characters/);
    expect(e.admin.sizes().clients).toBe(0);
    const many = await postJson(`${e.url}/client/register`, {
      clientName: 'x',
      clientType: 'public',
      scopes: Array(17).fill('sso:account:access'),
    });
    expect(many.status).toBe(400);
    const [first] = e.admin.requests();
    expect(first?.bodyBytes).toBeGreaterThan(60_000);
    expect(first?.body).toBeUndefined();
    const headerValue = 'h'.repeat(5000);
    await fetch(`${e.url}/start`, { headers: { 'x-long': headerValue } });
    const recorded = e.admin.requests().at(-1)!.headers['x-long']!;
    expect(recorded.length).toBeLessThan(1100);
  });
});

describe('listening beyond loopback', () => {
  it('warns when bound to a non-loopback interface, and not on loopback', async () => {
    const warnings: string[] = [];
    await start({ host: '0.0.0.0', onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/listening on 0\.0\.0\.0:\d+, reachable from other machines/);
    await start({ onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
  });

  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  it('prints the warning from the bin on stderr', async () => {
    expect(existsSync(bin), 'dist/bin.js is missing: run pnpm build').toBe(true);
    const child = spawn(process.execPath, [bin, '--host', '0.0.0.0', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/ssokit-emulator: warning: .*reachable from other machines/);
  });
});
