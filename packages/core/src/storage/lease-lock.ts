import { randomUUID } from 'node:crypto';
import { ErrorCodes, StorageError, safeCause } from '../errors.js';
import { LeaseHandle } from './lock-handle.js';
import type { LockHandle } from './storage.js';

/** Runs `fn` while holding the lock `name`; the shape of {@link Storage.withLock}. */
export type LockFunction = <T>(name: string, fn: (lock: LockHandle) => Promise<T>) => Promise<T>;

/**
 * A backend that can hold expiring leases: a Redis key set with NX PX, a row in SQLite, a
 * PostgreSQL advisory lock. Every method may throw when the backend is unreachable.
 */
export interface LeaseBackend {
  /** Takes lease `name` for `token` if it is free or its lease ended; true when taken. */
  acquire(name: string, token: string, leaseMs: number): Promise<boolean>;
  /** Extends the lease while `token` still holds it; false when it was lost. */
  renew(name: string, token: string, leaseMs: number): Promise<boolean>;
  /** Ends the lease if `token` still holds it. */
  release(name: string, token: string): Promise<void>;
}

/** Timing of a {@link createLeaseLock} lock. */
export interface LeaseLockOptions {
  /**
   * How long a lease lasts without renewal: the longest a dead holder blocks the others.
   * A live holder renews it every third of this. Default 10 000 ms.
   */
  leaseMs?: number;
  /** How long to wait for the lock before a StorageError with code LOCK_TIMEOUT. Default 30 000 ms. */
  acquireTimeoutMs?: number;
  /** What the lock is called in error messages, e.g. `Redis`. */
  label?: string;
}

/**
 * Builds a cross-process lock from a {@link LeaseBackend}: polls `acquire` with jittered backoff
 * until it succeeds or `acquireTimeoutMs` passes, renews the lease while `fn` runs, and releases
 * it (only if still ours) when `fn` settles — also when it throws. Put a {@link KeyedMutex} in
 * front of it, so a process never competes with itself.
 *
 * `fn`'s handle counts the lease from the moment each acquire or renewal was *sent*, by this
 * process's monotonic clock: its signal fires as soon as the lease may have ended (a renewal
 * refused, or none succeeded in time — e.g. the process was paused), never later.
 *
 * @example
 * const lock = createLeaseLock(myBackend, { leaseMs: 10_000 });
 * await lock('default', async () => refresh());
 */
export function createLeaseLock(backend: LeaseBackend, options: LeaseLockOptions = {}): LockFunction {
  const leaseMs = Math.max(options.leaseMs ?? 10_000, 100);
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
  const label = options.label ?? 'Storage';

  return async <T>(name: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> => {
    const token = randomUUID();
    const handle = await acquireLease(backend, name, token, leaseMs, acquireTimeoutMs, label);
    const renewal = startRenewal(backend, name, token, leaseMs, handle);
    try {
      return await fn(handle);
    } finally {
      renewal.stop();
      handle.dispose();
      await backend.release(name, token).catch(() => {
        // An unreachable backend: the lease simply runs out.
      });
    }
  };
}

async function acquireLease(backend: LeaseBackend, name: string, token: string, leaseMs: number, timeoutMs: number, label: string): Promise<LeaseHandle> {
  const deadline = Date.now() + timeoutMs;
  let waitMs = 10;
  for (;;) {
    let taken: boolean;
    const sentAt = performance.now();
    try {
      taken = await backend.acquire(name, token, leaseMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(`${label} lock "${name}" could not be taken: ${reason}`, { cause: safeCause(error) });
    }
    if (taken) return new LeaseHandle(sentAt, leaseMs);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new StorageError(`${label} lock "${name}" was not free within ${timeoutMs} ms`, { code: ErrorCodes.LOCK_TIMEOUT });
    }
    await sleep(Math.min(waitMs * (0.5 + Math.random()), left));
    waitMs = Math.min(waitMs * 1.5, 200);
  }
}

/**
 * Renews every third of the lease; a failed renewal is retried at the next tick (the handle fires
 * if none succeeds before the lease ends), a refused one fires the handle and stops.
 */
function startRenewal(backend: LeaseBackend, name: string, token: string, leaseMs: number, handle: LeaseHandle): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    let held = true;
    const sentAt = performance.now();
    try {
      held = await backend.renew(name, token, leaseMs);
      if (held && !stopped) handle.renewed(sentAt);
    } catch {
      // Unreachable for now: try again next tick, while the lease may still be ours.
    }
    if (!held) handle.lost('another process took it over');
    if (held && !stopped && !handle.signal.aborted) schedule();
  };
  const schedule = (): void => {
    timer = setTimeout(() => void tick(), Math.floor(leaseMs / 3));
    timer.unref();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
