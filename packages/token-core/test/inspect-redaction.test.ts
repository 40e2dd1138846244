// Tokens that ssokit hands out print redacted (console.log, util.inspect, test failure output), and
// stay plain data for everything else: JSON, spreads, property access.
import { inspect } from 'node:util';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsoAuth } from '../src/sso-auth.js';
import { tempHome } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator.close();
});

function expectRedactedWhenPrinted(token: Record<string, unknown>, secrets: string[]) {
  expect(secrets.length).toBeGreaterThan(0);
  const printed = [
    inspect(token),
    inspect({ token }, { depth: 5 }),
    inspect([token]),
    inspect(token, { showHidden: true }),
  ];
  for (const text of printed) for (const s of secrets) expect(text, text).not.toContain(s);
  expect(inspect(token)).toContain('(redacted)');
  expect(inspect(token)).toMatch(/expiresAt: \d{4}-\d\d-\d\dT/); // dates print as dates
  // everything a program uses is untouched
  const json = JSON.stringify(token);
  for (const s of secrets) expect(json).toContain(s);
  expect(Object.keys({ ...token })).toEqual(Object.keys(token));
  expect(Object.getOwnPropertySymbols({ ...token })).toEqual([]);
}

describe('tokens from SsoAuth', () => {
  it('login(), getAccessToken() and the SessionManager print their tokens redacted', async () => {
    const { home, cleanup } = await tempHome();
    const auth = new SsoAuth({ homeDir: home, oidc: { endpoint: emulator.url } });
    try {
      const session = {
        ssoSession: 'work',
        startUrl: emulator.startUrl,
        region: emulator.region,
        scopes: ['sso:account:access'],
      };
      const { token } = await auth.login(session, {
        flow: 'device-code',
        onDevicePrompt: (p) => emulator.admin.approve(p.userCode),
      });
      const secrets = [token.accessToken, token.refreshToken!, token.clientSecret!];
      expectRedactedWhenPrinted(token as never, secrets);
      expectRedactedWhenPrinted((await auth.getAccessToken(session)) as never, secrets);
      expectRedactedWhenPrinted((await auth.manager.getAccessToken(session)) as never, secrets);
      // a second login that reuses the session
      const again = await auth.login(session);
      expect(again.reused).toBe(true);
      expectRedactedWhenPrinted(again.token as never, secrets);
    } finally {
      await auth.close();
      await cleanup();
    }
  });
});
