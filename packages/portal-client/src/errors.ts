import { ERROR_BRAND, errorBrand } from '@ssokit/protocol/core';
import { ServiceError, type ServiceErrorInit } from '@ssokit/transport';

// The portal's errors are the transport's `ServiceError`s named after the AWS exception, matched
// with `isServiceError(err, 'UnauthorizedException')`, as sso-oidc's are: the two clients agree.
// These four classes stay for code written against the AWS SDK's classes; each narrows the
// ServiceError brand to its name, so `err instanceof UnauthorizedException` holds for the plain
// ServiceErrors the transport throws.

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

/**
 * The access token is unknown, expired or was logged out (HTTP 401): sign in again.
 *
 * @deprecated Match with `isServiceError(err, 'UnauthorizedException')` from `@ssokit/transport`,
 * as for every sso-oidc error; this alias of the AWS SDK's class will be removed.
 *
 * @example
 * ```ts
 * try { await client.listAccounts({ accessToken }); } catch (e) {
 *   if (e instanceof UnauthorizedException) console.error('Session expired: run `ssokit login`.');
 * }
 * ```
 */
export class UnauthorizedException extends ServiceError {
  static override readonly [ERROR_BRAND] = errorBrand(ServiceError[ERROR_BRAND], 'UnauthorizedException');
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'UnauthorizedException', service: 'sso' });
  }
}

/**
 * The portal throttled the call (HTTP 429) and the retries ran out.
 *
 * @deprecated Match with `isServiceError(err, 'TooManyRequestsException')` from `@ssokit/transport`.
 *
 * @example
 * ```ts
 * try { await client.listAccountRoles({ accessToken, accountId }); } catch (e) {
 *   if (e instanceof TooManyRequestsException) console.error('Throttled; try again in a moment.');
 * }
 * ```
 */
export class TooManyRequestsException extends ServiceError {
  static override readonly [ERROR_BRAND] = errorBrand(ServiceError[ERROR_BRAND], 'TooManyRequestsException');
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'TooManyRequestsException', service: 'sso' });
  }
}

/**
 * The request is not valid (HTTP 400), e.g. a `nextToken` that belongs to another listing.
 *
 * @deprecated Match with `isServiceError(err, 'InvalidRequestException')` from `@ssokit/transport`.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidRequestException) console.error(err.serviceMessage);
 * ```
 */
export class InvalidRequestException extends ServiceError {
  static override readonly [ERROR_BRAND] = errorBrand(ServiceError[ERROR_BRAND], 'InvalidRequestException');
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'InvalidRequestException', service: 'sso' });
  }
}

/**
 * The account or role does not exist or is not assigned to the signed-in user (HTTP 404).
 *
 * @deprecated Match with `isServiceError(err, 'ResourceNotFoundException')` from `@ssokit/transport`.
 *
 * @example
 * ```ts
 * if (err instanceof ResourceNotFoundException) console.error(`No role ${roleName} in ${accountId}.`);
 * ```
 */
export class ResourceNotFoundException extends ServiceError {
  static override readonly [ERROR_BRAND] = errorBrand(ServiceError[ERROR_BRAND], 'ResourceNotFoundException');
  constructor(init: PortalErrorInit) {
    super({ ...init, name: 'ResourceNotFoundException', service: 'sso' });
  }
}
