import {
  OIDC_SIGNING_NAME,
  OPERATIONS,
  type OperationBinding,
  type OperationName,
  type ServiceName,
} from '@ssokit/protocol';
import { Hono } from 'hono';
import type { z } from 'zod';
import { oidcError, portalError, ServiceFailure } from '../errors.js';
import type { IdentityCenter } from '../identity-center/identity-center.js';
import { type Ctx, type Env, failureResponse } from './context.js';
import { oidcHandlers } from './oidc.js';
import { portalHandlers } from './portal.js';
import { operationPath } from './routes.js';
import { type SigV4RejectionReason, signedParts, verifySigV4 } from './sigv4.js';

type Binding<K extends OperationName> = (typeof OPERATIONS)[K];
/** The request of operation `K`, as protocol's schema parses it. */
export type OperationInput<K extends OperationName> = z.output<Binding<K>['input']>;
/** The response of operation `K`, as protocol's schema describes it. */
export type OperationOutput<K extends OperationName> = z.output<Binding<K>['output']>;

/**
 * One handler per operation, keyed by protocol's operation names: an operation added to protocol
 * does not compile until the emulator serves it, and each handler returns protocol's response type.
 */
export type OperationHandlers = {
  readonly [K in OperationName]: (
    input: OperationInput<K>,
  ) => OperationOutput<K> | Promise<OperationOutput<K>>;
};

/** Parses a JSON request body: empty means `{}`; anything but an object is a 400. */
function jsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw oidcError('InvalidRequestException', 'The request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw oidcError('InvalidRequestException', 'The request body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Reads a portal request's members from the query and headers named by its binding. */
function portalInput(binding: OperationBinding, c: Ctx): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const query = c.get('query');
  const headers = c.get('headers');
  for (const [member, loc] of Object.entries(binding.members)) {
    const v = loc.in === 'query' ? (query.get(loc.name) ?? undefined) : headers[loc.name];
    if (v === undefined) continue;
    input[member] = member === 'maxResults' ? (/^\s*$/.test(v) ? Number.NaN : Number(v)) : v;
  }
  if (typeof input.accessToken !== 'string' || input.accessToken === '')
    throw portalError('UnauthorizedException', 'Session token not found or invalid');
  return input;
}

/** Checks a request against its operation's schema; the first issue becomes an InvalidRequestException. */
function validate(binding: OperationBinding, input: unknown): unknown {
  const r = binding.input.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length > 1 ? `${issue.path.join('.')}: ` : '';
  const message = `${where}${issue.message}`;
  throw (binding.service as ServiceName) === 'sso'
    ? portalError('InvalidRequestException', message)
    : oidcError('InvalidRequestException', message);
}

/** sso-oauth's names for the reasons a signature is rejected. */
const OIDC_SIGV4_ERRORS: Record<SigV4RejectionReason, string> = {
  missing: 'MissingAuthenticationTokenException',
  malformed: 'IncompleteSignatureException',
  'wrong-scope': 'InvalidSignatureException',
  'unknown-key': 'UnrecognizedClientException',
  expired: 'UnrecognizedClientException',
  'unsigned-header': 'InvalidSignatureException',
  skew: 'InvalidSignatureException',
  mismatch: 'InvalidSignatureException',
};

/** The SigV4 check of a signed operation (CreateTokenWithIAM), with credentials the emulator issued. */
async function signatureFailure(
  c: Ctx,
  engine: IdentityCenter,
  region: string,
): Promise<ServiceFailure | undefined> {
  const verdict = await verifySigV4(signedParts(c), {
    service: OIDC_SIGNING_NAME,
    region: { accepts: (r) => r === region, described: `region ${region}` },
    lookupSecret: (akid) => {
      const issued = engine.issuedCredentials(akid);
      return issued && { ...issued, expired: false };
    },
    wallNow: () => engine.clock.wallNow(),
  });
  return 'reason' in verdict
    ? new ServiceFailure('sso-oidc', OIDC_SIGV4_ERRORS[verdict.reason], verdict.message, { status: 403 })
    : undefined;
}

/**
 * The eight operations as a sub-app: one route per method and path (CreateToken and
 * CreateTokenWithIAM share `POST /token`; the pipeline has already told them apart).
 */
export function operationsApp(engine: IdentityCenter, region: string): Hono<Env> {
  const handlers: OperationHandlers = { ...oidcHandlers(engine), ...portalHandlers(engine) };
  const app = new Hono<Env>();
  const routes = new Set<string>();
  for (const binding of Object.values(OPERATIONS) as OperationBinding[]) {
    const path = operationPath(binding);
    const key = `${binding.method} ${path}`;
    if (routes.has(key)) continue;
    routes.add(key);
    app.on(binding.method, path, async (c) => {
      const op = c.get('op')!;
      const b = OPERATIONS[op] as OperationBinding;
      if (b.signed) {
        const failure = await signatureFailure(c, engine, region);
        if (failure) return failureResponse(c, failure);
      }
      const input = validate(b, b.hasBody ? jsonObject(c.get('raw')) : portalInput(b, c));
      const handler = handlers[op] as (input: unknown) => unknown;
      const output = await handler(input);
      // an operation whose response has no members (Logout) answers with an empty body, as AWS does
      return Object.keys(output as object).length === 0 && !b.hasBody ? c.body(null, 200) : c.json(output);
    });
  }
  return app;
}
