import type { AxiosInstance, AxiosResponse, RawAxiosRequestHeaders } from 'axios';
import { InvalidResponseError } from '@oauthflow/core';
import { flattenHeaders } from '../client/headers.js';
import { withRetry, type RetryPolicy } from '../client/retry.js';
import type { UploadProgress, YouTubeResponse } from '../types/common.js';
import { chunked, type Chunk } from './chunks.js';
import type { MediaSource } from './media-source.js';

/** Everything one resumable upload needs. */
export interface ResumableUploadRequest {
  http: AxiosInstance;
  /** The method's absolute upload URL, e.g. `…/upload/youtube/v3/videos`. */
  url: string;
  verb: 'POST' | 'PUT';
  /** The method's query (part, notifySubscribers, …); `uploadType=resumable` is added. */
  query: URLSearchParams;
  /** The resource metadata (`requestBody`), sent as JSON when the session starts. */
  metadata: unknown;
  media: MediaSource;
  /** A multiple of 256 KiB. */
  chunkSize: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
}

/** 308 Resume Incomplete must not count as an error (nor be followed as a redirect). */
const acceptUploadStatus = (status: number): boolean => (status >= 200 && status < 300) || status === 308;

/**
 * YouTube's resumable upload protocol: the metadata goes in a POST (or PUT) with
 * `uploadType=resumable`; the `Location` of the answer is the session URI; the bytes follow in
 * PUTs with `Content-Range`, each answered 308 (with the `Range` received so far) until the last,
 * which is answered 200/201 with the resource. A chunk that fails retryably is resumed from
 * what the server reports having received.
 * @see https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
 */
export async function resumableUpload(request: ResumableUploadRequest): Promise<YouTubeResponse<unknown>> {
  const { media } = request;
  const query = new URLSearchParams(request.query);
  query.set('uploadType', 'resumable');
  const started = await request.http.request({
    method: request.verb, url: request.url, params: query, data: request.metadata ?? {},
    headers: {
      ...request.headers,
      'Content-Type': 'application/json; charset=UTF-8',
      'X-Upload-Content-Type': media.mimeType,
      ...(media.size === undefined ? {} : { 'X-Upload-Content-Length': String(media.size) }),
    },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const session = started.headers['location'];
  if (typeof session !== 'string' || session === '') {
    throw new InvalidResponseError(`The upload was not started: the answer (HTTP ${started.status}) has no Location header`, { status: started.status });
  }
  const upload = new UploadSession(request, new URL(session, request.url).toString());
  for await (const chunk of chunked(media.chunks, request.chunkSize)) {
    const done = await upload.send(chunk);
    if (done) return { data: done.data, status: done.status, headers: flattenHeaders(done.headers) };
  }
  throw new InvalidResponseError('The upload server acknowledged every byte but never answered with the resource');
}

/** One session URI and what the server has received on it. */
class UploadSession {
  #received = 0;

  constructor(private readonly request: ResumableUploadRequest, private readonly uri: string) {}

  /** Sends one chunk (resuming after retryable failures); resolves with the final answer, if it came. */
  async send(chunk: Chunk): Promise<AxiosResponse | undefined> {
    const end = chunk.start + chunk.data.byteLength;
    const total = chunk.last ? end : this.request.media.size;
    if (this.#received < chunk.start) {
      throw new InvalidResponseError(`The upload server lost data: it holds ${this.#received} bytes, the next chunk starts at ${chunk.start}`);
    }
    let failed = false;
    while (this.#received < end || chunk.data.byteLength === 0) {
      const response = await withRetry('PUT', this.request.retry, this.request.signal, async () => {
        if (failed) {
          const status = await this.#put(Buffer.alloc(0), `bytes */${total ?? '*'}`);
          if (status.status !== 308) return status;
          this.#acknowledge(status);
        }
        failed = true;
        const piece = chunk.data.subarray(this.#received - chunk.start);
        const range = piece.byteLength === 0 ? `bytes */${total ?? 0}` : `bytes ${this.#received}-${this.#received + piece.byteLength - 1}/${total ?? '*'}`;
        return this.#put(piece, range);
      });
      failed = false;
      if (response.status !== 308) {
        this.#progress(end, end);
        return response;
      }
      this.#acknowledge(response);
      if (chunk.data.byteLength === 0) break;
    }
    return undefined;
  }

  #acknowledge(response: AxiosResponse): void {
    const match = /^bytes=0-(\d+)$/.exec(String(response.headers['range'] ?? ''));
    this.#received = match ? Number(match[1]) + 1 : 0;
    this.#progress(this.#received, this.request.media.size);
  }

  #progress(bytesSent: number, totalBytes: number | undefined): void {
    this.request.onProgress?.({ bytesSent, bytesRead: bytesSent, ...(totalBytes === undefined ? {} : { totalBytes }) });
  }

  #put(data: Buffer, contentRange: string): Promise<AxiosResponse> {
    const headers: RawAxiosRequestHeaders = { ...this.request.headers, 'Content-Range': contentRange, 'Content-Type': this.request.media.mimeType };
    return this.request.http.request({
      method: 'PUT', url: this.uri, data, headers, maxRedirects: 0, validateStatus: acceptUploadStatus,
      ...(this.request.signal ? { signal: this.request.signal } : {}),
    });
  }
}
