import { DEFAULT_SCOPE } from '@ssokit/protocol';
import { readConfigText, writeConfigText } from '../config/config-file.js';
import { checkFlag, configValueProblems as problems } from '../config/config-values.js';
import { IniDocument } from '../config/ini-document.js';
import { profileNameFor, targetProblem } from '../config/populate-plan.js';
import type { CliContext } from '../context.js';
import { accessTokenFor, createContext, resolveSession } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { ConfigureFlags } from '../options/configure.js';
import { displayText } from '../output.js';
import { checkTargetFlags } from '../target-flags.js';
import { login } from './login.js';
import { withContext } from './with-context.js';

export async function run(flags: ConfigureFlags): Promise<number | undefined> {
  checkTargetFlags(flags, { profile: 'output', command: 'configure' });
  return withContext(flags, (ctx) => configure(ctx, flags));
}

/** A prompt's check of a name; empty is fine there (the prompt's default is taken). */
function checkName(v: string | undefined): string | undefined {
  return v ? problems.name(v) : undefined;
}

/** sso_registration_scopes as AWS CLI v2 writes it: comma-separated; typed with commas or spaces. */
function normaliseScopes(v: string): string {
  return v
    .split(/[\s,]+/)
    .filter((x) => x !== '')
    .join(', ');
}

/** The endpoint variables that already decide where sso and sso-oidc calls go (they beat `[services]`). */
const ENDPOINT_VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC'];

/**
 * With `--endpoint-url`, configure's own sign-in and portal calls go where the profile it writes
 * will point (`[services NAME]`), unless the environment already points them somewhere: a context
 * whose environment says so, as AWS's precedence (environment, then `[services]`) would.
 */
function endpointContext(ctx: CliContext, endpointUrl: string | undefined): CliContext | undefined {
  if (!endpointUrl || ENDPOINT_VARS.some((name) => ctx.env[name])) return undefined;
  return createContext({
    env: { ...ctx.env, AWS_ENDPOINT_URL_SSO: endpointUrl, AWS_ENDPOINT_URL_SSO_OIDC: endpointUrl },
    out: ctx.out,
    signal: ctx.signal,
    ...(ctx.clock ? { clock: ctx.clock } : {}),
  });
}

