// What `ssokit credentials` (dist/credentials.cjs) gets for `import … from 'node:crypto'`
// (scripts/build-fast-path.mjs): SHA-1 hashes of strings, the cache keys, in plain JavaScript;
// anything else from the real node:crypto, loaded on first use.
import type * as NodeCrypto from 'node:crypto';
import { sha1 } from './sha1.js';

let real: typeof NodeCrypto | undefined;
const nodeCrypto = (): typeof NodeCrypto => {
  real ??= require('node:crypto') as typeof NodeCrypto;
  return real;
};

/** SHA-1 with `update(string | bytes)` and `digest()`/`digest('hex')`; other algorithms: node:crypto's. */
export function createHash(algorithm: string): NodeCrypto.Hash {
  if (algorithm.toLowerCase() !== 'sha1') return nodeCrypto().createHash(algorithm);
  const chunks: Uint8Array[] = [];
  const hash = {
    update(data: string | NodeJS.ArrayBufferView, encoding?: BufferEncoding) {
      chunks.push(
        typeof data === 'string'
          ? Buffer.from(data, encoding ?? 'utf8')
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      );
      return hash;
    },
    digest(encoding?: BufferEncoding) {
      const digest = sha1(chunks.length === 1 ? chunks[0]! : concat(chunks));
      // the cache keys are hex: spelled out here, because the first Buffer.concat and
      // toString('hex') of a process cost ~0.25 ms together, a percent of a warm run
      if (encoding === 'hex') return Array.from(digest, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
      return encoding === undefined ? Buffer.from(digest) : Buffer.from(digest).toString(encoding);
    },
  };
  return hash as unknown as NodeCrypto.Hash;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export const createHmac: typeof NodeCrypto.createHmac = (...args) => nodeCrypto().createHmac(...args);
export const randomBytes = ((...args: Parameters<typeof NodeCrypto.randomBytes>) =>
  nodeCrypto().randomBytes(...args)) as typeof NodeCrypto.randomBytes;
export const randomInt = ((...args: Parameters<typeof NodeCrypto.randomInt>) =>
  (nodeCrypto().randomInt as (...a: unknown[]) => unknown)(...args)) as typeof NodeCrypto.randomInt;
export const randomUUID: typeof NodeCrypto.randomUUID = (...args) => nodeCrypto().randomUUID(...args);
export const timingSafeEqual: typeof NodeCrypto.timingSafeEqual = (...args) =>
  nodeCrypto().timingSafeEqual(...args);
export const getRandomValues: typeof NodeCrypto.getRandomValues = (...args) =>
  nodeCrypto().getRandomValues(...args);
