import type { AwsCredentialIdentity } from '@smithy/types';
import { ValidationError } from '@ssokit/protocol/core';
import { formatTimestamp } from '@ssokit/token-core/files';

/**
 * The shells {@link formatExport} writes for (the `--format` values of `aws configure export-credentials`).
 */
export type ExportFormat = 'env' | 'env-no-export' | 'powershell' | 'windows-cmd' | 'fish';

/**
 * Every {@link ExportFormat}, for option parsers.
 *
 * @example
 * ```ts
 * const arg = process.argv[2] ?? 'env';
 * if (!EXPORT_FORMATS.includes(arg as ExportFormat)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
 * ```
 */
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.freeze([
  'env',
  'env-no-export',
  'powershell',
  'windows-cmd',
  'fish',
]);

function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(`credentials.${member} is required to format credentials.`, { member });
  }
  return value;
}

function expirationText(expiration: Date | undefined): string | undefined {
  if (expiration === undefined) return undefined;
  if (!(expiration instanceof Date) || Number.isNaN(expiration.getTime())) {
    throw new ValidationError('credentials.expiration is not a valid Date.', { member: 'expiration' });
  }
  return formatTimestamp(expiration);
}

/**
 * The JSON a `credential_process` prints (AWS CLI's `process` format): `Version` 1, the keys,
 * `SessionToken` and `Expiration` (RFC 3339, UTC) when present, and `AccountId` when known
 * (AWS SDK v3 and botocore read it). Indented like `aws configure export-credentials`; no
 * trailing newline.
 *
 * @example
 * ```ts
 * import { formatCredentialProcess } from '@ssokit/credential-provider';
 * process.stdout.write(`${formatCredentialProcess(credentials)}\n`);
 * // {
 * //   "Version": 1,
 * //   "AccessKeyId": "ASIA...",
 * //   ...
 * //   "Expiration": "2030-01-01T00:00:00Z"
 * // }
 * ```
 */
export function formatCredentialProcess(credentials: AwsCredentialIdentity): string {
  const expiration = expirationText(credentials.expiration);
  const out: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: requireString(credentials.accessKeyId, 'accessKeyId'),
    SecretAccessKey: requireString(credentials.secretAccessKey, 'secretAccessKey'),
  };
  if (credentials.sessionToken) out['SessionToken'] = credentials.sessionToken;
  if (expiration !== undefined) out['Expiration'] = expiration;
  if (credentials.accountId) out['AccountId'] = credentials.accountId;
  return JSON.stringify(out, null, 2);
}

// Characters that need no quoting in any POSIX shell (Python's shlex.quote uses the same set).
const SH_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
// cmd.exe: characters that are literal on a `set` line, and those a caret makes literal.
const CMD_SAFE = /^[A-Za-z0-9_@+=:,./\-~#$*?[\]{}`';\\ &|<>()^]+$/;
const CMD_CARET = /[&|<>()^]/g;

function shQuote(value: string): string {
  if (SH_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

// Inside fish double quotes only \ " $ and newline are special; $ would expand variables and $(...).
function fishQuote(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

// Inside PowerShell double quotes the backtick escapes, $ expands, and the typographic double
// quotes “ ” „ end the string just like ".
function powershellQuote(value: string): string {
  return `"${value.replace(/[`$"\u201c\u201d\u201e]/g, (c) => `\`${c}`)}"`;
}

function cmdValue(value: string, name: string): string {
  // % and ! expand even when escaped on an interactive line, and " changes how ^ works; real
  // credentials never contain them, so refuse rather than print a line that does something else.
  if (!CMD_SAFE.test(value)) {
    throw new ValidationError(
      `${name} contains a character that cannot be written safely for windows-cmd (such as %, ! or "); use --format powershell.`,
      { member: name },
    );
  }
  return value.replace(CMD_CARET, (c) => `^${c}`);
}

function line(format: ExportFormat, name: string, value: string): string {
  // No format can carry a control character (a newline would start a new command).
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new ValidationError(`${name} contains a control character and cannot be exported.`, {
      member: name,
    });
  }
  switch (format) {
    case 'env':
      return `export ${name}=${shQuote(value)}\n`;
    case 'env-no-export':
      return `${name}=${shQuote(value)}\n`;
    case 'powershell':
      return `$Env:${name}=${powershellQuote(value)}\n`;
    case 'windows-cmd':
      return `set ${name}=${cmdValue(value, name)}\n`;
    case 'fish':
      return `set -gx ${name} ${fishQuote(value)}\n`;
    default:
      throw new ValidationError(
        `Unknown export format "${String(format)}"; use one of ${EXPORT_FORMATS.join(', ')}.`,
        {
          member: 'format',
        },
      );
  }
}

/** Options of {@link formatExport}. */
export interface FormatExportOptions {
  /**
   * The profile's `region`: exported as `AWS_REGION` (AWS SDKs) and `AWS_DEFAULT_REGION` (AWS CLI,
   * botocore) unless `env` already sets either of them, so a region the person chose is kept.
   */
  region?: string | undefined;
  /** The environment the lines will run in. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** The region variables {@link formatExport} writes, in the order AWS SDKs then the AWS CLI read them. */
const REGION_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/**
 * Shell lines that set `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, when present,
 * `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION` (RFC 3339) — and, given a `region` that the
 * environment does not set already, `AWS_REGION` and `AWS_DEFAULT_REGION` — in the shapes of
 * `aws configure export-credentials --format ...`: `export K=V`, `K=V`, `$Env:K="V"`, `set K=V`,
 * `set -gx K "V"`. Each value is quoted for its shell so that no value can end its quoting and
 * run something else; a value a shell cannot carry safely is refused with a `ValidationError`
 * (never echoing the value). Lines end with `\n`.
 *
 * @example
 * ```ts
 * import { formatExport } from '@ssokit/credential-provider';
 * process.stdout.write(formatExport(credentials, 'env'));
 * // export AWS_ACCESS_KEY_ID=ASIA...
 * // export AWS_SECRET_ACCESS_KEY=...
 * process.stdout.write(formatExport(credentials, 'fish', { region: 'eu-west-1' }));
 * // ... set -gx AWS_REGION "eu-west-1"
 * ```
 */
export function formatExport(
  credentials: AwsCredentialIdentity,
  format: ExportFormat,
  options: FormatExportOptions = {},
): string {
  if (!EXPORT_FORMATS.includes(format)) {
    throw new ValidationError(
      `Unknown export format "${String(format)}"; use one of ${EXPORT_FORMATS.join(', ')}.`,
      {
        member: 'format',
      },
    );
  }
  const expiration = expirationText(credentials.expiration);
  let out =
    line(format, 'AWS_ACCESS_KEY_ID', requireString(credentials.accessKeyId, 'accessKeyId')) +
    line(format, 'AWS_SECRET_ACCESS_KEY', requireString(credentials.secretAccessKey, 'secretAccessKey'));
  if (credentials.sessionToken) out += line(format, 'AWS_SESSION_TOKEN', credentials.sessionToken);
  if (expiration !== undefined) out += line(format, 'AWS_CREDENTIAL_EXPIRATION', expiration);
  const env = options.env ?? process.env;
  if (options.region && !REGION_VARS.some((name) => (env[name] ?? '') !== '')) {
    for (const name of REGION_VARS) out += line(format, name, options.region);
  }
  return out;
}
