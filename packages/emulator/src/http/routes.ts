import { OPERATIONS, type OperationBinding, type OperationName, type ServiceName } from '@ssokit/protocol';

const OPERATION_ENTRIES = Object.values(OPERATIONS) as OperationBinding[];

/** The path of an operation without its literal query (`/token?aws_iam=t` is served at `/token`). */
export const operationPath = (b: OperationBinding): string => b.path.split('?')[0]!;

/** The pages a person sees, in the order a flow visits them. */
export const PAGE_PATHS = Object.freeze([
  '/',
  '/start',
  '/device',
  '/device/signin',
  '/device/consent',
  '/authorize',
  '/authorize/signin',
  '/authorize/consent',
  '/federation',
]);

/** Every path the emulator serves outside `/_emulator/`: the routes faults may name. */
export const ROUTE_PATHS: readonly string[] = Object.freeze([
  ...new Set([...OPERATION_ENTRIES.map(operationPath), ...PAGE_PATHS]),
]);

/** Which operation a method + path (+ query) addresses. */
export function operationFor(
  method: string,
  path: string,
  query: URLSearchParams,
): OperationName | undefined {
  if (method === 'POST' && path === '/token')
    return query.get('aws_iam') === 't' ? 'CreateTokenWithIAM' : 'CreateToken';
  const b = OPERATION_ENTRIES.find((o) => o.method === method && operationPath(o) === path);
  return b?.name as OperationName | undefined;
}

/** The service whose error shape a request gets (pages answer like sso-oidc). */
export const serviceOf = (op: OperationName | undefined): ServiceName =>
  op === undefined ? 'sso-oidc' : (OPERATIONS[op].service as ServiceName);
