import { existsSync, readFileSync } from 'node:fs';
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
  /** Whether a file exists (container markers, WSL's Windows interop). Default `fs.existsSync`. */
  fileExists?: (path: string) => boolean;
  /** Reads a small text file (`/proc/version`), undefined when it cannot. Default `fs.readFileSync`. */
  readTextFile?: (path: string) => string | undefined;
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
  /**
   * Why the device code was chosen: asked for, an SSH session, a container, CI, no display, or WSL
   * that cannot start Windows programs. Absent for PKCE.
   */
  cause?: 'asked' | 'ssh' | 'container' | 'ci' | 'no-display' | 'wsl-no-interop';
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Where WSL exposes Windows programs (binfmt interop) and the PowerShell the `open` package starts. */
const WSL_INTEROP = '/proc/sys/fs/binfmt_misc/WSLInterop';
const WSL_POWERSHELL = '/mnt/c/Windows/System32/WindowsPowerShell/v1.0/powershell.exe';

/**
 * Decides between the authorization-code (PKCE) flow and the device code flow. PKCE is the
 * default; the device code is used when asked, or where a browser on this machine cannot reach
 * 127.0.0.1 here: an SSH session, a container, CI, or Linux without a display.
 *
 * Windows Subsystem for Linux (`WSL_DISTRO_NAME` set, or `/proc/version` naming Microsoft) has no
 * display of its own, but the `open` package starts the Windows default browser through
 * PowerShell, and WSL 2 forwards Windows' 127.0.0.1 to the Linux side, so the browser flow works:
 * PKCE is kept when Windows programs can be started (WSL interop), the device code is chosen when
 * they cannot.
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
  const readTextFile = opts.readTextFile ?? readText;
  const set = (name: string) => (env[name] ?? '') !== '';
  const device = (cause: NonNullable<LoginFlowChoice['cause']>, reason: string): LoginFlowChoice => ({
    flow: 'device-code',
    reason,
    cause,
  });

  if (opts.deviceCode) return device('asked', 'Using the device code flow because it was asked for.');
  if (set('SSH_CONNECTION') || set('SSH_TTY') || set('SSH_CLIENT')) {
    return device(
      'ssh',
      "Using the device code flow because this is an SSH session: a browser on your computer cannot reach this machine's 127.0.0.1.",
    );
  }
  if (fileExists('/.dockerenv') || fileExists('/run/.containerenv') || set('KUBERNETES_SERVICE_HOST')) {
    return device(
      'container',
      'Using the device code flow because this runs in a container: a browser outside it cannot reach its 127.0.0.1.',
    );
  }
  if (set('CI'))
    return device('ci', 'Using the device code flow because this is a CI environment with no browser.');
  if (
    platform === 'linux' &&
    (set('WSL_DISTRO_NAME') || /microsoft/i.test(readTextFile('/proc/version') ?? ''))
  ) {
    if (fileExists(WSL_INTEROP) || fileExists(WSL_POWERSHELL)) {
      return {
        flow: 'pkce',
        reason: 'Using the browser sign-in: this is WSL, so the browser opens on the Windows side.',
      };
    }
    return device(
      'wsl-no-interop',
      'Using the device code flow because this is WSL without Windows interop: no browser can be started from here.',
    );
  }
  if (platform === 'linux' && !set('DISPLAY') && !set('WAYLAND_DISPLAY')) {
    return device(
      'no-display',
      'Using the device code flow because no graphical display was found (DISPLAY and WAYLAND_DISPLAY are unset).',
    );
  }
  return { flow: 'pkce', reason: 'Using the browser sign-in (authorization code with PKCE).' };
}
