import { existsSync } from 'node:fs';
import type { LoginFlow } from './registration.js';

/**
 * Options of {@link chooseLoginFlow}. Every source is injectable so the decision is testable.
 *
 * @example
 * ```ts
 * const opts: ChooseLoginFlowOptions = { deviceCode: process.argv.includes('--use-device-code') };
 * console.log(chooseLoginFlow(opts).flow);
 * ```
 */
export interface ChooseLoginFlowOptions {
  /** The user asked for the device code flow (e.g. `--use-device-code`). */
  deviceCode?: boolean;
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default `process.platform`. */
  platform?: NodeJS.Platform;
  /** Whether a file exists (container markers). Default `fs.existsSync`. */
  fileExists?: (path: string) => boolean;
}

/**
 * The decision and a sentence saying why, for the CLI to print.
 *
 * @example
 * ```ts
 * const { flow, reason }: LoginFlowChoice = chooseLoginFlow();
 * ```
 */
export interface LoginFlowChoice {
  flow: LoginFlow;
  reason: string;
}

/**
 * Decides between the authorization-code (PKCE) flow and the device code flow. PKCE is the
 * default; the device code is used when asked, or where a browser on this machine cannot reach
 * 127.0.0.1 here: an SSH session, a container, CI, or Linux without a display.
 *
 * @example
 * ```ts
 * const { flow, reason } = chooseLoginFlow({ deviceCode: process.argv.includes('--use-device-code') });
 * if (flow === 'device-code') console.error(reason);
 * ```
 */
export function chooseLoginFlow(opts: ChooseLoginFlowOptions = {}): LoginFlowChoice {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const fileExists = opts.fileExists ?? existsSync;
  const set = (name: string) => (env[name] ?? '') !== '';
  const device = (reason: string): LoginFlowChoice => ({ flow: 'device-code', reason });

  if (opts.deviceCode) return device('Using the device code flow because it was asked for.');
  if (set('SSH_CONNECTION') || set('SSH_TTY') || set('SSH_CLIENT')) {
    return device(
      "Using the device code flow because this is an SSH session: a browser on your computer cannot reach this machine's 127.0.0.1.",
    );
  }
  if (fileExists('/.dockerenv') || fileExists('/run/.containerenv') || set('KUBERNETES_SERVICE_HOST')) {
    return device(
      'Using the device code flow because this runs in a container: a browser outside it cannot reach its 127.0.0.1.',
    );
  }
  if (set('CI'))
    return device('Using the device code flow because this is a CI environment with no browser.');
  if (platform === 'linux' && !set('DISPLAY') && !set('WAYLAND_DISPLAY')) {
    return device(
      'Using the device code flow because no graphical display was found (DISPLAY and WAYLAND_DISPLAY are unset).',
    );
  }
  return { flow: 'pkce', reason: 'Using the browser sign-in (authorization code with PKCE).' };
}
