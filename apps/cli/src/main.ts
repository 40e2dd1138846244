import { Command } from 'commander';
import { ExitCode } from './errors.js';
import { completionCommand } from './options/completion.js';
import { configureCommand } from './options/configure.js';
import { consoleCommand } from './options/console.js';
import { credentialsCommand } from './options/credentials.js';
import { demoCommand } from './options/demo.js';
import { emulatorCommand } from './options/emulator.js';
import { execCommand } from './options/exec.js';
import { accountsCommand, rolesCommand } from './options/list.js';
import { loginCommand } from './options/login.js';
import { logoutCommand } from './options/logout.js';
import { populateCommand } from './options/populate.js';
import { serveCommand } from './options/serve.js';
import { statusCommand } from './options/status.js';
import { isVersionRequest, versionText } from './version.js';

const EXAMPLES = `
Examples:
  $ ssokit demo                                  a tour on a local emulator
  $ ssokit configure                             set up a session and a profile
  $ ssokit login --sso-session work
  $ ssokit credentials --profile dev --format env
  $ ssokit exec --profile dev -- aws s3 ls       run a command with the role's credentials
  $ ssokit console --profile dev                 open the AWS console as the role
`;

const EXIT_CODES = `
Exit codes:
  0  success                           6  service or network unreachable
  1  failure                           7  another process holds the session's lock
  2  usage error                       8  a cache or config file could not be written
  3  configuration error               9  the service's answer was not understood
  4  sign-in required (ssokit login) 130  interrupted (Ctrl-C)
  5  sign-in failed, denied or expired

Environment:
  AWS_PROFILE, AWS_CONFIG_FILE, HTTPS_PROXY / NO_PROXY, NO_COLOR,
  AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_STS,
  AWS_ENDPOINT_URL_SIGNIN, AWS_ENDPOINT_URL`;

/** A command module exports `run(flags)`; the parsed options are its flags. */
type CommandModule<T> = { run: (flags: T) => Promise<number | undefined> };

/**
 * Builds the command tree. Each command's module is imported only when that command runs; its exit
 * code goes to `report` (commander's actions return nothing a caller can read).
 */
export function buildProgram(report: (exitCode: number) => void = () => {}): Command {
  const lazy =
    <T>(load: () => Promise<CommandModule<T>>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const flags = { ...command.optsWithGlobals(), args: command.args } as T;
      const { run } = await load();
      report((await run(flags)) ?? ExitCode.OK);
    };

  const program = new Command('ssokit')
    .description(
      'Sign in to AWS IAM Identity Center (AWS SSO) and get AWS credentials from it.\n' +
        'Shares ~/.aws/sso/cache with AWS CLI v2 and the AWS SDKs: `aws sso login` and ssokit mix freely.',
    )
    .option('-V, --version', 'print the version (with --debug, also those of the @ssokit packages it loads)')
    .option('--debug', 'print details of what happens (secrets are always redacted)')
    .option('--no-color', 'plain output (also: NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `${EXAMPLES}${EXIT_CODES}`)
    .exitOverride();

  loginCommand(program).action(lazy(() => import('./commands/login.js')));
  logoutCommand(program).action(lazy(() => import('./commands/logout.js')));
  statusCommand(program).action(lazy(() => import('./commands/status.js')));
  accountsCommand(program).action(lazy(() => import('./commands/accounts.js')));
  rolesCommand(program).action(lazy(() => import('./commands/roles.js')));
  credentialsCommand(program).action(lazy(() => import('./commands/credentials.js')));
  consoleCommand(program).action(lazy(() => import('./commands/console.js')));
  execCommand(program).action(lazy(() => import('./commands/exec.js')));
  serveCommand(program).action(lazy(() => import('./commands/serve.js')));
  configureCommand(program).action(lazy(() => import('./commands/configure.js')));
  populateCommand(program).action(lazy(() => import('./commands/populate.js')));
  emulatorCommand(program).action(lazy(() => import('./commands/emulator.js')));
  demoCommand(program).action(lazy(() => import('./commands/demo.js')));
  completionCommand(program).action(lazy(() => import('./commands/completion.js')));
  return program;
}

/** Parses `argv` (without `node` and the script) and runs the command; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // what the completion scripts call; not a command of the help
  if (argv[0] === '__complete')
    return (await import('./commands/completion.js')).complete(argv.slice(argv[1] === '--' ? 2 : 1));
  if (isVersionRequest(argv)) {
    process.stdout.write(versionText(argv.includes('--debug')));
    return ExitCode.OK;
  }
  let result: number = ExitCode.OK;
  const program = buildProgram((exitCode) => {
    result = exitCode;
  });
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
