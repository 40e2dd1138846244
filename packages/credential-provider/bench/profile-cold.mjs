#!/usr/bin/env node
// Where a cold `fromSso` (token cache → GetRoleCredentials, role cache off) spends its time in a
// fresh process: first each stage timed unprofiled (each layer imported in the order the call loads
// them — no zod among them: the request path validates with @ssokit/protocol/wire — then the call),
// then `node --cpu-prof` of five runs, self time summed by package and by file.
//   pnpm build, then: node bench/profile-cold.mjs [runs=15]   (not part of the test command)
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { signedInHome } from './signed-in-home.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 15);
const { home, env: homeEnv, close } = await signedInHome();
const env = { PATH: process.env.PATH, ...homeEnv };
try {
  const ours = pathToFileURL(join(pkg, 'dist', 'index.js')).href;
  const script = `const { fromSso } = await import(${JSON.stringify(ours)});
    const c = await fromSso({ profile: 'dev', roleCredentialCache: false })();
    process.stdout.write(String(performance.now())); process.exit(0);`;
  // Stages, unprofiled: each layer imported in the order the cold path loads them, then the call
  // itself (the request, the token and config files, llhttp's WebAssembly compiled on first use).
  const distOf = (name, entry = 'index') =>
    JSON.stringify(pathToFileURL(join(pkg, '..', name, 'dist', `${entry}.js`)).href);
  const stages = `const t = [['node start', performance.now()]];
    const mark = (what) => t.push([what, performance.now()]);
    await import(${JSON.stringify(ours)}); mark('@ssokit/credential-provider');
    await import(${distOf('transport')}); mark('@ssokit/transport (undici parts)');
    await import(${distOf('token-core')}); mark('@ssokit/token-core');
    await import(${distOf('portal-client')}); mark('@ssokit/portal-client (with the compiled validators of @ssokit/protocol/wire)');
    const { fromSso } = await import(${JSON.stringify(ours)});
    await fromSso({ profile: 'dev', roleCredentialCache: false })(); mark('the fromSso call');
    process.stdout.write(JSON.stringify(t.map(([k, v], i) => [k, i ? v - t[i - 1][1] : v])));`;
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', stages], {
      cwd: pkg,
      env,
    });
    rows.push(JSON.parse(stdout));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`Node ${process.version}, ${RUNS} runs, stages of a cold first credentials (ms, medians):`);
  for (const [k, [what]] of rows[0].entries())
    console.log(
      `  ${median(rows.map((r) => r[k][1]))
        .toFixed(1)
        .padStart(6)} ms  ${what}`,
    );

  const dir = join(home, 'prof');
  const byPackage = new Map();
  const byFile = new Map();
  const times = [];
  const PROFILED = Math.min(RUNS, 5);
  for (let i = 0; i < PROFILED; i++) {
    // not spawnSync: the emulator answers from this process
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        '--cpu-prof-interval',
        '200',
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: pkg, env, encoding: 'utf8' },
    );
    times.push(Number(stdout));
  }
  for (const f of await readdir(dir)) {
    const { nodes, samples, timeDeltas } = JSON.parse(await readFile(join(dir, f), 'utf8'));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    samples.forEach((id, i) => {
      const { url, functionName } = byId.get(id).callFrame;
      const ms = timeDeltas[i] / 1000 / PROFILED;
      const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
      const key = m
        ? m[1]
        : url.includes('/packages/')
          ? url.replace(/.*\/packages\//, '@ssokit/')
          : url
            ? 'node:' + url.replace(/^node:/, '')
            : `(${functionName || 'vm'})`;
      const pkgKey = key.startsWith('@ssokit/')
        ? key.split('/').slice(0, 2).join('/')
        : key.startsWith('node:')
          ? 'node internals'
          : key;
      byPackage.set(pkgKey, (byPackage.get(pkgKey) ?? 0) + ms);
      byFile.set(key, (byFile.get(key) ?? 0) + ms);
    });
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(6)} ms  ${k}`)
      .join('\n');
  times.sort((a, b) => a - b);
  console.log(
    `Node ${process.version}, ${PROFILED} profiled runs, first credentials at median ${times[Math.floor(PROFILED / 2)].toFixed(0)} ms (profiled: slower than unprofiled)`,
  );
  console.log(`self time per run, by package:\n${top(byPackage, 15)}\nby file:\n${top(byFile, 20)}`);
} finally {
  await close();
}
