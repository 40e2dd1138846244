// Each file of this folder declares one command: its flags type and, next to it, the commander
// options that fill it. They import commander's types only, so a command's module (and the
// credential_process fast path) can import its flags without loading the parser.
import type { Command } from 'commander';

/** Options every command receives from the parser. */
export interface CommonFlags {
  json?: boolean;
  debug?: boolean;
  /** `--no-color` sets this to false (NO_COLOR=1 in the environment does the same). */
  color?: boolean;
}

/** The flags that pick one session: a `[sso-session]` section, or a profile that names one. */
export interface SessionFlags {
  ssoSession?: string;
  profile?: string;
}

/** Adds the options of {@link SessionFlags}. */
export function sessionOptions(cmd: Command): Command {
  return cmd
    .option('--sso-session <name>', 'the [sso-session NAME] section of ~/.aws/config to use')
    .option(
      '--profile <name>',
      'a profile of ~/.aws/config; its sso-session (or legacy sso_start_url) is used',
    );
}

/** Adds the `--json` option. */
export function jsonOption(cmd: Command): Command {
  return cmd.option('--json', 'print JSON for scripts');
}
