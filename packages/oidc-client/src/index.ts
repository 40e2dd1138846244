/**
 * sso-oidc client: RegisterClient, StartDeviceAuthorization, CreateToken(WithIAM), and the device-code, PKCE and refresh flows.
 *
 * @packageDocumentation
 */
export {};
