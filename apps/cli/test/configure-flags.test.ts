// `ssokit configure` with every answer given as a flag (no terminal needed): what it writes is
// validated before anything reaches ~/.aws/config, and it edits the section AWS's loader reads.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, makeHome, runCli, type TestHome } from './helpers.js';
import { loadConfigWithSdk } from './sdk-loader.js';

let emulator: RunningEmulator;
let t: TestHome | undefined;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ autoApprove: { user: 'alice' }, pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const configure = (home: TestHome, overrides: Record<string, string> = {}) => {
  const flags: Record<string, string> = {
    '--sso-session': 'work',
    '--start-url': emulator.startUrl,
    '--region': emulator.region,
    '--profile': 'dev',
    '--account-id': '111111111111',
    '--role-name': 'AdministratorAccess',
    ...overrides,
  };
  return runCli(
    ['configure', ...Object.entries(flags).flat(), '--device-code'],
    // CI picks the device-code flow; BROWSER keeps the verification URL from opening anywhere
    { ...home.env, CI: '1', BROWSER: 'true' },
  );
};

describe('ssokit configure --start-url/--region are validated before anything is written', () => {
  for (const [flag, value] of [
    ['--start-url', 'https://my-org.awsapps.com/start\ncredential_process = touch /tmp/ssokit-pwned'],
    ['--start-url', 'https://my-org.awsapps.com/start\tx'],
    ['--region', 'us-east-1\ncredential_process = touch /tmp/ssokit-pwned'],
    ['--region', 'not a region'],
    ['--sso-session', 'my session'],
    ['--profile', 'Acme (Prod)'],
    ['--account-id', '12345'],
  ] as const) {
    it(`${flag} ${JSON.stringify(value)} is a usage error and the file stays as it was`, async () => {
      const original = '# mine\n[profile other]\nregion = eu-west-1\n';
      t = await makeHome(emulator, original);
      const r = await configure(t, { [flag]: value });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(await readFile(t.configFile, 'utf8')).toBe(original);
    });
  }

  it('writes no file at all when there was none', async () => {
    t = await makeHome(emulator);
    const r = await configure(t, { '--start-url': 'https://x.awsapps.com/start\n[profile evil]' });
    expect(r.code).toBe(2);
    expect(existsSync(t.configFile)).toBe(false);
  });
});

describe('ssokit configure with duplicate sections', () => {
  it('edits the section the SDK reads, and the profile works', async () => {
    const original = [
      '[sso-session work]',
      'sso_start_url = https://first.awsapps.com/start',
      'sso_region = us-east-1',
      '',
      '# a second copy, pasted in later: the SDK merges them and the last value wins',
      '[sso-session work]',
      'sso_start_url = https://stale.awsapps.com/start',
      'sso_region = eu-west-1',
      '',
    ].join('\n');
    t = await makeHome(emulator, original);
    const r = await configure(t);
    expect(r.code, r.stderr).toBe(0);
    const sdk = await loadConfigWithSdk(t.configFile);
    expect(sdk['sso-session.work']).toMatchObject({
      sso_start_url: emulator.startUrl,
      sso_region: emulator.region,
    });
    expect(sdk['dev']).toMatchObject({ sso_session: 'work', sso_account_id: '111111111111' });
    const creds = await runCli(['credentials', '--profile', 'dev'], t.env);
    expect(creds.code, creds.stderr).toBe(0);
    // the comment between the copies is still there
    expect(await readFile(t.configFile, 'utf8')).toContain('# a second copy, pasted in later');
  });
});
