import { AutoClock } from '@ssokit/transport/testing';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeMockedClient, expectCall, mockedClient, type Seen } from '../test/mock.js';
import { refreshToken } from './refresh-token.js';
import type { SsoOidcClient } from './sso-oidc-client.js';

let agent: MockAgent;
let seen: Seen[];
let client: SsoOidcClient;
const registration = { clientId: 'cid', clientSecret: 'csecret' };

beforeEach(() => {
  ({ agent, seen, client } = mockedClient());
});
afterEach(() => closeMockedClient({ agent, seen, client }));

describe('refreshToken', () => {
  it('sends the refresh_token grant and takes the rotated refresh token', async () => {
    const clock = new AutoClock();
    expectCall(agent, seen, '/token', 200, {
      accessToken: 'at2',
      expiresIn: 3600,
      refreshToken: 'rt2',
      tokenType: 'Bearer',
    });
    const token = await refreshToken({ client, registration, refreshToken: 'rt1', clock });
    expect(seen[0]!.body).toEqual({
      clientId: 'cid',
      clientSecret: 'csecret',
      grantType: 'refresh_token',
      refreshToken: 'rt1',
    });
    expect(token).toEqual({
      accessToken: 'at2',
      refreshToken: 'rt2',
      tokenType: 'Bearer',
      expiresAt: new Date(clock.now() + 3_600_000),
    });
  });

  it('keeps the old refresh token when the response has none (RFC 6749 §6)', async () => {
    expectCall(agent, seen, '/token', 200, { accessToken: 'at2', expiresIn: 60 });
    const token = await refreshToken({ client, registration, refreshToken: 'rt1' });
    expect(token.refreshToken).toBe('rt1');
  });

  it('refuses an answer without an access token', async () => {
    expectCall(agent, seen, '/token', 200, { tokenType: 'Bearer' });
    await expect(refreshToken({ client, registration, refreshToken: 'rt1' })).rejects.toMatchObject({
      code: 'ERR_SSOKIT_INVALID_RESPONSE',
    });
  });
});
