// Every README (and the getting-started guide) runs as written: its ```ts blocks, in a scratch
// project that installs the packed packages with plain npm, against the emulator; blocks marked
// `<!-- docs:no-run: why -->` are type-checked only. See scripts/readme-blocks.mjs.
import { describe, expect, it } from 'vitest';
import { blocksOf, checkReadmeBlocks, importsOf, installedBy } from '../scripts/readme-blocks.mjs';

describe('README code blocks', () => {
  it('run against the emulator from the packed packages, or compile when marked docs:no-run', async () => {
    const result = await checkReadmeBlocks({ log: (m) => console.error(`· ${m}`) });
    console.error(`README blocks: ${result.ran} ran, ${result.compiled} compiled, ${result.seconds}s`);
    expect(result.problems.join('\n\n')).toBe('');
    expect(result.ran).toBeGreaterThan(20);
  }, 900_000);

  it('names a package a block imports but no install line installs', () => {
    const readme = [
      '```sh',
      'npm install --save-dev @ssokit/emulator vitest',
      '```',
      '```ts',
      "import { SSOClient } from '@aws-sdk/client-sso';",
      "import { startEmulator } from '@ssokit/emulator';",
      '```',
    ].join('\n');
    const installed = installedBy(readme);
    const imported = blocksOf(readme).flatMap((b) => (b.lang === 'ts' ? importsOf(b.code) : []));
    expect(imported.filter((n) => !installed.has(n))).toEqual(['@aws-sdk/client-sso']);
  });

  it('reads the docs:no-run marker on the line before a block', () => {
    const [block] = blocksOf('<!-- docs:no-run: needs an AWS account -->\n```ts\nconsole.log(1);\n```\n');
    expect(block?.marker).toBe('<!-- docs:no-run: needs an AWS account -->');
  });
});
