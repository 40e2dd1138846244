import { describe, expect, it } from 'vitest';
import { assembleEmulator } from '../assemble.js';
import { parseEmulatorOptions } from '../options.js';
import { oidcHandlers } from './oidc.js';
import type { OperationHandlers } from './operations.js';
import { portalHandlers } from './portal.js';

const PORT = 4511;
const URL_ = `http://127.0.0.1:${PORT}`;

function inProcess() {
  const parts = assembleEmulator(parseEmulatorOptions({}));
  parts.setOrigin(URL_);
  parts.guard.configure(PORT, []);
  return parts;
}

describe('the operation record', () => {
  it('has a handler for every operation of protocol, and nothing compiles without one', () => {
    const { engine } = inProcess();
    // @ts-expect-error the portal's four operations are missing: a partial record does not compile
    const partial: OperationHandlers = { ...oidcHandlers(engine) };
    const all: OperationHandlers = { ...oidcHandlers(engine), ...portalHandlers(engine) };
    expect(Object.keys(partial)).toHaveLength(4);
    expect(Object.keys(all).sort()).toEqual([
      'CreateToken',
      'CreateTokenWithIAM',
      'GetRoleCredentials',
      'ListAccountRoles',
      'ListAccounts',
      'Logout',
      'RegisterClient',
      'StartDeviceAuthorization',
    ]);
  });
});

describe('createApp, through app.request()', () => {
  it('serves an operation and logs and counts it', async () => {
    const { app, admin } = inProcess();
    const res = await app.request(`${URL_}/client/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientName: 'in-process', clientType: 'public' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.tokenEndpoint).toBe(`${URL_}/token`);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(admin.counters()).toEqual({ RegisterClient: 1 });
    expect(admin.requests().map((r) => [r.operation, r.status])).toEqual([['RegisterClient', 200]]);
  });

  it('answers Logout with an empty body and ends the session', async () => {
    const { app, admin } = inProcess();
    const { accessToken } = admin.issueAccessToken('alice');
    const logout = () =>
      app.request(`${URL_}/logout`, { method: 'POST', headers: { 'x-amz-sso_bearer_token': accessToken } });
    const first = await logout();
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('');
    const again = await logout();
    expect(again.status).toBe(401);
    expect(again.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  });

  it('refuses a request addressed to another host name, and the admin API to a caller with no loopback socket', async () => {
    const { app } = inProcess();
    expect((await app.request('http://attacker.example:4511/start')).status).toBe(403);
    const adminCall = await app.request(`${URL_}/_emulator/counters`);
    expect(adminCall.status).toBe(403);
    expect(((await adminCall.json()) as { message: string }).message).toMatch(/loopback clients only/);
  });

  it('plays an injected fault instead of the operation', async () => {
    const { app, admin } = inProcess();
    admin.injectFault({ route: 'ListAccounts', kind: '503' });
    const { accessToken } = admin.issueAccessToken();
    const get = () =>
      app.request(`${URL_}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
    const faulted = await get();
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('x-amzn-errortype')).toBe('ServiceUnavailableException');
    expect((await get()).status).toBe(200);
  });
});
