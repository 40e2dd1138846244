/**
 * The emulator's built-in IAM roles (`defaultIamRoles()` of `@ssokit/emulator`): AdministratorAccess
 * in Production (111111111111) may assume `Deploy` there, which may assume `Audit` in Staging
 * (222222222222), and `Partner` in Sandbox (333333333333) only with the ExternalId `ssokit-partner`.
 */
export const ROLE_CHAIN = {
  /** The SSO assignment the chains start from. */
  root: { accountId: '111111111111', roleName: 'AdministratorAccess' },
  deploy: 'arn:aws:iam::111111111111:role/Deploy',
  audit: 'arn:aws:iam::222222222222:role/Audit',
  partner: 'arn:aws:iam::333333333333:role/Partner',
  partnerExternalId: 'ssokit-partner',
  /** The `role_session_name` of profile `audit`; the other steps are named after the signed-in user. */
  auditSessionName: 'chain-e2e',
} as const;

/** What {@link roleChainConfig} writes the chains over. */
export interface RoleChainConfigOptions {
  /** The SSO profile the chains start from: one assigned {@link ROLE_CHAIN}.root. */
  sourceProfile: string;
  /** Also write `[profile sourceProfile]` itself, on this sso-session (left out when unset). */
  ssoSession?: string;
}

/**
 * Shared-config text (to append to a config file) of role-chain profiles over the emulator's
 * built-in roles, rooted in `sourceProfile`:
 * - `deploy`: Deploy from `sourceProfile`; `audit`: Audit from `deploy`, with a `role_session_name`;
 * - `partner`: Partner from `deploy` with its `external_id`; `partner-denied`: the same without
 *   it, which STS refuses (AccessDenied);
 * - `loop-a` and `loop-b`: each the other's `source_profile`, a cycle.
 *
 * @example
 * ```ts
 * import { appendFile } from 'node:fs/promises';
 * import { join } from 'node:path';
 *
 * const configFile = join(process.env['HOME'] ?? '.', '.aws', 'config');
 * await appendFile(configFile, roleChainConfig({ sourceProfile: 'admin', ssoSession: 'work' }));
 * ```
 */
export function roleChainConfig({ sourceProfile, ssoSession }: RoleChainConfigOptions): string {
  const root = ssoSession
    ? `
[profile ${sourceProfile}]
sso_session = ${ssoSession}
sso_account_id = ${ROLE_CHAIN.root.accountId}
sso_role_name = ${ROLE_CHAIN.root.roleName}
`
    : '';
  return `${root}
[profile deploy]
role_arn = ${ROLE_CHAIN.deploy}
source_profile = ${sourceProfile}

[profile audit]
role_arn = ${ROLE_CHAIN.audit}
source_profile = deploy
role_session_name = ${ROLE_CHAIN.auditSessionName}

[profile partner]
role_arn = ${ROLE_CHAIN.partner}
source_profile = deploy
external_id = ${ROLE_CHAIN.partnerExternalId}

[profile partner-denied]
role_arn = ${ROLE_CHAIN.partner}
source_profile = deploy

[profile loop-a]
role_arn = ${ROLE_CHAIN.deploy}
source_profile = loop-b

[profile loop-b]
role_arn = ${ROLE_CHAIN.audit}
source_profile = loop-a
`;
}
