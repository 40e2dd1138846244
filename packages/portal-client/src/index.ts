/**
 * sso portal client: role credentials, paginated account and role listing, and rate-limit-aware org-scale enumeration.
 *
 * @packageDocumentation
 */
export {};
