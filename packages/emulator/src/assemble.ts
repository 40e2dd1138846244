import { validateRegion } from '@ssokit/protocol';
import type { Hono } from 'hono';
import { AdminState } from './admin/admin-state.js';
import { createEmulatorAdmin, type EmulatorAdmin } from './admin/emulator-admin.js';
import { EmulatorClock } from './clock.js';
import { EmulatorError, EmulatorErrorCode } from './errors.js';
import { type DirectoryFixture, loadFixture } from './fixture.js';
import { createApp } from './http/app.js';
import type { Env } from './http/context.js';
import { HostGuard } from './http/host-guard.js';
import { IdentityCenter } from './identity-center/identity-center.js';
import { DEFAULT_LIMITS, type OptionNamer, type ParsedEmulatorOptions } from './options.js';

/** An emulator put together but not listening: what `startEmulator` serves, and what in-process tests drive. */
export interface EmulatorParts {
  region: string;
  clock: EmulatorClock;
  engine: IdentityCenter;
  state: AdminState;
  admin: EmulatorAdmin;
  /** Configured with the port and names once listening; until then it admits loopback names only. */
  guard: HostGuard;
  app: Hono<Env>;
  /** Tells the parts the origin they are served at (it appears in responses and pages). */
  setOrigin(origin: string): void;
}

/** Builds the state, the admin controls and the HTTP app from checked options. */
export function assembleEmulator(
  options: ParsedEmulatorOptions,
  nameOf: OptionNamer = (path) => path,
  clock: EmulatorClock = new EmulatorClock(),
): EmulatorParts {
  const region = options.region ?? 'us-east-1';
  try {
    validateRegion(region);
  } catch (cause) {
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      `${nameOf('region')} ${region} is not a valid AWS region`,
      { cause },
    );
  }
  const directory = loadFixture(options.fixture as DirectoryFixture | string | undefined);
  const autoApproveUser =
    options.autoApprove === undefined || options.autoApprove === false
      ? undefined
      : ((options.autoApprove === true ? undefined : options.autoApprove.user) ??
        directory.users[0]!.userName);
  if (autoApproveUser !== undefined && !directory.users.some((u) => u.userName === autoApproveUser))
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      `${nameOf('autoApprove.user')} ${autoApproveUser} is not in the directory`,
    );

  let origin = '';
  const engine = new IdentityCenter(
    directory,
    {
      deviceCodeExpiresInSeconds: options.deviceCodeExpiresInSeconds ?? 600,
      pollIntervalSeconds: Math.ceil(options.pollIntervalSeconds ?? 5),
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      sessionDurationSeconds: options.sessionDurationSeconds ?? 8 * 3600,
      clientSecretTtlSeconds: options.clientSecretTtlSeconds ?? 90 * 24 * 3600,
      roleCredentialsTtlSeconds: options.roleCredentialsTtlSeconds ?? 3600,
      authCodeTtlSeconds: options.authCodeTtlSeconds ?? 60,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      autoApproveUser,
    },
    clock,
    () => origin,
  );
  const state = new AdminState(options.maxRecordedRequests ?? 10_000, () => clock.now());
  for (const [op, perSecond] of Object.entries(options.rateLimits ?? {})) state.setRateLimit(op, perSecond);

  const admin = createEmulatorAdmin(engine, state, clock);

  const guard = new HostGuard();
  const app = createApp({ engine, state, region, now: () => clock.now(), admin, guard });
  return {
    region,
    clock,
    engine,
    state,
    admin,
    guard,
    app,
    setOrigin: (o) => {
      origin = o;
    },
  };
}
