import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { SsoPortalClientOptions } from '@ssokit/portal-client';
import {
  checkEndpointMatchesStartUrl,
  type EndpointOverrides,
  ErrorCode,
  type Logger,
  resolveEndpoint,
  SsokitError,
  silentLogger,
  ValidationError,
  validateRegion,
  validateStartUrl,
} from '@ssokit/protocol/core';
import type { LoginOptions, SsoAuth, SsoAuthOptions, SsoSessionRef } from '@ssokit/token-core';
import { ROLE_CREDENTIALS_MIN_REMAINING_MS } from '@ssokit/token-core/files';
import { isProfileConfigError, ProviderErrorCode } from './errors.js';
import { endpointEnv, type ResolvedSsoProfile, resolveSsoProfile } from './resolve-sso-profile.js';
import { resolveSsoSession } from './resolve-sso-session.js';
import { type RoleCacheKeyInput, RoleCredentialCache } from './role-credential-cache.js';
import type { SharedConfigOptions } from './shared-config.js';
import type { StsClientOptions } from './sts/sts-client.js';

/**
 * Options of {@link fromSso}. Name a profile (default `AWS_PROFILE`, then `default`), or give the
 * session and role directly with the same option names as AWS SDK v3's `fromSSO`.
 */
export interface FromSsoOptions extends SharedConfigOptions {
  /** The profile of the shared config to use. */
  profile?: string | undefined;
  /** An `[sso-session NAME]`; with `ssoAccountId` and `ssoRoleName` and no profile. */
  ssoSession?: string | undefined;
  /** Start URL, region, account and role given directly (all four), instead of a profile. */
  ssoStartUrl?: string | undefined;
  ssoRegion?: string | undefined;
  ssoAccountId?: string | undefined;
  ssoRoleName?: string | undefined;
  /** Registration scopes of a directly given session. */
  ssoRegistrationScopes?: string[] | undefined;
  /**
   * The AWS CLI role-credential cache (`~/.aws/cli/cache`): `true` (default) shares it with AWS CLI v2
   * so that a new process does not call the portal while cached credentials have 15 minutes left.
   */
  roleCredentialCache?: boolean | RoleCredentialCache | undefined;
  /** The session engine (token cache, refresh, login); default: a new `SsoAuth` on the same home. */
  auth?: SsoAuth | undefined;
  /** Options for the `SsoAuth` created when `auth` is not given (clock, lock wait, ...). */
  authOptions?: Omit<SsoAuthOptions, 'homeDir' | 'env'> | undefined;
  /** Options for the portal client (dispatcher, timeouts, retries). The endpoint follows the config. */
  portal?: Omit<SsoPortalClientOptions, 'region' | 'endpoint' | 'env'> | undefined;
  /**
   * Sign in when no usable session exists; default: fail with the command to run. `{}` picks the
   * flow as `ssokit login` does (the device code where a browser cannot reach this machine: SSH,
   * containers, CI, no display). Without `onDevicePrompt`, the device-code prompt (URL and code)
   * is written to `promptOutput`, so a headless process never waits for an approval nobody was
   * asked for. Checked when `fromSso` is called: a wrong option throws a `ValidationError` at once.
   */
  login?: LoginOptions | undefined;
  /** Where the default device-code prompt of `login` goes (default `process.stderr`). */
  promptOutput?: { write(text: string): unknown } | undefined;
  /**
   * STS for role-chain profiles (`role_arn` + `source_profile`): the dispatcher, a SigV4 signer
   * factory, timeouts and retries. The endpoint follows the config (`AWS_ENDPOINT_URL_STS`,
   * `[services]` `sts`, the regional `sts.REGION.amazonaws.com`).
   */
  sts?: Omit<StsClientOptions, 'endpoint' | 'region'> | undefined;
  /** Role credentials are fetched again when less than this remains (ms, default 15 min). */
  refetchBeforeExpiryMs?: number | undefined;
  /** The time source (default `Date.now`). */
  clock?: { now(): number } | undefined;
  logger?: Logger | undefined;
}

/** What {@link fromSso} resolves before fetching: the session and the role. */
export interface SsoTarget {
  session: SsoSessionRef;
  accountId: string;
  roleName: string;
  /** The profile it came from, for messages (`ssokit login --profile NAME`). */
  profile?: string | undefined;
  endpointOverrides: EndpointOverrides;
}

