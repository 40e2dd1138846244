import { z } from 'zod';
import { defineOperation } from './binding.js';
import {
  ASSUME_ROLE_DURATION,
  EXTERNAL_ID_PATTERN,
  ROLE_SESSION_NAME_PATTERN,
  STS_API_VERSION,
} from './sts-limits.js';

// STS speaks the AWS Query protocol: members travel under their own (PascalCase) names in a
// form body, and answers are XML, which the transport turns into the object under
// `<{Operation}Result>`; these schemas check that object.

/** AssumeRole request (the members ssokit sends; AWS accepts more, e.g. `Tags`). */
export const AssumeRoleRequest = z.object({
  RoleArn: z
    .string({ error: 'RoleArn is required' })
    .min(20, { error: 'RoleArn must be a role ARN (arn:aws:iam::123456789012:role/NAME)' })
    .max(2048),
  RoleSessionName: z.string({ error: 'RoleSessionName is required' }).regex(ROLE_SESSION_NAME_PATTERN, {
    error: 'RoleSessionName must be 2 to 64 letters, digits or _+=,.@-',
  }),
  ExternalId: z
    .string()
    .regex(EXTERNAL_ID_PATTERN, { error: 'ExternalId must be 2 to 1224 letters, digits or _+=,.@:/-' })
    .optional(),
  DurationSeconds: z
    .number()
    .int({ error: 'DurationSeconds must be a whole number of seconds' })
    .min(ASSUME_ROLE_DURATION.min, { error: 'DurationSeconds must be between 900 and 43200' })
    .max(ASSUME_ROLE_DURATION.max, { error: 'DurationSeconds must be between 900 and 43200' })
    .optional(),
  Policy: z.string().min(1).optional(),
  SourceIdentity: z.string().min(2).max(64).optional(),
});

/** Temporary credentials as STS returns them; `Expiration` is an ISO 8601 timestamp. */
export const StsCredentials = z.looseObject({
  AccessKeyId: z.string().min(1),
  SecretAccessKey: z.string().min(1),
  SessionToken: z.string().min(1),
  Expiration: z.string().min(1),
});

/** The assumed-role identity: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` and `ROLEID:SESSION`. */
export const AssumedRoleUser = z.looseObject({
  Arn: z.string().optional(),
  AssumedRoleId: z.string().optional(),
});

/** AssumeRole response (the content of `<AssumeRoleResult>`). */
export const AssumeRoleResponse = z.looseObject({
  Credentials: StsCredentials,
  AssumedRoleUser: AssumedRoleUser.optional(),
  PackedPolicySize: z.string().optional(),
  SourceIdentity: z.string().optional(),
});

/** GetCallerIdentity request (no members). */
export const GetCallerIdentityRequest = z.object({});
/** GetCallerIdentity response (the content of `<GetCallerIdentityResult>`). */
export const GetCallerIdentityResponse = z.looseObject({
  Account: z.string().optional(),
  Arn: z.string().optional(),
  UserId: z.string().optional(),
});

/**
 * The error document of the AWS Query protocol:
 * `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`,
 * as an object (the transport reads it when decoding an error).
 */
export const StsErrorResponse = z.looseObject({
  Error: z
    .looseObject({
      Type: z.string().optional(),
      Code: z.string().optional(),
      Message: z.string().optional(),
    })
    .optional(),
  RequestId: z.string().optional(),
});

// Every STS operation is `POST /` with the action in the form body, SigV4-signed with service `sts`;
// none changes state, so a replay only gives a second answer.
function stsOperation<I extends z.ZodType, O extends z.ZodType, N extends string>(
  name: N,
  input: I,
  output: O,
) {
  return defineOperation({
    name,
    service: 'sts',
    method: 'POST',
    path: '/',
    members: {},
    hasBody: true,
    protocol: 'awsQuery',
    apiVersion: STS_API_VERSION,
    signed: true,
    replaySafe: true,
    input,
    output,
  });
}

/** STS AssumeRole (`POST /`, `Action=AssumeRole`, SigV4 with service `sts`). */
export const AssumeRole = stsOperation('AssumeRole', AssumeRoleRequest, AssumeRoleResponse);

/** STS GetCallerIdentity (`POST /`, `Action=GetCallerIdentity`, SigV4 with service `sts`). */
export const GetCallerIdentity = stsOperation(
  'GetCallerIdentity',
  GetCallerIdentityRequest,
  GetCallerIdentityResponse,
);

/** The STS operations ssokit sends, by name (kept apart from the eight Identity Center operations). */
export const STS_OPERATIONS = Object.freeze({ AssumeRole, GetCallerIdentity });

/** AssumeRole request type. */
export type AssumeRoleRequest = z.infer<typeof AssumeRoleRequest>;
/** AssumeRole response type. */
export type AssumeRoleResponse = z.infer<typeof AssumeRoleResponse>;
/** GetCallerIdentity response type. */
export type GetCallerIdentityResponse = z.infer<typeof GetCallerIdentityResponse>;
