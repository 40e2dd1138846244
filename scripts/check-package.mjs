#!/usr/bin/env node
// The packaging check of one published package (run from its directory by `pnpm check-packages`):
// 0. each sub-path entry (`./core`, `./testing`, ...) is built from the file of the same name in src/;
// 1. publint and @arethetypeswrong/cli on the package;
// 2. pack it and the workspace packages it depends on (`pnpm pack`, which rewrites `workspace:`
//    ranges the way a publish does), install the tarballs into a scratch project with plain
//    `npm install`, as a user would, and import it from an ESM file and from a CJS file;
//    Every exported error class must carry its own name (what `console.error(err)` and stack traces
//    show): a bundler renames a class whose body refers to itself (`class _LoginError`);
// 3. run each of its bins with --help;
// 4. for the CLI (`ssokit`): install its tarball and those of its workspace dependencies globally into
//    a temporary prefix with plain `npm install -g --prefix`, as the install guide says, and run
//    `ssokit --version`, `ssokit demo --pause 0`, and a `credential_process` profile written by
//    `ssokit populate --credential-process` through botocore, against the emulator.
// Before any of it: the metadata fields and the LICENSE every published package carries, and the
// `engines` range of the root package.json: the Node versions CI tests, no wider.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { checkInstalledCli } from './check-installed-cli.mjs';

const pkgDir = process.cwd();
const root = resolve(import.meta.dirname, '..');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const pkg = readJson(join(pkgDir, 'package.json'));
if (pkg.private) {
  console.log(`${pkg.name} is private: nothing to check`);
  process.exit(0);
}

const run = (cmd, args, opts = {}) => {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  } catch (e) {
    console.error(`\n✗ ${pkg.name}: \`${cmd} ${args.join(' ')}\` failed\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    process.exit(1);
  }
};
const bin = (name) => join(root, 'node_modules', '.bin', name);

// 0. one naming scheme for light entries: sub-path `./name` is built from `src/name.ts`
for (const [subPath, target] of Object.entries(pkg.exports ?? {})) {
  if (subPath === '.' || subPath === './package.json') continue;
  const source = typeof target === 'object' ? target['@ssokit/source'] : undefined;
  const expected = `./src/${subPath.slice(2)}.ts`;
  if (source !== expected) {
    console.error(`\n✗ ${pkg.name}: the entry "${subPath}" must be built from ${expected} (found ${source})`);
    process.exit(1);
  }
}

// the fields npm's package page, `npm repo` and `npm bugs` read, and the licence text in the tarball
const REPOSITORY = 'https://github.com/ssokit/ssokit';
const directory = relative(root, pkgDir).split(sep).join('/');
const testedNode = readJson(join(root, 'package.json')).engines.node;
const metadata = [
  [pkg.engines?.node === testedNode, `"engines": { "node": "${testedNode}" } (the Node versions CI tests)`],
  [pkg.license === 'MIT', '"license": "MIT"'],
  [
    pkg.repository?.type === 'git' &&
      pkg.repository?.url === `git+${REPOSITORY}.git` &&
      pkg.repository?.directory === directory,
    `"repository": { "type": "git", "url": "git+${REPOSITORY}.git", "directory": "${directory}" }`,
  ],
  [
    pkg.homepage === `${REPOSITORY}/tree/main/${directory}#readme`,
    `"homepage": "${REPOSITORY}/tree/main/${directory}#readme"`,
  ],
  [pkg.bugs?.url === `${REPOSITORY}/issues`, `"bugs": { "url": "${REPOSITORY}/issues" }`],
  [pkg.files?.includes('LICENSE'), '"LICENSE" in "files"'],
  [
    (() => {
      try {
        return readFileSync(join(pkgDir, 'LICENSE'), 'utf8') === readFileSync(join(root, 'LICENSE'), 'utf8');
      } catch {
        return false;
      }
    })(),
    'a LICENSE file, a copy of the repository root one',
  ],
];
const missing = metadata.filter(([ok]) => !ok).map(([, what]) => what);
if (missing.length) {
  console.error(`\n✗ ${pkg.name}: package.json needs ${missing.join('; ')}`);
  process.exit(1);
}

// 1. lint the package as published (a package with a command and no library entry has no types to check)
run(bin('publint'), ['--strict'], { cwd: pkgDir });
const isLibrary = Boolean(pkg.exports ?? pkg.main);
if (isLibrary) run(bin('attw'), ['--pack', '.'], { cwd: pkgDir });

