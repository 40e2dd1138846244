import type { HttpBindings } from '@hono/node-server';
import { ERROR_TYPE_HEADER, type OperationName, type ServiceName } from '@ssokit/protocol';
import type { Context } from 'hono';
import { ServiceFailure } from '../errors.js';
import { readLimitedBody, TOO_LARGE } from './body.js';

/**
 * Largest request body accepted, admin calls included; AWS rejects far smaller bodies than this
 * for these APIs. Counted as the bytes arrive: a longer body is answered 413 at once.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** What the request pipeline puts on the context for the routes after it. */
export type Env = {
  Bindings: HttpBindings;
  Variables: {
    /** The request body, read once (within {@link MAX_BODY_BYTES}). */
    raw: string;
    /** The operation the request addresses, when it addresses one. */
    op: OperationName | undefined;
    headers: Record<string, string>;
    query: URLSearchParams;
  };
};

/** A context of the emulator's Hono app. */
export type Ctx = Context<Env>;

/**
 * Request headers as a plain lower-case record. Reads node's already-parsed headers when served by
 * @hono/node-server (building a fetch `Headers` object per request is the costliest step on the hot path).
 */
export function headersOf(c: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  const incoming = c.env?.incoming?.headers;
  if (incoming) {
    for (const [k, v] of Object.entries(incoming))
      if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  } else {
    c.req.raw.headers.forEach((v, k) => {
      out[k] = v;
    });
  }
  return out;
}

/** The path and query of the request target. */
export function splitUrl(c: Ctx): { path: string; query: URLSearchParams } {
  const target = c.env?.incoming?.url ?? c.req.url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const q = target.indexOf('?');
  return q < 0
    ? { path: c.req.path, query: new URLSearchParams() }
    : { path: c.req.path, query: new URLSearchParams(target.slice(q + 1)) };
}

/** The Host a request names: node's header, or the URL's host under `app.request`. */
export function hostOf(c: Ctx): string | undefined {
  return c.env?.incoming?.headers.host ?? new URL(c.req.url).host;
}

/** Whether the peer is on loopback (false under `app.request`, which has no socket). */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/** The body, at most {@link MAX_BODY_BYTES}; undefined when it could not be read. */
export async function readBody(c: Ctx): Promise<string | typeof TOO_LARGE | undefined> {
  try {
    return await readLimitedBody(c.env?.incoming, c.req.raw, MAX_BODY_BYTES);
  } catch {
    return undefined;
  }
}

/** A service error on the wire: its status, `x-amzn-errortype` and the service's body shape. */
export function failureResponse(c: Ctx, f: ServiceFailure): Response {
  c.header(ERROR_TYPE_HEADER, f.errorName);
  return c.json(f.body(), f.status as 400);
}

/** The 413 for a body over {@link MAX_BODY_BYTES}. */
export function bodyTooLarge(service: ServiceName): ServiceFailure {
  return new ServiceFailure(
    service,
    'InvalidRequestException',
    `The request body is larger than ${MAX_BODY_BYTES} bytes`,
    { status: 413 },
  );
}

export { TOO_LARGE };
