import { describe, expect, it } from 'vitest';
import * as registry from './error-codes.js';

describe('the error code registry', () => {
  it('gives every code one meaning: no two constants share a string, but for the one abort code', () => {
    const owners = new Map<string, string[]>();
    for (const [group, codes] of Object.entries(registry)) {
      for (const [name, code] of Object.entries(codes as Record<string, string>)) {
        expect(code).toMatch(/^ERR_SSOKIT_[A-Z_]+$/);
        owners.set(code, [...(owners.get(code) ?? []), `${group}.${name}`]);
      }
    }
    const shared = [...owners].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([['ERR_SSOKIT_ABORTED', ['ErrorCode.ABORTED', 'LoginErrorCode.ABORTED']]]);
  });

  it('holds the code credential-provider throws for an unassigned role', () => {
    expect(registry.ProviderErrorCode.ROLE_NOT_ASSIGNED).toBe('ERR_SSOKIT_ROLE_NOT_ASSIGNED');
  });
});
