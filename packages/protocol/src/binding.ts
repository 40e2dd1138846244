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
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
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
  /** Request schema: required members required, types exact. */
  readonly input: Input;
  /** Response schema: lenient, unknown members pass through. */
  readonly output: Output;
}

/** Defines an operation binding with its literal types kept. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType, N extends string>(
  binding: OperationBinding<I, O, N>,
): OperationBinding<I, O, N> {
  return Object.freeze(binding);
}
