import type { AccountInfo, RoleInfo } from '@ssokit/protocol';
import { type Clock, isSsokitError, systemClock } from '@ssokit/protocol/core';
import { computeBackoff, isServiceError, resolveRetryOptions, sleepOnClock } from '@ssokit/transport';
import { AdaptiveRateLimiter } from './adaptive-rate.js';
import { checkNextToken } from './paginate.js';
import type { PortalCallOptions, SsoPortalClient } from './portal-client.js';

/**
 * How far an {@link enumerateAccountRoles} run has got.
 *
 * @example
 * ```ts
 * const onProgress = (p: EnumerationProgress) => console.error(`${p.accountsDone}/${p.accountsTotal} accounts, ${p.roles} roles`);
 * ```
 */
export interface EnumerationProgress {
  /** Accounts whose roles are all listed. */
  accountsDone: number;
  /** Accounts in total (known once the account listing is complete; 0 before). */
  accountsTotal: number;
  /** Roles found so far. */
  roles: number;
  /** Throttled (429) answers seen so far; each was retried. */
  throttled: number;
}

/**
 * Options of {@link enumerateAccountRoles}.
 */
export interface EnumerateAccountRolesOptions {
  accessToken: string;
  /** ListAccountRoles calls in flight at once. Default 8. */
  concurrency?: number;
  /**
   * Ceiling of the client-side rate of ListAccountRoles calls, per second. Default 20, the
   * documented limit of the API. The rate drops on throttling and creeps back up to this.
   */
  ratePerSecond?: number;
  /** Calls that may leave at once after an idle spell. Default 1 (evenly spaced). */
  burst?: number;
  /** `maxResults` of every ListAccounts and ListAccountRoles page, 1–100. Default 100. */
  pageSize?: number;
  /** How often one call is retried on throttling or a transient fault before the run fails. Default 10. */
  maxRetries?: number;
  /** Called after each account and each throttle. */
  onProgress?: (progress: EnumerationProgress) => void;
  /** Stops the run; the iterator then throws an `ErrorCode.ABORTED` error. */
  signal?: AbortSignal;
  /** Time source of the rate limiter and backoff sleeps. */
  clock?: Clock;
  /** Numbers in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * One role the signed-in user may take, with its account.
 *
 * @example
 * ```ts
 * for await (const { account, role } of enumerateAccountRoles(client, { accessToken }))
 *   console.log(`${account.accountName} (${account.accountId}) ${role.roleName}`);
 * ```
 */
export interface AccountRole {
  account: AccountInfo;
  role: RoleInfo;
}

const DEFAULT_PAGE_SIZE = 100;

/**
 * Every (account, role) pair the signed-in user has, for organisations with thousands of
 * accounts: lists the accounts, then the roles of each account with bounded concurrency through
 * an adaptive token bucket (AIMD on 429), retrying throttled and transient failures with backoff
 * so that a run under throttling completes. Pairs arrive as accounts finish, each exactly once.
 * Breaking out of the loop or aborting `signal` stops every call in flight.
 *
 * @throws the first non-retryable error (e.g. `UnauthorizedException`), or the last error of a
 * call that still failed after `maxRetries` retries.
 *
 * @example
 * ```ts
 * import { enumerateAccountRoles, SsoPortalClient } from '@ssokit/portal-client';
 *
 * const client = new SsoPortalClient({ region: 'us-east-1' });
 * for await (const { account, role } of enumerateAccountRoles(client, {
 *   accessToken,
 *   onProgress: (p) => process.stderr.write(`\r${p.accountsDone}/${p.accountsTotal}`),
 * })) {
 *   console.log(account.accountId, role.roleName);
 * }
 * ```
 */
export async function* enumerateAccountRoles(
  client: SsoPortalClient,
  options: EnumerateAccountRolesOptions,
): AsyncGenerator<AccountRole, void, undefined> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a whole number >= 1.');
  const maxRetries = options.maxRetries ?? 10;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new RangeError('maxRetries must be a whole number >= 0.');
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const backoffOptions = resolveRetryOptions();
  const limiter = new AdaptiveRateLimiter({
    maxRatePerSecond: options.ratePerSecond ?? 20,
    burst: options.burst,
    clock,
  });
  const { accessToken } = options;
  const progress: EnumerationProgress = { accountsDone: 0, accountsTotal: 0, roles: 0, throttled: 0 };
  const report = () => options.onProgress?.({ ...progress });

  // One controller for the whole run: the caller's abort, a failure, or an early `break` stops everything.
  const run = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => run.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = run.signal;

  // Single attempts, so that every attempt of a rate-limited call passes the limiter and every 429 adjusts it.
  async function call<T>(send: (o: PortalCallOptions) => Promise<T>, limited: boolean): Promise<T> {
    for (let retry = 0; ; retry++) {
      const sentAt = limited ? await limiter.acquire(signal) : clock.now();
      try {
        const result = await send({ signal, retry: false });
        if (limited) limiter.onSuccess();
        return result;
      } catch (e) {
        if (signal.aborted || !isSsokitError(e) || !e.isRetryable || retry >= maxRetries) throw e;
        const throttled = isServiceError(e) && e.throttling;
        if (throttled) {
          progress.throttled++;
          if (limited) limiter.onThrottle(sentAt);
          report();
        }
        const backoff = computeBackoff(retry, throttled, backoffOptions, random);
        const retryAfter = isServiceError(e) ? (e.retryAfterMs ?? 0) : 0;
        await sleepOnClock(clock, Math.max(backoff, retryAfter), signal);
      }
    }
  }

  const buffer: AccountRole[] = [];
  let failure: { error: unknown } | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let work: Promise<void> | undefined;

  try {
    const accounts: AccountInfo[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await call(
        (o) => client.listAccounts({ accessToken, nextToken: token, maxResults: pageSize }, o),
        false,
      );
      accounts.push(...(page.accountList ?? []));
      nextToken = checkNextToken('ListAccounts', token, page.nextToken);
    } while (nextToken !== undefined);
    progress.accountsTotal = accounts.length;
    report();

    let next = 0;
    const worker = async () => {
      while (next < accounts.length && !signal.aborted) {
        const account = accounts[next++]!;
        const accountId = account.accountId ?? '';
        let token: string | undefined;
        do {
          const sent = token;
          const page = await call(
            (o) =>
              client.listAccountRoles({ accessToken, accountId, nextToken: sent, maxResults: pageSize }, o),
            true,
          );
          for (const role of page.roleList ?? []) buffer.push({ account, role });
          progress.roles += page.roleList?.length ?? 0;
          token = checkNextToken('ListAccountRoles', sent, page.nextToken);
          notify();
        } while (token !== undefined);
        progress.accountsDone++;
        report();
      }
    };
    const guarded = async () => {
      try {
        await worker();
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          run.abort(error);
        }
      }
    };
    work = Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, guarded)).then(() => {
      finished = true;
      notify();
    });

    for (;;) {
      if (buffer.length > 0) {
        yield* buffer.splice(0);
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    if (!finished) run.abort(new Error('enumeration stopped'));
    await work;
  }
}
