import type {
  CreateTokenRequest,
  CreateTokenResponse,
  CreateTokenWithIAMRequest,
  CreateTokenWithIAMResponse,
  RegisterClientRequest,
  RegisterClientResponse,
  StartDeviceAuthorizationRequest,
  StartDeviceAuthorizationResponse,
} from '@ssokit/protocol';
import {
  type Clock,
  OIDC_SIGNING_NAME,
  systemClock,
  ValidationError,
  validateStartUrl,
} from '@ssokit/protocol/core';
// The compiled bindings: a token refresh loads no zod (see @ssokit/protocol/wire).
import {
  CreateToken,
  CreateTokenWithIAM,
  RegisterClient,
  StartDeviceAuthorization,
} from '@ssokit/protocol/wire';
import {
  createSigV4Signer,
  resolveServiceEndpoint,
  type ServiceClientOptions,
  type SigningCredentials,
  Transport,
} from '@ssokit/transport';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/**
 * Settings of an {@link SsoOidcClient}: the shared {@link ServiceClientOptions} of ssokit's service
 * clients. Give a `region` (also needed for SigV4), an `endpoint`, or both; `env` is read for
 * `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL`.
 */
export type SsoOidcClientOptions = ServiceClientOptions;

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * await client.registerClient({ clientName: 'my-tool', clientType: 'public' }, { signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface CallOptions {
  /** Aborts the call, retries and backoff included. */
  signal?: AbortSignal;
}

/**
 * Options of {@link SsoOidcClient.createTokenWithIAM}.
 *
 * @example
 * ```ts
 * import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
 *
 * const options: CreateTokenWithIAMOptions = { credentials: fromNodeProviderChain() };
 * await client.createTokenWithIAM({ clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1', grantType: 'authorization_code', code: '…', redirectUri: 'https://app.example.com/callback' }, options);
 * ```
 */
export interface CreateTokenWithIAMOptions extends CallOptions {
  /** AWS credentials (or a provider of them, such as any AWS SDK credential provider) to sign the request with. */
  credentials: SigningCredentials | (() => Promise<SigningCredentials>);
}

/**
 * The sso-oidc service (IAM Identity Center OIDC): one method per AWS operation, with AWS's
 * member names, so code written against `@aws-sdk/client-sso-oidc` reads the same.
 *
 * @example
 * ```ts
 * import { SsoOidcClient } from '@ssokit/oidc-client';
 *
 * const client = new SsoOidcClient({ region: 'us-east-1' });
 * const reg = await client.registerClient({ clientName: 'my-tool', clientType: 'public', scopes: ['sso:account:access'] });
 * const auth = await client.startDeviceAuthorization({ clientId: reg.clientId!, clientSecret: reg.clientSecret!, startUrl: 'https://d-1234567890.awsapps.com/start' });
 * await client.close();
 * ```
 */
export class SsoOidcClient {
  /** The region, when one was given (required for `createTokenWithIAM`). */
  readonly region: string | undefined;
  /** The resolved endpoint, without a trailing slash. */
  readonly endpoint: string;
  readonly #transport: Transport;
  readonly #clock: Clock;

  constructor(options: SsoOidcClientOptions = {}) {
    this.region = options.region;
    this.endpoint = resolveServiceEndpoint('sso-oidc', options, 'SsoOidcClient');
    this.#clock = options.clock ?? systemClock;
    const transportOptions: ConstructorParameters<typeof Transport>[0] = {
      endpoint: this.endpoint,
      clock: this.#clock,
      userAgent: { packageName: PACKAGE_NAME, packageVersion: PACKAGE_VERSION },
    };
    if (options.dispatcher) transportOptions.dispatcher = options.dispatcher;
    if (options.timeoutMs !== undefined) transportOptions.timeoutMs = options.timeoutMs;
    if (options.retry) transportOptions.retry = options.retry;
    if (options.logger) transportOptions.logger = options.logger;
    if (options.random) transportOptions.random = options.random;
    this.#transport = new Transport(transportOptions);
  }

  /**
   * RegisterClient: registers a public OAuth client. See {@link registrationInputFor} for the
   * right input per flow.
   *
   * @example
   * ```ts
   * const reg = await client.registerClient(registrationInputFor('device-code', {}));
   * ```
   */
  registerClient(input: RegisterClientRequest, options: CallOptions = {}): Promise<RegisterClientResponse> {
    return this.#transport.send(RegisterClient, input, sendOptions(options));
  }

  /**
   * StartDeviceAuthorization: starts a device-code sign-in (RFC 8628). A `startUrl` that is not a
   * start URL (such as `https://my-org.awsapps.com/start`) throws a `ValidationError` before any request.
   *
   * @example
   * ```ts
   * const auth = await client.startDeviceAuthorization({ clientId, clientSecret, startUrl });
   * console.log(auth.verificationUriComplete, auth.userCode);
   * ```
   */
  async startDeviceAuthorization(
    input: StartDeviceAuthorizationRequest,
    options: CallOptions = {},
  ): Promise<StartDeviceAuthorizationResponse> {
    // The service answers a mistyped start URL only after a round trip, and vaguely.
    validateStartUrl(input.startUrl, 'startUrl');
    return this.#transport.send(StartDeviceAuthorization, input, sendOptions(options));
  }

  /**
   * CreateToken: exchanges a device code, authorization code or refresh token for tokens.
   * `authorization_pending` and `slow_down` come back as `ServiceError`s; the device-code flow
   * handles them.
   *
   * @example
   * ```ts
   * const t = await client.createToken({ clientId, clientSecret, grantType: 'refresh_token', refreshToken: 'aorAAAA…' });
   * ```
   */
  createToken(input: CreateTokenRequest, options: CallOptions = {}): Promise<CreateTokenResponse> {
    return this.#transport.send(CreateToken, input, sendOptions(options));
  }

  /**
   * CreateTokenWithIAM: the SigV4-signed token endpoint for trusted identity propagation
   * (`clientId` is an application ARN). Signed with signing name `sso-oauth` and this client's
   * region by `@smithy/signature-v4`, an optional peer dependency: install it
   * (`npm install @smithy/signature-v4`) to use this method, or it throws a `MissingDependencyError`.
   *
   * @example
   * ```ts
   * const t = await client.createTokenWithIAM(
   *   { clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1', grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJ…' },
   *   { credentials: { accessKeyId: 'ASIA…', secretAccessKey: '…', sessionToken: '…' } },
   * );
   * ```
   */
  createTokenWithIAM(
    input: CreateTokenWithIAMRequest,
    options: CreateTokenWithIAMOptions,
  ): Promise<CreateTokenWithIAMResponse> {
    const region = this.region;
    if (region === undefined) {
      throw new ValidationError(
        'createTokenWithIAM signs with SigV4 and needs the client to have a region.',
        {
          member: 'region',
        },
      );
    }
    const signer = createSigV4Signer({
      region,
      service: OIDC_SIGNING_NAME,
      credentials: options.credentials,
      clock: this.#clock,
    });
    const send: Parameters<Transport['send']>[2] = { signer };
    if (options.signal) send.signal = options.signal;
    return this.#transport.send(CreateTokenWithIAM, input, send);
  }

  /**
   * Closes the connections this client opened (an injected dispatcher is left to its owner).
   *
   * @example
   * ```ts
   * await client.close();
   * ```
   */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

function sendOptions(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
