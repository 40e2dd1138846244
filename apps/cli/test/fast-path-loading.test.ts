// `ssokit credentials` is what credential_process runs on every AWS call: a run answered from the
// caches must load only what it needs (the code of role chains, of signing in and of cache writes
// is in dist/credentials-lazy.cjs and dist/credentials-network.cjs, loaded where a run reaches it),
// and a run that goes to the network must load the network layers from their one bundle
// (dist/credentials-network.cjs) — with proxies and an injected Dispatcher working there as in the
// packages. No timings here: the figures come from
// bench/credentials-fast-path.mjs. What a process loaded comes from a --require'd recorder.
import { once } from 'node:events';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningEmulator } from '@ssokit/emulator';
import { startEmulator } from '@ssokit/emulator';
import { Logout } from '@ssokit/protocol';
import { startRecordingProxy } from '@ssokit/transport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  BIN,
  expectCredentialProcess,
  hasStackTrace,
  loginAs,
  makeHome,
  runCli,
  sessionConfig,
  startCli,
  type TestHome,
} from './helpers.js';

const NETWORK_BUNDLE = join(BIN, '..', 'credentials-network.cjs');
const LAZY_BUNDLE = join(BIN, '..', 'credentials-lazy.cjs');
/** Source modules a run answered from the SSO role-credential cache never needs to compile. */
const NOT_ON_THE_WARM_PATH = [
  /[/\\]role-chain[/\\]/,
  /[/\\]sts[/\\]/,
  /[/\\]credentials-login\.ts$/,
  /[/\\]write-file-atomic[/\\]/,
  /[/\\]signal-exit[/\\]/,
];
let emulator: RunningEmulator;
let t: TestHome;
let recorder: string;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator();
  t = await makeHome(
    emulator,
    `${sessionConfig(emulator, {
      dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' },
      admin: { accountId: '111111111111', roleName: 'AdministratorAccess' },
    })}\n[profile deploy]\nrole_arn = arn:aws:iam::111111111111:role/Deploy\nsource_profile = admin\n`,
  );
  t.env['AWS_ENDPOINT_URL_STS'] = emulator.url;
  expect((await loginAs(emulator, t.env, 'alice')).code).toBe(0);
  recorder = join(t.home, 'record-loads.cjs');
  await writeFile(
    recorder,
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADS_FILE, JSON.stringify({
      builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
      files: Object.keys(require.cache),
    })));\n`,
  );
});

afterAll(async () => {
  await emulator?.close();
  await t?.cleanup();
});

/** Runs `ssokit credentials --profile NAME` with stdout a pipe; what it printed and what it loaded. */
async function credentialsRun(
  profile = 'dev',
): Promise<{ stdout: string; builtins: string[]; files: string[] }> {
  const loadsFile = join(t.home, 'loads.json');
  const r = await runCli(['credentials', '--profile', profile], {
    ...t.env,
    NODE_OPTIONS: `--require ${recorder}`,
    LOADS_FILE: loadsFile,
  });
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, ...JSON.parse(await readFile(loadsFile, 'utf8')) };
}

/** The source modules bundled into the files a run loaded (from their source maps), not the stubs. */
async function sourcesOf(files: readonly string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.cjs') && !f.endsWith('record-loads.cjs'))) {
    const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
    // not the one-line stubs that require a lazy bundle (`lazy-module:…`, `network-layer:…`)
    sources.push(...map.sources.filter((s) => !/^[a-z-]+:/.test(s)));
  }
  return sources;
}

describe('ssokit credentials loads what the run needs', () => {
  it('from the role-credential cache: no network layer, no node:crypto, fs/promises, v8, net or os', async () => {
    await credentialsRun(); // fills the role-credential cache
    const warm = await credentialsRun();
    expectCredentialProcess(warm.stdout);
    expect(warm.files.filter((f) => !f.endsWith('record-loads.cjs')).sort()).toEqual(
      [join(BIN, '..', 'credentials.cjs'), BIN].sort(),
    );
    // node:os only for a home directory that HOME does not give; node:module only where it has
    // enableCompileCache (Node ≥ 22.1); parseArgs only for an argv it alone can parse
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    for (const builtin of [
      'internal/util/parse_args/parse_args',
      'crypto',
      'fs/promises',
      'v8',
      'net',
      'stream',
      'os',
      ...(nodeMajor < 22 ? ['module'] : []),
    ])
      expect(warm.builtins, builtin).not.toContain(builtin);
    // nor the code of role chains, STS, `--login` or cache writes, bundled or not
    const sources = await sourcesOf(warm.files);
    expect(sources.some((s) => s.endsWith('from-sso.ts'))).toBe(true);
    for (const pattern of NOT_ON_THE_WARM_PATH)
      expect(
        sources.filter((s) => pattern.test(s)),
        String(pattern),
      ).toEqual([]);
  });

  it('a role-chain profile: its code from the lazy bundle, and from its caches no network layer', async () => {
    const cold = await credentialsRun('deploy');
    expectCredentialProcess(cold.stdout);
    expect(cold.files).toEqual(expect.arrayContaining([LAZY_BUNDLE, NETWORK_BUNDLE]));
    const assumed = emulator.admin.counters().AssumeRole;
    expect(assumed).toBeGreaterThan(0);

    const warm = await credentialsRun('deploy');
    expect(JSON.parse(warm.stdout)).toEqual(JSON.parse(cold.stdout));
    expect(emulator.admin.counters().AssumeRole).toBe(assumed);
    expect(warm.files).toContain(LAZY_BUNDLE);
    expect(warm.files).not.toContain(NETWORK_BUNDLE);
    expect(warm.builtins).not.toContain('v8');
    // the lazy bundle runs only the modules asked for: not `--login`'s, which load child_process
    expect(warm.builtins).not.toContain('child_process');
  });

  it('on Node 22 and later, keeps compiled code in Node’s module compile cache', async (ctx) => {
    if (Number(process.versions.node.split('.')[0]) < 22) ctx.skip(); // module.enableCompileCache is Node ≥ 22.1
    const cacheDir = join(t.home, 'compile-cache');
    const r = await runCli(['credentials', '--profile', 'dev'], { ...t.env, NODE_COMPILE_CACHE: cacheDir });
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(cacheDir, { recursive: true })).not.toEqual([]);
  });

  it('on Node 22 and later, keeps that cache in the user’s own cache directory, not the shared temporary one', async (ctx) => {
    if (Number(process.versions.node.split('.')[0]) < 22) ctx.skip(); // module.enableCompileCache is Node ≥ 22.1
    if (process.platform === 'darwin' || process.platform === 'win32') ctx.skip(); // per-user temp dirs there
    // Node's default is os.tmpdir()/node-compile-cache: on Linux /tmp, where another user could
    // create the directory first and plant compiled code in it
    const tmp = join(t.home, 'tmp');
    await mkdir(tmp);
    const env = { ...t.env, TMPDIR: tmp }; // t.env sets neither NODE_COMPILE_CACHE nor XDG_CACHE_HOME
    const r = await runCli(['credentials', '--profile', 'dev'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(tmp, { recursive: true })).toEqual([]);
    expect(
      await readdir(join(t.home, '.cache', 'ssokit', 'node-compile-cache'), { recursive: true }),
    ).not.toEqual([]);
    const xdg = join(t.home, 'xdg-cache');
    const withXdg = await runCli(['credentials', '--profile', 'dev'], { ...env, XDG_CACHE_HOME: xdg });
    expect(withXdg.code, withXdg.stderr).toBe(0);
    expect(await readdir(join(xdg, 'ssokit', 'node-compile-cache'), { recursive: true })).not.toEqual([]);
  });

  it('writing straight to descriptor 1: a reader that went away ends it quietly', async () => {
    const run = startCli(['credentials', '--profile', 'dev'], t.env);
    run.child.stdout.destroy(); // its write fails with EPIPE
    const r = await run.exited;
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.code).toBe(0);
  });

  it('with the role-credential cache empty: the network layers from their one bundle, zod and undici within it', async () => {
    await rm(join(t.home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
    const cold = await credentialsRun();
    expectCredentialProcess(cold.stdout);
    expect(cold.files).toContain(NETWORK_BUNDLE);
    expect(cold.files.filter((f) => /[/\\]node_modules[/\\]/.test(f))).toEqual([]);
    expect(cold.builtins).toContain('v8'); // --liftoff-only, set when the network code loads
    expect(emulator.admin.counters().GetRoleCredentials).toBeGreaterThan(0);
  });
});

interface MockAgentLike {
  disableNetConnect(): void;
  get(origin: string): { intercept(options: object): { reply(status: number, body: string): unknown } };
  assertNoPendingInterceptors(): void;
  close(): Promise<void>;
}

describe('the network bundle keeps what the packages promise', () => {
  type TransportModule = typeof import('@ssokit/transport');
  const bundled = () =>
    createRequire(import.meta.url)(NETWORK_BUNDLE)['@ssokit/transport'] as TransportModule;

  it('a Dispatcher from the caller’s undici (MockAgent) carries the requests', async () => {
    // the undici the transport package depends on: the CLI itself has none
    const undici = createRequire(createRequire(import.meta.url).resolve('@ssokit/transport'))('undici') as {
      MockAgent: new () => MockAgentLike;
    };
    const agent = new undici.MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://portal.sso.eu-west-1.amazonaws.com')
      .intercept({ path: '/logout', method: 'POST', headers: { 'x-amz-sso_bearer_token': 'tok-1' } })
      .reply(200, '');
    const { Transport } = bundled();
    const transport = new Transport({
      endpoint: 'https://portal.sso.eu-west-1.amazonaws.com',
      // a Dispatcher of another copy of undici: typed by this package's, which the CLI lacks
      dispatcher: agent as unknown as ConstructorParameters<TransportModule['Transport']>[0]['dispatcher'],
    });
    await transport.send(Logout, { accessToken: 'tok-1' });
    agent.assertNoPendingInterceptors();
    await transport.close();
    await agent.close();
  });

  it('the default dispatcher goes through HTTPS_PROXY, and reaches loopback directly', async () => {
    const proxy = await startRecordingProxy();
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { Transport, createDefaultDispatcher, isTransportError } = bundled();
      const dispatcher = createDefaultDispatcher({ httpsProxy: proxy.url, httpProxy: proxy.url });
      const proxied = new Transport({
        endpoint: 'https://portal.sso.us-east-1.amazonaws.com',
        dispatcher,
        retry: { maxAttempts: 1 },
      });
      const err = await proxied.send(Logout, { accessToken: 'tok-2' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isTransportError(err)).toBe(true);
      expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
      const direct = new Transport({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        dispatcher,
        retry: { maxAttempts: 1 },
      });
      await direct.send(Logout, { accessToken: 'tok-3' });
      expect(seen).toEqual(['POST /logout']);
      expect(proxy.requests).toHaveLength(1);
      await dispatcher.close();
    } finally {
      server.closeAllConnections();
      server.close();
      await proxy.close();
    }
  });
});
