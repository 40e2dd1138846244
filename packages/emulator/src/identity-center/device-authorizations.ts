import {
  type CreateTokenRequest,
  GrantType,
  SLOW_DOWN_INCREMENT_SECONDS,
  type StartDeviceAuthorizationRequest,
  type StartDeviceAuthorizationResponse,
} from '@ssokit/protocol';
import { BoundedMap } from '../bounded-map.js';
import { EmulatorError, EmulatorErrorCode, oidcError } from '../errors.js';
import { newUserCode, normalizeUserCode, randomToken } from '../ids.js';
import { checkStoredSize } from './checks.js';
import { allowsGrant, type Client, type Clients } from './clients.js';
import type { DirectoryIndex } from './directory.js';
import type { Sessions, TokenResult } from './sessions.js';
import type { StateContext } from './settings.js';

/**
 * A device authorization waiting for a person, as the admin API lists it.
 *
 * @example
 * ```ts
 * const [pending] = emulator.admin.pendingDeviceAuthorizations();
 * emulator.admin.approve(pending.userCode, 'bob');
 * ```
 */
export interface PendingDeviceAuthorization {
  userCode: string;
  clientName: string;
  /** Emulator-clock epoch milliseconds. */
  expiresAt: number;
}

type DeviceStatus = 'pending' | 'approved' | 'denied' | 'consumed';
interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  interval: number;
  status: DeviceStatus;
  user: string | undefined;
  lastPollAt: number | undefined;
}

/** The device authorization grant (RFC 8628): user codes, decisions and polling. */
export class DeviceAuthorizations {
  readonly #byDeviceCode: BoundedMap<string, DeviceAuthorization>;
  readonly #byUserCode = new Map<string, DeviceAuthorization>();

  constructor(
    private readonly ctx: StateContext,
    private readonly clients: Clients,
    private readonly directory: DirectoryIndex,
    private readonly sessions: Sessions,
  ) {
    // #byUserCode indexes #byDeviceCode: it follows its evictions
    this.#byDeviceCode = new BoundedMap(ctx.settings.limits.authorizations, (_, a) =>
      this.#byUserCode.delete(a.userCode),
    );
  }

  get size(): number {
    return this.#byDeviceCode.size;
  }

  clear(): void {
    this.#byDeviceCode.clear();
    this.#byUserCode.clear();
  }

  /** StartDeviceAuthorization: a device code for the client to poll with, a user code for the person. */
  start(req: StartDeviceAuthorizationRequest): StartDeviceAuthorizationResponse {
    const client = this.clients.authenticate(req.clientId, req.clientSecret);
    if (!allowsGrant(client, GrantType.DEVICE_CODE))
      throw oidcError(
        'UnauthorizedClientException',
        'this client is not registered for the device_code grant',
      );
    checkStoredSize('startUrl', req.startUrl);
    let start: URL;
    try {
      start = new URL(req.startUrl);
    } catch {
      throw oidcError('InvalidRequestException', 'startUrl is not a valid URL');
    }
    if (start.protocol !== 'https:' && start.protocol !== 'http:')
      throw oidcError('InvalidRequestException', 'startUrl must be an http(s) URL');
    const { settings, clock } = this.ctx;
    let userCode = newUserCode();
    while (this.#byUserCode.has(userCode)) userCode = newUserCode();
    const auth: DeviceAuthorization = {
      deviceCode: randomToken(64),
      userCode,
      clientId: client.clientId,
      startUrl: req.startUrl,
      expiresAt: clock.now() + settings.deviceCodeExpiresInSeconds * 1000,
      interval: settings.pollIntervalSeconds,
      status: 'pending',
      user: undefined,
      lastPollAt: undefined,
    };
    if (settings.autoApproveUser !== undefined) {
      auth.status = 'approved';
      auth.user = settings.autoApproveUser;
    }
    this.#byDeviceCode.set(auth.deviceCode, auth);
    this.#byUserCode.set(userCode, auth);
    const verificationUri = `${this.ctx.origin()}/device`;
    return {
      deviceCode: auth.deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
      expiresIn: settings.deviceCodeExpiresInSeconds,
      interval: auth.interval,
    };
  }

  /** Finds a device authorization a person may still decide on. */
  lookup(input: string): { userCode: string; clientName: string; scopes: string[] } | 'expired' | undefined {
    const auth = this.#byUserCode.get(normalizeUserCode(input));
    if (!auth) return undefined;
    if (this.ctx.clock.now() >= auth.expiresAt || auth.status !== 'pending') return 'expired';
    return {
      userCode: auth.userCode,
      clientName: this.clients.nameOf(auth.clientId),
      scopes: this.clients.scopesOf(auth.clientId),
    };
  }

  /** Approves (as `user`, default the directory's first) or denies a pending device authorization. */
  decide(userCode: string, decision: 'approve' | 'deny', user?: string): void {
    const auth = this.#byUserCode.get(normalizeUserCode(userCode));
    if (auth?.status !== 'pending' || this.ctx.clock.now() >= auth.expiresAt)
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_USER_CODE,
        `No pending device authorization has user code ${userCode}: it is unknown, expired or already decided`,
      );
    if (decision === 'deny') {
      auth.status = 'denied';
      return;
    }
    const who = user ?? this.directory.defaultUser;
    this.directory.requireUser(who);
    auth.status = 'approved';
    auth.user = who;
  }

  pending(): PendingDeviceAuthorization[] {
    const now = this.ctx.clock.now();
    return [...this.#byDeviceCode.values()]
      .filter((a) => a.status === 'pending' && a.expiresAt > now)
      .map((a) => ({
        userCode: a.userCode,
        clientName: this.clients.nameOf(a.clientId),
        expiresAt: a.expiresAt,
      }));
  }

  /** The device_code grant of CreateToken: tokens once approved, else the error that says why not. */
  grant(client: Client, req: CreateTokenRequest): TokenResult {
    if (!req.deviceCode)
      throw oidcError('InvalidRequestException', 'deviceCode is required for the device_code grant');
    const auth = this.#byDeviceCode.get(req.deviceCode);
    if (!auth || auth.clientId !== client.clientId)
      throw oidcError('InvalidGrantException', 'Invalid device code provided');
    const now = this.ctx.clock.now();
    if (auth.status === 'consumed')
      throw oidcError('InvalidGrantException', 'Device code has already been used');
    if (now >= auth.expiresAt) throw oidcError('ExpiredTokenException', 'Device code has expired');
    if (auth.status === 'denied')
      throw oidcError('AccessDeniedException', 'The user denied the authorization request');
    if (auth.status === 'approved') {
      auth.status = 'consumed';
      return this.sessions.start(client, auth.user!, client.scopes, false);
    }
    const last = auth.lastPollAt;
    auth.lastPollAt = now;
    if (last !== undefined && now - last < auth.interval * 1000) {
      // RFC 8628 §3.5: every slow_down makes the interval longer
      auth.interval += SLOW_DOWN_INCREMENT_SECONDS;
      throw oidcError('SlowDownException', 'Client is polling too fast; wait the interval between requests');
    }
    throw oidcError('AuthorizationPendingException', 'Authorization is still pending');
  }
}
