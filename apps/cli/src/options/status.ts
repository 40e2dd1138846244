import type { Command } from 'commander';
import { type CommonFlags, jsonOption } from './common.js';

export type StatusFlags = CommonFlags;

/** `ssokit status`: fills {@link StatusFlags}. */
export function statusCommand(program: Command): Command {
  return jsonOption(
    program
      .command('status')
      .summary('show cached sessions and when they expire')
      .description(
        'Show every cached session: start URL, region, time left, whether it refreshes, registration expiry.',
      ),
  ).addHelpText('after', '\nExamples:\n  $ ssokit status\n  $ ssokit status --json | jq ".[].expiresAt"');
}
