import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './python-json.js';

const python = spawnSync('python3', ['-c', 'import json'], { encoding: 'utf8' }).status === 0;
if (!python && !process.env['CI']) console.warn('skipping the comparison with Python: no python3');

describe('pythonJsonDumps', () => {
  it('writes what AWS CLI v2 writes for a token file', () => {
    expect(
      pythonJsonDumps({ startUrl: 'https://x', region: 'eu-west-1', refreshToken: undefined, n: 3 }),
    ).toBe('{"startUrl": "https://x", "region": "eu-west-1", "n": 3}');
    expect(pythonJsonDumps({ a: ['x', null], b: true }, { compact: true })).toBe('{"a":["x",null],"b":true}');
    // ensure_ascii escapes DEL as well as everything above it; JSON.stringify leaves both raw
    expect(pythonJsonDumps('\x7f é 😀')).toBe('"\\u007f \\u00e9 \\ud83d\\ude00"');
  });

  it.skipIf(!python && !process.env['CI'])(
    'matches Python json.dumps byte for byte on arbitrary strings and nesting',
    () => {
      const value = fc.letrec((tie) => ({
        leaf: fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null)),
        node: fc.oneof(
          { depthSize: 'small' },
          tie('leaf'),
          fc.array(tie('node'), { maxLength: 4 }),
          fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('node'), { maxKeys: 4 }),
        ),
      })).node;
      const cases = fc.sample(value, 300);
      // one Python process checks every case: it reads the values as JSON and prints json.dumps of each
      const run = spawnSync(
        'python3',
        [
          '-c',
          'import json,sys\nfor v in json.load(sys.stdin):\n  print(json.dumps(v[0]))\n  print(json.dumps(v[0], separators=(",", ":")))',
        ],
        { input: JSON.stringify(cases.map((c) => [c])), encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      cases.forEach((c, i) => {
        expect(pythonJsonDumps(c)).toBe(lines[2 * i]);
        expect(pythonJsonDumps(c, { compact: true })).toBe(lines[2 * i + 1]);
      });
    },
  );
});
