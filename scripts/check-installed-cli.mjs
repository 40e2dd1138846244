// The packaging check's last step for the CLI (called by check-package.mjs for `ssokit`): what a
// person does after `pnpm pack-all`. The packed CLI and the packed tarballs of its workspace
// dependencies are installed globally into a temporary prefix with plain npm, and that installed
// `ssokit` (found on PATH, as a shell or botocore finds it) runs:
// - `ssokit --version`, which must print the packed version;
// - `ssokit demo --pause 0`, the README's first command;
// - `ssokit emulator --auto-approve`, `ssokit login --device-code`, `ssokit populate --credential-process`,
//   then botocore (python3, as the AWS CLI and boto3 do) resolves credentials from one of the profiles
//   populate wrote: its `credential_process` line runs the installed command.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const BOTOCORE = `
import json, sys
import botocore.session
creds = botocore.session.Session(profile=sys.argv[1]).get_credentials().get_frozen_credentials()
print(json.dumps({"accessKeyId": creds.access_key, "hasSecret": bool(creds.secret_key), "hasToken": bool(creds.token)}))
`;

/** Starts the installed emulator; resolves to its announced `{ url, startUrl, region }` and the child. */
export function startEmulator(ssokit, env, args = ['emulator', '--auto-approve', '--poll-interval', '1']) {
  const child = spawn(ssokit, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`the installed emulator did not start:\n${err}`)),
      20_000,
    );
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) {
        clearTimeout(timer);
        resolve({ ...JSON.parse(line), child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the installed emulator exited (${code}) before it listened:\n${err}`));
    });
  });
}

/** Runs a command to completion; throws with its output when it fails. */
function run(cmd, args, opts) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  } catch (e) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/**
 * Installs `tarballs` globally into `<scratch>/global` and runs the installed `ssokit`; throws what
 * failed. Returns the part of the check's summary line.
 */
export async function checkInstalledCli({ scratch, version, tarballs }) {
  const prefix = join(scratch, 'global');
  const home = join(scratch, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
  run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs,
    ],
    {
      cwd: scratch,
    },
  );
  const binDir = process.platform === 'win32' ? prefix : join(prefix, 'bin');
  const ssokit = join(binDir, 'ssokit');
  // only PATH (with the installed command first) and a scratch HOME: nothing of this machine's AWS setup
  const env = {
    PATH: `${binDir}${delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    USERPROFILE: home,
    NO_COLOR: '1',
  };

  const printed = run('ssokit', ['--version'], { env, cwd: home }).trim();
  if (printed !== version)
    throw new Error(`installed \`ssokit --version\` printed "${printed}", expected "${version}"`);
  run('ssokit', ['demo', '--pause', '0'], { env, cwd: home, timeout: 60_000 });

  const emulator = await startEmulator(ssokit, env);
  try {
    const configFile = join(home, '.aws', 'config');
    writeFileSync(
      configFile,
      `[sso-session packed]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
      { mode: 0o600 },
    );
    const awsEnv = { ...env, AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url };
    run('ssokit', ['login', '--sso-session', 'packed', '--device-code'], {
      env: awsEnv,
      cwd: home,
      timeout: 60_000,
    });
    run('ssokit', ['populate', '--sso-session', 'packed', '--credential-process'], {
      env: awsEnv,
      cwd: home,
    });
    const config = readFileSync(configFile, 'utf8');
    const section = /^\[profile ([^\]]+)\]\r?\n(?:[^[].*\r?\n)*?credential_process = (.*)$/m.exec(config);
    if (!section)
      throw new Error(`populate --credential-process wrote no credential_process profile:\n${config}`);
    const [, profile, command] = section;
    if (!command.startsWith('ssokit credentials '))
      throw new Error(`with ssokit on PATH, populate wrote "${command}" instead of "ssokit credentials ..."`);
    const got = JSON.parse(run('python3', ['-c', BOTOCORE, profile], { env: awsEnv, cwd: home }));
    if (!got.accessKeyId || !got.hasSecret || !got.hasToken)
      throw new Error(`botocore got incomplete credentials from "${command}": ${JSON.stringify(got)}`);
    return `, npm install -g of ${tarballs.length} tarballs: ssokit --version, demo, botocore credential_process (${profile})`;
  } finally {
    emulator.child.kill('SIGTERM');
  }
}
