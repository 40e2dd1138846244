import type { EndpointOverrides } from '@ssokit/protocol';
import type { CliContext } from '../context.js';
import { resolveSession } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { LogoutFlags } from '../options/logout.js';
import { withContext } from './with-context.js';

export async function run(flags: LogoutFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => logout(ctx, flags));
}

const files = (n: number) => `${n} cached role credential file${n === 1 ? '' : 's'}`;

/**
 * Like `aws sso logout`: Logout at AWS for each cached token (a failure there is reported, but the
 * local token is deleted anyway), delete the token files and cached sso role credentials, keep the
 * client registrations. For one session, its role credentials are those ssokit marked with the
 * session when it cached them (any account and role, however they were asked for) and those whose
 * key the config's profiles of the session give (files the AWS CLI wrote).
 */
export async function logout(ctx: CliContext, flags: LogoutFlags): Promise<number | undefined> {
  const [{ logoutAll, tokenCacheKey }, { RoleCredentialCache, listProfiles, listSsoSessions }] =
    await Promise.all([import('@ssokit/token-core'), import('@ssokit/credential-provider')]);
  const auth = await ctx.auth();
  const logger = {
    debug: (m: string, d?: Record<string, unknown>) => ctx.out.debug(m, d),
    warn: (m: string) => ctx.out.warn(m),
  };
  const roleCache = new RoleCredentialCache({ env: ctx.env, logger });
  // the portal's Logout, where the session's overrides point (the environment's for --all); never an
  // emulator's token to AWS or the reverse (the start URL is checked against the endpoint)
  const serverLogout = async (
    token: { region: string; accessToken: string; startUrl?: string | undefined },
    overrides?: EndpointOverrides,
  ) => {
    const portal = await ctx.portal(token.region, overrides, token.startUrl);
    await portal.logout({ accessToken: token.accessToken }, { signal: ctx.signal });
  };

  if (flags.all && (flags.ssoSession || flags.profile)) {
    // signing out of everything when one session was named would do more than was asked
    const named = flags.ssoSession ? '--sso-session' : '--profile';
    throw new CliError(
      `--all cannot be combined with ${named}`,
      ExitCode.USAGE,
      `sign out of one session with ${named} alone, or of every session with --all alone`,
    );
  }
  if (flags.all || (!flags.ssoSession && !flags.profile)) {
    const removed = await logoutAll(auth.store, serverLogout, logger);
    const credentials = await roleCache.removeAllSso();
    // name each session as ~/.aws/config does, where it can
    const names = new Map<string, string>();
    for (const s of await listSsoSessions({ env: ctx.env }).catch(() => []))
      names.set(tokenCacheKey({ ssoSession: s.name, startUrl: '' }), `sso-session ${s.name}`);
    const labels = removed.map((r) => names.get(r.key) ?? r.startUrl ?? `${r.key}.json`);
    ctx.out.success(
      removed.length === 0
        ? `No cached SSO sessions; removed ${files(credentials)}.`
        : `Signed out of ${removed.length} session${removed.length === 1 ? '' : 's'} (${labels.join(', ')}); removed ${files(credentials)}.`,
    );
    return 0;
  }

  const resolved = await resolveSession(ctx, flags);
  const token = await auth.store.read(resolved.session);
  if (token) {
    try {
      await serverLogout(token, resolved.endpointOverrides);
    } catch (error) {
      ctx.out.warn(
        `AWS did not confirm the sign-out (${(error as Error).message}); the local token is deleted anyway.`,
      );
    }
    await auth.store.remove(resolved.session);
  }
  // Role credentials outlive the token (they are served until they expire): remove them either way.
  let credentials = await roleCache.removeFromSession(resolved.session);
  for (const p of await listProfiles({ env: ctx.env })) {
    const sameSession = resolved.session.ssoSession
      ? p.ssoSession === resolved.session.ssoSession
      : p.kind === 'legacy' && p.startUrl === resolved.session.startUrl;
    if (!sameSession || !p.accountId || !p.roleName) continue;
    const key = {
      accountId: p.accountId,
      roleName: p.roleName,
      ssoSession: resolved.session.ssoSession,
      startUrl: resolved.session.startUrl,
    };
    if (await roleCache.remove(key)) credentials++;
  }
  ctx.out.success(
    token
      ? `Signed out of ${resolved.label}; removed ${files(credentials)}.`
      : `Not signed in to ${resolved.label}; removed ${files(credentials)}.`,
  );
  return 0;
}
