// `main(argv)` is a function, not a process: it keeps no state between runs and changes nothing
// global. `--no-color` reaches the output as a flag instead of through process.env (the process
// test is in commands.test.ts, on its signed-in home).
import { EXPORT_FORMATS } from '@ssokit/credential-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../src/errors.js';
import { buildProgram, main } from '../src/main.js';
import { CREDENTIAL_FORMATS } from '../src/options/credentials.js';
import { createOutput } from '../src/output.js';
import { assertBuilt } from './helpers.js';

describe('main() in process', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('--no-color leaves process.env alone', async () => {
    vi.stubEnv('NO_COLOR', undefined);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--no-color', '--help'])).toBe(ExitCode.OK);
    } finally {
      write.mockRestore();
    }
    expect(process.env['NO_COLOR']).toBeUndefined();
  });

  it('two runs at once each return their own exit code', async () => {
    assertBuilt();
    const [failed, helped] = await Promise.all([
      main(['emulator', '--no-such-flag']),
      main(['emulator', '--help']),
    ]);
    expect(failed).not.toBe(ExitCode.OK);
    expect(helped).toBe(ExitCode.OK);
  });

  it('--format offers exactly the formats the fast path accepts, every export format among them', () => {
    const credentials = buildProgram().commands.find((c) => c.name() === 'credentials');
    const format = credentials?.options.find((o) => o.long === '--format');
    expect(format?.argChoices).toEqual([...CREDENTIAL_FORMATS]);
    expect(CREDENTIAL_FORMATS).toEqual(expect.arrayContaining([...EXPORT_FORMATS]));
  });

  it('color: false wins over FORCE_COLOR', () => {
    expect(createOutput({ env: { FORCE_COLOR: '1' } }).color.isColorSupported).toBe(true);
    expect(createOutput({ env: { FORCE_COLOR: '1' }, color: false }).color.isColorSupported).toBe(false);
  });
});
