/** The STS API version every AWS Query request names (`Version=2011-06-15`). */
export const STS_API_VERSION = '2011-06-15';

/** The signing name of STS (SigV4 `service`). */
export const STS_SIGNING_NAME = 'sts';

/** A role session name: 2 to 64 of letters, digits and `_+=,.@-` (AWS STS AssumeRole reference). */
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

/** An external id: 2 to 1224 of letters, digits and `_+=,.@:/-` (AWS STS AssumeRole reference). */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * Limits of AssumeRole's `DurationSeconds`: 900 s to 43200 s (the role's maximum session duration
 * caps it further), and at most 3600 s when the caller's credentials come from an assumed role
 * (role chaining). AWS documents both in "Using IAM roles" / "Role chaining".
 */
export const ASSUME_ROLE_DURATION = Object.freeze({ min: 900, max: 43_200, chainedMax: 3600 });

/** A role ARN, `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`; captures partition, account and the name with its path. */
export const ROLE_ARN_PATTERN = /^arn:(aws[\w-]*):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;
