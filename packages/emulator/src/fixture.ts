import { readFileSync } from 'node:fs';
import { ACCOUNT_ID_PATTERN } from '@ssokit/protocol';
import { z } from 'zod';
import { EmulatorError, EmulatorErrorCode } from './errors.js';
import { didYouMean } from './suggest.js';

const AccountFixture = z.object({
  accountId: z.string().regex(ACCOUNT_ID_PATTERN, { error: 'accountId must be 12 digits' }),
  accountName: z.string().min(1),
  emailAddress: z.string().min(1),
  /** Permission sets (role names) provisioned in this account. */
  roles: z.array(z.string().min(1)).min(1),
});

const AssignmentFixture = z.object({
  accountId: z.string(),
  roleNames: z.array(z.string().min(1)).min(1),
});

const UserFixture = z.object({
  userName: z.string().min(1),
  displayName: z.string().optional(),
  email: z.string().optional(),
  assignments: z.array(AssignmentFixture),
});

/** An IAM role ARN: `arn:aws:iam::ACCOUNT:role/NAME`, optionally with a path before the name. */
export const ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** What AWS accepts as an ExternalId: 2–1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

const RoleArn = z.string().regex(ROLE_ARN_PATTERN, {
  error: 'must be an IAM role ARN such as arn:aws:iam::111111111111:role/Deploy',
});

/**
 * Who may assume a role: an IAM Identity Center permission set in an account (its SSO role
 * credentials), or another IAM role (credentials from an earlier AssumeRole); optionally only
 * with an ExternalId.
 */
const TrustFixture = z
  .strictObject({
    accountId: z.string().regex(ACCOUNT_ID_PATTERN, { error: 'accountId must be 12 digits' }).optional(),
    permissionSet: z.string().min(1).optional(),
    roleArn: RoleArn.optional(),
    externalId: z
      .string()
      .regex(EXTERNAL_ID_PATTERN, { error: 'externalId must be 2-1224 characters of [\\w+=,.@:/-]' })
      .optional(),
  })
  .superRefine((t, ctx) => {
    const sso = t.accountId !== undefined || t.permissionSet !== undefined;
    if (
      sso === (t.roleArn !== undefined) ||
      (sso && (t.accountId === undefined || t.permissionSet === undefined))
    )
      ctx.addIssue({
        code: 'custom',
        message: 'a trust entry names either accountId + permissionSet (SSO role credentials) or roleArn',
      });
  });

const IamRoleFixture = z.strictObject({
  roleArn: RoleArn,
  /** The principals the role's trust policy allows to assume it. */
  trust: z.array(TrustFixture).min(1, { error: 'a role needs at least one trust entry' }),
});

const TrustedTokenIssuerFixture = z.object({
  /** The `iss` claim of assertions this issuer signs. */
  issuerUrl: z.string().min(1),
  /** The issuer's public keys (a JWK Set). */
  jwks: z.object({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) }),
  /** The claim that names the directory user: matched against `email`, then `userName`. */
  userClaim: z.string().default('email'),
  /** Expected `aud` claim, if any. */
  audience: z.string().optional(),
});

/**
 * zod schema of a directory fixture (the organisation the emulator serves).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 *
 * const ok = DirectoryFixtureSchema.safeParse(JSON.parse(readFileSync('directory.json', 'utf8'))).success;
 * ```
 */
export const DirectoryFixtureSchema = z
  .strictObject({
    accounts: z.array(AccountFixture),
    users: z.array(UserFixture).min(1, { error: 'a directory needs at least one user' }),
    /** Application ARNs that may call CreateTokenWithIAM. */
    applications: z.array(z.string().startsWith('arn:')).optional(),
    trustedTokenIssuers: z.array(TrustedTokenIssuerFixture).optional(),
    /** IAM roles that STS AssumeRole can hand out, besides the SSO permission sets. */
    iamRoles: z.array(IamRoleFixture).optional(),
  })
  .superRefine((d, ctx) => {
    const roleArns = new Set((d.iamRoles ?? []).map((r) => r.roleArn));
    if (roleArns.size !== (d.iamRoles ?? []).length)
      ctx.addIssue({ code: 'custom', path: ['iamRoles'], message: 'roleArn values must be unique' });
    const accounts = new Map(d.accounts.map((a) => [a.accountId, new Set(a.roles)]));
    if (accounts.size !== d.accounts.length)
      ctx.addIssue({ code: 'custom', message: 'accountId values must be unique' });
    const names = new Set(d.users.map((u) => u.userName));
    if (names.size !== d.users.length)
      ctx.addIssue({ code: 'custom', message: 'userName values must be unique' });
    for (const u of d.users) {
      for (const a of u.assignments) {
        const roles = accounts.get(a.accountId);
        if (!roles) {
          ctx.addIssue({
            code: 'custom',
            message: `user ${u.userName} is assigned to unknown account ${a.accountId}`,
          });
          continue;
        }
        for (const r of a.roleNames) {
          if (!roles.has(r))
            ctx.addIssue({
              code: 'custom',
              message: `user ${u.userName}: account ${a.accountId} has no role ${r}`,
            });
        }
      }
    }
    for (const [i, role] of (d.iamRoles ?? []).entries())
      for (const [j, t] of role.trust.entries()) {
        const path = ['iamRoles', i, 'trust', j];
        if (t.roleArn !== undefined && !roleArns.has(t.roleArn))
          ctx.addIssue({ code: 'custom', path, message: `trusts ${t.roleArn}, which is not in iamRoles` });
        if (t.accountId !== undefined && !accounts.get(t.accountId)?.has(t.permissionSet ?? ''))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `trusts permission set ${t.permissionSet} in account ${t.accountId}, which the accounts do not have`,
          });
      }
  });

