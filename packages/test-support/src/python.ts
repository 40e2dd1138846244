import { spawnSync } from 'node:child_process';

/**
 * Whether python3 with botocore (the AWS CLI's and boto3's core) is available, for the tests that
 * check ssokit's files against botocore's own code. Says why when it is not; under CI it throws,
 * so those tests never skip there.
 */
export function pythonWithBotocore(): boolean {
  const r = spawnSync('python3', ['-c', 'import botocore, dateutil'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env['CI']) throw new Error(`python3 with botocore is required in CI: ${r.stderr ?? r.error}`);
  console.log('skipping the botocore comparison: python3 with botocore is not available here');
  return false;
}

/**
 * Runs `python3 -c script` with `input` as JSON on stdin (when given); returns its stdout. With
 * `env`, the child gets exactly that environment plus PATH (botocore reads HOME and AWS_* at import).
 */
export function python(
  script: string,
  input?: unknown,
  options: { env?: Record<string, string | undefined> } = {},
): string {
  const r = spawnSync('python3', ['-c', script], {
    encoding: 'utf8',
    ...(input === undefined ? {} : { input: JSON.stringify(input) }),
    ...(options.env ? { env: { PATH: process.env['PATH'], ...options.env } } : {}),
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}
