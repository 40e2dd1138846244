#!/usr/bin/env node
// Benchmark: ssokit's fromSso vs fromSSO of AWS SDK v3 on a warm cache served by the emulator, and
// what importing each published package's main entry costs next to the SDK's equivalent.
//   pnpm build (in this package and its dependencies), then: node bench/credentials.mjs [runs] [--json FILE]
// (`pnpm bench` at the root runs it on Node 20 and 24). Not part of the test command. Everything
// is loopback and in a temporary home.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileTokenStore } from '@ssokit/token-core';
import { signedInHome } from './signed-in-home.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const ours = pathToFileURL(join(pkg, 'dist', 'index.js')).href;
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const JSON_FILE = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const RUNS = Math.max(15, Number(args[0] ?? 21));
const packages = join(pkg, '..');
const distOf = (name) => JSON.stringify(pathToFileURL(join(packages, name, 'dist', 'index.js')).href);

const { emulator, home, env, session, close } = await signedInHome();
try {
  // ---- (1) time to first credentials in a fresh process, import included ----
  // The child reports performance.now() when it has credentials: milliseconds since its process began.
  const children = {
    'ssokit, AWS CLI role cache warm': `const { fromSso } = await import(${JSON.stringify(ours)});
      const c = await fromSso({ profile: 'dev' })();`,
    'ssokit, roleCredentialCache: false': `const { fromSso } = await import(${JSON.stringify(ours)});
      const c = await fromSso({ profile: 'dev', roleCredentialCache: false })();`,
    // the same, in a program that keeps V8 on its baseline WebAssembly compiler (see the transport
    // README: otherwise the process exits 150-200 ms after it has credentials; wall ms shows it)
    'ssokit, same, app sets --liftoff-only': `(await import('node:v8')).setFlagsFromString('--liftoff-only');
      const { fromSso } = await import(${JSON.stringify(ours)});
      const c = await fromSso({ profile: 'dev', roleCredentialCache: false })();`,
    'AWS SDK v3 fromSSO': `const { fromSSO } = await import('@aws-sdk/credential-providers');
      const c = await fromSSO({ profile: 'dev' })();`,
  };
  // Round-robin (one run of each in turn), so that load from elsewhere hits every variant alike.
  const firstCredentials = await measureRoundRobin(
    Object.fromEntries(
      Object.entries(children).map(([name, body]) => [
        name,
        `${body}\nif (!c.accessKeyId.startsWith('ASIA')) process.exit(2);\nprocess.stdout.write(String(performance.now()));`,
      ]),
    ),
    env,
  );
  const roleCalls = emulator.admin.counters().GetRoleCredentials;

  // ---- what the first-credentials time is made of: importing alone, fresh process each ----
  // each bare import resolves from the folder of the package that depends on it (cwdOf below)
  const imports = {
    'node itself (empty script)': '',
    'zod (as @ssokit/protocol loads it)': "await import('zod');",
    'undici (as @ssokit/transport loads it)': "await import('undici');",
    '@ssokit/protocol': `await import(${distOf('protocol')});`,
    '@ssokit/transport': `await import(${distOf('transport')});`,
    '@ssokit/token-core': `await import(${distOf('token-core')});`,
    '@ssokit/oidc-client': `await import(${distOf('oidc-client')});`,
    '@aws-sdk/client-sso-oidc': "await import('@aws-sdk/client-sso-oidc');",
    '@ssokit/portal-client': `await import(${distOf('portal-client')});`,
    '@aws-sdk/client-sso': "await import('@aws-sdk/client-sso');",
    '@ssokit/credential-provider': `await import(${JSON.stringify(ours)});`,
    '@aws-sdk/credential-providers': "await import('@aws-sdk/credential-providers');",
  };
  const importer = {
    zod: 'protocol',
    undici: 'transport',
    '@aws-sdk/client-sso-oidc': 'oidc-client',
    '@aws-sdk/client-sso': 'portal-client',
  };
  const importCost = await measureRoundRobin(
    Object.fromEntries(
      Object.entries(imports).map(([name, body]) => [
        name,
        `${body}\nprocess.stdout.write(String(performance.now()));`,
      ]),
    ),
    env,
    (name) => {
      const dependent = importer[name.split(' ')[0]];
      return dependent ? join(packages, dependent) : pkg;
    },
  );
  const importTargets = [
    ['@ssokit/oidc-client', '@aws-sdk/client-sso-oidc'],
    ['@ssokit/portal-client', '@aws-sdk/client-sso'],
    ['@ssokit/credential-provider', '@aws-sdk/credential-providers'],
  ].map(([ours, sdk]) => ({
    what: `import ${ours} / ${sdk}`,
    ratio:
      (importCost[ours].inProcess - importCost['node itself (empty script)'].inProcess) /
      (importCost[sdk].inProcess - importCost['node itself (empty script)'].inProcess),
    max: 2,
  }));

  // ---- (2) cached-call throughput of one memoized provider ----
  Object.assign(process.env, env); // the SDK reads process.env
  const { fromSso } = await import(ours);
  const { fromSSO } = await import('@aws-sdk/credential-providers');
  const { memoize } = await import('@smithy/property-provider');
  // as SDK clients wrap a credentials provider: expired 5 min before expiration, refresh when it has one
  const sdkProvider = memoize(
    fromSSO({ profile: 'dev' }),
    (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < 300_000,
    (c) => c.expiration !== undefined,
  );
  const oursProvider = fromSso({ profile: 'dev', env, homeDir: home });
  const throughput = {
    ssokit: await callsPerSecond(oursProvider),
    'AWS SDK v3 fromSSO + memoize': await callsPerSecond(sdkProvider),
  };

  // ---- (3) the 16-process race, token inside the mandatory refresh window ----
  const store = new FileTokenStore({ homeDir: home });
  const cached = await store.read(session);
  await store.write(session, { ...cached, expiresAt: new Date(Date.now() + 4 * 60_000) });
  emulator.admin.clearRequests();
  const raceScript = `const { fromSso } = await import(${JSON.stringify(ours)});
    const c = await fromSso({ profile: 'dev', roleCredentialCache: false })();
    if (!c.accessKeyId.startsWith('ASIA')) process.exit(2);`;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, () => runChild(raceScript, env)));
  const raceMs = performance.now() - t0;
  const refreshes = emulator.admin
    .requests()
    .filter((r) => r.operation === 'CreateToken' && r.body?.grantType === 'refresh_token').length;

  const f = (n) => n.toFixed(0).padStart(8);
  const sdk = firstCredentials['AWS SDK v3 fromSSO'];
  console.log(
    `\nnode ${process.version}, ${RUNS} runs each, median; ${roleCalls} GetRoleCredentials served during (1)\n`,
  );
  console.log('(1) first credentials in a fresh process       in-process ms  wall ms  SDK / this');
  for (const [name, r] of Object.entries(firstCredentials))
    console.log(
      `    ${name.padEnd(40)}${f(r.inProcess)}     ${f(r.wall)}   ${(sdk.inProcess / r.inProcess).toFixed(2)}x`,
    );
  console.log('\n    of which: loading alone (ms since process start)');
  for (const [name, r] of Object.entries(importCost)) console.log(`    ${name.padEnd(40)}${f(r.inProcess)}`);
  console.log("\n    importing a main entry, over node itself: ours / the SDK's (target ≤ 2×)");
  for (const t of importTargets)
    console.log(
      `    ${t.what.padEnd(66)}${t.ratio.toFixed(2).padStart(6)}x ${t.ratio <= t.max ? 'met' : 'MISSED'}`,
    );
  console.log('\n(2) cached calls of one memoized provider        calls/s');
  for (const [name, r] of Object.entries(throughput)) console.log(`    ${name.padEnd(40)}${f(r)}`);
  console.log('\n(3) 16 processes, token with 4 min left          refreshes  wall ms');
  console.log(
    `    ssokit fromSso (roleCredentialCache: false)     ${String(refreshes).padStart(5)}  ${f(raceMs)}`,
  );
  if (JSON_FILE) {
    const firstTargets = [
      { what: 'fromSso, role cache cold: SDK ms / ours', name: 'ssokit, roleCredentialCache: false', min: 1 },
      { what: 'fromSso, role cache warm: SDK ms / ours', name: 'ssokit, AWS CLI role cache warm', min: 2 },
    ].map((t) => ({
      what: t.what,
      ratio: sdk.inProcess / firstCredentials[t.name].inProcess,
      min: t.min,
    }));
    writeFileSync(
      JSON_FILE,
      JSON.stringify({
        node: process.version,
        runs: RUNS,
        firstCredentials,
        importCost,
        targets: [...firstTargets, ...importTargets],
      }),
    );
  }
} finally {
  await close();
}

/** Runs each script RUNS times in fresh processes, in turn; medians of the time it reports and of the wall time. */
async function measureRoundRobin(scripts, env, cwdOf = () => pkg) {
  const names = Object.keys(scripts);
  for (const name of names) await runChild(scripts[name], env, cwdOf(name)); // warm the OS file cache (and the role cache)
  const inProcess = Object.fromEntries(names.map((n) => [n, []]));
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const name of names) {
      const t0 = performance.now();
      inProcess[name].push(Number(await runChild(scripts[name], env, cwdOf(name))));
      wall[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { inProcess: median(inProcess[n]), wall: median(wall[n]) }]),
  );
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function callsPerSecond(provider) {
  await provider(); // the first call fetches; what follows is the cached path
  let calls = 0;
  const t0 = performance.now();
  const until = t0 + 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) await provider();
    calls += 1000;
  }
  return calls / ((performance.now() - t0) / 1000);
}

function runChild(script, env, cwd = pkg) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      cwd, // bare imports (the SDK) resolve from this package
      env: { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
  });
}
