import type { AxiosInstance, AxiosResponse, RawAxiosRequestHeaders } from 'axios';
import { ConfigurationError, InvalidResponseError } from '@oauthflow/core';
import { flattenHeaders } from '../client/headers.js';
import type { QuotaReservation } from '../client/quota.js';
import { backoffDelay, isRetryable, sleep, withRetry, type RetryPolicy } from '../client/retry.js';
import { UploadResumeError, YouTubeAPIError } from '../errors.js';
import type { UploadProgress, YouTubeResponse } from '../types/common.js';
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
  /** Holds the quota of one session start; committed when the start reached the server. */
  reserveStart: () => QuotaReservation;
  /** Resume this session (started elsewhere) instead of starting one. */
  sessionUri?: string;
  /** Told every session URI as soon as the session exists (also after a restart). */
  onSession?: (uri: string) => void;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
}

/** 308 Resume Incomplete must not count as an error (nor be followed as a redirect). */
const acceptUploadStatus = (status: number): boolean => (status >= 200 && status < 300) || status === 308;

/**
 * YouTube's resumable upload protocol: the metadata goes in a POST (or PUT) with
 * `uploadType=resumable`; the `Location` of the answer is the session URI; the bytes follow in
 * PUTs with `Content-Range`, each answered 308 with the `Range` the server holds, until the last,
 * answered 200/201 with the resource.
 *
 * What keeps the content right: every 308 — after a chunk or after a status query — sets the
 * offset of the next bytes to exactly what the server reports holding, even when that is less than
 * what was sent (the media is re-read from there); after any failure the server is asked
 * (`bytes *\/total`) before anything more is sent. An expired session (404/410) is started again
 * from byte 0; the session start is retried like any idempotent request.
 * @see https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
 */
export async function resumableUpload(request: ResumableUploadRequest): Promise<YouTubeResponse<unknown>> {
  try {
    return await new ResumableUpload(request).run();
  } finally {
    await request.media.close();
  }
}

/** A chunk's or a status query's answer, with what was sent. */
interface Sent {
  answer: AxiosResponse;
  /** Offset just after the sent bytes (the offset itself for a status query). */
  end: number;
}

class ResumableUpload {
  #uri = '';
  /** Bytes the server last reported holding. */
  #committed = 0;
  /** The media's size, once known (up front, or when a stream ended). */
  #total: number | undefined;
  #failures = 0;
  #setbacks = 0;
  #restarts = 0;
  #mustAsk = false;
  /** The highest offset sent on this session (unknown — infinite — for a session resumed from elsewhere). */
  #maxSent = 0;

  constructor(private readonly request: ResumableUploadRequest) {
    this.#total = request.media.size;
  }

