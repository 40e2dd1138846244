import { ErrorCode } from '@ssokit/protocol';
import { MockAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { authorizationCodeFlow } from './authorization-code-flow.js';
import { deviceCodeFlow } from './device-code-flow.js';
import { SsoOidcClient } from './sso-oidc-client.js';

// A flow whose start URL is a local emulator but whose client talks to AWS (AWS_ENDPOINT_URL
// forgotten), or the reverse, is refused before its first request. The agent refuses every
// connection and has no interceptors: a request that was sent would fail differently.
const agent = new MockAgent();
agent.disableNetConnect();
afterAll(() => agent.close());

const EMULATOR_START = 'http://127.0.0.1:4566/start';

describe('sign-in flows refuse a start URL and an endpoint that disagree', () => {
  it('device code: emulator start URL, AWS endpoint', async () => {
    const client = new SsoOidcClient({ region: 'us-east-1', env: {}, dispatcher: agent });
    const error = await deviceCodeFlow({ client, startUrl: EMULATOR_START, onPrompt: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: ErrorCode.INVALID_INPUT });
    expect((error as Error).message).toContain('AWS_ENDPOINT_URL=http://127.0.0.1:4566');
  });

  it('browser flow: AWS start URL, loopback endpoint', async () => {
    const client = new SsoOidcClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      dispatcher: agent,
    });
    const error = await authorizationCodeFlow({
      client,
      startUrl: 'https://my-org.awsapps.com/start',
      openBrowser: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_INPUT });
    expect((error as Error).message).toContain('AWS_ENDPOINT_URL_SSO_OIDC');
  });
});
