import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTokenStore, parseTokenFile } from '../src/index.js';
import { RACE_SESSION, runFixture, useProcessTestHome } from './helpers.js';

const session = RACE_SESSION;
const homeOf = useProcessTestHome();

describe('atomic writes', () => {
  it('a writer SIGKILLed at 200 random moments always leaves the complete old or new JSON', async () => {
    const home = homeOf();
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
          const p = runFixture(session, 'writer-child.mjs', [h], { SSOKIT_TEST_START: String(last) });
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
