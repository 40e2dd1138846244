import { createHash } from 'node:crypto';

/**
 * Credentials this emulator issued, whichever API issued them, with the identity that signs with
 * them: what `IdentityCenter.issuedCredentials` answers.
 *
 * @example
 * ```ts
 * declare const issued: IssuedCredentials | undefined; // what the emulator's credentials lookup answers
 * if (issued) console.log(issued.arn); // arn:aws:sts::111111111111:assumed-role/Deploy/ci
 * ```
 */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Emulator-clock epoch milliseconds. */
  expiresAt: number;
  /** `sso`: the portal's GetRoleCredentials; `assumed-role`: STS AssumeRole. */
  source: 'sso' | 'assumed-role';
  accountId: string;
  /** The IAM role, e.g. `arn:aws:iam::111111111111:role/Deploy`. */
  roleArn: string;
  /** The IAM role's name (`AWSReservedSSO_{PermissionSet}_{hex}` for SSO role credentials). */
  roleName: string;
  /** The permission set, for SSO role credentials. */
  permissionSet?: string;
  /** The session name: the directory user for SSO role credentials, RoleSessionName otherwise. */
  sessionName: string;
  /** The STS identity: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string;
  /** GetCallerIdentity's UserId: `AROA…:SESSION`. */
  userId: string;
  /** The directory user at the root of the chain. */
  user: string;
}

const hash = (s: string) => createHash('sha256').update(s).digest();
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A role's unique id as IAM shows it (`AROA` + 17 characters), stable per role ARN. */
export function roleUniqueId(roleArn: string): string {
  let s = 'AROA';
  for (const b of hash(`role:${roleArn}`).subarray(0, 17)) s += UPPER_ALNUM[b % 32];
  return s;
}

/**
 * The IAM role IAM Identity Center provisions for a permission set in an account:
 * `AWSReservedSSO_{PermissionSet}_{16 hex}`, the hex stable per account and permission set.
 */
export function ssoRoleName(accountId: string, permissionSet: string): string {
  return `AWSReservedSSO_${permissionSet}_${hash(`sso:${accountId}:${permissionSet}`).toString('hex').slice(0, 16)}`;
}

/** The identity of a role session: its IAM role ARN, STS ARN and UserId. */
export function roleSessionIdentity(
  accountId: string,
  roleArn: string,
  roleName: string,
  sessionName: string,
): Pick<IssuedCredentials, 'accountId' | 'roleArn' | 'roleName' | 'sessionName' | 'arn' | 'userId'> {
  return {
    accountId,
    roleArn,
    roleName,
    sessionName,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleUniqueId(roleArn)}:${sessionName}`,
  };
}

/** The identity of SSO role credentials for `user` in `accountId` with `permissionSet`. */
export function ssoRoleIdentity(
  accountId: string,
  permissionSet: string,
  user: string,
): ReturnType<typeof roleSessionIdentity> {
  const roleName = ssoRoleName(accountId, permissionSet);
  const roleArn = `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${roleName}`;
  return roleSessionIdentity(accountId, roleArn, roleName, user);
}
