import {
  ASSUME_ROLE_DURATION,
  type EndpointOverrides,
  EXTERNAL_ID_PATTERN,
  ROLE_ARN_PATTERN,
  ROLE_SESSION_NAME_PATTERN,
} from '@ssokit/protocol/core';
import { failFor } from '../config-checks.js';
import { isProfileConfigError, type ProfileConfigError, type ProfileConfigProblem } from '../errors.js';
import {
  endpointOverridesOf,
  type ResolvedSsoProfile,
  type ResolveSsoProfileOptions,
  resolveSsoProfile,
  sectionLabel,
  selectProfileName,
} from '../resolve-sso-profile.js';
import { configValue, loadConfig, SERVICES_PREFIX, SSO_SESSION_PREFIX, sectionOf } from '../shared-config.js';

/** One AssumeRole of a chain: the profile that sets `role_arn`, and its AssumeRole arguments. */
export interface RoleChainStep {
  /** The profile with `role_arn`. */
  profile: string;
  roleArn: string;
  /** `role_session_name`; when absent a name is made from the signed-in user (see {@link resolveRoleChain}). */
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
  durationSeconds?: number | undefined;
}

/** A role-chain profile, checked: the SSO profile at its root and each AssumeRole to its end. */
export interface ResolvedRoleChain {
  /** The profile asked for (the last step's). */
  profileName: string;
  /** The SSO profile the chain starts from (the end of the `source_profile` links). */
  root: ResolvedSsoProfile;
  /** The AssumeRole steps, from the one made with the SSO role credentials to the profile asked for. */
  steps: RoleChainStep[];
  /** The region STS is called in: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, the root's `region`, then its `sso_region`. */
  region: string;
  /** Endpoint overrides of the profile asked for (`AWS_ENDPOINT_URL_STS`, `[services]` `sts`, `endpoint_url`). */
  endpointOverrides: EndpointOverrides;
  /** The config file. */
  configFile: string;
}

// Keys of a role profile that ssokit does not handle, with what to do instead.
const UNSUPPORTED: ReadonlyArray<[string, string]> = [
  [
    'credential_source',
    'ssokit assumes roles only from an SSO profile: set source_profile to one (or use the AWS CLI for credential_source)',
  ],
  [
    'web_identity_token_file',
    'web identity federation is not an SSO sign-in: use the AWS CLI or SDK for this profile',
  ],
  [
    'mfa_serial',
    'an SSO sign-in already is your second factor, and ssokit does not prompt for MFA codes: remove mfa_serial, or use the AWS CLI for this profile',
  ],
];

/** `a → b → a`. */
function chainText(names: readonly string[]): string {
  return names.join(' → ');
}

/**
 * Reads a role-chain profile (`role_arn` + `source_profile`, any number of links) from the shared
 * config and checks it before anything is sent: every link exists, the links do not loop (the error
 * names the loop, `a → b → a`), the last one is an SSO profile, `role_arn`, `role_session_name`,
 * `external_id` and `duration_seconds` are well-formed. Every AssumeRole of such a chain is role
 * chaining (SSO role credentials are themselves an assumed role), which AWS limits to one hour, so
 * `duration_seconds` above 3600 is refused here rather than by STS.
 *
 * Throws {@link ProfileConfigError}: `cycle`, `unsupported` (`credential_source`, `mfa_serial`,
 * `web_identity_token_file`, or a root that is not an SSO profile; `tryNextLink` true for the
 * latter, so an SDK provider chain can resolve it), `missing-key`, `invalid-value`,
 * `profile-not-found`, and what {@link resolveSsoProfile} throws for the root.
 *
 * When a step has no `role_session_name`, `fromSso` names the session after the signed-in user
 * (the last part of the SSO role session's ARN, e.g. `alice@example.com`), so CloudTrail shows who
 * assumed the role; like botocore, it leaves such a generated name out of the cache key.
 *
 * @example
 * ```ts
 * import { resolveRoleChain } from '@ssokit/credential-provider';
 * const chain = await resolveRoleChain({ profile: 'deploy' });
 * console.log(chain.root.profileName, chain.steps.map((s) => s.roleArn));
 * ```
 */
