// Org-scale enumeration benchmark: ours vs @aws-sdk/client-sso paginators, against the emulator
// with ListAccountRoles limited to 20 requests/s. Runs on the built packages:
//   pnpm --filter @ssokit/emulator --filter @ssokit/portal-client build && node bench/enumerate.mjs
// Options: --accounts N (2000), --roles M (3), --rate R (20), --concurrency C (8), --skip-sdk.
import { parseArgs } from 'node:util';
import { paginateListAccountRoles, paginateListAccounts, SSOClient } from '@aws-sdk/client-sso';
import { generateOrganization, startEmulator } from '@ssokit/emulator';
import { enumerateAccountRoles, SsoPortalClient } from '@ssokit/portal-client';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '2000' },
    roles: { type: 'string', default: '3' },
    rate: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
    'skip-sdk': { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts);
const rolesPerAccount = Number(values.roles);
const rate = Number(values.rate);
const concurrency = Number(values.concurrency);
const PAGE = 100;
const neededCalls = accounts * Math.ceil(rolesPerAccount / PAGE);
const minimumSeconds = neededCalls / rate;
const expectedPairs = accounts * rolesPerAccount;

const emulator = await startEmulator({
  fixture: generateOrganization({ accounts, rolesPerAccount }),
  rateLimits: { ListAccountRoles: rate },
});
const { accessToken } = emulator.admin.issueAccessToken();

function serverStats() {
  const log = emulator.admin.requests().filter((r) => r.operation === 'ListAccountRoles');
  return { calls: log.length, throttled: log.filter((r) => r.status === 429).length };
}

function fresh() {
  emulator.admin.clearRequests();
  // A new server-side bucket for each run, so neither inherits the other's debt.
  emulator.admin.setRateLimit('ListAccountRoles', rate);
}

async function runOurs() {
  fresh();
  const client = new SsoPortalClient({ endpoint: emulator.url, region: emulator.region, env: {} });
  const seen = new Set();
  let failedCalls = 0;
  const started = performance.now();
  try {
    for await (const { account, role } of enumerateAccountRoles(client, {
      accessToken,
      concurrency,
      ratePerSecond: rate,
      pageSize: PAGE,
    })) {
      seen.add(`${account.accountId}/${role.roleName}`);
    }
  } catch (e) {
    failedCalls++;
    console.error('ours failed:', e);
  }
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  return { name: '@ssokit/portal-client', seconds, pairs: seen.size, failedCalls, ...serverStats() };
}

async function runSdk() {
  fresh();
  const client = new SSOClient({ region: emulator.region, endpoint: emulator.url });
  const seen = new Set();
  let failedCalls = 0;
  const started = performance.now();
  const all = [];
  for await (const page of paginateListAccounts({ client, pageSize: PAGE }, { accessToken })) {
    all.push(...(page.accountList ?? []));
  }
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const account = all[next++];
      try {
        for await (const page of paginateListAccountRoles(
          { client, pageSize: PAGE },
          { accessToken, accountId: account.accountId },
        )) {
          for (const role of page.roleList ?? []) seen.add(`${account.accountId}/${role.roleName}`);
        }
      } catch (e) {
        if (e?.name !== 'TooManyRequestsException') throw e;
        failedCalls++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  return { name: '@aws-sdk/client-sso', seconds, pairs: seen.size, failedCalls, ...serverStats() };
}

console.log(
  `${accounts} accounts x ${rolesPerAccount} roles, ListAccountRoles limited to ${rate}/s, concurrency ${concurrency}`,
);
console.log(`theoretical minimum: ${neededCalls} calls / ${rate} per s = ${minimumSeconds.toFixed(1)} s\n`);
const results = [await runOurs()];
if (!values['skip-sdk']) results.push(await runSdk());
await emulator.close();

const rows = results.map((r) => ({
  client: r.name,
  'time (s)': r.seconds.toFixed(1),
  'ratio to minimum': (r.seconds / minimumSeconds).toFixed(3),
  'failed calls': r.failedCalls,
  'pairs found': `${r.pairs}/${expectedPairs}`,
  'ListAccountRoles sent': r.calls,
  '429s': r.throttled,
}));
console.table(rows);
const ours = results[0];
const ok = ours.seconds / minimumSeconds <= 1.15 && ours.failedCalls === 0 && ours.pairs === expectedPairs;
console.log(ok ? 'target met: ratio <= 1.15, 0 failures' : 'TARGET MISSED');
process.exitCode = ok ? 0 : 1;
