import { join } from 'node:path';

/**
 * The environment that points AWS tools (ssokit, the AWS CLI, the SDKs) at a temporary home and an
 * IAM Identity Center emulator: `HOME`, `AWS_CONFIG_FILE` (by default `~/.aws/config` of that home)
 * and the emulator's URL as the sso and sso-oidc endpoints.
 */
export function homeEnv(
  home: string,
  emulator: { url: string },
  configFile = join(home, '.aws', 'config'),
): Record<string, string> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
  };
}
