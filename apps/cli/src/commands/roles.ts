// `ssokit roles`: its own module so the parser can load it like every other command.
export { runRoles as run } from './accounts.js';
