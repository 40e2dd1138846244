import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSsoProfile } from '@ssokit/credential-provider';
import { describe, expect, it } from 'vitest';
import { loadConfigWithSdk } from '../../test/sdk-loader.js';
import { planPopulate, profileNameFor, safeProfileName, targetProblem } from './populate-plan.js';

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

  it('writes a per-account region ahead of the default one, and the SDK reads both', async () => {
    const plan = planPopulate(handWritten, targets, {
      ...options,
      region: 'eu-central-1',
      regionByAccount: { '333333333333': 'ap-southeast-2' },
    });
    const dir = await mkdtemp(join(tmpdir(), 'ssokit-populate-regions-'));
    try {
      const file = join(dir, 'config');
      await writeFile(file, plan.text);
      const config = await loadConfigWithSdk(file);
      expect(config['prod.ReadOnly']?.['region']).toBe('eu-central-1');
      expect(config['dev-sandbox.PowerUser']?.['region']).toBe('ap-southeast-2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const overrideOnly = planPopulate(handWritten, targets, {
      ...options,
      regionByAccount: { '333333333333': 'ap-southeast-2' },
    });
    expect(overrideOnly.text).toContain('sso_role_name = PowerUser\nregion = ap-southeast-2');
    expect(overrideOnly.text).not.toContain('sso_role_name = ReadOnly\nregion');
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
    ).toBe('a-b.R');
    expect(profileNameFor('{accountName}', { accountId: '42', roleName: 'R' }, 'w')).toBe('42');
  });
});

describe('what the portal sends is checked before it reaches the file', () => {
  const hostile = [
    {
      accountId: '111111111111',
      accountName: 'prod',
      roleName: 'Admin\ncredential_process = touch /tmp/pwned',
    },
    { accountId: '111111111111', accountName: 'prod', roleName: 'Admin\r[profile evil]' },
    { accountId: '111111111111', accountName: 'prod', roleName: 'A'.repeat(33) },
    { accountId: '111111111111', accountName: 'prod', roleName: 'Esc\u001b[2J' },
    { accountId: '111111111111', accountName: 'prod', roleName: '' },
    { accountId: '11111111111\n', accountName: 'prod', roleName: 'Admin' },
    { accountId: '12345', accountName: 'prod', roleName: 'Admin' },
    { accountId: '111111111111', accountName: 'prod', roleName: 'ok+=,.@-_1' },
  ];

  it('skips account ids that are not 12 digits and role names outside AWS’s rule, naming why', () => {
    expect(targetProblem({ accountId: '123456789012', roleName: 'AdministratorAccess' })).toBeUndefined();
    const plan = planPopulate('', hostile, options);
    // `=` and `,` are fine in a role name but not in a profile name: mapped there only
    expect(plan.added).toEqual(['prod.ok+.@-_1']);
    expect(plan.skipped.map((s) => s.target)).toHaveLength(hostile.length - 1);
    expect(plan.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(plan.text).not.toMatch(/credential_process|evil|pwned|\u001b|\r/);
    // every line is one populate means to write
    for (const line of plan.text.trimEnd().split('\n'))
      expect(line).toMatch(
        /^(\[profile prod\.ok\+\.@-_1\]|# managed by ssokit populate .*|sso_session = work|sso_account_id = 111111111111|sso_role_name = ok\+=,\.@-_1)$/,
      );
  });

  it('with --credential-process, nothing a server sends can extend the command line', () => {
    const plan = planPopulate('', hostile, { ...options, credentialProcess: true });
    expect(plan.text.match(/^credential_process = /gm)).toHaveLength(1);
    expect(plan.text).toContain('--role-name ok+=,.@-_1\n');
  });
});

describe('profile names AWS’s loader can read', () => {
  it('maps spaces, brackets, & and , (the rule in populate --help)', () => {
    expect(safeProfileName('Acme Corp (Prod).Admin')).toBe('Acme-Corp-Prod.Admin');
    expect(safeProfileName('R&D.Dev')).toBe('R-D.Dev');
    expect(safeProfileName('a,b.c')).toBe('a-b.c');
    expect(safeProfileName('Café Crème.Admin')).toBe('Cafe-Creme.Admin');
    expect(safeProfileName('x\u001b[2J\ny.R')).toBe('x-2J-y.R');
    expect(safeProfileName('ok_-@+.%:/x')).toBe('ok_-@+.%:/x');
  });

  it('every profile written is one the SDK loader and ssokit’s resolver read back', async () => {
    const names = ['Acme Corp (Prod)', 'R&D', 'a,b', 'Café', '日本', 'x;y#z', 'it\'s "quoted"', '  padded  '];
    const hostileTargets = names.map((accountName, i) => ({
      accountId: String(100000000000 + i),
      accountName,
      roleName: 'Admin',
    }));
    const config = `[sso-session work]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = us-east-1\n`;
    const plan = planPopulate(config, hostileTargets, options);
    expect(plan.added).toHaveLength(names.length);
    const dir = await mkdtemp(join(tmpdir(), 'ssokit-populate-names-'));
    try {
      const file = join(dir, 'config');
      await writeFile(file, plan.text);
      const sdk = await loadConfigWithSdk(file);
      for (const [i, name] of plan.added.entries()) {
        expect(sdk[name], name).toMatchObject({
          sso_account_id: hostileTargets.find((t) => profileNameFor(options.template, t, 'work') === name)
            ?.accountId,
        });
        const resolved = await resolveSsoProfile({ profile: name, configFile: file, env: {} });
        expect(resolved.accountId, `${i}: ${name}`).toBe(sdk[name]?.['sso_account_id']);
        expect(resolved.roleName).toBe('Admin');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips a name that maps to nothing, or to one that breaks the loader', () => {
    const plan = planPopulate(
      '',
      [
        { accountId: '111111111111', accountName: '日本', roleName: 'Admin' },
        { accountId: '222222222222', accountName: '__proto__', roleName: 'Admin' },
      ],
      { ssoSession: 'work', template: '{accountName}' },
    );
    expect(plan.added).toEqual([]);
    expect(plan.skipped).toHaveLength(2);
    expect(plan.text).toBe('');
  });
});

describe('what sits between sections stays', () => {
  const userNotes = (text: string) =>
    text.replace(
      '[profile prod.ReadOnly]',
      '# notes about prod, written after populate ran\n\n; and a second one\n[profile prod.ReadOnly]',
    );

  it('a re-run that updates an owned section keeps the comments and blank lines after it', () => {
    const first = planPopulate(handWritten, targets, options);
    const edited = userNotes(first.text);
    expect(edited).not.toBe(first.text);
    const next = planPopulate(edited, targets, { ...options, region: 'eu-central-1' });
    expect(next.updated).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
    expect(next.text).toContain(
      'region = eu-central-1\n\n# notes about prod, written after populate ran\n\n; and a second one\n[profile prod.ReadOnly]',
    );
    // and a run without changes leaves the file alone
    expect(planPopulate(edited, targets, options).text).toBe(edited);
  });

  it('--prune keeps the comments after a removed section, and trailing comments', () => {
    const first = planPopulate(handWritten, targets, options);
    const edited = `${userNotes(first.text)}# the end of my file\n\n`;
    const pruned = planPopulate(edited, [targets[0]!], { ...options, prune: true });
    expect(pruned.removed.sort()).toEqual(['dev-sandbox.PowerUser', 'prod.ReadOnly']);
    expect(pruned.text).toBe(
      `${handWritten}\n# notes about prod, written after populate ran\n\n; and a second one\n# the end of my file\n\n`,
    );
  });
});