/** Resolves options to a session + account + role, reading the shared config where needed. */
export async function resolveSsoTarget(options: FromSsoOptions = {}): Promise<SsoTarget> {
  const where = { configFile: options.configFile, env: options.env, homeDir: options.homeDir };
  const env = options.env ?? process.env;
  if (options.ssoStartUrl || options.ssoRegion) {
    validateStartUrl(options.ssoStartUrl, 'ssoStartUrl');
    validateRegion(options.ssoRegion, 'ssoRegion');
    if (!options.ssoAccountId || !options.ssoRoleName) {
      throw new ValidationError(
        'fromSso: with ssoStartUrl and ssoRegion, also give ssoAccountId and ssoRoleName (or name a profile instead).',
        { member: options.ssoAccountId ? 'ssoRoleName' : 'ssoAccountId' },
      );
    }
    return {
      session: {
        ssoSession: options.ssoSession,
        startUrl: options.ssoStartUrl,
        region: options.ssoRegion,
        scopes: options.ssoRegistrationScopes,
      },
      accountId: options.ssoAccountId,
      roleName: options.ssoRoleName,
      endpointOverrides: { env: endpointEnv(env) },
    };
  }
  if (options.ssoSession && !options.profile) {
    if (!options.ssoAccountId || !options.ssoRoleName) {
      throw new ValidationError(
        'fromSso: with ssoSession, also give ssoAccountId and ssoRoleName (or name a profile instead).',
        { member: options.ssoAccountId ? 'ssoRoleName' : 'ssoAccountId' },
      );
    }
    const s = await resolveSsoSession({ ...where, ssoSession: options.ssoSession });
    return {
      session: { ssoSession: s.ssoSession, startUrl: s.startUrl, region: s.region, scopes: s.scopes },
      accountId: options.ssoAccountId,
      roleName: options.ssoRoleName,
      endpointOverrides: { env: endpointEnv(env) },
    };
  }
  return targetOfProfile(await resolveSsoProfile({ ...where, profile: options.profile }));
}

function targetOfProfile(p: ResolvedSsoProfile): SsoTarget {
  return {
    session: { ssoSession: p.ssoSession, startUrl: p.startUrl, region: p.region, scopes: p.scopes },
    accountId: p.accountId,
    roleName: p.roleName,
    profile: p.profileName,
    endpointOverrides: p.endpointOverrides,
  };
}

/**
 * An AWS SDK v3 credential provider for IAM Identity Center profiles. Drop-in for `fromSSO` of
 * `@aws-sdk/credential-providers`, with what it lacks: sessions refresh ahead of expiry under a
 * cross-process lock (one refresh for N processes), refresh throttling per session instead of
 * process-wide, atomic cache writes, and the AWS CLI role-credential cache.
 *
 * The provider is memoized: it returns the same credentials until 15 minutes before they expire,
 * and concurrent calls share one fetch. Called with `{ forceRefresh: true }` (the identity
 * property of AWS's memoized providers), it fetches new credentials from the portal, past the memo
 * and the AWS CLI role cache. A profile that is not an SSO profile fails with
 * `tryNextLink: true`, so a provider chain moves on; any other failure (not signed in, a broken
 * profile) stops the chain instead of silently using other credentials.
 *
 * Role chains: a profile with `role_arn` and `source_profile` (any number of links) whose last
 * link is an SSO profile resolves to the credentials of its role: each role is assumed through
 * STS from the credentials before it, and each result is cached in `~/.aws/cli/cache` as the AWS
 * CLI caches it, so the CLI and ssokit share them (see `resolveRoleChain` for the rules; a chain
 * that starts elsewhere, e.g. from static keys, fails with `tryNextLink: true`).
 *
 * @example
 * ```ts
 * import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
 * import { fromSso } from '@ssokit/credential-provider';
 *
 * const sts = new STSClient({ region: 'eu-west-1', credentials: fromSso({ profile: 'dev' }) });
 * console.log((await sts.send(new GetCallerIdentityCommand({}))).Arn);
 * ```
 */
