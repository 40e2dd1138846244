// `open` is an optional peer dependency: a project that installs @ssokit/oidc-client without it and
// lets the flow open the browser is told which install line fixes that.
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { isolatedInstall, runScript, useTempDirs } from '@ssokit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const tempDir = useTempDirs('ssokit-opener-');
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('authorizationCodeFlow without the `open` package installed', () => {
  it('fails with a MissingDependencyError naming `npm install open` when nothing shows the URL', async () => {
    const dir = await tempDir();
    await isolatedInstall(dir, PACKAGE_DIR, { without: ['open'] });
    const run = await runScript(
      dir,
      'login.mjs',
      `
import { authorizationCodeFlow, MissingDependencyError, SsoOidcClient } from '@ssokit/oidc-client';
const client = new SsoOidcClient({ region: ${JSON.stringify(emulator.region)}, endpoint: ${JSON.stringify(emulator.url)}, env: {} });
try {
  await authorizationCodeFlow({ client, startUrl: ${JSON.stringify(emulator.startUrl)}, timeoutMs: 20_000 });
  console.log('signed in');
} catch (e) {
  console.log('failed', e instanceof MissingDependencyError, e.code, e.packageName);
  console.log(e.message);
} finally {
  await client.close();
}
`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      'failed true ERR_SSOKIT_MISSING_DEPENDENCY open',
      'Opening the browser for sign-in needs the npm package open, which is not installed: run `npm install open` in your project.',
    ]);
  });
});
