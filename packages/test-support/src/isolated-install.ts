import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { assertBuilt } from './built.js';

/** What {@link isolatedInstall} lays out besides the package itself. */
export interface IsolatedInstallOptions {
  /** Dependencies to leave out, as if the user never installed them (an optional peer dependency). */
  without?: string[];
  /** Packages to add by name, each a directory (a real package, or a test's own stand-in). */
  extra?: Record<string, string>;
}

/**
 * Lays out `dir/node_modules` the way an npm install of one built package would: the package's
 * `package.json` and `dist/` copied (so its own workspace `node_modules`, devDependencies included,
 * is not seen), and each of its `dependencies` linked to the installed copy, but for `without`.
 * Scripts written into `dir` then import the package as a user's project would.
 */
export async function isolatedInstall(
  dir: string,
  packageDir: string,
  options: IsolatedInstallOptions = {},
): Promise<void> {
  assertBuilt(join(packageDir, 'dist', 'index.js'));
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const target = join(dir, 'node_modules', manifest.name);
  await mkdir(target, { recursive: true });
  await cp(join(packageDir, 'package.json'), join(target, 'package.json'));
  await cp(join(packageDir, 'dist'), join(target, 'dist'), { recursive: true });
  const links: Record<string, string> = {};
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!options.without?.includes(name))
      links[name] = await realpath(join(packageDir, 'node_modules', name));
  }
  Object.assign(links, options.extra);
  for (const [name, from] of Object.entries(links)) {
    const at = join(dir, 'node_modules', name);
    await mkdir(dirname(at), { recursive: true });
    await symlink(from, at, 'dir');
  }
}

/** Writes `source` to `dir/name` and runs it with this Node; stdout and stderr, whatever the exit. */
export async function runScript(
  dir: string,
  name: string,
  source: string,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  await writeFile(join(dir, name), source);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [name], {
      cwd: dir,
      timeout: 30_000,
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return {
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
      exitCode: typeof err.code === 'number' ? err.code : 1,
    };
  }
}
