import { deviceCodeFlow, type SsoOidcClient } from '@ssokit/oidc-client';
import { enumerateAccountRoles, type SsoPortalClient } from '@ssokit/portal-client';

/**
 * "Your code": the two things a typical internal tool does with IAM Identity Center. The test next to
 * it runs both against @ssokit/emulator, which is the pattern to copy for your own tests.
 */

/** Signs in with a device code and returns the access token. `show` tells the person where to go. */
export async function signIn(
  client: SsoOidcClient,
  startUrl: string,
  show: (url: string, userCode: string) => void | Promise<void>,
): Promise<string> {
  const { token } = await deviceCodeFlow({
    client,
    startUrl,
    onPrompt: ({ verificationUriComplete, userCode }) => show(verificationUriComplete, userCode),
  });
  return token.accessToken;
}

/** Every "account name / role" the token can use, sorted, for a picker. */
export async function roleChoices(portal: SsoPortalClient, accessToken: string): Promise<string[]> {
  const choices: string[] = [];
  for await (const { account, role } of enumerateAccountRoles(portal, { accessToken })) {
    choices.push(`${account.accountName} / ${role.roleName}`);
  }
  return choices.sort();
}
