import { generateOrganization, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { isServiceError, isTransportError } from '@ssokit/transport';
import { startRecordingProxy } from '@ssokit/transport/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AccountRole,
  type EnumerationProgress,
  enumerateAccountRoles,
  paginateAccountRoles,
  paginateAccounts,
  SsoPortalClient,
  TooManyRequestsException,
  UnauthorizedException,
} from '../src/index.js';

function portal(emulator: RunningEmulator, extra: ConstructorParameters<typeof SsoPortalClient>[0] = {}) {
  return new SsoPortalClient({ endpoint: emulator.url, region: emulator.region, env: {}, ...extra });
}

const pairKey = (p: AccountRole) => `${p.account.accountId}/${p.role.roleName}`;

describe('paging against the emulator', () => {
  const org = generateOrganization({ accounts: 237, rolesPerAccount: 25 });
  let emulator: RunningEmulator;
  let client: SsoPortalClient;
  let accessToken: string;
  beforeAll(async () => {
    emulator = await startEmulator({ fixture: org });
    client = portal(emulator);
    accessToken = emulator.admin.issueAccessToken().accessToken;
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('paginateAccounts yields every account exactly once, 10 per page', async () => {
    emulator.admin.clearRequests();
    const ids: string[] = [];
    for await (const account of paginateAccounts(client, { accessToken, pageSize: 10 })) {
      ids.push(account.accountId!);
    }
    const expected = (org.accounts ?? []).map((a) => a.accountId);
    expect(ids).toHaveLength(237);
    expect(new Set(ids).size).toBe(237);
    expect([...ids].sort()).toEqual([...expected].sort());
    const calls = emulator.admin.requests().filter((r) => r.operation === 'ListAccounts');
    expect(calls).toHaveLength(24);
    expect(calls.every((r) => r.query['max_result'] === '10')).toBe(true);
    expect(calls[0]?.query['next_token']).toBeUndefined();
    expect(calls.slice(1).every((r) => typeof r.query['next_token'] === 'string')).toBe(true);
  });

  it('paginateAccountRoles yields every role of an account exactly once', async () => {
    const accountId = org.accounts![5]!.accountId;
    const names: string[] = [];
    for await (const role of paginateAccountRoles(client, { accessToken, accountId, pageSize: 7 })) {
      expect(role.accountId).toBe(accountId);
      names.push(role.roleName!);
    }
    expect([...names].sort()).toEqual([...org.accounts![5]!.roles].sort());
    expect(new Set(names).size).toBe(25);
  });

  it('stops fetching pages when the loop breaks', async () => {
    emulator.admin.clearRequests();
    let seen = 0;
    for await (const _ of paginateAccounts(client, { accessToken, pageSize: 10 })) {
      if (++seen === 15) break;
    }
    expect(emulator.admin.requests().filter((r) => r.operation === 'ListAccounts')).toHaveLength(2);
  });
});

describe('enumerateAccountRoles against a rate-limited emulator', () => {
  const org = generateOrganization({ accounts: 60, rolesPerAccount: 3 });
  const expected = new Set((org.accounts ?? []).flatMap((a) => a.roles.map((r) => `${a.accountId}/${r}`)));
  let emulator: RunningEmulator;
  let client: SsoPortalClient;
  let accessToken: string;
  beforeAll(async () => {
    emulator = await startEmulator({ fixture: org, rateLimits: { ListAccountRoles: 20 } });
    client = portal(emulator);
    accessToken = emulator.admin.issueAccessToken().accessToken;
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('completes with every pair exactly once despite real throttling and injected 429s', async () => {
    emulator.admin.setRateLimit('ListAccountRoles', 20);
    emulator.admin.clearRequests();
    // Ask for three times the server's limit so the server really throttles, and add 429s on top.
    emulator.admin.injectFault({ route: 'ListAccountRoles', kind: '429', count: 6 });
    emulator.admin.injectFault({ route: 'ListAccountRoles', kind: '503', count: 2 });
    const progress: EnumerationProgress[] = [];
    const pairs: string[] = [];
    for await (const pair of enumerateAccountRoles(client, {
      accessToken,
      ratePerSecond: 60,
      burst: 30,
      concurrency: 8,
      onProgress: (p) => progress.push(p),
    })) {
      pairs.push(pairKey(pair));
    }
    expect(pairs).toHaveLength(expected.size);
    expect(new Set(pairs)).toEqual(expected);
    const log = emulator.admin.requests().filter((r) => r.operation === 'ListAccountRoles');
    const throttled = log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(6);
    expect(log.filter((r) => r.status === 200)).toHaveLength(60);
    const last = progress.at(-1)!;
    expect(last).toEqual({ accountsDone: 60, accountsTotal: 60, roles: 180, throttled });
    emulator.admin.clearFaults();
  });

  it('at the server limit, paces itself and is never throttled', async () => {
    emulator.admin.setRateLimit('ListAccountRoles', 20);
    emulator.admin.clearRequests();
    const started = Date.now();
    const pairs: AccountRole[] = [];
    for await (const pair of enumerateAccountRoles(client, { accessToken, ratePerSecond: 20 }))
      pairs.push(pair);
    const elapsed = Date.now() - started;
    expect(pairs).toHaveLength(180);
    const log = emulator.admin.requests().filter((r) => r.operation === 'ListAccountRoles');
    expect(log.filter((r) => r.status !== 200)).toEqual([]);
    // 60 calls at 20/s: the first leaves at once, the rest 50 ms apart.
    expect(elapsed).toBeGreaterThanOrEqual(59 * 50 - 20);
  });

  it('an abort stops the run and every call in flight', async () => {
    emulator.admin.clearRequests();
    const controller = new AbortController();
    const run = (async () => {
      for await (const _ of enumerateAccountRoles(client, {
        accessToken,
        ratePerSecond: 10,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.accountsDone === 3) controller.abort();
        },
      })) {
        // consume
      }
    })();
    const err = await run.catch((e: unknown) => e);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
    const count = () => emulator.admin.requests().filter((r) => r.operation === 'ListAccountRoles').length;
    const atAbort = count();
    expect(atAbort).toBeLessThan(60);
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(atAbort);
  });

  it('breaking out of the loop stops the workers', async () => {
    emulator.admin.clearRequests();
    for await (const _ of enumerateAccountRoles(client, { accessToken, ratePerSecond: 10 })) break;
    const count = () => emulator.admin.requests().filter((r) => r.operation === 'ListAccountRoles').length;
    const atBreak = count();
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(atBreak);
    expect(atBreak).toBeLessThan(5);
  });

  it('a bad token fails the run at once with UnauthorizedException', async () => {
    const iterator = enumerateAccountRoles(client, { accessToken: 'not-a-token-at-all' });
    await expect(iterator.next()).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('a call still throttled after maxRetries fails the run with TooManyRequestsException', async () => {
    emulator.admin.injectFault({ route: 'ListAccountRoles', kind: '429', count: 1000 });
    const iterator = enumerateAccountRoles(client, {
      accessToken,
      concurrency: 1,
      maxRetries: 2,
      random: () => 0,
    });
    const err = await (async () => {
      for await (const _ of iterator) {
        // consume
      }
    })().catch((e: unknown) => e);
    emulator.admin.clearFaults();
    expect(err).toBeInstanceOf(TooManyRequestsException);
  });
});

describe('single calls against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('GETs retry on 500 and 503 with backoff, then succeed', async () => {
    const client = portal(emulator, { random: () => 0.99 });
    const { accessToken } = emulator.admin.issueAccessToken();
    emulator.admin.clearRequests();
    emulator.admin.injectFault({ route: 'GetRoleCredentials', kind: '500', count: 1 });
    emulator.admin.injectFault({ route: 'GetRoleCredentials', kind: '503', count: 1 });
    const out = await client.getRoleCredentials({
      accessToken,
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
    expect(out.roleCredentials?.accessKeyId).toMatch(/^ASIA/);
    expect(out.roleCredentials?.expiration).toBeGreaterThan(Date.now());
    const log = emulator.admin.requests().filter((r) => r.operation === 'GetRoleCredentials');
    expect(log.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(log.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
      'attempt=3; max=3',
    ]);
    // Full jitter with random() = 0.99: 99 ms, then 198 ms.
    expect(log[1]!.time - log[0]!.time).toBeGreaterThanOrEqual(95);
    expect(log[2]!.time - log[1]!.time).toBeGreaterThanOrEqual(190);
    await client.close();
  });

  it('ListAccounts throttled on every attempt surfaces TooManyRequestsException after 3 attempts', async () => {
    const client = portal(emulator, { random: () => 0 });
    const { accessToken } = emulator.admin.issueAccessToken();
    const before = emulator.admin.counters()['ListAccounts'] ?? 0;
    emulator.admin.injectFault({ route: 'ListAccounts', kind: '429', count: 3 });
    const err = await client.listAccounts({ accessToken }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(isServiceError(err) && err.status).toBe(429);
    expect((emulator.admin.counters()['ListAccounts'] ?? 0) - before).toBe(3);
    await client.close();
  });

  it('a bad token is an UnauthorizedException and is not retried; logout ends the session', async () => {
    const client = portal(emulator);
    const before = emulator.admin.counters()['ListAccounts'] ?? 0;
    const bad = await client
      .listAccounts({ accessToken: 'aoa-invalid-token-value' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UnauthorizedException);
    expect((emulator.admin.counters()['ListAccounts'] ?? 0) - before).toBe(1);

    const { accessToken } = emulator.admin.issueAccessToken();
    await expect(client.listAccounts({ accessToken })).resolves.toHaveProperty('accountList');
    await client.logout({ accessToken });
    await expect(client.listAccounts({ accessToken })).rejects.toBeInstanceOf(UnauthorizedException);
    await client.close();
  });
});

describe('proxy settings against the emulator on loopback', () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  beforeAll(async () => {
    emulator = await startEmulator();
    proxy = await startRecordingProxy();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await proxy.close();
    await emulator.close();
  });

  it('reaches a loopback endpoint directly with HTTPS_PROXY and HTTP_PROXY set, and no token goes to the proxy', async () => {
    for (const k of ['NO_PROXY', 'no_proxy', 'http_proxy', 'https_proxy']) vi.stubEnv(k, undefined);
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    // No dispatcher: the client builds its default one, which reads the variables above.
    const client = portal(emulator);
    const { accessToken } = emulator.admin.issueAccessToken();
    try {
      const page = await client.listAccounts({ accessToken });
      expect(page.accountList?.length).toBeGreaterThan(0);
      await client.logout({ accessToken });
    } finally {
      await client.close();
    }
    expect(proxy.requests).toEqual([]);
    expect(emulator.admin.requests().map((r) => r.operation)).toEqual(['ListAccounts', 'Logout']);
  });
});
