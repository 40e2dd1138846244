// The exit-code map is keyed by the registry's constants: every code a package throws at a person
// maps to its documented exit code, and a new code must be placed here on purpose.
import {
  EmulatorErrorCode,
  ErrorCode,
  LoginErrorCode,
  ProviderErrorCode,
  SsokitError,
  TokenErrorCode,
} from '@ssokit/protocol/core';
import { LoginRequiredError } from '@ssokit/token-core';
import { describe, expect, it } from 'vitest';
import { describeError, ExitCode } from './errors.js';

const exitOf = (code: string) => describeError(new SsokitError(code, 'x')).exitCode;

describe('describeError', () => {
  it('maps an unassigned role to the configuration exit code, like a broken profile', () => {
    expect(exitOf(ProviderErrorCode.ROLE_NOT_ASSIGNED)).toBe(ExitCode.CONFIG);
    expect(exitOf(ProviderErrorCode.PROFILE_CONFIG)).toBe(ExitCode.CONFIG);
  });

  it('maps a session revoked at AWS to "sign-in required"', () => {
    const revoked = new LoginRequiredError(
      { ssoSession: 'work', startUrl: 'https://x.awsapps.com/start' },
      'revoked',
    );
    expect(describeError(revoked)).toMatchObject({ exitCode: ExitCode.LOGIN_REQUIRED });
  });

  it('gives every registered code an exit code but for those no command surfaces', () => {
    // SERVICE is never a code (a service error's code is its AWS name); a throttled refresh is the
    // cause of a LoginRequiredError; the emulator's API is not reached through a command's errors;
    // the CLI depends on every optional package itself, so none is ever missing
    const notSurfaced = new Set<string>([
      ErrorCode.SERVICE,
      ErrorCode.MISSING_DEPENDENCY,
      TokenErrorCode.REFRESH_THROTTLED,
      ...Object.values(EmulatorErrorCode),
    ]);
    const codes = [ErrorCode, LoginErrorCode, TokenErrorCode, ProviderErrorCode].flatMap((group) =>
      Object.values(group),
    );
    const unmapped = codes.filter((code) => !notSurfaced.has(code) && exitOf(code) === ExitCode.FAILURE);
    expect(unmapped).toEqual([]);
  });

  it('maps service errors by their AWS name', () => {
    const unauthorized = Object.assign(new SsokitError('UnauthorizedException', 'x'), {
      name: 'UnauthorizedException',
    });
    expect(describeError(unauthorized)).toMatchObject({
      exitCode: ExitCode.LOGIN_REQUIRED,
      hint: 'the session is no longer valid: run `ssokit login`',
    });
    expect(exitOf('TooManyRequestsException')).toBe(ExitCode.UNAVAILABLE);
  });
});
