// `ssokit populate` on a config a person wrote by hand (comments, CRLF line endings, odd spacing, a
// profile whose name collides with a generated one): every byte outside populate's own sections stays
// as it was, a second run changes nothing, --dry-run writes nothing, --prune removes only what
// populate wrote, and the previous file is kept as a backup.
import { readFile, stat } from 'node:fs/promises';
import { defaultOrganization, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConfigBackups } from '../src/config/config-file.js';
import { assertBuilt, hasStackTrace, loginAs, makeHome, runCli, type TestHome } from './helpers.js';

let emulator: RunningEmulator;
let t: TestHome;
let original: string;
const org = defaultOrganization();
const accountName = (id: string) => org.accounts.find((a) => a.accountId === id)!.accountName;
const rolesOf = (user: string) =>
  org.users
    .find((u) => u.userName === user)!
    .assignments.flatMap((a) => a.roleNames.map((r) => `${accountName(a.accountId)}.${r}`))
    .sort();

// populate marks the sections it owns with a comment naming the session; that is the contract a person
// can see in the file, so the test reads it the same way
const OWNED = /^# managed by ssokit populate --sso-session (\S+)/;

/** The file split into lines that keep their own line ending. */
const linesOf = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
const isHeader = (line: string) => /^\s*\[[^\]]*\]/.test(line);
const headerName = (line: string) => /^\s*\[\s*(?:profile\s+)?([^\]]*?)\s*\]/.exec(line)?.[1] ?? '';

/** The sections owned by `session`: profile name → their text. */
function ownedSections(text: string, session = 'work'): Map<string, string> {
  const lines = linesOf(text);
  const out = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    if (!isHeader(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length && !isHeader(lines[end]!)) end++;
    const body = lines.slice(i + 1, end);
    if (body.some((l) => OWNED.exec(l.trim())?.[1] === session))
      out.set(headerName(lines[i]!), lines.slice(i, end).join(''));
  }
  return out;
}

