import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chain } from '@smithy/property-provider';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { ProfileConfigError } from './errors.js';
import { resolveSsoProfile } from './resolve-sso-profile.js';

const tempDir = useTempDirs();

const fallback: AwsCredentialIdentity = { accessKeyId: 'AKIAFALLBACK', secretAccessKey: 'fallback' };

/** The AWS SDK's own provider chain, with a provider that fails the way fromSso will. */
async function runChain(config: string, env: Record<string, string> = {}) {
  const home = await tempDir();
  await mkdir(join(home, '.aws'));
  await writeFile(join(home, '.aws', 'config'), config);
  const fromProfile = async (): Promise<AwsCredentialIdentity> => {
    const p = await resolveSsoProfile({ env: { HOME: home, ...env } });
    return { accessKeyId: `resolved-${p.roleName}`, secretAccessKey: 'x' };
  };
  return chain(fromProfile, async () => fallback)();
}

describe('tryNextLink with the AWS SDK provider chain (@smithy/property-provider)', () => {
  it('falls through to the next provider for a non-SSO profile', async () => {
    expect(await runChain('[default]\nregion = eu-west-1\n')).toEqual(fallback);
  });

  it('falls through when there is no config file and no profile was asked for', async () => {
    expect(await runChain('')).toEqual(fallback);
  });

  it('stops the chain for a configured SSO profile that is broken', async () => {
    const err = await runChain('[default]\nsso_session = work\nsso_account_id = 111122223333\n').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProfileConfigError);
    expect((err as ProfileConfigError).problem).toBe('session-not-found');
  });

  it('stops the chain for a profile asked for by name that does not exist', async () => {
    const err = await runChain('[default]\nregion = eu-west-1\n', { AWS_PROFILE: 'dev' }).catch(
      (e: unknown) => e,
    );
    expect((err as ProfileConfigError).problem).toBe('profile-not-found');
  });
});