  async run(): Promise<YouTubeResponse<unknown>> {
    if (this.request.sessionUri === undefined) await this.#start();
    else {
      this.#uri = checkSessionUri(this.request.sessionUri, this.request.url);
      this.#mustAsk = true;
      this.#maxSent = Infinity;
    }
    for (;;) {
      try {
        const sent = this.#mustAsk ? await this.#askStatus() : await this.#sendNext();
        this.#mustAsk = false;
        if (sent.answer.status !== 308) return this.#finish(sent.answer);
        this.#acknowledge(sent);
      } catch (error) {
        if (isSessionGone(error)) {
          await this.#restart(error);
          continue;
        }
        if (!isRetryable(error) || this.#failures >= this.request.retry.retries) throw error;
        await sleep(backoffDelay(this.request.retry, this.#failures, error), this.request.signal);
        this.#failures += 1;
        this.#mustAsk = true;
      }
    }
  }

  /** Starts a session (retrying retryable failures: no resource exists before the last byte). */
  async #start(): Promise<void> {
    const { request } = this;
    const query = new URLSearchParams(request.query);
    query.set('uploadType', 'resumable');
    const started = await withRetry(true, request.retry, request.signal, async () => {
      const reservation = request.reserveStart();
      try {
        const answer = await request.http.request({
          method: request.verb,
          url: request.url,
          params: query,
          data: request.metadata ?? {},
          headers: {
            ...request.headers,
            'Content-Type': 'application/json; charset=UTF-8',
            'X-Upload-Content-Type': request.media.mimeType,
            ...(request.media.size === undefined ? {} : { 'X-Upload-Content-Length': String(request.media.size) }),
          },
          ...(request.signal ? { signal: request.signal } : {}),
        });
        reservation.commit();
        return answer;
      } catch (error) {
        if (error instanceof YouTubeAPIError) reservation.commit();
        else reservation.release();
        throw error;
      }
    });
    const session = started.headers['location'];
    if (typeof session !== 'string' || session === '') {
      throw new InvalidResponseError(`The upload was not started: the answer (HTTP ${started.status}) has no Location header`, { status: started.status });
    }
    this.#uri = new URL(session, request.url).toString();
    this.#committed = 0;
    this.#maxSent = 0;
    request.onSession?.(this.#uri);
  }

  /** The session expired: start again from byte 0, at most `retries` times. */
  async #restart(error: unknown): Promise<void> {
    if (this.#restarts >= this.request.retry.retries) throw error;
    this.#restarts += 1;
    await this.#start();
    this.#mustAsk = false;
  }

  /** Sends the bytes that follow what the server holds. */
  async #sendNext(): Promise<Sent> {
    const start = this.#committed;
    const piece = await this.request.media.read(start, this.request.chunkSize);
    const end = start + piece.data.byteLength;
    if (piece.eof) this.#total = end;
    const total = this.#total ?? '*';
    const range = piece.data.byteLength === 0 ? `bytes */${total}` : `bytes ${start}-${end - 1}/${total}`;
    // Counted before the answer: a lost answer may still mean the server took the bytes.
    this.#maxSent = Math.max(this.#maxSent, end);
    return { answer: await this.#put(piece.data, range), end };
  }

  /** Asks the server what it holds (after a failure, or to resume a session). */
  async #askStatus(): Promise<Sent> {
    return { answer: await this.#put(Buffer.alloc(0), `bytes */${this.#total ?? '*'}`), end: this.#committed };
  }

  /** A 308: the next bytes start exactly where the server's `Range` ends. */
  #acknowledge(sent: Sent): void {
    const held = heldBytes(sent.answer);
    const ceiling = Math.min(this.#maxSent, this.#total ?? Infinity);
    if (held > ceiling) {
      throw new UploadResumeError(
        `The upload server reports holding ${held} bytes, more than the ${ceiling} sent: the upload was stopped rather than finished with unknown content`,
      );
    }
    if (held > this.#committed) {
      this.#failures = 0;
    } else if (sent.end > this.#committed || held < this.#committed) {
      // Bytes were sent and none stuck, or the server lost some: a setback, counted so that a
      // server that never keeps anything cannot loop forever.
      this.#setbacks += 1;
      if (this.#setbacks > Math.max(3, this.request.retry.retries) * 4) {
        throw new UploadResumeError(
          `The upload server keeps losing data (it holds ${held} bytes after ${this.#setbacks} setbacks): giving up; start the upload again later`,
        );
      }
    }
    this.#committed = held;
    this.request.media.release(held);
    this.#progress(held);
  }

  #finish(answer: AxiosResponse): YouTubeResponse<unknown> {
    if (this.#total !== undefined) this.#progress(this.#total);
    return { data: answer.data, status: answer.status, headers: flattenHeaders(answer.headers) };
  }

  #progress(bytesSent: number): void {
    this.request.onProgress?.({ bytesSent, bytesRead: bytesSent, ...(this.#total === undefined ? {} : { totalBytes: this.#total }) });
  }

  #put(data: Buffer, contentRange: string): Promise<AxiosResponse> {
    const { request } = this;
    const headers: RawAxiosRequestHeaders = { ...request.headers, 'Content-Range': contentRange, 'Content-Type': request.media.mimeType };
    return request.http.request({
      method: 'PUT',
      url: this.#uri,
      data,
      headers,
      maxRedirects: 0,
      validateStatus: acceptUploadStatus,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }
}

/** The server's `Range: bytes=0-N` as a byte count (none: it holds nothing). */
function heldBytes(answer: AxiosResponse): number {
  const header = String(answer.headers['range'] ?? '');
  if (header === '') return 0;
  const match = /^bytes=0-(\d+)$/.exec(header);
  if (!match) throw new InvalidResponseError(`The upload server answered 308 with an unreadable Range header "${header.slice(0, 40)}"`, { status: 308 });
  return Number(match[1]) + 1;
}

/** 404/410 while sending bytes: the session expired or is unknown; it must be started again. */
function isSessionGone(error: unknown): boolean {
  return error instanceof YouTubeAPIError && (error.status === 404 || error.status === 410);
}

/** A session URI given to resume must be an absolute http(s) URL. */
function checkSessionUri(uri: string, uploadURL: string): string {
  let parsed: URL;
  try {
    parsed = new URL(uri, uploadURL);
  } catch {
    throw new ConfigurationError('uploadSession must be the session URI of a resumable upload (an http or https URL)');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigurationError('uploadSession must be an http or https URL');
  return parsed.toString();
}
