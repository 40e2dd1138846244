import { describe, expect, it } from 'vitest';
import { planPopulate, profileNameFor } from './populate-plan.js';

const handWritten = `# my AWS config — hand-written, keep every byte
[default]
region = eu-west-1
output = json

[sso-session work]
sso_start_url = https://my-org.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

; a profile I wrote myself, with odd spacing
[profile   prod.Admin]
sso_session=work
sso_account_id = 111111111111
sso_role_name = Admin   

[profile legacy]
sso_start_url = https://my-org.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly
`;

const targets = [
  { accountId: '111111111111', accountName: 'prod', roleName: 'Admin' },
  { accountId: '111111111111', accountName: 'prod', roleName: 'ReadOnly' },
  { accountId: '333333333333', accountName: 'dev sandbox', roleName: 'PowerUser' },
];
const options = { ssoSession: 'work', template: '{accountName}.{roleName}' };

describe('planPopulate', () => {
  it('adds owned profiles and leaves every byte outside them unchanged', () => {
    const plan = planPopulate(handWritten, targets, options);
    expect(plan.added).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
    // the hand-written profile with the same name is someone else's: never touched
    expect(plan.conflicts).toEqual(['prod.Admin']);
    expect(plan.text.startsWith(handWritten)).toBe(true);
    expect(plan.text).toContain(
      '[profile dev-sandbox.PowerUser]\n# managed by ssokit populate --sso-session work',
    );
    expect(plan.text).toContain('sso_account_id = 333333333333\nsso_role_name = PowerUser\n');
  });

  it('is a no-op the second time', () => {
    const first = planPopulate(handWritten, targets, options);
    const second = planPopulate(first.text, targets, options);
    expect(second.text).toBe(first.text);
    expect(second.added).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
  });

  it('prunes only what it wrote, and gives back the original bytes when everything it wrote goes', () => {
    const first = planPopulate(handWritten, targets, options);
    const pruned = planPopulate(first.text, [targets[0]!], { ...options, prune: true });
    expect(pruned.removed.sort()).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
    expect(pruned.text).toBe(handWritten);
  });

  it('prunes a section in the middle of the file without eating its neighbours', () => {
    const first = planPopulate(handWritten, targets, options);
    const withTail = `${first.text}\n[profile after]\nregion = us-west-2\n`;
    const pruned = planPopulate(withTail, targets.slice(0, 2), { ...options, prune: true });
    expect(pruned.removed).toEqual(['dev-sandbox.PowerUser']);
    expect(pruned.text).toContain('[profile prod.ReadOnly]');
    expect(pruned.text).toContain('\n\n[profile after]\nregion = us-west-2\n');
    expect(pruned.text).not.toContain('PowerUser');
  });

  it('does not prune another session’s profiles', () => {
    const first = planPopulate(handWritten, targets, options);
    const other = planPopulate(first.text, [], {
      ssoSession: 'other',
      template: '{accountName}',
      prune: true,
    });
    expect(other.removed).toEqual([]);
    expect(other.text).toBe(first.text);
  });

  it('updates its own profile when the assignment changes', () => {
    const first = planPopulate(handWritten, targets, options);
    const next = planPopulate(first.text, targets, { ...options, region: 'eu-central-1' });
    expect(next.updated).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
    expect(next.text).toContain('sso_role_name = ReadOnly\nregion = eu-central-1');
  });

  it('keeps CRLF files CRLF', () => {
    const crlf = handWritten.replace(/\n/g, '\r\n');
    const plan = planPopulate(crlf, targets, options);
    expect(plan.text.startsWith(crlf)).toBe(true);
    expect(plan.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes credential_process profiles when asked', () => {
    const plan = planPopulate('', targets.slice(0, 1), { ...options, credentialProcess: true });
    expect(plan.text).toContain(
      'credential_process = ssokit credentials --sso-session work --account-id 111111111111 --role-name Admin',
    );
    expect(plan.text).not.toContain('sso_session =');
  });
});

describe('profileNameFor', () => {
  it('expands placeholders and makes a valid profile name', () => {
    expect(
      profileNameFor('{ssoSession}-{accountId}-{roleName}', { accountId: '1', roleName: 'R' }, 'w'),
    ).toBe('w-1-R');
    expect(
      profileNameFor(
        '{accountName}.{roleName}',
        { accountId: '1', accountName: 'a [b]', roleName: 'R' },
        'w',
      ),
    ).toBe('a-b-.R');
    expect(profileNameFor('{accountName}', { accountId: '42', roleName: 'R' }, 'w')).toBe('42');
  });
});
