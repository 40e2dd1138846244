import { isServiceError, ServiceError, type ServiceErrorInit } from '@ssokit/transport';

/**
 * What a portal exception is built from: everything of a {@link ServiceError} but its name and service.
 *
 * @example
 * ```ts
 * const init: PortalErrorInit = { operation: 'ListAccounts', status: 401, fault: 'client', throttling: false, isRetryable: false };
 * new UnauthorizedException(init).name; // 'UnauthorizedException'
 * ```
 */
export type PortalErrorInit = Omit<ServiceErrorInit, 'name' | 'service'>;

// Each class matches every ServiceError of its name by brand, so `err instanceof UnauthorizedException`
// holds for the errors the transport throws (which are plain ServiceErrors) as it does with the AWS SDK.

/**
 * The access token is unknown, expired or was logged out (HTTP 401): sign in again.
 *
 * @example
 * ```ts
 * try { await client.listAccounts({ accessToken }); } catch (e) {
 *   if (e instanceof UnauthorizedException) console.error('Session expired: run `ssokit login`.');
 * }
 * ```
 */
export class UnauthorizedException extends ServiceError {
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'UnauthorizedException', service: 'sso' });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isServiceError(value, 'UnauthorizedException');
  }
}

/**
 * The portal throttled the call (HTTP 429) and the retries ran out.
 *
 * @example
 * ```ts
 * try { await client.listAccountRoles({ accessToken, accountId }); } catch (e) {
 *   if (e instanceof TooManyRequestsException) console.error('Throttled; try again in a moment.');
 * }
 * ```
 */
export class TooManyRequestsException extends ServiceError {
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'TooManyRequestsException', service: 'sso' });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isServiceError(value, 'TooManyRequestsException');
  }
}

/**
 * The request is not valid (HTTP 400), e.g. a `nextToken` that belongs to another listing.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidRequestException) console.error(err.serviceMessage);
 * ```
 */
export class InvalidRequestException extends ServiceError {
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'InvalidRequestException', service: 'sso' });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isServiceError(value, 'InvalidRequestException');
  }
}

/**
 * The account or role does not exist or is not assigned to the signed-in user (HTTP 404).
 *
 * @example
 * ```ts
 * if (err instanceof ResourceNotFoundException) console.error(`No role ${roleName} in ${accountId}.`);
 * ```
 */
export class ResourceNotFoundException extends ServiceError {
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'ResourceNotFoundException', service: 'sso' });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isServiceError(value, 'ResourceNotFoundException');
  }
}
