import type { DeviceCodePrompt } from '@ssokit/oidc-client';
import { runBrowserCommand } from '../browser-command.js';
import type { CliContext } from '../context.js';
import { resolveSession } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { LoginFlags } from '../options/login.js';
import { formatDuration, formatRemaining } from '../output.js';
import { withContext } from './with-context.js';

/**
 * Opens a URL: `BROWSER` (a command, as many CLIs honour) when set, else the system browser via the
 * `open` package. Tests point BROWSER at a script that drives a real Chromium.
 */
export async function openUrl(url: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const browser = env['BROWSER'];
  if (browser) return runBrowserCommand(browser, url);
  const { default: open } = await import('open');
  await open(url);
}

/**
 * A QR code of `text` for the terminal. The `terminal` renderer paints with ANSI colours (a white
 * background, so it scans on dark terminals too); without colour, plain Unicode blocks.
 */
export async function qrCode(text: string, color: boolean): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return color
    ? QRCode.toString(text, { type: 'terminal', small: true })
    : QRCode.toString(text, { type: 'utf8' });
}

/** A spinner with a live countdown to `expiresAt` while a device code waits for approval. */
export async function countdown(ctx: CliContext, expiresAt: Date, label: string): Promise<() => void> {
  const now = () => ctx.clock?.now() ?? Date.now();
  const text = () => `${label} (code expires in ${formatDuration(expiresAt.getTime() - now())})`;
  if (!ctx.out.interactive) {
    ctx.out.info(`${label}…`);
    return () => {};
  }
  const { default: yoctoSpinner } = await import('yocto-spinner');
  const spinner = yoctoSpinner({ text: text(), stream: process.stderr }).start();
  const timer = setInterval(() => {
    spinner.text = text();
  }, 1000);
  return () => {
    clearInterval(timer);
    spinner.stop();
  };
}

/** Shows the device-code prompt: URL, code, and a QR code when asked or when no browser opens. */
export async function showDevicePrompt(
  ctx: CliContext,
  prompt: DeviceCodePrompt,
  options: { qr: boolean; openBrowser: boolean },
): Promise<void> {
  const c = ctx.out.color;
  ctx.out.info(`\nTo sign in, open ${c.cyan(c.underline(prompt.verificationUriComplete))}`);
  ctx.out.info(`and check that it shows the code ${c.bold(c.yellow(prompt.userCode))}.`);
  if (options.qr)
    ctx.out.info(
      `\nOr scan this QR code with a phone:\n${await qrCode(prompt.verificationUriComplete, ctx.out.color.isColorSupported)}`,
    );
  if (options.openBrowser) {
    await openUrl(prompt.verificationUriComplete, ctx.env).catch(() => {
      ctx.out.warn('could not open a browser; open the URL above yourself');
    });
  }
}

/** The one line after the browser prompt: how to sign in with the device code instead. */
export function deviceCodeHint(flags: Pick<LoginFlags, 'profile' | 'ssoSession'>): string {
  const target = flags.profile
    ? ` --profile ${flags.profile}`
    : flags.ssoSession
      ? ` --sso-session ${flags.ssoSession}`
      : '';
  return `No browser on this machine? Press Ctrl-C and run: ssokit login${target} --device-code`;
}

/** Reads `--redirect-port`: a whole number from 1 to 65535, else a usage error (exit 2). */
export function parseRedirectPort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535))
    throw new CliError(
      `--redirect-port takes a port from 1 to 65535 (got "${value.slice(0, 20)}"): the one your SSH tunnel forwards, e.g. ssh -L 8400:127.0.0.1:8400`,
      ExitCode.USAGE,
    );
  return port;
}

export async function run(flags: LoginFlags): Promise<number | undefined> {
  return withContext(flags, (ctx) => login(ctx, flags));
}

export async function login(ctx: CliContext, flags: LoginFlags): Promise<number | undefined> {
  const redirectPort = flags.redirectPort === undefined ? undefined : parseRedirectPort(flags.redirectPort);
  const resolved = await resolveSession(ctx, flags);
  const auth = await ctx.auth(resolved.endpointOverrides);
  const noBrowser = flags.browser === false;
  if (flags.pkce && (flags.deviceCode || noBrowser)) {
    throw new CliError('--pkce cannot be combined with --device-code or --no-browser', ExitCode.USAGE);
  }
  if (redirectPort !== undefined && (flags.deviceCode || noBrowser)) {
    throw new CliError(
      '--redirect-port is for the browser flow: it cannot be combined with --device-code or --no-browser',
      ExitCode.USAGE,
    );
  }
  const pkce = flags.pkce || redirectPort !== undefined;
  const flow = flags.deviceCode || noBrowser ? 'device-code' : pkce ? 'pkce' : undefined;
  let stop: () => void = () => {};
  try {
    const outcome = await auth.login(resolved.session, {
      force: flags.force === true,
      signal: ctx.signal,
      ...(flow ? { flow } : {}),
      onFlowChosen: (choice) => {
        if (choice.flow === 'device-code' && !flow) ctx.out.info(choice.reason);
        ctx.out.debug('login flow', { flow: choice.flow, reason: choice.reason });
      },
      onDevicePrompt: async (prompt) => {
        await showDevicePrompt(ctx, prompt, { qr: flags.qr === true || noBrowser, openBrowser: !noBrowser });
        stop = await countdown(ctx, prompt.expiresAt, 'Waiting for you to approve the sign-in');
      },
      onAuthorizeUrl: (url) => {
        ctx.out.info(
          `Opening your browser to sign in. If it does not open, visit:\n  ${ctx.out.color.cyan(url)}`,
        );
        ctx.out.info(deviceCodeHint(flags));
      },
      openBrowser: (url) => openUrl(url, ctx.env),
      ...(redirectPort !== undefined ? { redirectPort } : {}),
    });
    stop();
    const now = ctx.clock?.now() ?? Date.now();
    const left = formatRemaining(outcome.token.expiresAt.getTime() - now);
    const refreshable = outcome.token.refreshToken
      ? 'refreshes automatically'
      : 'does not refresh (legacy profile)';
    if (outcome.reused) {
      ctx.out.success(
        `Already signed in to ${resolved.label}: valid for ${left}, ${refreshable}. Use --force to sign in again.`,
      );
    } else {
      ctx.out.success(`Signed in to ${resolved.label}: valid for ${left}, ${refreshable}.`);
    }
    if (ctx.out.json) {
      ctx.out.data(
        JSON.stringify({
          session: resolved.session.ssoSession ?? null,
          startUrl: resolved.session.startUrl,
          region: resolved.session.region,
          expiresAt: outcome.token.expiresAt.toISOString(),
          refreshable: !!outcome.token.refreshToken,
          reused: outcome.reused,
        }),
      );
    }
    return 0;
  } finally {
    stop();
  }
}