/**
 * A directory: accounts with their permission sets, users with their assignments.
 *
 * @example
 * ```ts
 * const fixture: DirectoryFixture = {
 *   accounts: [{ accountId: '123456789012', accountName: 'Dev', emailAddress: 'dev@example.com', roles: ['Admin'] }],
 *   users: [{ userName: 'me', assignments: [{ accountId: '123456789012', roleNames: ['Admin'] }] }],
 * };
 * await startEmulator({ fixture });
 * ```
 */
export type DirectoryFixture = z.input<typeof DirectoryFixtureSchema>;
/**
 * A validated directory (defaults applied).
 *
 * @example
 * ```ts
 * const directory: Directory = loadFixture(undefined); // the built-in organisation
 * ```
 */
export type Directory = z.output<typeof DirectoryFixtureSchema>;

/**
 * The application ARN accepted by CreateTokenWithIAM when a fixture names none.
 *
 * @example
 * ```ts
 * const oidc = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url });
 * await oidc.createTokenWithIAM(
 *   { clientId: DEFAULT_APPLICATION_ARN, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJ…' },
 *   { credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…' } },
 * );
 * ```
 */
export const DEFAULT_APPLICATION_ARN =
  'arn:aws:sso::111111111111:application/ssoins-0000000000000000/apl-emulator00000';

/**
 * The built-in organisation: three accounts, two to four permission sets each, and two users with
 * different assignments (`alice` sees everything, `bob` a subset).
 *
 * @example
 * ```ts
 * const org = defaultOrganization();
 * org.users.map((u) => u.userName); // ['alice', 'bob']
 * ```
 */
export function defaultOrganization(): DirectoryFixture {
  return {
    accounts: [
      {
        accountId: '111111111111',
        accountName: 'Production',
        emailAddress: 'aws-prod@example.com',
        roles: ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'Billing'],
      },
      {
        accountId: '222222222222',
        accountName: 'Staging',
        emailAddress: 'aws-staging@example.com',
        roles: ['AdministratorAccess', 'ReadOnlyAccess', 'DeveloperAccess'],
      },
      {
        accountId: '333333333333',
        accountName: 'Sandbox',
        emailAddress: 'aws-sandbox@example.com',
        roles: ['AdministratorAccess', 'ReadOnlyAccess'],
      },
    ],
    users: [
      {
        userName: 'alice',
        displayName: 'Alice Example',
        email: 'alice@example.com',
        assignments: [
          {
            accountId: '111111111111',
            roleNames: ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'Billing'],
          },
          {
            accountId: '222222222222',
            roleNames: ['AdministratorAccess', 'ReadOnlyAccess', 'DeveloperAccess'],
          },
          { accountId: '333333333333', roleNames: ['AdministratorAccess', 'ReadOnlyAccess'] },
        ],
      },
      {
        userName: 'bob',
        displayName: 'Bob Example',
        email: 'bob@example.com',
        assignments: [
          { accountId: '111111111111', roleNames: ['ReadOnlyAccess'] },
          { accountId: '333333333333', roleNames: ['AdministratorAccess', 'ReadOnlyAccess'] },
        ],
      },
    ],
    applications: [DEFAULT_APPLICATION_ARN],
    iamRoles: defaultIamRoles(),
  };
}

