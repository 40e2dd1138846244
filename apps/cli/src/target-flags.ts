// The one rule for the flags that say what a command acts on. It is on the credential_process fast
// path (commands/credentials.ts): it imports nothing heavier than errors.ts and protocol's core.
import { ACCOUNT_ID_PATTERN } from '@ssokit/protocol/core';
import { CliError, ExitCode } from './errors.js';

/** The flags that name a target: a profile, or a session (plus an account and a role). */
export interface TargetFlags {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
}

/** What `--profile` means to a command, and what it needs. */
export interface TargetRules {
  /**
   * `target` (default): the profile to act on, so it cannot be combined with another way of naming
   * a target. `output`: the name of a profile to write (`configure`), so it names nothing to act on.
   */
  profile?: 'target' | 'output';
  /** `--sso-session` alone is not enough: an account and a role must come with it (`credentials`). */
  needsRole?: boolean;
  /** The command, for the hint of where to read more. */
  command?: string;
}

/** Throws a usage error unless `value` of `flag` is an AWS account id: 12 digits. */
export function checkAccountId(flag: string, value: string): void {
  if (ACCOUNT_ID_PATTERN.test(value)) return;
  throw new CliError(
    `${flag} ${JSON.stringify(value)} is not an AWS account id`,
    ExitCode.USAGE,
    'an account id is 12 digits, e.g. 111122223333 (`ssokit accounts` lists yours)',
  );
}

/**
 * Checks the target flags of a command and throws a usage error (exit 2) naming the flags that
 * clash. Every command that takes these flags calls this, so they all mean the same thing:
 *
 * - `--account-id` and `--role-name` come together, and only with `--sso-session`;
 * - `--profile` (as a target) goes with none of `--sso-session`, `--account-id`, `--role-name`:
 *   printing one target's credentials when another was asked for is the worst thing this tool
 *   could do with output that is `eval`'d;
 * - `--account-id` is 12 digits.
 */
export function checkTargetFlags(flags: TargetFlags, rules: TargetRules = {}): void {
  const help = `see \`ssokit ${rules.command ? `${rules.command} ` : ''}--help\``;
  const given = (name: keyof TargetFlags) => flags[name] !== undefined;
  if (given('accountId')) checkAccountId('--account-id', flags.accountId!);
  if (given('roleName') && flags.roleName!.trim() === '') {
    throw new CliError('--role-name is empty', ExitCode.USAGE, help);
  }
  if ((rules.profile ?? 'target') === 'target' && given('profile')) {
    const clash = (['ssoSession', 'accountId', 'roleName'] as const).filter(given).map(flagName);
    if (clash.length > 0) {
      throw new CliError(
        `--profile cannot be combined with ${clash.join(', ')}`,
        ExitCode.USAGE,
        'name the target once: --profile NAME, or --sso-session NAME with --account-id and --role-name',
      );
    }
  }
  if (rules.profile === 'output') return; // configure picks a missing account or role from a list
  if (given('accountId') !== given('roleName')) {
    const [has, lacks] = given('accountId')
      ? ['--account-id', '--role-name']
      : ['--role-name', '--account-id'];
    throw new CliError(`${has} needs ${lacks}`, ExitCode.USAGE, help);
  }
  if (given('accountId') && !given('ssoSession')) {
    throw new CliError(
      '--account-id and --role-name need --sso-session',
      ExitCode.USAGE,
      'name the session they belong to with --sso-session NAME',
    );
  }
  if (rules.needsRole && given('ssoSession') && !given('accountId')) {
    throw new CliError(
      '--sso-session needs --account-id and --role-name',
      ExitCode.USAGE,
      'or name a profile with --profile',
    );
  }
}

/** `accountId` → `--account-id`. */
function flagName(key: keyof TargetFlags): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
