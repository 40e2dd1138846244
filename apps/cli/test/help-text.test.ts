// Help text flows: commander wraps descriptions to the terminal's width, so a description breaks a
// line only between sentences or before an indented example, never mid-sentence. And the emulator,
// run through the CLI, calls itself what the person typed: `ssokit emulator`.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/main.js';
import { assertBuilt, runCli } from './helpers.js';

/** The program and every command under it. */
function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/**
 * The lines of `text` that end mid-sentence: a line of prose (not indented) that does not end a
 * sentence or introduce a list, followed by another line of prose.
 */
function midSentenceBreaks(text: string): string[] {
  const lines = text.split('\n');
  return lines.filter(
    (line, i) =>
      i < lines.length - 1 &&
      !line.startsWith(' ') &&
      !/[.:!?)]$/.test(line) &&
      !/^(?: |$)/.test(lines[i + 1]!),
  );
}

describe('help text', () => {
  const commands = allCommands(buildProgram());

  it('descriptions break lines only between sentences or before an indented example', () => {
    for (const cmd of commands) expect(midSentenceBreaks(cmd.description()), cmd.name()).toEqual([]);
  });

  it('option and argument descriptions are one line each', () => {
    for (const cmd of commands) {
      for (const o of cmd.options) expect(o.description, `${cmd.name()} ${o.flags}`).not.toMatch(/\n/);
      for (const a of cmd.registeredArguments)
        expect(a.description, `${cmd.name()} ${a.name()}`).not.toMatch(/\n/);
    }
  });

  it('`ssokit emulator --help` and its usage errors say `ssokit emulator`', async () => {
    assertBuilt();
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1' };
    const help = await runCli(['emulator', '--help'], env);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ssokit emulator \[options\]/);
    expect(help.stdout).not.toContain('ssokit-emulator');
    const wrong = await runCli(['emulator', '--no-such-flag'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^ssokit emulator: .*See ssokit emulator --help/);
  });
});
