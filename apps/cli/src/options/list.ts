import type { Command } from 'commander';
import { type CommonFlags, jsonOption, type SessionFlags, sessionOptions } from './common.js';

/** The flags of `ssokit accounts` and `ssokit roles`. */
export interface ListFlags extends CommonFlags, SessionFlags {
  /** `roles` only: one account instead of every account. */
  account?: string;
}

/** `ssokit accounts`: fills {@link ListFlags}. */
export function accountsCommand(program: Command): Command {
  return jsonOption(
    sessionOptions(program.command('accounts').summary('list the AWS accounts you can access')).description(
      'List the AWS accounts you can sign in to.',
    ),
  ).addHelpText('after', '\nExamples:\n  $ ssokit accounts --sso-session work\n  $ ssokit accounts --json');
}

/** `ssokit roles`: fills {@link ListFlags}. */
export function rolesCommand(program: Command): Command {
  return jsonOption(
    sessionOptions(program.command('roles').summary('list the roles you can take'))
      .description(
        'List the roles you can take, in one account or in every account (org-wide, rate-limited).',
      )
      .option('--account <id>', 'only this account'),
  ).addHelpText(
    'after',
    '\nExamples:\n  $ ssokit roles --account 111122223333\n  $ ssokit roles --sso-session work --json',
  );
}
