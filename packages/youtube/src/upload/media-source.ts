import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ConfigurationError } from '@oauthflow/core';
import type { MediaUpload } from '../types/common.js';

/** Media ready to be read once: its bytes, and its size when known up front. */
export interface MediaSource {
  chunks: AsyncIterable<Uint8Array>;
  size?: number;
  mimeType: string;
}

/**
 * Opens a {@link MediaUpload}: a file path (size from `stat`), bytes, a string of content, or a
 * stream (size from `media.size` when given).
 * @throws {ConfigurationError} when it has neither `path` nor `body`, or both
 */
export async function openMedia(methodId: string, media: MediaUpload): Promise<MediaSource> {
  const mimeType = media.mimeType ?? 'application/octet-stream';
  if ((media.path === undefined) === (media.body === undefined)) {
    throw new ConfigurationError(`${methodId}: media needs exactly one of "path" (a file) or "body" (a stream, bytes or text)`);
  }
  if (media.path !== undefined) {
    let size: number;
    try {
      const info = await stat(media.path);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (error) {
      throw new ConfigurationError(`${methodId}: cannot read the media file: ${(error as Error).message}`, { cause: error });
    }
    return { chunks: createReadStream(media.path), size, mimeType };
  }
  const body = media.body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return { chunks: once(bytes), size: bytes.byteLength, mimeType };
  }
  if (body === undefined || !(Symbol.asyncIterator in body)) {
    throw new ConfigurationError(`${methodId}: media.body must be a readable stream, bytes or a string`);
  }
  return { chunks: body, ...(media.size === undefined ? {} : { size: media.size }), mimeType };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
