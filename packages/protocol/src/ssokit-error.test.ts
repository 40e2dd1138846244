import { describe, expect, it } from 'vitest';
import { brandedHasInstance, isSsokitError, SsokitError, ValidationError } from './ssokit-error.js';

describe('brandedHasInstance', () => {
  it('checks the brand on the declaring class and the prototype chain on a subclass', () => {
    const foreign = Object.assign(new Error('from another copy'), { [Symbol.for('@ssokit/error')]: true });
    expect(foreign instanceof SsokitError).toBe(true);
    // ValidationError inherits the method: a branded error from elsewhere is not a ValidationError.
    expect(foreign instanceof ValidationError).toBe(false);
    expect(new ValidationError('bad') instanceof ValidationError).toBe(true);
    expect(new SsokitError('ERR_X', 'x') instanceof ValidationError).toBe(false);
  });

  it('serves a class of its own without naming it, so the class keeps its name when bundled', () => {
    const BRAND = Symbol('test-brand');
    const isMine = (v: unknown) => typeof v === 'object' && v !== null && BRAND in v;
    class MineError extends SsokitError {
      constructor() {
        super('ERR_MINE', 'mine');
        Object.defineProperty(this, BRAND, { value: true });
      }
      static override [Symbol.hasInstance](value: unknown): boolean {
        // biome-ignore lint/complexity/noThisInStatic: `this` is the class being checked against
        return brandedHasInstance(this, value, isMine);
      }
    }
    class SubError extends MineError {}
    const look = Object.assign(new Error('look-alike'), { [BRAND]: true });
    expect(look instanceof MineError).toBe(true);
    expect(look instanceof SubError).toBe(false);
    expect(new SubError() instanceof MineError).toBe(true);
    expect(new MineError().name).toBe('MineError');
    expect(isSsokitError(new SubError())).toBe(true);
  });
});
