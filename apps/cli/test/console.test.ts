// `ssokit console` as a child process against the emulator: it signs in through the emulator's
// sign-in federation and prints (or opens) a URL that lands on the emulated console as the role.
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { roleChainConfig } from '@ssokit/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hasStackTrace,
  loginAs,
  runCli,
  startEmulatorHome,
  stopEmulatorHome,
  useEmulatorHome,
} from './helpers.js';

const h = useEmulatorHome({}, { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } });
let env: Record<string, string>;

beforeAll(async () => {
  env = { ...h.env, AWS_ENDPOINT_URL_SIGNIN: h.emulator.url };
  expect((await loginAs(h.emulator, h.env, 'alice')).code).toBe(0);
});

/** Follows a sign-in URL like a browser: the login redirect, then the console page with its cookie. */
async function follow(url: string): Promise<{ status: number; html: string }> {
  const login = await fetch(url, { redirect: 'manual' });
  if (login.status !== 302) return { status: login.status, html: await login.text() };
  const page = await fetch(new URL(login.headers.get('location')!, url), {
    headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
  });
  return { status: page.status, html: await page.text() };
}

describe('ssokit console', () => {
  it("--print prints a sign-in URL for the profile's role, and warns on stderr that it is a secret", async () => {
    const r = await runCli(
      ['console', '--profile', 'dev', '--destination', 's3', '--region', 'eu-west-1', '--print'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const url = r.stdout.trim();
    expect(url.startsWith(`${h.emulator.url}/federation?Action=login&`)).toBe(true);
    expect(new URL(url).searchParams.get('Destination')).toBe(
      'https://console.aws.amazon.com/s3/home?region=eu-west-1',
    );
    expect(r.stderr).toMatch(
      /signs anyone who opens it in to the AWS console as DeveloperAccess in 222222222222/,
    );
    expect(r.stderr).not.toContain(new URL(url).searchParams.get('SigninToken')!);
    const { status, html } = await follow(url);
    expect(status).toBe(200);
    expect(html).toContain('<dd id="console-account">222222222222</dd>');
    expect(html).toContain('<dd id="console-role">DeveloperAccess</dd>');
    expect(html).toContain('<dd id="console-region">eu-west-1</dd>');
  });

  it('opens a role-chain profile as the last role of the chain (assumed through the emulator STS)', async () => {
    // AdministratorAccess in 111111111111 may assume Deploy, which may assume Audit in 222222222222
    appendFileSync(h.configFile, roleChainConfig({ sourceProfile: 'admin', ssoSession: 'work' }));
    const r = await runCli(['console', '--profile', 'audit', '--print'], {
      ...env,
      AWS_ENDPOINT_URL_STS: h.emulator.url,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('as Audit in 222222222222');
    const { status, html } = await follow(r.stdout.trim());
    expect(status).toBe(200);
    expect(html).toContain('<dd id="console-account">222222222222</dd>');
    expect(html).toContain('<dd id="console-role">Audit</dd>');
  });

  it('takes a session, account and role instead of a profile', async () => {
    const r = await runCli(
      [
        'console',
        '--sso-session',
        'work',
        '--account-id',
        '111111111111',
        '--role-name',
        'ReadOnlyAccess',
        '--print',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const { html } = await follow(r.stdout.trim());
    expect(html).toContain('<dd id="console-role">ReadOnlyAccess</dd>');
    // the console opens in the session's region when nothing else names one
    expect(html).toContain(`<dd id="console-region">${h.emulator.region}</dd>`);
  });

  it('opens the URL with the browser opener (BROWSER) and prints nothing on stdout', async () => {
    const urlFile = join(h.home, 'opened.txt');
    const opener = join(h.home, 'opener.sh');
    writeFileSync(
      opener,
      `#!/bin/sh\nprintf '%s' "$1" > '${urlFile}.tmp' && mv '${urlFile}.tmp' '${urlFile}'\n`,
    );
    chmodSync(opener, 0o755);
    const r = await runCli(['console', '--profile', 'dev'], { ...env, BROWSER: opener });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Opening the AWS console as DeveloperAccess in 222222222222/);
    for (let i = 0; i < 100; i++) {
      try {
        readFileSync(urlFile);
        break;
      } catch {
        await new Promise((res) => setTimeout(res, 20));
      }
    }
    const { html } = await follow(readFileSync(urlFile, 'utf8'));
    expect(html).toContain('<dd id="console-account">222222222222</dd>');
  });

  it('refuses a destination off the console (exit 2) and clashing target flags, without a stack', async () => {
    const bad = await runCli(
      ['console', '--profile', 'dev', '--destination', 'https://evil.example/', '--print'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither a service name .* nor an https:\/\/ URL of the aws console/);
    expect(bad.stdout).toBe('');
    const clash = await runCli(['console', '--sso-session', 'work', '--print'], env);
    expect(clash.code).toBe(2);
    for (const r of [bad, clash]) expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('says federation refused the credentials when sign-in is pointed at a service that does not know them', async () => {
    // a second emulator did not issue these role credentials
    const { emulator: other, t: otherHome } = await startEmulatorHome({});
    try {
      const r = await runCli(['console', '--profile', 'dev', '--print'], {
        ...env,
        AWS_ENDPOINT_URL_SIGNIN: other.url,
      });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/refused the credentials \(HTTP 400\)/);
      expect(r.stdout).toBe('');
      expect(hasStackTrace(r.stderr)).toBe(false);
    } finally {
      await stopEmulatorHome(other, otherHome);
    }
  });

  it('--help shows examples', async () => {
    const r = await runCli(['console', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ssokit console --profile dev --destination s3 --region eu-west-1/);
    expect(r.stdout).toMatch(/--print/);
  });
});
