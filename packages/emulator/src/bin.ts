import { parseArgs } from 'node:util';
import type { OperationName } from '@ssokit/protocol';
import { type EmulatorOptions, startEmulatorNamed } from './start-emulator.js';
import { didYouMean } from './suggest.js';

// How the person typed this command: `ssokit-emulator`, or `ssokit emulator` when the ssokit CLI runs
// this bin for them (it says so in SSOKIT_EMULATOR_COMMAND), so that help and errors name what they typed.
const COMMAND = process.env['SSOKIT_EMULATOR_COMMAND'] || 'ssokit-emulator';

const HELP = `Usage: ${COMMAND} [options]

A local AWS IAM Identity Center (sso-oidc + sso portal + sign-in pages).
STS (GetCallerIdentity, AssumeRole) answers on the same URL: --endpoint-url for aws sts.
Prints one JSON line {"url","startUrl","region"} when listening; stops on SIGINT/SIGTERM.

Options:
  --port <n>                    port to listen on (default 0: a free port)
  --host <addr>                 interface (default 127.0.0.1; anything else warns)
  --allowed-host <name>         another Host name to answer besides loopback ones, repeatable
  --region <region>             region it claims to be (default us-east-1)
  --fixture <file.json>         directory fixture (default: built-in organisation)
  --auto-approve                approve every sign-in at once as the first user
  --auto-approve-user <name>    ... as this user (implies --auto-approve)
  --device-code-expires-in <s>  device code lifetime (default 600)
  --poll-interval <s>           device polling interval (default 5, min 1)
  --access-token-ttl <s>        access token lifetime (default 3600)
  --session-duration <s>        sign-in session length bounding refresh (default 28800)
  --client-secret-ttl <s>       client secret lifetime (default 7776000)
  --role-credentials-ttl <s>    role credential lifetime (default 3600)
  --auth-code-ttl <s>           authorization code lifetime (default 60)
  --rate-limit <Op=perSecond>   token-bucket rate limit, repeatable (e.g. ListAccountRoles=20)
  -h, --help                    show this help
`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number (got ${v})`);
  return n;
}

/** The flag of each option, so that errors name what the person typed. */
const FLAGS: Record<string, string> = {
  port: '--port',
  host: '--host',
  region: '--region',
  fixture: '--fixture',
  autoApprove: '--auto-approve',
  'autoApprove.user': '--auto-approve-user',
  deviceCodeExpiresInSeconds: '--device-code-expires-in',
  pollIntervalSeconds: '--poll-interval',
  accessTokenTtlSeconds: '--access-token-ttl',
  sessionDurationSeconds: '--session-duration',
  clientSecretTtlSeconds: '--client-secret-ttl',
  roleCredentialsTtlSeconds: '--role-credentials-ttl',
  authCodeTtlSeconds: '--auth-code-ttl',
  rateLimits: '--rate-limit',
  allowedHosts: '--allowed-host',
};

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  region: { type: 'string' },
  fixture: { type: 'string' },
  'auto-approve': { type: 'boolean' },
  'auto-approve-user': { type: 'string' },
  'device-code-expires-in': { type: 'string' },
  'poll-interval': { type: 'string' },
  'access-token-ttl': { type: 'string' },
  'session-duration': { type: 'string' },
  'client-secret-ttl': { type: 'string' },
  'role-credentials-ttl': { type: 'string' },
  'auth-code-ttl': { type: 'string' },
  'rate-limit': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** parseArgs, with errors that suggest the nearest flag. */
function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true }).values;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const flag = /'(-{1,2}[^'\s]+)'/.exec((err as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
      const name = flag.split('=')[0]!;
      throw new Error(
        `unknown option ${name}.${didYouMean(
          name,
          Object.keys(OPTIONS).map((o) => `--${o}`),
        )} See ${COMMAND} --help.`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new Error(`unexpected argument ${flag ?? ''}: every option is a --flag. See ${COMMAND} --help.`);
    throw new Error(`${(err as Error).message}. See ${COMMAND} --help.`);
  }
}

async function main(): Promise<void> {
  const values = parseFlags(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const rateLimits: Partial<Record<OperationName, number>> = {};
  for (const spec of values['rate-limit'] ?? []) {
    const [op, rate, extra] = spec.split('=');
    if (!op || rate === undefined || extra !== undefined)
      throw new Error(`--rate-limit takes Operation=perSecond, e.g. ListAccountRoles=20 (got ${spec})`);
    // the operation name is checked with the other options, which suggest the nearest one
    rateLimits[op as OperationName] = num('rate-limit', rate)!;
  }
  const user = values['auto-approve-user'];
  const options: EmulatorOptions = {
    port: num('port', values.port) ?? 0,
    rateLimits,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values['allowed-host'] === undefined ? {} : { allowedHosts: values['allowed-host'] }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.fixture === undefined ? {} : { fixture: values.fixture }),
    ...(user !== undefined ? { autoApprove: { user } } : values['auto-approve'] ? { autoApprove: true } : {}),
  };
  const timings: Array<[keyof EmulatorOptions, string]> = [
    ['deviceCodeExpiresInSeconds', 'device-code-expires-in'],
    ['pollIntervalSeconds', 'poll-interval'],
    ['accessTokenTtlSeconds', 'access-token-ttl'],
    ['sessionDurationSeconds', 'session-duration'],
    ['clientSecretTtlSeconds', 'client-secret-ttl'],
    ['roleCredentialsTtlSeconds', 'role-credentials-ttl'],
    ['authCodeTtlSeconds', 'auth-code-ttl'],
  ];
  for (const [key, flag] of timings) {
    const v = num(flag, values[flag as keyof typeof values] as string | undefined);
    if (v !== undefined) (options as Record<string, unknown>)[key] = v;
  }
  options.onWarning = (message) => process.stderr.write(`${COMMAND}: warning: ${message}\n`);
  const emulator = await startEmulatorNamed(options, (path) => FLAGS[path] ?? path);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // before the line is printed: whoever reads it may signal at once
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, startUrl: emulator.startUrl, region: emulator.region })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${COMMAND}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
