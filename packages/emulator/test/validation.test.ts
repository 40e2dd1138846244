import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EmulatorOptions, startEmulator } from '../src/index.js';
import { emulatorsClosedAfterEach } from './helpers.js';

const start = emulatorsClosedAfterEach();

const INVALID_OPTION = 'ERR_SSOKIT_EMULATOR_INVALID_OPTION';
const INVALID_ARGUMENT = 'ERR_SSOKIT_EMULATOR_INVALID_ARGUMENT';

describe('startEmulator options', () => {
  it('rejects a misspelt option and suggests the nearest one', async () => {
    await expect(startEmulator({ pollIntervalSecond: 1 } as EmulatorOptions)).rejects.toMatchObject({
      code: INVALID_OPTION,
      message: expect.stringMatching(
        /^Unknown option pollIntervalSecond\. Did you mean pollIntervalSeconds\?/,
      ),
    });
    await expect(startEmulator({ autoAprove: true } as EmulatorOptions)).rejects.toThrow(
      /Did you mean autoApprove\?/,
    );
    await expect(startEmulator({ limits: { client: 3 } } as EmulatorOptions)).rejects.toThrow(
      /Unknown option client in limits\. Did you mean clients\?/,
    );
    await expect(startEmulator({ autoApprove: { usr: 'bob' } } as EmulatorOptions)).rejects.toThrow(/usr/);
  });

  it('rejects wrong types and unknown operations, naming the option', async () => {
    await expect(startEmulator({ pollIntervalSeconds: '1' as never })).rejects.toThrow(
      'pollIntervalSeconds must be a number of seconds >= 1 (got "1")',
    );
    await expect(startEmulator({ port: 1.5 })).rejects.toThrow(/port must be an integer 0–65535/);
    await expect(startEmulator({ rateLimits: { ListAcounts: 2 } as never })).rejects.toMatchObject({
      code: INVALID_OPTION,
      message: expect.stringMatching(
        /rateLimits names unknown operation ListAcounts\. Did you mean ListAccounts\?/,
      ),
    });
    await expect(startEmulator({ rateLimits: { ListAccounts: -1 } })).rejects.toThrow(
      /rateLimits ListAccounts must be requests per second > 0/,
    );
  });

  it('still accepts every documented option', async () => {
    const e = await start({
      port: 0,
      host: '127.0.0.1',
      region: 'eu-west-1',
      autoApprove: { user: 'bob' },
      deviceCodeExpiresInSeconds: 60,
      pollIntervalSeconds: 1,
      accessTokenTtlSeconds: 60,
      sessionDurationSeconds: 600,
      clientSecretTtlSeconds: 600,
      roleCredentialsTtlSeconds: 600,
      authCodeTtlSeconds: 30,
      rateLimits: { ListAccounts: 5 },
      maxRecordedRequests: 10,
      limits: { clients: 10, authorizations: 10, tokens: 10, roleCredentials: 10 },
      allowedHosts: ['emulator'],
      onWarning: () => {},
    });
    expect(e.region).toBe('eu-west-1');
  });
});

describe('admin calls', () => {
  it('rejects a misspelt fault route, kind or field instead of never matching', async () => {
    const e = await start();
    expect(() => e.admin.injectFault({ route: 'ListAcounts', kind: '503' })).toThrow(
      expect.objectContaining({
        code: INVALID_ARGUMENT,
        message: expect.stringMatching(/Fault route ListAcounts .* Did you mean ListAccounts\?/),
      }),
    );
    expect(() => e.admin.injectFault({ route: '/devise', kind: '503' })).toThrow(/Did you mean \/device\?/);
    expect(() => e.admin.injectFault({ route: 'ListAccounts', kind: 'malformed_json' as never })).toThrow(
      /kind must be one of .* Did you mean malformed-json\?/,
    );
    expect(() => e.admin.injectFault({ route: 'ListAccounts', kind: '503', cout: 2 } as never)).toThrow(
      /Unknown fault field cout\. Did you mean count\?/,
    );
    expect(() => e.admin.setRateLimit('ListAcounts' as never, 1)).toThrow(/Did you mean ListAccounts\?/);
    // the valid ones still work
    e.admin.injectFault({ route: 'ListAccounts', kind: '503', count: 1 });
    e.admin.injectFault({ route: '/device', kind: 'latency', latencyMs: 1, probability: 0 });
    e.admin.injectFault({ route: '*', kind: '500', probability: 0 });
    e.admin.setRateLimit('ListAccounts', 2);
    e.admin.setRateLimit('ListAccounts', undefined);
  });

  it('over HTTP: misspelt routes, operations and members answer 400/404 with the nearest name', async () => {
    const e = await start();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${e.url}/_emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as { code?: string; message: string } };
    };
    const fault = await call('POST', '/faults', { route: 'ListAcounts', kind: '503' });
    expect(fault.status).toBe(400);
    expect(fault.json).toMatchObject({
      code: INVALID_ARGUMENT,
      message: expect.stringMatching(/Did you mean ListAccounts\?/),
    });
    const rate = await call('PUT', '/rate-limits/ListAcounts', { perSecond: 1 });
    expect(rate.status).toBe(400);
    expect(rate.json.message).toMatch(/unknown operation ListAcounts\. Did you mean ListAccounts\?/);
    const member = await call('PUT', '/rate-limits/ListAccounts', { perSecnd: 1 });
    expect(member.json.message).toMatch(/Unknown member perSecnd .* Did you mean perSecond\?/);
    const token = await call('POST', '/tokens', { usr: 'bob' });
    expect(token.status).toBe(400);
    expect(token.json.message).toMatch(/Did you mean user\?/);
    const route = await call('GET', '/request');
    expect(route.status).toBe(404);
    expect(route.json.message).toMatch(/Did you mean \/_emulator\/requests\?/);
    // nothing was applied by the rejected calls
    expect((await call('POST', '/faults', { route: 'ListAccounts', kind: '503' })).status).toBe(200);
    expect((await call('PUT', '/rate-limits/ListAccounts', {})).status).toBe(200);
  });
});

describe('ssokit-emulator bin flags', () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  const run = async (args: string[]) => {
    expect(existsSync(bin), 'dist/bin.js is missing: run pnpm build').toBe(true);
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', () => child.kill('SIGTERM'));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    return { code, stderr };
  };

  it('names the flag, not the option key, and suggests the nearest flag', async () => {
    const unknown = await run(['--pol-interval', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --pol-interval\. Did you mean --poll-interval\?/);
    const range = await run(['--poll-interval', '0']);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--poll-interval must be a number of seconds >= 1 \(got 0\)/);
    expect(range.stderr).not.toMatch(/pollIntervalSeconds/);
    const op = await run(['--rate-limit', 'ListAcounts=2']);
    expect(op.stderr).toMatch(
      /--rate-limit names unknown operation ListAcounts\. Did you mean ListAccounts\?/,
    );
    const port = await run(['--port', '70000']);
    expect(port.stderr).toMatch(/--port must be an integer 0–65535 \(got 70000\)/);
  });
});
