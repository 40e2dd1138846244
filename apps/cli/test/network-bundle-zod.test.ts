// A cold `ssokit credentials` (valid token, one GetRoleCredentials) takes token-core, portal-client
// and transport from dist/credentials-network.cjs. They validate with the compiled bindings of
// @ssokit/protocol/wire, so zod (bundled for role chains and for error messages) must not be
// initialised until something imports the full @ssokit/protocol. zod marks its initialisation with
// globalThis.__zod_globalRegistry. No timings here (bench/credentials-fast-path.mjs has them).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from './helpers.js';

const NETWORK_BUNDLE = join(BIN, '..', 'credentials-network.cjs');

function zodAfter(layers: string[]): string {
  const script = `const n = require(${JSON.stringify(NETWORK_BUNDLE)});
    for (const l of ${JSON.stringify(layers)}) if (!n[l]) throw new Error('no layer ' + l);
    process.stdout.write(typeof globalThis.__zod_globalRegistry);`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

describe('dist/credentials-network.cjs', () => {
  it('initialises no zod for the layers a cold credentials run uses', () => {
    assertBuilt();
    expect(zodAfter(['@ssokit/token-core', '@ssokit/portal-client', '@ssokit/transport'])).toBe('undefined');
  });

  it('still has zod, initialised when the full @ssokit/protocol is imported', () => {
    expect(zodAfter(['@ssokit/protocol'])).toBe('object');
  });
});
