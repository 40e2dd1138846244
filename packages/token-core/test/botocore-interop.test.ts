import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore, type SsoSessionRef, type SsoToken } from '../src/index.js';
import { python, pythonWithBotocore, RecordingLogger, tempHome } from './helpers.js';

const session: SsoSessionRef = {
  ssoSession: 'work',
  startUrl: 'https://d-9.awsapps.com/start',
  region: 'eu-west-1',
};
const legacy: SsoSessionRef = { startUrl: 'https://d-8.awsapps.com/start', region: 'us-east-1' };

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ home, cleanup } = await tempHome()));
afterEach(() => cleanup());

/** botocore run in the test's home: HOME decides its cache directory when botocore.tokens is imported. */
function botocore(script: string): unknown {
  return JSON.parse(
    python(script, undefined, {
      env: { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_EC2_METADATA_DISABLED: 'true' },
    }),
  );
}

describe.runIf(pythonWithBotocore())('botocore interop', () => {
  it("botocore's SSOTokenProvider and SSOTokenLoader use tokens ssokit wrote", async () => {
    const store = new FileTokenStore({ homeDir: home });
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
    const token: SsoToken = {
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'access-from-ssokit',
      expiresAt,
      clientId: 'cid',
      clientSecret: 'secret',
      registrationExpiresAt: new Date(Date.now() + 86400_000),
      refreshToken: 'refresh',
    };
    await store.write(session, token);
    await store.write(legacy, {
      startUrl: legacy.startUrl,
      region: legacy.region,
      accessToken: 'legacy-access',
      expiresAt,
    });
    await writeFile(
      join(home, 'config'),
      `[profile p]\nsso_session = work\nsso_account_id = 111122223333\nsso_role_name = R\n\n` +
        `[sso-session work]\nsso_start_url = ${session.startUrl}\nsso_region = ${session.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const out = botocore(`
import json, os
import botocore.session
from botocore.tokens import SSOTokenProvider
from botocore.utils import SSOTokenLoader, JSONFileCache
s = botocore.session.Session(profile='p')
frozen = SSOTokenProvider(s).load_token().get_frozen_token()
cache = JSONFileCache(os.path.expanduser('~/.aws/sso/cache'))
legacy = SSOTokenLoader(cache=cache)('${legacy.startUrl}')
print(json.dumps({"token": frozen.token, "expiration": frozen.expiration.isoformat(), "legacy": legacy["accessToken"]}))
`) as { token: string; expiration: string; legacy: string };
    expect(out.token).toBe('access-from-ssokit');
    expect(Date.parse(out.expiration)).toBe(expiresAt.getTime());
    expect(out.legacy).toBe('legacy-access');
  });

  it('ssokit reads tokens botocore wrote, in both of its timestamp styles', async () => {
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    botocore(`
import json, os
from datetime import datetime, timezone, timedelta
from botocore.tokens import _sso_json_dumps
from botocore.utils import SSOTokenLoader, JSONFileCache
d = os.path.expanduser('~/.aws/sso/cache')
exp = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
# what a refresh by botocore writes: "%Y-%m-%dT%H:%M:%SZ"
SSOTokenLoader(cache=JSONFileCache(d, dumps_func=_sso_json_dumps)).save_token('${session.startUrl}', {
  "startUrl": "${session.startUrl}", "region": "${session.region}", "accessToken": "from-botocore",
  "expiresAt": exp, "clientId": "cid", "clientSecret": "sec", "registrationExpiresAt": exp + timedelta(days=80),
  "refreshToken": "rt"}, session_name='work')
# the default JSONFileCache serialiser writes "%Y-%m-%dT%H:%M:%S%Z" (a "UTC" suffix)
SSOTokenLoader(cache=JSONFileCache(d)).save_token('${legacy.startUrl}', {
  "startUrl": "${legacy.startUrl}", "region": "${legacy.region}", "accessToken": "legacy-from-botocore", "expiresAt": exp})
print(json.dumps(sorted(os.listdir(d))))
`);
    const logger = new RecordingLogger();
    const store = new FileTokenStore({ homeDir: home, logger });
    expect(await readFile(store.tokenPath(legacy), 'utf8')).toContain(
      '"expiresAt": "2030-01-02T03:04:05UTC"',
    );
    expect(await readFile(store.tokenPath(session), 'utf8')).toContain('"expiresAt": "2030-01-02T03:04:05Z"');
    const expected = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(await store.read(session)).toEqual({
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'from-botocore',
      expiresAt: expected,
      clientId: 'cid',
      clientSecret: 'sec',
      registrationExpiresAt: new Date(expected.getTime() + 80 * 86400_000),
      refreshToken: 'rt',
    });
    expect(await store.read(legacy)).toMatchObject({
      accessToken: 'legacy-from-botocore',
      expiresAt: expected,
    });
    expect(logger.warnings).toEqual([]);
  });
});
