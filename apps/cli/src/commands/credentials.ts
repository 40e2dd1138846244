// This module is the credential_process hot path: it must import only what a warm run needs
// (config, the role-credential cache, formatters). fromSso imports the network layers itself,
// and only when its caches cannot answer.
import type { AwsCredentialIdentity } from '@smithy/types';
import {
  type ExportFormat,
  type FormatExportOptions,
  type FromSsoOptions,
  formatCredentialProcess,
  formatExport,
  fromSso,
} from '@ssokit/credential-provider';
import { closestMatch } from '@ssokit/protocol/core';
import { CliError, ExitCode } from '../errors.js';
import { parseArgvStrict } from '../fast-path/parse-args.js';
import {
  CREDENTIALS_ARGS,
  type CredentialsFlags,
  CREDENTIAL_FORMATS as FORMATS,
} from '../options/credentials.js';
import { writeStdout } from '../run.js';
import { checkTargetFlags } from '../target-flags.js';
import { exportOptions } from './export-region.js';

/** `ssokit credentials ...` without commander: the argv after `credentials`. */
export async function credentialsFastPath(argv: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgvStrict(argv, CREDENTIALS_ARGS);
  } catch (e) {
    // commander suggests the nearest option on every other command; so does this path
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message)?.[1];
    const near =
      unknown && closestMatch(unknown, [...Object.keys(CREDENTIALS_ARGS).map((o) => `--${o}`), '--help']);
    throw new CliError(
      unknown ? `unknown option '${unknown}'` : (e as Error).message,
      ExitCode.USAGE,
      `${near ? `did you mean ${near}? ` : ''}see \`ssokit credentials --help\``,
    );
  }
  return credentials({
    profile: values['profile'] as string | undefined,
    ssoSession: values['sso-session'] as string | undefined,
    accountId: values['account-id'] as string | undefined,
    roleName: values['role-name'] as string | undefined,
    format: values['format'] as string | undefined,
    debug: values['debug'] === true,
    login: values['login'] === true,
  });
}

/** The commander entry (`ssokit credentials --help` shows commander's help, then runs here). */
export async function run(flags: CredentialsFlags): Promise<number> {
  return credentials(flags);
}

export async function credentials(
  flags: CredentialsFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const format = flags.format ?? CREDENTIALS_ARGS.format.default;
  if (!(FORMATS as readonly string[]).includes(format)) {
    const near = closestMatch(format, FORMATS);
    throw new CliError(
      `unknown --format ${format}`,
      ExitCode.USAGE,
      `${near ? `did you mean ${near}? ` : ''}use one of: ${FORMATS.join(', ')}`,
    );
  }
  checkTargetFlags(flags, { needsRole: true, command: 'credentials' });
  const logger = {
    debug: (m: string) => {
      if (flags.debug) process.stderr.write(`debug: ${m}\n`);
    },
    warn: (m: string) => process.stderr.write(`warning: ${m}\n`),
  };
  const provider = (login?: FromSsoOptions['login']) =>
    fromSso({
      env,
      logger,
      ...(flags.ssoSession
        ? { ssoSession: flags.ssoSession, ssoAccountId: flags.accountId, ssoRoleName: flags.roleName }
        : { profile: flags.profile }),
      ...(login ? { login } : {}),
    });
  const creds = await provider()().catch(async (failure: unknown) =>
    (await import('./credentials-login.js')).retryWithLogin(
      failure,
      (login) => provider(login)(),
      flags,
      env,
    ),
  );
  const exported = format === 'process' || format === 'json' ? {} : await exportOptions(flags, env);
  writeStdout(`${render(creds, format, exported)}\n`);
  return ExitCode.OK;
}

function render(creds: AwsCredentialIdentity, format: string, exported: FormatExportOptions): string {
  if (format === 'process') return formatCredentialProcess(creds);
  if (format === 'json') {
    return JSON.stringify(
      {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
        expiration: creds.expiration?.toISOString(),
        accountId: creds.accountId,
      },
      null,
      2,
    );
  }
  return formatExport(creds, format as ExportFormat, exported);
}
