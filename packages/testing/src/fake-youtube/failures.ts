import type { FakeReply } from './context.js';
import { FakeApiError, defaultReason, googleErrorBody } from './google-error.js';
import type { FakeFailure } from './types.js';

/** Failures queued by `failNext()`, used in order by the requests they match. */
export class FailureQueue {
  readonly #queue: Array<FakeFailure & { left: number }> = [];

  add(failure: FakeFailure): void {
    if (!Number.isInteger(failure.status) || failure.status < 400 || failure.status > 599)
      throw new RangeError(`failNext: status must be 400-599, got ${failure.status}`);
    const times = failure.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`failNext: times must be a positive integer, got ${times}`);
    this.#queue.push({ ...failure, left: times });
  }

  /** The error answer for this request, if a queued failure matches it. */
  take(method: string, path: string): FakeReply | undefined {
    const index = this.#queue.findIndex(
      (failure) => (failure.method === undefined || failure.method.toUpperCase() === method) && (failure.path === undefined || path.includes(failure.path)),
    );
    const failure = this.#queue[index];
    if (failure === undefined) return undefined;
    failure.left -= 1;
    if (failure.left === 0) this.#queue.splice(index, 1);
    const error = new FakeApiError(failure.status, failure.reason ?? defaultReason(failure.status), failure.message, failure.domain, {
      ...(failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) }),
      ...(failure.status === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {}),
    });
    return { status: error.status, body: googleErrorBody(error), headers: error.headers };
  }
}
