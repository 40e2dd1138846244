#!/usr/bin/env node
// Runs the code of every README the way a reader would, with nothing from this repository but the
// packed packages:
// 1. the published packages are packed (`pnpm pack`, as scripts/pack-all.mjs does) into a scratch
//    directory, and a scratch project is made with plain npm, following the "Set up a project" steps
//    of guides/getting-started.md: `npm init -y`, `npm pkg set type=module`, `npm install` of the
//    tarballs, tsx, typescript, @types/node and every other package the blocks import, and the
//    tsconfig.json shown there (the block after `<!-- docs:tsconfig -->`);
// 2. per README, a fresh home whose ~/.aws/config is the emulator setup the same guide shows (the
//    block after `<!-- docs:emulator-config -->`) followed by the README's own ```ini blocks marked
//    `<!-- docs:config -->` (profiles its blocks add to that setup), and the installed
//    `ssokit-emulator --auto-approve`;
// 3. every ```ts block of the README runs, in order, with `npx tsx` (`npx vitest run` when it is a
//    test file, one that imports vitest), with HOME and the
//    AWS_ENDPOINT_URL_SSO / _SSO_OIDC variables set as the guide says, and AWS_ENDPOINT_URL_STS /
//    _SIGNIN as the READMEs of role chains and console sign-in say. Each block is a whole program. The one placeholder start URL the READMEs
//    use, https://my-org.awsapps.com/start, becomes the emulator's;
// 4. every block, run or not, is compiled with tsc against the installed packages' types.
// A block that cannot run here (it needs a real AWS account, a browser, another process) is preceded
// by `<!-- docs:no-run: why -->`: it is compiled, not run. Every README's `npm install` lines must
// name every package its blocks import.
// apps/docs/test/readme-blocks.test.ts runs this in `pnpm test`; `node apps/docs/scripts/readme-blocks.mjs`
// runs it by hand (`--keep` keeps the scratch directory and prints where it is).
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { startEmulator } from '../../../scripts/check-installed-cli.mjs';

const run = promisify(execFile);
const docs = resolve(import.meta.dirname, '..');
const root = resolve(docs, '../..');
export const PLACEHOLDER_START_URL = 'https://my-org.awsapps.com/start';
export const PLACEHOLDER_ORIGIN = 'http://127.0.0.1:4566';
const NO_RUN = /^<!--\s*docs:no-run\b/;
const CONFIG = '<!-- docs:config -->';

/** The READMEs whose blocks run: the root, every package, every app, the examples, and the getting-started guide. */
export function readmes() {
  const found = [
    join(root, 'README.md'),
    join(docs, 'guides', 'getting-started.md'),
    join(root, 'examples', 'README.md'),
  ];
  for (const group of ['packages', 'apps'])
    for (const d of readdirSync(join(root, group)).sort()) {
      const f = join(root, group, d, 'README.md');
      if (existsSync(f)) found.push(f);
    }
  return found.filter(existsSync);
}

/** The fenced blocks of a markdown file, each with the marker comment on the line before it, if any. */
export function blocksOf(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, fence, lang, rest] = open;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== fence) j++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const before = k >= 0 ? lines[k].trim() : '';
    blocks.push({
      lang,
      flags: rest.split(/\s+/).filter(Boolean),
      code: lines.slice(i + 1, j).join('\n'),
      line: i + 1,
      marker: before.startsWith('<!--') ? before : '',
    });
    i = j;
  }
  return blocks;
}

const isTs = (b) => ['ts', 'typescript'].includes(b.lang);

/** Bare module names a block imports (`@scope/name`, `name`), without `node:` built-ins. */
export function importsOf(code) {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) && !(ts.isExportDeclaration(s) && s.moduleSpecifier)) continue;
    const spec = s.moduleSpecifier.text;
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names];
}

/** Packages the README's `npm install` / `npm i` lines name. */
export function installedBy(markdown) {
  const names = new Set();
  for (const b of blocksOf(markdown).filter((b) => ['sh', 'bash', 'shell', ''].includes(b.lang)))
    for (const line of b.code.split('\n')) {
      const m = /^\s*(?:npm (?:install|i|add)|pnpm add|yarn add)\s+(.*)$/.exec(line);
      if (!m) continue;
      for (const word of m[1].split(/\s+/))
        if (word && !word.startsWith('-')) names.add(word.replace(/(?<=.)@[^@/]*$/, ''));
    }
  return names;
}

