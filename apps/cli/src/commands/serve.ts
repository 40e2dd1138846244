import { startContainerCredentialsServer } from '@ssokit/credential-provider';
import { credentialSource, targetLabel } from '../credential-source.js';
import { CliError, ExitCode } from '../errors.js';
import type { ServeFlags } from '../options/serve.js';
import { checkTargetFlags } from '../target-flags.js';

/** `ssokit serve [target] [--port N]`: the container-credentials endpoint until Ctrl-C. */
export async function run(flags: ServeFlags): Promise<number> {
  return serve(flags, process.env);
}

export async function serve(
  flags: ServeFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  checkTargetFlags(flags, { needsRole: true, command: 'serve' });
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!/^\d+$/.test(flags.port ?? '0') || port > 65535) {
    throw new CliError(
      `--port ${flags.port} is not a port number`,
      ExitCode.USAGE,
      'use 1–65535, or leave it out for any free port',
    );
  }
  const provider = credentialSource(flags, env);
  // fails here, before anything listens, when the profile is broken or nobody is signed in
  await provider();
  const server = await startContainerCredentialsServer({
    credentials: provider,
    port,
    logger: {
      debug: (m, d) => {
        if (flags.debug) process.stderr.write(`debug: ${m} ${JSON.stringify(d ?? {})}\n`);
      },
      warn: (m, d) => process.stderr.write(`warning: ${m}${d?.['code'] ? ` (${String(d['code'])})` : ''}\n`),
    },
  });
  // Listening for the signals before the variables are printed: whoever reads them may stop us at
  // once (a test, a supervisor). `on` and removed only after closing: proper-lockfile's
  // signal-exit re-sends a signal (and so kills the process mid-close) when it finds its own
  // handler is the only one left
  let stop: (s: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    stop = resolve;
  });
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const vars = server.env();
  // stdout: only the variables (the token is a secret: it goes nowhere else); stderr: the rest
  process.stdout.write(
    `export AWS_CONTAINER_CREDENTIALS_FULL_URI=${vars.AWS_CONTAINER_CREDENTIALS_FULL_URI}\n` +
      `export AWS_CONTAINER_AUTHORIZATION_TOKEN=${vars.AWS_CONTAINER_AUTHORIZATION_TOKEN}\n`,
  );
  process.stderr.write(
    `Serving credentials for ${targetLabel(flags, env)} at ${server.url} (Ctrl-C to stop).\n` +
      'Set the two variables above in the shell of a program that uses an AWS SDK, boto3 or the AWS CLI.\n' +
      'For a container, share the host network (plain http is accepted only on loopback):\n' +
      '  docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN IMAGE\n',
  );
  const signal = await stopped;
  await server.close();
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  process.stderr.write('Stopped.\n');
  return signal === 'SIGINT' ? ExitCode.INTERRUPTED : 143;
}
