import type { OperationName } from '@ssokit/protocol';
import type { EmulatorClock } from '../clock.js';
import { EmulatorError, EmulatorErrorCode } from '../errors.js';
import { ROUTE_PATHS } from '../http/routes.js';
import type { PendingDeviceAuthorization } from '../identity-center/device-authorizations.js';
import type { IdentityCenter, IssuedAccessToken, StateSizes } from '../identity-center/identity-center.js';
import { parseFaultSpec, requireOperation } from '../options.js';
import type { AssumedRoleSession } from '../sts/security-token-service.js';
import type { AdminState, FaultSpec } from './admin-state.js';
import type { RecordedRequest } from './request-log.js';

/**
 * The admin controls (`emulator.admin`) for tests: decide authorizations, read the log, move the
 * clock, inject faults. The same controls answer over HTTP under `/_emulator/` (loopback clients only).
 *
 * @example
 * ```ts
 * const [pending] = emulator.admin.pendingDeviceAuthorizations();
 * if (pending) emulator.admin.approve(pending.userCode, 'bob');
 * emulator.admin.advanceClock(3_600_000); // the access token has now expired
 * expect(emulator.admin.counters().CreateToken).toBe(2);
 * ```
 */
export interface EmulatorAdmin {
  /** Approves a pending device authorization as `user` (default: the directory's first user). */
  approve(userCode: string, user?: string): void;
  /** Denies a pending device authorization. */
  deny(userCode: string): void;
  /** Device authorizations still waiting for a decision. */
  pendingDeviceAuthorizations(): PendingDeviceAuthorization[];
  /** Every request received (admin calls excluded), oldest first, secrets redacted. */
  requests(): RecordedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Requests received per operation. */
  counters(): Record<string, number>;
  /** Moves the emulator clock forward. */
  advanceClock(ms: number): void;
  /** The emulator clock, epoch milliseconds. */
  now(): number;
  /** Forgets clients, tokens, sessions, the log, counters, faults; puts the clock back to real time. */
  reset(): void;
  /** Injects a fault on a route. */
  injectFault(fault: FaultSpec): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** Sets (or, with `undefined`, removes) the rate limit of one operation. */
  setRateLimit(operation: OperationName, perSecond: number | undefined): void;
  /** Makes every refresh token stop working (as when an administrator ends sessions). */
  revokeRefreshTokens(): void;
  /** Mints an access token for `user` without a sign-in flow, for fast tests of portal calls. */
  issueAccessToken(user?: string, opts?: { refreshable?: boolean }): IssuedAccessToken;
  /** How many clients, authorizations, tokens, credentials and log entries it holds now. */
  sizes(): StateSizes;
  /** The role sessions STS AssumeRole issued, oldest first, without their secrets. */
  assumedRoleSessions(): AssumedRoleSession[];
}

/** The admin controls over one emulator's state and clock; `/_emulator/` calls the same object. */
export function createEmulatorAdmin(
  engine: IdentityCenter,
  state: AdminState,
  clock: EmulatorClock,
): EmulatorAdmin {
  return {
    approve: (userCode, user) => engine.devices.decide(userCode, 'approve', user),
    deny: (userCode) => engine.devices.decide(userCode, 'deny'),
    pendingDeviceAuthorizations: () => engine.devices.pending(),
    requests: () => state.log.toArray().map((r) => structuredClone(r)),
    clearRequests: () => state.log.clear(),
    counters: () => ({ ...state.counters }),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    reset: () => {
      engine.reset();
      state.reset();
      clock.reset();
    },
    injectFault: (fault) => state.addFault(parseFaultSpec(fault, ROUTE_PATHS)),
    clearFaults: () => state.clearFaults(),
    setRateLimit: (operation, perSecond) => {
      requireOperation(operation, 'setRateLimit', EmulatorErrorCode.INVALID_ARGUMENT);
      if (
        perSecond !== undefined &&
        !(typeof perSecond === 'number' && perSecond > 0 && Number.isFinite(perSecond))
      )
        throw new EmulatorError(
          EmulatorErrorCode.INVALID_ARGUMENT,
          `setRateLimit takes requests per second > 0, or undefined to remove the limit (got ${String(perSecond)})`,
        );
      state.setRateLimit(operation, perSecond);
    },
    revokeRefreshTokens: () => engine.sessions.revokeRefreshTokens(),
    issueAccessToken: (user, opts) => engine.issueAccessToken(user, opts),
    sizes: () => ({ ...engine.sizes(), requests: state.log.size }),
    assumedRoleSessions: () => engine.sts.sessions(),
  };
}
