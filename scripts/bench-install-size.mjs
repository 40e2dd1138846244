#!/usr/bin/env node
// `pnpm bench:install-size`: what installing each published package costs a user. Packs the
// workspace (scripts/pack-all.mjs, after `turbo build`), then installs each package alone into an
// empty project with plain `npm install` from the tarballs (third-party dependencies from the npm
// registry), and the AWS SDK's `@aws-sdk/credential-providers` the same way in the same run, for
// comparison. Prints one markdown table row per package: packages installed (of them third-party)
// and the bytes on disk of node_modules (allocated blocks, as `du` counts them).
// Needs the network (the registry), so it is not part of `pnpm test`.
// Usage: node scripts/bench-install-size.mjs [--sdk-version VERSION] [--keep]
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { publishedPackages, tarballName } from './pack-all.mjs';

const { values: args } = parseArgs({
  options: {
    'sdk-version': { type: 'string', default: 'latest' },
    keep: { type: 'boolean', default: false },
  },
});
const root = resolve(import.meta.dirname, '..');
const SDK = '@aws-sdk/credential-providers';
const scratch = mkdtempSync(join(tmpdir(), 'ssokit-install-size-'));

/** Bytes on disk of everything under `path` (allocated 512-byte blocks; symlinks not followed). */
function diskBytes(path) {
  const st = lstatSync(path);
  let total = st.blocks * 512;
  if (st.isDirectory()) for (const entry of readdirSync(path)) total += diskBytes(join(path, entry));
  return total;
}

/** The names of the packages installed under `nodeModules`, nested copies included. */
function installedPackages(nodeModules, found = []) {
  let entries;
  try {
    entries = readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dirs = entry.name.startsWith('@')
      ? readdirSync(join(nodeModules, entry.name)).map((d) => join(nodeModules, entry.name, d))
      : [join(nodeModules, entry.name)];
    for (const dir of dirs) {
      try {
        found.push(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name);
      } catch {
        continue;
      }
      installedPackages(join(dir, 'node_modules'), found);
    }
  }
  return found;
}

/** Installs `dependencies` alone into a fresh project with npm; what it cost. */
function measure(label, dependencies, overrides = {}) {
  const app = join(scratch, label.replace(/\W/g, '_'));
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'install-size', private: true, dependencies, overrides }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--loglevel=error'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const names = installedPackages(join(app, 'node_modules'));
  const lock = JSON.parse(readFileSync(join(app, 'node_modules', '.package-lock.json'), 'utf8'));
  const version = Object.entries(lock.packages).find(([p]) => p === `node_modules/${label}`)?.[1].version;
  return {
    label,
    version,
    packages: names.length,
    thirdParty: names.filter((n) => !n.startsWith('@ssokit/') && n !== 'ssokit').length,
    bytes: diskBytes(join(app, 'node_modules')),
  };
}

const mb = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;
try {
  const tarballs = join(scratch, 'tarballs');
  execFileSync(process.execPath, [join(root, 'scripts', 'pack-all.mjs'), tarballs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const packages = publishedPackages();
  const overrides = Object.fromEntries(
    packages.map((p) => [p.name, `file:${join(tarballs, tarballName(p))}`]),
  );
  const rows = [];
  for (const p of packages) rows.push(measure(p.name, { [p.name]: overrides[p.name] }, overrides));
  rows.push(measure(SDK, { [SDK]: args['sdk-version'] }));
  console.log(
    `Installed alone with npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()} on Node ${process.versions.node}:\n`,
  );
  console.log('| package | packages installed | of them third-party | node_modules on disk |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| \`${r.label}\`${r.label === SDK ? ` ${r.version}` : ''} | ${r.packages} | ${r.thirdParty} | ${mb(r.bytes)} |`,
    );
  const ours = rows.find((r) => r.label === '@ssokit/credential-provider');
  const sdk = rows.find((r) => r.label === SDK);
  if (ours && sdk)
    console.log(
      `\n@ssokit/credential-provider is ${ours.bytes <= sdk.bytes ? 'no larger than' : 'LARGER than'} ${SDK} (${mb(ours.bytes)} vs ${mb(sdk.bytes)}).`,
    );
} finally {
  if (args.keep) console.error(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
