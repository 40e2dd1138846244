import { BoundedMap } from '../bounded-map.js';
import type { Directory } from '../fixture.js';
import { EXTERNAL_ID_PATTERN, ROLE_ARN_PATTERN } from '../fixture.js';
import type { StateContext } from '../identity-center/settings.js';
import { newAccessKeyId, newSecretAndSessionToken } from '../ids.js';
import { type IssuedCredentials, roleSessionIdentity } from './identity.js';

/**
 * An STS error as AWS answers it: the `Code` of the error XML and its HTTP status.
 * Internal: the HTTP layer renders it.
 */
export class StsFailure extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A ValidationError in the words AWS uses for model constraints (`1 validation error detected: …`). */
const validationError = (problems: string[]): StsFailure =>
  new StsFailure(
    'ValidationError',
    `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    400,
  );

/** Duration limits: 15 minutes to 12 hours; one hour for a role assumed with role-session credentials. */
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const ROLE_CHAINING_MAX_DURATION = 3600;
const SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;

/** AssumeRole's parameters, as sent (form fields). */
export interface AssumeRoleParams {
  RoleArn?: string;
  RoleSessionName?: string;
  DurationSeconds?: string;
  ExternalId?: string;
}

/**
 * A role session AssumeRole issued, as the admin API lists it: its identity and expiry, no secrets.
 *
 * @example
 * ```ts
 * emulator.admin.assumedRoleSessions().map((s) => s.arn); // ['arn:aws:sts::111111111111:assumed-role/Deploy/ci']
 * ```
 */
export type AssumedRoleSession = Omit<IssuedCredentials, 'secretAccessKey' | 'sessionToken'>;

/** AssumeRole's result. */
export interface AssumeRoleResult {
  credentials: IssuedCredentials;
  assumedRoleId: string;
}

/** Checks the members against the API's model constraints; the problems in AWS's words. */
function modelProblems(p: AssumeRoleParams): string[] {
  const out: string[] = [];
  const value = (v: string) => `Value '${v}' at`;
  const length = (name: string, v: string | undefined, min: number, max: number, required: boolean) => {
    if (v === undefined) {
      if (required) out.push(`Value null at '${name}' failed to satisfy constraint: Member must not be null`);
      return false;
    }
    if (v.length < min)
      out.push(
        `${value(v)} '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`,
      );
    else if (v.length > max)
      out.push(
        `${value(v)} '${name}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      );
    else return true;
    return false;
  };
  length('roleArn', p.RoleArn, 20, 2048, true);
  if (
    length('roleSessionName', p.RoleSessionName, 2, 64, true) &&
    !SESSION_NAME_PATTERN.test(p.RoleSessionName!)
  )
    out.push(
      `${value(p.RoleSessionName!)} 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  if (length('externalId', p.ExternalId, 2, 1224, false) && !EXTERNAL_ID_PATTERN.test(p.ExternalId!))
    out.push(
      `${value(p.ExternalId!)} 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`,
    );
  if (p.DurationSeconds !== undefined) {
    const d = Number(p.DurationSeconds);
    if (!/^\d+$/.test(p.DurationSeconds))
      out.push(
        `${value(p.DurationSeconds)} 'durationSeconds' failed to satisfy constraint: Member must be an integer`,
      );
    else if (d < MIN_DURATION)
      out.push(
        `${value(p.DurationSeconds)} 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION}`,
      );
    else if (d > MAX_DURATION)
      out.push(
        `${value(p.DurationSeconds)} 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${MAX_DURATION}`,
      );
  }
  return out;
}

/**
 * STS over the emulator clock: who signed a request (GetCallerIdentity) and AssumeRole by the
 * fixture's roles and trust rules. Every credential the emulator issues belongs to a role
 * session, so AssumeRole is always role chaining, limited to one hour as in AWS.
 */
export class SecurityTokenService {
  readonly #assumed: BoundedMap<string, IssuedCredentials>;
  readonly #roles: Map<string, NonNullable<Directory['iamRoles']>[number]>;

  constructor(
    private readonly ctx: StateContext,
    roles: Directory['iamRoles'],
  ) {
    this.#assumed = new BoundedMap(ctx.settings.limits.roleCredentials);
    this.#roles = new Map((roles ?? []).map((r) => [r.roleArn, r]));
  }

  /** How many AssumeRole sessions it holds. */
  get size(): number {
    return this.#assumed.size;
  }

  clear(): void {
    this.#assumed.clear();
  }

  /** Credentials AssumeRole issued, expired ones included. */
  assumedCredentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.#assumed.get(accessKeyId);
  }

  /** The sessions AssumeRole issued, oldest first, without their secrets. */
  sessions(): AssumedRoleSession[] {
    return [...this.#assumed.values()].map(({ secretAccessKey: _s, sessionToken: _t, ...rest }) => rest);
  }

  /** AssumeRole for `caller` (credentials the emulator issued, already verified and unexpired). */
  assumeRole(caller: IssuedCredentials, p: AssumeRoleParams): AssumeRoleResult {
    const problems = modelProblems(p);
    if (problems.length > 0) throw validationError(problems);
    const roleArn = p.RoleArn!;
    const arn = ROLE_ARN_PATTERN.exec(roleArn);
    if (!arn) throw new StsFailure('ValidationError', 'Request ARN is invalid', 400);
    const role = this.#roles.get(roleArn);
    const trusted = role?.trust.find((t) =>
      t.roleArn !== undefined
        ? caller.source === 'assumed-role' && caller.roleArn === t.roleArn
        : caller.source === 'sso' &&
          caller.accountId === t.accountId &&
          caller.permissionSet === t.permissionSet,
    );
    if (trusted === undefined || (trusted.externalId !== undefined && trusted.externalId !== p.ExternalId))
      throw new StsFailure(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    const duration = p.DurationSeconds === undefined ? ROLE_CHAINING_MAX_DURATION : Number(p.DurationSeconds);
    if (duration > ROLE_CHAINING_MAX_DURATION)
      throw new StsFailure(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        400,
      );
    const credentials: IssuedCredentials = {
      accessKeyId: newAccessKeyId(),
      ...newSecretAndSessionToken(),
      expiresAt: this.ctx.clock.now() + duration * 1000,
      source: 'assumed-role',
      ...roleSessionIdentity(arn[1]!, roleArn, arn[2]!, p.RoleSessionName!),
      user: caller.user,
    };
    this.#assumed.set(credentials.accessKeyId, credentials);
    return { credentials, assumedRoleId: credentials.userId };
  }
}
