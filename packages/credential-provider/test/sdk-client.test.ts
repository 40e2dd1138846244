import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';
import { useEmulatorHome } from './helpers.js';

const sso = useEmulatorHome({ pollIntervalSeconds: 1 }, { homePer: 'file', signIn: true });

/** A loopback STS that records each request and answers GetCallerIdentity. */
async function startSts(accountId: string) {
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:sts::${accountId}:assumed-role/Dev/me</Arn><UserId>AROAEXAMPLE:me</UserId><Account>${accountId}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>0b5ef1c8-1b4c-4d44-9f4e-0c5c9d2f1a11</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

it('signs a real STSClient request with the role credentials the emulator issued', async () => {
  const { accountId } = sso.assignment;
  sso.emulator.admin.clearRequests();
  const sts = await startSts(accountId);
  const credentials = fromSso({ profile: 'dev', env: sso.h.env, homeDir: sso.h.home });
  const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials, maxAttempts: 1 });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(accountId);
  } finally {
    client.destroy();
    await sts.close();
  }
  // the provider is memoized: this is what the client got, fetched once from the emulator
  const issued = await credentials();
  expect(issued.accessKeyId).toMatch(/^ASIA/);
  expect(sso.emulator.admin.counters()['GetRoleCredentials']).toBe(1);
  expect(sts.seen).toHaveLength(1);
  const headers = sts.seen[0]!.headers;
  expect(headers.authorization).toMatch(
    new RegExp(`^AWS4-HMAC-SHA256 Credential=${issued.accessKeyId}/\\d{8}/us-east-1/sts/aws4_request, `),
  );
  expect(headers['x-amz-security-token']).toBe(issued.sessionToken);
});
