import type { IdentityCenter } from '../identity-center/identity-center.js';
import type { OperationHandlers } from './operations.js';

type PortalOperation = 'GetRoleCredentials' | 'ListAccounts' | 'ListAccountRoles' | 'Logout';

/** The sso portal: a signed-in user's accounts, roles, role credentials, and sign-out. */
export function portalHandlers(engine: IdentityCenter): Pick<OperationHandlers, PortalOperation> {
  return {
    GetRoleCredentials: (req) => engine.portal.getRoleCredentials(req),
    ListAccounts: (req) => engine.portal.listAccounts(req),
    ListAccountRoles: (req) => engine.portal.listAccountRoles(req),
    Logout: (req) => {
      engine.sessions.logout(req.accessToken);
      return {};
    },
  };
}
