import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactValue } from '@ssokit/protocol';
import { readConfigText, writeConfigText } from '../config/config-file.js';
import { IniDocument } from '../config/ini-document.js';
import { createContext } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import type { DemoFlags } from '../options/demo.js';
import { createOutput, formatRemaining } from '../output.js';
import { accounts, roles } from './accounts.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { status } from './status.js';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The tour: a local emulator, a temporary home (the real ~/.aws is never read or written), and every
 * step a user takes, from configuring a session to signing out. Cleans up, also on Ctrl-C.
 */
export async function run(flags: DemoFlags): Promise<number> {
  const pause = Math.max(0, Number(flags.pause ?? 600) || 0);
  const controller = new AbortController();
  const interrupted = new Error('interrupted');
  const onSigint = () => controller.abort(interrupted);
  // Stops the simulated user (and anything else the demo runs beside a step) when the tour ends, however
  // it ends: a failed sign-in must not leave it polling the emulator and keep the process alive.
  const tourOver = new AbortController();
  const background = AbortSignal.any([controller.signal, tourOver.signal]);
  // `on`, not `once`: proper-lockfile's signal-exit (v3) re-sends SIGINT and kills the process when its
  // own handler is the only one left, which is what it sees once a `once` handler has fired. The
  // handler stays until the cleanup below has run; `finally` removes it.
  process.on('SIGINT', onSigint);
  const home = await mkdtemp(join(tmpdir(), 'ssokit-demo-'));
  let emulator: Awaited<ReturnType<typeof import('@ssokit/emulator').startEmulator>>;
  try {
    const { startEmulator } = await import('@ssokit/emulator');
    emulator = await startEmulator({ pollIntervalSeconds: 1 });
  } catch (error) {
    process.off('SIGINT', onSigint);
    await rm(home, { recursive: true, force: true });
    throw new CliError(
      `the demo could not start its local emulator: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.FAILURE,
    );
  }
  const started = Date.now();
  // Only what the demo sets: no AWS_PROFILE, endpoint or credential variable of the user's leaks in.
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    // the emulator also answers STS (role chains) and sign-in federation (the console)
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_SIGNIN: emulator.url,
  });
  // The demo's clock can jump forward together with the emulator's, to show a refresh.
  let offset = 0;
  const clock = {
    now: () => Date.now() + offset,
    sleep: (ms: number, signal?: AbortSignal) => sleep(ms, signal ?? controller.signal),
  };
  const out = createOutput({ env, color: flags.color });
  const ctx = createContext({ env, clock, signal: controller.signal, out });
  const c = out.color;
  let step = 0;
  let stepTitle = 'start';
  const heading = async (title: string) => {
    await sleep(pause, controller.signal);
    stepTitle = title;
    out.info(`\n${c.bold(c.magenta(`${++step}.`))} ${c.bold(title)}`);
  };
  try {
    out.info(
      c.bold('ssokit demo') + c.dim(` — a local IAM Identity Center at ${emulator.url}, home ${home}`),
    );
    out.info(c.dim('Your own ~/.aws is never read or written.'));

    await heading('Configure a session');
    const configFile = env['AWS_CONFIG_FILE']!;
    const doc = new IniDocument('');
    doc.upsertSection('sso-session demo', [
      `sso_start_url = ${emulator.startUrl}`,
      `sso_region = ${emulator.region}`,
      'sso_registration_scopes = sso:account:access',
    ]);
    await writeConfigText(configFile, doc.toString(), '');
    out.info(c.dim(doc.toString().trimEnd().replace(/^/gm, '    ')));

    await heading(flags.interactive ? 'Sign in (approve it in your browser)' : 'Sign in with a device code');
    let approver: Promise<void> = Promise.resolve();
    if (!flags.interactive) {
      approver = (async () => {
        for (;;) {
          const [pending] = emulator.admin.pendingDeviceAuthorizations();
          if (pending) {
            await sleep(Math.max(1200, pause * 2), background);
            out.info(c.dim(`\n    (a simulated user, alice, opens the link, signs in and clicks Allow)`));
            emulator.admin.approve(pending.userCode, 'alice');
            return;
          }
          await sleep(50, background);
        }
      })();
      // when the sign-in fails or Ctrl-C aborts it, login throws first and nobody awaits this rejection
      approver.catch(() => {});
    }
    await login(ctx, {
      ssoSession: 'demo',
      deviceCode: true,
      qr: true,
      ...(flags.interactive ? {} : { browser: false }),
    });
    await approver;

    await heading('Accounts you can access');
    await accounts(ctx, { ssoSession: 'demo' });
    await heading('Roles in every account (org-wide listing, rate-limited)');
    await roles(ctx, { ssoSession: 'demo' });

    await heading('Credentials for a role (secrets redacted here)');
    const profileDoc = new IniDocument(await readConfigText(configFile));
    profileDoc.upsertSection('profile demo-admin', [
      'sso_session = demo',
      'sso_account_id = 111111111111',
      'sso_role_name = AdministratorAccess',
    ]);
    await writeConfigText(configFile, profileDoc.toString(), await readConfigText(configFile));
    const [{ fromSso, formatCredentialProcess, formatExport }] = await Promise.all([
      import('@ssokit/credential-provider'),
    ]);
    const creds = await fromSso({ profile: 'demo-admin', env })();
    const shown = {
      ...creds,
      secretAccessKey: redactValue(creds.secretAccessKey),
      sessionToken: redactValue(creds.sessionToken),
    };
    out.info(c.dim('    ~/.aws/config: credential_process = ssokit credentials --profile demo-admin'));
    out.info(formatCredentialProcess(shown).replace(/^/gm, '    '));
    out.info(c.dim('    ssokit credentials --profile demo-admin --format env'));
    out.info(formatExport(shown, 'env').trimEnd().replace(/^/gm, '    '));

    await heading('Run a command with the credentials');
    const { exec } = await import('./exec.js');
    const probe =
      "console.error('    AWS_ACCESS_KEY_ID=' + process.env.AWS_ACCESS_KEY_ID.slice(0, 4) + '… SSOKIT_PROFILE=' + process.env.SSOKIT_PROFILE)";
    out.info(c.dim(`    ssokit exec --profile demo-admin -- node -e "print the key's prefix"`));
    const exitCode = await exec({ profile: 'demo-admin', args: [process.execPath, '-e', probe] }, env);
    if (exitCode !== 0) throw new CliError(`the command run by ssokit exec exited with ${exitCode}`);

    await heading('Assume a further role: a role chain rooted in the SSO profile');
    const chainDoc = new IniDocument(await readConfigText(configFile));
    const chainLines = ['role_arn = arn:aws:iam::111111111111:role/Deploy', 'source_profile = demo-admin'];
    chainDoc.upsertSection('profile demo-deploy', chainLines);
    await writeConfigText(configFile, chainDoc.toString(), await readConfigText(configFile));
    out.info(c.dim(`    [profile demo-deploy]\n${chainLines.map((l) => `    ${l}`).join('\n')}`));
    const assumed = await fromSso({ profile: 'demo-deploy', env })();
    const [session0] = emulator.admin.assumedRoleSessions();
    out.info(
      `    AWS_ACCESS_KEY_ID=${assumed.accessKeyId.slice(0, 4)}… as ${session0?.arn ?? 'Deploy'} (cached in ~/.aws/cli/cache, as the AWS CLI caches it)`,
    );

    await heading('Open the AWS console as the role');
    const { resolveConsoleRole } = await import('./console.js');
    const { resolveConsoleSignInUrl } = await import('@ssokit/credential-provider');
    const consoleRole = await resolveConsoleRole({ profile: 'demo-admin' }, ctx);
    const { url: signInUrl } = await resolveConsoleSignInUrl({
      credentials: await consoleRole.credentials(),
      region: emulator.region,
      env,
      signal: ctx.signal,
    });
    out.info(c.dim('    ssokit console --profile demo-admin --print'));
    out.info(`    ${signInUrl.replace(/SigninToken=[^&]+/, 'SigninToken=<redacted>')}`);
    // what a browser does with it: the sign-in sets a cookie and redirects to the console page
    const signIn = await fetch(signInUrl, { redirect: 'manual', signal: ctx.signal });
    const page = await fetch(new URL(signIn.headers.get('location') ?? '/console', emulator.url), {
      headers: { cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0]! },
      signal: ctx.signal,
    });
    out.info(
      page.ok
        ? `    the emulator's console page opens as ${consoleRole.roleName} in ${consoleRole.accountId}`
        : `    the emulator's console answered ${page.status}`,
    );

    await heading('Time passes: 50 minutes later the token refreshes itself');
    const auth = await ctx.auth();
    const session = {
      ssoSession: 'demo',
      startUrl: emulator.startUrl,
      region: emulator.region,
      scopes: ['sso:account:access'],
    };
    const before = await auth.store.read(session);
    offset += 50 * 60_000;
    emulator.admin.advanceClock(50 * 60_000);
    out.info(
      `    token expires in ${formatRemaining(before!.expiresAt.getTime() - clock.now())}; the next request refreshes it ahead of time`,
    );
    auth.manager.once('refreshed', (e) => {
      out.info(
        `    ${c.green('refreshed')}: new token valid for ${formatRemaining(e.expiresAt.getTime() - clock.now())}, no browser needed`,
      );
    });
    await auth.getAccessToken(session);
    await status(ctx);

    await heading('Sign out');
    await logout(ctx, { ssoSession: 'demo' });

    out.info(
      `\n${c.green('Done')} in ${((Date.now() - started) / 1000).toFixed(1)} s. Try it on your own organisation: ${c.bold('ssokit configure')}`,
    );
    return ExitCode.OK;
  } catch (error) {
    tourOver.abort();
    if (controller.signal.reason === interrupted) {
      out.info('\ninterrupted; cleaned up');
      return ExitCode.INTERRUPTED;
    }
    // the error itself follows (with its exit code) from the CLI's error handler
    out.info(`\nThe demo stopped at step ${step} (${stepTitle}); it cleaned up after itself.`);
    throw error;
  } finally {
    tourOver.abort();
    process.off('SIGINT', onSigint);
    await ctx.close().catch(() => {});
    await emulator.close().catch(() => {});
    await rm(home, { recursive: true, force: true });
  }
}
