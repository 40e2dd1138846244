import type { CliContext } from '../context.js';
import { resolveSession } from '../context.js';
import { type CommonFlags, withContext } from './with-context.js';

export interface LogoutFlags extends CommonFlags {
  ssoSession?: string;
  profile?: string;
  all?: boolean;
}

export async function run(flags: LogoutFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => logout(ctx, flags));
}

/**
 * Like `aws sso logout`: Logout at AWS for each cached token (a failure there is reported, but the
 * local token is deleted anyway), delete the token files and cached sso role credentials, keep the
 * client registrations.
 */
export async function logout(ctx: CliContext, flags: LogoutFlags): Promise<number | undefined> {
  const [{ logoutAll }, { RoleCredentialCache, listProfiles }] = await Promise.all([
    import('@ssokit/token-core'),
    import('@ssokit/credential-provider'),
  ]);
  const auth = await ctx.auth();
  const roleCache = new RoleCredentialCache({ env: ctx.env });
  const serverLogout = async (token: { region: string; accessToken: string }) => {
    const portal = await ctx.portal(token.region);
    await portal.logout({ accessToken: token.accessToken }, { signal: ctx.signal });
  };

  if (flags.all || (!flags.ssoSession && !flags.profile)) {
    const removed = await logoutAll(auth.store, serverLogout, {
      debug: (m, d) => ctx.out.debug(m, d),
      warn: (m) => ctx.out.warn(m),
    });
    const credentials = await roleCache.removeAllSso();
    ctx.out.success(
      removed === 0
        ? 'No cached SSO sessions; nothing to sign out of.'
        : `Signed out of ${removed} session${removed === 1 ? '' : 's'}; removed ${credentials} cached role credential file${credentials === 1 ? '' : 's'}.`,
    );
    return 0;
  }

  const resolved = await resolveSession(ctx, flags);
  const token = await auth.store.read(resolved.session);
  if (!token) {
    ctx.out.info(`Not signed in to ${resolved.label}; nothing to do.`);
    return 0;
  }
  try {
    await serverLogout(token);
  } catch (error) {
    ctx.out.warn(
      `AWS did not confirm the sign-out (${(error as Error).message}); the local token is deleted anyway.`,
    );
  }
  await auth.store.remove(resolved.session);
  // the role credentials cached for this session's profiles
  let credentials = 0;
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
    `Signed out of ${resolved.label}; removed ${credentials} cached role credential file${credentials === 1 ? '' : 's'}.`,
  );
  return 0;
}
