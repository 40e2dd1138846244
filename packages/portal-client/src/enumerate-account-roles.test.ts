import { FakeClock } from '@ssokit/transport/testing';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EnumerationProgress, enumerateAccountRoles } from './enumerate-account-roles.js';
import { TooManyRequestsException } from './errors.js';
import { SsoPortalClient } from './portal-client.js';

const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const TOKEN = 'aoa-unit-test-token-0123456789';
const json = { headers: { 'content-type': 'application/json' } };

let agent: MockAgent;
let clock: FakeClock;
let client: SsoPortalClient;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  clock = new FakeClock();
  client = new SsoPortalClient({ region: 'us-east-1', env: {}, dispatcher: agent, clock });
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const isPath = (pathname: string, accountId?: string) => (path: string) => {
  const url = new URL(path, PORTAL);
  return (
    url.pathname === pathname && (accountId === undefined || url.searchParams.get('account_id') === accountId)
  );
};

function accounts(...ids: string[]) {
  agent
    .get(PORTAL)
    .intercept({ path: isPath('/assignment/accounts'), method: 'GET' })
    .reply(200, { accountList: ids.map((accountId) => ({ accountId })) }, json);
}

function roles(accountId: string, status: number, times = 1, names: string[] = ['Admin', 'ReadOnly']) {
  agent
    .get(PORTAL)
    .intercept({ path: isPath('/assignment/roles', accountId), method: 'GET' })
    .reply(
      status,
      status === 200
        ? { roleList: names.map((roleName) => ({ roleName, accountId })) }
        : { message: 'Rate exceeded' },
      json,
    )
    .times(times);
}

/** Drains the iterator while moving the fake clock, so backoff and pacing cost no real time. */
async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  let done = false;
  let failure: unknown;
  const run = (async () => {
    for await (const item of iterable) out.push(item);
  })().then(
    () => {
      done = true;
    },
    (e: unknown) => {
      failure = e;
      done = true;
    },
  );
  for (let i = 0; i < 10_000 && !done; i++) await clock.advance(100);
  await run;
  if (failure !== undefined) throw failure;
  return out;
}

describe('enumerateAccountRoles (MockAgent, fake clock)', () => {
  it('retries a call past the transport’s three attempts, one attempt at a time, and counts the throttles', async () => {
    accounts('A', 'B');
    roles('A', 429, 7);
    roles('A', 200);
    roles('B', 200);
    const progress: EnumerationProgress[] = [];
    const pairs = await drain(
      enumerateAccountRoles(client, {
        accessToken: TOKEN,
        clock,
        random: () => 0.5,
        onProgress: (p) => progress.push(p),
      }),
    );
    expect(pairs.map((p) => `${p.account.accountId}/${p.role.roleName}`).sort()).toEqual([
      'A/Admin',
      'A/ReadOnly',
      'B/Admin',
      'B/ReadOnly',
    ]);
    expect(progress.at(-1)).toEqual({ accountsDone: 2, accountsTotal: 2, roles: 4, throttled: 7 });
  });

  it('gives up after maxRetries with the service’s TooManyRequestsException', async () => {
    accounts('A');
    roles('A', 429, 4);
    const err = await drain(
      enumerateAccountRoles(client, { accessToken: TOKEN, clock, maxRetries: 3, random: () => 0 }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
  });

  it('an account without roles still counts as done', async () => {
    accounts('A');
    roles('A', 200, 1, []);
    const progress: EnumerationProgress[] = [];
    const pairs = await drain(
      enumerateAccountRoles(client, { accessToken: TOKEN, clock, onProgress: (p) => progress.push(p) }),
    );
    expect(pairs).toEqual([]);
    expect(progress.at(-1)).toEqual({ accountsDone: 1, accountsTotal: 1, roles: 0, throttled: 0 });
  });

  it('rejects nonsense settings before sending anything', async () => {
    await expect(
      enumerateAccountRoles(client, { accessToken: TOKEN, concurrency: 0 }).next(),
    ).rejects.toThrow(RangeError);
    await expect(
      enumerateAccountRoles(client, { accessToken: TOKEN, maxRetries: -1 }).next(),
    ).rejects.toThrow(RangeError);
  });
});
