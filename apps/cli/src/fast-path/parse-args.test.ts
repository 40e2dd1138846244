import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS_ARGS } from '../options/credentials.js';
import { parseArgvStrict } from './parse-args.js';

/** What node:util's parseArgs makes of `args`: its values, or its error message. */
function outcome(
  parse: () => Record<string, unknown>,
): { values: Record<string, unknown> } | { error: string } {
  try {
    return { values: { ...parse() } };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
const node = (args: string[]) =>
  outcome(() => parseArgs({ args, options: CREDENTIALS_ARGS, strict: true }).values);
const ours = (args: string[]) => outcome(() => parseArgvStrict(args, CREDENTIALS_ARGS));

describe('parseArgvStrict: node:util parseArgs (strict) for the credentials argv', () => {
  it.each([
    [[]],
    [['--profile', 'dev']],
    [['--profile=dev', '--format', 'env', '--debug']],
    [['--sso-session', 'work', '--account-id', '111111111111', '--role-name', 'ReadOnlyAccess']],
    [['--profile=', '--login', '--login', '--no-color']],
    [['--profile', 'a', '--profile', 'b']],
    [['--profile', '-']],
    [['--profile', '--debug']],
    [['--profile', '-x']],
    [['--profile']],
    [['--debug=yes']],
    [['--nope']],
    [['--prof', 'dev']],
    [['-h']],
    [['dev']],
    [['--', '--profile']],
    [['--=x']],
    [['--__proto__', 'x']],
    [['--constructor']],
  ])('%j', (args) => {
    expect(ours(args)).toEqual(node(args));
  });

  it('agrees with node:util for argv made of options, values and stray tokens (seeded, 3000 cases)', () => {
    const tokens = [
      ...Object.keys(CREDENTIALS_ARGS).map((o) => `--${o}`),
      ...Object.keys(CREDENTIALS_ARGS).map((o) => `--${o}=v`),
      '--',
      '-',
      '-p',
      '--x',
      '--profile=',
      'dev',
      '-dev',
      '',
    ];
    let seed = 15;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed LCG: the same cases every run
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      const args = Array.from({ length: next() % 6 }, () => tokens[next() % tokens.length]!);
      expect(ours(args), JSON.stringify(args)).toEqual(node(args));
    }
  });
});
