#!/usr/bin/env node
// The release check CI runs after the build (`pnpm test`), without publishing or changing anything:
// 1. every pending changeset (.changeset/*.md) names published workspace packages with a valid bump
//    and a summary;
// 2. `changeset status` against the base branch (skipped, saying so, when a checkout has no local
//    base branch to compare with, e.g. a detached CI checkout);
// 3. `changeset version` in a scratch clone of HEAD: each package named by a changeset gets its own
//    version (independent versioning) and a CHANGELOG.md with the summaries; private packages stay;
// 4. `pnpm publish -r --dry-run` of every published package, offline (npm never asks the registry).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const changesetBin = join(root, 'node_modules', '.bin', 'changeset');
const config = readJson(join(root, '.changeset', 'config.json'));
const failures = [];
const fail = (m) => failures.push(m);

const workspace = new Map();
for (const group of ['packages', 'apps', 'examples']) {
  if (!existsSync(join(root, group))) continue;
  for (const d of readdirSync(join(root, group))) {
    const file = join(root, group, d, 'package.json');
    if (existsSync(file)) workspace.set(readJson(file).name, { dir: join(group, d), pkg: readJson(file) });
  }
}
const published = [...workspace].filter(([, w]) => !w.pkg.private).map(([name]) => name);

/** The frontmatter and summary of one changeset file. */
function parseChangeset(file) {
  const text = readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) return { releases: [], summary: '' };
  const releases = m[1]
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => /^\s*["']?([^"':]+)["']?\s*:\s*(\w+)\s*$/.exec(l))
    .map((r) => (r ? { name: r[1], type: r[2] } : { name: undefined, type: undefined }));
  return { releases, summary: m[2].trim() };
}

// 1. the pending changesets
const changesetFiles = readdirSync(join(root, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
const bumps = new Map();
const order = { patch: 0, minor: 1, major: 2 };
for (const f of changesetFiles) {
  const { releases, summary } = parseChangeset(join(root, '.changeset', f));
  if (releases.length === 0) fail(`.changeset/${f}: no frontmatter naming a package`);
  if (!summary) fail(`.changeset/${f}: no summary for the CHANGELOG`);
  for (const { name, type } of releases) {
    if (!name || !(type in order)) fail(`.changeset/${f}: each line must be "name": patch|minor|major`);
    else if (!workspace.has(name)) fail(`.changeset/${f}: ${name} is not a workspace package`);
    else if (workspace.get(name).pkg.private) fail(`.changeset/${f}: ${name} is private and never released`);
    else if (!bumps.has(name) || order[type] > order[bumps.get(name).type])
      bumps.set(name, { type, summaries: [...(bumps.get(name)?.summaries ?? [])] });
    if (name && bumps.has(name)) bumps.get(name).summaries.push(summary.split('\n')[0]);
  }
}
console.log(
  `• ${changesetFiles.length} changesets for ${bumps.size} of ${published.length} published packages`,
);

// 2. changeset status against the base branch
// (`changeset status` compares with the base branch itself; with `--since` it would only count the
// changesets added since then, which on the base branch is none.)
const base = [config.baseBranch, `origin/${config.baseBranch}`].find(
  (ref) => spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: root }).status === 0,
);
if (base === config.baseBranch) {
  const r = spawnSync(changesetBin, ['status'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) fail(`changeset status failed:\n${r.stdout}${r.stderr}`);
  else console.log(`• changeset status (against ${base}): passed`);
} else {
  console.log(`• changeset status skipped: no ${config.baseBranch} branch to compare with`);
}

// 3. changeset version in a scratch clone
const scratch = mkdtempSync(join(tmpdir(), 'ssokit-release-'));
try {
  const clone = join(scratch, 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { stdio: 'pipe' });
  // the pending changesets of the working tree, also those not committed yet
  for (const f of changesetFiles)
    execFileSync('cp', [join(root, '.changeset', f), join(clone, '.changeset', f)]);
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const r = spawnSync(changesetBin, ['version'], { cwd: clone, encoding: 'utf8' });
  if (r.status !== 0) fail(`changeset version failed in a scratch clone:\n${r.stdout}${r.stderr}`);
  else {
    const bumpOf = (v, type) => {
      const [maj, min, pat] = v.split('.').map(Number);
      if (type === 'major') return maj === 0 ? `0.${min + 1}.0` : `${maj + 1}.0.0`;
      if (type === 'minor') return maj === 0 ? `0.${min + 1}.0` : `${maj}.${min + 1}.0`;
      return `${maj}.${min}.${pat + 1}`;
    };
    for (const [name, w] of workspace) {
      const after = readJson(join(clone, w.dir, 'package.json')).version;
      const changelog = join(clone, w.dir, 'CHANGELOG.md');
      if (w.pkg.private) {
        if (after !== w.pkg.version) fail(`${name} is private but changeset version changed it to ${after}`);
        continue;
      }
      const bump = bumps.get(name);
      if (!bump) continue; // may still get a patch for an internal dependency (updateInternalDependencies)
      // 0.x: changesets bumps minor for minor and major for major as semver says; accept either reading of 0.x majors
      const want = [
        bumpOf(w.pkg.version, bump.type),
        ...(bump.type === 'major' ? [`${Number(w.pkg.version.split('.')[0]) + 1}.0.0`] : []),
      ];
      if (!want.includes(after))
        fail(`${name}: ${bump.type} bump of ${w.pkg.version} gave ${after}, expected ${want.join(' or ')}`);
      if (!existsSync(changelog)) fail(`${name}: no CHANGELOG.md was generated`);
      else {
        const text = readFileSync(changelog, 'utf8');
        if (!text.includes(`## ${after}`)) fail(`${name}: CHANGELOG.md has no "## ${after}" section`);
        for (const s of bump.summaries)
          if (!text.includes(s)) fail(`${name}: CHANGELOG.md misses "${s.slice(0, 60)}…"`);
      }
    }
    const left = readdirSync(join(clone, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    if (left.length) fail(`changeset version left changesets behind: ${left.join(', ')}`);
    const versions = [...bumps.keys()].map(
      (n) => `${n}@${readJson(join(clone, workspace.get(n).dir, 'package.json')).version}`,
    );
    console.log(
      `• changeset version (scratch clone): ${versions.join(', ') || 'nothing to release'}, each with a CHANGELOG.md`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 4. a dry-run publish of every published package, offline
const pub = spawnSync('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, npm_config_offline: 'true' },
});
const out = `${pub.stdout}${pub.stderr}`;
if (pub.status !== 0) fail(`pnpm publish -r --dry-run failed:\n${out}`);
else {
  const missing = published.filter((n) => !new RegExp(`^\\+ ${n.replace('/', '\\/')}@`, 'm').test(out));
  if (missing.length) fail(`pnpm publish -r --dry-run did not publish ${missing.join(', ')}`);
  if (/workspace:/.test(out)) fail('a packed manifest still has a workspace: range');
  else
    console.log(
      `• pnpm publish -r --dry-run: ${published.length - missing.length} packages would be published`,
    );
}

if (failures.length) {
  console.error(`\n✗ release check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('✓ release check passed');
