/**
 * sso portal client: role credentials, paginated account and role listing, and rate-limit-aware
 * org-scale enumeration.
 *
 * @packageDocumentation
 */
export { AdaptiveRateLimiter, type AdaptiveRateOptions } from './adaptive-rate.js';
export {
  type AccountRole,
  type EnumerateAccountRolesOptions,
  type EnumerationProgress,
  enumerateAccountRoles,
} from './enumerate-account-roles.js';
export {
  InvalidRequestException,
  type PortalErrorInit,
  ResourceNotFoundException,
  TooManyRequestsException,
  UnauthorizedException,
} from './errors.js';
export {
  type PaginateAccountRolesInput,
  type PaginateAccountsInput,
  paginateAccountRoles,
  paginateAccounts,
} from './paginate.js';
export { type PortalCallOptions, SsoPortalClient, type SsoPortalClientOptions } from './portal-client.js';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.js';
