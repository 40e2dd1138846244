#!/usr/bin/env node
// How long does `credential_process = ssokit credentials --profile P` cost an AWS call? Measures the
// whole-process wall time of these commands reading the same temporary home:
//   node -e 0                                              (Node's start-up: the floor)
//   node apps/cli/dist/bin.cjs credentials --profile P     (ours), role-credential cache warm / cold
//   /usr/bin/aws configure export-credentials --profile P  (AWS CLI v2, Debian's awscli), warm / cold
//   a node process printing the AWS SDK v3 fromSSO's credentials (cold: the SDK keeps no role cache)
// "Cold" deletes ~/.aws/cli/cache before each run (not timed): the token is valid, one
// GetRoleCredentials call. It prints the medians and the ratios of the targets:
//   warm ours / node -e 0 ≤ 1.3;  cold ours / cold aws ≤ 0.5;  cold ours / SDK ≤ 1.
//
// Usage (from the repository root, after `pnpm build`; `pnpm bench` runs it on Node 20 and 24):
//   node apps/cli/bench/credentials-fast-path.mjs [--runs 30] [--warmup 5] [--max-load 1.5] [--wait-quiet 6] [--json FILE]
//
// Runs the commands interleaved (one run of each in turn), so a burst of load from elsewhere hits
// every command alike. Installs the AWS CLI v2 with apt-get when /usr/bin/aws is missing. Debian's
// AWS CLI (2.9) predates AWS_ENDPOINT_URL: an AWS_DATA_PATH endpoint rule set points its sso client
// at the emulator. Start-up times are noise-sensitive: it waits (up to --wait-quiet times 20 s) for
// the 1-minute load average to drop below --max-load.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    'max-load': { type: 'string', default: '1.5' },
    'wait-quiet': { type: 'string', default: '6' },
    json: { type: 'string' },
  },
});
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);
const MAX_LOAD = Number(opts['max-load']);
const AWS = '/usr/bin/aws';
const PROFILE = 'bench';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.cjs');
const emulatorBin = join(cliDir, '..', '..', 'packages', 'emulator', 'dist', 'bin.js');
for (const f of [bin, join(cliDir, 'dist', 'credentials.cjs'), emulatorBin]) {
  if (!existsSync(f)) fail(`${f} is missing: run \`pnpm build\` first`);
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

// The AWS CLI v2 of Debian's awscli package (not a pyenv shim, which may be v1).
if (!existsSync(AWS)) {
  console.error('installing the AWS CLI v2 (Debian awscli) with apt-get…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) =>
    execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update');
  apt('install', '-y', 'awscli');
}
const awsVersion = execFileSync(AWS, ['--version'], { encoding: 'utf8' }).trim();
if (!awsVersion.startsWith('aws-cli/2.')) fail(`${AWS} is ${awsVersion}, not AWS CLI v2`);

const home = mkdtempSync(join(tmpdir(), 'ssokit-bench-'));
let emulator;
const cleanup = () => {
  emulator?.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

// The emulator in its own process: nothing of it runs in the measured processes or this one.
emulator = spawn(process.execPath, [emulatorBin, '--auto-approve', '--port', '0', '--poll-interval', '1'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const started = await new Promise((resolve, reject) => {
  let buf = '';
  emulator.stdout.on('data', (b) => {
    buf += b;
    const nl = buf.indexOf('\n');
    if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
  });
  emulator.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
});

mkdirSync(join(home, '.aws'));
writeFileSync(
  join(home, '.aws', 'config'),
  [
    '[sso-session bench]',
    `sso_start_url = ${started.startUrl}`,
    `sso_region = ${started.region}`,
    'sso_registration_scopes = sso:account:access',
    '',
    `[profile ${PROFILE}]`,
    'sso_session = bench',
    'sso_account_id = 111111111111',
    'sso_role_name = ReadOnlyAccess',
    `region = ${started.region}`,
    '',
  ].join('\n'),
);
// The AWS CLI's sso client at the emulator: its own endpoint rule set for sso with one rule.
const awsData = join(home, 'aws-data', 'sso', '2019-06-10');
mkdirSync(awsData, { recursive: true });
const awsRules = JSON.parse(
  readFileSync(
    execFileSync(
      '/usr/bin/python3',
      ['-c', 'import awscli.botocore,os;print(os.path.dirname(awscli.botocore.__file__))'],
      {
        encoding: 'utf8',
      },
    ).trim() + '/data/sso/2019-06-10/endpoint-rule-set-1.json',
    'utf8',
  ),
);
awsRules.rules = [
  { conditions: [], endpoint: { url: started.url, properties: {}, headers: {} }, type: 'endpoint' },
];
writeFileSync(join(awsData, 'endpoint-rule-set-1.json'), JSON.stringify(awsRules));
const noBrowser = join(home, 'no-browser.sh');
writeFileSync(noBrowser, '#!/bin/sh\nexit 0\n', { mode: 0o755 });

// One environment for every measured command: the same HOME (so the same ~/.aws/sso/cache and
// ~/.aws/cli/cache), the emulator's endpoint, nothing of the caller's AWS settings. Nor
// NODE_EXTRA_CA_CERTS / NODE_OPTIONS: the emulator is plain http, and a CA bundle that every node
// process parses at start-up (this project's build machines set one: ~50 ms) inflates the
// `node -e 0` floor and flatters the ratio to it.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('AWS_') && k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS',
  ),
);
Object.assign(env, {
  HOME: home,
  AWS_ENDPOINT_URL: started.url,
  AWS_DATA_PATH: join(home, 'aws-data'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
  BROWSER: noBrowser,
  NO_COLOR: '1',
});

function runOnce(cmd, args) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

// Sign in (device code, approved by the emulator), then warm the role-credential cache.
runOnce(process.execPath, [bin, 'login', '--sso-session', 'bench', '--device-code']);
const ours = JSON.parse(runOnce(process.execPath, [bin, 'credentials', '--profile', PROFILE]));
const theirs = JSON.parse(runOnce(AWS, ['configure', 'export-credentials', '--profile', PROFILE]));
// Same key: the AWS CLI answered from the cache ssokit wrote, not from a call of its own.
const sharedCache = ours.AccessKeyId === theirs.AccessKeyId;
if (!sharedCache) console.error('warning: the AWS CLI did not reuse the cached role credentials');

// The SDK from the credential provider's devDependencies, in a process of its own.
const sdkDir = join(cliDir, '..', '..', 'packages', 'credential-provider');
createRequire(join(sdkDir, 'package.json')).resolve('@aws-sdk/credential-providers');
const sdkScript = `const { fromSSO } = await import('@aws-sdk/credential-providers');
const c = await fromSSO({ profile: ${JSON.stringify(PROFILE)} })();
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration.toISOString() }));`;
const roleCache = join(home, '.aws', 'cli', 'cache');
const cold = () => rmSync(roleCache, { recursive: true, force: true });
const ssokit = [bin, 'credentials', '--profile', PROFILE];
const aws = ['configure', 'export-credentials', '--profile', PROFILE];
const commands = [
  { key: 'node', name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { key: 'ours', name: 'ssokit credentials (warm)', cmd: process.execPath, args: ssokit },
  { key: 'aws', name: 'aws configure export-credentials (warm)', cmd: AWS, args: aws },
  { key: 'oursCold', name: 'ssokit credentials (cold)', cmd: process.execPath, args: ssokit, prepare: cold },
  { key: 'awsCold', name: 'aws configure export-credentials (cold)', cmd: AWS, args: aws, prepare: cold },
  {
    key: 'sdk',
    name: 'AWS SDK v3 fromSSO in node (cold)',
    cmd: process.execPath,
    args: ['--no-warnings', '--input-type=module', '-e', sdkScript],
    cwd: sdkDir,
  },
];
for (const c of commands) {
  c.prepare?.();
  const r = spawnSync(c.cmd, c.args, { env, cwd: c.cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`${c.name} exited ${r.status}:\n${r.stderr}`);
}

// Wait for a quiet machine: start-up time is mostly CPU, and other work inflates every figure.
for (let i = 0; loadavg()[0] >= MAX_LOAD && i < Number(opts['wait-quiet']); i++) {
  console.error(`load ${loadavg()[0].toFixed(2)} ≥ ${MAX_LOAD}; waiting 20 s for a quieter machine…`);
  await new Promise((r) => setTimeout(r, 20_000));
}
const loadBefore = loadavg()[0];

const medians = await withOwnLoop();
const loadAfter = loadavg()[0];

const m = Object.fromEntries(commands.map((c, i) => [c.key, medians[i]]));
const targets = [
  { what: 'warm ssokit / node -e 0', ratio: m.ours / m.node, max: 1.3 },
  { what: 'cold ssokit / cold aws', ratio: m.oursCold / m.awsCold, max: 0.5 },
  { what: 'cold ssokit / SDK fromSSO', ratio: m.oursCold / m.sdk, max: 1 },
];
console.log('');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ${awsVersion}`);
console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
console.log(
  `timing: interleaved, ${RUNS} runs after ${WARMUP} warm-up runs each; cold = role cache deleted first`,
);
console.log(`AWS CLI read ssokit's cache: ${sharedCache ? 'yes' : 'NO'}`);
console.log('');
console.log('| command | median |');
console.log('|---|---|');
commands.forEach((c, i) => {
  console.log(`| \`${c.name}\` | ${medians[i].toFixed(1)} ms |`);
});
console.log('');
for (const t of targets)
  console.log(
    `${t.what.padEnd(28)} = ${t.ratio.toFixed(3)}× (target ≤ ${t.max}×: ${t.ratio <= t.max ? 'met' : 'MISSED'})`,
  );
console.log(`aws / ours (warm)            = ${(m.aws / m.ours).toFixed(1)}×`);
if (opts.json) {
  writeFileSync(
    opts.json,
    JSON.stringify({ node: process.version, runs: RUNS, load: [loadBefore, loadAfter], medians: m, targets }),
  );
}
// the emulator's stdout pipe would keep this process alive; exit runs the cleanup
process.exit(0);

async function withOwnLoop() {
  const time = (c) =>
    new Promise((resolve, reject) => {
      c.prepare?.();
      const t0 = process.hrtime.bigint();
      // stdout a pipe, as credential_process reads it (a pipe costs the reader more than /dev/null)
      const child = spawn(c.cmd, c.args, { env, cwd: c.cwd, stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.resume();
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0
          ? resolve(Number(process.hrtime.bigint() - t0) / 1e6)
          : reject(new Error(`${c.name}: ${code}`)),
      );
    });
  const samples = commands.map(() => []);
  for (const c of commands) for (let i = 0; i < WARMUP; i++) await time(c);
  // interleaved, so a burst of load hits every command alike
  for (let i = 0; i < RUNS; i++) {
    for (const [j, c] of commands.entries()) samples[j].push(await time(c));
  }
  return samples.map((s) => {
    const sorted = s.sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  });
}
