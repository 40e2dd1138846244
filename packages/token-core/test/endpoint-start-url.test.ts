import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { ErrorCode } from '@ssokit/protocol';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsoAuth } from '../src/sso-auth.js';
import type { SsoSessionRef } from '../src/token.js';
import { RecordingLogger, tempHome } from './helpers.js';

// An emulator session whose sso-oidc endpoint was forgotten (no AWS_ENDPOINT_URL) must not reach
// AWS: the request is refused before it is sent (the MockAgent refuses every connection, so a sent
// request would fail with a network error instead).
let emulator: RunningEmulator;
let home: string;
let cleanup: () => Promise<void>;
let session: SsoSessionRef;
const agent = new MockAgent();
agent.disableNetConnect();

beforeAll(async () => {
  emulator = await startEmulator({ accessTokenTtlSeconds: 240, pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator.close();
  await agent.close();
});
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  session = { ssoSession: 'work', startUrl: emulator.startUrl, region: emulator.region };
});
afterEach(() => cleanup());

describe('a session and an endpoint that disagree about where IAM Identity Center runs', () => {
  it('sign-in to an emulator start URL with the AWS endpoint is refused before any request', async () => {
    const auth = new SsoAuth({ homeDir: home, env: {}, oidc: { dispatcher: agent } });
    try {
      const error = await auth.login(session, { flow: 'device-code' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.INVALID_INPUT });
      expect((error as Error).message).toContain(`AWS_ENDPOINT_URL=${emulator.url}`);
      expect((error as Error).message).toContain('oidc.us-east-1.amazonaws.com');
    } finally {
      await auth.close();
    }
  });

  it('a refresh of an emulator token through the AWS endpoint is refused; the emulator sees no refresh', async () => {
    // signed in with the endpoint set, then used without it (a new shell that lost AWS_ENDPOINT_URL)
    const signedIn = new SsoAuth({ homeDir: home, env: { AWS_ENDPOINT_URL: emulator.url } });
    const { token } = await signedIn.login(session, {
      flow: 'device-code',
      onDevicePrompt: (p) => emulator.admin.approve(p.userCode),
    });
    await signedIn.close();
    const logger = new RecordingLogger();
    const forgot = new SsoAuth({ homeDir: home, env: {}, logger, oidc: { dispatcher: agent } });
    try {
      // 4 minutes left: a refresh is due; it fails before sending, and the still-valid token is kept
      const kept = await forgot.getAccessToken(session);
      expect(kept.accessToken).toBe(token.accessToken);
      expect(logger.text()).toContain(`AWS_ENDPOINT_URL=${emulator.url}`);
      const createTokens = emulator.admin.requests().filter((r) => r.operation === 'CreateToken');
      expect(createTokens).toHaveLength(1); // the sign-in's: no refresh went anywhere
    } finally {
      await forgot.close();
    }
  });
});
