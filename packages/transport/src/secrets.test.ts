import { inspect } from 'node:util';
import { isSecretMember, OPERATIONS, type OperationBinding } from '@ssokit/protocol';
import type { Logger } from '@ssokit/protocol/core';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, drive, FakeClock, mockAgent, rejection } from '../test/helpers.js';
import { Transport } from './transport.js';

const ORIGIN = {
  'sso-oidc': 'https://oidc.us-east-1.amazonaws.com',
  sso: 'https://portal.sso.us-east-1.amazonaws.com',
  sts: 'https://sts.us-east-1.amazonaws.com',
  signin: 'https://signin.aws.amazon.com',
};

/** A valid input for each operation with a distinct canary in every secret member. */
function inputWithCanaries(op: OperationBinding): { input: Record<string, unknown>; secrets: string[] } {
  const base: Record<string, Record<string, unknown>> = {
    RegisterClient: { clientName: 'ssokit', clientType: 'public' },
    StartDeviceAuthorization: {
      clientId: 'cid',
      clientSecret: '',
      startUrl: 'https://my-org.awsapps.com/start',
    },
    CreateToken: {
      clientId: 'cid',
      clientSecret: '',
      grantType: 'refresh_token',
      deviceCode: '',
      code: '',
      refreshToken: '',
      codeVerifier: '',
    },
    CreateTokenWithIAM: {
      clientId: 'arn:aws:sso::1:application/a',
      grantType: 'refresh_token',
      code: '',
      refreshToken: '',
      assertion: '',
      subjectToken: '',
      codeVerifier: '',
    },
    GetRoleCredentials: { roleName: 'Admin', accountId: '123456789012', accessToken: '' },
    ListAccounts: { accessToken: '' },
    ListAccountRoles: { accessToken: '', accountId: '123456789012' },
    Logout: { accessToken: '' },
  };
  const input = { ...base[op.name] };
  const secrets: string[] = [];
  for (const member of Object.keys(input)) {
    if (isSecretMember(member)) {
      input[member] = `${CANARY}-${member}`;
      secrets.push(input[member] as string);
    }
  }
  return { input, secrets };
}

function expectClean(text: string, secrets: string[]) {
  for (const s of secrets) expect(text).not.toContain(s);
}

function errorText(err: unknown): string {
  const e = err as Error;
  return [
    e.message,
    e.stack ?? '',
    inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(e),
  ].join('\n');
}

describe('secrets never reach an error or a log line (design notes, Secrets)', () => {
  let agent: MockAgent;
  let clock: FakeClock;
  let lines: string[];
  let logger: Logger;
  beforeEach(() => {
    agent = mockAgent();
    clock = new FakeClock();
    lines = [];
    logger = {
      debug: (m, d) => lines.push(`${m} ${inspect(d, { depth: Number.POSITIVE_INFINITY })}`),
      warn: (m, d) => lines.push(`${m} ${inspect(d, { depth: Number.POSITIVE_INFINITY })}`),
    };
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const ops = Object.values(OPERATIONS) as OperationBinding[];
  const withSecrets = ops.filter((op) => op.name !== 'RegisterClient');

  it('every operation but RegisterClient has secret members to test', () => {
    for (const op of withSecrets) expect(inputWithCanaries(op).secrets.length).toBeGreaterThan(0);
  });

  it.each(withSecrets.map((op) => [op.name, op] as const))(
    '%s: error responses that echo the secrets',
    async (_n, op) => {
      const { input, secrets } = inputWithCanaries(op);
      const echo = secrets.join(' and ');
      const pool = agent.get(ORIGIN[op.service]);
      const headers = { 'x-amzn-errortype': 'InvalidRequestException', 'x-amzn-requestid': 'r-1' };
      const body = JSON.stringify({
        error: 'invalid_request',
        error_description: `Bad value ${echo}`,
        message: `Bad value ${echo}`,
        reason: echo,
        echoed: input,
        refreshToken: 'a-secret-the-server-sent-0123456789',
      });
      pool.intercept({ path: () => true, method: op.method }).reply(400, body, { headers });
      const t = new Transport({ endpoint: ORIGIN[op.service], dispatcher: agent, clock, logger });
      const err = await rejection(drive(clock, t.send(op, input as never, { signer: async () => ({}) })));
      expect((err as { name: string }).name).toBe('InvalidRequestException');
      const text = errorText(err);
      expectClean(text, secrets);
      // A secret-named member of the body is redacted even when we did not send it.
      expect(text).not.toContain('a-secret-the-server-sent-0123456789');
      expect(text).toContain('(redacted)');
      expectClean(lines.join('\n'), secrets);
      expect(lines.length).toBeGreaterThan(0);
    },
  );

  it.each(withSecrets.map((op) => [op.name, op] as const))(
    '%s: network, timeout-like and unreadable responses',
    async (_n, op) => {
      const { input, secrets } = inputWithCanaries(op);
      const pool = agent.get(ORIGIN[op.service]);
      const t = new Transport({
        endpoint: ORIGIN[op.service],
        dispatcher: agent,
        clock,
        logger,
        retry: { maxAttempts: 1 },
      });
      const send = () => drive(clock, t.send(op, input as never, { signer: async () => ({}) }));

      pool.intercept({ path: () => true, method: op.method }).replyWithError(
        Object.assign(new Error(`socket hang up while sending ${secrets.join(',')}`), {
          code: 'ECONNRESET',
        }),
      );
      const network = await rejection(send());
      expect((network as Error).message).toContain('ECONNRESET');
      expectClean(errorText(network), secrets);

      pool.intercept({ path: () => true, method: op.method }).reply(200, `{"accessToken":"${secrets[0]}`);
      expectClean(errorText(await rejection(send())), secrets);

      pool.intercept({ path: () => true, method: op.method }).reply(
        200,
        // Wrong shapes holding a secret: a member of the wrong type, or (Logout) not an object at all.
        JSON.stringify(
          op.name === 'Logout'
            ? [secrets[0]]
            : {
                expiresIn: secrets[0],
                roleCredentials: secrets[0],
                accountList: secrets[0],
                roleList: secrets[0],
              },
        ),
      );
      expectClean(errorText(await rejection(send())), secrets);

      expectClean(lines.join('\n'), secrets);
    },
  );

  it.each(withSecrets.map((op) => [op.name, op] as const))(
    '%s: successful calls log nothing secret',
    async (_n, op) => {
      const { input, secrets } = inputWithCanaries(op);
      agent
        .get(ORIGIN[op.service])
        .intercept({ path: () => true, method: op.method })
        .reply(200, JSON.stringify({ accessToken: secrets[0], refreshToken: secrets[0] }));
      const t = new Transport({ endpoint: ORIGIN[op.service], dispatcher: agent, clock, logger });
      await drive(
        clock,
        t.send(op, input as never, {
          signer: async () => ({ authorization: 'sig', 'x-amz-security-token': `${CANARY}-session` }),
        }),
      );
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expectClean(lines.join('\n'), [...secrets, `${CANARY}-session`]);
    },
  );

  it('a wrongly typed secret is named, never shown', async () => {
    const t = new Transport({ endpoint: ORIGIN.sso, dispatcher: agent, clock, logger });
    const err = await rejection(
      t.send(OPERATIONS.ListAccounts, { accessToken: 42, nextToken: CANARY } as never),
    );
    expect((err as Error).message).toContain('accessToken');
    expect(errorText(err)).not.toContain(CANARY);
  });
});
