// The region of a profile's AWS calls, apart from the IAM Identity Center region: configure asks for
// it (flags: --sso-region and --region), populate writes a default and per-account ones, and the
// shell formats of credentials export it unless the person set a region already. And configure
// --endpoint-url, which points a session and profile at an endpoint of their own (a local emulator).
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pythonWithBotocore } from '@ssokit/test-support';
import { describe, expect, it } from 'vitest';
import { expectCredentialProcess, runCli, sessionConfig, useEmulatorHome } from './helpers.js';
import { loadConfigWithSdk } from './sdk-loader.js';

const execFileP = promisify(execFile);
const h = useEmulatorHome({ autoApprove: { user: 'alice' }, pollIntervalSeconds: 1 });

/** Starts each test from this config text, signed in to sso-session work. */
async function signedIn(config: string): Promise<void> {
  await writeFile(h.configFile, config);
  const r = await runCli(['login', '--sso-session', 'work', '--device-code', '--no-browser'], h.env);
  expect(r.code, r.stderr).toBe(0);
}

describe('configure --sso-region / --region', () => {
  it('writes the Identity Center region to the session and --region to the profile', async () => {
    await writeFile(h.configFile, '');
    const args = `configure --sso-session work --start-url ${h.emulator.startUrl} --sso-region ${h.emulator.region} --region eu-west-1 --profile dev --account-id 111111111111 --role-name AdministratorAccess --device-code`;
    const r = await runCli(args.split(' '), { ...h.env, CI: '1', BROWSER: 'true' });
    expect(r.code, r.stderr).toBe(0);
    const sdk = await loadConfigWithSdk(h.configFile);
    expect(sdk['sso-session.work']?.['sso_region']).toBe(h.emulator.region);
    expect(sdk['dev']?.['region']).toBe('eu-west-1');
  });
});

