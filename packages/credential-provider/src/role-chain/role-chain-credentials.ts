import type { AwsCredentialIdentity } from '@smithy/types';
import type { AssumeRoleRequest, AssumeRoleResponse, GetCallerIdentityResponse } from '@ssokit/protocol';
import { ErrorCode, type Logger, ProviderErrorCode, SsokitError, silentLogger } from '@ssokit/protocol/core';
import { parseTimestamp } from '@ssokit/token-core/files';
import type { AssumeRoleCache, AssumeRoleCacheKeyInput } from '../sts/assume-role-cache.js';
import type { ResolvedRoleChain, RoleChainStep } from './resolve-role-chain.js';

/** The STS calls a chain makes (an `StsClient`, or a stand-in in tests). */
export interface RoleChainSts {
  assumeRole(
    input: AssumeRoleRequest,
    options: { credentials: AwsCredentialIdentity },
  ): Promise<AssumeRoleResponse>;
  getCallerIdentity(options: { credentials: AwsCredentialIdentity }): Promise<GetCallerIdentityResponse>;
}

/** Options of {@link resolveRoleChainCredentials}. */
export interface RoleChainCredentialsOptions {
  chain: ResolvedRoleChain;
  /** The SSO role credentials of the chain's root (`force`: past their cache). */
  rootCredentials: (force: boolean) => Promise<AwsCredentialIdentity>;
  sts: RoleChainSts;
  /** Where AssumeRole results are kept (`~/.aws/cli/cache`); none: every call assumes the roles. */
  cache?: AssumeRoleCache | undefined;
  /** Skip the assume-role cache: assume every role again. */
  force?: boolean | undefined;
  /** For the session name made when none is configured, when the caller's identity cannot be read. */
  clock?: { now(): number } | undefined;
  logger?: Logger | undefined;
}

/** The AssumeRole arguments botocore keys the cache on: a generated session name is left out. */
function cacheKeyOf(step: RoleChainStep): AssumeRoleCacheKeyInput {
  return {
    RoleArn: step.roleArn,
    ...(step.roleSessionName === undefined ? {} : { RoleSessionName: step.roleSessionName }),
    ...(step.externalId === undefined ? {} : { ExternalId: step.externalId }),
    ...(step.durationSeconds === undefined ? {} : { DurationSeconds: step.durationSeconds }),
  };
}

/**
 * The session name of a role session ARN (`arn:aws:sts::1:assumed-role/ROLE/NAME` → `NAME`) made
 * fit for `RoleSessionName` (2–64 of `[\w+=,.@-]`), or `undefined`.
 */
export function sessionNameFromArn(arn: string | undefined): string | undefined {
  const m =
    /:assumed-role\/[^/]+\/(.+)$/.exec(arn ?? '') ??
    /:(?:user|federated-user)\/(?:.*\/)?([^/]+)$/.exec(arn ?? '');
  const name = m?.[1]?.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return name !== undefined && name.length >= 2 ? name : undefined;
}

function accountOf(arn: string | undefined): string | undefined {
  return /^arn:[\w-]+:(?:sts|iam)::(\d{12}):/.exec(arn ?? '')?.[1];
}

function chainText(chain: ResolvedRoleChain): string {
  return [...chain.steps.map((s) => s.profile).reverse(), chain.root.profileName].join(' → ');
}

/**
 * The credentials at the end of a role chain: the last AssumeRole result from the cache while it
 * has more than 15 minutes left, else each role assumed in turn, from the SSO role credentials of
 * the root outward, each result cached as the AWS CLI caches it. Only the steps the cache cannot
 * answer are sent: a fresh cached result for the profile asked for means no network at all.
 *
 * A step without `role_session_name` is named after the identity that assumes it (the last part of
 * its ARN: the SSO user for the first step, e.g. `alice@example.com`), learnt from the previous
 * AssumeRole answer or one GetCallerIdentity call, so CloudTrail shows who it was; that name is
 * left out of the cache key, as botocore leaves out its `botocore-session-…` names.
 *
 * @example
 * ```ts
 * import { AssumeRoleCache, fromSso, resolveRoleChain, StsClient } from '@ssokit/credential-provider';
 *
 * const chain = await resolveRoleChain({ profile: 'deploy' });
 * const sso = fromSso({ profile: chain.root.profileName });
 * const sts = new StsClient({ endpoint: 'https://sts.eu-west-1.amazonaws.com', region: 'eu-west-1' });
 * const creds = await resolveRoleChainCredentials({ chain, rootCredentials: () => sso(), sts, cache: new AssumeRoleCache() });
 * ```
 */
