import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTokenStore, parseTokenFile } from '../src/index.js';
import { RACE_SESSION, runFixture, useProcessTestHome } from './helpers.js';

const session = RACE_SESSION;
const homeOf = useProcessTestHome();

describe('cross-process', () => {
  it('10 processes racing on a must-refresh token: one refresh, everyone gets the new token', async () => {
    const home = homeOf();
    const store = new FileTokenStore({ homeDir: home });
    await store.write(session, {
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'old-access',
      expiresAt: new Date(Date.now() + 2 * 60_000),
      clientId: 'cid',
      clientSecret: 'csecret',
      registrationExpiresAt: new Date(Date.now() + 86400_000),
      refreshToken: 'refresh-0',
    });
    const calls = join(home, 'calls.txt');
    await writeFile(calls, '');
    const go = join(home, 'go');
    const children = Array.from({ length: 10 }, () =>
      runFixture(session, 'race-child.mjs', [home, calls, go]),
    );
    await new Promise((r) => setTimeout(r, 300)); // let them all boot
    const started = performance.now();
    await writeFile(go, '');
    const results = await Promise.all(children.map((c) => c.exited));
    console.log(`race: 10 processes served in ${Math.round(performance.now() - started)} ms`);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const lines = (await readFile(calls, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ refresh-0$/);
    const tokens = results.map((r) => JSON.parse(r.stdout) as { accessToken: string; refreshToken: string });
    const winner = lines[0]!.split(' ')[0];
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set([`access-from-${winner}`]));
    const onDisk = parseTokenFile(await readFile(store.tokenPath(session), 'utf8'));
    expect(onDisk).toMatchObject({ ok: true, token: { refreshToken: `refresh-from-${winner}` } });
  });

  it('8 processes with no token and a login handler: exactly one login (one browser window)', async () => {
    const home = homeOf();
    const calls = join(home, 'calls.txt');
    await writeFile(calls, '');
    const go = join(home, 'go');
    const children = Array.from({ length: 8 }, () =>
      runFixture(session, 'race-child.mjs', [home, calls, go], { SSOKIT_TEST_LOGIN: '1' }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await writeFile(go, '');
    const results = await Promise.all(children.map((c) => c.exited));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const lines = (await readFile(calls, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ login$/);
    const winner = lines[0]!.split(' ')[0];
    for (const r of results)
      expect(JSON.parse(r.stdout)).toMatchObject({ accessToken: `access-from-${winner}` });
  });
});
