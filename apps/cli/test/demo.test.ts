// `ssokit demo`: the README's first command. It must finish on its own in well under 15 s, and leave
// nothing behind (temporary home, emulator), also when interrupted with Ctrl-C.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, runCli, startCli, waitForOutput } from './helpers.js';

const env = () => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1' });

/** The temporary home and the emulator URL the demo announces on its first line. */
function announced(stderr: string): { home: string; url: string } {
  const home = /home (\S+)/.exec(stderr)?.[1];
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
  if (!home || !url) throw new Error(`the demo did not announce its home and emulator:\n${stderr}`);
  return { home, url };
}

const portClosed = (url: string) =>
  new Promise<boolean>((resolve) => {
    const s = connect(Number(new URL(url).port), '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

beforeAll(assertBuilt);

describe('ssokit demo', () => {
  it('runs every step to completion in under 15 s and cleans up', async () => {
    const started = Date.now();
    const r = await runCli(['demo', '--pause', '0'], env(), { timeoutMs: 30_000 });
    const elapsed = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(elapsed).toBeLessThan(15_000);
    // the console sign-in token is a secret even on the emulator
    expect(r.stderr + r.stdout).not.toMatch(/SigninToken=(?!<redacted>)/);
    const { home, url } = announced(r.stderr);
    // the steps a user takes, in order (messages go to stderr, tables to stdout)
    const inOrder = (text: string, steps: RegExp[]) => {
      let at = 0;
      for (const step of steps) {
        const m = step.exec(text.slice(at));
        expect(m, `${step} after position ${at} of:\n${text}`).not.toBeNull();
        at += m!.index + m![0].length;
      }
    };
    inOrder(r.stderr, [
      /sso-session demo/,
      /user_code=/,
      /Signed in to sso-session demo/,
      /"Version": 1/,
      /export AWS_ACCESS_KEY_ID=/,
      /ssokit exec --profile demo-admin/,
      /AWS_ACCESS_KEY_ID=ASIA… SSOKIT_PROFILE=demo-admin/,
      /role_arn = arn:aws:iam::111111111111:role\/Deploy/,
      /as arn:aws:sts::111111111111:assumed-role\/Deploy\//,
      /ssokit console --profile demo-admin --print/,
      /SigninToken=<redacted>/,
      /the emulator's console page opens as AdministratorAccess in 111111111111/,
      /refreshed/,
      /Signed out of sso-session demo/,
      /Done in/,
    ]);
    inOrder(r.stdout, [
      /111111111111\s+Production/,
      /222222222222\s+Staging\s+DeveloperAccess/,
      /demo\s+http/,
    ]);
    const out = r.stdout + r.stderr;
    // secrets are shown redacted
    expect(out).toMatch(/"SecretAccessKey": "[^"]*redacted/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(home)).toBe(false);
    expect(await portClosed(url)).toBe(true);
  }, 30_000);

  it('Ctrl-C stops it with exit code 130 and cleans up', async () => {
    // long pauses, so the interrupt lands in the middle of the tour
    const run = startCli(['demo', '--pause', '3000'], env(), { timeoutMs: 30_000 });
    await waitForOutput(run.stderr, (s) => /home \S+/.test(s));
    const { home, url } = announced(run.stderr());
    expect(existsSync(home)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stderr).not.toMatch(/Done in/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(home)).toBe(false);
    expect(await portClosed(url)).toBe(true);
  }, 30_000);

  it('Ctrl-C while it waits for the sign-in stops it too', async () => {
    const run = startCli(['demo', '--pause', '2000'], env(), { timeoutMs: 30_000 });
    await waitForOutput(run.stderr, (s) => s.includes('user_code='));
    const { home } = announced(run.stderr());
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    expect(existsSync(home)).toBe(false);
  }, 30_000);

  it('a sign-in that fails (the emulator denies it) ends the demo within seconds, non-zero, with a clear message', async () => {
    // a long pause: the simulated user would approve only 2 × 2500 ms after the code appears; we deny first
    const run = startCli(['demo', '--pause', '2500'], env(), { timeoutMs: 30_000 });
    await waitForOutput(run.stderr, (s) => /user_code=[A-Z0-9-]+/.test(s), 20_000);
    const { home, url } = announced(run.stderr());
    const userCode = /user_code=([A-Z0-9-]+)/.exec(run.stderr())![1]!;
    const denied = await fetch(`${url}/_emulator/device-authorizations/deny`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userCode }),
    });
    expect(denied.ok).toBe(true);
    const deniedAt = Date.now();
    const r = await run.exited;
    // the simulated user would have clicked Allow 5 s after the code appeared: the demo must not wait for it
    expect(Date.now() - deniedAt, r.stderr).toBeLessThan(4_000);
    expect(r.stderr).not.toMatch(/simulated user/);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/demo stopped at step 2 \(Sign in with a device code\)/);
    expect(r.stderr).toMatch(/error: .*denied/i);
    expect(r.stderr).not.toMatch(/Done in/);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    expect(existsSync(home)).toBe(false);
    expect(await portClosed(url)).toBe(true);
  }, 40_000);

  it('a sign-in that fails before any code is shown ends the demo too (the simulated user stops waiting)', async () => {
    const run = startCli(['demo', '--pause', '2000'], env(), { timeoutMs: 30_000 });
    await waitForOutput(run.stderr, (s) => /home \S+/.test(s));
    const { home, url } = announced(run.stderr());
    // every StartDeviceAuthorization fails (retries included), so no code ever appears
    const faulted = await fetch(`${url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'StartDeviceAuthorization', kind: '500', count: 100 }),
    });
    expect(faulted.ok).toBe(true);
    const r = await run.exited;
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/demo stopped at step 2 \(Sign in with a device code\)/);
    expect(r.stderr).not.toMatch(/Done in/);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    expect(existsSync(home)).toBe(false);
    expect(await portClosed(url)).toBe(true);
  }, 40_000);
});
