import type { AwsCredentialIdentity } from '@smithy/types';
import type { AssumeRoleRequest, AssumeRoleResponse, GetCallerIdentityResponse } from '@ssokit/protocol';
import type { Clock, Logger } from '@ssokit/protocol/core';
import type { RequestSigner, RetryOptions, ServiceClientOptions, Transport } from '@ssokit/transport';

/**
 * Makes the SigV4 signer of one STS call: for `region`, service `sts`, the caller's credentials
 * and the clock (the signature's date).
 */
export type StsSignerFactory = (options: {
  region: string;
  service: string;
  credentials: AwsCredentialIdentity;
  clock: Clock;
}) => RequestSigner | Promise<RequestSigner>;

/** Options of {@link StsClient}. */
export interface StsClientOptions {
  /** The STS endpoint (`resolveEndpoint({ service: 'sts', … })`). */
  endpoint: string;
  /** The region the requests are signed for. */
  region: string;
  /**
   * Makes the SigV4 signer; default: `createSigV4Signer` of `@ssokit/transport`, which needs the
   * optional peer dependency `@smithy/signature-v4` (it says so when it is missing).
   */
  signer?: StsSignerFactory | undefined;
  /** Where requests go (e.g. a `MockAgent`); default: the transport's proxy-aware agent, closed by {@link StsClient.close}. */
  dispatcher?: ServiceClientOptions['dispatcher'];
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  random?: (() => number) | undefined;
}

/**
 * The two STS calls a role chain needs, AssumeRole and GetCallerIdentity, over the shared transport
 * (its retries, timeouts, redaction and typed errors: a refusal is a `ServiceError` named as AWS
 * names it, e.g. `AccessDenied`, `ExpiredToken`). Each call is signed with the credentials it is
 * given. The network layers load on the first call.
 *
 * @example
 * ```ts
 * import { fromSso, StsClient } from '@ssokit/credential-provider';
 *
 * const ssoRoleCredentials = await fromSso({ profile: 'admin' })();
 * const sts = new StsClient({ endpoint: 'https://sts.eu-west-1.amazonaws.com', region: 'eu-west-1' });
 * const { Credentials } = await sts.assumeRole(
 *   { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'alice' },
 *   { credentials: ssoRoleCredentials },
 * );
 * await sts.close();
 * ```
 */
export class StsClient {
  readonly endpoint: string;
  readonly region: string;
  readonly #options: StsClientOptions;
  #transport: Promise<Transport> | undefined;

  constructor(options: StsClientOptions) {
    this.endpoint = options.endpoint;
    this.region = options.region;
    this.#options = options;
  }

  /** AssumeRole with `credentials` as the caller. */
  async assumeRole(
    input: AssumeRoleRequest,
    options: { credentials: AwsCredentialIdentity; signal?: AbortSignal | undefined },
  ): Promise<AssumeRoleResponse> {
    const { AssumeRole } = await import('@ssokit/protocol');
    return (await this.#transportNow()).send(AssumeRole, input, await this.#sendOptions(options));
  }

  /** GetCallerIdentity: who `credentials` are (`Account`, `Arn`, `UserId`). */
  async getCallerIdentity(options: {
    credentials: AwsCredentialIdentity;
    signal?: AbortSignal | undefined;
  }): Promise<GetCallerIdentityResponse> {
    const { GetCallerIdentity } = await import('@ssokit/protocol');
    return (await this.#transportNow()).send(GetCallerIdentity, {}, await this.#sendOptions(options));
  }

  /** Closes the connections this client opened (an injected dispatcher is left to its owner). */
  async close(): Promise<void> {
    const t = this.#transport;
    this.#transport = undefined;
    if (t) await (await t).close();
  }

  #transportNow(): Promise<Transport> {
    this.#transport ??= import('@ssokit/transport').then(({ Transport }) => {
      const o = this.#options;
      return new Transport({
        endpoint: o.endpoint,
        ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
        ...(o.retry ? { retry: o.retry } : {}),
        ...(o.clock ? { clock: o.clock } : {}),
        ...(o.logger ? { logger: o.logger } : {}),
        ...(o.random ? { random: o.random } : {}),
      });
    });
    return this.#transport;
  }

  async #sendOptions(options: {
    credentials: AwsCredentialIdentity;
    signal?: AbortSignal | undefined;
  }): Promise<{ signer: RequestSigner; signal?: AbortSignal }> {
    const { systemClock, STS_SIGNING_NAME } = await import('@ssokit/protocol/core');
    // default: transport's SigV4 signer (it loads @smithy/signature-v4 on the first signature)
    const factory = this.#options.signer ?? (await import('@ssokit/transport')).createSigV4Signer;
    const signer = await factory({
      region: this.region,
      service: STS_SIGNING_NAME,
      credentials: options.credentials,
      clock: this.#options.clock ?? systemClock,
    });
    return options.signal ? { signer, signal: options.signal } : { signer };
  }
}
