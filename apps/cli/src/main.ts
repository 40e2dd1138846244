import { Command, Option } from 'commander';
import { ExitCode } from './errors.js';

const EXAMPLES = `
Examples:
  $ ssokit demo                                  a tour on a local emulator
  $ ssokit configure                             set up a session and a profile
  $ ssokit login --sso-session work
  $ ssokit credentials --profile dev --format env
`;

const EXIT_CODES = `
Exit codes:
  0  success                           6  service or network unreachable
  1  failure                           7  another process holds the session's lock
  2  usage error                       8  a cache or config file could not be written
  3  configuration error               9  the service's answer was not understood
  4  sign-in required (ssokit login) 130  interrupted (Ctrl-C)
  5  sign-in failed, denied or expired

Environment: AWS_PROFILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO,
AWS_ENDPOINT_URL, HTTPS_PROXY / NO_PROXY, NO_COLOR.`;

/** Common options of every command that talks about one session. */
function sessionOptions(cmd: Command): Command {
  return cmd
    .option('--sso-session <name>', 'the [sso-session NAME] section of ~/.aws/config to use')
    .option(
      '--profile <name>',
      'a profile of ~/.aws/config; its sso-session (or legacy sso_start_url) is used',
    );
}

/** Each command module exports `run(flags)`; the parsed options are its flags. */
const lazy =
  <T>(
    load: () => Promise<{ run: (flags: T) => Promise<number | undefined> }>,
  ): ((...args: unknown[]) => Promise<void>) =>
  async (...args) => {
    const command = args[args.length - 1] as Command;
    const flags = { ...command.optsWithGlobals(), args: command.args } as T;
    const { run } = await load();
    result = (await run(flags)) ?? ExitCode.OK;
  };
let result: number = ExitCode.OK;

