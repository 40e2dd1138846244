#!/usr/bin/env node
// `pnpm bench`: the performance benchmarks (issue 15's targets) on Node 20 and Node 24, one table.
//   node scripts/bench.mjs [--runs 30] [--versions 24.22.3,...]
// Runs, on each Node (the machine's, then each of --versions, default the pinned 24.x of
// scripts/node-binary.sh, which installs it from the npm registry when missing):
//   apps/cli/bench/credentials-fast-path.mjs      `ssokit credentials` warm and cold, the AWS CLI, the SDK
//   packages/credential-provider/bench/credentials.mjs   fromSso vs fromSSO, import costs
// then prints each target's ratio per Node. Needs `pnpm build` first. The children run without
// NODE_EXTRA_CA_CERTS and NODE_OPTIONS (a CA bundle parsed by every node start inflates the floor).
// Start-up figures are noisy on a shared machine: the table shows the load average of each run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, versions: { type: 'string' } },
});
const pinned24 = execFileSync(join(root, 'scripts', 'node-binary.sh'), ['--pinned'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((v) => v.startsWith('24.'))
  .at(-1);
const versions = (opts.versions ?? pinned24).split(',').filter(Boolean);
const nodes = [
  process.execPath,
  ...versions.map((v) =>
    execFileSync(join(root, 'scripts', 'node-binary.sh'), [v], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim(),
  ),
];

const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS'),
);
const out = mkdtempSync(join(tmpdir(), 'ssokit-bench-results-'));
const results = [];
try {
  for (const [i, node] of nodes.entries()) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    console.error(`bench: Node ${version}`);
    const run = (script, args, file) => {
      const r = spawnSync(node, [join(root, script), ...args, '--json', file], {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (r.status !== 0) throw new Error(`${script} on Node ${version} exited ${r.status}`);
      return JSON.parse(readFileSync(file, 'utf8'));
    };
    const cli = run(
      'apps/cli/bench/credentials-fast-path.mjs',
      ['--runs', opts.runs, '--warmup', '5', '--wait-quiet', '0'],
      join(out, `cli-${i}.json`),
    );
    const provider = run(
      'packages/credential-provider/bench/credentials.mjs',
      [String(Math.max(15, Math.round(Number(opts.runs) / 2)))],
      join(out, `provider-${i}.json`),
    );
    results.push({ version, cli, provider });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const cols = results.map((r) => `Node ${r.version}`);
const row = (cells) => `| ${cells.join(' | ')} |`;
console.log('');
console.log(row(['target', ...cols]));
console.log(row(['---', ...cols.map(() => '---')]));
const targets = [
  ...results[0].cli.targets.map((t, j) => ({
    label: `${t.what} ≤ ${t.max}×`,
    pick: (r) => r.cli.targets[j],
  })),
  ...results[0].provider.targets.map((t, j) => ({
    label: t.min !== undefined ? `${t.what} ≥ ${t.min}×` : `${t.what} ≤ ${t.max}×`,
    pick: (r) => r.provider.targets[j],
  })),
];
for (const t of targets) {
  console.log(
    row([
      t.label,
      ...results.map((r) => {
        const x = t.pick(r);
        const ok = x.min !== undefined ? x.ratio >= x.min : x.ratio <= x.max;
        return `${x.ratio.toFixed(2)}× ${ok ? 'met' : '**missed**'}`;
      }),
    ]),
  );
}
console.log('');
console.log(row(['median ms', ...cols]));
console.log(row(['---', ...cols.map(() => '---')]));
for (const key of Object.keys(results[0].cli.medians))
  console.log(row([`cli: ${key}`, ...results.map((r) => r.cli.medians[key].toFixed(1))]));
for (const name of Object.keys(results[0].provider.firstCredentials))
  console.log(
    row([
      `first credentials: ${name}`,
      ...results.map((r) => r.provider.firstCredentials[name].inProcess.toFixed(0)),
    ]),
  );
for (const name of Object.keys(results[0].provider.importCost))
  console.log(
    row([`import: ${name}`, ...results.map((r) => r.provider.importCost[name].inProcess.toFixed(0))]),
  );
console.log(
  row(['load average (cli bench)', ...results.map((r) => r.cli.load.map((l) => l.toFixed(1)).join(' → '))]),
);
