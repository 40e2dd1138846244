import { describe, expect, expectTypeOf, it } from 'vitest';
import { SERVICE_ERRORS, type ServiceErrorName } from './error-catalogue.js';
import { ErrorCode } from './error-codes.js';
import {
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  isSsokitError,
  isValidationError,
  SsokitError,
  ValidationError,
} from './ssokit-error.js';

describe('the brand rule', () => {
  it('checks the brand on a branded class and the prototype chain on a subclass without one', () => {
    const foreign = Object.assign(new Error('from another copy'), { [Symbol.for('@ssokit/error')]: true });
    expect(foreign instanceof SsokitError).toBe(true);
    // a branded error of another class is not a ValidationError
    expect(foreign instanceof ValidationError).toBe(false);
    expect(new ValidationError('bad') instanceof ValidationError).toBe(true);
    expect(new SsokitError('ERR_X', 'x') instanceof ValidationError).toBe(false);
    class MineError extends SsokitError {}
    expect(new MineError('ERR_MINE', 'mine') instanceof MineError).toBe(true);
    expect(new SsokitError('ERR_MINE', 'mine') instanceof MineError).toBe(false);
  });

  it('gives a class that declares a brand instanceof across copies, without naming the class', () => {
    class MineError extends SsokitError {
      static override readonly [ERROR_BRAND] = errorBrand('@ssokit/test/MineError');
    }
    class SubError extends MineError {}
    const look = Object.assign(new Error('look-alike'), { [Symbol.for('@ssokit/test/MineError')]: true });
    expect(look instanceof MineError).toBe(true);
    expect(look instanceof SubError).toBe(false);
    const sub = new SubError('ERR_MINE', 'mine');
    expect(sub instanceof MineError).toBe(true);
    expect(isSsokitError(sub)).toBe(true);
    expect(new MineError('ERR_MINE', 'mine').name).toBe('MineError');
    // the mark is not enumerable: it does not show in JSON or a spread
    expect(Object.keys(sub)).not.toContain(Symbol.for('@ssokit/test/MineError'));
    expect(JSON.stringify(sub)).not.toContain('MineError');
  });

  it('narrows a brand to one code for a class that stands for one code of a generic class', () => {
    class GenericError extends SsokitError {
      static override readonly [ERROR_BRAND] = errorBrand('@ssokit/test/GenericError');
    }
    class ThrottledError extends GenericError {
      static override readonly [ERROR_BRAND] = errorBrand(GenericError[ERROR_BRAND], 'Throttled');
    }
    expect(new GenericError('Throttled', 'slow down') instanceof ThrottledError).toBe(true);
    expect(new GenericError('Other', 'no') instanceof ThrottledError).toBe(false);
    expect(new ThrottledError('Throttled', 'slow down') instanceof GenericError).toBe(true);
  });

  it('has an isX(value, code?) guard for every class, by brand', () => {
    const copy = Object.assign(new Error('x'), {
      [Symbol.for('@ssokit/error')]: true,
      [Symbol.for('@ssokit/protocol/ValidationError')]: true,
      code: ErrorCode.INVALID_INPUT,
    });
    expect(isValidationError(copy)).toBe(true);
    expect(isValidationError(copy, ErrorCode.INVALID_INPUT)).toBe(true);
    expect(isSsokitError(copy, ErrorCode.TIMEOUT)).toBe(false);
    expect(isValidationError(new SsokitError(ErrorCode.INVALID_INPUT, 'plain'))).toBe(false);
    expect(isErrorOf(ValidationError, 'not an error')).toBe(false);
    expect(isSsokitError(null)).toBe(false);
  });
});

describe('ValidationError', () => {
  it('carries what is wrong as data, so nobody parses its message', () => {
    const e = new ValidationError('startUrl is required.', { member: 'startUrl' });
    expect(e).toMatchObject({
      member: 'startUrl',
      detail: 'startUrl is required',
      code: ErrorCode.INVALID_INPUT,
    });
    const withAdvice = new ValidationError('Bad thing. Check x.', { member: 'x', detail: 'Bad thing' });
    expect(withAdvice.detail).toBe('Bad thing');
  });
});

describe('the service error catalogue', () => {
  it('types the names as a union, so a misspelt name does not compile', () => {
    expectTypeOf<'SlowDownException'>().toMatchTypeOf<ServiceErrorName>();
    expectTypeOf<'SlowDownExceptoin'>().not.toMatchTypeOf<ServiceErrorName>();
    expect(SERVICE_ERRORS.map((e) => e.name)).toContain('SlowDownException');
  });
});
