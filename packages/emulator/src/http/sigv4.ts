import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

import type { Ctx } from './context.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (d: SourceData): Buffer =>
  typeof d === 'string'
    ? Buffer.from(d, 'utf8')
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** node:crypto SHA-256 / HMAC-SHA-256 in the shape @smithy/signature-v4 expects. */
class NodeSha256 {
  #h: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.#h = this.#make();
  }
  #make(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: SourceData): void {
    this.#h.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#make();
  }
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;_.-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Why a signature was rejected. Each service names these its own way (sso-oauth's
 * `InvalidSignatureException` is STS's `SignatureDoesNotMatch`).
 */
export type SigV4RejectionReason =
  | 'missing'
  | 'malformed'
  | 'wrong-scope'
  | 'unknown-key'
  | 'expired'
  | 'unsigned-header'
  | 'skew'
  | 'mismatch';

/** A rejected signature: the reason, and a message a person can act on. */
export type SigV4Rejection = { reason: SigV4RejectionReason; message: string };

/** The parts of a request SigV4 covers. */
export interface SignedRequestParts {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** What {@link verifySigV4} checks against. */
export interface SigV4Expectations {
  /** The signing name the credential scope must name (`sso-oauth`, `sts`). */
  service: string;
  /** Whether the credential scope may name this region, and which regions those are, in words. */
  region: { accepts: (region: string) => boolean; described: string };
  /** The secret of credentials the emulator issued, and whether they have expired. */
  lookupSecret: (
    accessKeyId: string,
  ) => { secretAccessKey: string; sessionToken: string; expired: boolean } | undefined;
  /** Wall-clock time: clients sign with it, whatever the emulator clock says. */
  wallNow?: () => number;
}

/**
 * Verifies an AWS SigV4 signature by recomputing it with the secret of credentials the emulator
 * issued. Returns the access key id on success, or why the request was rejected.
 */
export async function verifySigV4(
  req: SignedRequestParts,
  expect: SigV4Expectations,
): Promise<{ accessKeyId: string } | SigV4Rejection> {
  const { service, region, lookupSecret, wallNow = Date.now } = expect;
  const auth = req.headers.authorization;
  if (!auth)
    return {
      reason: 'missing',
      message: 'Missing Authentication Token: the request must be signed with SigV4',
    };
  const m = AUTH_RE.exec(auth);
  const amzDate = req.headers['x-amz-date'];
  if (!m || !amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return { reason: 'malformed', message: 'The Authorization header or X-Amz-Date is malformed' };
  const [, accessKeyId, date, scopeRegion, scopeService, signedHeadersList, signature] =
    m as unknown as string[];
  if (scopeService !== service || !region.accepts(scopeRegion!) || !amzDate.startsWith(date!))
    return {
      reason: 'wrong-scope',
      message: `Credential scope must name ${region.described}, service ${service} and the date of X-Amz-Date`,
    };
  const creds = lookupSecret(accessKeyId!);
  if (!creds || req.headers['x-amz-security-token'] !== creds.sessionToken)
    return { reason: 'unknown-key', message: 'The security token included in the request is invalid' };
  if (creds.expired)
    return { reason: 'expired', message: 'The security token included in the request is expired' };
  const signedNames = signedHeadersList!.split(';');
  if (!signedNames.includes('host'))
    return { reason: 'unsigned-header', message: 'The host header must be signed' };
  const headers: Record<string, string> = {};
  const signingDate = parseAmzDate(amzDate);
  // AWS allows 15 minutes of skew; clients sign with wall time, so this ignores advanceClock
  if (Math.abs(signingDate.getTime() - wallNow()) > 15 * 60 * 1000)
    return { reason: 'skew', message: 'Signature expired: X-Amz-Date is more than 15 minutes away from now' };
  for (const name of signedNames) {
    const v = req.headers[name];
    if (v === undefined)
      return { reason: 'unsigned-header', message: `Signed header ${name} is missing from the request` };
    headers[name] = v;
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: accessKeyId!,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    },
    region: scopeRegion!,
    service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: headers.host ?? 'localhost',
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
    },
    { signingDate },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(signature!);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return {
      reason: 'mismatch',
      message: 'The request signature we calculated does not match the signature you provided',
    };
  return { accessKeyId: accessKeyId! };
}

function parseAmzDate(v: string): Date {
  return new Date(
    `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`,
  );
}

/** The parts of a request the pipeline has read, as {@link verifySigV4} takes them. */
export function signedParts(c: Ctx): SignedRequestParts {
  return {
    method: c.req.method,
    path: c.req.path,
    query: Object.fromEntries(c.get('query')),
    headers: c.get('headers'),
    body: c.get('raw'),
  };
}