describe('populate --region', () => {
  it('writes the default region and an account override; warns about an account that is not yours', async () => {
    await signedIn(sessionConfig(h.emulator));
    const args =
      'populate --sso-session work --template {accountId}.{roleName} --region eu-west-1 --region 333333333333=ap-southeast-2 --region 999999999999=us-west-2';
    const r = await runCli(args.split(' '), h.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('no role of yours is in account 999999999999');
    const sdk = await loadConfigWithSdk(h.configFile);
    expect(sdk['111111111111.AdministratorAccess']?.['region']).toBe('eu-west-1');
    expect(sdk['333333333333.ReadOnlyAccess']?.['region']).toBe('ap-southeast-2');
    const bad = await runCli(['populate', '--sso-session', 'work', '--region', '12=eu-west-1'], h.env);
    expect(bad.code).toBe(2);
  });
});

describe('credentials --format env and the region', () => {
  it("exports the profile's region as AWS_REGION and AWS_DEFAULT_REGION, unless the environment sets one", async () => {
    await signedIn(
      `${sessionConfig(h.emulator, { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } })}region = eu-west-1\n`,
    );
    const r = await runCli(['credentials', '--profile', 'dev', '--format', 'env'], h.env);
    expect(r.code, r.stderr).toBe(0);
    const { stdout } = await execFileP(
      'sh',
      ['-c', 'eval "$CREDS"; env | grep "^AWS_[A-Z_]*REGION=" | sort'],
      {
        env: { PATH: h.env['PATH'], CREDS: r.stdout },
      },
    );
    expect(stdout).toBe('AWS_DEFAULT_REGION=eu-west-1\nAWS_REGION=eu-west-1\n');

    const mine = await runCli(['credentials', '--profile', 'dev', '--format', 'fish'], {
      ...h.env,
      AWS_DEFAULT_REGION: 'us-east-2',
    });
    expect(mine.code).toBe(0);
    expect(mine.stdout).toContain('AWS_ACCESS_KEY_ID');
    expect(mine.stdout).not.toContain('REGION');
    // the credential_process JSON has no region
    const processJson = await runCli(['credentials', '--profile', 'dev'], h.env);
    expect(processJson.stdout).not.toContain('eu-west-1');
  });
});

describe('configure --endpoint-url', () => {
  it('writes [services NAME] and services = NAME: ssokit and botocore reach the emulator with no endpoint variable', async () => {
    await writeFile(h.configFile, '');
    await rm(join(h.home, '.aws', 'sso'), { recursive: true, force: true });
    await rm(join(h.home, '.aws', 'cli'), { recursive: true, force: true });
    const { AWS_ENDPOINT_URL_SSO: _sso, AWS_ENDPOINT_URL_SSO_OIDC: _oidc, ...env } = h.env;
    const args = `configure --sso-session work --start-url ${h.emulator.startUrl} --region ${h.emulator.region} --profile dev --account-id 111111111111 --role-name AdministratorAccess --device-code --endpoint-url ${h.emulator.url}`;
    const r = await runCli(args.split(' '), { ...env, CI: '1', BROWSER: 'true' });
    expect(r.code, r.stderr).toBe(0);
    const sdk = await loadConfigWithSdk(h.configFile);
    expect(sdk['services.work']).toEqual({
      'sso.endpoint_url': h.emulator.url,
      'sso_oidc.endpoint_url': h.emulator.url,
    });
    expect(sdk['dev']?.['services']).toBe('work');
    const creds = await runCli(['credentials', '--profile', 'dev'], env);
    expect(creds.code, creds.stderr).toBe(0);
    expectCredentialProcess(creds.stdout);
    if (pythonWithBotocore()) {
      await rm(join(h.home, '.aws', 'cli'), { recursive: true, force: true });
      const before = h.emulator.admin.counters()['GetRoleCredentials'] ?? 0;
      // asynchronously: the emulator answers from this process
      const { stdout: key } = await execFileP(
        'python3',
        [
          '-c',
          'import botocore.session\nprint(botocore.session.Session(profile="dev").get_credentials().get_frozen_credentials().access_key)',
        ],
        { env: { PATH: h.env['PATH'], HOME: h.home, AWS_CONFIG_FILE: h.configFile } },
      );
      expect(key.trim()).toMatch(/^ASIA/);
      expect(h.emulator.admin.counters()['GetRoleCredentials']).toBe(before + 1);
    }
  });
  it('login, accounts and logout of a [services] profile go to its endpoints with no endpoint variable', async () => {
    const { AWS_ENDPOINT_URL_SSO: _sso, AWS_ENDPOINT_URL_SSO_OIDC: _oidc, ...env } = h.env;
    await rm(join(h.home, '.aws', 'sso'), { recursive: true, force: true });
    await writeFile(
      h.configFile,
      `${sessionConfig(h.emulator, { dev: { accountId: '111111111111', roleName: 'AdministratorAccess' } })}services = local\n\n[services local]\nsso =\n  endpoint_url = ${h.emulator.url}\nsso_oidc =\n  endpoint_url = ${h.emulator.url}\n`,
    );
    const config = await loadConfigWithSdk(h.configFile);
    expect(config['dev']?.['services']).toBe('local');
    const authorizations = h.emulator.admin.counters()['StartDeviceAuthorization'] ?? 0;
    const login = await runCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(h.emulator.admin.counters()['StartDeviceAuthorization']).toBe(authorizations + 1);
    const accounts = await runCli(['accounts', '--profile', 'dev', '--json'], env);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(accounts.stdout).toContain('111111111111');
    const logouts = h.emulator.admin.counters()['Logout'] ?? 0;
    const logout = await runCli(['logout', '--profile', 'dev'], env);
    expect(logout.code, logout.stderr).toBe(0);
    expect(h.emulator.admin.counters()['Logout']).toBe(logouts + 1);
  });

  it('an emulator session without its [services] block or variables is refused before a token leaves', async () => {
    await signedIn(sessionConfig(h.emulator));
    const { AWS_ENDPOINT_URL_SSO: _sso, AWS_ENDPOINT_URL_SSO_OIDC: _oidc, ...env } = h.env;
    const listed = h.emulator.admin.counters()['ListAccounts'] ?? 0;
    const r = await runCli(['accounts', '--sso-session', 'work'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('AWS_ENDPOINT_URL');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.emulator.admin.counters()['ListAccounts'] ?? 0).toBe(listed);
  });
});
