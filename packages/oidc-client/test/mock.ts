import { MockAgent } from 'undici';
import { SsoOidcClient } from '../src/sso-oidc-client.js';

export const ENDPOINT = 'https://oidc.us-east-1.amazonaws.com';

/** One request the mock saw. */
export interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

function lowerHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) {
    for (let i = 0; i < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** Intercepts one request to `path` and answers `status` + JSON `body` (+ AWS error header). */
export function expectCall(
  agent: MockAgent,
  seen: Seen[],
  path: string,
  status: number,
  body: unknown,
  errorType?: string,
): void {
  agent
    .get(ENDPOINT)
    .intercept({ path, method: 'POST' })
    .reply((opts) => {
      seen.push({
        method: opts.method,
        path: opts.path,
        headers: lowerHeaders(opts.headers),
        body: typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined,
      });
      return {
        statusCode: status,
        data: JSON.stringify(body),
        responseOptions: {
          headers: {
            'content-type': 'application/json',
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          },
        },
      };
    });
}

/** An OAuth error answer of sso-oidc. */
export function oauthError(agent: MockAgent, seen: Seen[], name: string, error: string, status = 400): void {
  expectCall(agent, seen, '/token', status, { error, error_description: `${error} (test)` }, name);
}

/** A client whose every request goes to a fresh MockAgent, and the log of what it sent. */
export interface MockedClient {
  agent: MockAgent;
  seen: Seen[];
  client: SsoOidcClient;
}

/** For a `beforeEach`: a client in us-east-1 on a fresh MockAgent (no network, no environment). */
export function mockedClient(): MockedClient {
  const agent = mockAgent();
  return { agent, seen: [], client: new SsoOidcClient({ region: 'us-east-1', dispatcher: agent, env: {} }) };
}

/** For an `afterEach`: every interceptor was used; the client and the agent are closed. */
export async function closeMockedClient({ agent, client }: MockedClient): Promise<void> {
  agent.assertNoPendingInterceptors();
  await client.close();
  await agent.close();
}
