import type { LockHandle } from './storage.js';

/** The handle of a lock that cannot be lost while the process lives (an in-process mutex). */
export const PROCESS_LOCK: LockHandle = Object.freeze({
  signal: new AbortController().signal,
  remainingMs: () => Number.POSITIVE_INFINITY,
});

/**
 * The handle of a lease: held until `heldUntil` (a `performance.now()` time) unless renewed.
 * `renewed(from)` extends it by `leaseMs` from the moment the renewal was sent; `lost()` fires the
 * signal. A renewal that arrives after the lease had already run out cannot undo that: another
 * process may have held the lock in between.
 */
export class LeaseHandle implements LockHandle {
  readonly #controller = new AbortController();
  readonly #leaseMs: number;
  #heldUntil: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(sentAt: number, leaseMs: number) {
    this.#leaseMs = leaseMs;
    this.#heldUntil = sentAt + leaseMs;
    this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  remainingMs(): number {
    return this.signal.aborted ? 0 : Math.max(0, this.#heldUntil - performance.now());
  }

  /** A renewal sent at `sentAt` succeeded. */
  renewed(sentAt: number): void {
    if (this.signal.aborted) return;
    if (sentAt >= this.#heldUntil) {
      this.lost('its lease ran out before it was renewed');
      return;
    }
    this.#heldUntil = sentAt + this.#leaseMs;
    this.#arm();
  }

  /** The lock is gone: fire the signal (once). */
  lost(reason: string): void {
    clearTimeout(this.#timer);
    if (!this.signal.aborted) this.#controller.abort(new Error(`The lock was lost: ${reason}`));
  }

  /** Stops the expiry timer when the holder is done. */
  dispose(): void {
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    // Fires late, never early; after a pause (SIGSTOP, a blocked event loop) it fires at once.
    this.#timer = setTimeout(
      () => {
        if (performance.now() >= this.#heldUntil) this.lost('its lease ran out before it was renewed');
        else this.#arm();
      },
      Math.max(0, Math.ceil(this.#heldUntil - performance.now())),
    );
    this.#timer.unref();
  }
}