export function fromSso(options: FromSsoOptions = {}): AwsCredentialIdentityProvider {
  validateLoginOptions(options.login);
  const clock = options.clock ?? { now: () => Date.now() };
  const logger = options.logger ?? silentLogger;
  const refetchMs = options.refetchBeforeExpiryMs ?? ROLE_CREDENTIALS_MIN_REMAINING_MS;
  const roleCache =
    options.roleCredentialCache instanceof RoleCredentialCache
      ? options.roleCredentialCache
      : options.roleCredentialCache === false
        ? undefined
        : new RoleCredentialCache({
            homeDir: options.homeDir,
            env: options.env,
            clock,
            logger,
            minRemainingMs: refetchMs,
          });
  // The memo: `current` is served while the clock is before `refetchAt` (its expiration less the
  // refetch margin; never, for credentials without an expiration).
  let current: Promise<AwsCredentialIdentity> | undefined;
  let refetchAt = Number.NEGATIVE_INFINITY;
  // Fetches under way, shared by concurrent calls: one that may answer from the role-credential
  // cache, and one for `{ forceRefresh: true }` that goes to the portal whatever the caches hold.
  const inflight: { cached?: Promise<AwsCredentialIdentity>; forced?: Promise<AwsCredentialIdentity> } = {};

  const fetchCredentials = async (force: boolean): Promise<AwsCredentialIdentity> => {
    let target: SsoTarget;
    try {
      target = await resolveSsoTarget(options);
    } catch (e) {
      if (isProfileConfigError(e) && e.problem === 'role-chain') return fetchRoleChain(force);
      throw e;
    }
    return fetchSsoTarget(target, force);
  };

  const fetchSsoTarget = async (target: SsoTarget, force: boolean): Promise<AwsCredentialIdentity> => {
    const key: RoleCacheKeyInput = {
      accountId: target.accountId,
      roleName: target.roleName,
      ssoSession: target.session.ssoSession,
      startUrl: target.session.startUrl,
    };
    const cached = force ? undefined : await roleCache?.get(key);
    if (cached) return cached;
    return fetchFromPortal(target, key);
  };

  // A profile with role_arn: the chain code loads only for such profiles.
  const fetchRoleChain = async (force: boolean): Promise<AwsCredentialIdentity> => {
    const [{ resolveRoleChain }, { resolveRoleChainCredentials }, { AssumeRoleCache }, { StsClient }] =
      await Promise.all([
        import('./role-chain/resolve-role-chain.js'),
        import('./role-chain/role-chain-credentials.js'),
        import('./sts/assume-role-cache.js'),
        import('./sts/sts-client.js'),
      ]);
    const chain = await resolveRoleChain({
      configFile: options.configFile,
      env: options.env,
      homeDir: options.homeDir,
      profile: options.profile,
    });
    const sts = new StsClient({
      logger,
      ...options.sts,
      region: chain.region,
      endpoint: resolveEndpoint({ service: 'sts', region: chain.region, ...chain.endpointOverrides }),
    });
    const cache =
      options.roleCredentialCache === false
        ? undefined
        : new AssumeRoleCache({
            homeDir: options.homeDir,
            env: options.env,
            clock,
            logger,
            minRemainingMs: refetchMs,
            ...(options.roleCredentialCache instanceof RoleCredentialCache
              ? { cacheDir: options.roleCredentialCache.cacheDir }
              : {}),
          });
    const root = targetOfProfile(chain.root);
    try {
      return await resolveRoleChainCredentials({
        chain,
        rootCredentials: (forceRoot) => fetchSsoTarget(root, forceRoot),
        sts,
        cache,
        force,
        clock,
        logger,
      });
    } finally {
      await sts.close();
    }
  };

  // The network half, loaded only when the caches cannot answer.
  const fetchFromPortal = async (
    target: SsoTarget,
    key: RoleCacheKeyInput,
  ): Promise<AwsCredentialIdentity> => {
    const [{ SsoAuth, LoginRequiredError }, { SsoPortalClient }, { isServiceError }] = await Promise.all([
      import('@ssokit/token-core'),
      import('@ssokit/portal-client'),
      import('@ssokit/transport'),
    ]);
    const region = target.session.region;
    const auth =
      options.auth ??
      new SsoAuth({
        ...options.authOptions,
        homeDir: options.homeDir,
        env: options.env,
        logger,
        oidc: { endpoint: resolveEndpoint({ service: 'sso-oidc', region, ...target.endpointOverrides }) },
      });
    const portal = new SsoPortalClient({
      logger,
      ...options.portal,
      region,
      endpoint: resolveEndpoint({ service: 'sso', region, ...target.endpointOverrides }),
    });
    checkEndpointMatchesStartUrl(target.session.startUrl, portal.endpoint, 'sso');
    // without onDevicePrompt, token-core writes the prompt (naming the profile) to promptOutput
    const login: LoginOptions | undefined = options.login && {
      promptOutput: options.promptOutput ?? process.stderr,
      ...options.login,
    };
    try {
      const token = await auth.getAccessToken(target.session, {
        profile: target.profile,
        ...(login ? { login } : {}),
      });
      let response: Awaited<ReturnType<typeof portal.getRoleCredentials>>;
      try {
        response = await portal.getRoleCredentials({
          accountId: target.accountId,
          roleName: target.roleName,
          accessToken: token.accessToken,
        });
      } catch (error) {
        const [where, flags] = target.profile
          ? [`profile ${target.profile}`, ` --profile ${target.profile}`]
          : target.session.ssoSession !== undefined
            ? [`sso-session ${target.session.ssoSession}`, ` --sso-session ${target.session.ssoSession}`]
            : [`start URL ${target.session.startUrl}`, ''];
        if (isServiceError(error, 'ResourceNotFoundException')) {
          throw new SsokitError(
            ProviderErrorCode.ROLE_NOT_ASSIGNED,
            `Role ${target.roleName} in account ${target.accountId} (${where}) is not assigned to you. Check sso_account_id and sso_role_name, or list what you can use with \`ssokit roles${flags}\`.`,
            { cause: error },
          );
        }
        if (isServiceError(error, 'UnauthorizedException')) {
          throw new LoginRequiredError(
            target.session,
            'revoked',
            `or role ${target.roleName} in account ${target.accountId} is not assigned to you`,
            { cause: error, ...(target.profile === undefined ? {} : { profile: target.profile }) },
          );
        }
        throw error;
      }
      const rc = response.roleCredentials;
      if (!rc?.accessKeyId || !rc.secretAccessKey || !rc.sessionToken || typeof rc.expiration !== 'number') {
        throw new SsokitError(
          ErrorCode.INVALID_RESPONSE,
          'GetRoleCredentials answered without complete role credentials.',
        );
      }
      const identity: AwsCredentialIdentity = {
        accessKeyId: rc.accessKeyId,
        secretAccessKey: rc.secretAccessKey,
        sessionToken: rc.sessionToken,
        expiration: new Date(rc.expiration),
        accountId: target.accountId,
      };
      if (roleCache) {
        await roleCache.put(key, identity).catch((e: unknown) => {
          logger.warn('could not cache role credentials; continuing without the cache', {
            code: (e as { code?: string }).code,
          });
        });
      }
      return identity;
    } finally {
      await portal.close();
      if (!options.auth) await auth.close();
    }
  };

  const refetch = async (kind: 'cached' | 'forced'): Promise<AwsCredentialIdentity> => {
    inflight[kind] ??= fetchCredentials(kind === 'forced').finally(() => {
      inflight[kind] = undefined;
    });
    const identity = await inflight[kind];
    refetchAt = identity.expiration ? identity.expiration.getTime() - refetchMs : Number.POSITIVE_INFINITY;
    current = Promise.resolve(identity);
    return identity;
  };

  // Not async: the cached path hands out one settled promise instead of making a new one per call.
  // `{ forceRefresh: true }` is the identity property AWS's memoized providers take.
  return (identityProperties?: Record<string, unknown>) =>
    identityProperties?.['forceRefresh'] === true
      ? refetch('forced')
      : current !== undefined && clock.now() < refetchAt
        ? current
        : refetch('cached');
}

