import { type DirectoryFixture, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { SsoOidcClient } from '@ssokit/oidc-client';
import { SsoPortalClient, UnauthorizedException } from '@ssokit/portal-client';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { roleChoices, signIn } from '../src/my-tool.js';

// Your own directory: the accounts and roles your tests need, and who is assigned what.
const directory: DirectoryFixture = {
  accounts: [
    {
      accountId: '123456789012',
      accountName: 'dev',
      emailAddress: 'dev@example.com',
      roles: ['Admin', 'ReadOnly'],
    },
    { accountId: '210987654321', accountName: 'prod', emailAddress: 'prod@example.com', roles: ['ReadOnly'] },
  ],
  users: [
    {
      userName: 'dana',
      assignments: [
        { accountId: '123456789012', roleNames: ['Admin', 'ReadOnly'] },
        { accountId: '210987654321', roleNames: ['ReadOnly'] },
      ],
    },
    { userName: 'eve', assignments: [{ accountId: '210987654321', roleNames: ['ReadOnly'] }] },
  ],
};

let emulator: RunningEmulator;
let oidc: SsoOidcClient;
let portal: SsoPortalClient;

beforeAll(async () => {
  // Port 0: a free port on 127.0.0.1, so test files can run in parallel.
  emulator = await startEmulator({ fixture: directory, pollIntervalSeconds: 1 });
  oidc = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url });
  portal = new SsoPortalClient({ region: emulator.region, endpoint: emulator.url });
});
afterEach(() => emulator.admin.reset());
afterAll(async () => {
  await oidc?.close();
  await portal?.close();
  await emulator?.close();
});

it('signs in with a device code that the test approves as a user', async () => {
  const shown: string[] = [];
  const accessToken = await signIn(oidc, emulator.startUrl, (url, userCode) => {
    shown.push(url);
    // What the person does in the browser; emulator.admin.deny(userCode) tests the other answer.
    emulator.admin.approve(userCode, 'eve');
  });
  expect(shown).toEqual([expect.stringContaining(emulator.url)]);
  expect(await roleChoices(portal, accessToken)).toEqual(['prod / ReadOnly']);
});

it('lists every role the user is assigned, and only those (a token minted without a flow)', async () => {
  const { accessToken } = emulator.admin.issueAccessToken('dana');
  const expected = directory.users[0]!.assignments.flatMap((a) =>
    a.roleNames.map(
      (r) => `${directory.accounts.find((x) => x.accountId === a.accountId)!.accountName} / ${r}`,
    ),
  );
  expect(await roleChoices(portal, accessToken)).toEqual(expected.sort());
});

it('keeps working when the portal throttles and fails now and then', async () => {
  const { accessToken } = emulator.admin.issueAccessToken('dana');
  emulator.admin.injectFault({ route: 'ListAccountRoles', kind: '429', count: 2 });
  emulator.admin.injectFault({ route: 'ListAccounts', kind: '503', count: 1 });
  expect(await roleChoices(portal, accessToken)).toHaveLength(3);
  expect(emulator.admin.requests().filter((r) => r.status === 429 || r.status === 503)).toHaveLength(3);
});

it('fails with a typed error when the session was signed out', async () => {
  const { accessToken } = emulator.admin.issueAccessToken('dana');
  await portal.logout({ accessToken });
  await expect(roleChoices(portal, accessToken)).rejects.toBeInstanceOf(UnauthorizedException);
});
