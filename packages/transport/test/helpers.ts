export { drive, FakeClock, settle } from '../src/testing.js';

import { MockAgent } from 'undici';

/** A MockAgent that refuses real connections. */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** Catches the rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/** A loud, unique secret that must never show up anywhere. */
export const CANARY = 'CANARY-s3cr3t-0123456789abcdef-DO-NOT-LEAK';

/** Waits (on real I/O, in short turns) until `check` holds; for tests that talk to real sockets. */
export async function until(check: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
