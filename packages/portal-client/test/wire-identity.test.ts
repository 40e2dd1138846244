import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import { type RecordedRequest, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { BEARER_TOKEN_HEADER, redactValue } from '@ssokit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsoPortalClient } from '../src/index.js';

let emulator: RunningEmulator;
let sdk: SSOClient;
let ours: SsoPortalClient;

beforeAll(async () => {
  emulator = await startEmulator();
  sdk = new SSOClient({ region: emulator.region, endpoint: emulator.url });
  ours = new SsoPortalClient({ region: emulator.region, endpoint: emulator.url, env: {} });
});
afterAll(async () => {
  sdk.destroy();
  await ours.close();
  await emulator.close();
});

/**
 * What must match on the wire: everything but user agent, invocation ids and the like. The log
 * keeps only a prefix of the bearer token, but the status shows whether the whole token was accepted.
 */
function wire(r: RecordedRequest) {
  return {
    method: r.method,
    path: r.path,
    query: r.query,
    bearer: r.headers[BEARER_TOKEN_HEADER],
    body: r.body,
    hasContentType: 'content-type' in r.headers,
    status: r.status,
  };
}

/** Runs `send` and returns the one request it made, as the emulator logged it. */
async function record(send: () => Promise<unknown>): Promise<RecordedRequest> {
  emulator.admin.clearRequests();
  await send();
  const log = emulator.admin.requests();
  expect(log).toHaveLength(1);
  return log[0]!;
}

describe('wire identity with @aws-sdk/client-sso', () => {
  it('GetRoleCredentials', async () => {
    const { accessToken } = emulator.admin.issueAccessToken();
    const input = { accessToken, accountId: '222222222222', roleName: 'DeveloperAccess' };
    const theirs = await record(() => sdk.send(new GetRoleCredentialsCommand(input)));
    const mine = await record(() => ours.getRoleCredentials(input));
    expect(wire(mine)).toEqual(wire(theirs));
    expect(mine.query).toEqual({ role_name: 'DeveloperAccess', account_id: '222222222222' });
    expect(mine.headers[BEARER_TOKEN_HEADER]).toBe(redactValue(accessToken));
  });

  it('ListAccounts, first page and a later page', async () => {
    const { accessToken } = emulator.admin.issueAccessToken();
    const first = { accessToken, maxResults: 1 };
    const theirs = await record(() => sdk.send(new ListAccountsCommand(first)));
    const mine = await record(() => ours.listAccounts(first));
    expect(wire(mine)).toEqual(wire(theirs));
    const { nextToken } = await ours.listAccounts(first);
    expect(nextToken).toBeDefined();
    const later = { accessToken, maxResults: 2, nextToken };
    const theirsLater = await record(() => sdk.send(new ListAccountsCommand(later)));
    const mineLater = await record(() => ours.listAccounts(later));
    expect(wire(mineLater)).toEqual(wire(theirsLater));
    expect(mineLater.query).toEqual({ max_result: '2', next_token: nextToken });
  });

  it('ListAccountRoles, with and without paging members', async () => {
    const { accessToken } = emulator.admin.issueAccessToken();
    const plain = { accessToken, accountId: '111111111111' };
    expect(wire(await record(() => ours.listAccountRoles(plain)))).toEqual(
      wire(await record(() => sdk.send(new ListAccountRolesCommand(plain)))),
    );
    const { nextToken } = await ours.listAccountRoles({ ...plain, maxResults: 1 });
    const paged = { ...plain, maxResults: 1, nextToken };
    const mine = await record(() => ours.listAccountRoles(paged));
    expect(wire(mine)).toEqual(wire(await record(() => sdk.send(new ListAccountRolesCommand(paged)))));
    expect(mine.query).toEqual({ account_id: '111111111111', max_result: '1', next_token: nextToken });
  });

  it('Logout', async () => {
    // Logout ends the session, so each client gets its own token: the header must carry each one
    // (the log keeps a prefix; status 200 shows the emulator accepted the whole token).
    const a = emulator.admin.issueAccessToken().accessToken;
    const b = emulator.admin.issueAccessToken().accessToken;
    const theirs = await record(() => sdk.send(new LogoutCommand({ accessToken: a })));
    const mine = await record(() => ours.logout({ accessToken: b }));
    expect(theirs.headers[BEARER_TOKEN_HEADER]).toBe(redactValue(a));
    expect(mine.headers[BEARER_TOKEN_HEADER]).toBe(redactValue(b));
    expect({ ...wire(mine), bearer: 'b' }).toEqual({ ...wire(theirs), bearer: 'b' });
    expect(mine.status).toBe(200);
    expect(mine.method).toBe('POST');
    expect(mine.body).toBeUndefined();
  });

  it('errors decode to the same names', async () => {
    const input = { accessToken: 'not-a-valid-token-123', accountId: '111111111111' };
    const theirs = await sdk.send(new ListAccountRolesCommand(input)).catch((e: Error) => e);
    const mine = await ours.listAccountRoles(input).catch((e: Error) => e);
    expect((mine as Error).name).toBe((theirs as Error).name);
    expect((mine as Error).name).toBe('UnauthorizedException');
  });
});
