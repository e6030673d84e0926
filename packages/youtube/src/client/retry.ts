import { ErrorCodes, NetworkError, OAuthFlowError } from '@oauthflow/core';
import { YouTubeAPIError } from '../errors.js';

/** When and how long to retry failed requests. */
export interface RetryOptions {
  /** How many times to retry after the first attempt. Default 3. */
  retries?: number;
  /** Delay before the first retry; doubles each time (with jitter). Default 1000 ms. */
  minDelayMs?: number;
  /**
   * Longest backoff delay. Default 32000 ms. A `Retry-After` longer than this is never cut short:
   * the call fails at once with the server's error (its `retryAfter` says how long to wait).
   */
  maxDelayMs?: number;
}

/** Google's retryable 403 reasons (per-user and per-second rate limits, not the daily quota). */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** HTTP methods safe to send twice; a POST is retried only when the method says it is idempotent. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** True when a request with this verb may be sent again (`idempotentPost` for POSTs like videos.rate). */
export function isIdempotent(verb: string, idempotentPost = false): boolean {
  return IDEMPOTENT.has(verb) || (verb === 'POST' && idempotentPost);
}

/** Settled retry options. */
export type RetryPolicy = Required<RetryOptions>;

/** Applies defaults; `false` turns retries off. */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { retries: 0, minDelayMs: 0, maxDelayMs: 0 };
  return { retries: options?.retries ?? 3, minDelayMs: options?.minDelayMs ?? 1000, maxDelayMs: options?.maxDelayMs ?? 32_000 };
}

/** True for failures worth another attempt: 429, 5xx, rate-limit 403s and network errors. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof YouTubeAPIError) {
    return error.status === 429 || error.status >= 500 || (error.status === 403 && RATE_LIMIT_REASONS.has(error.reason ?? ''));
  }
  return error instanceof NetworkError;
}

/**
 * Runs `attempt` and retries it with exponential backoff while it fails retryably — only when
 * `idempotent` (see {@link isIdempotent}).
 */
export async function withRetry<T>(idempotent: boolean, policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  const retries = idempotent ? policy.retries : 0;
  for (let failures = 0; ; failures += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (failures >= retries || !isRetryable(error)) throw error;
      await sleep(backoffDelay(policy, failures, error), signal);
    }
  }
}

/**
 * How long to wait before retry number `failures + 1`: exponential with jitter, at most
 * `maxDelayMs`, and never less than the server's `Retry-After`.
 * @throws {YouTubeAPIError} (the server's, with a note) when `Retry-After` is longer than `maxDelayMs`
 */
export function backoffDelay(policy: RetryPolicy, failures: number, error: unknown): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** failures * (0.5 + Math.random() / 2));
  if (!(error instanceof YouTubeAPIError) || error.retryAfter === undefined) return exponential;
  const asked = error.retryAfter * 1000;
  if (asked > policy.maxDelayMs) throw tooLongToWait(error, policy);
  return Math.max(exponential, asked);
}

/** The server's error, saying why it was not retried. */
function tooLongToWait(error: YouTubeAPIError, policy: RetryPolicy): YouTubeAPIError {
  const message = `${error.message} (the server asked to wait ${error.retryAfter} s before retrying, longer than retry.maxDelayMs = ${policy.maxDelayMs} ms: not retried; wait error.retryAfter seconds, or raise maxDelayMs)`;
  return new YouTubeAPIError(
    message,
    {
      status: error.status,
      body: error.body,
      method: error.method,
      url: error.url,
      ...(error.reason === undefined ? {} : { reason: error.reason }),
      ...(error.domain === undefined ? {} : { domain: error.domain }),
      ...(error.googleMessage === undefined ? {} : { googleMessage: error.googleMessage }),
      ...(error.errors === undefined ? {} : { errors: error.errors }),
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    },
    { cause: error },
  );
}

/** Waits, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(): OAuthFlowError {
  return new OAuthFlowError('The YouTube request was cancelled', { code: ErrorCodes.ABORTED });
}
