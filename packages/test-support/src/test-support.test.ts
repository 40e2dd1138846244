import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertBuilt, RecordingLogger, startProcess, tempHome, useTempDirs } from './index.js';
import { ROLE_CHAIN, roleChainConfig } from './role-chain-config.js';

describe('RecordingLogger', () => {
  it('keeps every call as an entry, as JSON text and as printed lines', () => {
    const logger = new RecordingLogger();
    logger.debug('one');
    logger.warn('two', { file: '/tmp/x' });
    expect(logger.entries).toEqual([
      { level: 'debug', message: 'one' },
      { level: 'warn', message: 'two', data: { file: '/tmp/x' } },
    ]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.text()).toContain('/tmp/x');
    expect(logger.lines).toEqual(['debug one undefined', "warn two { file: '/tmp/x' }"]);
  });
});

describe('temporary directories', () => {
  it('tempHome makes a directory and removes it', async () => {
    const { home, cleanup } = await tempHome();
    expect(existsSync(home)).toBe(true);
    await cleanup();
    expect(existsSync(home)).toBe(false);
  });

  const dir = useTempDirs();
  let made = '';
  it('useTempDirs makes a fresh directory per call', async () => {
    made = await dir();
    expect(existsSync(made)).toBe(true);
    expect(await dir()).not.toBe(made);
  });
  it('and removes it after the test', () => {
    expect(existsSync(made)).toBe(false);
  });
});

describe('assertBuilt', () => {
  it('names the missing file and the command that builds it', () => {
    expect(() => assertBuilt(import.meta.filename)).not.toThrow();
    expect(() => assertBuilt('/nonexistent/dist/index.js')).toThrow(
      /dist\/index\.js is missing: run `pnpm build`/,
    );
  });
});

describe('roleChainConfig', () => {
  const sections = (text: string) => [...text.matchAll(/^\[profile (.+)\]$/gm)].map((m) => m[1]);
  it('writes the chains from the source profile, and that profile itself only when given a session', () => {
    const chains = roleChainConfig({ sourceProfile: 'dev' });
    expect(sections(chains)).toEqual(['deploy', 'audit', 'partner', 'partner-denied', 'loop-a', 'loop-b']);
    expect(chains).toContain(`[profile deploy]\nrole_arn = ${ROLE_CHAIN.deploy}\nsource_profile = dev\n`);
    const rooted = roleChainConfig({ sourceProfile: 'admin', ssoSession: 'work' });
    expect(sections(rooted)[0]).toBe('admin');
    expect(rooted).toContain('[profile admin]\nsso_session = work\nsso_account_id = 111111111111\n');
  });
});

describe('startProcess', () => {
  it('collects stdout and stderr, passes the input, and reports the exit code', async () => {
    const script = `process.stdin.pipe(process.stdout); process.stderr.write('err'); process.exitCode = 3;`;
    const run = startProcess(process.execPath, ['-e', script], { input: 'héllo' });
    expect(await run.exited).toEqual({ code: 3, signal: null, stdout: 'héllo', stderr: 'err' });
  });
  it('kills a child that outlives timeoutMs, and rejects when the command cannot start', async () => {
    const run = startProcess(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 100 });
    expect((await run.exited).signal).toBe('SIGKILL');
    await expect(startProcess('/nonexistent/command', []).exited).rejects.toThrow(/ENOENT/);
  });
});
