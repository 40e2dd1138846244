import type { IdentityCenter } from '../identity-center/identity-center.js';
import type { OperationHandlers } from './operations.js';

type OidcOperation = 'RegisterClient' | 'StartDeviceAuthorization' | 'CreateToken' | 'CreateTokenWithIAM';

/** sso-oidc: registration, device authorization and the token endpoint. */
export function oidcHandlers(engine: IdentityCenter): Pick<OperationHandlers, OidcOperation> {
  return {
    RegisterClient: (req) => engine.clients.register(req),
    StartDeviceAuthorization: (req) => engine.devices.start(req),
    CreateToken: (req) => engine.createToken(req),
    CreateTokenWithIAM: (req) => engine.iam.createToken(req),
  };
}
