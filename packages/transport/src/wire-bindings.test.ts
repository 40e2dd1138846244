// The compiled bindings of @ssokit/protocol/wire must behave in Transport.send exactly like the zod
// bindings of @ssokit/protocol: same output, and on a bad input or response the same error (class,
// code, member and message), the zod schema being loaded for the message only on that failure path.
import * as full from '@ssokit/protocol';
import * as wire from '@ssokit/protocol/wire';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockAgent } from '../test/helpers.js';
import { Transport } from './transport.js';

const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const OIDC = 'https://oidc.us-east-1.amazonaws.com';

let agent: MockAgent;
beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  await agent.close();
});

type Name = keyof typeof wire;

/** What one send gives: its output or the error's class, code, member and message. */
async function outcome(name: Name, kind: 'zod' | 'wire', input: unknown, body?: string): Promise<unknown> {
  const op = (kind === 'zod' ? full : wire)[name] as full.OperationBinding;
  const origin = op.service === 'sso' ? PORTAL : OIDC;
  if (body !== undefined)
    agent
      .get(origin)
      .intercept({ path: () => true, method: op.method })
      .reply(200, body);
  const transport = new Transport({ endpoint: origin, dispatcher: agent, retry: { maxAttempts: 1 } });
  try {
    return { output: await transport.send(op, input as never) };
  } catch (e) {
    const err = e as Error & { code?: string; member?: string };
    return { error: err.constructor.name, code: err.code, member: err.member, message: err.message };
  }
}

const ROLE = { roleName: 'Admin', accountId: '111122223333', accessToken: 'aoa-token' };
const CREDS = {
  accessKeyId: 'AKIA',
  secretAccessKey: 'secret',
  sessionToken: 'st',
  expiration: 1_900_000_000_000,
};

const cases: [Name, unknown, string | undefined][] = [
  ['GetRoleCredentials', ROLE, JSON.stringify({ roleCredentials: CREDS })],
  ['GetRoleCredentials', { ...ROLE, extra: 'dropped' }, JSON.stringify({ roleCredentials: CREDS, more: 1 })],
  ['GetRoleCredentials', ROLE, ''],
  [
    'GetRoleCredentials',
    ROLE,
    JSON.stringify({ roleCredentials: { ...CREDS, expiration: '1900000000000' } }),
  ],
  ['GetRoleCredentials', ROLE, JSON.stringify({ roleCredentials: [] })],
  ['GetRoleCredentials', ROLE, '[1]'],
  ['GetRoleCredentials', ROLE, '{"roleCredentials": {'],
  ['GetRoleCredentials', { ...ROLE, accountId: undefined }, undefined],
  ['GetRoleCredentials', { ...ROLE, roleName: '' }, undefined],
  ['GetRoleCredentials', { ...ROLE, accessToken: 42 }, undefined],
  ['GetRoleCredentials', null, undefined],
  ['ListAccounts', { accessToken: 'tok', maxResults: 500 }, undefined],
  ['ListAccounts', { accessToken: 'tok', maxResults: 2.5 }, undefined],
  ['ListAccounts', { accessToken: 'tok' }, JSON.stringify({ accountList: [{ accountId: 7 }] })],
  [
    'ListAccountRoles',
    { accessToken: 'tok', accountId: '1' },
    JSON.stringify({ roleList: [{ roleName: 'r' }] }),
  ],
  ['Logout', { accessToken: 'tok' }, ''],
  ['RegisterClient', { clientName: 'c', clientType: 'confidential' }, undefined],
  ['CreateToken', { clientId: 'cid', grantType: 'refresh_token' }, undefined],
  [
    'CreateToken',
    { clientId: 'c', clientSecret: 's', grantType: 'g' },
    JSON.stringify({ expiresIn: 'soon' }),
  ],
  ['StartDeviceAuthorization', { clientId: 'c', clientSecret: 's', startUrl: 'u' }, '{"interval": 5}'],
];

describe('Transport.send with the compiled bindings of @ssokit/protocol/wire', () => {
  it.each(cases.map((c, i) => [i, ...c] as const))(
    'case %i: %s gives what the zod binding gives',
    async (_, name, input, body) => {
      const want = await outcome(name, 'zod', input, body);
      const got = await outcome(name, 'wire', input, body);
      expect(got).toEqual(want);
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    },
  );

  it('the corpus covers both successes and each kind of failure', async () => {
    const kinds = new Set<string>();
    for (const [name, input, body] of cases) {
      const r = (await outcome(name, 'wire', input, body)) as { output?: unknown; error?: string };
      kinds.add(r.output !== undefined ? 'output' : (r.error ?? '?'));
    }
    expect([...kinds].sort()).toEqual(['TransportError', 'ValidationError', 'output']);
  });
});
