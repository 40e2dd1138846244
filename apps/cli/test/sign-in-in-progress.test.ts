// `ssokit credentials` (a credential_process) while `ssokit login` in another terminal waits for
// the person to approve: it must not hang for the lock's 180 s but say, within seconds, that a
// sign-in is in progress, where, and what to do.
import { describe, expect, it } from 'vitest';
import { expectCredentialProcess, hasStackTrace, runCli, startCli, useEmulatorHome } from './helpers.js';

const h = useEmulatorHome(
  { pollIntervalSeconds: 1 },
  { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } },
);

describe('a sign-in waiting for approval in another process', () => {
  it('credentials fails within seconds, naming the sign-in and its pid; works once approved', async () => {
    const login = startCli(['login', '--sso-session', 'work', '--device-code', '--no-browser'], h.env, {
      timeoutMs: 60_000,
    });
    const deadline = Date.now() + 15_000;
    while (h.emulator.admin.pendingDeviceAuthorizations().length === 0) {
      if (Date.now() > deadline) throw new Error(`login did not start:\n${login.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const started = Date.now();
    const r = await runCli(['credentials', '--profile', 'dev', '--debug'], h.env, { timeoutMs: 30_000 });
    const took = Date.now() - started;
    // about 5 s of waiting (the documented default), never the 180 s of the lock
    expect(took).toBeLessThan(15_000);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('A sign-in to sso-session "work" is in progress in another process');
    expect(r.stderr).toContain(`pid ${login.child.pid}`);
    expect(r.stderr).toMatch(/waiting for the SSO session lock: pid \d+ on .* is signing in/);
    expect(hasStackTrace(r.stderr)).toBe(false);

    const [pending] = h.emulator.admin.pendingDeviceAuthorizations();
    h.emulator.admin.approve(pending!.userCode, 'alice');
    expect((await login.exited).code).toBe(0);
    const ok = await runCli(['credentials', '--profile', 'dev'], h.env);
    expect(ok.code, ok.stderr).toBe(0);
    expectCredentialProcess(ok.stdout);
  });
});
