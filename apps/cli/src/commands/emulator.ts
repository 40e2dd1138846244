import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmulatorFlags } from '../options/emulator.js';

const EXAMPLES = `
Examples:
  $ ssokit emulator --port 4566 --auto-approve
  $ AWS_ENDPOINT_URL_SSO=http://127.0.0.1:4566 AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:4566 ssokit login --device-code
`;

/**
 * `ssokit emulator ...` runs the `ssokit-emulator` bin with the same arguments and signals, and tells
 * it (SSOKIT_EMULATOR_COMMAND) that it was typed as `ssokit emulator`, so its help and messages say so.
 * Its output is the terminal's: the JSON line it prints when listening passes through untouched.
 */
export async function run(flags: EmulatorFlags): Promise<number> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@ssokit/emulator/package.json');
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  const bin = join(dirname(pkgFile), pkg.bin['ssokit-emulator']!);
  const args = flags.args ?? [];
  const help = args.includes('--help') || args.includes('-h');
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: 'inherit',
    env: { ...process.env, SSOKIT_EMULATOR_COMMAND: 'ssokit emulator' },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // the emulator's own help lists the flags; these show how they combine with the CLI
      if (code === 0 && help) process.stdout.write(EXAMPLES);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}
