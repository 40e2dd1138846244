import type { Command } from 'commander';
import type { CommonFlags } from './common.js';

export interface DemoFlags extends Pick<CommonFlags, 'color'> {
  interactive?: boolean;
  pause?: string;
}

/** `ssokit demo`: fills {@link DemoFlags}. */
export function demoCommand(program: Command): Command {
  return program
    .command('demo')
    .summary('a tour on a local emulator (touches nothing of yours)')
    .description(
      'A two-minute tour on a local emulator, in a temporary home directory (your ~/.aws is never read or ' +
        'written): configure, sign in with a device code, list accounts and roles, get credentials, watch a ' +
        'token refresh itself, sign out.',
    )
    .option('--interactive', 'approve the sign-in yourself in your browser instead of the simulated user')
    .option('--pause <ms>', 'pause between steps, in milliseconds', '600')
    .addHelpText('after', '\nExamples:\n  $ ssokit demo\n  $ ssokit demo --interactive');
}
