// A URL the CLI names in an error (an endpoint override, a start URL) never shows its user name,
// password or query values: people paste these errors into tickets and chats.
import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hasStackTrace, makeHome, runCli } from './helpers.js';

const CANARY = 'canary-p4ssw0rd-9f8e7d6c5b4a';

beforeAll(assertBuilt);

describe('URLs in error messages', () => {
  it('an endpoint override with user:password and a query is shown redacted', async () => {
    const h = await makeHome({ url: `http://admin:${CANARY}@sso.example.com/?sig=${CANARY}` });
    try {
      await writeFile(
        h.configFile,
        '[sso-session work]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = eu-west-1\n',
      );
      const r = await runCli(['login', '--sso-session', 'work', '--device-code', '--no-browser'], h.env);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain('sso.example.com');
      expect(r.stderr).toContain('(redacted)');
      expect(r.stdout + r.stderr).not.toContain(CANARY);
      expect(hasStackTrace(r.stderr)).toBe(false);
    } finally {
      await h.cleanup();
    }
  });

  it('a start URL with a password or a token in its query is shown redacted', async () => {
    const h = await makeHome(
      { url: 'http://127.0.0.1:9' },
      `[profile dev]\nsso_start_url = ftp://me:${CANARY}@my-org.awsapps.com/start?token=${CANARY}\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`,
    );
    try {
      for (const args of [
        ['credentials', '--profile', 'dev'],
        ['accounts', '--profile', 'dev', '--debug'],
      ]) {
        const r = await runCli(args, h.env);
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toContain('my-org.awsapps.com/start?token=(redacted)');
        expect(r.stdout + r.stderr).not.toContain(CANARY);
      }
    } finally {
      await h.cleanup();
    }
  });
});
