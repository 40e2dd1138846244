import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { type Clock, systemClock } from '@ssokit/protocol/core';
import { importOptional } from './optional-dependency.js';
import type { RequestSigner } from './transport.js';

/** AWS credentials to sign with (the shape of the AWS SDK's `AwsCredentialIdentity`). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly expiration?: Date | undefined;
}

/** Settings of {@link createSigV4Signer}. */
export interface SigV4SignerOptions {
  /** The region of the credential scope, e.g. `us-east-1`. */
  region: string;
  /** The signing name of the service: `sso-oauth` for CreateTokenWithIAM, `sts` for STS. */
  service: string;
  /**
   * The credentials, or a provider of them (any AWS SDK credential provider), asked on every
   * signature so it can refresh them.
   */
  credentials: SigningCredentials | (() => Promise<SigningCredentials>);
  /** Where the signing time comes from. Default the system clock. */
  clock?: Clock;
}

/** The npm package that computes SigV4: an optional peer dependency, loaded on the first signature. */
export const SIGV4_PACKAGE = '@smithy/signature-v4';

/**
 * A {@link RequestSigner} that signs each attempt with AWS Signature Version 4
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * computed by `@smithy/signature-v4` with node:crypto's SHA-256. That package is an optional peer
 * dependency, imported on the first signature: without it, signing throws a
 * {@link MissingDependencyError} naming `npm install @smithy/signature-v4`.
 *
 * @example
 * ```ts
 * import { createSigV4Signer } from '@ssokit/transport';
 *
 * const signer = createSigV4Signer({ region: 'us-east-1', service: 'sts', credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…' } });
 * await transport.send(operation, input, { signer });
 * ```
 */
export function createSigV4Signer(options: SigV4SignerOptions): RequestSigner {
  const clock = options.clock ?? systemClock;
  let loaded: Promise<SignatureV4Like> | undefined;
  const load = async (): Promise<SignatureV4Like> => {
    const { SignatureV4 } = await importOptional(
      SIGV4_PACKAGE,
      `Signing a request with SigV4 (service ${options.service})`,
      () => import('@smithy/signature-v4'),
    );
    return new SignatureV4({
      service: options.service,
      region: options.region,
      credentials: options.credentials,
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: true,
    });
  };
  return async ({ method, url, headers, body }) => {
    if (loaded === undefined) {
      loaded = load();
      // a failed load (package missing) is tried again on the next signature, after an install
      loaded.catch(() => {
        loaded = undefined;
      });
    }
    const signer = await loaded;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const signed = await signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers: { ...headers, host: url.host },
        body,
      },
      { signingDate: new Date(clock.now()) },
    );
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) {
      // undici sets host itself from the URL (the same value that was signed).
      if (k.toLowerCase() !== 'host') out[k] = v;
    }
    return out;
  };
}

// The part of @smithy/signature-v4's SignatureV4 used here (its types stay out of ours).
interface SignatureV4Like {
  sign(
    request: {
      method: string;
      protocol: string;
      hostname: string;
      port?: number;
      path: string;
      query: Record<string, string>;
      headers: Record<string, string>;
      body: string | undefined;
    },
    options: { signingDate: Date },
  ): Promise<{ headers: Record<string, string> }>;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** node:crypto SHA-256 / HMAC-SHA-256 in the shape SignatureV4 expects (no @smithy/hash-node). */
class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#create();
  }
  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#create();
  }
  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.#secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
