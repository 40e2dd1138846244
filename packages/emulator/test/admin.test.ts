import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { emulatorsClosedAfterEach, postJson, rejectionOf, sdkClients } from './helpers.js';

const start = emulatorsClosedAfterEach();
const register = (e: RunningEmulator) =>
  postJson(`${e.url}/client/register`, {
    clientName: 'admin-test',
    clientType: 'public',
    scopes: ['sso:account:access'],
  });

describe('request log and counters', () => {
  it('records method, path, query, headers and body with secrets redacted', async () => {
    const e = await start();
    const c = (await register(e)).json as { clientId: string; clientSecret: string };
    const { accessToken } = e.admin.issueAccessToken();
    await fetch(`${e.url}/assignment/roles?account_id=111111111111&max_result=2`, {
      headers: { 'x-amz-sso_bearer_token': accessToken },
    });
    await postJson(`${e.url}/device_authorization`, { ...c, startUrl: e.startUrl });
    const log = e.admin.requests();
    expect(log.map((r) => [r.method, r.path, r.operation, r.status])).toEqual([
      ['POST', '/client/register', 'RegisterClient', 200],
      ['GET', '/assignment/roles', 'ListAccountRoles', 200],
      ['POST', '/device_authorization', 'StartDeviceAuthorization', 200],
    ]);
    expect(log[1]!.query).toEqual({ account_id: '111111111111', max_result: '2' });
    expect(log[1]!.headers['x-amz-sso_bearer_token']).not.toContain(accessToken.slice(8));
    const body = log[2]!.body as Record<string, string>;
    expect(body.clientId).toBe(c.clientId);
    expect(body.startUrl).toBe(e.startUrl);
    expect(body.clientSecret).not.toBe(c.clientSecret);
    expect(JSON.stringify(log)).not.toContain(c.clientSecret);
    expect(JSON.stringify(log)).not.toContain(accessToken);
    expect(log[0]!.time).toBeLessThanOrEqual(e.admin.now());
    expect(e.admin.counters()).toEqual({
      RegisterClient: 1,
      ListAccountRoles: 1,
      StartDeviceAuthorization: 1,
    });
    // form posts from the pages are recorded too
    await fetch(`${e.url}/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user_code=BCDF-GHJK',
    });
    expect(e.admin.requests().at(-1)!.body).toEqual({ user_code: 'BCDF-GHJK' });
    e.admin.clearRequests();
    expect(e.admin.requests()).toEqual([]);
  });

  it('reset forgets clients, tokens, the log, counters and faults', async () => {
    const e = await start();
    const c = (await register(e)).json;
    const { accessToken } = e.admin.issueAccessToken();
    e.admin.injectFault({ route: 'ListAccounts', kind: '503', count: 5 });
    e.admin.reset();
    expect(e.admin.requests()).toEqual([]);
    expect(e.admin.counters()).toEqual({});
    const start2 = await postJson(`${e.url}/device_authorization`, { ...c, startUrl: e.startUrl });
    expect(start2.status).toBe(401);
    const list = await fetch(`${e.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': accessToken },
    });
    expect(list.status).toBe(401);
  });
});

