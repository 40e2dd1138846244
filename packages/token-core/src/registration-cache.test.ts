import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { ClientRegistration } from '@ssokit/oidc-client';
import { GrantType } from '@ssokit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoClock, RecordingLogger, tempHome } from '../test/helpers.js';
import { RegistrationCache } from './registration-cache.js';

let home: string;
let cleanup: () => Promise<void>;
let clock: AutoClock;
let logger: RecordingLogger;
let cache: RegistrationCache;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  clock = new AutoClock(Date.parse('2030-01-01T00:00:00Z'));
  logger = new RecordingLogger();
  cache = new RegistrationCache({ homeDir: home, clock, logger });
});
afterEach(() => cleanup());

const key = {
  region: 'eu-west-1',
  startUrl: 'https://d-1.awsapps.com/start',
  sessionName: 'work',
  scopes: ['sso:account:access'],
};
const pkce: ClientRegistration = {
  clientId: 'cid',
  clientSecret: 'SECRET-CANARY-client-secret',
  expiresAt: new Date('2030-04-01T00:00:00Z'),
  scopes: ['sso:account:access'],
  grantTypes: [GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN],
};

describe('RegistrationCache', () => {
  it('writes the CLI fields (0600) and reads them back', async () => {
    await cache.put(key, pkce);
    const file = cache.registrationPath(key);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      clientId: 'cid',
      clientSecret: pkce.clientSecret,
      expiresAt: '2030-04-01T00:00:00Z',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await cache.get(key, { grantTypes: [GrantType.AUTHORIZATION_CODE] })).toEqual(pkce);
  });

  it('is reused only for the same flow', async () => {
    await cache.put(key, pkce);
    expect(
      await cache.get(key, { grantTypes: [GrantType.DEVICE_CODE, GrantType.REFRESH_TOKEN] }),
    ).toBeUndefined();
    // A registration without grantTypes was made for the device flow by an older tool.
    await cache.put(key, { ...pkce, grantTypes: undefined });
    expect(await cache.get(key, { grantTypes: [GrantType.DEVICE_CODE] })).toBeDefined();
    expect(await cache.get(key, { grantTypes: [GrantType.AUTHORIZATION_CODE] })).toBeUndefined();
  });

  it('is not reused when (nearly) expired', async () => {
    await cache.put(key, pkce);
    clock.set(Date.parse('2030-03-31T23:50:00Z'));
    expect(await cache.get(key)).toBeUndefined();
  });

  it('keys on session, scopes and region', async () => {
    await cache.put(key, pkce);
    expect(await cache.get({ ...key, sessionName: 'other' })).toBeUndefined();
    expect(await cache.get({ ...key, scopes: null })).toBeUndefined();
    expect(await cache.get({ ...key, region: 'us-east-1' })).toBeUndefined();
    await cache.remove(key);
    expect(await cache.get(key)).toBeUndefined();
  });

  it('treats a corrupt file as absent with a warning and no secret', async () => {
    await mkdir(cache.cacheDir, { recursive: true });
    await writeFile(cache.registrationPath(key), '{"clientId":"c","clientSecret":"SECRET-CANARY-x');
    expect(await cache.get(key)).toBeUndefined();
    await writeFile(
      cache.registrationPath(key),
      '{"clientId":"c","clientSecret":"SECRET-CANARY-x","expiresAt":"never"}',
    );
    expect(await cache.get(key)).toBeUndefined();
    expect(logger.warnings).toHaveLength(2);
    expect(logger.text()).not.toContain('SECRET-CANARY');
  });
});