/** Builds the command tree. Each command's module is imported only when that command runs. */
export function buildProgram(): Command {
  const program = new Command('ssokit')
    .description(
      'Sign in to AWS IAM Identity Center (AWS SSO) and get AWS credentials from it.\n' +
        'Shares ~/.aws/sso/cache with AWS CLI v2 and the AWS SDKs: `aws sso login` and ssokit mix freely.',
    )
    .option('--debug', 'print details of what happens (secrets are always redacted)')
    .option('--no-color', 'plain output (also: NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `${EXAMPLES}${EXIT_CODES}`)
    .exitOverride();

  sessionOptions(program.command('login').summary('sign in to a session (browser + PKCE, or a device code)'))
    .description(
      'Sign in to a session. Uses the browser (authorization code + PKCE) by default and falls back to the\n' +
        'device code where a browser on this machine cannot reach 127.0.0.1 (SSH, containers, CI, no display).\n' +
        'Does nothing when a valid, refreshable session exists (use --force to sign in again).',
    )
    .option('--device-code', 'use the device-code flow: open a URL on any device and enter a code')
    .option(
      '--pkce',
      'use the browser flow (PKCE) even where ssokit would pick the device code (SSH, CI, no display)',
    )
    .option('--no-browser', 'do not open a browser; print the URL (implies --device-code)')
    .option('--qr', 'also show the sign-in URL as a QR code (default when no browser is opened)')
    .option('--force', 'sign in again even when the session is still valid')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit login --sso-session work\n  $ ssokit login --profile dev --device-code --qr',
    )
    .action(lazy(() => import('./commands/login.js')));

  program
    .command('logout')
    .summary('sign out and delete cached tokens and role credentials')
    .description(
      'Sign out: revoke the session at AWS and delete its cached token and cached role credentials.\n' +
        'Client registrations are kept, like `aws sso logout`.',
    )
    .option('--sso-session <name>', 'sign out of one session')
    .option('--profile <name>', "sign out of a profile's session")
    .option('--all', 'sign out of every cached session (the default when no session is named)')
    .addHelpText('after', '\nExamples:\n  $ ssokit logout --sso-session work\n  $ ssokit logout --all')
    .action(lazy(() => import('./commands/logout.js')));

  program
    .command('status')
    .summary('show cached sessions and when they expire')
    .description(
      'Show every cached session: start URL, region, time left, whether it refreshes, registration expiry.',
    )
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  $ ssokit status\n  $ ssokit status --json | jq ".[].expiresAt"')
    .action(lazy(() => import('./commands/status.js')));

  sessionOptions(program.command('accounts').summary('list the AWS accounts you can access'))
    .description('List the AWS accounts you can sign in to.')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExamples:\n  $ ssokit accounts --sso-session work\n  $ ssokit accounts --json')
    .action(lazy(() => import('./commands/accounts.js')));

  sessionOptions(program.command('roles').summary('list the roles you can take'))
    .description('List the roles you can take, in one account or in every account (org-wide, rate-limited).')
    .option('--account <id>', 'only this account')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit roles --account 111122223333\n  $ ssokit roles --sso-session work --json',
    )
    .action(lazy(() => import('./commands/roles.js')));

  program
    .command('credentials')
    .summary('print credentials (credential_process, env, powershell, ...)')
    .description(
      'Print AWS credentials for a profile (or a session + account + role). The default format is the\n' +
        'credential_process JSON, so in ~/.aws/config:\n' +
        '  credential_process = ssokit credentials --profile NAME\n' +
        'Role credentials are cached in ~/.aws/cli/cache (shared with AWS CLI v2) until 15 minutes before expiry.',
    )
    .option('--profile <name>', 'the profile to get credentials for (default: AWS_PROFILE, then "default")')
    .option('--sso-session <name>', 'with --account-id and --role-name, instead of a profile')
    .option('--account-id <id>', 'the account, with --sso-session')
    .option('--role-name <name>', 'the role, with --sso-session')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['process', 'env', 'env-no-export', 'powershell', 'windows-cmd', 'fish', 'json'])
        .default('process'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit credentials --profile dev\n  $ eval "$(ssokit credentials --profile dev --format env)"\n  $ ssokit credentials --sso-session work --account-id 111122223333 --role-name ReadOnly',
    )
    .action(lazy(() => import('./commands/credentials.js')));

  program
    .command('configure')
    .summary('set up a session and a profile interactively')
    .description(
      'Set up a session and a profile interactively: session name, start URL, region, scopes; sign in;\n' +
        'pick an account and a role from a type-ahead list; write the profile to ~/.aws/config.',
    )
    .option('--sso-session <name>', 'the session name (asked for if missing)')
    .option('--start-url <url>', 'the AWS access portal URL (asked for if missing)')
    .option('--region <region>', 'the IAM Identity Center region (asked for if missing)')
    .option('--profile <name>', 'the profile name to write (asked for if missing)')
    .option('--account-id <id>', 'the account of the profile (picked from a list if missing)')
    .option('--role-name <name>', 'the role of the profile (picked from a list if missing)')
    .option('--device-code', 'sign in with the device code instead of the browser')
    .addHelpText('after', '\nExample:\n  $ ssokit configure')
    .action(lazy(() => import('./commands/configure.js')));

  program
    .command('populate')
    .summary('write a profile for every account and role')
    .description(
      'Write a profile for every account and role you can access. Only sections populate wrote (they are ' +
        'marked) are ever changed; every other byte of ~/.aws/config stays as it is. The last 5 versions are ' +
        'kept as backups and the file is replaced atomically. Profile names keep letters, digits and _-@+.%:/ ' +
        '(what AWS tools read): accents are dropped, other characters become "-" (none next to "." or at the ends).',
    )
    .requiredOption('--sso-session <name>', 'the session whose accounts and roles to write')
    .option(
      '--template <template>',
      'profile name template: {accountName} {accountId} {roleName} {ssoSession}',
      '{accountName}.{roleName}',
    )
    .option('--region <region>', 'default region to write into each profile')
    .option('--credential-process', 'write credential_process = ssokit credentials ... instead of sso_* keys')
    .option('--dry-run', 'show the diff and change nothing')
    .option('--prune', 'remove profiles populate wrote earlier that are no longer assigned')
    .addHelpText(
      'after',
      "\nExamples:\n  $ ssokit populate --sso-session work --dry-run\n  $ ssokit populate --sso-session work --template '{ssoSession}-{accountName}-{roleName}' --prune",
    )
    .action(lazy(() => import('./commands/populate.js')));

  program
    .command('emulator')
    .summary('start the local IAM Identity Center emulator')
    .description(
      'Start the local IAM Identity Center emulator (the same flags as `ssokit-emulator`; see `ssokit emulator --help`).',
    )
    .argument('[flags...]', 'flags for ssokit-emulator')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(lazy(() => import('./commands/emulator.js')));

  program
    .command('demo')
    .summary('a tour on a local emulator (touches nothing of yours)')
    .description(
      'A two-minute tour on a local emulator, in a temporary home directory (your ~/.aws is never read or\n' +
        'written): configure, sign in with a device code, list accounts and roles, get credentials, watch a\n' +
        'token refresh itself, sign out.',
    )
    .option('--interactive', 'approve the sign-in yourself in your browser instead of the simulated user')
    .option('--pause <ms>', 'pause between steps, in milliseconds', '600')
    .addHelpText('after', '\nExamples:\n  $ ssokit demo\n  $ ssokit demo --interactive')
    .action(lazy(() => import('./commands/demo.js')));

  return program;
}

/** Parses `argv` (without `node` and the script) and runs the command; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  if (argv.includes('--no-color')) process.env['NO_COLOR'] = '1';
  result = ExitCode.OK;
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return ExitCode.OK;
    if (typeof code === 'string' && code.startsWith('commander.')) return ExitCode.USAGE;
    throw error;
  }
  return result;
}
