import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmulatorFlags } from '../options/emulator.js';

const EXAMPLES = `
Examples:
  $ ssokit emulator --port 4566 --auto-approve
  $ AWS_ENDPOINT_URL_SSO=http://127.0.0.1:4566 AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:4566 ssokit login --device-code
`;

/** The emulator's own texts name its bin; run through the CLI, they name the command typed. */
const asTyped = (text: string) => text.replaceAll('ssokit-emulator', 'ssokit emulator');

/**
 * `ssokit emulator ...` runs the `ssokit-emulator` bin with the same arguments and signals. Its help
 * (stdout) and messages (stderr) say `ssokit emulator`; the JSON line it prints when listening, and
 * everything else on stdout, pass through untouched.
 */
export async function run(flags: EmulatorFlags): Promise<number> {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@ssokit/emulator/package.json');
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  const bin = join(dirname(pkgFile), pkg.bin['ssokit-emulator']!);
  const args = flags.args ?? [];
  const help = args.includes('--help') || args.includes('-h');
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['inherit', help ? 'pipe' : 'inherit', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (text: string) => process.stdout.write(asTyped(text)));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => process.stderr.write(asTyped(text)));
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    // 'close', not 'exit': the piped output has all been written by then
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // the emulator's own help lists the flags; these show how they combine with the CLI
      if (code === 0 && help) process.stdout.write(EXAMPLES);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}
