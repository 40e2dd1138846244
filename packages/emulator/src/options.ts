import { OPERATIONS, type OperationName } from '@ssokit/protocol';
import { z } from 'zod';
import type { FaultKind, FaultSpec } from './admin/admin-state.js';
import { EmulatorError, EmulatorErrorCode } from './errors.js';
import { didYouMean } from './suggest.js';

/** A number with a lower bound; `expect` is how the error message describes it. */
const atLeast = (min: number, expect = `a number >= ${min}`) =>
  z.number({ error: expect }).min(min, { error: expect });
const count = (expect: string) =>
  z.number({ error: expect }).int({ error: expect }).min(1, { error: expect });

/**
 * How much the emulator keeps in memory. When a kind is full, the oldest entry is dropped to make
 * room (expired entries are the oldest in practice, as lifetimes are equal).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ limits: { clients: 50 } });
 * ```
 */
export interface EmulatorLimits {
  /** Registered clients (default 1 000). */
  clients?: number;
  /** Device authorizations, `/authorize` requests and authorization codes, each (default 1 000). */
  authorizations?: number;
  /** Sessions, access tokens and refresh tokens, each (default 100 000). */
  tokens?: number;
  /** Role credentials kept to verify CreateTokenWithIAM signatures (default 100 000). */
  roleCredentials?: number;
}

/**
 * The defaults of {@link EmulatorLimits}.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ limits: { clients: DEFAULT_LIMITS.clients * 10 } });
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Required<EmulatorLimits>> = Object.freeze({
  clients: 1_000,
  authorizations: 1_000,
  tokens: 100_000,
  roleCredentials: 100_000,
});

const SECONDS = 'a number of seconds >= 1';
const limitsSchema = z.strictObject({
  clients: count('an integer >= 1').optional(),
  authorizations: count('an integer >= 1').optional(),
  tokens: count('an integer >= 1').optional(),
  roleCredentials: count('an integer >= 1').optional(),
});

/** The options of `startEmulator`, checked: unknown keys are errors, so a typo never goes unnoticed. */
export const EmulatorOptionsSchema = z.strictObject({
  port: z
    .number({ error: 'an integer 0–65535' })
    .int({ error: 'an integer 0–65535' })
    .min(0, { error: 'an integer 0–65535' })
    .max(65535, { error: 'an integer 0–65535' })
    .optional(),
  host: z.string({ error: 'a host name or address' }).min(1, { error: 'a host name or address' }).optional(),
  region: z.string({ error: 'an AWS region' }).optional(),
  fixture: z
    .custom<object | string>((v) => typeof v === 'string' || (typeof v === 'object' && v !== null), {
      error: 'a directory fixture object or the path of a JSON file',
    })
    .optional(),
  autoApprove: z
    .union([z.boolean(), z.strictObject({ user: z.string().optional() })], {
      error: 'true, false or { user }',
    })
    .optional(),
  deviceCodeExpiresInSeconds: atLeast(1, SECONDS).optional(),
  pollIntervalSeconds: atLeast(1, SECONDS).optional(),
  accessTokenTtlSeconds: atLeast(1, SECONDS).optional(),
  sessionDurationSeconds: atLeast(1, SECONDS).optional(),
  clientSecretTtlSeconds: atLeast(1, SECONDS).optional(),
  roleCredentialsTtlSeconds: atLeast(1, SECONDS).optional(),
  authCodeTtlSeconds: atLeast(1, SECONDS).optional(),
  rateLimits: z
    .record(
      z.string(),
      z.number({ error: 'requests per second > 0' }).positive({ error: 'requests per second > 0' }),
      {
        error: 'an object of Operation: requestsPerSecond',
      },
    )
    .optional(),
  maxRecordedRequests: z
    .number({ error: 'an integer >= 0' })
    .int({ error: 'an integer >= 0' })
    .min(0, { error: 'an integer >= 0' })
    .optional(),
  limits: limitsSchema.optional(),
  allowedHosts: z.array(z.string().min(1), { error: 'a list of host names' }).optional(),
  onWarning: z
    .custom<(message: string) => void>((v) => typeof v === 'function', { error: 'a function' })
    .optional(),
});

/** The options of `startEmulator` once checked. */
export type ParsedEmulatorOptions = z.output<typeof EmulatorOptionsSchema>;