/** The block of `file` after `<!-- docs:NAME -->`. */
function markedBlock(file, name) {
  const b = blocksOf(readFileSync(file, 'utf8')).find((x) => x.marker === `<!-- docs:${name} -->`);
  if (!b) throw new Error(`${relative(root, file)} has no block after <!-- docs:${name} -->`);
  return b.code;
}

const npmEnv = () => ({
  ...process.env,
  // the machine's global npm config (registry, proxy, cafile) when another Node than the machine's
  // runs npm (scripts/test-node-matrix.sh): npm looks for it under that Node's prefix otherwise
  ...(process.env.SSOKIT_NPM_GLOBALCONFIG
    ? { npm_config_globalconfig: process.env.SSOKIT_NPM_GLOBALCONFIG }
    : {}),
  npm_config_loglevel: 'error',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
});

/** Version of a third-party package as this workspace has it installed (so npm finds it in its cache). */
function workspaceVersion(name) {
  for (const dir of [
    docs,
    root,
    ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
  ]) {
    const f = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(f)) return JSON.parse(readFileSync(f, 'utf8')).version;
  }
  return undefined;
}

/** Packs the published libraries into `dir`; returns the tarball paths. */
function packLibraries(dir) {
  mkdirSync(dir, { recursive: true });
  const tarballs = [];
  for (const d of readdirSync(join(root, 'packages')).sort()) {
    const pkgFile = join(root, 'packages', d, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.private) continue;
    if (!existsSync(join(root, 'packages', d, 'dist')))
      throw new Error(`${pkg.name} is not built: run \`pnpm build\` first`);
    execFileSync('pnpm', ['pack', '--pack-destination', dir], {
      cwd: join(root, 'packages', d),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    tarballs.push(join(dir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`));
  }
  return tarballs;
}

/**
 * Runs everything; resolves to `{ problems, ran, compiled, seconds, scratch }`. `problems` are
 * messages that name the README and line.
 */
export async function checkReadmeBlocks({ keep = false, log = () => {} } = {}) {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'ssokit-readme-blocks-'));
  const problems = [];
  const project = join(scratch, 'project');
  const guide = join(docs, 'guides', 'getting-started.md');
  const files = readmes().map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const all = files.flatMap(({ file, text }) =>
    blocksOf(text)
      .filter(isTs)
      .map((b) => ({ ...b, file, run: !NO_RUN.test(b.marker) })),
  );
  let ran = 0;
  try {
    // the install lines name what the blocks import (also on the guides that set up a project)
    const howTo = ['testing-with-the-emulator.md', 'migrate-from-fromsso.md'].map((f) =>
      join(docs, 'guides', f),
    );
    const packagePages = readdirSync(join(docs, 'guides', 'packages')).map((f) =>
      join(docs, 'guides', 'packages', f),
    );
    const installChecked = [
      ...files,
      ...[...howTo, ...packagePages].map((file) => ({ file, text: readFileSync(file, 'utf8') })),
    ];
    for (const { file, text } of installChecked) {
      const imported = new Set(
        blocksOf(text)
          .filter(isTs)
          .flatMap((b) => importsOf(b.code)),
      );
      const installed = installedBy(text);
      for (const name of imported)
        if (!installed.has(name))
          problems.push(
            `${relative(root, file)}: a block imports ${name}, which no \`npm install\` line of the README names`,
          );
    }

    // 1. the scratch project, as getting-started.md sets one up
    log('packing the libraries');
    const tarballs = packLibraries(join(scratch, 'packed'));
    mkdirSync(project);
    await run('npm', ['init', '-y'], { cwd: project, env: npmEnv() });
    await run('npm', ['pkg', 'set', 'type=module'], { cwd: project, env: npmEnv() });
    const thirdParty = [...new Set(all.flatMap((b) => importsOf(b.code)))].filter(
      (n) => !n.startsWith('@ssokit/'),
    );
    const pinned = ['tsx', 'typescript', '@types/node', ...thirdParty].map((n) => {
      const v = workspaceVersion(n);
      return v ? `${n}@${v}` : n;
    });
    log(`npm install of ${tarballs.length} tarballs and ${pinned.join(' ')}`);
    await run('npm', ['install', '--prefer-offline', ...tarballs, ...pinned], {
      cwd: project,
      env: npmEnv(),
      maxBuffer: 16 << 20,
    });
    writeFileSync(join(project, 'tsconfig.json'), markedBlock(guide, 'tsconfig'));
    const configTemplate = markedBlock(guide, 'emulator-config');

    // 2.–3. per README: a fresh home, the emulator, the blocks in order
    const blockDir = join(project, 'blocks');
    mkdirSync(blockDir);
    const names = new Map();
    for (const { file } of files) {
      const blocks = all.filter((b) => b.file === file);
      if (blocks.length === 0) continue;
      const slug = relative(root, file).replace(/[^\w]+/g, '_');
      for (const b of blocks) {
        const name = `${slug}_L${b.line}.ts`;
        writeFileSync(join(blockDir, name), `${b.code}\n\nexport {};\n`);
        names.set(name, b);
      }
      if (!blocks.some((b) => b.run)) continue;
      const home = join(scratch, `home-${slug}`);
      mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
      const baseEnv = {
        PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: home,
        USERPROFILE: home,
        NO_COLOR: '1',
        NODE_NO_WARNINGS: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        // what makes the device code the chosen flow where no browser can come back (CI, SSH)
        CI: 'true',
      };
      const emulator = await startEmulator(
        join(project, 'node_modules', '.bin', 'ssokit-emulator'),
        baseEnv,
        ['--auto-approve', '--poll-interval', '1'],
      );
      try {
        const origin = new URL(emulator.url).origin;
        const added = blocksOf(readFileSync(file, 'utf8'))
          .filter((b) => b.lang === 'ini' && b.marker === CONFIG)
          .map((b) => `\n\n${b.code}\n`);
        writeFileSync(
          join(home, '.aws', 'config'),
          [configTemplate, ...added].join('').replaceAll(PLACEHOLDER_ORIGIN, origin),
          { mode: 0o600 },
        );
        const env = {
          ...baseEnv,
          AWS_ENDPOINT_URL_SSO: origin,
          AWS_ENDPOINT_URL_SSO_OIDC: origin,
          AWS_ENDPOINT_URL_STS: origin,
          AWS_ENDPOINT_URL_SIGNIN: origin,
        };
        for (const b of blocks.filter((x) => x.run)) {
          // a test file (it imports vitest) runs with `npx vitest run`, anything else with `npx tsx`
          const test = importsOf(b.code).includes('vitest');
          const runnable = join(blockDir, `run_${slug}_L${b.line}${test ? '.test' : ''}.ts`);
          const [cmd, args] = test ? ['vitest', ['run', relative(project, runnable)]] : ['tsx', [runnable]];
          writeFileSync(
            runnable,
            `${b.code.replaceAll(PLACEHOLDER_START_URL, emulator.startUrl)}\n\nexport {};\n`,
          );
          log(`running ${relative(root, file)}:${b.line}`);
          try {
            await run(join(project, 'node_modules', '.bin', cmd), args, {
              cwd: project,
              env,
              timeout: 90_000,
              maxBuffer: 16 << 20,
            });
            ran++;
          } catch (e) {
            problems.push(
              `${relative(root, file)}:${b.line}: the block failed when run against the emulator:\n${`${e.stdout ?? ''}${e.stderr ?? e.message}`.trim()}`,
            );
          }
        }
      } finally {
        emulator.child.kill('SIGTERM');
      }
    }

    // 4. every block compiles against the installed packages
    log('type-checking');
    writeFileSync(
      join(blockDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { noEmit: true },
        include: [],
        files: [...names.keys()],
      }),
    );
    try {
      await run(
        join(project, 'node_modules', '.bin', 'tsc'),
        ['-p', join(blockDir, 'tsconfig.json'), '--pretty', 'false'],
        {
          cwd: blockDir,
          maxBuffer: 16 << 20,
        },
      );
    } catch (e) {
      const text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
      problems.push(
        `README blocks do not compile against the packed packages:\n${text.replace(
          /^([\w.]+\.ts)\((\d+),(\d+)\)/gm,
          (m, f, l, c) => {
            const b = names.get(f);
            return b ? `${relative(root, b.file)}:${b.line + Number(l)} (col ${c})` : m;
          },
        )}`,
      );
    }
  } finally {
    if (!keep) rmSync(scratch, { recursive: true, force: true });
  }
  return {
    problems,
    ran,
    compiled: all.length,
    seconds: Math.round((Date.now() - started) / 1000),
    scratch,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const keep = process.argv.includes('--keep');
  const result = await checkReadmeBlocks({ keep, log: (m) => console.error(`· ${m}`) });
  if (keep) console.error(`scratch directory: ${result.scratch}`);
  if (result.problems.length) {
    console.error(`✗ README blocks:\n${result.problems.join('\n\n')}`);
    process.exit(1);
  }
  console.log(
    `✓ ${result.ran} README blocks ran against the emulator, ${result.compiled} compiled (${result.seconds}s)`,
  );
}
