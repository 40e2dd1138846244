import { type DeviceCodePrompt, deviceCodeFlow, SsoOidcClient } from '@ssokit/oidc-client';
import { DEFAULT_SCOPE, GrantType } from '@ssokit/protocol';
import {
  createOidcRefresher,
  FileTokenStore,
  RegistrationCache,
  SessionManager,
  type SsoSessionRef,
  type SsoToken,
  toSessionToken,
} from '@ssokit/token-core';

/** Where to sign in, and how to reach the person who approves it. */
export interface SignInOptions {
  /** The `[sso-session NAME]` the token is cached under, as `aws sso login --sso-session NAME` would. */
  ssoSession: string;
  startUrl: string;
  region: string;
  /** Another sso-oidc endpoint (the emulator in the test); default: AWS's for the region. */
  endpoint?: string;
  /** Home directory whose ~/.aws/sso/cache is used; default: the real one. */
  homeDir?: string;
  /** Shows the person where to approve the sign-in. */
  onPrompt: (prompt: DeviceCodePrompt) => void | Promise<void>;
}

const DEVICE_GRANTS = [GrantType.DEVICE_CODE];

function sessionOf(o: SignInOptions): SsoSessionRef {
  return { ssoSession: o.ssoSession, startUrl: o.startUrl, region: o.region, scopes: [DEFAULT_SCOPE] };
}

function clientOf(o: SignInOptions): SsoOidcClient {
  return new SsoOidcClient({ region: o.region, ...(o.endpoint ? { endpoint: o.endpoint } : {}) });
}

/**
 * Signs in with a device code and caches the session where AWS CLI v2 and the AWS SDKs look for it,
 * so `aws s3 ls --profile …` works afterwards. The pieces, without the CLI: sso-oidc from
 * `@ssokit/oidc-client`, the caches and their lock from `@ssokit/token-core`.
 */
export async function signIn(o: SignInOptions): Promise<SsoToken> {
  const session = sessionOf(o);
  const store = new FileTokenStore(o.homeDir ? { homeDir: o.homeDir } : {});
  const registrations = new RegistrationCache(o.homeDir ? { homeDir: o.homeDir } : {});
  const key = { region: o.region, startUrl: o.startUrl, scopes: [DEFAULT_SCOPE], sessionName: o.ssoSession };
  const client = clientOf(o);
  try {
    // Under the session's lock: two scripts started at once make one sign-in, not two.
    return await store.lock(session, async () => {
      const cached = await registrations.get(key, { grantTypes: DEVICE_GRANTS });
      const { token, registration } = await deviceCodeFlow({
        client,
        startUrl: o.startUrl,
        scopes: [DEFAULT_SCOPE],
        onPrompt: o.onPrompt,
        ...(cached ? { registration: cached } : {}),
      });
      if (registration.clientId !== cached?.clientId) await registrations.put(key, registration);
      // keeps what a later refresh needs, in the fields the AWS CLI uses
      const cachedToken = toSessionToken(session, token, registration);
      await store.write(session, cachedToken);
      return cachedToken;
    });
  } finally {
    await client.close();
  }
}

/**
 * A valid access token for the session signed in above: from the cache, refreshed through sso-oidc
 * when less than 15 minutes are left. Throws `LoginRequiredError` when a new sign-in is needed.
 */
export async function accessToken(o: Omit<SignInOptions, 'onPrompt'>): Promise<string> {
  const client = clientOf({ ...o, onPrompt: () => {} });
  const manager = new SessionManager({
    store: new FileTokenStore(o.homeDir ? { homeDir: o.homeDir } : {}),
    refresher: createOidcRefresher(() => client),
  });
  try {
    const token = await manager.getAccessToken(sessionOf({ ...o, onPrompt: () => {} }));
    return token.accessToken;
  } finally {
    await client.close();
  }
}
