import type { Command } from 'commander';

export interface EmulatorFlags {
  /** Everything after `emulator`, for `ssokit-emulator`. */
  args?: string[];
}

/** `ssokit emulator`: fills {@link EmulatorFlags}. */
export function emulatorCommand(program: Command): Command {
  return program
    .command('emulator')
    .summary('start the local IAM Identity Center emulator')
    .description(
      'Start the local IAM Identity Center emulator (the same flags as `ssokit-emulator`; see `ssokit emulator --help`).',
    )
    .argument('[flags...]', 'flags for ssokit-emulator')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false);
}
