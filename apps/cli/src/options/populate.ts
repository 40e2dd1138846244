import type { Command } from 'commander';
import type { CommonFlags } from './common.js';

export interface PopulateFlags extends CommonFlags {
  ssoSession: string;
  template?: string;
  /** Every `--region` given: `R` (the default) or `ACCOUNT_ID=R`. */
  region?: string[];
  credentialProcess?: boolean;
  dryRun?: boolean;
  prune?: boolean;
}

/** `ssokit populate`: fills {@link PopulateFlags}. */
export function populateCommand(program: Command): Command {
  return program
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
    .option(
      '--region <region>',
      'region to write into each profile; ACCOUNT_ID=REGION for one account (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--credential-process',
      'write credential_process = ssokit credentials ... instead of sso_* keys (when ssokit is not on PATH: the absolute path of this command, with a warning)',
    )
    .option('--dry-run', 'show the diff and change nothing')
    .option('--prune', 'remove profiles populate wrote earlier that are no longer assigned')
    .addHelpText(
      'after',
      "\nExamples:\n  $ ssokit populate --sso-session work --dry-run\n  $ ssokit populate --sso-session work --template '{ssoSession}-{accountName}-{roleName}' --prune\n  $ ssokit populate --sso-session work --region eu-west-1 --region 111122223333=us-east-1",
    );
}
