import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';
import { firstAssignment, makeSsoHome, signIn } from './helpers.js';

// A profile of an emulator session used from a shell without AWS_ENDPOINT_URL: the cached emulator
// token must not go to the AWS portal. The MockAgent refuses every connection, so a request that was
// sent would fail with a network error, not the refusal checked here.
let emulator: RunningEmulator;
const agent = new MockAgent();
agent.disableNetConnect();

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  await agent.close();
});

describe('fromSso with a start URL and a portal endpoint that disagree', () => {
  it('refuses to send an emulator session token to the AWS portal, naming AWS_ENDPOINT_URL', async () => {
    const h = await makeSsoHome(emulator, await firstAssignment(emulator));
    try {
      await signIn(emulator, h);
      const { AWS_ENDPOINT_URL_SSO: _sso, AWS_ENDPOINT_URL_SSO_OIDC: _oidc, ...forgot } = h.env;
      const provider = fromSso({
        profile: 'dev',
        env: forgot,
        homeDir: h.home,
        portal: { dispatcher: agent },
      });
      const error = (await provider().catch((e: unknown) => e)) as Error;
      expect(error.message).toContain(`AWS_ENDPOINT_URL=${emulator.url}`);
      expect(error.message).toContain('portal.sso.us-east-1.amazonaws.com');
      expect(emulator.admin.requests().filter((r) => r.operation === 'GetRoleCredentials')).toHaveLength(0);
    } finally {
      await h.cleanup();
    }
  });
});