/** The file without populate's sections (and the blank lines that separate them from what precedes). */
function withoutOwned(text: string, session = 'work'): string {
  const lines = linesOf(text);
  const keep = lines.map(() => true);
  for (let i = 0; i < lines.length; i++) {
    if (!isHeader(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length && !isHeader(lines[end]!)) end++;
    if (!lines.slice(i + 1, end).some((l) => OWNED.exec(l.trim())?.[1] === session)) continue;
    let start = i;
    while (start > 0 && lines[start - 1]!.trim() === '') start--;
    for (let j = start; j < end; j++) keep[j] = false;
  }
  return lines.filter((_, i) => keep[i]).join('');
}

beforeAll(async () => {
  assertBuilt();
  // no auto-approve: the tests approve each sign-in as alice or bob, who see different roles
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
  original = [
    '# My AWS config. Hand-written; please keep my comments.',
    '; semicolon comment',
    '[default]',
    'region=eu-west-1',
    'output   =   json',
    '',
    '[sso-session work]',
    `sso_start_url = ${emulator.startUrl}`,
    `sso_region = ${emulator.region}`,
    'sso_registration_scopes = sso:account:access',
    '',
    '# my own ReadOnly profile, with its own region: populate must not take it over',
    '[profile Production.ReadOnlyAccess]',
    'sso_session=work',
    'sso_account_id =111111111111',
    'sso_role_name= ReadOnlyAccess',
    'region = us-west-2',
    '',
    '[profile mine]',
    '\t# an indented comment',
    'credential_process = /usr/local/bin/my-helper --flag',
    '',
    '[profile from-another-session]',
    '# managed by ssokit populate --sso-session other (edits here are overwritten)',
    'sso_session = other',
    'sso_account_id = 999999999999',
    'sso_role_name = Gone',
    '',
    '# a comment at the end',
    '',
  ].join('\r\n');
  t = await makeHome(emulator, original);
});

afterAll(async () => {
  await emulator?.close();
  await t?.cleanup();
});

const populate = (...args: string[]) => runCli(['populate', '--sso-session', 'work', ...args], t.env);

describe('ssokit populate', () => {
  it('--dry-run shows a diff and writes nothing', async () => {
    const login = await loginAs(emulator, t.env, 'alice');
    expect(login.code, login.stderr).toBe(0);
    const before = await stat(t.configFile);
    const r = await populate('--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--- /m);
    expect(r.stdout).toMatch(/^\+\+\+ /m);
    expect(r.stdout).toMatch(/^@@ /m);
    expect(r.stdout).toMatch(/^\+\[profile Staging\.DeveloperAccess\]/m);
    expect(r.stdout).not.toMatch(/^[-+]\[profile (mine|Production\.ReadOnlyAccess)\]/m);
    expect(r.stderr).toMatch(/Dry run/);
    expect(await readFile(t.configFile, 'utf8')).toBe(original);
    expect((await stat(t.configFile)).mtimeMs).toBe(before.mtimeMs);
    expect(await listConfigBackups(t.configFile)).toEqual([]);
  });

  it('writes a profile for every role and leaves every other byte alone', async () => {
    const r = await populate();
    expect(r.code, r.stderr).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const after = await readFile(t.configFile, 'utf8');

    expect(withoutOwned(after)).toBe(original);
    // the hand-written profile of the same name is not taken over, and the user is told
    const expected = rolesOf('alice').filter((n) => n !== 'Production.ReadOnlyAccess');
    expect([...ownedSections(after).keys()].sort()).toEqual(expected);
    expect(r.stderr).toMatch(/Production\.ReadOnlyAccess .*not written by populate/);
    expect(after.match(/\[profile Production\.ReadOnlyAccess\]/g)).toHaveLength(1);
    // the file's own line endings are used for what populate adds
    expect(after).not.toMatch(/[^\r]\n/);
    // and the previous version is kept
    const [backup] = await listConfigBackups(t.configFile);
    expect(await readFile(backup!, 'utf8')).toBe(original);
    expect(r.stderr).toContain(`Previous version: ${backup}`);
    expect(((await stat(t.configFile)).mode & 0o777).toString(8)).toBe('600');

    // a generated profile works
    const creds = await runCli(['credentials', '--profile', 'Sandbox.AdministratorAccess'], t.env);
    expect(creds.code, creds.stderr).toBe(0);
    expect(JSON.parse(creds.stdout)).toMatchObject({ Version: 1 });
  });

  it('a second run changes nothing and says it is up to date', async () => {
    const before = await readFile(t.configFile);
    const beforeStat = await stat(t.configFile);
    const r = await populate();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/up to date/);
    expect((await readFile(t.configFile)).equals(before)).toBe(true);
    expect((await stat(t.configFile)).mtimeMs).toBe(beforeStat.mtimeMs);

    const dry = await populate('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).not.toMatch(/^[-+]\[/m);
  });

  it('--prune removes only the profiles it wrote that are no longer assigned', async () => {
    // bob sees fewer roles than alice
    const login = await loginAs(emulator, t.env, 'bob');
    expect(login.code, login.stderr).toBe(0);
    const before = await readFile(t.configFile, 'utf8');

    // without --prune nothing is removed
    const keep = await populate();
    expect(keep.code, keep.stderr).toBe(0);
    expect(await readFile(t.configFile, 'utf8')).toBe(before);

    const gone = rolesOf('alice').filter((n) => !rolesOf('bob').includes(n));
    expect(gone.length).toBeGreaterThan(0);
    const dry = await populate('--prune', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    for (const name of gone) expect(dry.stdout).toContain(`-[profile ${name}]`);
    expect(await readFile(t.configFile, 'utf8')).toBe(before);

    const r = await populate('--prune');
    expect(r.code, r.stderr).toBe(0);
    const after = await readFile(t.configFile, 'utf8');
    expect([...ownedSections(after).keys()].sort()).toEqual(
      rolesOf('bob').filter((n) => n !== 'Production.ReadOnlyAccess'),
    );
    // the hand-written profiles, the other session's section and every comment are still there, byte for byte
    expect(withoutOwned(after)).toBe(original);
    expect(ownedSections(after, 'other').size).toBe(1);
    const backups = await listConfigBackups(t.configFile);
    expect(backups).toHaveLength(2);
    expect(await readFile(backups[1]!, 'utf8')).toBe(before);
    expect(await readFile(backups[0]!, 'utf8')).toBe(original);
  });
});
