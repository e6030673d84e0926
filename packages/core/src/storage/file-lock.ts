import fs from 'node:fs';
import { ErrorCodes, StorageError, safeCause } from '../errors.js';
import { LeaseHandle } from './lock-handle.js';
import type { LockHandle } from './storage.js';

/** How a cross-process file lock behaves. */
export interface FileLockOptions {
  /** A holder that stops renewing for this long is presumed dead and its lock is taken over. */
  leaseMs: number;
  /** Give up waiting for the lock after this long. */
  timeoutMs: number;
}

/**
 * Holds a lock directory next to `target` (proper-lockfile: mkdir is atomic on every file system,
 * and the holder refreshes its mtime, so a killed holder's lock goes stale after `leaseMs`).
 * `fn`'s handle counts the lease from each mtime refresh and fires when proper-lockfile reports
 * the lock compromised or no refresh succeeded within `leaseMs`.
 */
export async function withFileLock<T>(target: string, options: FileLockOptions, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
  const renewals = { handle: undefined as LeaseHandle | undefined };
  const sentAt = performance.now();
  const release = await acquire(target, options, renewals);
  const handle = new LeaseHandle(sentAt, options.leaseMs);
  renewals.handle = handle;
  try {
    return await fn(handle);
  } finally {
    handle.dispose();
    // A lease taken over while we held it was already reported by onCompromised; nothing to undo.
    await release().catch(() => undefined);
  }
}

async function acquire(target: string, options: FileLockOptions, renewals: { handle: LeaseHandle | undefined }): Promise<() => Promise<void>> {
  // proper-lockfile refreshes the lock's mtime with fs.utimes: each success renews the handle's lease.
  const watchedFs = {
    ...fs,
    utimes: (path: fs.PathLike, atime: fs.TimeLike, mtime: fs.TimeLike, callback: fs.NoParamCallback) => {
      const sentAt = performance.now();
      fs.utimes(path, atime, mtime, (error) => {
        if (error === null) renewals.handle?.renewed(sentAt);
        callback(error);
      });
    },
  };
  // Loaded on the first lock, not with core: it brings graceful-fs and signal-exit, which a
  // process that only reads a token (`oauthflow token`) would otherwise pay for at start-up.
  const { default: lockfile } = await import('proper-lockfile');
  const deadline = Date.now() + options.timeoutMs;
  let waitMs = 5;
  for (;;) {
    try {
      return await lockfile.lock(target, {
        realpath: false,
        stale: options.leaseMs,
        retries: 0,
        // The default throws from a timer and kills the process; a late write is caught by the caller's re-read instead.
        onCompromised: (error) => renewals.handle?.lost(error.message),
        fs: watchedFs,
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') {
        throw new StorageError(`Cannot lock ${target}: ${(error as Error).message}`, { cause: safeCause(error) });
      }
      if (Date.now() >= deadline) {
        throw new StorageError(`Timed out after ${options.timeoutMs} ms waiting for the lock on ${target}`, {
          code: ErrorCodes.LOCK_TIMEOUT,
        });
      }
      await sleep(Math.min(waitMs, Math.max(1, deadline - Date.now())) * (0.5 + Math.random()));
      waitMs = Math.min(waitMs * 2, 100);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
