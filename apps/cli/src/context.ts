import type { SsoOidcClient } from '@ssokit/oidc-client';
import type { SsoPortalClient } from '@ssokit/portal-client';
import type { EndpointOverrides } from '@ssokit/protocol';
import { checkEndpointMatchesStartUrl, quotedList, resolveEndpoint } from '@ssokit/protocol';
import type { SsoAuth, SsoSessionRef } from '@ssokit/token-core';
import { CliError, ExitCode } from './errors.js';
import { createOutput, type Output } from './output.js';
import { checkTargetFlags } from './target-flags.js';

/** A clock the demo can move forward; everything else uses the real one. */
export interface CliClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What every command gets: environment, output, and lazily built clients. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: Output;
  readonly clock?: CliClock | undefined;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /**
   * The sign-in engine. `overrides` are the session's endpoint overrides (its profile's `[services]`
   * block, `endpoint_url`, the `AWS_ENDPOINT_URL*` variables): the sso-oidc calls of a refresh or a
   * sign-in go where the profile says, as the portal calls do. Default: the environment's.
   */
  auth(overrides?: EndpointOverrides): Promise<SsoAuth>;
  /**
   * A portal client for the region and endpoint overrides. Given the session's `startUrl`, it
   * refuses an endpoint on the other side of the emulator/AWS line before any token is sent.
   */
  portal(region: string, overrides?: EndpointOverrides, startUrl?: string): Promise<SsoPortalClient>;
  close(): Promise<void>;
}

/** A session picked from the flags and ~/.aws/config. */
export interface ResolvedSession {
  session: SsoSessionRef;
  /** The profile it came from, when one was named. */
  profile?: string | undefined;
  /** The profile's account and role, when it has them. */
  accountId?: string | undefined;
  roleName?: string | undefined;
  endpointOverrides: EndpointOverrides;
  /** How to name it to a person. */
  label: string;
}

export function createContext(options: {
  env?: Readonly<Record<string, string | undefined>>;
  json?: boolean;
  debug?: boolean;
  /** `false` from `--no-color`. */
  color?: boolean | undefined;
  clock?: CliClock;
  signal?: AbortSignal;
  out?: Output;
}): CliContext {
  const env = options.env ?? process.env;
  const out =
    options.out ??
    createOutput({ json: options.json ?? false, debug: options.debug ?? false, color: options.color, env });
  const auths = new Map<EndpointOverrides | undefined, Promise<SsoAuth>>();
  const portals = new Map<string, Promise<SsoPortalClient>>();
  const oidcClients = new Map<string, Promise<SsoOidcClient>>();
  const logger = {
    debug: (message: string, data?: Record<string, unknown>) => out.debug(message, data),
    warn: (message: string) => out.warn(message),
  };
  return {
    env,
    out,
    clock: options.clock,
    signal: options.signal ?? new AbortController().signal,
    auth(overrides) {
      return cached(auths, overrides, () =>
        import('@ssokit/token-core').then(
          ({ SsoAuth }) =>
            new SsoAuth({
              env,
              logger,
              ...(options.clock ? { clock: options.clock } : {}),
              oidc: (region) => oidcClient(region, overrides ?? { env }),
            }),
        ),
      );
    },
    portal(region, overrides = { env }, startUrl) {
      const endpoint = resolveEndpoint({ service: 'sso', region, ...overrides });
      if (startUrl !== undefined) checkEndpointMatchesStartUrl(startUrl, endpoint, 'sso');
      return cached(portals, endpoint, () =>
        import('@ssokit/portal-client').then(
          ({ SsoPortalClient }) => new SsoPortalClient({ region, endpoint, logger }),
        ),
      );
    },
    async close() {
      await Promise.all([...portals.values()].map(async (p) => (await p).close()));
      // SsoAuth uses the oidc clients below (it does not own them), so they are closed here
      await Promise.all([...oidcClients.values()].map(async (p) => (await p).close()));
    },
  };

  // sso-oidc clients honour the same overrides as the portal (AWS_ENDPOINT_URL_SSO_OIDC, the
  // profile's [services] sso_oidc, ...): one client per endpoint
  function oidcClient(region: string, overrides: EndpointOverrides): Promise<SsoOidcClient> {
    const endpoint = resolveEndpoint({ service: 'sso-oidc', region, ...overrides });
    return cached(oidcClients, endpoint, () =>
      import('@ssokit/oidc-client').then(
        ({ SsoOidcClient }) =>
          new SsoOidcClient({
            region,
            endpoint,
            logger,
            ...(options.clock ? { clock: options.clock } : {}),
          }),
      ),
    );
  }
}

/** The value `map` holds for `key`, created (once) by `create` when it holds none. */
function cached<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * The session a command acts on: `--sso-session NAME`, else `--profile NAME` (or AWS_PROFILE), else
 * the only `[sso-session]` of the config, else an error that lists what there is.
 */
export async function resolveSession(
  ctx: CliContext,
  flags: { ssoSession?: string | undefined; profile?: string | undefined },
): Promise<ResolvedSession> {
  const { configFilePath, resolveSsoTarget, resolveSsoSession, listSsoSessions } = await import(
    '@ssokit/credential-provider'
  );
  const env = ctx.env;
  checkTargetFlags(flags);
  if (flags.ssoSession) {
    const s = await resolveSsoSession({ ssoSession: flags.ssoSession, env });
    return {
      session: { ssoSession: s.ssoSession, startUrl: s.startUrl, region: s.region, scopes: s.scopes },
      endpointOverrides: { env },
      label: `sso-session ${s.ssoSession}`,
    };
  }
  const profile = flags.profile ?? env['AWS_PROFILE'];
  if (!profile) {
    const sessions = await listSsoSessions({ env });
    if (sessions.length === 1) return resolveSession(ctx, { ssoSession: sessions[0]!.name });
    if (sessions.length === 0) {
      throw new CliError(
        'no [sso-session] is configured',
        ExitCode.CONFIG,
        'run `ssokit configure` to set one up, or name a profile with --profile',
      );
    }
    // no suggestion: picking one of them (the first, say) for the person would be a guess
    throw new CliError(
      `which session? ${configFilePath({ env })} has ${sessions.length}: ${quotedList(sessions.map((s) => s.name))}`,
      ExitCode.USAGE,
      'name one with --sso-session NAME, or a profile with --profile NAME',
    );
  }
  const target = await resolveSsoTarget({ profile, env });
  const profileName = target.profile ?? profile;
  return {
    ...target,
    profile: profileName,
    label: target.session.ssoSession
      ? `sso-session ${target.session.ssoSession} (profile ${profileName})`
      : `profile ${profileName}`,
  };
}

/** A valid access token for a session, refreshed when needed; never signs in (that is `ssokit login`). */
export async function accessTokenFor(ctx: CliContext, resolved: ResolvedSession): Promise<string> {
  const auth = await ctx.auth(resolved.endpointOverrides);
  const token = await auth.getAccessToken(resolved.session, {
    signal: ctx.signal,
    ...(resolved.profile ? { profile: resolved.profile } : {}),
  });
  return token.accessToken;
}
