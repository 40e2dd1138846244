import type { SsoOidcClient } from '@ssokit/oidc-client';
import type { SsoPortalClient } from '@ssokit/portal-client';
import type { EndpointOverrides } from '@ssokit/protocol';
import { quotedList, resolveEndpoint } from '@ssokit/protocol';
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
  auth(): Promise<SsoAuth>;
  portal(region: string, overrides?: EndpointOverrides): Promise<SsoPortalClient>;
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
  let auth: Promise<SsoAuth> | undefined;
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
    auth() {
      auth ??= import('@ssokit/token-core').then(
        ({ SsoAuth }) =>
          new SsoAuth({
            env,
            logger,
            ...(options.clock ? { clock: options.clock } : {}),
            oidc: (region) => oidcClient(region),
          }),
      );
      return auth;
    },
    portal(region, overrides = { env }) {
      const endpoint = resolveEndpoint({ service: 'sso', region, ...overrides });
      let client = portals.get(endpoint);
      if (!client) {
        client = import('@ssokit/portal-client').then(
          ({ SsoPortalClient }) => new SsoPortalClient({ region, endpoint, logger }),
        );
        portals.set(endpoint, client);
      }
      return client;
    },
    async close() {
      await Promise.all([...portals.values()].map(async (p) => (await p).close()));
      // SsoAuth uses the oidc clients below (it does not own them), so they are closed here
      await Promise.all([...oidcClients.values()].map(async (p) => (await p).close()));
    },
  };

  // sso-oidc clients honour the same endpoint variables as the portal (AWS_ENDPOINT_URL_SSO_OIDC, ...)
  function oidcClient(region: string): Promise<SsoOidcClient> {
    let client = oidcClients.get(region);
    if (!client) {
      client = import('@ssokit/oidc-client').then(
        ({ SsoOidcClient }) =>
          new SsoOidcClient({
            region,
            endpoint: resolveEndpoint({ service: 'sso-oidc', region, env }),
            logger,
            ...(options.clock ? { clock: options.clock } : {}),
          }),
      );
      oidcClients.set(region, client);
    }
    return client;
  }
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
  const auth = await ctx.auth();
  const token = await auth.getAccessToken(resolved.session, {
    signal: ctx.signal,
    ...(resolved.profile ? { profile: resolved.profile } : {}),
  });
  return token.accessToken;
}
