// One sign-in path: SsoAuth.login goes through SessionManager.signIn, which follows the manager's
// windows, saves like a refresh does (a failed save is logged, the token used), emits the events,
// and prompts on stderr (or promptOutput) when the caller gave no device-code prompt.
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CacheWriteError } from '../src/errors.js';
import { SsoAuth } from '../src/sso-auth.js';
import type { SsoSessionRef, SsoToken } from '../src/token.js';
import { FileTokenStore } from '../src/token-store.js';
import { RecordingLogger, tempHome } from './helpers.js';

let emulator: RunningEmulator;
let home: string;
let cleanup: () => Promise<void>;
let session: SsoSessionRef;
const auths: SsoAuth[] = [];

beforeAll(async () => {
  // 10-minute access tokens
  emulator = await startEmulator({ accessTokenTtlSeconds: 600, pollIntervalSeconds: 1 });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  emulator.admin.reset();
  session = { ssoSession: 'work', startUrl: emulator.startUrl, region: emulator.region };
});
afterEach(async () => {
  await Promise.all(auths.splice(0).map((a) => a.close()));
  await cleanup();
});

const authWith = (options: ConstructorParameters<typeof SsoAuth>[0] = {}) => {
  const auth = new SsoAuth({ homeDir: home, oidc: { endpoint: emulator.url }, ...options });
  auths.push(auth);
  return auth;
};
const approveWhenPrompted = (prompt: { userCode: string }) => emulator.admin.approve(prompt.userCode);
const device = { flow: 'device-code' as const, onDevicePrompt: approveWhenPrompted };

describe('SsoAuth.login: the manager signs in', () => {
  it("keeps a session only with more than the manager's mustRefreshMs left", async () => {
    await authWith().login(session, device);
    // the 10-minute token is kept while the must-refresh window is 5 minutes...
    expect((await authWith().login(session, device)).reused).toBe(true);
    // ...and not when the manager must refresh 11 minutes ahead
    const strict = authWith({ mustRefreshMs: 11 * 60_000 });
    expect((await strict.login(session, device)).reused).toBe(false);
    expect(emulator.admin.counters()['StartDeviceAuthorization']).toBe(2);
  });

  it('hands out a new token it cannot save, with a warning, and emits logged-in', async () => {
    const logger = new RecordingLogger();
    class ReadOnlyStore extends FileTokenStore {
      override async write(): Promise<void> {
        throw new CacheWriteError(`${home}/.aws/sso/cache/x.json`, { cause: new Error('EROFS') });
      }
    }
    const auth = authWith({ store: new ReadOnlyStore({ homeDir: home }), logger });
    const events: Array<{ expiresAt: Date }> = [];
    auth.manager.on('logged-in', (e) => events.push(e));
    const { token, reused } = await auth.login(session, device);
    expect(reused).toBe(false);
    expect(token.accessToken).toBeTruthy();
    expect(events.map((e) => e.expiresAt)).toEqual([token.expiresAt]);
    expect(logger.warnings.map((w) => w.message)).toEqual([
      'could not save the new SSO token; it is used for now but not cached',
    ]);
    expect(logger.text()).not.toContain(token.accessToken);
  });

  it('without onDevicePrompt, writes the URL and code to promptOutput, naming the profile', async () => {
    const written: string[] = [];
    const promptOutput = {
      write: (text: string) => {
        written.push(text);
        const code = /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)?.[1];
        if (code) emulator.admin.approve(code);
      },
    };
    // a silent prompt would wait for an approval nobody was asked for: stop after 10 s
    const signal = AbortSignal.timeout(10_000);
    const { token }: { token: SsoToken } = await authWith().login(session, {
      flow: 'device-code',
      promptOutput,
      profile: 'dev',
      signal,
    });
    expect(token.refreshToken).toBeTruthy();
    expect(written.join('')).toContain('profile dev');
    expect(written.join('')).toMatch(/user_code=[A-Z0-9-]+/);
  });
});
