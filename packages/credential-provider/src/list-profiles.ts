import {
  configValue,
  loadConfig,
  parseScopes,
  profileNames,
  type SharedConfigOptions,
  SSO_SESSION_PREFIX,
  sectionOf,
} from './shared-config.js';

/** One profile of the shared config, as written (not checked). */
export interface ProfileSummary {
  /** The profile's name (`default` for `[default]`). */
  name: string;
  /** `sso-session` if it sets `sso_session`, `legacy` if it sets other `sso_*` keys, `other` otherwise. */
  kind: 'sso-session' | 'legacy' | 'other';
  ssoSession?: string | undefined;
  startUrl?: string | undefined;
  region?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
}

/**
 * Every profile in the shared config, in file order, with its SSO keys as written. Nothing is
 * validated here (use `resolveSsoProfile` for that); a missing config file gives `[]`.
 *
 * @example
 * ```ts
 * import { listProfiles } from '@ssokit/credential-provider';
 * for (const p of await listProfiles()) console.log(p.name, p.kind, p.accountId ?? '');
 * ```
 */
export async function listProfiles(options: SharedConfigOptions = {}): Promise<ProfileSummary[]> {
  const config = await loadConfig(options, undefined);
  return profileNames(config).map((name) => {
    const s = sectionOf(config, name);
    const ssoSession = configValue(s, 'sso_session');
    const fields = {
      ssoSession,
      startUrl: configValue(s, 'sso_start_url'),
      region: configValue(s, 'sso_region'),
      accountId: configValue(s, 'sso_account_id'),
      roleName: configValue(s, 'sso_role_name'),
    };
    const kind =
      ssoSession !== undefined ? 'sso-session' : Object.values(fields).some(Boolean) ? 'legacy' : 'other';
    return { name, kind, ...definedOnly(fields) };
  });
}

/** One `[sso-session NAME]` section of the shared config, as written (not checked). */
export interface SsoSessionSummary {
  /** The section's name. */
  name: string;
  startUrl?: string | undefined;
  region?: string | undefined;
  /** `sso_registration_scopes`, split on commas. */
  scopes?: string[] | undefined;
}

/**
 * Every `[sso-session NAME]` section of the shared config, in file order. Nothing is validated;
 * a missing config file gives `[]`.
 *
 * @example
 * ```ts
 * import { listSsoSessions } from '@ssokit/credential-provider';
 * for (const s of await listSsoSessions()) console.log(s.name, s.startUrl, s.region);
 * ```
 */
export async function listSsoSessions(options: SharedConfigOptions = {}): Promise<SsoSessionSummary[]> {
  const config = await loadConfig(options, undefined);
  return Object.keys(config.sections)
    .filter((k) => k.startsWith(SSO_SESSION_PREFIX))
    .map((key) => {
      const s = sectionOf(config, key);
      return {
        name: key.slice(SSO_SESSION_PREFIX.length),
        ...definedOnly({
          startUrl: configValue(s, 'sso_start_url'),
          region: configValue(s, 'sso_region'),
          scopes: parseScopes(configValue(s, 'sso_registration_scopes')),
        }),
      };
    });
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
