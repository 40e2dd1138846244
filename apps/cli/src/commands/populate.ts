import { readConfigText, writeConfigText } from '../config/config-file.js';
import { parseRegionFlags } from '../config/config-values.js';
import { type PopulateTarget, planPopulate } from '../config/populate-plan.js';
import { ssokitCommand } from '../config/ssokit-command.js';
import type { CliContext } from '../context.js';
import { accessTokenFor, resolveSession } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { PopulateFlags } from '../options/populate.js';
import { displayText } from '../output.js';
import { withContext } from './with-context.js';

export async function run(flags: PopulateFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => populate(ctx, flags));
}

function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export async function populate(ctx: CliContext, flags: PopulateFlags): Promise<number | undefined> {
  const template = flags.template ?? '{accountName}.{roleName}';
  if (!/\{(accountName|accountId|roleName)\}/.test(template)) {
    throw new CliError(
      `--template "${template}" names no account or role, so every profile would get the same name`,
      ExitCode.USAGE,
      "use e.g. '{accountName}.{roleName}'",
    );
  }
  const regions = parseRegionFlags(flags.region);
  const resolved = await resolveSession(ctx, { ssoSession: flags.ssoSession });
  const accessToken = await accessTokenFor(ctx, resolved);
  const [{ enumerateAccountRoles }, { configFilePath }] = await Promise.all([
    import('@ssokit/portal-client'),
    import('@ssokit/credential-provider'),
  ]);
  const portal = await ctx.portal(
    resolved.session.region,
    resolved.endpointOverrides,
    resolved.session.startUrl,
  );
  const targets: PopulateTarget[] = [];
  const showProgress = ctx.out.interactive;
  for await (const { account, role } of enumerateAccountRoles(portal, {
    accessToken,
    signal: ctx.signal,
    onProgress: (p) => {
      if (showProgress) {
        process.stderr.write(
          `\r${progressBar(p.accountsDone, p.accountsTotal)} ${p.accountsDone}/${p.accountsTotal} accounts, ${p.roles} roles`,
        );
      }
    },
  })) {
    if (account.accountId && role.roleName) {
      targets.push({
        accountId: account.accountId,
        accountName: account.accountName,
        roleName: role.roleName,
      });
    }
  }
  if (showProgress) process.stderr.write('\r\x1b[K');
  ctx.out.info(
    `Found ${targets.length} roles you can take in ${new Set(targets.map((t) => t.accountId)).size} accounts.`,
  );

  const assigned = new Set(targets.map((t) => t.accountId));
  for (const accountId of Object.keys(regions.byAccount)) {
    if (!assigned.has(accountId))
      ctx.out.warn(
        `--region ${accountId}=…: no role of yours is in account ${accountId}; nothing is written for it`,
      );
  }
  const file = configFilePath({ env: ctx.env });
  const before = await readConfigText(file);
  const ssokit = flags.credentialProcess ? ssokitCommand(ctx.env) : undefined;
  if (ssokit?.warning) ctx.out.warn(ssokit.warning);
  const plan = planPopulate(before, targets, {
    ssoSession: flags.ssoSession,
    template,
    region: regions.region,
    regionByAccount: regions.byAccount,
    credentialProcess: flags.credentialProcess === true,
    ...(ssokit ? { command: ssokit.command } : {}),
    prune: flags.prune === true,
  });
  const c = ctx.out.color;
  const summary = `${plan.added.length} to add, ${plan.updated.length} to update, ${plan.removed.length} to remove, ${plan.unchanged.length} unchanged${plan.skipped.length ? `, ${plan.skipped.length} skipped` : ''}`;
  for (const { target, reason } of plan.skipped) {
    ctx.out.warn(
      `skipped account ${displayText(target.accountId, 40)}${target.accountName ? ` (${displayText(target.accountName, 60)})` : ''}, role ${displayText(target.roleName, 60)}: ${reason}`,
    );
  }
  for (const name of plan.conflicts) {
    ctx.out.warn(`profile ${name} exists and was not written by populate: left as it is`);
  }
  if (flags.dryRun) {
    const { createTwoFilesPatch } = await import('diff');
    const patch = createTwoFilesPatch(file, file, before, plan.text, 'current', 'after populate');
    const colored = patch
      .split('\n')
      .map((l) =>
        l.startsWith('+') && !l.startsWith('+++')
          ? c.green(l)
          : l.startsWith('-') && !l.startsWith('---')
            ? c.red(l)
            : l,
      )
      .join('\n');
    ctx.out.data(plan.text === before ? '(no changes)' : colored);
    ctx.out.info(`Dry run: ${summary}. Nothing was written.`);
    return 0;
  }
  if (plan.text === before) {
    ctx.out.success(`${file} is up to date (${plan.unchanged.length} profiles).`);
    return 0;
  }
  const backup = await writeConfigText(file, plan.text, before);
  ctx.out.success(`Updated ${file}: ${summary}.${backup ? ` Previous version: ${backup}` : ''}`);
  return 0;
}
