import type { Readable } from 'node:stream';
import type { PageInfo } from '../generated/schemas.js';

/** One value or several: array parameters are sent as repeated query keys (`part=a&part=b`). */
export type Many = string | readonly string[];

/** The body of a `list` call, generically: one page of items and the tokens of its neighbours. */
export interface ListResponse<T> {
  kind?: string;
  etag?: string;
  nextPageToken?: string;
  prevPageToken?: string;
  pageInfo?: PageInfo;
  items?: T[];
}

/**
 * What every typed client method resolves with — the same `{ data, status, headers }` shape as
 * the official `googleapis` client, so code written for it reads `res.data.items` unchanged.
 */
export interface YouTubeResponse<T> {
  /** The parsed response body (`undefined` for an empty 204 answer). */
  data: T;
  status: number;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
}

/** Progress of a resumable media upload. */
export interface UploadProgress {
  /** Bytes the server has acknowledged so far. */
  bytesSent: number;
  /** Total size when known (file paths and buffers; streams only at the end). */
  totalBytes?: number;
  /** Same as `bytesSent`: the name googleapis' `onUploadProgress` event uses. */
  bytesRead: number;
}

/**
 * Media for a resumable upload (videos.insert, thumbnails.set, captions.insert, …): a file
 * `path`, or a `body` (stream, bytes or a string of content, as googleapis accepts).
 */
export interface MediaUpload {
  /** Read the media from this file (its size is sent up front). */
  path?: string;
  /** The media content. */
  body?: Readable | AsyncIterable<Uint8Array> | Uint8Array | string;
  /** Default `application/octet-stream`. */
  mimeType?: string;
  /** The size in bytes, when `body` is a stream of known length. */
  size?: number;
}

/** Per-call options of every typed client method. */
export interface CallOptions {
  /** Abort the call (and any retry wait). */
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Called after every acknowledged upload chunk (media methods only). */
  onUploadProgress?: (progress: UploadProgress) => void;
  /** Upload chunk size in bytes, a multiple of 256 KiB. Default: the client's. */
  chunkSize?: number;
  /**
   * Told the session URI of a resumable upload as soon as the session exists (and again if an
   * expired session is started anew): persist it to finish the upload from another process with
   * `uploadSession`. Treat it like a credential: it addresses the upload.
   */
  onUploadSession?: (sessionUri: string) => void;
  /**
   * Resume this upload session (from `onUploadSession`, maybe in another process) instead of
   * starting one: the server is asked what it holds and the rest is sent. Pass the same params,
   * `requestBody` and `media` (they start a new session if this one has expired). No quota is
   * charged for the resumed part (the session start was).
   */
  uploadSession?: string;
}

/** Options of `listAll()`. */
export interface ListAllOptions extends Pick<CallOptions, 'signal' | 'headers'> {
  /** Stop after this many items (fewer pages are requested when `maxResults` is not set). */
  limit?: number;
}

/** Options of `listPages()`. */
export interface ListPagesOptions extends Pick<CallOptions, 'signal' | 'headers'> {
  /** Stop after this many pages. */
  maxPages?: number;
}
