import { ErrorCodes, NetworkError, OAuthFlowError } from '@oauthflow/core';
import { YouTubeAPIError } from '../errors.js';

/** When and how long to retry failed requests. */
export interface RetryOptions {
  /** How many times to retry after the first attempt. Default 3. */
  retries?: number;
  /** Delay before the first retry; doubles each time (with jitter). Default 1000 ms. */
  minDelayMs?: number;
  /** Longest delay, Retry-After included. Default 32000 ms. */
  maxDelayMs?: number;
}

/** Google's retryable 403 reasons (per-user and per-second rate limits, not the daily quota). */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** Methods safe to send twice; POST is never retried (it could insert twice or be charged twice). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

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
 * Runs `attempt` and retries it with exponential backoff while it fails retryably — only for
 * idempotent HTTP methods.
 */
export async function withRetry<T>(verb: string, policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  const retries = IDEMPOTENT.has(verb) ? policy.retries : 0;
  for (let failures = 0; ; failures += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (failures >= retries || !isRetryable(error)) throw error;
      await sleep(backoff(policy, failures, error), signal);
    }
  }
}

function backoff(policy: RetryPolicy, failures: number, error: unknown): number {
  const retryAfter = error instanceof YouTubeAPIError ? error.retryAfter : undefined;
  const exponential = policy.minDelayMs * 2 ** failures * (0.5 + Math.random() / 2);
  const wanted = retryAfter === undefined ? exponential : Math.max(exponential, retryAfter * 1000);
  return Math.min(policy.maxDelayMs, wanted);
}

/** Waits, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => { clearTimeout(timer); reject(aborted()); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function aborted(): OAuthFlowError {
  return new OAuthFlowError('The YouTube request was cancelled', { code: ErrorCodes.ABORTED });
}
