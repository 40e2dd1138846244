// `ssokit credentials --login` (or `ssokit_login = true` in the profile): when no valid token is
// left, sign in — under the session's lock, so N credential_process runs show one sign-in — but
// only where a person can see it. Reached only after the caches failed: the warm path never loads
// this module (commands/credentials.ts imports it dynamically).
import { type FromSsoOptions, profileSetting } from '@ssokit/credential-provider';
import { isSsokitError, TokenErrorCode } from '@ssokit/protocol/core';
import { runBrowserCommand } from '../browser-command.js';
import { CliError, ExitCode } from '../errors.js';

type LoginOptions = NonNullable<FromSsoOptions['login']>;
type Env = Readonly<Record<string, string | undefined>>;

/** The profile key that turns `--login` on for one profile. */
export const LOGIN_SETTING = 'ssokit_login';

/**
 * How this process can show a sign-in, or why it cannot: the browser flow where a browser here can
 * reach 127.0.0.1; the device code where its prompt reaches a person (stderr is a terminal) or
 * `BROWSER` can open its URL on this machine (a container or a Linux without a display, never SSH
 * or CI, where nobody would see it).
 */
export async function signInHere(
  env: Env,
  stderrIsTerminal: boolean,
  write: (text: string) => void = (t) => void process.stderr.write(t),
): Promise<{ login: LoginOptions } | { refusal: string }> {
  const { chooseLoginFlow } = await import('@ssokit/oidc-client');
  const choice = chooseLoginFlow({ env });
  const browser = env['BROWSER'] || undefined;
  const open = (url: string) => (browser ? runBrowserCommand(browser, url) : Promise.resolve());
  if (choice.flow === 'pkce') {
    return {
      login: {
        flow: 'pkce',
        ...(browser ? { openBrowser: open } : {}),
        onAuthorizeUrl: (url) =>
          write(`ssokit: signing in for credential_process. If no browser opens, visit:\n  ${url}\n`),
      },
    };
  }
  const browserHere =
    browser !== undefined && (choice.cause === 'container' || choice.cause === 'no-display');
  if (stderrIsTerminal || browserHere) {
    return {
      login: {
        flow: 'device-code',
        onDevicePrompt: async (prompt) => {
          write(
            `ssokit: to sign in, open ${prompt.verificationUriComplete}\nand check that it shows the code ${prompt.userCode}.\n`,
          );
          if (browserHere) await open(prompt.verificationUriComplete).catch(() => {});
        },
      },
    };
  }
  return { refusal: choice.reason };
}

function needsSignIn(e: unknown): boolean {
  return (
    isSsokitError(e) &&
    (e.code === TokenErrorCode.LOGIN_REQUIRED || e.code === TokenErrorCode.SIGN_IN_IN_PROGRESS)
  );
}

/**
 * After `failure` of an attempt without signing in: when it needs a sign-in and one is wanted
 * (`--login`, `ssokit_login = true`), signs in where possible and runs `attempt` again with the
 * login options. Otherwise the failure stands (exit 4); where no sign-in can be shown, with a hint
 * that says why.
 */
export async function retryWithLogin<T>(
  failure: unknown,
  attempt: (login: LoginOptions) => Promise<T>,
  flags: { login?: boolean | undefined; profile?: string | undefined; ssoSession?: string | undefined },
  env: Env,
): Promise<T> {
  if (!needsSignIn(failure) || !(await loginWanted(flags, env))) throw failure;
  const here = await signInHere(env, process.stderr.isTTY === true);
  if ('refusal' in here) {
    throw new CliError(
      (failure as Error).message,
      ExitCode.LOGIN_REQUIRED,
      `--login signs in only where a browser or a terminal can show it, and here: ${here.refusal.replace(/^Using the device code flow because /, '')}`,
    );
  }
  return attempt(here.login);
}

/** Whether `credentials` should sign in: `--login`, or `ssokit_login = true` in the profile. */
export async function loginWanted(
  flags: { login?: boolean | undefined; profile?: string | undefined; ssoSession?: string | undefined },
  env: Env,
): Promise<boolean> {
  if (flags.login) return true;
  if (flags.ssoSession && !flags.profile) return false;
  const value = await profileSetting({ profile: flags.profile, env }, LOGIN_SETTING).catch(() => undefined);
  return value?.toLowerCase() === 'true';
}
