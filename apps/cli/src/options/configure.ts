import type { Command } from 'commander';
import type { CommonFlags } from './common.js';

export interface ConfigureFlags extends CommonFlags {
  ssoSession?: string;
  startUrl?: string;
  /** The IAM Identity Center region (`sso_region`); default `region`, for command lines from before it existed. */
  ssoRegion?: string;
  /** The profile's `region` (where its AWS calls go); default the IAM Identity Center region. */
  region?: string;
  profile?: string;
  /** Skips the account picker (for a configure without questions). */
  accountId?: string;
  /** Skips the role picker, like `accountId`. */
  roleName?: string;
  /** Sign in with the device code instead of the browser. */
  deviceCode?: boolean;
  /** An IAM Identity Center endpoint of its own (a local emulator): written as `[services NAME]`. */
  endpointUrl?: string;
}

/** `ssokit configure`: fills {@link ConfigureFlags}. */
export function configureCommand(program: Command): Command {
  return program
    .command('configure')
    .summary('set up a session and a profile interactively')
    .description(
      'Set up a session and a profile interactively: session name, start URL, IAM Identity Center region, the ' +
        "profile's region for AWS calls, scopes; sign in; " +
        'pick an account and a role from a type-ahead list; write the profile to ~/.aws/config.',
    )
    .option('--sso-session <name>', 'the session name (asked for if missing)')
    .option('--start-url <url>', 'the AWS access portal URL (asked for if missing)')
    .option(
      '--sso-region <region>',
      'the IAM Identity Center region (asked for if missing; default --region)',
    )
    .option(
      '--region <region>',
      "the profile's region for AWS calls (asked for if missing; default the IAM Identity Center region)",
    )
    .option('--profile <name>', 'the profile name to write (asked for if missing)')
    .option('--account-id <id>', 'the account of the profile (picked from a list if missing)')
    .option('--role-name <name>', 'the role of the profile (picked from a list if missing)')
    .option('--device-code', 'sign in with the device code instead of the browser')
    .option(
      '--endpoint-url <url>',
      'send the sso and sso-oidc calls of the session and profile to this URL (e.g. a local emulator): writes [services NAME] and services = NAME',
    )
    .addHelpText('after', '\nExample:\n  $ ssokit configure');
}
