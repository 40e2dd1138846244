import type { Command, Option } from 'commander';

/** Where the values of `--profile`, `--sso-session` and `--account-id` come from. */
export interface CompletionSources {
  /** Profile names of the config file. */
  profiles(): Promise<string[]>;
  /** `[sso-session NAME]` names of the config file. */
  ssoSessions(): Promise<string[]>;
  /** Account ids seen in the config and the role-credential cache. */
  accountIds(): Promise<string[]>;
}

/** The shells `ssokit completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

function longName(option: Option): string | undefined {
  return option.long ?? undefined;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/** Every option a word can name in `cmd`: its own, and the program's global ones. */
function optionsOf(cmd: Command, program: Command): Option[] {
  return cmd === program ? [...program.options] : [...cmd.options, ...program.options];
}

async function valuesOf(option: Option, sources: CompletionSources): Promise<string[]> {
  if (option.argChoices) return [...option.argChoices];
  switch (option.long) {
    case '--profile':
      return sources.profiles();
    case '--sso-session':
      return sources.ssoSessions();
    case '--account-id':
    case '--account':
      return sources.accountIds();
    default:
      return [];
  }
}

/**
 * The completions of the last of `words` (the command line after `ssokit`, the word being typed
 * last, possibly empty): command names, the options of the command, or an option's values (a
 * `--format`'s choices, profile and session names, account ids). The commands and options come
 * from the parser itself, so what is offered is what `ssokit` accepts.
 *
 * @example
 * ```ts
 * await completeWords(buildProgram(), ['cre'], sources); // ['credentials']
 * ```
 */
export async function completeWords(
  program: Command,
  words: readonly string[],
  sources: CompletionSources,
): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let cmd: Command = program;
  let expectsValue: Option | undefined;
  for (const word of before) {
    if (expectsValue) {
      expectsValue = undefined;
      continue;
    }
    if (word.startsWith('-')) {
      const option = optionsOf(cmd, program).find((o) => o.long === word || o.short === word);
      if (option && takesValue(option)) expectsValue = option;
      continue;
    }
    if (cmd === program) {
      const sub = program.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (sub) cmd = sub;
    }
  }
  const matching = (candidates: Iterable<string>) =>
    [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();

  if (expectsValue) return matching(await valuesOf(expectsValue, sources));
  if (current.startsWith('-') || cmd !== program) {
    if (!current.startsWith('-') && cmd.name() === 'completion') return matching(COMPLETION_SHELLS);
    const used = new Set(before);
    const names = optionsOf(cmd, program)
      .filter((o) => !o.hidden && (!used.has(longName(o) ?? '') || o.long === '--region'))
      .flatMap((o) => (o.long ? [o.long] : []));
    return matching([...names, '--help']);
  }
  return matching(program.commands.map((c) => c.name()));
}
