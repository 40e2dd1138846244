import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

// A second, independent client implementation: the AWS CLI's botocore (v1 or v2), when installed.
const haveAws = spawnSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
if (!haveAws) console.warn('skipping AWS CLI tests: no `aws` on PATH');
const run = promisify(execFile);

describe.skipIf(!haveAws)('AWS CLI (botocore) against the emulator', () => {
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    emulator = await startEmulator({ autoApprove: true });
    const home = mkdtempSync(join(tmpdir(), 'emu-aws-'));
    const config = join(home, 'config');
    // CLI v1 would otherwise fetch http:// parameter values (the start URL) instead of sending them
    writeFileSync(config, '[default]\ncli_follow_urlparam = false\n');
    env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_ENDPOINT_URL: emulator.url,
      AWS_DEFAULT_REGION: emulator.region,
      AWS_REGION: emulator.region,
      AWS_PAGER: '',
    };
  });
  afterAll(() => emulator.close());

  // the CLI's JSON output, loosely typed: the assertions below check the members they read
  interface Out {
    clientId: string;
    clientSecret: string;
    deviceCode: string;
    userCode: string;
    verificationUriComplete: string;
    accessToken: string;
    refreshToken: string;
    accountList: Array<{ accountId: string }>;
    roleCredentials: { accessKeyId: string; expiration: number };
  }
  const aws = async (...args: string[]): Promise<Out> => {
    const { stdout } = await run('aws', [...args, '--output', 'json'], { env, timeout: 30_000 });
    return JSON.parse(stdout) as Out;
  };

  it('registers, signs in with a device code, lists accounts and gets role credentials', async () => {
    const c = await aws(
      'sso-oidc',
      'register-client',
      '--client-name',
      'cli',
      '--client-type',
      'public',
      '--scopes',
      'sso:account:access',
    );
    // `--name=value`: a value starting with '-' must not read as an option
    const ids = [`--client-id=${c.clientId}`, `--client-secret=${c.clientSecret}`];
    const d = await aws('sso-oidc', 'start-device-authorization', ...ids, '--start-url', emulator.startUrl);
    expect(d.verificationUriComplete).toBe(`${emulator.url}/device?user_code=${d.userCode}`);
    const t = await aws(
      'sso-oidc',
      'create-token',
      ...ids,
      '--grant-type',
      'urn:ietf:params:oauth:grant-type:device_code',
      `--device-code=${d.deviceCode}`,
    );
    expect(t.refreshToken).toBeTruthy();
    const accounts = await aws('sso', 'list-accounts', `--access-token=${t.accessToken}`);
    expect(accounts.accountList.map((a) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
    const creds = await aws(
      'sso',
      'get-role-credentials',
      `--access-token=${t.accessToken}`,
      '--account-id',
      '111111111111',
      '--role-name',
      'Billing',
    );
    expect(creds.roleCredentials.accessKeyId).toMatch(/^ASIA/);
    expect(creds.roleCredentials.expiration).toBeGreaterThan(emulator.admin.now());
    const again = await run(
      'aws',
      [
        'sso-oidc',
        'create-token',
        ...ids,
        '--grant-type',
        'urn:ietf:params:oauth:grant-type:device_code',
        `--device-code=${d.deviceCode}`,
      ],
      { env },
    ).catch((e: { stderr: string }) => e);
    expect(again.stderr).toContain('InvalidGrantException');
    // each `aws` call starts a Python interpreter: slow on a loaded machine
  }, 180_000);
});
