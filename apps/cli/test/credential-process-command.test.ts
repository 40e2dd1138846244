// `populate --credential-process` writes a command that runs on this machine: `ssokit credentials …`
// when PATH finds an `ssokit`, else Node and the CLI's script by absolute path, with a warning. The
// lines are then run the way the AWS CLI runs them: botocore resolves the profile's credentials.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { pythonWithBotocore } from '@ssokit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, loginAs, makeHome, runCli, sessionConfig, type TestHome } from './helpers.js';

let emulator: RunningEmulator;
let t: TestHome;
let binDir: string;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator();
  t = await makeHome(emulator, sessionConfig(emulator));
  expect((await loginAs(emulator, t.env, 'alice')).code).toBe(0);
  // a folder holding an `ssokit` command, as `npm install -g` makes one
  binDir = await mkdtemp(join(tmpdir(), 'ssokit-bin-'));
  await symlink(BIN, join(binDir, 'ssokit'));
});

afterAll(async () => {
  await emulator?.close();
  await t?.cleanup();
  if (binDir) await rm(binDir, { recursive: true, force: true });
});

/** The credential_process lines of the config, by profile. */
async function credentialProcessLines(): Promise<Map<string, string>> {
  const text = await readFile(t.configFile, 'utf8');
  const lines = new Map<string, string>();
  for (const m of text.matchAll(/^\[profile ([^\]]+)\]\n(?:[^[\n].*\n)*?credential_process = (.*)$/gm))
    lines.set(m[1]!, m[2]!);
  return lines;
}

/**
 * botocore's credentials for `profile` (the access key id), with `env`'s PATH. Asynchronous: the
 * emulator answering the command botocore runs lives in this process.
 */
async function botocoreAccessKey(profile: string, env: Record<string, string>): Promise<string> {
  const script = [
    'import botocore.session',
    `session = botocore.session.Session(profile=${JSON.stringify(profile)})`,
    'print(session.get_credentials().get_frozen_credentials().access_key)',
  ].join('\n');
  const { stdout } = await promisify(execFile)('python3', ['-c', script], { env });
  return stdout.trim();
}

const PROFILE = 'Production.AdministratorAccess';

describe('the command populate --credential-process writes', () => {
  it('without ssokit on PATH: warns and writes Node and the CLI by absolute path, which botocore runs', async () => {
    expect((t.env['PATH'] ?? '').split(delimiter).some((d) => d === binDir)).toBe(false);
    const r = await runCli(['populate', '--sso-session', 'work', '--credential-process'], t.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/`ssokit` is not on your PATH: the credential_process lines run `.+` instead/);
    const line = (await credentialProcessLines()).get(PROFILE);
    expect(line).toBe(
      `${process.execPath} ${BIN} credentials --sso-session work --account-id 111111111111 --role-name AdministratorAccess`,
    );
    if (pythonWithBotocore()) expect(await botocoreAccessKey(PROFILE, t.env)).toMatch(/^ASIA/);
  });

  it('with ssokit on PATH: writes plain `ssokit credentials …`, no warning, and botocore runs it', async () => {
    const env = { ...t.env, PATH: `${binDir}${delimiter}${t.env['PATH'] ?? ''}` };
    const r = await runCli(['populate', '--sso-session', 'work', '--credential-process'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/not on your PATH/);
    expect((await credentialProcessLines()).get(PROFILE)).toBe(
      'ssokit credentials --sso-session work --account-id 111111111111 --role-name AdministratorAccess',
    );
    if (pythonWithBotocore()) expect(await botocoreAccessKey(PROFILE, env)).toMatch(/^ASIA/);
  });
});
