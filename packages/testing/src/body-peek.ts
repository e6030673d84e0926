import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';

const LIMIT = 64 * 1024;

/**
 * Reads a request body without consuming it: the bytes are pushed back with `unshift()` before
 * the stream could emit 'end', so oidc-provider later reads the untouched body itself. (Handing it
 * a pre-parsed body instead makes oidc-provider print a warning.) Only bodies with a
 * Content-Length are peeked, since reading up to EOF would end the stream; for others, and for a
 * request that died meanwhile, the result is undefined.
 */
export async function peekBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length < 0 || length > LIMIT) return undefined;

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    while (size < length) {
      const chunk = req.read() as Buffer | null;
      if (chunk !== null) {
        chunks.push(chunk);
        size += chunk.length;
      } else if (req.readableEnded || req.destroyed) {
        break;
      } else {
        await once(req, 'readable');
      }
    }
  } catch {
    // The request errored while we waited; fall through with what we have.
  } finally {
    // Synchronously after the last read(), before 'end' could be scheduled to fire.
    if (size > 0 && !req.destroyed && !req.readableEnded) req.unshift(Buffer.concat(chunks, size));
  }
  return size === length ? Buffer.concat(chunks, size) : undefined;
}
