// One brand rule for every exported error class of every package: a static ERROR_BRAND, so
// `instanceof` and an `isX(value, code?)` guard hold for an error thrown by another installed copy.
import * as emulator from '@ssokit/emulator';
import * as oidcClient from '@ssokit/oidc-client';
import * as portalClient from '@ssokit/portal-client';
import * as protocol from '@ssokit/protocol';
import { ERROR_BRAND, type ErrorBrand } from '@ssokit/protocol/core';
import * as tokenCore from '@ssokit/token-core';
import * as transport from '@ssokit/transport';
import { describe, expect, it } from 'vitest';
import * as credentialProvider from '../src/index.js';

const packages: Record<string, Record<string, unknown>> = {
  '@ssokit/protocol': protocol,
  '@ssokit/transport': transport,
  '@ssokit/oidc-client': oidcClient,
  '@ssokit/portal-client': portalClient,
  '@ssokit/token-core': tokenCore,
  '@ssokit/credential-provider': credentialProvider,
  '@ssokit/emulator': emulator,
};

type ErrorClass = (abstract new (...args: never[]) => Error) & { [ERROR_BRAND]?: ErrorBrand };

const errorClasses = Object.entries(packages).flatMap(([pkg, exports]) =>
  Object.entries(exports)
    .filter(([, v]) => typeof v === 'function' && (v as ErrorClass).prototype instanceof Error)
    .map(([name, cls]) => ({ pkg, name, cls: cls as ErrorClass, exports })),
);

/** An error as another copy of the packages would make it: a plain Error with the marks. */
function fromAnotherCopy(brand: ErrorBrand, code: string): Error {
  const e = Object.assign(new Error('from another copy'), { code });
  Object.defineProperty(e, Symbol.for('@ssokit/error'), { value: true });
  Object.defineProperty(e, brand.symbol, { value: true });
  return e;
}

describe('every exported error class', () => {
  it('is found (the list is not empty by accident)', () => {
    expect(errorClasses.map((c) => c.name).sort()).toEqual(
      expect.arrayContaining([
        'CacheWriteError',
        'EmulatorError',
        'LockTimeoutError',
        'LoginError',
        'LoginRequiredError',
        'ProfileConfigError',
        'ServiceError',
        'SignInInProgressError',
        'SsokitError',
        'TransportError',
        'UnauthorizedException',
        'ValidationError',
      ]),
    );
  });

  it.each(errorClasses.map((c) => [`${c.pkg} ${c.name}`, c] as const))(
    '%s declares its own brand',
    (_, c) => {
      expect(Object.hasOwn(c.cls, ERROR_BRAND)).toBe(true);
    },
  );

  it.each(errorClasses.map((c) => [`${c.pkg} ${c.name}`, c] as const))(
    '%s matches an error of another copy with instanceof and its guard',
    (_, c) => {
      const brand = c.cls[ERROR_BRAND]!;
      const foreign = fromAnotherCopy(brand, brand.code ?? 'ERR_SOME_CODE');
      expect(foreign instanceof c.cls).toBe(true);
      expect(Object.assign(new Error('look-alike'), { code: 'ERR_SOME_CODE' }) instanceof c.cls).toBe(false);
      // the guard: isX(value, code?), or for the deprecated portal classes the transport's
      const guard = (c.exports[`is${c.name}`] ??
        (brand.code
          ? (v: unknown, code?: string) => transport.isServiceError(v, code as never)
          : undefined)) as ((value: unknown, code?: string) => boolean) | undefined;
      expect(guard, `is${c.name}`).toBeTypeOf('function');
      expect(guard!(foreign)).toBe(true);
      expect(guard!(foreign, brand.code ?? 'ERR_SOME_CODE')).toBe(true);
      expect(guard!(foreign, 'ERR_ANOTHER_CODE')).toBe(false);
      expect(guard!(new Error('plain'))).toBe(false);
    },
  );
});
