import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSsokitError } from '@ssokit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigWithSdk } from '../../test/sdk-loader.js';
import { IniDocument } from './ini-document.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssokit-ini-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What AWS SDK v3 reads from `text`. */
async function sdkRead(text: string) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, text);
  return loadConfigWithSdk(file);
}

describe('IniDocument edits what AWS’s loader reads', () => {
  it('with duplicate sections, setValue changes the value the SDK uses', async () => {
    const text = [
      '[sso-session work]',
      'sso_start_url = https://old.awsapps.com/start',
      'sso_region = us-east-1',
      '',
      '[sso-session work]',
      'sso_region = eu-west-1',
      '# a comment the user keeps',
      '',
    ].join('\n');
    // the loader merges duplicates and the last value of a key wins
    expect((await sdkRead(text))['sso-session.work']).toMatchObject({ sso_region: 'eu-west-1' });
    const doc = new IniDocument(text);
    expect(doc.value('sso-session work', 'sso_region')).toBe('eu-west-1');
    expect(doc.value('sso-session work', 'sso_start_url')).toBe('https://old.awsapps.com/start');
    doc.setValue('sso-session work', 'sso_region', 'ap-south-1');
    doc.setValue('sso-session work', 'sso_start_url', 'https://new.awsapps.com/start');
    expect((await sdkRead(doc.toString()))['sso-session.work']).toEqual({
      sso_start_url: 'https://new.awsapps.com/start',
      sso_region: 'ap-south-1',
    });
    // the new key goes after the last entry, not after the comment that follows it
    expect(doc.toString()).toContain(
      'sso_region = ap-south-1\nsso_start_url = https://new.awsapps.com/start\n# a comment the user keeps\n',
    );
  });

  it('edits the last occurrence of a repeated key', async () => {
    const doc = new IniDocument('[profile dev]\nregion = us-east-1\nregion = us-west-2\n');
    doc.setValue('profile dev', 'region', 'eu-north-1');
    expect((await sdkRead(doc.toString()))['dev']).toEqual({ region: 'eu-north-1' });
  });

  it('does not take a section the loader ignores for the one it reads', async () => {
    const text = '[profile   dev]\nregion = us-east-1\n';
    expect(await sdkRead(text)).toEqual({});
    const doc = new IniDocument(text);
    expect(doc.find('profile dev')).toBeUndefined();
    expect(doc.findAny('profile dev')?.header).toBe('profile dev');
    doc.setValue('profile dev', 'region', 'eu-west-1');
    expect((await sdkRead(doc.toString()))['dev']).toEqual({ region: 'eu-west-1' });
  });

  it('setNestedValue writes a [services] block the SDK reads, keeping other sub-keys and services', async () => {
    const doc = new IniDocument(
      '[services work]\ns3 =\n  endpoint_url = http://127.0.0.1:9000\nsso =\n  endpoint_url = http://old\n  region_hint = x\n',
    );
    doc.setNestedValue('services work', 'sso', 'endpoint_url', 'http://127.0.0.1:4000');
    doc.setNestedValue('services work', 'sso_oidc', 'endpoint_url', 'http://127.0.0.1:4000');
    doc.setNestedValue('services new', 'sso', 'endpoint_url', 'http://127.0.0.1:5000');
    expect(doc.toString()).toBe(
      '[services work]\ns3 =\n  endpoint_url = http://127.0.0.1:9000\nsso =\n  region_hint = x\n  endpoint_url = http://127.0.0.1:4000\nsso_oidc =\n  endpoint_url = http://127.0.0.1:4000\n\n[services new]\nsso =\n  endpoint_url = http://127.0.0.1:5000\n',
    );
    const sdk = await sdkRead(doc.toString());
    expect(sdk['services.work']).toMatchObject({
      's3.endpoint_url': 'http://127.0.0.1:9000',
      'sso.endpoint_url': 'http://127.0.0.1:4000',
      'sso_oidc.endpoint_url': 'http://127.0.0.1:4000',
    });
  });

  it('never writes a line break or control character, whatever it is given', () => {
    const doc = new IniDocument('[profile dev]\nregion = us-east-1\n');
    const refused = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return isSsokitError(e) && e.code === 'ERR_SSOKIT_INVALID_INPUT';
      }
      return false;
    };
    expect(refused(() => doc.setValue('profile dev', 'region', 'x\ncredential_process = touch /tmp/p'))).toBe(
      true,
    );
    expect(refused(() => doc.setValue('profile dev', 'region', 'x\r[profile evil]'))).toBe(true);
    expect(refused(() => doc.setValue('profile dev', 'region', 'x\u001b[2J'))).toBe(true);
    expect(refused(() => doc.setValue('profile dev', 'region', 'x\u2028y'))).toBe(true);
    expect(refused(() => doc.setValue('profile dev', 'region', ''))).toBe(true);
    expect(refused(() => doc.setValue('profile dev', 'credential_process =', 'x'))).toBe(true);
    expect(refused(() => doc.setValue('profile x]\n[y', 'region', 'us-east-1'))).toBe(true);
    expect(refused(() => doc.upsertSection('profile z', ['a = 1', 'b = 2\nc = 3']))).toBe(true);
    expect(doc.toString()).toBe('[profile dev]\nregion = us-east-1\n');
  });
});
