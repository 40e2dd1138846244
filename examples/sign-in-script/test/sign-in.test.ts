import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { tokenCacheKey } from '@ssokit/token-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessToken, signIn } from '../src/sign-in.js';

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  // Access tokens that live 10 minutes: under the 15 minutes that make a refresh due.
  emulator = await startEmulator({ pollIntervalSeconds: 1, accessTokenTtlSeconds: 600 });
  home = await mkdtemp(join(tmpdir(), 'ssokit-sign-in-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await emulator?.close();
});

it('signs in with a device code, caches the session as AWS CLI v2 does, and refreshes it later', async () => {
  const where = {
    ssoSession: 'work',
    startUrl: emulator.startUrl,
    region: emulator.region,
    endpoint: emulator.url,
    homeDir: home,
  };
  const prompts: string[] = [];
  const token = await signIn({
    ...where,
    onPrompt: ({ verificationUriComplete, userCode }) => {
      prompts.push(verificationUriComplete);
      emulator.admin.approve(userCode, 'alice'); // the person, in the browser
    },
  });
  expect(prompts).toHaveLength(1);
  expect(token.refreshToken).toBeTruthy();

  // ~/.aws/sso/cache/<sha1 of the session name>.json, private to the user
  const file = join(
    home,
    '.aws',
    'sso',
    'cache',
    `${tokenCacheKey({ ssoSession: 'work', startUrl: emulator.startUrl })}.json`,
  );
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const onDisk = JSON.parse(await readFile(file, 'utf8'));
  expect(onDisk).toMatchObject({
    startUrl: emulator.startUrl,
    region: emulator.region,
    accessToken: token.accessToken,
  });

  // The token has 10 minutes left, so asking for it refreshes it through CreateToken (refresh_token).
  const fresh = await accessToken(where);
  expect(fresh).not.toBe(token.accessToken);
  const refreshes = emulator.admin
    .requests()
    .filter(
      (r) =>
        r.operation === 'CreateToken' && (r.body as { grantType?: string }).grantType === 'refresh_token',
    );
  expect(refreshes).toHaveLength(1);
  // and the portal accepts the refreshed token
  const res = await fetch(`${emulator.url}/assignment/accounts`, {
    headers: { 'x-amz-sso_bearer_token': fresh },
  });
  expect(res.status).toBe(200);

  // Signing in again reuses the cached client registration.
  await signIn({ ...where, onPrompt: ({ userCode }) => emulator.admin.approve(userCode, 'alice') });
  expect(emulator.admin.counters()['RegisterClient']).toBe(1);
});