export async function configure(ctx: CliContext, flags: ConfigureFlags): Promise<number | undefined> {
  checkFlag('--endpoint-url', flags.endpointUrl, problems.endpointUrl);
  const routed = endpointContext(ctx, flags.endpointUrl);
  if (routed) {
    try {
      return await configure(routed, flags);
    } finally {
      await routed.close();
    }
  }
  const p = await import('@clack/prompts');
  const { configFilePath } = await import('@ssokit/credential-provider');
  const cancelled = () => {
    p.cancel('Nothing was written.');
    return ExitCode.INTERRUPTED;
  };
  // Every answer must come from a flag or a terminal: without one, a prompt would read an empty stdin,
  // and the process would end with status 0 having written half a configuration.
  const unanswered = (
    [
      ['--sso-session', flags.ssoSession],
      ['--start-url', flags.startUrl],
      ['--sso-region', flags.ssoRegion ?? flags.region],
      ['--profile', flags.profile],
      ['--account-id', flags.accountId],
      ['--role-name', flags.roleName],
    ] as const
  ).flatMap(([flag, value]) => (value ? [] : [flag]));
  if (unanswered.length > 0 && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new CliError(
      'configure asks questions and needs a terminal',
      ExitCode.USAGE,
      `run it in a terminal, or give ${unanswered.join(', ')} too, or write profiles for every account and role with \`ssokit populate --sso-session NAME\``,
    );
  }
  // every flag is checked before anything is written: a half-written configuration helps nobody
  checkFlag('--sso-session', flags.ssoSession, problems.name);
  checkFlag('--start-url', flags.startUrl, problems.startUrl);
  checkFlag('--sso-region', flags.ssoRegion, problems.region);
  checkFlag('--region', flags.region, problems.region);
  checkFlag('--profile', flags.profile, problems.name);
  checkFlag('--account-id', flags.accountId, problems.accountId);
  checkFlag('--role-name', flags.roleName, problems.roleName);
  p.intro('ssokit configure');
  const ssoSession =
    flags.ssoSession ??
    (await p.text({
      message: 'SSO session name (a name for this sign-in, e.g. your company)',
      placeholder: 'my-sso',
      defaultValue: 'my-sso',
      validate: checkName,
    }));
  if (p.isCancel(ssoSession)) return cancelled();
  const startUrl =
    flags.startUrl ??
    (await p.text({
      message: 'Start URL (the AWS access portal URL)',
      placeholder: 'https://my-org.awsapps.com/start',
      validate: (v) => problems.startUrl(v ?? ''),
    }));
  if (p.isCancel(startUrl)) return cancelled();
  // Before --sso-region existed, --region was the Identity Center region: alone, it still is (and the profile's).
  const region =
    flags.ssoRegion ??
    flags.region ??
    (await p.text({
      message: 'IAM Identity Center region',
      placeholder: 'us-east-1',
      defaultValue: 'us-east-1',
      validate: (v) => (v ? problems.region(v) : undefined),
    }));
  if (p.isCancel(region)) return cancelled();
  // The profile's region (where its AWS calls go) need not be the one Identity Center runs in.
  const profileRegion =
    flags.region ??
    (!(process.stdin.isTTY && process.stdout.isTTY)
      ? region
      : await p.text({
          message: "Region for the profile's AWS calls (region = …)",
          placeholder: region,
          defaultValue: region,
          validate: (v) => (v ? problems.region(v) : undefined),
        }));
  if (p.isCancel(profileRegion)) return cancelled();

  const file = configFilePath({ env: ctx.env });
  let before = await readConfigText(file);
  const doc = new IniDocument(before);
  const header = `sso-session ${ssoSession}`;
  // An existing session keeps the scopes it was registered with unless asked for new ones: changing
  // them means a new client registration and a new sign-in.
  const existingScopes = doc.value(header, 'sso_registration_scopes')?.trim();
  const defaultScopes = existingScopes || DEFAULT_SCOPE;
  const scopes = flags.ssoSession
    ? defaultScopes
    : await p.text({
        message: 'Registration scopes',
        defaultValue: defaultScopes,
        placeholder: defaultScopes,
        validate: (v) => (v ? problems.scopes(v) : undefined),
      });
  if (p.isCancel(scopes)) return cancelled();
  // scopes already in the file are written back: check them like typed ones
  const scopesProblem = problems.scopes(scopes);
  if (scopesProblem)
    throw new CliError(`sso_registration_scopes "${scopes}": ${scopesProblem}`, ExitCode.CONFIG);
  doc.setValue(header, 'sso_start_url', startUrl);
  doc.setValue(header, 'sso_region', region);
  doc.setValue(header, 'sso_registration_scopes', normaliseScopes(scopes) || DEFAULT_SCOPE);
  if (flags.endpointUrl) {
    // the shape AWS CLI v2 and botocore read; a profile selects it with `services = NAME`
    for (const service of ['sso', 'sso_oidc'])
      doc.setNestedValue(`services ${ssoSession}`, service, 'endpoint_url', flags.endpointUrl);
  }
  if (doc.toString() !== before) {
    await writeConfigText(file, doc.toString(), before);
    before = doc.toString();
  }
  p.log.success(`[${header}] written to ${file}`);

  await login(ctx, { ssoSession, ...(flags.deviceCode ? { deviceCode: true } : {}) });
  const resolved = await resolveSession(ctx, { ssoSession });
  const accessToken = await accessTokenFor(ctx, resolved);
  const { paginateAccounts, paginateAccountRoles } = await import('@ssokit/portal-client');
  const portal = await ctx.portal(region, resolved.endpointOverrides, resolved.session.startUrl);
  const accounts = [];
  for await (const a of paginateAccounts(portal, { accessToken }, { signal: ctx.signal })) {
    // what the portal sends goes into the file: an id that is not 12 digits is not offered
    if (problems.accountId(a.accountId ?? '')) {
      ctx.out.warn(
        `skipped account ${displayText(a.accountId ?? '', 40)}: ${problems.accountId(a.accountId ?? '')}`,
      );
    } else accounts.push(a);
  }
  if (accounts.length === 0)
    throw new CliError('no AWS accounts are assigned to you in this session', ExitCode.FAILURE);
  accounts.sort((a, b) => (a.accountName ?? '').localeCompare(b.accountName ?? ''));
  if (flags.accountId && !accounts.some((a) => a.accountId === flags.accountId))
    throw new CliError(
      `account ${flags.accountId} is not assigned to you in this session`,
      ExitCode.FAILURE,
      'run `ssokit accounts` to see the accounts you can access',
    );
  const accountId =
    flags.accountId ??
    (await p.autocomplete({
      message: 'Account (type to filter)',
      options: accounts.map((a) => ({
        value: a.accountId ?? '',
        label: a.accountName ? `${displayText(a.accountName, 60)} (${a.accountId})` : (a.accountId ?? ''),
        ...(a.emailAddress ? { hint: displayText(a.emailAddress, 60) } : {}),
      })),
    }));
  if (p.isCancel(accountId)) return cancelled();
  const roles = [];
  for await (const r of paginateAccountRoles(portal, { accessToken, accountId }, { signal: ctx.signal })) {
    const problem = targetProblem({ accountId, roleName: r.roleName ?? '' });
    if (problem) ctx.out.warn(`skipped role ${displayText(r.roleName ?? '', 60)}: ${problem}`);
    else roles.push(r);
  }
  // an empty picker would accept Enter and write `sso_role_name = undefined`
  if (roles.length === 0)
    throw new CliError(`you have no roles in account ${accountId}`, ExitCode.FAILURE, 'pick another account');
  roles.sort((a, b) => (a.roleName ?? '').localeCompare(b.roleName ?? ''));
  if (flags.roleName && !roles.some((r) => r.roleName === flags.roleName))
    throw new CliError(
      `role ${flags.roleName} is not assigned to you in account ${accountId}`,
      ExitCode.FAILURE,
      `run \`ssokit roles --account ${accountId}\` to see your roles there`,
    );
  const roleName =
    flags.roleName ??
    (await p.autocomplete({
      message: 'Role (type to filter)',
      options: roles.map((r) => ({ value: r.roleName ?? '', label: displayText(r.roleName ?? '') })),
    }));
  if (p.isCancel(roleName)) return cancelled();
  const account = accounts.find((a) => a.accountId === accountId);
  const suggested = profileNameFor(
    '{accountName}.{roleName}',
    { accountId, accountName: account?.accountName, roleName },
    ssoSession,
  );
  const profile =
    flags.profile ??
    (await p.text({
      message: 'Profile name',
      defaultValue: suggested,
      placeholder: suggested,
      validate: checkName,
    }));
  if (p.isCancel(profile)) return cancelled();

  const next = new IniDocument(before);
  const profileHeader = profile === 'default' ? 'default' : `profile ${profile}`;
  next.setValue(profileHeader, 'sso_session', ssoSession);
  next.setValue(profileHeader, 'sso_account_id', accountId);
  next.setValue(profileHeader, 'sso_role_name', roleName);
  next.setValue(profileHeader, 'region', profileRegion);
  if (flags.endpointUrl) next.setValue(profileHeader, 'services', ssoSession);
  await writeConfigText(file, next.toString(), before);
  p.outro(`Profile ${profile} is ready. Try: aws sts get-caller-identity --profile ${profile}`);
  return 0;
}
