// `ssokit --version`: the CLI's own version, from its package.json (one directory above both src/
// and dist/, so the same path works from the sources and from the installed bundle). With --debug,
// also the version of each @ssokit/* package it depends on, read from the copy that Node resolves
// from the CLI's own location: the packages `ssokit credentials` loads when it must go to the network.
import { createRequire } from 'node:module';

const requireFromCli = createRequire(import.meta.url);

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/** The CLI's package.json. */
function cliManifest(): Manifest {
  return requireFromCli('../package.json') as Manifest;
}

/** The text `ssokit --version` prints: the version, and with `debug` one line per @ssokit package. */
export function versionText(debug: boolean): string {
  const cli = cliManifest();
  if (!debug) return `${cli.version}\n`;
  const lines = [`${cli.name} ${cli.version}`, `node ${process.versions.node}`];
  for (const name of Object.keys(cli.dependencies ?? {})
    .filter((n) => n.startsWith('@ssokit/'))
    .sort()) {
    try {
      const manifest = requireFromCli.resolve(`${name}/package.json`);
      lines.push(
        `${name} ${(requireFromCli(manifest) as Manifest).version} (${manifest.slice(0, -'/package.json'.length)})`,
      );
    } catch {
      lines.push(`${name} not installed`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether `argv` asks for the version only: `--version`/`-V`, perhaps with `--debug` or `--no-color`, and no command. */
export function isVersionRequest(argv: readonly string[]): boolean {
  return (
    argv.some((a) => a === '--version' || a === '-V') &&
    argv.every((a) => ['--version', '-V', '--debug', '--no-color'].includes(a))
  );
}
