// On the credential_process fast path (commands/credentials.ts parses its argv with node:util's
// parseArgs from CREDENTIALS_ARGS): no runtime import of commander.
import { EXPORT_FORMATS } from '@ssokit/credential-provider';
import type { Command } from 'commander';

/** Every `--format`: the credential_process JSON, a JSON object, and the shell formats. */
export const CREDENTIAL_FORMATS = ['process', 'json', ...EXPORT_FORMATS] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

export interface CredentialsFlags {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  format?: string | undefined;
  debug?: boolean | undefined;
  /** Sign in when needed, where a browser or terminal can show it (also `ssokit_login = true`). */
  login?: boolean | undefined;
}

/** The same options for the fast path's `parseArgs` (plus the global ones it accepts). */
export const CREDENTIALS_ARGS = {
  profile: { type: 'string' },
  'sso-session': { type: 'string' },
  'account-id': { type: 'string' },
  'role-name': { type: 'string' },
  format: { type: 'string', default: 'process' },
  login: { type: 'boolean' },
  debug: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/** `ssokit credentials`: fills {@link CredentialsFlags}. */
export function credentialsCommand(program: Command): Command {
  const cmd = program
    .command('credentials')
    .summary('print credentials (credential_process, env, powershell, ...)')
    .description(
      'Print AWS credentials for a profile (or a session + account + role). The default format is the ' +
        'credential_process JSON, so in ~/.aws/config:\n' +
        '  credential_process = ssokit credentials --profile NAME\n' +
        'Role credentials are cached in ~/.aws/cli/cache (shared with AWS CLI v2) until 15 minutes before expiry.',
    )
    .option('--profile <name>', 'the profile to get credentials for (default: AWS_PROFILE, then "default")')
    .option('--sso-session <name>', 'with --account-id and --role-name, instead of a profile')
    .option('--account-id <id>', 'the account, with --sso-session')
    .option('--role-name <name>', 'the role, with --sso-session')
    .option(
      '--login',
      'when no valid sign-in is left, sign in (one browser window for any number of processes) where a browser or terminal can show it; else exit 4 (per profile: ssokit_login = true)',
    );
  return cmd
    .addOption(
      cmd
        .createOption('--format <format>', 'output format')
        .choices(CREDENTIAL_FORMATS)
        .default(CREDENTIALS_ARGS.format.default),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit credentials --profile dev\n  $ ssokit credentials --profile dev --login   # as credential_process: signs in when needed\n  $ eval "$(ssokit credentials --profile dev --format env)"\n  $ ssokit credentials --sso-session work --account-id 111122223333 --role-name ReadOnly',
    );
}
