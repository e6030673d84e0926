/** One piece of an upload. */
export interface Chunk {
  /** Offset of the first byte in the whole media. */
  start: number;
  data: Buffer;
  /** True for the final chunk: the total size is known then. */
  last: boolean;
}

/**
 * Cuts a byte stream into chunks of exactly `size` bytes (the last one shorter), reading one
 * byte ahead so that each chunk knows whether it is the last — the resumable protocol wants the
 * total size in the final chunk's Content-Range. An empty stream gives one empty last chunk.
 */
export async function* chunked(source: AsyncIterable<Uint8Array | string>, size: number): AsyncGenerator<Chunk> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let start = 0;
  for await (const piece of source) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    pending.push(bytes);
    pendingBytes += bytes.byteLength;
    while (pendingBytes > size) {
      const joined = Buffer.concat(pending, pendingBytes);
      yield { start, data: joined.subarray(0, size), last: false };
      start += size;
      pending = [joined.subarray(size)];
      pendingBytes -= size;
    }
  }
  yield { start, data: Buffer.concat(pending, pendingBytes), last: true };
}
