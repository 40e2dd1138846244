import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER, validateRegion } from '@ssokit/protocol';
import { Hono } from 'hono';
import type { IdentityCenter } from '../identity-center/identity-center.js';
import type { IssuedCredentials } from '../sts/identity.js';
import { type AssumeRoleParams, StsFailure } from '../sts/security-token-service.js';
import type { Ctx, Env } from './context.js';
import { type SigV4RejectionReason, signedParts, verifySigV4 } from './sigv4.js';

/** STS's signing name (the service in a SigV4 credential scope). */
export const STS_SIGNING_NAME = 'sts';
/** The STS actions the emulator serves. */
export const STS_ACTIONS = ['GetCallerIdentity', 'AssumeRole'] as const;
/** An STS action the emulator serves. */
export type StsAction = (typeof STS_ACTIONS)[number];

/** The STS action a `POST /` body names, when it names one the emulator serves. */
export function stsActionOf(body: string): StsAction | undefined {
  const action = new URLSearchParams(body).get('Action');
  return STS_ACTIONS.find((a) => a === action);
}

const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const isRegion = (r: string): boolean => {
  try {
    validateRegion(r);
    return true;
  } catch {
    return false;
  }
};

/**
 * STS's names, statuses and messages for a rejected signature (AWS's common errors). The messages
 * are AWS's own, which SDKs and people search for.
 */
const STS_SIGV4_ERRORS: Record<SigV4RejectionReason, { code: string; status: number; message?: string }> = {
  missing: {
    code: 'MissingAuthenticationToken',
    status: 403,
    message: 'Request is missing Authentication Token',
  },
  malformed: { code: 'IncompleteSignature', status: 400 },
  'wrong-scope': { code: 'SignatureDoesNotMatch', status: 403 },
  'unknown-key': {
    code: 'InvalidClientTokenId',
    status: 403,
    message: 'The security token included in the request is invalid.',
  },
  expired: {
    code: 'ExpiredToken',
    status: 403,
    message: 'The security token included in the request is expired',
  },
  'unsigned-header': { code: 'SignatureDoesNotMatch', status: 403 },
  skew: { code: 'SignatureDoesNotMatch', status: 403 },
  mismatch: {
    code: 'SignatureDoesNotMatch',
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
};

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[ch]};`);

/** Nested elements from an object: strings become text, objects nested elements. */
type XmlTree = { [name: string]: string | XmlTree };
const toXml = (tree: XmlTree): string =>
  Object.entries(tree)
    .map(([k, v]) => `<${k}>${typeof v === 'string' ? escapeXml(v) : toXml(v)}</${k}>`)
    .join('');

/** ISO-8601 without milliseconds, as STS writes `Expiration`. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A Query-protocol answer: `<{Action}Response><{Action}Result>…</…><ResponseMetadata>`. */
function stsResponse(c: Ctx, action: string, result: XmlTree): Response {
  const requestId = randomUUID();
  c.header(REQUEST_ID_HEADER, requestId);
  const body = toXml({
    [`${action}Result`]: result,
    ResponseMetadata: { RequestId: requestId },
  });
  return c.body(`<${action}Response xmlns="${STS_XMLNS}">${body}</${action}Response>\n`, 200, {
    'content-type': 'text/xml',
  });
}

/** The error XML AWS's Query services answer with: `<ErrorResponse><Error><Type>…`. */
function stsError(c: Ctx, f: StsFailure): Response {
  const requestId = randomUUID();
  c.header(REQUEST_ID_HEADER, requestId);
  const body = toXml({
    Error: { Type: f.status >= 500 ? 'Receiver' : 'Sender', Code: f.errorCode, Message: f.message },
    RequestId: requestId,
  });
  return c.body(`<ErrorResponse xmlns="${STS_XMLNS}">${body}</ErrorResponse>\n`, f.status as 400, {
    'content-type': 'text/xml',
  });
}

/** Who signed the request: credentials the emulator issued, unexpired, with a valid signature. */
async function caller(c: Ctx, engine: IdentityCenter): Promise<IssuedCredentials> {
  let found: IssuedCredentials | undefined;
  const verdict = await verifySigV4(signedParts(c), {
    service: STS_SIGNING_NAME,
    // one origin stands in for every regional endpoint and the global one
    region: { accepts: isRegion, described: 'an AWS region' },
    lookupSecret: (akid) => {
      found = engine.issuedCredentials(akid, { includeExpired: true });
      return found && { ...found, expired: found.expiresAt <= engine.clock.now() };
    },
    wallNow: () => engine.clock.wallNow(),
  });
  if ('reason' in verdict) {
    const e = STS_SIGV4_ERRORS[verdict.reason];
    throw new StsFailure(e.code, e.message ?? verdict.message, e.status);
  }
  return found!;
}

/**
 * STS on the emulator's origin, in the AWS Query protocol that the AWS SDK for JavaScript v3,
 * botocore and the AWS CLI send: `POST /` with a form-encoded `Action=…&Version=2011-06-15`,
 * SigV4-signed for service `sts`; XML answers. Serves GetCallerIdentity and AssumeRole.
 */
export function stsApp(engine: IdentityCenter): Hono<Env> {
  const app = new Hono<Env>();
  app.post('/', async (c) => {
    try {
      const form = new URLSearchParams(c.get('raw'));
      const action = form.get('Action');
      if (action === null) throw new StsFailure('MissingAction', 'Missing Action', 400);
      if (stsActionOf(c.get('raw')) === undefined)
        throw new StsFailure(
          'InvalidAction',
          `Could not find operation ${action} for version 2011-06-15`,
          400,
        );
      const who = await caller(c, engine);
      if (action === 'GetCallerIdentity')
        return stsResponse(c, action, { Arn: who.arn, UserId: who.userId, Account: who.accountId });
      const params: AssumeRoleParams = {};
      for (const k of ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId'] as const) {
        const v = form.get(k);
        if (v !== null) params[k] = v;
      }
      const { credentials: cr, assumedRoleId } = engine.sts.assumeRole(who, params);
      return stsResponse(c, action, {
        Credentials: {
          AccessKeyId: cr.accessKeyId,
          SecretAccessKey: cr.secretAccessKey,
          SessionToken: cr.sessionToken,
          Expiration: isoSeconds(cr.expiresAt),
        },
        AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: cr.arn },
      });
    } catch (err) {
      if (err instanceof StsFailure) return stsError(c, err);
      throw err;
    }
  });
  return app;
}
