import { describe, expect, it } from 'vitest';
import { assembleEmulator } from '../assemble.js';
import { EmulatorClock } from '../clock.js';
import { defaultOrganization } from '../fixture.js';
import { parseEmulatorOptions } from '../options.js';
import { ssoRoleName } from './identity.js';
import { StsFailure } from './security-token-service.js';

/**
 * An engine with its clock, and SSO role credentials of `user` as the portal issues them. The
 * clock stands still (real time would move a millisecond between issuing and checking an expiry).
 */
function engineWith(options: Parameters<typeof parseEmulatorOptions>[0] = {}) {
  const frozen = Date.UTC(2026, 10, 30, 12);
  const { engine, clock } = assembleEmulator(
    parseEmulatorOptions(options),
    undefined,
    new EmulatorClock(() => frozen),
  );
  const sso = (user: string, accountId: string, roleName: string) => {
    const { accessToken } = engine.issueAccessToken(user);
    const { accessKeyId } = engine.portal.getRoleCredentials({ accessToken, accountId, roleName })
      .roleCredentials!;
    return engine.issuedCredentials(accessKeyId!)!;
  };
  return { engine, clock, sso };
}

const failureOf = (fn: () => unknown): StsFailure => {
  try {
    fn();
  } catch (e) {
    if (e instanceof StsFailure) return e;
    throw e;
  }
  throw new Error('expected an StsFailure');
};

describe('SecurityTokenService', () => {
  it('SSO role names carry 16 hex stable per account and permission set', () => {
    const a = ssoRoleName('111111111111', 'ReadOnlyAccess');
    expect(a).toMatch(/^AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}$/);
    expect(ssoRoleName('111111111111', 'ReadOnlyAccess')).toBe(a);
    expect(ssoRoleName('222222222222', 'ReadOnlyAccess')).not.toBe(a);
  });

  it('issuedCredentials is the one lookup: SSO and assumed credentials, expired ones only on request', () => {
    const { engine, clock, sso } = engineWith();
    const alice = sso('alice', '111111111111', 'AdministratorAccess');
    expect(alice).toMatchObject({ source: 'sso', permissionSet: 'AdministratorAccess', user: 'alice' });
    const { credentials } = engine.sts.assumeRole(alice, {
      RoleArn: 'arn:aws:iam::111111111111:role/Deploy',
      RoleSessionName: 'unit',
      DurationSeconds: '900',
    });
    expect(engine.issuedCredentials(credentials.accessKeyId)).toBe(credentials);
    expect(credentials.expiresAt).toBe(clock.now() + 900_000);
    clock.advance(900_000);
    expect(engine.issuedCredentials(credentials.accessKeyId)).toBeUndefined();
    expect(engine.issuedCredentials(credentials.accessKeyId, { includeExpired: true })).toBe(credentials);
    engine.reset();
    expect(engine.issuedCredentials(credentials.accessKeyId, { includeExpired: true })).toBeUndefined();
  });

  it('a roleArn trust entry admits sessions of that role only, an SSO entry that permission set only', () => {
    const fixture = defaultOrganization();
    fixture.iamRoles = [
      {
        roleArn: 'arn:aws:iam::111111111111:role/A',
        trust: [{ accountId: '111111111111', permissionSet: 'Billing' }],
      },
      {
        roleArn: 'arn:aws:iam::111111111111:role/B',
        trust: [{ roleArn: 'arn:aws:iam::111111111111:role/A' }],
      },
    ];
    const { engine, sso } = engineWith({ fixture });
    const billing = sso('alice', '111111111111', 'Billing');
    const admin = sso('alice', '111111111111', 'AdministratorAccess');
    const params = (role: string) => ({
      RoleArn: `arn:aws:iam::111111111111:role/${role}`,
      RoleSessionName: 'u1',
    });
    expect(failureOf(() => engine.sts.assumeRole(admin, params('A'))).errorCode).toBe('AccessDenied');
    expect(failureOf(() => engine.sts.assumeRole(billing, params('B'))).errorCode).toBe('AccessDenied');
    const a = engine.sts.assumeRole(billing, params('A')).credentials;
    expect(engine.sts.assumeRole(a, params('B')).credentials.arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/B/u1',
    );
    // a session of B is not trusted by A's rule for the SSO permission set
    expect(failureOf(() => engine.sts.assumeRole(a, params('A'))).errorCode).toBe('AccessDenied');
  });

  it('keeps at most limits.roleCredentials assumed sessions, dropping the oldest', () => {
    const { engine, sso } = engineWith({ limits: { roleCredentials: 2 } });
    const alice = sso('alice', '111111111111', 'AdministratorAccess');
    const keys = ['s1', 's2', 's3'].map(
      (RoleSessionName) =>
        engine.sts.assumeRole(alice, { RoleArn: 'arn:aws:iam::111111111111:role/Deploy', RoleSessionName })
          .credentials.accessKeyId,
    );
    expect(engine.sizes().assumedRoleSessions).toBe(2);
    expect(engine.issuedCredentials(keys[0]!)).toBeUndefined();
    expect(engine.sts.sessions().map((s) => s.sessionName)).toEqual(['s2', 's3']);
  });
});
