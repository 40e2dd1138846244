import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ValidationError } from '@ssokit/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { python, pythonWithBotocore, useTempDirs } from '../test/helpers.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  formatCredentialProcess,
  formatExport,
} from './format-credentials.js';

const CANARY = 'CANARY-SECRET-9f8e7d6c5b4a';
const tempDir = useTempDirs();

const creds: AwsCredentialIdentity = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+/=',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def==',
  expiration: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)),
  accountId: '111122223333',
};

const VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];

/** Runs the output in a real POSIX shell and prints the variables back, NUL-separated. */
function evalInShell(shell: string, output: string): string[] {
  const script = `${output}\nprintf '%s\\0' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`;
  const flags = shell === 'bash' ? ['--norc', '--noprofile'] : [];
  const r = spawnSync(shell, [...flags, '-c', script], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\0').slice(0, 4);
}

const shells = ['sh', 'bash', 'dash'].filter((s) => spawnSync(s, ['-c', 'true']).status === 0);

/**
 * Independent readers of the non-POSIX formats, following each shell's quoting rules: they
 * return the value the shell would assign, or throw if the line would run or expand anything.
 */
const readers: Record<'fish' | 'powershell' | 'windows-cmd', (line: string) => [string, string]> = {
  fish(line) {
    const m = /^set -gx ([A-Z_]+) "(.*)"$/s.exec(line);
    if (!m) throw new Error(`not a fish set line: ${line}`);
    let out = '';
    const body = m[2]!;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c === '\\' && i + 1 < body.length && '\\"$'.includes(body[i + 1]!)) out += body[++i];
      else if (c === '"' || c === '$') throw new Error('fish would end the string or expand');
      else out += c;
    }
    return [m[1]!, out];
  },
  powershell(line) {
    const m = /^\$Env:([A-Z_]+)="(.*)"$/s.exec(line);
    if (!m) throw new Error(`not a PowerShell line: ${line}`);
    let out = '';
    const body = m[2]!;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c === '`') {
        const next = body[++i];
        // `0 `a `b `e `f `n `r `t `u `v are special escapes; the formatter must never produce them
        if (next === undefined || '0abefnrtuv'.includes(next)) throw new Error('special PowerShell escape');
        out += next;
      } else if ('"$\u201c\u201d\u201e'.includes(c))
        throw new Error('PowerShell would end the string or expand');
      else out += c;
    }
    return [m[1]!, out];
  },
  'windows-cmd'(line) {
    const m = /^set ([A-Z_]+)=(.*)$/s.exec(line);
    if (!m) throw new Error(`not a cmd set line: ${line}`);
    let out = '';
    const body = m[2]!;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c === '^') out += body[++i] ?? '';
      else if ('&|<>()%!"'.includes(c)) throw new Error('cmd would run, redirect or expand');
      else out += c;
    }
    return [m[1]!, out];
  },
};

function expectedValues(c: AwsCredentialIdentity): string[] {
  return [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? '', c.expiration ? '2030-01-02T03:04:05Z' : ''];
}

