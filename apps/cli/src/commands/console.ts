import type { AwsCredentialIdentity } from '@smithy/types';
import {
  fromSso,
  isProfileConfigError,
  resolveConsoleDestination,
  resolveConsoleSignInUrl,
  resolveRoleChain,
  resolveSsoTarget,
} from '@ssokit/credential-provider';
import type { EndpointOverrides } from '@ssokit/protocol';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { ConsoleFlags } from '../options/console.js';
import { checkTargetFlags } from '../target-flags.js';
import { openUrl } from './login.js';
import { withContext } from './with-context.js';

/** The role a console opens as: its credentials, where they came from, and the endpoint overrides. */
export interface ConsoleRole {
  /** Fetches (or reads from the caches) the role credentials. */
  credentials(): Promise<AwsCredentialIdentity>;
  accountId: string;
  roleName: string;
  /** The region of the role's IAM Identity Center: the console's region when nothing else says. */
  ssoRegion: string;
  endpointOverrides: EndpointOverrides;
}

/**
 * The role a console command acts as, resolved as `ssokit credentials` resolves it (a profile, or
 * a session + account + role; the same caches and refresh). The one place it is resolved: a
 * resolver of other kinds of profiles (role chains) plugs in here.
 */
export async function resolveConsoleRole(flags: ConsoleFlags, ctx: CliContext): Promise<ConsoleRole> {
  const options = {
    env: ctx.env,
    logger: { debug: (m: string) => ctx.out.debug(m), warn: (m: string) => ctx.out.warn(m) },
    ...(flags.ssoSession
      ? { ssoSession: flags.ssoSession, ssoAccountId: flags.accountId, ssoRoleName: flags.roleName }
      : { profile: flags.profile }),
  };
  const provider = fromSso(options);
  const target = await resolveSsoTarget(options).catch(async (e: unknown) => {
    if (!isProfileConfigError(e) || e.problem !== 'role-chain') throw e;
    return undefined;
  });
  if (!target) {
    // a role-chain profile: the console opens as the last role of the chain
    const chain = await resolveRoleChain(options);
    const last = chain.steps[chain.steps.length - 1]!;
    const [, , , , accountId = '', resource = ''] = last.roleArn.split(':');
    return {
      credentials: () => provider(),
      accountId,
      roleName: resource.slice(resource.lastIndexOf('/') + 1),
      ssoRegion: chain.region,
      endpointOverrides: chain.endpointOverrides,
    };
  }
  return {
    credentials: () => provider(),
    accountId: target.accountId,
    roleName: target.roleName,
    ssoRegion: target.session.region,
    endpointOverrides: target.endpointOverrides,
  };
}

export async function run(flags: ConsoleFlags, base?: CliContext): Promise<number> {
  return withContext(flags, (ctx) => openConsole(flags, ctx), base);
}

async function openConsole(flags: ConsoleFlags, ctx: CliContext): Promise<number> {
  checkTargetFlags(flags, { needsRole: true, command: 'console' });
  const role = await resolveConsoleRole(flags, ctx);
  const region = flags.region ?? ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'] ?? role.ssoRegion;
  // a mistyped destination fails before anything signs in
  const destination = resolveConsoleDestination(flags.destination, region);
  const credentials = await role.credentials();
  const { url, expiresAt } = await resolveConsoleSignInUrl({
    credentials,
    destination,
    region,
    // the profile's overrides: empty when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS says to ignore them
    env: role.endpointOverrides.env ?? {},
    servicesSection: role.endpointOverrides.servicesSection,
    profileEndpointUrl: role.endpointOverrides.profileEndpointUrl,
    signal: ctx.signal,
    logger: { debug: (m, d) => ctx.out.debug(m, d), warn: (m) => ctx.out.warn(m) },
  });
  const who = `${role.roleName} in ${role.accountId}`;
  if (flags.print) {
    ctx.out.data(url);
    ctx.out.warn(
      `this URL signs anyone who opens it in to the AWS console as ${who} until ${expiresAt.toISOString()} (15 minutes): do not share or log it`,
    );
    return ExitCode.OK;
  }
  ctx.out.info(`Opening the AWS console as ${who} (${region})`);
  try {
    await openUrl(url, ctx.env);
  } catch {
    throw new CliError(
      'could not open a browser',
      ExitCode.FAILURE,
      'run again with --print and open the URL yourself (it is valid for 15 minutes)',
    );
  }
  return ExitCode.OK;
}
