// @smithy/signature-v4 is an optional peer dependency: these run the built package the way a user's
// project gets it from npm, with and without that package installed.
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedInstall, runScript, useTempDirs } from '@ssokit/test-support';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const tempDir = useTempDirs('ssokit-sigv4-');
const SIGNED = /^signed AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sts\/aws4_request$/;

// Imports the package, makes a signer, signs twice; prints each step so the order shows when the
// signing package was loaded.
const script = (load: string) => `
${load}
console.log('imported');
const signer = createSigV4Signer({ region: 'us-east-1', service: 'sts', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
console.log('created');
const request = { method: 'POST', url: new URL('https://sts.us-east-1.amazonaws.com/'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' };
try {
  for (let i = 0; i < 2; i++) {
    const headers = await signer(request);
    console.log('signed', headers.authorization.split(', ')[0]);
  }
} catch (e) {
  console.log('failed', e.name, e.code, e.packageName);
  console.log(e.message);
}
`;
const ESM = script("import { createSigV4Signer } from '@ssokit/transport';");
const CJS = `(async () => {${script("const { createSigV4Signer } = require('@ssokit/transport');")}})();`;

/** Runs the script as ESM and as CommonJS in `dir`; each prints `lines` and nothing on stderr. */
async function expectPrintedFromEsmAndCjs(dir: string, lines: unknown[]): Promise<void> {
  for (const [name, source] of [
    ['esm.mjs', ESM],
    ['cjs.cjs', CJS],
  ] as const) {
    const run = await runScript(dir, name, source);
    expect(run.stderr, name).toBe('');
    expect(run.stdout.trim().split('\n'), name).toEqual(lines);
  }
}

describe('createSigV4Signer loads @smithy/signature-v4', () => {
  it('only on the first signature, from ESM and from CommonJS', async () => {
    const dir = await tempDir();
    // a stand-in that says when it is loaded and then is the real package
    const real = await realpath(join(PACKAGE_DIR, 'node_modules/@smithy/signature-v4'));
    const spy = join(dir, 'spy-signature-v4');
    await mkdir(spy);
    await writeFile(
      join(spy, 'package.json'),
      JSON.stringify({ name: '@smithy/signature-v4', main: 'index.js' }),
    );
    await writeFile(
      join(spy, 'index.js'),
      `console.log('loaded @smithy/signature-v4');\nmodule.exports = require(${JSON.stringify(real)});\n`,
    );
    await isolatedInstall(dir, PACKAGE_DIR, { extra: { '@smithy/signature-v4': spy } });
    await expectPrintedFromEsmAndCjs(dir, [
      'imported',
      'created',
      'loaded @smithy/signature-v4',
      expect.stringMatching(SIGNED),
      expect.stringMatching(SIGNED),
    ]);
  });

  it('when it is not installed, fails the signature with a MissingDependencyError naming the npm install line', async () => {
    const dir = await tempDir();
    await isolatedInstall(dir, PACKAGE_DIR);
    await expectPrintedFromEsmAndCjs(dir, [
      'imported',
      'created',
      'failed MissingDependencyError ERR_SSOKIT_MISSING_DEPENDENCY @smithy/signature-v4',
      'Signing a request with SigV4 (service sts) needs the npm package @smithy/signature-v4, which is not installed: run `npm install @smithy/signature-v4` in your project.',
    ]);
  });
});
