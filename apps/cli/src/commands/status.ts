import { createHash } from 'node:crypto';
import type { CliContext } from '../context.js';
import type { StatusFlags } from '../options/status.js';
import { formatRemaining, renderTable } from '../output.js';
import { withContext } from './with-context.js';

export async function run(flags: StatusFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => status(ctx));
}

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/** Every cached session, named after the config section it belongs to where one matches. */
export async function status(ctx: CliContext): Promise<number | undefined> {
  const [{ canRefresh }, { listSsoSessions, listProfiles }] = await Promise.all([
    import('@ssokit/token-core'),
    import('@ssokit/credential-provider'),
  ]);
  const auth = await ctx.auth();
  const names = new Map<string, string>();
  for (const s of await listSsoSessions({ env: ctx.env })) names.set(sha1(s.name), s.name);
  for (const p of await listProfiles({ env: ctx.env })) {
    if (p.kind === 'legacy' && p.startUrl && !names.has(sha1(p.startUrl)))
      names.set(sha1(p.startUrl), `(legacy: profile ${p.name})`);
  }
  const now = ctx.clock?.now() ?? Date.now();
  const rows = (await auth.store.list()).map((e) => ({
    session: names.get(e.key) ?? '(not in ~/.aws/config)',
    startUrl: e.token.startUrl,
    region: e.token.region,
    expiresAt: e.token.expiresAt.toISOString(),
    expiresInSeconds: Math.round((e.token.expiresAt.getTime() - now) / 1000),
    refreshable: canRefresh(e.token, now),
    registrationExpiresAt: e.token.registrationExpiresAt?.toISOString() ?? null,
  }));
  if (ctx.out.json) {
    ctx.out.data(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    ctx.out.info('No cached SSO sessions. Sign in with `ssokit login`.');
    return 0;
  }
  const c = ctx.out.color;
  ctx.out.data(
    renderTable(
      ['SESSION', 'START URL', 'REGION', 'EXPIRES IN', 'REFRESHES', 'REGISTRATION EXPIRES'],
      rows.map((r) => [
        r.session,
        r.startUrl,
        r.region,
        r.expiresInSeconds > 0
          ? formatRemaining(r.expiresInSeconds * 1000)
          : c.red(formatRemaining(r.expiresInSeconds * 1000)),
        r.refreshable ? 'yes' : 'no',
        r.registrationExpiresAt ? r.registrationExpiresAt.slice(0, 10) : '-',
      ]),
      c.bold,
    ),
  );
  return 0;
}