describe('formatCredentialProcess', () => {
  it('prints the credential_process JSON with Version 1 and an RFC 3339 Expiration', () => {
    const text = formatCredentialProcess(creds);
    expect(JSON.parse(text)).toEqual({
      Version: 1,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: '2030-01-02T03:04:05Z',
      AccountId: '111122223333',
    });
    expect(Object.keys(JSON.parse(text)).slice(0, 5)).toEqual([
      'Version',
      'AccessKeyId',
      'SecretAccessKey',
      'SessionToken',
      'Expiration',
    ]);
    expect(new Date(JSON.parse(text).Expiration).getTime()).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
  });

  it.runIf(pythonWithBotocore())('is accepted by botocore as credential_process output', async () => {
    const file = join(await tempDir(), 'creds.json');
    const later = { ...creds, expiration: new Date(Date.now() + 3_600_000) };
    await writeFile(file, formatCredentialProcess(later));
    const script = `
import json, sys
from botocore.credentials import ProcessProvider
i = json.load(sys.stdin)
p = ProcessProvider('x', lambda: {'profiles': {'x': {'credential_process': 'cat ' + i['file']}}})
c = p.load()
f = c.get_frozen_credentials()
print(json.dumps({'ak': f.access_key, 'sk': f.secret_key, 'st': f.token, 'exp': c._expiry_time.timestamp(), 'acct': getattr(f, 'account_id', None)}))`;
    const out = JSON.parse(python(script, { file }));
    expect(out).toMatchObject({ ak: later.accessKeyId, sk: later.secretAccessKey, st: later.sessionToken });
    expect(out.exp * 1000).toBe(Math.floor(later.expiration.getTime() / 1000) * 1000);
    expect(out.acct).toBe('111122223333');
  });

  it('leaves out what long-term credentials do not have', () => {
    expect(JSON.parse(formatCredentialProcess({ accessKeyId: 'AKIA1', secretAccessKey: 's' }))).toEqual({
      Version: 1,
      AccessKeyId: 'AKIA1',
      SecretAccessKey: 's',
    });
  });

  it('refuses an invalid expiration without echoing a secret', () => {
    const bad = { ...creds, secretAccessKey: CANARY, expiration: new Date(Number.NaN) };
    expect(() => formatCredentialProcess(bad)).toThrow(ValidationError);
    try {
      formatCredentialProcess(bad);
    } catch (e) {
      expect(String(e) + JSON.stringify(e)).not.toContain(CANARY);
    }
  });
});

