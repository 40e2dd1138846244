// The fault matrix: every sso-oidc and portal operation ssokit sends × every way the service or
// the network fails. Each case must end in a typed error or a successful retry, and none may hang.
// A raw loopback server plays the service, so resets and truncated bodies are real socket events;
// attempts meant to hang time out after 80 ms (500 ms where a retry must then succeed) and backoff is
// 0, so the whole matrix takes a few seconds.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GrantType, OPERATIONS, type OperationBinding } from '@ssokit/protocol';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, isTransportError } from '../src/errors.js';
import { Transport } from '../src/transport.js';

const FAULTS = ['500', '503', '429', 'reset', 'hang', 'malformed-json', 'truncated'] as const;
type Fault = (typeof FAULTS)[number];
/** `once`: only the first request fails (a transient fault); `always`: every request fails. */
type Mode = 'once' | 'always';

interface Case {
  op: OperationBinding;
  input: Record<string, unknown>;
  path: string;
  success: string;
}
const CASES: Case[] = [
  {
    op: OPERATIONS.RegisterClient,
    input: { clientName: 'ssokit', clientType: 'public' },
    path: '/client/register',
    success: '{"clientId":"cid","clientSecret":"cs","clientSecretExpiresAt":1900000000}',
  },
  {
    op: OPERATIONS.StartDeviceAuthorization,
    input: { clientId: 'cid', clientSecret: 'cs', startUrl: 'https://my-org.awsapps.com/start' },
    path: '/device_authorization',
    success: '{"deviceCode":"dc","userCode":"AB-CD","verificationUri":"https://v","expiresIn":600}',
  },
  {
    op: OPERATIONS.CreateToken,
    input: { clientId: 'cid', clientSecret: 'cs', grantType: GrantType.REFRESH_TOKEN, refreshToken: 'rt' },
    path: '/token',
    success: '{"accessToken":"at","tokenType":"Bearer","expiresIn":3600}',
  },
  {
    op: OPERATIONS.GetRoleCredentials,
    input: { accessToken: 'at', accountId: '111122223333', roleName: 'Admin' },
    path: '/federation/credentials',
    success:
      '{"roleCredentials":{"accessKeyId":"ASIA","secretAccessKey":"s","sessionToken":"t","expiration":1900000000000}}',
  },
  {
    op: OPERATIONS.ListAccounts,
    input: { accessToken: 'at' },
    path: '/assignment/accounts',
    success: '{"accountList":[]}',
  },
  {
    op: OPERATIONS.ListAccountRoles,
    input: { accessToken: 'at', accountId: '111122223333' },
    path: '/assignment/roles',
    success: '{"roleList":[]}',
  },
  { op: OPERATIONS.Logout, input: { accessToken: 'at' }, path: '/logout', success: '' },
];

// What the test expects, written out rather than read from the code under test: CreateToken may
// have used its code or refresh token when the answer got lost, so it is resent only when the
// service says it did not process it (503, 429). Every other operation is safe to resend.
const RESENT_ONLY_WHEN_UNPROCESSED = new Set(['CreateToken']);
const MAX_ATTEMPTS = 3;

type Outcome =
  | { ok: true; requests: number }
  | { ok: false; requests: number; check: (e: unknown) => boolean; what: string };

function expected(op: string, fault: Fault, mode: Mode): Outcome {
  const failure = (check: (e: unknown) => boolean, what: string, retried: boolean): Outcome => ({
    ok: false,
    requests: retried ? MAX_ATTEMPTS : 1,
    check,
    what,
  });
  const resendable = fault === '503' || fault === '429' || !RESENT_ONLY_WHEN_UNPROCESSED.has(op);
  if (fault === 'malformed-json') {
    // A 200 that cannot be read is an answer: it is reported, not repeated.
    return failure((e) => isTransportError(e, 'ERR_SSOKIT_INVALID_RESPONSE'), 'INVALID_RESPONSE', false);
  }
  if (mode === 'once' && resendable) return { ok: true, requests: 2 };
  switch (fault) {
    case '500':
      return failure(
        (e) => isServiceError(e, 'InternalServerException') && e.status === 500,
        'ServiceError InternalServerException (500)',
        resendable,
      );
    case '503':
      return failure((e) => isServiceError(e) && e.status === 503, 'ServiceError (503)', true);
    case '429':
      return failure(
        (e) => isServiceError(e, 'TooManyRequestsException') && e.throttling,
        'ServiceError TooManyRequestsException (throttling)',
        true,
      );
    case 'hang':
      return failure((e) => isTransportError(e, 'ERR_SSOKIT_TIMEOUT'), 'TransportError TIMEOUT', resendable);
    default:
      // reset, truncated: the connection closed before a whole answer.
      return failure((e) => isTransportError(e, 'ERR_SSOKIT_NETWORK'), 'TransportError NETWORK', resendable);
  }
}

