#!/usr/bin/env node
// `pnpm pack-all [DIR]`: packs every published workspace package (the libraries and the `ssokit`
// CLI) into one folder (default dist/packed) with `pnpm pack`, which rewrites `workspace:` ranges as
// a publish does, and prints the one npm command that installs from there. The tarballs of the
// whole set go on that line: npm then takes each @ssokit dependency from its tarball instead of
// asking the registry for it. `pnpm pack-all` builds first (the root package.json script).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'dist', 'packed'));
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

/** The published (not private) workspace packages: `{ name, version, dir }`. */
export function publishedPackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const d of readdirSync(join(root, group))) {
      const file = join(root, group, d, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = readJson(file);
      if (!pkg.private) found.push({ name: pkg.name, version: pkg.version, dir: join(root, group, d) });
    }
  }
  return found;
}

/** The tarball name `pnpm pack` gives a package: `@ssokit/token-core@0.1.0` → `ssokit-token-core-0.1.0.tgz`. */
export const tarballName = ({ name, version }) =>
  `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const packages = publishedPackages();
  for (const p of packages) {
    if (!existsSync(join(p.dir, 'dist'))) {
      console.error(`${p.name} is not built: run \`pnpm build\` first (\`pnpm pack-all\` does)`);
      process.exit(1);
    }
    execFileSync('pnpm', ['pack', '--pack-destination', out], {
      cwd: p.dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const files = packages.map((p) => join(out, tarballName(p)));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`pnpm pack did not write ${missing.join(', ')}`);
    process.exit(1);
  }
  const shown = relative(process.cwd(), out) || '.';
  console.log(`Packed ${packages.length} packages into ${shown}/:`);
  for (const p of packages) console.log(`  ${tarballName(p)}`);
  console.log('\nInstall the ssokit command (and the libraries) from there with:\n');
  console.log(`npm install -g ${files.join(' ')}`);
  console.log('\nIn a project (libraries), run the same line without -g.');
}
