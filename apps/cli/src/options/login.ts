import type { Command } from 'commander';
import { type CommonFlags, type SessionFlags, sessionOptions } from './common.js';

export interface LoginFlags extends CommonFlags, SessionFlags {
  deviceCode?: boolean;
  pkce?: boolean;
  /** commander's --no-browser sets browser: false */
  browser?: boolean;
  qr?: boolean;
  force?: boolean;
  /** A fixed port for the browser flow's 127.0.0.1 callback (SSH port forwarding); checked by the command. */
  redirectPort?: string;
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
    .option(
      '--redirect-port <port>',
      'the browser flow on this fixed 127.0.0.1 port (1-65535), e.g. one forwarded over SSH; implies --pkce',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ ssokit login --sso-session work\n  $ ssokit login --profile dev --device-code --qr\n' +
        '  $ ssh -L 8400:127.0.0.1:8400 devbox   # then, on devbox:\n  $ ssokit login --sso-session work --redirect-port 8400',
    );
}