let server: http.Server;
let endpoint: string;
let agent: Agent;
const sockets = new Set<Socket>();
const hanging = new Set<http.ServerResponse>();
let current: { path: string; success: string; fault: Fault; mode: Mode; requests: number };

function serviceError(res: http.ServerResponse, status: number, name: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': name });
  res.end(JSON.stringify({ error: 'fault', message: `injected ${name}` }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== current.path) {
      res.writeHead(404).end();
      return;
    }
    current.requests++;
    if (current.mode === 'once' && current.requests > 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(current.success);
      return;
    }
    switch (current.fault) {
      case '500':
        return serviceError(res, 500, 'InternalServerException');
      case '503':
        return serviceError(res, 503, 'ServiceUnavailableException');
      case '429':
        return serviceError(res, 429, 'TooManyRequestsException');
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        hanging.add(res);
        return;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accessToken": "unterminated');
        return;
      case 'truncated':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '512' });
        res.write('{"roleCredentials":{"accessKeyId":"ASIA', () => req.socket.destroy());
        return;
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent = new Agent();
});

afterAll(async () => {
  await agent.close();
  for (const s of sockets) s.destroy();
  server.close();
  await once(server, 'close');
});

const matrix = CASES.flatMap((c) =>
  FAULTS.flatMap((fault) => (['once', 'always'] as const).map((mode) => ({ ...c, fault, mode }))),
);

describe('fault matrix: every operation × every fault ends in a typed error or a successful retry', () => {
  it.each(matrix.map((m) => [m.op.name, m.fault, m.mode, m] as const))('%s, %s (%s)', async (...args) => {
    const { op, input, path, success, fault, mode } = args[3];
    current = { path, success, fault, mode, requests: 0 };
    // An attempt that must succeed needs room on a loaded CI machine (an 80 ms limit failed there);
    // only attempts that are meant to hang get a short one, so the hanging cases stay quick.
    const timeoutMs = fault !== 'hang' ? 2000 : mode === 'once' ? 500 : 80;
    const transport = new Transport({ endpoint, dispatcher: agent, timeoutMs, random: () => 0 });
    const want = expected(op.name, fault, mode);
    const started = Date.now();
    const result = await transport.send(op, input as never).then(
      (value: unknown) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const elapsed = Date.now() - started;
    for (const res of hanging) res.destroy();
    hanging.clear();

    // None hangs: at most three attempts, each cut at its time limit, and no backoff.
    expect(elapsed).toBeLessThan(3 * timeoutMs + 1500);
    expect(current.requests, 'requests the service saw').toBe(want.requests);
    if (want.ok) {
      expect(result.ok, `expected a successful retry, got ${result.ok ? '' : String(result.error)}`).toBe(
        true,
      );
      if (result.ok) expect(result.value).toEqual(JSON.parse(success || '{}'));
    } else {
      expect(result.ok, `expected ${want.what}`).toBe(false);
      if (!result.ok) {
        expect(want.check(result.error), `expected ${want.what}, got ${String(result.error)}`).toBe(true);
        // Typed: an SsokitError with a stable code and the operation, and an actionable message.
        expect((result.error as { code?: unknown }).code).toEqual(expect.any(String));
        expect((result.error as Error).message).toContain(op.name);
      }
    }
    await transport.close();
  });
});
