import type { EmulatorClock } from '../clock.js';

/** Timing and behaviour settings of the semantics layer (resolved options). */
export interface EngineSettings {
  deviceCodeExpiresInSeconds: number;
  pollIntervalSeconds: number;
  accessTokenTtlSeconds: number;
  sessionDurationSeconds: number;
  clientSecretTtlSeconds: number;
  roleCredentialsTtlSeconds: number;
  authCodeTtlSeconds: number;
  /** User approving everything at once, or undefined when a person (or admin call) must decide. */
  autoApproveUser: string | undefined;
  /** How many of each kind of state it keeps (oldest dropped first). */
  limits: { clients: number; authorizations: number; tokens: number; roleCredentials: number };
}

/**
 * How long an `/authorize` request waits for the person's decision. Its own lifetime: it does not
 * follow `deviceCodeExpiresInSeconds`, which is the device flow's.
 */
export const AUTHORIZE_REQUEST_TTL_SECONDS = 600;

/** What every piece of state reads: its settings and the emulator clock. */
export interface StateContext {
  readonly settings: EngineSettings;
  readonly clock: EmulatorClock;
  /** The emulator's origin, e.g. `http://127.0.0.1:54321` (known once it listens). */
  readonly origin: () => string;
}

/** The emulator clock in epoch seconds, as registration timestamps are. */
export const nowSeconds = (ctx: StateContext): number => Math.floor(ctx.clock.now() / 1000);
