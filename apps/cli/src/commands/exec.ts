import { runForwardingSignals } from '../child-process.js';
import { credentialSource, targetLabel, targetRegion } from '../credential-source.js';
import { CliError, ExitCode } from '../errors.js';
import type { ExecFlags } from '../options/exec.js';
import { checkTargetFlags } from '../target-flags.js';

/** The variable that marks a process as running under `ssokit exec`, naming the profile. */
export const EXEC_MARKER = 'SSOKIT_PROFILE';

/**
 * Variables removed from the command's environment, as aws-vault does: a profile or other
 * credentials the SDKs would pick before (or instead of) the ones given here.
 */
const STRIPPED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CREDENTIAL_FILE',
  'AWS_SDK_LOAD_CONFIG',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

/** `ssokit exec [target] [--region R] [--server] [-- COMMAND ARGS...]`. */
export async function run(flags: ExecFlags): Promise<number> {
  return exec(flags, process.env);
}

export async function exec(
  flags: ExecFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const active = env[EXEC_MARKER];
  if (active) {
    throw new CliError(
      `already running inside \`ssokit exec\` for profile ${active}`,
      ExitCode.USAGE,
      `exit that shell (or command) first; to nest anyway, unset ${EXEC_MARKER}`,
    );
  }
  checkTargetFlags(flags, { needsRole: true, command: 'exec' });
  const [command, ...args] = flags.args && flags.args.length > 0 ? flags.args : [defaultShell(env)];
  const provider = credentialSource(flags, env);
  const region = flags.region ?? (hasRegion(env) ? undefined : await targetRegion(flags, env));
  // fails here, before anything runs, when the profile is broken or nobody is signed in
  const creds = await provider();

  const childEnv: Record<string, string | undefined> = { ...env };
  for (const name of STRIPPED) delete childEnv[name];
  childEnv[EXEC_MARKER] = targetLabel(flags, env);
  if (region) {
    childEnv['AWS_REGION'] = region;
    childEnv['AWS_DEFAULT_REGION'] = region;
  }
  if (!flags.server) {
    Object.assign(childEnv, {
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: creds.expiration?.toISOString(),
    });
    return runForwardingSignals(command!, args, childEnv);
  }
  const { startContainerCredentialsServer } = await import('@ssokit/credential-provider');
  const server = await startContainerCredentialsServer({ credentials: provider });
  try {
    Object.assign(childEnv, server.env());
    return await runForwardingSignals(command!, args, childEnv);
  } finally {
    await server.close();
  }
}

function hasRegion(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env['AWS_REGION'] || env['AWS_DEFAULT_REGION']);
}

function defaultShell(env: Readonly<Record<string, string | undefined>>): string {
  if (process.platform === 'win32') return env['COMSPEC'] || 'cmd.exe';
  return env['SHELL'] || '/bin/sh';
}
