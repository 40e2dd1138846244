import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** `ssokit emulator ...` runs the `ssokit-emulator` bin with the same arguments and signals. */
export async function run(options: { args?: string[] }): Promise<number> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@ssokit/emulator/package.json');
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  const bin = join(dirname(pkgFile), pkg.bin['ssokit-emulator']!);
  const args = process.argv.slice(process.argv.indexOf('emulator') + 1);
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  void options;
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}
