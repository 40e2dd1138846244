import * as real from 'node:os';
import { expect, it } from 'vitest';
import * as ours from './os.js';

it('answers as node:os does, loading it on first use', () => {
  expect(ours.homedir()).toBe(real.homedir());
  expect(ours.hostname()).toBe(real.hostname());
});
