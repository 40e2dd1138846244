import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore, parseTokenFile, type SsoSessionRef } from '../src/index.js';
import { tempHome } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
const session: SsoSessionRef = {
  ssoSession: 'race',
  startUrl: 'https://race.awsapps.com/start',
  region: 'eu-west-1',
};

beforeAll(() => {
  if (!existsSync(dist))
    throw new Error(`${dist} is missing: run \`pnpm build\` in packages/token-core first`);
});

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ home, cleanup } = await tempHome()));
afterEach(() => cleanup());

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(here, 'fixtures', script), ...args], {
    env: { ...process.env, SSOKIT_TEST_SESSION: JSON.stringify(session), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (r) =>
      child.on('exit', (code, signal) => {
        // let the pipes drain
        setImmediate(() => r({ code, signal, stdout, stderr }));
      }),
  );
  return { child, exited, stdout: () => stdout };
}

describe('cross-process', () => {
  it('10 processes racing on a must-refresh token: one refresh, everyone gets the new token', async () => {
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
    const children = Array.from({ length: 10 }, () => run('race-child.mjs', [home, calls, go]));
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
    const calls = join(home, 'calls.txt');
    await writeFile(calls, '');
    const go = join(home, 'go');
    const children = Array.from({ length: 8 }, () =>
      run('race-child.mjs', [home, calls, go], { SSOKIT_TEST_LOGIN: '1' }),
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

  it('a writer SIGKILLed at 200 random moments always leaves the complete old or new JSON', async () => {
    const workers = 8;
    const perWorker = 25;
    const check = (text: string) => {
      const json = JSON.parse(text) as Record<string, string>;
      const n = /^refresh-(\d+)$/.exec(json['refreshToken'] ?? '')?.[1];
      expect(n).toBeDefined();
      expect(json['clientId']).toBe(`client-${n}`);
      expect(json['clientSecret']).toBe(`secret-${n}`);
      expect(json['accessToken']).toMatch(new RegExp(`^access-${n}-p{16384}$`));
      expect(parseTokenFile(text).ok).toBe(true);
      return Number(n);
    };
    let kills = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        const h = join(home, `w${w}`);
        const file = new FileTokenStore({ homeDir: h }).tokenPath(session);
        let last = 0;
        for (let i = 0; i < perWorker; i++) {
          const p = run('writer-child.mjs', [h], { SSOKIT_TEST_START: String(last) });
          await new Promise<void>((resolve, reject) => {
            p.child.stdout.on('data', () => resolve());
            p.child.on('exit', () => reject(new Error(`writer exited early: ${p.stdout()}`)));
          });
          await new Promise((r) => setTimeout(r, Math.random() * 15));
          p.child.kill('SIGKILL');
          const r = await p.exited;
          expect(r.signal).toBe('SIGKILL');
          const n = check(await readFile(file, 'utf8'));
          expect(n).toBeGreaterThan(last);
          last = n;
          kills++;
        }
      }),
    );
    expect(kills).toBe(workers * perWorker);
    console.log(`SIGKILL test: ${kills} kills in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Booting 200 Node processes is most of the cost (~25 s on 2 idle cores); allow for a busy machine.
  }, 150_000);
});
