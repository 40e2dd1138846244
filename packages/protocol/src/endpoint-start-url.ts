import type { ServiceName } from './binding.js';
import { endpointConfigKey, endpointEnvVariable, isLoopbackHost } from './endpoints.js';
import { ValidationError } from './ssokit-error.js';

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
};

/**
 * Throws a {@link ValidationError} when a session's start URL and the endpoint its tokens are about
 * to be sent to disagree about where IAM Identity Center runs: a start URL on a loopback address
 * (a local emulator) with an AWS endpoint, or an AWS start URL with a loopback endpoint. Either way
 * a token of one would reach the other, so the request is refused before anything leaves the
 * machine, with a message naming the setting to fix (`AWS_ENDPOINT_URL`, or the profile's
 * `[services]` block). Called wherever a session's sso-oidc or portal endpoint is put to use.
 *
 * @example
 * ```ts
 * checkEndpointMatchesStartUrl('http://127.0.0.1:4566/start', 'http://127.0.0.1:4566', 'sso-oidc'); // ok
 * checkEndpointMatchesStartUrl('http://127.0.0.1:4566/start', 'https://oidc.us-east-1.amazonaws.com', 'sso-oidc'); // throws
 * ```
 */
export function checkEndpointMatchesStartUrl(startUrl: string, endpoint: string, service: ServiceName): void {
  const startHost = hostOf(startUrl);
  const endpointHost = hostOf(endpoint);
  if (startHost === undefined || endpointHost === undefined) return; // malformed values fail elsewhere
  const localStart = isLoopbackHost(startHost);
  if (localStart === isLoopbackHost(endpointHost)) return;
  const key = endpointConfigKey(service);
  if (localStart) {
    const origin = new URL(startUrl).origin;
    throw new ValidationError(
      `The start URL ${startUrl} is a local IAM Identity Center (an emulator), but the ${service} endpoint is ${endpoint}: ` +
        `ssokit will not send that session's tokens there. Point the session at the emulator: set AWS_ENDPOINT_URL=${origin}, ` +
        `or give the profile \`services = NAME\` and a [services NAME] block whose \`sso_oidc =\` and \`sso =\` keys each hold ` +
        `an indented \`endpoint_url = ${origin}\` line (\`ssokit configure --endpoint-url ${origin}\` writes it).`,
      { member: 'endpoint' },
    );
  }
  throw new ValidationError(
    `The start URL ${startUrl} is an AWS access portal, but the ${service} endpoint is ${endpoint}, a local address: ` +
      `ssokit will not send an AWS session's tokens to a local server. Unset AWS_ENDPOINT_URL and ${endpointEnvVariable(service)}, ` +
      `or remove the \`endpoint_url\` under \`${key} =\` in the profile's [services] block (and any \`endpoint_url\` of the ` +
      `profile itself); an emulator session uses the start URL the emulator prints when it starts.`,
    { member: 'endpoint' },
  );
}
