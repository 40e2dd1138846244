// Throughput of the emulator with 100 concurrent clients on loopback.
// Not a test: run `pnpm build && node bench/throughput.mjs [seconds]`.
// The emulator runs in its own process pinned to one core (taskset, when available), so the
// figure is "requests per second on one core"; the load generator runs on another.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = 100;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const haveTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const cmd = haveTaskset ? 'taskset' : process.execPath;
const args = haveTaskset ? ['-c', '0', process.execPath, bin, '--port', '0'] : [bin, '--port', '0'];
const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
  });
  child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
});
const pool = new Pool(info.url, { connections: CONCURRENCY, pipelining: 1 });

async function json(method, path, body) {
  const res = await pool.request({
    method,
    path,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: await res.body.json() };
}

async function run(name, makeRequest) {
  const statuses = new Map();
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async (i) => {
    while (performance.now() < deadline) {
      const res = await pool.request(makeRequest(i));
      await res.body.dump();
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
  const rps = done / ((performance.now() - t0) / 1000);
  console.log(
    `${name}: ${Math.round(rps)} req/s (${done} requests, ${CONCURRENCY} concurrent, statuses ${JSON.stringify(Object.fromEntries(statuses))})`,
  );
  return rps;
}

try {
  const { body: token } = await json('POST', '/_emulator/tokens', { user: 'alice' });
  // warm up
  await run('warm-up GetRoleCredentials', () => ({
    method: 'GET',
    path: '/federation/credentials?account_id=111111111111&role_name=ReadOnlyAccess',
    headers: { 'x-amz-sso_bearer_token': token.accessToken },
  }));
  await json('POST', '/_emulator/reset');
  const { body: fresh } = await json('POST', '/_emulator/tokens', { user: 'alice' });
  const grc = await run('GetRoleCredentials', () => ({
    method: 'GET',
    path: '/federation/credentials?account_id=111111111111&role_name=ReadOnlyAccess',
    headers: { 'x-amz-sso_bearer_token': fresh.accessToken },
  }));

  // 100 device authorizations, each polled by its own client as fast as it can
  const { body: client } = await json('POST', '/client/register', {
    clientName: 'bench',
    clientType: 'public',
    scopes: ['sso:account:access'],
  });
  const devices = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const { body } = await json('POST', '/device_authorization', { ...client, startUrl: info.startUrl });
    devices.push(body.deviceCode);
  }
  const poll = await run('CreateToken polling', (i) => ({
    method: 'POST',
    path: '/token',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: devices[i],
    }),
  }));
  console.log(
    JSON.stringify({
      pinnedToOneCore: haveTaskset,
      getRoleCredentialsPerSecond: Math.round(grc),
      createTokenPollsPerSecond: Math.round(poll),
    }),
  );
} finally {
  await pool.close();
  child.kill('SIGTERM');
}
