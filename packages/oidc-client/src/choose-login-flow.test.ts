import { describe, expect, it } from 'vitest';
import { chooseLoginFlow } from './choose-login-flow.js';

const none = () => false;
const desktop = { env: { DISPLAY: ':0' }, platform: 'linux' as const, fileExists: none };

describe('chooseLoginFlow', () => {
  it('uses PKCE on a desktop', () => {
    expect(chooseLoginFlow(desktop).flow).toBe('pkce');
    expect(chooseLoginFlow({ env: {}, platform: 'darwin', fileExists: none }).flow).toBe('pkce');
    expect(chooseLoginFlow({ env: {}, platform: 'win32', fileExists: none }).flow).toBe('pkce');
    expect(
      chooseLoginFlow({ env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', fileExists: none }).flow,
    ).toBe('pkce');
  });

  it.each([
    ['asked', { ...desktop, deviceCode: true }, /asked/],
    [
      'SSH_CONNECTION',
      { ...desktop, env: { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' } },
      /SSH/,
    ],
    ['SSH_TTY', { ...desktop, env: { DISPLAY: ':0', SSH_TTY: '/dev/pts/0' } }, /SSH/],
    ['SSH_CLIENT', { ...desktop, env: { SSH_CLIENT: '10.0.0.1 5 22' }, platform: 'darwin' as const }, /SSH/],
    ['docker', { ...desktop, fileExists: (p: string) => p === '/.dockerenv' }, /container/],
    ['podman', { ...desktop, fileExists: (p: string) => p === '/run/.containerenv' }, /container/],
    ['kubernetes', { ...desktop, env: { DISPLAY: ':0', KUBERNETES_SERVICE_HOST: '10.96.0.1' } }, /container/],
    ['CI', { ...desktop, env: { DISPLAY: ':0', CI: 'true' } }, /CI/],
    ['no display', { env: {}, platform: 'linux' as const, fileExists: none }, /display/],
  ])('uses the device code when %s, and says why', (_, opts, reason) => {
    const choice = chooseLoginFlow(opts);
    expect(choice.flow).toBe('device-code');
    expect(choice.reason).toMatch(reason);
    expect(choice.reason).toMatch(/\.$/);
  });

  it('ignores empty variables', () => {
    expect(chooseLoginFlow({ ...desktop, env: { DISPLAY: ':0', SSH_TTY: '', CI: '' } }).flow).toBe('pkce');
  });

  describe('on WSL (no display of its own)', () => {
    const interop = (p: string) => p === '/proc/sys/fs/binfmt_misc/WSLInterop';
    const wslKernel = () => '5.15.153.1-microsoft-standard-WSL2';
    it('keeps the browser flow when Windows programs can be started, found by WSL_DISTRO_NAME or /proc/version', () => {
      for (const opts of [
        { env: { WSL_DISTRO_NAME: 'Ubuntu' }, fileExists: interop, readTextFile: () => 'Linux version 6.1' },
        {
          env: {},
          fileExists: interop,
          readTextFile: (p: string) => (p === '/proc/version' ? wslKernel() : undefined),
        },
      ]) {
        const choice = chooseLoginFlow({ ...opts, platform: 'linux' });
        expect(choice).toEqual({
          flow: 'pkce',
          reason: 'Using the browser sign-in: this is WSL, so the browser opens on the Windows side.',
        });
      }
    });

    it('uses the device code when interop is off, and SSH into WSL still wins', () => {
      const choice = chooseLoginFlow({
        env: { WSL_DISTRO_NAME: 'Ubuntu' },
        platform: 'linux',
        fileExists: none,
      });
      expect(choice.flow).toBe('device-code');
      expect(choice.reason).toMatch(/WSL without Windows interop/);
      expect(
        chooseLoginFlow({
          env: { WSL_DISTRO_NAME: 'Ubuntu', SSH_TTY: '/dev/pts/1' },
          platform: 'linux',
          fileExists: interop,
        }).reason,
      ).toMatch(/SSH/);
    });

    it('is not WSL on a plain Linux kernel', () => {
      const choice = chooseLoginFlow({
        env: {},
        platform: 'linux',
        fileExists: interop,
        readTextFile: () => 'Linux version 6.1.0-13-amd64',
      });
      expect(choice.reason).toMatch(/display/);
    });
  });
});
