import type { z } from 'zod';

/**
 * The services ssokit speaks to: the two of IAM Identity Center, STS (`sts`, for role chains) and
 * AWS sign-in federation (`signin`), which turns role credentials into a console sign-in token.
 */
export type ServiceName = 'sso-oidc' | 'sso' | 'sts' | 'signin';

/** Where one request member travels on the wire. */
export type MemberLocation =
  | { readonly in: 'query'; readonly name: string }
  | { readonly in: 'header'; readonly name: string };

/**
 * How an operation's request is put on the wire, as data. Members not named in `members` go in
 * the JSON body when `hasBody` is true.
 */
export interface OperationBinding<
  Input extends OperationSchema = OperationSchema,
  Output extends OperationSchema = OperationSchema,
  Name extends string = string,
> {
  /** The AWS operation name, e.g. `CreateToken`. */
  readonly name: Name;
  readonly service: ServiceName;
  readonly method: 'GET' | 'POST';
  /** The path, including any literal query such as `?aws_iam=t`. */
  readonly path: string;
  /** Request members bound to the query string or a header (with their wire names). */
  readonly members: Readonly<Record<string, MemberLocation>>;
  /** Whether the remaining members are sent as a JSON body (restJson1) or a form body (awsQuery). */
  readonly hasBody: boolean;
  /**
   * The wire protocol; default restJson1. `awsQuery` (STS): a form-encoded POST of `Action`,
   * `Version` and the members under their own names, answered with XML.
   */
  readonly protocol?: 'awsQuery' | undefined;
  /** The `Version` an awsQuery request sends, e.g. `2011-06-15`. */
  readonly apiVersion?: string | undefined;
  /** Whether the request must be SigV4-signed. */
  readonly signed: boolean;
  /**
   * Whether replaying the request after it may have been processed is harmless. CreateToken is
   * not: a replayed authorization code or rotated refresh token fails or burns the session.
   */
  readonly replaySafe: boolean;
  /** Request schema: required members required, types exact; unknown members are dropped. */
  readonly input: Input;
  /** Response schema: lenient, unknown members pass through. */
  readonly output: Output;
}

/** One problem a {@link WireValidator} found: where (member path) and what. */
export interface WireIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A validator compiled at build time from one of the package's zod schemas, with the part of the
 * zod schema interface the transport uses. It accepts exactly what the zod schema accepts and
 * returns the same data (unknown members of a strict object dropped, of a loose one kept), without
 * loading zod. Its issue messages are generic: to tell a person what is wrong, run the zod schema
 * of the same operation (the binding of the same name in `@ssokit/protocol`) on that failure path.
 */
export interface WireValidator<In = unknown, Out = In> {
  /** Always `'zod'`: marks a compiled validator (its zod source holds the messages). */
  readonly compiledFrom: 'zod';
  safeParse(
    value: unknown,
  ): { success: true; data: Out } | { success: false; error: { issues: readonly WireIssue[] } };
  /** @internal Carries the input type; never set. */
  readonly '~input'?: In;
}

/** What an operation binding's `input` and `output` may be: a zod schema or a compiled validator. */
export type OperationSchema = z.ZodType | WireValidator<unknown, unknown>;
/** The type a schema accepts (`z.input` of a zod schema). */
export type SchemaInput<S> = S extends z.ZodType
  ? z.input<S>
  : S extends WireValidator<infer I, unknown>
    ? I
    : never;
/** The type a schema returns (`z.output` of a zod schema). */
export type SchemaOutput<S> = S extends z.ZodType
  ? z.output<S>
  : S extends WireValidator<unknown, infer O>
    ? O
    : never;

/** Whether a schema is a compiled {@link WireValidator} rather than a zod schema. */
export function isWireValidator(schema: OperationSchema): schema is WireValidator<unknown, unknown> {
  return (schema as Partial<WireValidator>).compiledFrom === 'zod';
}

/** Defines an operation binding with its literal types kept. */
export function defineOperation<I extends OperationSchema, O extends OperationSchema, N extends string>(
  binding: OperationBinding<I, O, N>,
): OperationBinding<I, O, N> {
  return Object.freeze(binding);
}
