import { z } from 'zod';
import { defineOperation } from './binding.js';

/** getSigninToken request: the credential JSON `{"sessionId","sessionKey","sessionToken"}`, a secret. */
export const GetSigninTokenRequest = z.object({
  signinSession: z
    .string({ error: 'signinSession is required' })
    .min(1, { error: 'signinSession must not be empty' }),
});
/** getSigninToken response. */
export const GetSigninTokenResponse = z.looseObject({ SigninToken: z.string().min(1) });

/** GetSigninToken request (input) type. */
export type GetSigninTokenRequest = z.input<typeof GetSigninTokenRequest>;
/** GetSigninToken response type. */
export type GetSigninTokenResponse = z.output<typeof GetSigninTokenResponse>;

/**
 * AWS sign-in federation's `getSigninToken` action (AWS documentation, "Enable custom identity
 * broker access to the AWS console"): `GET /federation?Action=getSigninToken&Session=…` answers
 * `{"SigninToken":"…"}`, valid 15 minutes. Not one of the Identity Center operations
 * (`OPERATIONS`): a service of its own, whose answers to bad credentials are a bare HTTP 400.
 *
 * @example
 * ```ts
 * import { GetSigninToken, resolveEndpoint } from '@ssokit/protocol';
 * import { Transport } from '@ssokit/transport';
 * const t = new Transport({ endpoint: resolveEndpoint({ service: 'signin', region: 'us-east-1' }) });
 * const roleCredentials = { sessionId: 'ASIA…', sessionKey: '…', sessionToken: '…' }; // from GetRoleCredentials
 * const { SigninToken } = await t.send(GetSigninToken, { signinSession: JSON.stringify(roleCredentials) });
 * ```
 */
export const GetSigninToken = defineOperation({
  name: 'GetSigninToken',
  service: 'signin',
  method: 'GET',
  path: '/federation?Action=getSigninToken',
  members: { signinSession: { in: 'query', name: 'Session' } },
  hasBody: false,
  signed: false,
  // it only reads: repeating it after a lost answer is harmless
  replaySafe: true,
  input: GetSigninTokenRequest,
  output: GetSigninTokenResponse,
});
