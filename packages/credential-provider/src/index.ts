/**
 * AWS SDK v3 credential provider for IAM Identity Center profiles, with the AWS CLI role-credential cache and credential_process/export formatters.
 *
 * @packageDocumentation
 */
export {};
