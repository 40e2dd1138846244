import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// What a CommonJS test suite does on a Node without require(esm) (before 20.19): require both
// entry points, start an emulator, talk to it, stop it.
const CJS_USER = `
const { startEmulator, EmulatorError } = require('./dist/index.cjs');
const { PAGE, chromiumLaunchOptions } = require('./dist/testing.cjs');
(async () => {
  const emulator = await startEmulator();
  const res = await fetch(emulator.url + '/client/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientName: 'cjs', clientType: 'public' }),
  });
  await emulator.close();
  console.log(JSON.stringify({
    status: res.status,
    errorClass: typeof EmulatorError,
    selector: PAGE.allow,
    args: chromiumLaunchOptions().args.length > 0,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('CommonJS build', () => {
  it('is required and runs an emulator with require(esm) turned off', () => {
    for (const entry of ['dist/index.cjs', 'dist/testing.cjs'])
      expect(existsSync(`${packageDir}/${entry}`), `${entry} is missing: run pnpm build`).toBe(true);
    const r = spawnSync(process.execPath, ['--no-experimental-require-module', '-e', CJS_USER], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).not.toMatch(/ERR_REQUIRE_ESM|Error/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 200,
      errorClass: 'function',
      selector: '#allow',
      args: true,
    });
  });
});
