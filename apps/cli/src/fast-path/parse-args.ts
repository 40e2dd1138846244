// The argv parser of `ssokit credentials` (commands/credentials.ts): node:util's parseArgs with
// `strict: true`, answered here for what credential_process lines hold (`--name value`,
// `--name=value`, `--flag`). The first parseArgs call of a process costs ~0.5 ms (Node 20: its
// internal modules load and run for the first time), ~2% of a run answered from the cache, and
// this costs microseconds. Anything else (an unknown or short option, `--`, a positional, a
// missing value or one that starts with a dash, a flag given a value) goes to node's parseArgs,
// which returns or throws exactly what it always did.
import { parseArgs } from 'node:util';

type Options = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;
type Values = Record<string, string | boolean | undefined>;

/** `parseArgs({ args, options, strict: true }).values` of node:util. */
export function parseArgvStrict(args: readonly string[], options: Options): Values {
  const slow = (): Values => parseArgs({ args: [...args], options, strict: true }).values;
  const values: Values = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) return slow();
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined) return slow();
    if (option.type === 'boolean') {
      if (eq !== -1) return slow();
      values[name] = true;
    } else if (eq !== -1) {
      values[name] = arg.slice(eq + 1);
    } else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('-')) return slow();
      values[name] = value;
      i++;
    }
  }
  for (const name of Object.keys(options)) {
    const fallback = options[name]!.default;
    if (fallback !== undefined && values[name] === undefined) values[name] = fallback;
  }
  return values;
}
