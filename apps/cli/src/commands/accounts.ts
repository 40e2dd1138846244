import type { SsoPortalClient } from '@ssokit/portal-client';
import { closestMatch } from '@ssokit/protocol';
import type { CliContext } from '../context.js';
import { accessTokenFor, resolveSession } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { ListFlags } from '../options/list.js';
import { renderTable } from '../output.js';
import { checkAccountId } from '../target-flags.js';
import { withContext } from './with-context.js';

export async function run(flags: ListFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => accounts(ctx, flags));
}

export async function runRoles(flags: ListFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => roles(ctx, flags));
}

export async function accounts(ctx: CliContext, flags: ListFlags): Promise<number | undefined> {
  const resolved = await resolveSession(ctx, flags);
  const accessToken = await accessTokenFor(ctx, resolved);
  const { paginateAccounts } = await import('@ssokit/portal-client');
  const portal = await ctx.portal(
    resolved.session.region,
    resolved.endpointOverrides,
    resolved.session.startUrl,
  );
  const list = [];
  for await (const a of paginateAccounts(portal, { accessToken }, { signal: ctx.signal })) list.push(a);
  list.sort((a, b) => (a.accountName ?? '').localeCompare(b.accountName ?? ''));
  if (ctx.out.json) {
    ctx.out.data(JSON.stringify(list, null, 2));
    return 0;
  }
  ctx.out.data(
    renderTable(
      ['ACCOUNT ID', 'NAME', 'EMAIL'],
      list.map((a) => [a.accountId ?? '', a.accountName ?? '', a.emailAddress ?? '']),
      ctx.out.color.bold,
    ),
  );
  return 0;
}

export async function roles(ctx: CliContext, flags: ListFlags): Promise<number | undefined> {
  if (flags.account !== undefined) checkAccountId('--account', flags.account);
  const resolved = await resolveSession(ctx, flags);
  const accessToken = await accessTokenFor(ctx, resolved);
  const { paginateAccountRoles, enumerateAccountRoles } = await import('@ssokit/portal-client');
  const portal = await ctx.portal(
    resolved.session.region,
    resolved.endpointOverrides,
    resolved.session.startUrl,
  );
  const rows: Array<{ accountId: string; accountName?: string | undefined; roleName: string }> = [];
  if (flags.account) {
    for await (const r of paginateAccountRoles(
      portal,
      { accessToken, accountId: flags.account },
      { signal: ctx.signal },
    )) {
      rows.push({ accountId: r.accountId ?? flags.account, roleName: r.roleName ?? '' });
    }
    // The portal answers an account that is not yours with an empty list, not an error; every account
    // that is yours has a role, so only an empty answer costs a look at the account list.
    if (rows.length === 0) await assertAssigned(ctx, portal, accessToken, flags.account, resolved.label);
  } else {
    const progress = ctx.out.interactive && !ctx.out.json;
    for await (const { account, role } of enumerateAccountRoles(portal, {
      accessToken,
      signal: ctx.signal,
      onProgress: (p) => {
        if (progress)
          process.stderr.write(
            `\r  listing roles: ${p.accountsDone}/${p.accountsTotal} accounts, ${p.roles} roles`,
          );
      },
    })) {
      rows.push({
        accountId: account.accountId ?? '',
        accountName: account.accountName,
        roleName: role.roleName ?? '',
      });
    }
    if (progress) process.stderr.write('\r\x1b[K');
  }
  rows.sort(
    (a, b) =>
      (a.accountName ?? a.accountId).localeCompare(b.accountName ?? b.accountId) ||
      a.roleName.localeCompare(b.roleName),
  );
  if (ctx.out.json) {
    ctx.out.data(JSON.stringify(rows, null, 2));
    return 0;
  }
  const headers = flags.account ? ['ACCOUNT ID', 'ROLE'] : ['ACCOUNT ID', 'ACCOUNT NAME', 'ROLE'];
  ctx.out.data(
    renderTable(
      headers,
      rows.map((r) =>
        flags.account ? [r.accountId, r.roleName] : [r.accountId, r.accountName ?? '', r.roleName],
      ),
      ctx.out.color.bold,
    ),
  );
  return 0;
}

async function assertAssigned(
  ctx: CliContext,
  portal: SsoPortalClient,
  accessToken: string,
  accountId: string,
  label: string,
): Promise<void> {
  const { paginateAccounts } = await import('@ssokit/portal-client');
  const ids: string[] = [];
  for await (const a of paginateAccounts(portal, { accessToken }, { signal: ctx.signal })) {
    if (a.accountId === accountId) return;
    if (a.accountId) ids.push(a.accountId);
  }
  const near = closestMatch(accountId, ids, { maxDistance: 2 });
  throw new CliError(
    `account ${accountId} is not one of your accounts in ${label}`,
    ExitCode.FAILURE,
    `${near ? `did you mean ${near}? ` : ''}run \`ssokit accounts\` to see the accounts you can access`,
  );
}
