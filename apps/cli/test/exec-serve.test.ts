// `ssokit exec` and `ssokit serve` as users run them: the built CLI as a child process, on the
// emulator, in a temporary home; the programs they start are real processes too.
import { spawnSync } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonWithBotocore, roleChainConfig } from '@ssokit/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hasStackTrace,
  type RunResult,
  runCli,
  startCli,
  useEmulatorHome,
  waitForOutput,
} from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
// the AWS SDK's container providers, run where @aws-sdk/credential-providers is installed
const SDK_CONTAINER = join(
  here,
  '..',
  '..',
  '..',
  'packages',
  'credential-provider',
  'test',
  'fixtures',
  'sdk-container.mjs',
);

const h = useEmulatorHome(
  { autoApprove: true, pollIntervalSeconds: 1 },
  { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } },
);

beforeAll(async () => {
  await appendFile(h.configFile, 'region = eu-central-1\n');
  const login = await runCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], h.env);
  expect(login.code, login.stderr).toBe(0);
}, 30_000);

/** `node -e SCRIPT ARGS...` under `ssokit exec --profile dev`. */
const execNode = (
  script: string,
  args: string[] = [],
  env: Record<string, string> = h.env,
  more: string[] = [],
) => runCli(['exec', '--profile', 'dev', ...more, '--', process.execPath, '-e', script, ...args], env);

const PRINT_ENV = `process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('AWS_') || k.startsWith('SSOKIT_')))))`;

