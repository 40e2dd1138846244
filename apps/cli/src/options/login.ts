import type { Command } from 'commander';
import { type CommonFlags, type SessionFlags, sessionOptions } from './common.js';

export interface LoginFlags extends CommonFlags, SessionFlags {
  deviceCode?: boolean;
  pkce?: boolean;
  /** commander's --no-browser sets browser: false */
  browser?: boolean;
  qr?: boolean;
  force?: boolean;
}

/** `ssokit login`: fills {@link LoginFlags}. */
export function loginCommand(program: Command): Command {
  return sessionOptions(
    program.command('login').summary('sign in to a session (browser + PKCE, or a device code)'),
  )
    .description(
      'Sign in to a session. Uses the browser (authorization code + PKCE) by default and falls back to the ' +
        'device code where a browser on this machine cannot reach 127.0.0.1 (SSH, containers, CI, no display).\n' +
        'Does nothing when a valid, refreshable session exists (use --force to sign in again).',
    )
    .option('--device-code', 'use the device-code flow: open a URL on any device and enter a code')
    .option(
      '--pkce',
      'use the browser flow (PKCE) even where ssokit would pick the device code (SSH, CI, no display)',
    )
    .option('--no-browser', 'do not open a browser; print the URL (implies --device-code)')
    .option('--qr', 'also show the sign-in URL as a QR code (default when no browser is opened)')
    .option('--force', 'sign in again even when the session is still valid')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit login --sso-session work\n  $ ssokit login --profile dev --device-code --qr',
    );
}
