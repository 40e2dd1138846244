/**
 * The sso-oidc and sso portal operation bindings without zod: the same names, paths and members as
 * in `@ssokit/protocol`, with `input` and `output` validators compiled at build time from the zod
 * schemas (zod's JSON Schema export, compiled to plain functions by Ajv). They accept exactly what
 * the zod schemas accept and return the same data; loading this entry costs no zod runtime, so the
 * request path of a credential lookup stays fast. On a validation failure their messages are
 * generic: `@ssokit/transport` then runs the zod schema of the same operation for the message.
 *
 * @example
 * ```ts
 * import { GetRoleCredentials } from '@ssokit/protocol/wire';
 * // what @ssokit/transport does with a response body
 * const checked = GetRoleCredentials.output.safeParse({ roleCredentials: { accessKeyId: 'ASIAEXAMPLE' } });
 * if (!checked.success) console.log(checked.error.issues[0]?.path);
 * ```
 *
 * @packageDocumentation
 */

import type { SchemaInput, SchemaOutput } from './binding.js';
import { defineOperation, type OperationBinding, type WireIssue, type WireValidator } from './binding.js';
import type { CompiledValidate } from './generated/wire-validators.js';
import * as compiled from './generated/wire-validators.js';
import {
  CreateTokenHttp,
  CreateTokenWithIAMHttp,
  GetRoleCredentialsHttp,
  ListAccountRolesHttp,
  ListAccountsHttp,
  LogoutHttp,
  RegisterClientHttp,
  StartDeviceAuthorizationHttp,
} from './http-bindings.js';
import type * as oidc from './sso-oidc.js';
import type * as portal from './sso-portal.js';

function issuesOf(validate: CompiledValidate): WireIssue[] {
  return (validate.errors ?? []).map((e) => {
    const path: PropertyKey[] = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^(?:0|[1-9]\d*)$/.test(s) ? Number(s) : s));
    if (e.keyword === 'required') path.push(String(e.params['missingProperty']));
    return { path, message: e.message ?? 'invalid' };
  });
}

// zod copies each object it checks, so an own `__proto__` member (JSON.parse makes one) is not in its
// output; the compiled check works in place, so drop it where zod would.
function dropProto(value: unknown, path: readonly string[], at: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (at === path.length) {
    if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__');
    return;
  }
  const key = path[at] as string;
  if (key === '*') {
    if (Array.isArray(value)) for (const item of value) dropProto(item, path, at + 1);
  } else if (Object.hasOwn(value, key)) dropProto((value as Record<string, unknown>)[key], path, at + 1);
}

/**
 * A {@link WireValidator} over a compiled function. A request (`strips`: its schema is a strict
 * z.object) is copied before the check, which drops its unknown members: the caller's object is
 * never changed, as with zod. A response is checked in place (it was just parsed from JSON).
 */
function validator<In, Out>(validate: CompiledValidate, id: string, strips: boolean): WireValidator<In, Out> {
  const loose = compiled.looseObjects[id] ?? [];
  return Object.freeze({
    compiledFrom: 'zod' as const,
    safeParse(value: unknown) {
      const data =
        strips && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value;
      if (!validate(data)) return { success: false as const, error: { issues: issuesOf(validate) } };
      for (const path of loose) dropProto(data, path, 0);
      return { success: true as const, data: data as Out };
    },
  });
}

type Zod<Op> =
  Op extends OperationBinding<infer I, infer O, infer N> ? { input: I; output: O; name: N } : never;
type Wire<Op extends OperationBinding> = OperationBinding<
  WireValidator<SchemaInput<Zod<Op>['input']>, SchemaOutput<Zod<Op>['input']>>,
  WireValidator<SchemaInput<Zod<Op>['output']>, SchemaOutput<Zod<Op>['output']>>,
  Zod<Op>['name']
>;

function wire<Op extends OperationBinding>(
  http: Omit<OperationBinding, 'input' | 'output'>,
  input: CompiledValidate,
  output: CompiledValidate,
): Wire<Op> {
  return defineOperation({
    ...http,
    input: validator(input, `${http.name}_input`, true),
    output: validator(output, `${http.name}_output`, false),
  }) as Wire<Op>;
}

/** sso portal: GetRoleCredentials, validated without zod. */
export const GetRoleCredentials = wire<typeof portal.GetRoleCredentials>(
  GetRoleCredentialsHttp,
  compiled.GetRoleCredentials_input,
  compiled.GetRoleCredentials_output,
);
/** sso portal: ListAccounts, validated without zod. */
export const ListAccounts = wire<typeof portal.ListAccounts>(
  ListAccountsHttp,
  compiled.ListAccounts_input,
  compiled.ListAccounts_output,
);
/** sso portal: ListAccountRoles, validated without zod. */
export const ListAccountRoles = wire<typeof portal.ListAccountRoles>(
  ListAccountRolesHttp,
  compiled.ListAccountRoles_input,
  compiled.ListAccountRoles_output,
);
/** sso portal: Logout, validated without zod. */
export const Logout = wire<typeof portal.Logout>(LogoutHttp, compiled.Logout_input, compiled.Logout_output);
/** sso-oidc: RegisterClient, validated without zod. */
export const RegisterClient = wire<typeof oidc.RegisterClient>(
  RegisterClientHttp,
  compiled.RegisterClient_input,
  compiled.RegisterClient_output,
);
/** sso-oidc: StartDeviceAuthorization, validated without zod. */
export const StartDeviceAuthorization = wire<typeof oidc.StartDeviceAuthorization>(
  StartDeviceAuthorizationHttp,
  compiled.StartDeviceAuthorization_input,
  compiled.StartDeviceAuthorization_output,
);
/** sso-oidc: CreateToken, validated without zod. Not replay-safe. */
export const CreateToken = wire<typeof oidc.CreateToken>(
  CreateTokenHttp,
  compiled.CreateToken_input,
  compiled.CreateToken_output,
);
/** sso-oidc: CreateTokenWithIAM, validated without zod. Not replay-safe. */
export const CreateTokenWithIAM = wire<typeof oidc.CreateTokenWithIAM>(
  CreateTokenWithIAMHttp,
  compiled.CreateTokenWithIAM_input,
  compiled.CreateTokenWithIAM_output,
);
