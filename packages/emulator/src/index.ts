/**
 * A local AWS IAM Identity Center (sso-oidc + sso portal + sign-in pages) for tests, demos and offline development.
 *
 * @packageDocumentation
 */
export {};
