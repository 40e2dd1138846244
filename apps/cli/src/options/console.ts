import type { Command } from 'commander';
import type { CommonFlags } from './common.js';

export interface ConsoleFlags extends CommonFlags {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  /** A service name (`s3`) or a console URL. */
  destination?: string | undefined;
  region?: string | undefined;
  /** Print the URL instead of opening a browser. */
  print?: boolean | undefined;
}

/** `ssokit console`: fills {@link ConsoleFlags}. */
export function consoleCommand(program: Command): Command {
  return program
    .command('console')
    .summary('open the AWS console as a role (or print the sign-in URL)')
    .description(
      'Open the AWS Management Console signed in as the role of a profile (or a session + account + role), ' +
        'through AWS sign-in federation. The role credentials come the same way as for `ssokit credentials`.\n' +
        'The region is --region, else AWS_REGION / AWS_DEFAULT_REGION, else the sso_region; it also picks the ' +
        'partition (aws, aws-cn, aws-us-gov). AWS_ENDPOINT_URL_SIGNIN (or AWS_ENDPOINT_URL) points sign-in elsewhere, ' +
        'e.g. at `ssokit emulator`.',
    )
    .option('--profile <name>', 'the profile whose role to open (default: AWS_PROFILE, then "default")')
    .option('--sso-session <name>', 'with --account-id and --role-name, instead of a profile')
    .option('--account-id <id>', 'the account, with --sso-session')
    .option('--role-name <name>', 'the role, with --sso-session')
    .option(
      '--destination <service|url>',
      'where the console opens: a service name (s3, ec2, iam, ...) or a console URL (default: the console home)',
    )
    .option('--region <region>', 'the region the console opens in')
    .option(
      '--print',
      'print the sign-in URL on stdout instead of opening a browser (it signs anyone in for 15 minutes: keep it secret)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ ssokit console --profile dev\n' +
        '  $ ssokit console --profile dev --destination s3 --region eu-west-1\n' +
        '  $ ssokit console --profile dev --destination https://console.aws.amazon.com/iam/home#/roles\n' +
        '  $ ssokit console --sso-session work --account-id 111122223333 --role-name ReadOnly --print',
    );
}
