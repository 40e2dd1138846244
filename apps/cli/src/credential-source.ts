// Where `exec` and `serve` get credentials: the same provider `credentials` builds, behind one
// function, so a profile kind that `credentials` learns (role chains) reaches them by changing
// this one place.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fromSso, profileRegion, selectProfileName } from '@ssokit/credential-provider';
import type { TargetFlags } from './target-flags.js';

/** The flags that name a target, plus `--debug`. */
export interface CredentialSourceFlags extends TargetFlags {
  debug?: boolean | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The credential provider for a profile (or a session + account + role), as `ssokit credentials` uses it. */
export function credentialSource(flags: CredentialSourceFlags, env: Env): AwsCredentialIdentityProvider {
  const logger = {
    debug: (m: string) => {
      if (flags.debug) process.stderr.write(`debug: ${m}\n`);
    },
    warn: (m: string) => process.stderr.write(`warning: ${m}\n`),
  };
  return fromSso({
    env,
    logger,
    ...(flags.ssoSession
      ? { ssoSession: flags.ssoSession, ssoAccountId: flags.accountId, ssoRoleName: flags.roleName }
      : { profile: flags.profile }),
  });
}

/** What the target is called in messages and in the `SSOKIT_PROFILE` marker. */
export function targetLabel(flags: TargetFlags, env: Env): string {
  return flags.ssoSession
    ? `${flags.ssoSession}/${flags.accountId}/${flags.roleName}`
    : selectProfileName({ profile: flags.profile, env });
}

/** The profile's `region` (none for a session given by flags). */
export async function targetRegion(flags: TargetFlags, env: Env): Promise<string | undefined> {
  return flags.ssoSession ? undefined : profileRegion({ profile: flags.profile, env });
}
