import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from './core.js';
import * as index from './index.js';

const source = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

describe('public entries', () => {
  it.each(['index.ts', 'core.ts'])('%s lists its exports by name (no `export *`)', (file) => {
    expect(source(file)).not.toMatch(/export\s*\*/);
  });

  it('the main entry offers everything of the core entry, under the same names and objects', () => {
    const main = new Map(Object.entries(index));
    for (const [name, value] of Object.entries(core)) expect(main.get(name)).toBe(value);
  });

  it('the core entry loads no zod (it is imported on the credential_process hot path)', () => {
    for (const file of ['core.ts', ...coreFiles()])
      expect(source(file)).not.toMatch(/^import [^t].*from 'zod'/m);
  });

  it('the core entry holds the clock and logger every layer takes', () => {
    expect(typeof core.systemClock.now()).toBe('number');
    expect(core.silentLogger.warn('dropped')).toBeUndefined();
  });
});

function coreFiles(): string[] {
  return [...source('core.ts').matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => `${m[1]}.ts`);
}
