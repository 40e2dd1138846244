import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSsokitError } from '@ssokit/protocol';
import { describe, expect, it } from 'vitest';
import { EmulatorErrorCode } from './errors.js';
import { defaultOrganization, generateOrganization, loadFixture } from './fixture.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isSsokitError(e) ? e.code : 'not-ssokit';
  }
  return undefined;
};

describe('fixtures', () => {
  it('has a default organisation of 3 accounts with 2–4 roles and 2 users with different assignments', () => {
    const org = loadFixture(undefined);
    expect(org.accounts).toHaveLength(3);
    for (const a of org.accounts) {
      expect(a.roles.length).toBeGreaterThanOrEqual(2);
      expect(a.roles.length).toBeLessThanOrEqual(4);
      expect(a.accountName).toBeTruthy();
      expect(a.emailAddress).toContain('@');
    }
    expect(org.users).toHaveLength(2);
    expect(JSON.stringify(org.users[0]!.assignments)).not.toBe(JSON.stringify(org.users[1]!.assignments));
  });

  it('rejects assignments to unknown accounts or roles, and duplicate ids', () => {
    const org = defaultOrganization();
    org.users[1]!.assignments.push({ accountId: '999999999999', roleNames: ['X'] });
    expect(codeOf(() => loadFixture(org))).toBe(EmulatorErrorCode.INVALID_FIXTURE);
    const badRole = defaultOrganization();
    badRole.users[0]!.assignments[0]!.roleNames.push('NoSuchRole');
    expect(() => loadFixture(badRole)).toThrow(/NoSuchRole/);
    const dup = defaultOrganization();
    dup.accounts.push({ ...dup.accounts[0]! });
    expect(() => loadFixture(dup)).toThrow(/unique/);
    expect(() => loadFixture({ ...defaultOrganization(), users: [] })).toThrow(/at least one user/);
  });

  it('reads a JSON file, and says so when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-fixture-'));
    const file = join(dir, 'org.json');
    writeFileSync(file, JSON.stringify(generateOrganization({ accounts: 4, rolesPerAccount: 2, users: 2 })));
    const org = loadFixture(file);
    expect(org.accounts).toHaveLength(4);
    expect(org.users[0]!.assignments).toHaveLength(4);
    expect(org.users[1]!.assignments).toHaveLength(2);
    writeFileSync(file, '{not json');
    expect(codeOf(() => loadFixture(file))).toBe(EmulatorErrorCode.INVALID_FIXTURE);
    expect(codeOf(() => loadFixture(join(dir, 'missing.json')))).toBe(EmulatorErrorCode.INVALID_FIXTURE);
  });

  it('generates N accounts × M roles', () => {
    const org = loadFixture(generateOrganization({ accounts: 1000, rolesPerAccount: 12 }));
    expect(org.accounts).toHaveLength(1000);
    expect(new Set(org.accounts.map((a) => a.accountId)).size).toBe(1000);
    expect(org.accounts.every((a) => a.roles.length === 12)).toBe(true);
    expect(codeOf(() => generateOrganization({ accounts: -1, rolesPerAccount: 1 }))).toBe(
      EmulatorErrorCode.INVALID_OPTION,
    );
  });

  it('holds IAM roles with trust rules, and names typos and dangling references', () => {
    const org = loadFixture(undefined);
    expect(org.iamRoles?.map((r) => r.roleArn)).toEqual([
      'arn:aws:iam::111111111111:role/Deploy',
      'arn:aws:iam::222222222222:role/Audit',
      'arn:aws:iam::333333333333:role/Partner',
    ]);
    const withRoles = (iamRoles: unknown) => () =>
      loadFixture({ ...defaultOrganization(), iamRoles } as Parameters<typeof loadFixture>[0]);
    // a misspelt key is named, with the key it probably meant
    expect(withRoles([{ roleArn: 'arn:aws:iam::111111111111:role/X', trust: [{ roleArns: 'a' }] }])).toThrow(
      /iamRoles\.0\.trust\.0: Unrecognized key: "roleArns" Did you mean roleArn\?/,
    );
    expect(withRoles([{ roleArn: 'arn:aws:iam::111111111111:role/X', trusts: [] }])).toThrow(
      /Did you mean trust\?/,
    );
    expect(() =>
      loadFixture({ ...defaultOrganization(), iamRole: [] } as Parameters<typeof loadFixture>[0]),
    ).toThrow(/Did you mean iamRoles\?/);
    expect(
      withRoles([{ roleArn: 'Deploy', trust: [{ roleArn: 'arn:aws:iam::111111111111:role/Deploy' }] }]),
    ).toThrow(/must be an IAM role ARN/);
    expect(
      withRoles([
        { roleArn: 'arn:aws:iam::111111111111:role/X', trust: [{ roleArn: 'arn:aws:iam::1:role/Y' }] },
      ]),
    ).toThrow(/IAM role ARN/);
    expect(
      withRoles([
        {
          roleArn: 'arn:aws:iam::111111111111:role/X',
          trust: [{ roleArn: 'arn:aws:iam::111111111111:role/Y' }],
        },
      ]),
    ).toThrow(/trusts arn:aws:iam::111111111111:role\/Y, which is not in iamRoles/);
    expect(
      withRoles([
        {
          roleArn: 'arn:aws:iam::111111111111:role/X',
          trust: [{ accountId: '111111111111', permissionSet: 'Nope' }],
        },
      ]),
    ).toThrow(/trusts permission set Nope in account 111111111111/);
    expect(
      withRoles([{ roleArn: 'arn:aws:iam::111111111111:role/X', trust: [{ accountId: '111111111111' }] }]),
    ).toThrow(/either accountId \+ permissionSet/);
    expect(
      withRoles([
        {
          roleArn: 'arn:aws:iam::111111111111:role/X',
          trust: [{ accountId: '111111111111', permissionSet: 'Billing', externalId: 'a b' }],
        },
      ]),
    ).toThrow(/externalId must be/);
  });
});
