import { randomUUID } from 'node:crypto';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { REQUEST_ID_HEADER, type ServiceName } from '@ssokit/protocol';
import type { FaultSpec } from '../admin/admin-state.js';
import { oidcError, ServiceFailure } from '../errors.js';
import { type Ctx, failureResponse } from './context.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Plays an injected fault on this request: the answer it gets instead of the real one, or
 * undefined when the request goes on (after a `latency` delay). `hangs` holds the release of every
 * hung request, so that `close()` can end them.
 */
export async function applyFault(
  c: Ctx,
  fault: FaultSpec,
  service: ServiceName,
  hangs: Set<() => void>,
): Promise<Response | undefined> {
  const socket = c.env?.incoming?.socket;
  switch (fault.kind) {
    case 'latency':
      await sleep(fault.latencyMs ?? 1000);
      return undefined;
    case '500':
      return failureResponse(
        c,
        service === 'sso-oidc'
          ? oidcError('InternalServerException', 'Injected fault: internal error')
          : new ServiceFailure('sso', 'InternalServerException', 'Injected fault: internal error', {
              status: 500,
            }),
      );
    case '503':
      return failureResponse(
        c,
        new ServiceFailure(service, 'ServiceUnavailableException', 'Injected fault: service unavailable', {
          status: 503,
        }),
      );
    case '429':
      return failureResponse(
        c,
        new ServiceFailure(service, 'TooManyRequestsException', 'Injected fault: rate exceeded', {
          status: 429,
        }),
      );
    case 'malformed-json':
      c.header('content-type', 'application/json');
      return c.body('{"accessToken": "unterminated', 200);
    case 'reset':
      socket?.destroy();
      return RESPONSE_ALREADY_SENT;
    case 'hang':
      await new Promise<void>((resolve) => {
        hangs.add(resolve);
        socket?.once('close', () => resolve());
      });
      socket?.destroy();
      return RESPONSE_ALREADY_SENT;
    case 'truncated': {
      const out = c.env?.outgoing;
      if (!out) return c.body('{"trunc', 200);
      out.writeHead(200, {
        'content-type': 'application/json',
        'content-length': '512',
        [REQUEST_ID_HEADER]: randomUUID(),
      });
      out.write('{"roleCredentials":{"accessKeyId":"ASIA', () => socket?.destroy());
      return RESPONSE_ALREADY_SENT;
    }
  }
}