describe('formatExport', () => {
  it.each(EXPORT_FORMATS)('%s sets the four variables in order, one line each', (format) => {
    const lines = formatExport(creds, format).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(4);
    lines.forEach((l, i) => {
      expect(l).toContain(VARS[i]);
    });
  });

  it('matches the shapes of aws configure export-credentials for ordinary values', () => {
    const simple = {
      accessKeyId: 'AKIA1',
      secretAccessKey: 'abc/def+ghi=',
      sessionToken: 'tok',
      expiration: creds.expiration,
    };
    expect(formatExport(simple, 'env')).toBe(
      'export AWS_ACCESS_KEY_ID=AKIA1\nexport AWS_SECRET_ACCESS_KEY=abc/def+ghi=\nexport AWS_SESSION_TOKEN=tok\nexport AWS_CREDENTIAL_EXPIRATION=2030-01-02T03:04:05Z\n',
    );
    expect(formatExport(simple, 'env-no-export').split('\n')[0]).toBe('AWS_ACCESS_KEY_ID=AKIA1');
    expect(formatExport(simple, 'powershell').split('\n')[1]).toBe(
      '$Env:AWS_SECRET_ACCESS_KEY="abc/def+ghi="',
    );
    expect(formatExport(simple, 'windows-cmd').split('\n')[1]).toBe('set AWS_SECRET_ACCESS_KEY=abc/def+ghi=');
    expect(formatExport(simple, 'fish').split('\n')[2]).toBe('set -gx AWS_SESSION_TOKEN "tok"');
  });

  it("exports the profile's region as AWS_REGION and AWS_DEFAULT_REGION unless the environment sets one", () => {
    const simple = { accessKeyId: 'AKIA1', secretAccessKey: 's' };
    expect(formatExport(simple, 'env', { region: 'eu-west-1', env: {} })).toBe(
      'export AWS_ACCESS_KEY_ID=AKIA1\nexport AWS_SECRET_ACCESS_KEY=s\nexport AWS_REGION=eu-west-1\nexport AWS_DEFAULT_REGION=eu-west-1\n',
    );
    const tail = (format: ExportFormat) =>
      formatExport(simple, format, { region: 'eu-west-1', env: {} }).split('\n').slice(2, 4);
    expect(tail('env-no-export')).toEqual(['AWS_REGION=eu-west-1', 'AWS_DEFAULT_REGION=eu-west-1']);
    expect(tail('powershell')).toEqual([
      '$Env:AWS_REGION="eu-west-1"',
      '$Env:AWS_DEFAULT_REGION="eu-west-1"',
    ]);
    expect(tail('windows-cmd')).toEqual(['set AWS_REGION=eu-west-1', 'set AWS_DEFAULT_REGION=eu-west-1']);
    expect(tail('fish')).toEqual([
      'set -gx AWS_REGION "eu-west-1"',
      'set -gx AWS_DEFAULT_REGION "eu-west-1"',
    ]);
    // a region the person set is theirs: neither variable is touched
    for (const env of [{ AWS_REGION: 'us-east-2' }, { AWS_DEFAULT_REGION: 'us-east-2' }]) {
      expect(formatExport(simple, 'env', { region: 'eu-west-1', env })).not.toContain('REGION');
    }
    expect(formatExport(simple, 'env', { region: 'eu-west-1', env: { AWS_REGION: '' } })).toContain(
      'AWS_REGION=eu-west-1',
    );
    expect(formatExport(simple, 'env', { env: {} })).not.toContain('REGION');
  });

  it('omits the session token and expiration when absent', () => {
    expect(formatExport({ accessKeyId: 'AKIA1', secretAccessKey: 's' }, 'env')).toBe(
      'export AWS_ACCESS_KEY_ID=AKIA1\nexport AWS_SECRET_ACCESS_KEY=s\n',
    );
  });

  it.runIf(shells.length > 0)(
    'env and env-no-export evaluate to the exact values in sh, bash and dash',
    () => {
      for (const shell of shells) {
        for (const format of ['env', 'env-no-export'] as const) {
          expect(evalInShell(shell, formatExport(creds, format))).toEqual(expectedValues(creds));
        }
      }
    },
  );

  it.runIf(shells.length > 0)('no generated value breaks out of its sh quoting', () => {
    const value = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
    const hostile = fc.constantFrom(
      "'; echo pwned; '",
      '$(echo pwned)',
      '`echo pwned`',
      '"$HOME"',
      "a'b",
      '\\',
      '!x',
      '*',
    );
    fc.assert(
      fc.property(
        fc.oneof(value, hostile),
        fc.oneof(value, hostile),
        fc.constantFrom(...shells),
        fc.constantFrom('env', 'env-no-export' as const),
        (secret, token, shell, format) => {
          const c = { ...creds, secretAccessKey: secret, sessionToken: token };
          expect(evalInShell(shell, formatExport(c, format))).toEqual(expectedValues(c));
        },
      ),
      { numRuns: 30 },
    );
  });

  it.each(['fish', 'powershell', 'windows-cmd'] as const)(
    '%s lines read back to the exact values',
    (format) => {
      const read = (c: AwsCredentialIdentity) =>
        formatExport(c, format)
          .split('\n')
          .filter(Boolean)
          .map((l) => readers[format](l));
      expect(read(creds)).toEqual(VARS.map((v, i) => [v, expectedValues(creds)[i]]));
      const value = fc
        .string({ unit: 'binary', minLength: 1, maxLength: 40 })
        .filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
      const hostile = fc.constantFrom(
        '"; rm -rf ~; "',
        '$(calc)',
        '`$x',
        '$env:PATH',
        '\u201c; calc; \u201d',
        'a & calc',
        '^',
        '(x)',
        '|<>',
      );
      fc.assert(
        fc.property(fc.oneof(value, hostile), (secret) => {
          const c = { accessKeyId: 'AKIA1', secretAccessKey: secret };
          let lines: [string, string][];
          try {
            lines = read(c);
          } catch (e) {
            // only windows-cmd may refuse, and only with a typed error that does not echo the value
            expect(format).toBe('windows-cmd');
            expect(e).toBeInstanceOf(ValidationError);
            expect((e as Error).message).not.toContain(secret);
            return;
          }
          expect(lines).toEqual([
            ['AWS_ACCESS_KEY_ID', 'AKIA1'],
            ['AWS_SECRET_ACCESS_KEY', secret],
          ]);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('refuses control characters in every format without echoing the value', () => {
    for (const format of EXPORT_FORMATS) {
      const c = { ...creds, sessionToken: `${CANARY}\nrm -rf ~` };
      expect(() => formatExport(c, format)).toThrow(/AWS_SESSION_TOKEN contains a control character/);
      try {
        formatExport(c, format);
      } catch (e) {
        expect((e as Error).message).not.toContain(CANARY);
      }
    }
  });

  it('refuses an unknown format', () => {
    expect(() => formatExport(creds, 'zsh' as ExportFormat)).toThrow(/Unknown export format "zsh"/);
  });
});
