import type { Command } from 'commander';
import { COMPLETION_SHELLS } from '../completion/complete-words.js';
import type { CommonFlags } from './common.js';

export interface CompletionFlags extends CommonFlags {
  /** commander's positional arguments: the shell. */
  args?: string[];
}

/** `ssokit completion SHELL`: fills {@link CompletionFlags}. */
export function completionCommand(program: Command): Command {
  const cmd = program
    .command('completion')
    .summary('print a shell completion script (bash, zsh, fish, powershell)')
    .description(
      'Print a script that completes ssokit commands, options, profile and sso-session names from ' +
        '~/.aws/config and account ids from the config and the role-credential cache.',
    );
  return cmd
    .addArgument(cmd.createArgument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .addHelpText(
      'after',
      '\nExamples:\n  $ eval "$(ssokit completion bash)"        # in ~/.bashrc\n' +
        '  $ eval "$(ssokit completion zsh)"         # in ~/.zshrc, after compinit\n' +
        '  $ ssokit completion fish > ~/.config/fish/completions/ssokit.fish\n' +
        '  PS> ssokit completion powershell | Out-String | Invoke-Expression   # in $PROFILE',
    );
}