describe('fault injection', () => {
  it('answers 500, 503 and 429 by count, and never when probability is 0', async () => {
    const e = await start();
    e.admin.injectFault({ route: 'RegisterClient', kind: '503', count: 2 });
    expect((await register(e)).status).toBe(503);
    expect((await register(e)).status).toBe(503);
    expect((await register(e)).status).toBe(200);
    e.admin.injectFault({ route: '/client/register', kind: '429' });
    const throttled = await register(e);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    e.admin.injectFault({ route: '*', kind: '500', probability: 0 });
    for (let i = 0; i < 5; i++) expect((await register(e)).status).toBe(200);
    e.admin.clearFaults();
    e.admin.injectFault({ route: 'RegisterClient', kind: '500', probability: 1, count: 1 });
    const failed = await register(e);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-amzn-errortype')).toBe('InternalServerException');
  });

  it('adds latency', async () => {
    const e = await start();
    e.admin.injectFault({ route: 'RegisterClient', kind: 'latency', latencyMs: 300 });
    const t0 = performance.now();
    expect((await register(e)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('resets connections, hangs, sends malformed and truncated JSON', async () => {
    const e = await start();
    e.admin.injectFault({ route: 'RegisterClient', kind: 'reset' });
    await expect(register(e)).rejects.toThrow();
    e.admin.injectFault({ route: 'RegisterClient', kind: 'malformed-json' });
    const malformed = await fetch(`${e.url}/client/register`, { method: 'POST', body: '{}' });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    e.admin.injectFault({ route: 'GetRoleCredentials', kind: 'truncated' });
    const truncated = await fetch(`${e.url}/federation/credentials?account_id=1&role_name=r`);
    await expect(truncated.text()).rejects.toThrow();
    e.admin.injectFault({ route: 'RegisterClient', kind: 'hang' });
    await expect(
      fetch(`${e.url}/client/register`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await register(e)).status).toBe(200);
    // the reset request is in the log, unanswered
    expect(e.admin.requests()[0]!.status).toBe(0);
  });

  it('shows injected faults to the SDK as its own errors', async () => {
    const e = await start();
    const { oidc } = sdkClients(e);
    e.admin.injectFault({ route: 'RegisterClient', kind: 'malformed-json' });
    const err = await rejectionOf(
      oidc.send(new RegisterClientCommand({ clientName: 'x', clientType: 'public' })),
    );
    expect(err).toBeInstanceOf(Error);
    oidc.destroy();
  });
});

describe('admin HTTP API', () => {
  it('approves, moves the clock, sets rate limits, injects faults and mints tokens over HTTP', async () => {
    const e = await start({ pollIntervalSeconds: 1 });
    const admin = (path: string, body?: unknown, method = 'POST') =>
      fetch(`${e.url}/_emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const c = (await register(e)).json;
    const d = (await postJson(`${e.url}/device_authorization`, { ...c, startUrl: e.startUrl })).json;
    const pending = (await (await admin('/device-authorizations', undefined, 'GET')).json()) as {
      deviceAuthorizations: Array<{ userCode: string; clientName: string }>;
    };
    expect(pending.deviceAuthorizations).toEqual([
      expect.objectContaining({ userCode: d.userCode, clientName: 'admin-test' }),
    ]);
    expect(
      (await admin('/device-authorizations/approve', { userCode: d.userCode, user: 'bob' })).status,
    ).toBe(200);
    expect((await admin('/device-authorizations/approve', { userCode: 'ZZZZ-ZZZZ' })).status).toBe(400);
    const t = await postJson(`${e.url}/token`, {
      ...c,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: d.deviceCode,
    });
    expect(t.status).toBe(200);
    const before = e.admin.now();
    const moved = (await (await admin('/clock/advance', { ms: 3_600_000 })).json()) as { now: number };
    expect(moved.now - before).toBeGreaterThanOrEqual(3_600_000);
    const expired = await fetch(`${e.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': t.json.accessToken as string },
    });
    expect(expired.status).toBe(401);
    const minted = (await (await admin('/tokens', { user: 'bob' })).json()) as { accessToken: string };
    expect((await admin('/rate-limits/ListAccounts', { perSecond: 0.1 }, 'PUT')).status).toBe(200);
    const list = () =>
      fetch(`${e.url}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': minted.accessToken } });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(429);
    expect((await admin('/rate-limits/ListAccounts', {}, 'PUT')).status).toBe(200);
    expect((await admin('/faults', { route: 'ListAccounts', kind: '503' })).status).toBe(200);
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(200);
    const counters = (await (await admin('/counters', undefined, 'GET')).json()) as {
      counters: Record<string, number>;
    };
    expect(counters.counters.ListAccounts).toBe(5);
    const log = (await (await admin('/requests', undefined, 'GET')).json()) as { requests: unknown[] };
    expect(log.requests.length).toBe(e.admin.requests().length);
    expect((await admin('/reset')).status).toBe(200);
    expect(e.admin.requests()).toEqual([]);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('refuses admin calls from non-loopback clients', async () => {
    const e = await start({ host: '0.0.0.0' });
    const port = new URL(e.url).port;
    const res = await fetch(`http://${external}:${port}/_emulator/requests`);
    expect(res.status).toBe(403);
    const ok = await fetch(`http://127.0.0.1:${port}/_emulator/requests`);
    expect(ok.status).toBe(200);
  });
});

describe('ssokit-emulator bin', () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  it.skipIf(!existsSync(bin))(
    'starts with --auto-approve --port 0, prints its JSON line, serves a device sign-in to the SDK, stops on SIGTERM',
    async () => {
      const child = spawn(process.execPath, [bin, '--auto-approve', '--port', '0', '--poll-interval', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let buf = '';
          child.stdout.on('data', (d: Buffer) => {
            buf += d.toString();
            if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
          });
          child.once('exit', (code) => reject(new Error(`bin exited with ${code}`)));
        });
        const info = JSON.parse(line) as { url: string; startUrl: string; region: string };
        expect(info.region).toBe('us-east-1');
        expect(info.startUrl).toBe(`${info.url}/start`);
        const { oidc, sso } = sdkClients({ url: info.url, region: info.region } as RunningEmulator);
        const c = await oidc.send(
          new RegisterClientCommand({
            clientName: 'bin',
            clientType: 'public',
            scopes: ['sso:account:access'],
          }),
        );
        const d = await oidc.send(
          new StartDeviceAuthorizationCommand({
            clientId: c.clientId!,
            clientSecret: c.clientSecret!,
            startUrl: info.startUrl,
          }),
        );
        const t = await oidc.send(
          new CreateTokenCommand({
            clientId: c.clientId!,
            clientSecret: c.clientSecret!,
            grantType: 'urn:ietf:params:oauth:grant-type:device_code',
            deviceCode: d.deviceCode!,
          }),
        );
        const accounts = await sso.send(new ListAccountsCommand({ accessToken: t.accessToken! }));
        expect(accounts.accountList).toHaveLength(3);
        oidc.destroy();
        sso.destroy();
      } finally {
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    },
  );

  it.skipIf(!existsSync(bin))('prints --help', async () => {
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(out).toContain('--auto-approve');
    expect(out).toContain('--rate-limit');
  });
});

describe('startEmulator options', () => {
  it('listens on IPv6 loopback with a bracketed URL', async () => {
    const e = await start({ host: '::1' }).catch(() => undefined);
    if (!e) return; // no IPv6 on this machine
    expect(e.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await register(e)).status).toBe(200);
  });

  it('rejects bad options and a busy port with an EmulatorError', async () => {
    const e = await start();
    await expect(startEmulator({ port: Number(new URL(e.url).port) })).rejects.toMatchObject({
      code: 'ERR_SSOKIT_EMULATOR_INVALID_OPTION',
    });
    await expect(startEmulator({ pollIntervalSeconds: 0 })).rejects.toThrow(/pollIntervalSeconds/);
    await expect(startEmulator({ region: 'moon' })).rejects.toThrow(/region/);
    await expect(startEmulator({ rateLimits: { Nope: 1 } as never })).rejects.toThrow(/Nope/);
  });
});
