import type { OperationBinding, SchemaOutput } from '@ssokit/protocol/core';
import { isSecretMember, isWireValidator, ValidationError } from '@ssokit/protocol/core';

/** One HTTP request, ready to send (or to sign). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Checks `input` against the operation's request schema. Throws a `ValidationError` naming the
 * member; the message never contains a value.
 *
 * @example
 * ```ts
 * validateInput(ListAccounts, { accessToken: 'aoa...' }); // { accessToken: 'aoa...' }
 * ```
 */
export function validateInput<Op extends OperationBinding>(
  op: Op,
  input: unknown,
): SchemaOutput<Op['input']> {
  const result = op.input.safeParse(input);
  if (result.success) return result.data as SchemaOutput<Op['input']>;
  const issue = result.error.issues[0];
  const member = issue?.path.map(String).join('.') || undefined;
  // zod's messages name the member and the expected type; they never include the value.
  const what = issue?.message ?? 'invalid input';
  throw new ValidationError(`${op.name}: ${member && !what.includes(member) ? `${member}: ` : ''}${what}`, {
    member,
  });
}

/**
 * {@link validateInput} as `Transport.send` runs it. A binding of `@ssokit/protocol/wire` checks with
 * its compiled validator; only when that rejects is the zod binding of the same name loaded (with
 * zod), for the message a person can act on.
 */
export async function checkInput<Op extends OperationBinding>(
  op: Op,
  input: unknown,
): Promise<SchemaOutput<Op['input']>> {
  if (!isWireValidator(op.input)) return validateInput(op, input);
  const result = op.input.safeParse(input);
  if (result.success) return result.data as SchemaOutput<Op['input']>;
  return validateInput((await zodBinding(op)) as Op, input);
}

/**
 * The zod binding (from `@ssokit/protocol`) of a compiled one, for its messages; the binding itself
 * when it is not an operation of the full entry. Loads zod: call it on failure paths only.
 */
export async function zodBinding(op: OperationBinding): Promise<OperationBinding> {
  if (!isWireValidator(op.input) && !isWireValidator(op.output)) return op;
  const { OPERATIONS } = await import('@ssokit/protocol');
  return Object.hasOwn(OPERATIONS, op.name)
    ? (OPERATIONS[op.name as keyof typeof OPERATIONS] as OperationBinding)
    : op;
}

/**
 * Puts validated input on the wire as the operation's binding says: query members (wire names,
 * undefined skipped), header members, and the rest as a JSON body when the operation has one
 * (restJson1), or as a form body after `Action` and `Version` (awsQuery).
 * Transport headers (user agent, invocation id) are added by {@link Transport}.
 *
 * @example
 * ```ts
 * const req = serializeRequest(ListAccounts, { accessToken: 't', maxResults: 10 }, 'https://portal.sso.us-east-1.amazonaws.com');
 * req.url.href; // 'https://portal.sso.us-east-1.amazonaws.com/assignment/accounts?max_result=10'
 * ```
 */
export function serializeRequest(op: OperationBinding, input: object, endpoint: string): HttpRequest {
  const query: string[] = [];
  const headers: Record<string, string> = { accept: 'application/json' };
  const body: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const location = op.members[member];
    if (location === undefined) {
      body[member] = value;
    } else if (location.in === 'query') {
      query.push(`${encodeURIComponent(location.name)}=${encodeURIComponent(wireString(value))}`);
    } else {
      headers[location.name.toLowerCase()] = wireString(value);
    }
  }
  let target = endpoint.replace(/\/+$/, '') + op.path;
  if (query.length > 0) target += (op.path.includes('?') ? '&' : '?') + query.join('&');
  let payload: string | undefined;
  if (op.protocol === 'awsQuery') {
    // AWS Query (STS): a form body, as botocore sends it
    const form = new URLSearchParams({ Action: op.name, Version: op.apiVersion ?? '' });
    for (const [member, value] of Object.entries(body)) form.append(member, wireString(value));
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    headers['accept'] = 'text/xml';
    payload = form.toString();
  } else if (op.hasBody) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return { method: op.method, url: new URL(target), headers, body: payload };
}

function wireString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The values of every secret member of an input, to scrub from anything we show. */
export function secretValues(input: object): string[] {
  const out: string[] = [];
  for (const [member, value] of Object.entries(input)) {
    if (isSecretMember(member) && typeof value === 'string' && value.length > 0) out.push(value);
  }
  return out;
}
