import { APIRequestError, ConfigurationError, ErrorCodes, InvalidResponseError, OAuthFlowError, safeCause } from '@oauthflow/core';

/** One entry of Google's `error.errors` list. */
export interface GoogleErrorDetail {
  reason?: string;
  domain?: string;
  message?: string;
  location?: string;
  locationType?: string;
}

/** The fields a {@link YouTubeAPIError} is made of. */
export interface YouTubeAPIErrorFields {
  status: number;
  body: unknown;
  method: string;
  url: string;
  /** Google's error reason, e.g. `quotaExceeded`, `playlistNotFound`, `authError`. */
  reason?: string;
  /** Google's error domain, e.g. `youtube.quota`, `global`. */
  domain?: string;
  /** Google's own message (also part of the error's `message`). */
  googleMessage?: string;
  errors?: GoogleErrorDetail[];
  /** Seconds to wait before trying again, from a `Retry-After` header. */
  retryAfter?: number;
}

/**
 * The YouTube Data API answered with an error. Google's body
 * (`{"error":{"code":403,"message":"…","errors":[{"reason":"quotaExceeded","domain":"youtube.quota"}]}}`)
 * is read into `status`, `reason`, `domain` and `message`; the full body stays in `body`.
 * Like every oauthflow error it shows no token and no query string.
 *
 * @example
 * try { await yt.search.list({ part: ['snippet'], q: 'cats' }); }
 * catch (error) { if (error instanceof YouTubeAPIError && error.reason === 'quotaExceeded') waitUntilTomorrow(); }
 */
export class YouTubeAPIError extends APIRequestError {
  readonly reason?: string;
  readonly domain?: string;
  readonly googleMessage?: string;
  readonly errors?: GoogleErrorDetail[];

  constructor(message: string, fields: YouTubeAPIErrorFields, options: { cause?: unknown } = {}) {
    super(message, fields, options);
    if (fields.reason !== undefined) this.reason = fields.reason;
    if (fields.domain !== undefined) this.domain = fields.domain;
    if (fields.googleMessage !== undefined) this.googleMessage = fields.googleMessage;
    if (fields.errors !== undefined) this.errors = fields.errors;
  }

  /** True for the daily quota errors (`quotaExceeded`, `dailyLimitExceeded`): retrying today is useless. */
  get quotaExceeded(): boolean {
    return this.reason === 'quotaExceeded' || this.reason === 'dailyLimitExceeded';
  }

  /** Builds the typed error from core's APIRequestError, reading Google's error body. */
  static from(error: APIRequestError): YouTubeAPIError {
    const parsed = readGoogleError(error.body);
    const label = parsed.reason === undefined ? `HTTP ${error.status}` : `HTTP ${error.status} ${parsed.reason}`;
    const text = parsed.googleMessage === undefined ? '' : `: ${parsed.googleMessage}`;
    return new YouTubeAPIError(
      `YouTube API ${error.method} ${error.url} answered ${label}${text}`,
      {
        status: error.status,
        body: error.body,
        method: error.method,
        url: error.url,
        ...parsed,
        ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
      },
      { cause: safeCause(error) },
    );
  }
}

/** A required parameter is missing: nothing was sent. */
export class YouTubeParameterError extends ConfigurationError {
  /** e.g. `videos.list` */
  readonly method: string;
  readonly parameter: string;

  constructor(method: string, parameter: string) {
    super(`${method}: the required parameter "${parameter}" is missing; nothing was sent`);
    this.method = method;
    this.parameter = parameter;
  }
}

/** A call would take a quota bucket past its limit: nothing was sent. */
export class QuotaLimitError extends OAuthFlowError {
  readonly method: string;
  /** `units` (shared), `search.list` or `videos.insert`. */
  readonly bucket: string;
  readonly cost: number;
  /** Spent in the bucket, requests in flight included. */
  readonly used: number;
  readonly limit: number;

  constructor(fields: { method: string; bucket?: string; cost: number; used: number; limit: number }) {
    const bucket = fields.bucket ?? 'units';
    const unit = bucket === 'units' ? 'quota units' : `${bucket} calls`;
    super(
      `${fields.method} costs ${fields.cost} ${unit}; ${fields.used} of today's limit of ${fields.limit} are used, so it was not sent (counts reset at midnight Pacific time)`,
      { code: ErrorCodes.QUOTA_LIMIT },
    );
    this.bucket = bucket;
    this.method = fields.method;
    this.cost = fields.cost;
    this.used = fields.used;
    this.limit = fields.limit;
  }
}

/**
 * A resumable upload cannot go on without risking wrong content: the server reports holding fewer
 * bytes than a stream can still give again, or it never answers with the resource. Nothing was
 * finished with wrong bytes; start the upload again (from a file path or bytes, which can be re-read
 * at any offset). Code `ERR_OAUTHFLOW_INVALID_RESPONSE`.
 */
export class UploadResumeError extends InvalidResponseError {}

/**
 * A list method answered the same `nextPageToken` twice: following it would loop forever, so
 * `listAll()` / `listPages()` stop with this error. Code `ERR_OAUTHFLOW_INVALID_RESPONSE`.
 */
export class RepeatedPageTokenError extends InvalidResponseError {
  /** e.g. `playlists.list` */
  readonly method: string;
  /** How many pages were read before the repetition. */
  readonly pages: number;

  constructor(method: string, pages: number) {
    super(`${method}: the server answered page ${pages + 1} with a nextPageToken it had already given; stopped instead of looping forever`);
    this.method = method;
    this.pages = pages;
  }
}

function readGoogleError(body: unknown): Pick<YouTubeAPIErrorFields, 'reason' | 'domain' | 'googleMessage' | 'errors'> {
  const error = isRecord(body) ? body['error'] : undefined;
  if (typeof error === 'string') return { reason: error }; // OAuth-style `{ "error": "invalid_token" }`
  if (!isRecord(error)) return {};
  const errors = Array.isArray(error['errors']) ? error['errors'].filter(isRecord).map(toDetail) : undefined;
  const first = errors?.[0];
  const status = typeof error['status'] === 'string' ? error['status'] : undefined;
  const reason = first?.reason ?? status;
  const message = typeof error['message'] === 'string' ? error['message'] : first?.message;
  return {
    ...(reason === undefined ? {} : { reason }),
    ...(first?.domain === undefined ? {} : { domain: first.domain }),
    ...(message === undefined ? {} : { googleMessage: message }),
    ...(errors === undefined ? {} : { errors }),
  };
}

function toDetail(entry: Record<string, unknown>): GoogleErrorDetail {
  const detail: GoogleErrorDetail = {};
  for (const field of ['reason', 'domain', 'message', 'location', 'locationType'] as const) {
    const value = entry[field];
    if (typeof value === 'string') detail[field] = value;
  }
  return detail;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
