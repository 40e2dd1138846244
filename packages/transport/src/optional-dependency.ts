import { ERROR_BRAND, ErrorCode, errorBrand, isErrorOf, SsokitError } from '@ssokit/protocol/core';

/**
 * An optional npm package that a feature needs is not installed (`code` is
 * `ErrorCode.MISSING_DEPENDENCY`). The message names the feature and the `npm install` line that
 * adds the package; `packageName` names the package.
 *
 * @example
 * ```ts
 * const signer = createSigV4Signer({ region: 'us-east-1', service: 'sts', credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…' } });
 * try {
 *   await signer({ method: 'POST', url: new URL('https://sts.us-east-1.amazonaws.com/'), headers: {}, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
 * } catch (e) {
 *   if (e instanceof MissingDependencyError) console.error(e.message); // "… run `npm install @smithy/signature-v4` …"
 * }
 * ```
 */
export class MissingDependencyError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/transport/MissingDependencyError');
  declare readonly code: typeof ErrorCode.MISSING_DEPENDENCY;
  /** The npm package that is missing, e.g. `@smithy/signature-v4`. */
  readonly packageName: string;

  constructor(packageName: string, feature: string, options: { cause?: unknown } = {}) {
    super(
      ErrorCode.MISSING_DEPENDENCY,
      `${feature} needs the npm package ${packageName}, which is not installed: run \`npm install ${packageName}\` in your project.`,
      options,
    );
    this.packageName = packageName;
  }
}

/**
 * Whether `value` is a {@link MissingDependencyError} from any copy of this package.
 *
 * @example
 * ```ts
 * declare const err: unknown;
 * if (isMissingDependencyError(err)) console.error(`install ${err.packageName}`);
 * ```
 */
export function isMissingDependencyError(
  value: unknown,
  code?: typeof ErrorCode.MISSING_DEPENDENCY,
): value is MissingDependencyError {
  return isErrorOf(MissingDependencyError, value, code);
}

/**
 * Loads an optional (peer) dependency on first use: `load` is the `import()` of it, so bundlers and
 * types still see the specifier. A package that is not installed becomes a
 * {@link MissingDependencyError} naming `feature` and the install line; any other failure passes
 * through unchanged.
 *
 * @example
 * ```ts
 * const { request } = await importOptional('undici', 'Sending the request', () => import('undici'));
 * ```
 */
export async function importOptional<T>(
  packageName: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isNotFound(e, packageName)) throw new MissingDependencyError(packageName, feature, { cause: e });
    throw e;
  }
}

// ESM says ERR_MODULE_NOT_FOUND, require() MODULE_NOT_FOUND; a missing package *inside* the optional
// one (a broken install) names another specifier and is not this error.
function isNotFound(e: unknown, packageName: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = String((e as { message?: unknown }).message ?? '');
  return message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
}