// 2. the workspace packages this one needs, transitively
const workspace = new Map();
for (const parent of ['packages', 'apps']) {
  for (const d of readdirSync(join(root, parent))) {
    try {
      const p = readJson(join(root, parent, d, 'package.json'));
      workspace.set(p.name, { dir: join(root, parent, d), pkg: p });
    } catch {}
  }
}
const needed = new Set([pkg.name]);
const queue = [pkg.name];
while (queue.length) {
  const { pkg: p } = workspace.get(queue.shift());
  for (const [dep, spec] of Object.entries({ ...p.dependencies, ...p.peerDependencies })) {
    if (String(spec).startsWith('workspace:') && !needed.has(dep)) {
      if (!workspace.has(dep)) throw new Error(`${p.name} depends on unknown workspace package ${dep}`);
      needed.add(dep);
      queue.push(dep);
    }
  }
}

const scratch = mkdtempSync(join(tmpdir(), `ssokit-pack-${pkg.name.replace(/\W/g, '_')}-`));
try {
  const tarballs = {};
  for (const name of needed) {
    const dest = join(scratch, 'tarballs', name.replace(/\W/g, '_'));
    mkdirSync(dest, { recursive: true });
    run('pnpm', ['pack', '--pack-destination', dest], { cwd: workspace.get(name).dir });
    const file = readdirSync(dest).find((f) => f.endsWith('.tgz'));
    tarballs[name] = `file:${join(dest, file)}`;
  }
  const packed = run('tar', ['-tzf', tarballs[pkg.name].slice('file:'.length)]).split('\n');
  if (!packed.includes('package/LICENSE')) {
    console.error(`\n✗ ${pkg.name}: the packed tarball has no LICENSE`);
    process.exit(1);
  }
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'scratch',
        private: true,
        dependencies: { [pkg.name]: tarballs[pkg.name] },
        overrides: tarballs,
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app });

  // Each entry point of the exports map, imported both ways: the export count must match, and every
  // exported Error subclass must be named as it is exported.
  const entries = Object.keys(pkg.exports ?? (isLibrary ? { '.': null } : {}))
    .filter((k) => k !== './package.json' && !k.includes('*'))
    .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const check = (exported, entry) =>
    [
      `if (Object.keys(${exported}).length === 0) { console.error('${entry}: no exports'); process.exit(1); }`,
      `const misnamed = Object.entries(${exported}).filter(([k, v]) => typeof v === 'function' && v.prototype instanceof Error && v.name !== k).map(([k, v]) => k + ' is named ' + v.name);`,
      `if (misnamed.length) { console.error('${entry}: ' + misnamed.join(', ')); process.exit(1); }`,
      `console.log(Object.keys(${exported}).length);`,
    ].join('\n');
  const counts = [];
  for (const [i, entry] of entries.entries()) {
    writeFileSync(join(app, `esm${i}.mjs`), `import * as m from '${entry}';\n${check('m', entry)}\n`);
    writeFileSync(join(app, `cjs${i}.cjs`), `const m = require('${entry}');\n${check('m', entry)}\n`);
    const esm = run('node', [`esm${i}.mjs`], { cwd: app }).trim();
    const cjs = run('node', [`cjs${i}.cjs`], { cwd: app }).trim();
    if (esm !== cjs) {
      console.error(`✗ ${entry}: ESM exports ${esm} names but CJS exports ${cjs}`);
      process.exit(1);
    }
    counts.push(`${entry} ${esm}`);
  }
  const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const name of Object.keys(bins))
    run(join(app, 'node_modules', '.bin', name), ['--help'], { cwd: app });
  let global = '';
  if (pkg.name === 'ssokit') {
    try {
      global = await checkInstalledCli({
        scratch,
        version: pkg.version,
        tarballs: [...needed].map((n) => tarballs[n].slice('file:'.length)),
      });
    } catch (e) {
      console.error(`\n✗ ${pkg.name} installed globally with npm: ${e.message}`);
      process.exitCode = 1;
    }
  }
  if (!process.exitCode)
    console.log(
      `✓ ${pkg.name}: license + repository fields, publint, ${isLibrary ? 'attw, ' : ''}npm install of ${needed.size} tarball(s)${counts.length ? `, ESM + CJS import with named error classes (${counts.join(', ')} exports)` : ''}${Object.keys(bins).length ? `, ${Object.keys(bins).join(', ')} --help` : ''}${global}`,
    );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
