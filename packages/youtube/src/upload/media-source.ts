import { open, stat, type FileHandle } from 'node:fs/promises';
import { ConfigurationError } from '@oauthflow/core';
import { UploadResumeError } from '../errors.js';
import type { MediaUpload } from '../types/common.js';

/** One piece of media read at an offset. */
export interface MediaPiece {
  data: Buffer;
  /** True when the piece ends where the media ends (the total size is known then). */
  eof: boolean;
}

/**
 * Media that can be read at any offset the server asks for — what a resumed upload needs, since
 * the server may report holding fewer bytes than were sent (even fewer than the current chunk's
 * start). Files are read with positional reads and bytes are sliced, so both can go back anywhere
 * without holding more than one chunk in memory; a stream can only go back to what the server
 * has not yet confirmed (see {@link MediaSource.release}).
 */
export interface MediaSource {
  /** The size in bytes, when known up front (files, bytes, streams with `media.size`). */
  readonly size?: number;
  readonly mimeType: string;
  /** Up to `length` bytes from `offset`. */
  read(offset: number, length: number): Promise<MediaPiece>;
  /** The server holds every byte before `offset`: a stream may forget them. */
  release(offset: number): void;
  close(): Promise<void>;
}

/**
 * Opens a {@link MediaUpload}: a file path (size from `stat`), bytes, a string of content, or a
 * stream (size from `media.size` when given).
 * @throws {ConfigurationError} when it has neither `path` nor `body`, or both, or the file cannot be read
 */
export async function openMedia(methodId: string, media: MediaUpload): Promise<MediaSource> {
  const mimeType = media.mimeType ?? 'application/octet-stream';
  if ((media.path === undefined) === (media.body === undefined)) {
    throw new ConfigurationError(`${methodId}: media needs exactly one of "path" (a file) or "body" (a stream, bytes or text)`);
  }
  if (media.path !== undefined) return openFile(methodId, media.path, mimeType);
  const body = media.body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return new BytesMedia(bytes, mimeType);
  }
  if (body === undefined || !(Symbol.asyncIterator in body)) {
    throw new ConfigurationError(`${methodId}: media.body must be a readable stream, bytes or a string`);
  }
  return new StreamMedia(methodId, body, mimeType, media.size);
}

async function openFile(methodId: string, path: string, mimeType: string): Promise<MediaSource> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    return new FileMedia(methodId, await open(path, 'r'), info.size, mimeType);
  } catch (error) {
    throw new ConfigurationError(`${methodId}: cannot read the media file: ${(error as Error).message}`, { cause: error });
  }
}

class BytesMedia implements MediaSource {
  readonly size: number;
  constructor(
    private readonly bytes: Buffer,
    readonly mimeType: string,
  ) {
    this.size = bytes.byteLength;
  }

  async read(offset: number, length: number): Promise<MediaPiece> {
    const end = Math.min(this.size, offset + length);
    return { data: this.bytes.subarray(offset, end), eof: end === this.size };
  }

  release(): void {}
  async close(): Promise<void> {}
}

/** Positional reads: any offset, one chunk in memory, the file never read whole. */
class FileMedia implements MediaSource {
  constructor(
    private readonly methodId: string,
    private readonly handle: FileHandle,
    readonly size: number,
    readonly mimeType: string,
  ) {}

  async read(offset: number, length: number): Promise<MediaPiece> {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const data = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(data, filled, wanted - filled, offset + filled);
      if (bytesRead === 0) throw new ConfigurationError(`${this.methodId}: the media file shrank while it was being uploaded (expected ${this.size} bytes)`);
      filled += bytesRead;
    }
    return { data, eof: offset + wanted === this.size };
  }

  release(): void {}

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * A stream, kept from the first byte the server has not confirmed up to what was read: enough to
 * resend any chunk the server lost. Reads one byte ahead so that a piece knows it is the last.
 */
class StreamMedia implements MediaSource {
  readonly size?: number;
  readonly #iterator: AsyncIterator<Uint8Array | string>;
  #kept: Buffer[] = [];
  /** Offset of the first kept byte. */
  #keptStart = 0;
  #keptBytes = 0;
  #ended = false;

  constructor(
    private readonly methodId: string,
    source: AsyncIterable<Uint8Array | string>,
    readonly mimeType: string,
    size: number | undefined,
  ) {
    this.#iterator = source[Symbol.asyncIterator]();
    if (size !== undefined) this.size = size;
  }

  async read(offset: number, length: number): Promise<MediaPiece> {
    if (offset < this.#keptStart) {
      throw new UploadResumeError(
        `${this.methodId}: the upload server reports holding ${offset} bytes, but a stream cannot go back before byte ${this.#keptStart} (already confirmed by the server before). Upload from a file path or bytes to survive this, or start the upload again.`,
      );
    }
    // One byte more than wanted: whether the piece is the last.
    while (!this.#ended && this.#keptStart + this.#keptBytes <= offset + length) {
      const next = await this.#iterator.next();
      if (next.done) {
        this.#ended = true;
        break;
      }
      const piece = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.#kept.push(piece);
      this.#keptBytes += piece.byteLength;
    }
    const streamEnd = this.#keptStart + this.#keptBytes;
    const end = Math.min(streamEnd, offset + length);
    const eof = this.#ended && end === streamEnd;
    if (eof && this.size !== undefined && end !== this.size) {
      throw new ConfigurationError(`${this.methodId}: media.size says ${this.size} bytes but the stream had ${end}`);
    }
    const joined = this.#joined();
    return { data: Buffer.from(joined.subarray(offset - this.#keptStart, end - this.#keptStart)), eof };
  }

  release(offset: number): void {
    if (offset <= this.#keptStart) return;
    const joined = this.#joined();
    const drop = Math.min(offset - this.#keptStart, this.#keptBytes);
    this.#kept = [Buffer.from(joined.subarray(drop))];
    this.#keptStart += drop;
    this.#keptBytes -= drop;
  }

  async close(): Promise<void> {
    await this.#iterator.return?.();
  }

  #joined(): Buffer {
    if (this.#kept.length !== 1) this.#kept = [Buffer.concat(this.#kept, this.#keptBytes)];
    return this.#kept[0]!;
  }
}
