import { ListAccounts } from '@ssokit/protocol';
import { type Clock, isSsokitError, systemClock } from '@ssokit/protocol/core';
import { afterEach, describe, expect, it } from 'vitest';
import { mockAgent, rejection } from '../test/helpers.js';
import { abortedError, sleepOnClock } from './clock.js';
import { isTransportError, TransportError } from './errors.js';
import { Transport } from './transport.js';

const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';

describe('abortedError', () => {
  it('is a TransportError with ABORTED, keeping the reason as cause', () => {
    const reason = new Error('stop');
    const controller = new AbortController();
    controller.abort(reason);
    const err = abortedError(controller.signal);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
    expect(err.cause).toBe(reason);
    expect(err.isRetryable).toBe(false);
  });

  it('passes a TransportError reason (a timeout) through unchanged', () => {
    const timeout = new TransportError('ERR_SSOKIT_TIMEOUT', 'too slow', { isRetryable: true });
    expect(abortedError(AbortSignal.abort(timeout))).toBe(timeout);
  });
});

describe('an abort during a backoff sleep on the system clock', () => {
  const agent = mockAgent();
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('rejects with the transport error, not the clock’s plain one', async () => {
    agent
      .get(PORTAL)
      .intercept({ path: () => true, method: 'GET' })
      .reply(500, '{}');
    const controller = new AbortController();
    // The system clock, with the caller giving up the moment the backoff starts.
    const clock: Clock = {
      now: () => systemClock.now(),
      sleep: (ms, signal) => {
        controller.abort(new Error('stop'));
        return systemClock.sleep(ms, signal);
      },
    };
    const transport = new Transport({ endpoint: PORTAL, dispatcher: agent, clock });
    const err = await rejection(
      transport.send(ListAccounts, { accessToken: 'token' }, { signal: controller.signal }),
    );
    expect(isSsokitError(err)).toBe(true);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
  });
});

describe('sleepOnClock', () => {
  it('turns any clock’s abort into the transport error, and lets other failures through', async () => {
    const controller = new AbortController();
    const pending = sleepOnClock(systemClock, 60_000, controller.signal);
    controller.abort(new Error('stop'));
    expect(isTransportError(await rejection(pending), 'ERR_SSOKIT_ABORTED')).toBe(true);

    const broken: Clock = { now: () => 0, sleep: () => Promise.reject(new Error('broken clock')) };
    expect(((await rejection(sleepOnClock(broken, 1))) as Error).message).toBe('broken clock');
    await expect(sleepOnClock(systemClock, 0)).resolves.toBeUndefined();
  });
});
