import type { Command } from 'commander';
import type { CommonFlags } from './common.js';
import { targetOptions } from './exec.js';

export interface ServeFlags extends CommonFlags {
  profile?: string | undefined;
  ssoSession?: string | undefined;
  accountId?: string | undefined;
  roleName?: string | undefined;
  port?: string | undefined;
}

/** `ssokit serve`: fills {@link ServeFlags}. */
export function serveCommand(program: Command): Command {
  return targetOptions(
    program
      .command('serve')
      .summary('serve credentials on a local container-credentials endpoint')
      .description(
        'Serve the credentials of a profile on 127.0.0.1 in the format of the container credentials endpoint, ' +
          'which the AWS SDKs, boto3 and the AWS CLI read when AWS_CONTAINER_CREDENTIALS_FULL_URI and ' +
          'AWS_CONTAINER_AUTHORIZATION_TOKEN are set. Prints the two variables on stdout (the token is a ' +
          'secret); runs until Ctrl-C. Credentials are fetched again 15 minutes before they expire.',
      ),
  )
    .option('--port <port>', 'the port to listen on (default: any free port)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit serve --profile dev --port 9911\n  $ docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN IMAGE',
    );
}