/** How an option is named in messages: its key for the library, its flag for the bin. */
export type OptionNamer = (path: string) => string;

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path)
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Turns the first zod issue into an `INVALID_OPTION` error naming the option and the nearest valid key. */
function optionError(
  issue: z.core.$ZodIssue,
  input: unknown,
  nameOf: OptionNamer,
  shape: Record<string, unknown>,
): EmulatorError {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = path.length === 0 ? '' : ` in ${nameOf(path.join('.'))}`;
    const valid = Object.keys(path.length === 0 ? shape : limitsSchema.shape);
    return new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      `Unknown option ${key}${where}.${didYouMean(key, valid)} Valid options: ${valid.join(', ')}.`,
    );
  }
  const name =
    path[0] === 'rateLimits' && path.length > 1
      ? `${nameOf('rateLimits')} ${path[1]}`
      : nameOf(path.join('.'));
  return new EmulatorError(
    EmulatorErrorCode.INVALID_OPTION,
    `${name} must be ${issue.message} (got ${show(valueAt(input, issue.path))})`,
  );
}

/**
 * Checks `startEmulator` options: unknown keys (typos such as `pollIntervalSecond`), wrong types,
 * out-of-range values and unknown operation names all throw an {@link EmulatorError} with code
 * `INVALID_OPTION` that names the option and suggests the nearest valid name.
 */
export function parseEmulatorOptions(
  input: unknown,
  nameOf: OptionNamer = (path) => path,
): ParsedEmulatorOptions {
  const r = EmulatorOptionsSchema.safeParse(input ?? {});
  if (!r.success) throw optionError(r.error.issues[0]!, input, nameOf, EmulatorOptionsSchema.shape);
  for (const op of Object.keys(r.data.rateLimits ?? {}))
    requireOperation(op, nameOf('rateLimits'), EmulatorErrorCode.INVALID_OPTION);
  return r.data;
}

/** Throws unless `op` names an operation, suggesting the nearest one. */
export function requireOperation(
  op: string,
  where: string,
  code: EmulatorErrorCode,
): asserts op is OperationName {
  if (!Object.hasOwn(OPERATIONS, op))
    throw new EmulatorError(
      code,
      `${where} names unknown operation ${op}.${didYouMean(op, Object.keys(OPERATIONS))} Operations: ${Object.keys(OPERATIONS).join(', ')}.`,
    );
}

const FAULT_KINDS = [
  'latency',
  '500',
  '503',
  '429',
  'reset',
  'hang',
  'malformed-json',
  'truncated',
] as const satisfies readonly FaultKind[];

/** A fault as `injectFault` and `POST /_emulator/faults` accept it; unknown keys are errors. */
export const FaultSpecSchema = z.strictObject({
  route: z.string({ error: 'route is required: an operation name, a path or *' }),
  kind: z.enum(FAULT_KINDS, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` }),
  count: count('count must be an integer >= 1').optional(),
  probability: z
    .number({ error: 'probability must be a number from 0 to 1' })
    .min(0, { error: 'probability must be a number from 0 to 1' })
    .max(1, { error: 'probability must be a number from 0 to 1' })
    .optional(),
  latencyMs: atLeast(0, 'latencyMs must be a number >= 0').optional(),
});

/**
 * Checks a fault: its fields, and that its route is `*`, an operation or a path the emulator
 * serves, so that a misspelt route fails instead of never matching.
 */
export function parseFaultSpec(input: unknown, paths: readonly string[]): FaultSpec {
  const r = FaultSpecSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const message =
      issue.code === 'unrecognized_keys'
        ? `Unknown fault field ${issue.keys[0]}.${didYouMean(issue.keys[0]!, Object.keys(FaultSpecSchema.shape))}`
        : issue.path[0] === 'kind' && typeof (input as { kind?: unknown })?.kind === 'string'
          ? `${issue.message}.${didYouMean((input as { kind: string }).kind, FAULT_KINDS)}`
          : issue.message;
    throw new EmulatorError(EmulatorErrorCode.INVALID_ARGUMENT, message);
  }
  const { route } = r.data;
  const routes = [...Object.keys(OPERATIONS), ...paths];
  if (route !== '*' && !routes.includes(route))
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_ARGUMENT,
      `Fault route ${route} is neither an operation nor a path the emulator serves.${didYouMean(route, routes)} Use an operation (${Object.keys(OPERATIONS).join(', ')}), a path (${paths.join(', ')}) or *.`,
    );
  return r.data as FaultSpec;
}