/**
 * The built-in organisation's IAM roles: a two-step chain from an SSO role. AdministratorAccess
 * in Production (111111111111) may assume `Deploy` there, which may assume `Audit` in Staging
 * (222222222222); `Deploy` may also assume `Partner` in Sandbox (333333333333) with the
 * ExternalId `ssokit-partner`.
 *
 * @example
 * ```ts
 * defaultIamRoles().map((r) => r.roleArn);
 * // ['arn:aws:iam::111111111111:role/Deploy', 'arn:aws:iam::222222222222:role/Audit', 'arn:aws:iam::333333333333:role/Partner']
 * ```
 */
export function defaultIamRoles(): NonNullable<DirectoryFixture['iamRoles']> {
  const deploy = 'arn:aws:iam::111111111111:role/Deploy';
  return [
    { roleArn: deploy, trust: [{ accountId: '111111111111', permissionSet: 'AdministratorAccess' }] },
    { roleArn: 'arn:aws:iam::222222222222:role/Audit', trust: [{ roleArn: deploy }] },
    {
      roleArn: 'arn:aws:iam::333333333333:role/Partner',
      trust: [{ roleArn: deploy, externalId: 'ssokit-partner' }],
    },
  ];
}

/**
 * Options of {@link generateOrganization}.
 */
export interface GenerateOrganizationOptions {
  /** How many accounts. */
  accounts: number;
  /** How many permission sets each account has. */
  rolesPerAccount: number;
  /**
   * How many users (default 1), or explicit user names. The first user is assigned every role of
   * every account; each further user every role of every other account.
   */
  users?: number | string[];
}

/**
 * Builds a large organisation (N accounts × M roles) for scale and paging tests.
 *
 * @example
 * ```ts
 * const fixture = generateOrganization({ accounts: 250, rolesPerAccount: 5 });
 * const emulator = await startEmulator({ fixture });
 * ```
 */
export function generateOrganization(opts: GenerateOrganizationOptions): DirectoryFixture {
  const { accounts: n, rolesPerAccount: m } = opts;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 1)
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      'generateOrganization needs a whole number of accounts (>= 0) and rolesPerAccount (>= 1)',
    );
  const userNames = Array.isArray(opts.users)
    ? opts.users
    : Array.from({ length: opts.users ?? 1 }, (_, i) => `user${i + 1}`);
  if (userNames.length === 0)
    throw new EmulatorError(EmulatorErrorCode.INVALID_OPTION, 'generateOrganization needs at least one user');
  const accounts = Array.from({ length: n }, (_, i) => ({
    accountId: String(100000000000 + i),
    accountName: `Account ${i + 1}`,
    emailAddress: `account-${i + 1}@example.com`,
    roles: Array.from({ length: m }, (_, j) => `Role${j + 1}`),
  }));
  return {
    accounts,
    users: userNames.map((userName, u) => ({
      userName,
      displayName: userName,
      email: `${userName}@example.com`,
      assignments: accounts
        .filter((_, i) => u === 0 || i % 2 === 0)
        .map((a) => ({ accountId: a.accountId, roleNames: [...a.roles] })),
    })),
    applications: [DEFAULT_APPLICATION_ARN],
  };
}

/**
 * Validates a fixture object, or reads and validates a JSON file when given a path.
 *
 * @example
 * ```ts
 * const directory = loadFixture('./test/org.json');
 * ```
 */
export function loadFixture(fixture: DirectoryFixture | string | undefined): Directory {
  let input: unknown = fixture ?? defaultOrganization();
  if (typeof fixture === 'string') {
    try {
      input = JSON.parse(readFileSync(fixture, 'utf8'));
    } catch (cause) {
      throw new EmulatorError(
        EmulatorErrorCode.INVALID_FIXTURE,
        `Cannot read the fixture file ${fixture}: it must exist and hold JSON`,
        { cause },
      );
    }
  }
  const parsed = DirectoryFixtureSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => {
      const hint =
        i.code === 'unrecognized_keys' ? didYouMean(i.keys[0]!, knownKeys(i.path.map(String))) : '';
      return `${i.path.join('.') || '(root)'}: ${i.message}${hint}`;
    });
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_FIXTURE,
      `The directory fixture is not valid: ${first.join('; ')}`,
    );
  }
  return parsed.data;
}

/** The keys a strict object of the fixture accepts at `path`, for did-you-mean hints. */
function knownKeys(path: string[]): string[] {
  const inTrust = path.includes('trust');
  if (inTrust) return Object.keys(TrustFixture.shape);
  if (path[0] === 'iamRoles') return Object.keys(IamRoleFixture.shape);
  return path.length === 0 ? ['accounts', 'users', 'applications', 'trustedTokenIssuers', 'iamRoles'] : [];
}