describe('ssokit exec', () => {
  it('gives the command the credentials, their expiry, the region and the marker; removes AWS_PROFILE', async () => {
    const r = await execNode(PRINT_ENV, [], {
      ...h.env,
      AWS_PROFILE: 'other',
      AWS_ACCESS_KEY_ID: 'AKIAUSERSOWNKEY00000',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/',
    });
    expect(r.code, r.stderr).toBe(0);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA/);
    expect(env['AWS_SECRET_ACCESS_KEY']).toBeTruthy();
    expect(env['AWS_SESSION_TOKEN']).toBeTruthy();
    expect(Date.parse(env['AWS_CREDENTIAL_EXPIRATION']!)).toBeGreaterThan(Date.now() + 15 * 60_000);
    expect(env['AWS_REGION']).toBe('eu-central-1');
    expect(env['AWS_DEFAULT_REGION']).toBe('eu-central-1');
    expect(env['SSOKIT_PROFILE']).toBe('dev');
    expect(env['AWS_PROFILE']).toBeUndefined();
    expect(env['AWS_CONTAINER_CREDENTIALS_FULL_URI']).toBeUndefined();
    // nothing of the credentials on ssokit's own output
    expect(r.stderr).not.toContain(env['AWS_SECRET_ACCESS_KEY']);
  });

  it('--region wins; without it, a region the user set stays', async () => {
    const flag = JSON.parse((await execNode(PRINT_ENV, [], h.env, ['--region', 'ap-south-1'])).stdout);
    expect([flag.AWS_REGION, flag.AWS_DEFAULT_REGION]).toEqual(['ap-south-1', 'ap-south-1']);
    const own = JSON.parse((await execNode(PRINT_ENV, [], { ...h.env, AWS_REGION: 'us-west-2' })).stdout);
    expect(own.AWS_REGION).toBe('us-west-2');
    expect(own.AWS_DEFAULT_REGION).toBeUndefined();
  });

  it('passes arguments with spaces, quotes and unicode through intact (no shell)', async () => {
    const args = ['two words', `it's "quoted"`, 'ünïcødé ✓ 日本', '$HOME', '*', '; echo no', ''];
    const r = await execNode('process.stdout.write(JSON.stringify(process.argv.slice(1)))', args);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(args);
  });

  it("returns the command's exit code, 128+N for a signal, 127 for a command that does not exist", async () => {
    expect((await execNode('process.exit(42)')).code).toBe(42);
    expect((await execNode('process.exit(0)')).code).toBe(0);
    expect((await execNode("process.kill(process.pid, 'SIGKILL')")).code).toBe(128 + 9);
    const missing = await runCli(['exec', '--profile', 'dev', '--', 'no-such-command-ssokit-test'], h.env);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('command not found: no-such-command-ssokit-test');
    expect(hasStackTrace(missing.stderr)).toBe(false);
  });

  it('refuses to nest, naming the active profile (exit 2)', async () => {
    const r = await execNode('process.exit(0)', [], { ...h.env, SSOKIT_PROFILE: 'prod' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('prod');
    // and a real nested run: exec inside exec
    const nested = await execNode(
      `const r = require('node:child_process').spawnSync(process.execPath, [${JSON.stringify(join(here, '..', 'dist', 'bin.cjs'))}, 'exec', '--profile', 'dev', '--', process.execPath, '-e', '0'], { encoding: 'utf8' }); process.stdout.write(JSON.stringify({ code: r.status, stderr: r.stderr }))`,
    );
    const inner = JSON.parse(nested.stdout) as { code: number; stderr: string };
    expect(inner.code).toBe(2);
    expect(inner.stderr).toContain('already running inside `ssokit exec` for profile dev');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`passes ${signal} on to the command and returns what it exits with`, async () => {
      const script = `process.on('${signal}', () => { process.stdout.write('got ${signal}'); process.exit(7); }); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`;
      const run = startCli(['exec', '--profile', 'dev', '--', process.execPath, '-e', script], h.env);
      await waitForOutput(run.stdout, (s) => s.includes('ready'));
      run.child.kill(signal);
      const r: RunResult = await run.exited;
      expect(r.stdout).toContain(`got ${signal}`);
      expect(r.code).toBe(7);
    });
  }

  it('fails before running anything when nobody is signed in (exit 4)', async () => {
    const r = await runCli(['exec', '--profile', 'dev', '--', process.execPath, '-e', "console.log('ran')"], {
      ...h.env,
      HOME: `${h.home}/nobody`,
    });
    expect(r.code).toBe(4);
    expect(r.stdout).not.toContain('ran');
  });

  it('--server gives the command the endpoint variables instead of keys, and the endpoint answers', async () => {
    const script = `
      const uri = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
      fetch(uri, { headers: { authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })
        .then((r) => r.json())
        .then((b) => process.stdout.write(JSON.stringify({ uri, keys: process.env.AWS_ACCESS_KEY_ID ?? null, id: b.AccessKeyId })));`;
    const r = await execNode(script, [], h.env, ['--server']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { uri: string; keys: string | null; id: string };
    expect(out.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(out.keys).toBeNull();
    expect(out.id).toMatch(/^ASIA/);
  });
});

/** AWS CLI v2 (Debian's awscli at /usr/bin/aws; the `aws` first on PATH may be v1). */
function awsCliV2(): string | undefined {
  for (const bin of ['/usr/bin/aws', 'aws']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && /^aws-cli\/2\./.test(r.stdout)) return bin;
  }
  if (process.env['CI']) throw new Error('AWS CLI v2 is required in CI (the Debian package awscli)');
  console.log('skipping the AWS CLI test: AWS CLI v2 is not installed here (sudo apt-get install awscli)');
  return undefined;
}
const aws = awsCliV2();

describe.runIf(aws !== undefined)('ssokit exec with the AWS CLI v2', () => {
  /** `aws sts get-caller-identity` against the h.emulator, run by `ssokit exec --profile PROFILE`. */
  const callerIdentity = async (profile: string, extraEnv: Record<string, string> = {}) => {
    const r = await runCli(
      // the emulator's STS answers for any region the request is signed for
      [
        'exec',
        '--profile',
        profile,
        '--region',
        h.emulator.region,
        '--',
        aws!,
        'sts',
        'get-caller-identity',
        '--endpoint-url',
        h.emulator.url,
        '--output',
        'json',
      ],
      { ...h.env, AWS_PAGER: '', ...extraEnv },
      { timeoutMs: 60_000 },
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout) as { Account: string; Arn: string; UserId: string };
  };

  it('aws sts get-caller-identity prints the role the profile names', async () => {
    const id = await callerIdentity('dev');
    expect(id.Account).toBe('222222222222');
    expect(id.Arn).toMatch(
      /^arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_DeveloperAccess_[0-9a-f]{16}\/.+/,
    );
  }, 60_000);

  it('the same for a two-step role chain: the identity is the last role of the chain', async () => {
    // AdministratorAccess in 111111111111 may assume Deploy, which may assume Audit in 222222222222
    await appendFile(h.configFile, roleChainConfig({ sourceProfile: 'admin', ssoSession: 'work' }));
    const id = await callerIdentity('audit', { AWS_ENDPOINT_URL_STS: h.emulator.url });
    expect(id.Account).toBe('222222222222');
    expect(id.Arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/Audit\/.+/);
  }, 60_000);
});

describe('ssokit serve', () => {
  const startServe = async () => {
    const run = startCli(['serve', '--profile', 'dev'], h.env, { timeoutMs: 60_000 });
    await waitForOutput(run.stdout, (s) => s.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN='));
    const vars = Object.fromEntries(
      [...run.stdout().matchAll(/^export (AWS_CONTAINER_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    return { run, vars };
  };

  it('serves the AWS SDK (fromContainerMetadata, fromHttp) and botocore; refuses a wrong token; Ctrl-C exits 130', async () => {
    const { run, vars } = await startServe();
    try {
      expect(vars['AWS_CONTAINER_CREDENTIALS_FULL_URI']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(vars['AWS_CONTAINER_AUTHORIZATION_TOKEN']!.length).toBeGreaterThanOrEqual(43);
      expect(run.stderr()).toContain('--network host');
      expect(run.stderr()).not.toContain(vars['AWS_CONTAINER_AUTHORIZATION_TOKEN']);
      const childEnv = {
        PATH: h.env.PATH!,
        NODE_NO_WARNINGS: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...vars,
      };
      for (const which of ['container', 'http']) {
        const sdk = spawnSync(process.execPath, [SDK_CONTAINER, which], { env: childEnv, encoding: 'utf8' });
        expect(sdk.status, sdk.stderr).toBe(0);
        expect((JSON.parse(sdk.stdout) as { accessKeyId: string }).accessKeyId).toMatch(/^ASIA/);
      }
      if (pythonWithBotocore()) {
        const py = spawnSync(
          'python3',
          [
            '-c',
            'from botocore.credentials import ContainerProvider\nprint(ContainerProvider().load().get_frozen_credentials().access_key)',
          ],
          { env: childEnv, encoding: 'utf8' },
        );
        expect(py.status, py.stderr).toBe(0);
        expect(py.stdout.trim()).toMatch(/^ASIA/);
      }
      const wrong = await fetch(vars['AWS_CONTAINER_CREDENTIALS_FULL_URI']!, {
        headers: { authorization: 'x'.repeat(43) },
      });
      expect(wrong.status).toBe(403);
      const none = await fetch(vars['AWS_CONTAINER_CREDENTIALS_FULL_URI']!);
      expect(none.status).toBe(401);
    } finally {
      run.child.kill('SIGINT');
    }
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Stopped');
    expect(hasStackTrace(r.stderr)).toBe(false);
  }, 60_000);

  it('stops cleanly on SIGTERM (exit 143)', async () => {
    const { run } = await startServe();
    run.child.kill('SIGTERM');
    const r = await run.exited;
    expect(r.code).toBe(143);
    expect(hasStackTrace(r.stderr)).toBe(false);
  }, 60_000);

  it('says what to do when nobody is signed in, before listening', async () => {
    const r = await runCli(['serve', '--profile', 'dev'], { ...h.env, HOME: `${h.home}/nobody` });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ssokit login');
  });

  it('rejects a --port that is not a port', async () => {
    const r = await runCli(['serve', '--profile', 'dev', '--port', 'http'], h.env);
    expect(r.code).toBe(2);
  });

  it('says which port is taken, as a usage error, without a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = await runCli(['serve', '--profile', 'dev', '--port', String(port)], h.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(String(port));
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
