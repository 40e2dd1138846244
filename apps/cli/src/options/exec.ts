import type { Command } from 'commander';
import type { CommonFlags } from './common.js';

export interface ExecFlags extends CommonFlags {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  region?: string | undefined;
  server?: boolean | undefined;
  /** The command and its arguments (after `--`). */
  args?: string[] | undefined;
}

/** Adds the flags that name what to get credentials for (as `ssokit credentials` takes them). */
export function targetOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'the profile to get credentials for (default: AWS_PROFILE, then "default")')
    .option('--sso-session <name>', 'with --account-id and --role-name, instead of a profile')
    .option('--account-id <id>', 'the account, with --sso-session')
    .option('--role-name <name>', 'the role, with --sso-session');
}

/** `ssokit exec`: fills {@link ExecFlags}. */
export function execCommand(program: Command): Command {
  return targetOptions(
    program
      .command('exec')
      .summary('run a command with AWS credentials in its environment')
      .description(
        "Run a command (no shell in between; your $SHELL when none is given) with the role's credentials in " +
          'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, and the ' +
          "region in AWS_REGION and AWS_DEFAULT_REGION (--region, else the profile's region, unless already set). " +
          'AWS_PROFILE and other credential variables are removed from its environment; SSOKIT_PROFILE names ' +
          'the profile, and exec refuses to run inside another exec. Signals are passed on; the exit code is the ' +
          "command's (128+N when a signal N ended it, 127 when it was not found).\n" +
          'With --server, the command gets a local container-credentials endpoint instead ' +
          '(AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), so a long-running ' +
          'program keeps getting fresh credentials.',
      )
      .argument('[command...]', 'the command and its arguments; put them after --'),
  )
    .option('--region <region>', 'the AWS region for the command (AWS_REGION and AWS_DEFAULT_REGION)')
    .option('--server', 'serve credentials to the command from a local endpoint that refreshes them')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit exec --profile dev -- aws s3 ls\n  $ ssokit exec --profile dev            (a shell with the credentials)\n  $ ssokit exec --profile dev --server -- python long_job.py',
    );
}
