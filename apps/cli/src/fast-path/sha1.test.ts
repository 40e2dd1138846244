import { createHash as nodeCreateHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHash } from './crypto.js';
import { sha1 } from './sha1.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha1 in plain JavaScript (the cache keys of `ssokit credentials`)', () => {
  it('equals node:crypto for every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      expect(hex(sha1(data)), `length ${length}`).toBe(nodeCreateHash('sha1').update(data).digest('hex'));
    }
  });

  it('createHash("sha1") hashes strings as UTF-8, across updates, like node:crypto', () => {
    const parts = ['{"accountId":"111111111111",', '"roleName":"ReadOnlyAccess",', '"sessionName":"wörk ☃"}'];
    const ours = createHash('sha1');
    const theirs = nodeCreateHash('sha1');
    for (const p of parts) {
      ours.update(p, 'utf8');
      theirs.update(p, 'utf8');
    }
    expect(ours.digest('hex')).toBe(theirs.digest('hex'));
    expect(createHash('sha1').update('work').digest()).toEqual(
      nodeCreateHash('sha1').update('work').digest(),
    );
  });

  it('one update or bytes, hex or another encoding: the digest node:crypto gives', () => {
    for (const data of ['', 'x', '{"startUrl":"https://my-org.awsapps.com/start"}', randomBytes(70)]) {
      const theirs = () => nodeCreateHash('sha1').update(data);
      expect(createHash('sha1').update(data).digest('hex')).toBe(theirs().digest('hex'));
      expect(createHash('sha1').update(data).digest('base64')).toBe(theirs().digest('base64'));
    }
    const bytes = randomBytes(90);
    expect(createHash('sha1').update(bytes.subarray(10, 80)).digest('hex')).toBe(
      nodeCreateHash('sha1').update(bytes.subarray(10, 80)).digest('hex'),
    );
  });

  it('hands other algorithms to node:crypto', () => {
    expect(createHash('sha256').update('x').digest('hex')).toBe(
      nodeCreateHash('sha256').update('x').digest('hex'),
    );
  });
});
