import { createHash, randomBytes } from 'node:crypto';
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { afterEach } from 'vitest';
import { assembleEmulator } from '../src/assemble.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../src/index.js';
import { parseEmulatorOptions } from '../src/options.js';

/** A `start` for a test file: the emulators it starts are closed after each test. */
export function emulatorsClosedAfterEach(): (options?: EmulatorOptions) => Promise<RunningEmulator> {
  const running: RunningEmulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });
  return async (options = {}) => {
    const e = await startEmulator(options);
    running.push(e);
    return e;
  };
}

/** The port an in-process emulator claims: requests are never sent to it. */
const IN_PROCESS_PORT = 4510;

/** An emulator served in-process: {@link RunningEmulator} plus a `fetch` that goes through `app.request()`. */
export interface InProcessEmulator extends RunningEmulator {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/**
 * The same app, rules and admin controls as {@link startEmulator}, driven through Hono's
 * `app.request()` with no socket: for tests of the rules. Fidelity, faults and limits keep
 * real sockets.
 */
export function inProcessEmulator(options: EmulatorOptions = {}): InProcessEmulator {
  const parts = assembleEmulator(parseEmulatorOptions(options));
  const url = `http://127.0.0.1:${IN_PROCESS_PORT}`;
  parts.setOrigin(url);
  parts.guard.configure(IN_PROCESS_PORT, []);
  return {
    url,
    region: parts.region,
    startUrl: `${url}/start`,
    admin: parts.admin,
    fetch: async (target, init) => parts.app.request(target, init),
    close: async () => {},
  };
}

/** SDK clients pointed at the emulator; one attempt so injected faults are seen as they are. */
export function sdkClients(emulator: RunningEmulator) {
  const common = { region: emulator.region, endpoint: emulator.url, maxAttempts: 1 };
  return { oidc: new SSOOIDCClient(common), sso: new SSOClient(common) };
}

/** A PKCE verifier and its S256 challenge, computed independently of the emulator. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Raw JSON POST (no SDK) for requests the SDK would refuse to build. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  fetcher: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<RawResponse> {
  const res = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Catches the error a promise rejects with (fails if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, got a result');
}
