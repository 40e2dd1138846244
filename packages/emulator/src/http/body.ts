import type { IncomingMessage } from 'node:http';

/** What {@link readLimitedBody} answers when the body passed the limit. */
export const TOO_LARGE = Symbol('too large');

/**
 * Reads a request body, counting bytes as they arrive and giving up as soon as they pass `limit`
 * (chunked bodies included, whatever Content-Length said): a huge body is never buffered.
 * Reads node's request when there is one, else the fetch `Request` (Hono's `app.request`).
 */
export async function readLimitedBody(
  incoming: IncomingMessage | undefined,
  request: Request,
  limit: number,
): Promise<string | typeof TOO_LARGE> {
  if (incoming) return readNode(incoming, limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readNode(incoming: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  if (incoming.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        // stop reading; the response says Connection: close, so the rest is never read
        incoming.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error('the request was aborted before its body ended'));
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
    incoming.once('close', onClose);
  });
}
