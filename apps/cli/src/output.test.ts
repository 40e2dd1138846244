import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput, displayText, renderTable, terminalSafe } from './output.js';

function capture() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY: true },
  );
  return { stream, text: () => text };
}

const RAW = /[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('human output never passes a server’s control characters to the terminal', () => {
  it('displayText escapes controls, line breaks and bidi overrides, and caps the length', () => {
    expect(displayText('Admin\u001b[2J\nx\r\t\u009b\u202e')).toBe('Admin\\u001b[2J\\nx\\r\\t\\u009b\\u202e');
    expect(displayText('a'.repeat(10_240), 50)).toBe(`${'a'.repeat(50)}…(10190 more)`);
    expect(displayText('Ünïcødé-角色')).toBe('Ünïcødé-角色');
  });

  it('terminalSafe keeps line breaks and colours, escapes the rest, caps each line', () => {
    expect(terminalSafe('\u001b[31mred\u001b[39m\nnext \u001b]0;title\u0007')).toBe(
      '\u001b[31mred\u001b[39m\nnext \\u001b]0;title\\u0007',
    );
    expect(terminalSafe('x'.repeat(5000)).length).toBeLessThan(2100);
  });

  it('info, warn, success, debug and tables all go through it', () => {
    const err = capture();
    const out = capture();
    const o = createOutput({
      stdout: out.stream,
      stderr: err.stream,
      env: { FORCE_COLOR: '1' },
      debug: true,
    });
    const evil = 'Evil\u001b[2J\u001b]0;owned\u0007\u009b1;1H';
    o.info(evil);
    o.warn(evil);
    o.success(evil);
    o.debug(evil);
    o.data(renderTable(['NAME'], [[evil], ['L'.repeat(10_240)]]));
    for (const text of [err.text(), out.text()]) {
      // colours of our own are fine; nothing else
      expect(RAW.test(text.replace(/\u001b\[[0-9;]*m/g, ''))).toBe(false);
      expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
    }
    expect(err.text()).toContain('Evil\\u001b[2J\\u001b]0;owned\\u0007\\u009b1;1H');
    expect(
      Math.max(
        ...out
          .text()
          .split('\n')
          .map((l) => l.length),
      ),
    ).toBeLessThan(120);
  });
});