const LOGIN_FLOWS: readonly string[] = ['pkce', 'device-code'];
const LOGIN_CALLBACKS = [
  'onFlowChosen',
  'onDevicePrompt',
  'onPoll',
  'openBrowser',
  'onAuthorizeUrl',
] as const;

/** Checks `fromSso`'s `login` option before anything is read or sent, so a mistake fails at once. */
function validateLoginOptions(login: unknown): void {
  if (login === undefined) return;
  const fail = (member: string, message: string) =>
    new ValidationError(`fromSso: ${message}`, { member: `login${member ? `.${member}` : ''}` });
  if (login === null || typeof login !== 'object' || Array.isArray(login)) {
    throw fail('', "login must be an object of sign-in options, e.g. `{}` or `{ flow: 'device-code' }`.");
  }
  const o = login as Record<string, unknown>;
  if (o['flow'] !== undefined && !LOGIN_FLOWS.includes(o['flow'] as string)) {
    throw fail('flow', `login.flow must be 'pkce' or 'device-code' (or left out to choose by environment).`);
  }
  for (const name of LOGIN_CALLBACKS) {
    if (o[name] !== undefined && typeof o[name] !== 'function')
      throw fail(name, `login.${name} must be a function.`);
  }
  if (o['clientName'] !== undefined && (typeof o['clientName'] !== 'string' || o['clientName'] === '')) {
    throw fail('clientName', 'login.clientName must be a non-empty string.');
  }
  const t = o['timeoutMs'];
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)) {
    throw fail('timeoutMs', 'login.timeoutMs must be a positive number of milliseconds.');
  }
}