export async function resolveRoleChainCredentials(
  options: RoleChainCredentialsOptions,
): Promise<AwsCredentialIdentity> {
  const { chain, sts, cache } = options;
  const force = options.force === true;
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? { now: () => Date.now() };

  const credentialsOf = async (i: number): Promise<{ credentials: AwsCredentialIdentity; arn?: string }> => {
    // forceRefresh is about the assumed roles (the SDK asks for it when the final credentials are
    // refused); the SSO role credentials come from their cache while fresh
    if (i < 0) return { credentials: await options.rootCredentials(false) };
    const step = chain.steps[i]!;
    const key = cacheKeyOf(step);
    if (!force && cache) {
      const hit = await cache.get(key);
      if (hit) {
        logger.debug(`assumed-role credentials of profile ${step.profile} from the cache`, {
          file: cache.fileFor(key),
        });
        return { credentials: hit };
      }
    }
    const source = await credentialsOf(i - 1);
    const roleSessionName = step.roleSessionName ?? (await generatedSessionName(source));
    let response: AssumeRoleResponse;
    try {
      response = await sts.assumeRole(
        {
          RoleArn: step.roleArn,
          RoleSessionName: roleSessionName,
          ...(step.externalId === undefined ? {} : { ExternalId: step.externalId }),
          ...(step.durationSeconds === undefined ? {} : { DurationSeconds: step.durationSeconds }),
        },
        { credentials: source.credentials },
      );
    } catch (e) {
      throw assumeRoleError(e, chain, step);
    }
    const c = response.Credentials;
    const expiration = parseTimestamp(c.Expiration);
    if (!expiration) {
      throw new SsokitError(
        ErrorCode.INVALID_RESPONSE,
        'STS AssumeRole answered with an Expiration that is not a timestamp.',
      );
    }
    const arn = response.AssumedRoleUser?.Arn;
    const credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration,
      accountId: accountOf(arn) ?? accountOf(step.roleArn) ?? '',
    };
    if (cache) {
      await cache
        .put(key, {
          credentials,
          assumedRoleUser: response.AssumedRoleUser,
        })
        .catch((e: unknown) => {
          logger.warn('could not cache assumed-role credentials; continuing without the cache', {
            code: (e as { code?: string }).code,
          });
        });
    }
    return arn === undefined ? { credentials } : { credentials, arn };
  };

  const generatedSessionName = async (source: { credentials: AwsCredentialIdentity; arn?: string }) => {
    let arn = source.arn;
    if (arn === undefined) {
      try {
        arn = (await sts.getCallerIdentity({ credentials: source.credentials })).Arn;
      } catch (e) {
        logger.debug('GetCallerIdentity failed; naming the role session by time', {
          code: (e as { code?: string }).code,
        });
      }
    }
    return sessionNameFromArn(arn) ?? `ssokit-${Math.floor(clock.now() / 1000)}`;
  };

  const { credentials } = await credentialsOf(chain.steps.length - 1);
  return credentials;
}

function assumeRoleError(e: unknown, chain: ResolvedRoleChain, step: RoleChainStep): unknown {
  const err = e as { name?: string; service?: string; serviceMessage?: string; status?: number };
  if (typeof err !== 'object' || err === null || err.service !== 'sts' || typeof err.status !== 'number')
    return e;
  const advice =
    err.name === 'AccessDenied'
      ? `Check that the trust policy of ${step.roleArn} lets the source role assume it${step.externalId === undefined ? '' : ' with this external_id'}, and that the source role may call sts:AssumeRole on it.`
      : err.name === 'ExpiredToken'
        ? 'The source credentials expired; run the command again (or `ssokit login`).'
        : err.name === 'RegionDisabledException'
          ? 'STS is not activated in this region for the account; set region in the profile to one where it is.'
          : 'Check role_arn and the other keys of the profile.';
  return new SsokitError(
    ProviderErrorCode.ASSUME_ROLE_FAILED,
    `Could not assume role ${step.roleArn} for profile "${step.profile}" (role chain ${chainText(chain)}): ${err.name}${err.serviceMessage ? `: ${err.serviceMessage}` : ''}. ${advice}`,
    { cause: e },
  );
}
