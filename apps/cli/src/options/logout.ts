import type { Command } from 'commander';
import type { CommonFlags, SessionFlags } from './common.js';

export interface LogoutFlags extends CommonFlags, SessionFlags {
  all?: boolean;
}

/** `ssokit logout`: fills {@link LogoutFlags}. */
export function logoutCommand(program: Command): Command {
  return program
    .command('logout')
    .summary('sign out and delete cached tokens and role credentials')
    .description(
      'Sign out: revoke the session at AWS and delete its cached token and cached role credentials.\n' +
        'Client registrations are kept, like `aws sso logout`.',
    )
    .option('--sso-session <name>', 'sign out of one session')
    .option('--profile <name>', "sign out of a profile's session")
    .option('--all', 'sign out of every cached session (the default when no session is named)')
    .addHelpText('after', '\nExamples:\n  $ ssokit logout --sso-session work\n  $ ssokit logout --all');
}
