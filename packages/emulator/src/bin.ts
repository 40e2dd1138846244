import { parseArgs } from 'node:util';
import { OPERATIONS, type OperationName } from '@ssokit/protocol';
import { type EmulatorOptions, startEmulator } from './start-emulator.js';

const HELP = `Usage: ssokit-emulator [options]

A local AWS IAM Identity Center (sso-oidc + sso portal + sign-in pages).
Prints one JSON line {"url","startUrl","region"} when listening; stops on SIGINT/SIGTERM.

Options:
  --port <n>                    port to listen on (default 0: a free port)
  --host <addr>                 interface (default 127.0.0.1)
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
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got ${v})`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
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
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const rateLimits: Partial<Record<OperationName, number>> = {};
  for (const spec of values['rate-limit'] ?? []) {
    const [op, rate] = spec.split('=');
    if (!op || !(op in OPERATIONS) || rate === undefined)
      throw new Error(
        `--rate-limit takes Operation=perSecond with one of ${Object.keys(OPERATIONS).join(', ')}`,
      );
    rateLimits[op as OperationName] = num('rate-limit', rate)!;
  }
  const user = values['auto-approve-user'];
  const options: EmulatorOptions = {
    port: num('port', values.port) ?? 0,
    rateLimits,
    ...(values.host === undefined ? {} : { host: values.host }),
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
  const emulator = await startEmulator(options);
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, startUrl: emulator.startUrl, region: emulator.region })}\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`ssokit-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