export async function resolveRoleChain(options: ResolveSsoProfileOptions = {}): Promise<ResolvedRoleChain> {
  const env = options.env ?? process.env;
  const profileName = selectProfileName(options);
  const config = await loadConfig(options, profileName);
  const { file } = config;
  const anywhere = failFor(profileName, file, sectionLabel(profileName));
  const fail = (
    problem: ProfileConfigProblem,
    at: string,
    message: string,
    extra: { keys?: string[]; tryNextLink?: boolean; cause?: unknown } = {},
  ) => anywhere(problem, message, { ...extra, section: sectionLabel(at) });

  const names: string[] = [];
  const stepsOutward: RoleChainStep[] = [];
  let name = profileName;
  let rootName: string | undefined;
  let firstRegion: string | undefined;
  for (;;) {
    if (names.includes(name)) {
      throw fail(
        'cycle',
        names[names.length - 1] ?? name,
        `The role chain of profile "${profileName}" in ${file} loops: ${chainText([...names, name])}. Point the last source_profile at an SSO profile.`,
        { keys: ['source_profile'] },
      );
    }
    const section =
      name.startsWith(SSO_SESSION_PREFIX) || name.startsWith(SERVICES_PREFIX)
        ? undefined
        : sectionOf(config, name);
    if (!section) {
      const from = names[names.length - 1];
      throw fail(
        'profile-not-found',
        from ?? name,
        from === undefined
          ? `Profile "${name}" was not found in ${file}.`
          : `Profile "${from}" in ${file} sets source_profile = ${name}, but there is no such profile (chain: ${chainText([...names, name])}).`,
        { keys: from === undefined ? [] : ['source_profile'] },
      );
    }
    names.push(name);
    if (names.length === 1) firstRegion = configValue(section, 'region');
    const roleArn = configValue(section, 'role_arn');
    if (roleArn === undefined) {
      rootName = name;
      break;
    }
    for (const [key, advice] of UNSUPPORTED) {
      if (configValue(section, key) !== undefined) {
        throw fail(
          'unsupported',
          name,
          `Profile "${name}" in ${file} sets ${key}, which ssokit does not support: ${advice}.`,
          {
            keys: [key],
          },
        );
      }
    }
    const source = configValue(section, 'source_profile');
    if (source === undefined) {
      throw fail(
        'missing-key',
        name,
        `Profile "${name}" in ${file} sets role_arn but no source_profile; set source_profile to the SSO profile (or role profile) whose credentials assume ${roleArn}.`,
        { keys: ['source_profile'] },
      );
    }
    stepsOutward.push(readStep(name, section, file, fail));
    name = source;
  }

  let root: ResolvedSsoProfile;
  try {
    root = await resolveSsoProfile({ ...options, profile: rootName });
  } catch (e) {
    if (isProfileConfigError(e) && e.problem === 'not-sso') {
      throw fail(
        'unsupported',
        rootName,
        `The role chain ${chainText(names)} in ${file} ends at profile "${rootName}", which is not an SSO profile; ssokit resolves role chains that start from an SSO profile (sso_session or sso_start_url). Use the AWS CLI or SDK for this one.`,
        { keys: ['source_profile'], tryNextLink: true, cause: e },
      );
    }
    throw e;
  }

  const requested = sectionOf(config, profileName) ?? {};
  const rootSection = sectionOf(config, rootName) ?? {};
  const region =
    env['AWS_REGION'] ||
    env['AWS_DEFAULT_REGION'] ||
    firstRegion ||
    configValue(rootSection, 'region') ||
    root.region;
  return {
    profileName,
    root,
    steps: stepsOutward.reverse(),
    region,
    endpointOverrides: endpointOverridesOf(config, requested, profileName, env, anywhere),
    configFile: file,
  };
}

function readStep(
  name: string,
  section: Readonly<Record<string, string | undefined>>,
  file: string,
  fail: (
    problem: ProfileConfigProblem,
    at: string,
    message: string,
    extra?: { keys?: string[] },
  ) => ProfileConfigError,
): RoleChainStep {
  const where = `Profile "${name}" in ${file}`;
  const roleArn = configValue(section, 'role_arn')!;
  if (!ROLE_ARN_PATTERN.test(roleArn)) {
    throw fail(
      'invalid-value',
      name,
      `${where} sets role_arn = ${roleArn}, which is not a role ARN (arn:aws:iam::123456789012:role/NAME).`,
      {
        keys: ['role_arn'],
      },
    );
  }
  const roleSessionName = configValue(section, 'role_session_name');
  if (roleSessionName !== undefined && !ROLE_SESSION_NAME_PATTERN.test(roleSessionName)) {
    throw fail(
      'invalid-value',
      name,
      `${where} sets role_session_name = ${roleSessionName}; a role session name is 2 to 64 letters, digits or _+=,.@- (no spaces).`,
      { keys: ['role_session_name'] },
    );
  }
  const externalId = configValue(section, 'external_id');
  if (externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
    throw fail(
      'invalid-value',
      name,
      `${where} sets an external_id that is not 2 to 1224 letters, digits or _+=,.@:/-.`,
      {
        keys: ['external_id'],
      },
    );
  }
  const duration = configValue(section, 'duration_seconds');
  let durationSeconds: number | undefined;
  if (duration !== undefined) {
    const { min, chainedMax } = ASSUME_ROLE_DURATION;
    durationSeconds = /^\d+$/.test(duration) ? Number(duration) : Number.NaN;
    if (!(durationSeconds >= min && durationSeconds <= chainedMax)) {
      throw fail(
        'invalid-value',
        name,
        `${where} sets duration_seconds = ${duration}; a role assumed from SSO role credentials is role chaining, which AWS limits to ${min} to ${chainedMax} seconds (one hour). Set a whole number in that range, or remove it (the default is 3600).`,
        { keys: ['duration_seconds'] },
      );
    }
  }
  return {
    profile: name,
    roleArn,
    ...(roleSessionName === undefined ? {} : { roleSessionName }),
    ...(externalId === undefined ? {} : { externalId }),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
  };
}
