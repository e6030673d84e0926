import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fingerprint, type Credentials } from './credentials.js';
import { ErrorCodes, NoCredentialsError, StorageError } from './errors.js';
import type { LockHandle, Storage, StoredRecord } from './storage/storage.js';

/** What a refresh under the lock needs from the flow. */
export interface LockedRefreshContext {
  storage: Storage;
  key: string;
  lock: LockHandle;
  /** Whether `record` must be refreshed now (expiry, a forced refresh, a rejected access token). */
  due(record: StoredRecord): boolean;
  /** Sends the refresh request for `current` and merges the answer; rejects when the server refuses. */
  send(current: Credentials): Promise<Credentials>;
  /** The error for due credentials that hold no refresh token. */
  cannotRefresh(current: Credentials): Error;
  /** The longest wait for a refresh another process has in flight, ms. */
  inFlightWaitMs: number;
  /** A refresh request is not sent with less of the lock left than this, ms. */
  minLockRemainingMs: number;
}

/** How a refresh under the lock ended. */
export type LockedRefreshOutcome =
  /** Nothing to do, or another process refreshed meanwhile: these are current. */
  | { kind: 'current'; credentials: Credentials }
  /** Refreshed and saved at `revision`. */
  | { kind: 'saved'; credentials: Credentials; revision: number }
  /** Refreshed, but the store moved on meanwhile and holds `latest`, which needs a refresh too: these are good, unsaved. */
  | { kind: 'superseded'; credentials: Credentials }
  /** Refreshed, but the store could not save (the error): these may hold the only live refresh token. */
  | { kind: 'unsaved'; credentials: Credentials; markRevision: number; error: unknown };

/**
 * The refresh protocol, run while holding the key's lock (see the README's guarantees):
 * 1. read the record; nothing due → done;
 * 2. another process has a refresh of the same refresh token in flight (its mark is in the record)
 *    → wait, bounded, for the record to change, and start over with what it became;
 * 3. no lock left → fail without sending anything;
 * 4. mark the refresh in flight, conditional on the revision read;
 * 5. send the refresh request — from here on its answer is never thrown away;
 * 6. save the answer conditional on the mark's revision: it succeeds exactly when nobody else wrote
 *    meanwhile. A record deleted meanwhile stays deleted.
 */
export async function refreshUnderLock(context: LockedRefreshContext, start: StoredRecord | undefined): Promise<LockedRefreshOutcome> {
  const { storage, key } = context;
  let record = start;
  let waited = false;
  for (;;) {
    if (record === undefined) throw noCredentials(key);
    if (!context.due(record)) return { kind: 'current', credentials: record.credentials };
    const refreshToken = record.credentials.refreshToken;
    if (refreshToken === undefined) throw context.cannotRefresh(record.credentials);

    const mark = record.refreshing;
    if (mark !== undefined && mark.fingerprint === fingerprint(refreshToken) && !waited) {
      const changed = await waitForChange(context, record);
      waited = true;
      if (changed !== 'unchanged') {
        record = changed;
        continue;
      }
      // The holder neither saved nor cleared its mark in time: it died or is paused longer than
      // the wait. Presenting the token is now the only way on (see the guarantees).
      process.emitWarning(
        `oauthflow: the refresh of "${key}" marked in flight since ${new Date(mark.startedAt).toISOString()} did not finish within ${context.inFlightWaitMs} ms; refreshing anew`,
      );
    }

    ensureLockHeld(context, 'before marking the refresh');
    const ours = { fingerprint: fingerprint(refreshToken), holder: randomUUID(), startedAt: Date.now() };
    let markRevision: number;
    try {
      markRevision = await storage.save(record.credentials, key, { ifRevision: record.revision, refreshing: ours });
    } catch (error) {
      if (!isConflict(error)) throw error;
      record = await storage.read(key);
      continue;
    }
    const marked = record.credentials;
    try {
      ensureLockHeld(context, 'before sending the refresh request');
    } catch (error) {
      await clearMark(storage, key, marked, markRevision);
      throw error;
    }

    let refreshed: Credentials;
    try {
      refreshed = await context.send(marked);
    } catch (error) {
      // The request settled: no longer in flight, whatever the answer.
      await clearMark(storage, key, marked, markRevision);
      throw error;
    }
    return saveAnswer(context, refreshed, markRevision);
  }
}

async function saveAnswer(context: LockedRefreshContext, refreshed: Credentials, markRevision: number): Promise<LockedRefreshOutcome> {
  const { storage, key } = context;
  try {
    const revision = await storage.save(refreshed, key, { ifRevision: markRevision });
    return { kind: 'saved', credentials: refreshed, revision };
  } catch (error) {
    if (!isConflict(error)) return { kind: 'unsaved', credentials: refreshed, markRevision, error };
  }
  const latest = await storage.read(key);
  if (latest === undefined) {
    throw new NoCredentialsError(
      `The credentials under "${key}" were deleted while they were being refreshed; the refreshed tokens were dropped: authorize again`,
      key,
    );
  }
  return context.due(latest) ? { kind: 'superseded', credentials: refreshed } : { kind: 'current', credentials: latest.credentials };
}

/** Polls the record until its revision changes, the wait ends, or the lock is lost. */
async function waitForChange(context: LockedRefreshContext, record: StoredRecord): Promise<StoredRecord | undefined | 'unchanged'> {
  const deadline = performance.now() + context.inFlightWaitMs;
  let pauseMs = 25;
  while (performance.now() < deadline) {
    ensureLockHeld(context, 'while waiting for another refresh');
    await sleep(Math.min(pauseMs, Math.max(1, deadline - performance.now())));
    pauseMs = Math.min(pauseMs * 2, 250);
    const now = await context.storage.read(context.key);
    if (now === undefined || now.revision !== record.revision) return now;
  }
  return 'unchanged';
}

function ensureLockHeld(context: LockedRefreshContext, when: string): void {
  const { lock } = context;
  if (lock.signal.aborted || lock.remainingMs() < context.minLockRemainingMs) {
    throw new StorageError(`The lock on "${context.key}" was lost ${when} (its lease ran out or its connection dropped); nothing was sent: try again`, {
      code: ErrorCodes.LOCK_LOST,
    });
  }
}

/** Takes our mark off again; if anyone wrote meanwhile, their record stands. */
async function clearMark(storage: Storage, key: string, credentials: Credentials, markRevision: number): Promise<void> {
  await storage.save(credentials, key, { ifRevision: markRevision }).catch(() => undefined);
}

function isConflict(error: unknown): boolean {
  return error instanceof StorageError && error.code === ErrorCodes.REVISION_CONFLICT;
}

function noCredentials(key: string): NoCredentialsError {
  return new NoCredentialsError(`No credentials are stored under "${key}": authorize first (retrieveToken() or getAuthorizationUrl() + exchangeCode())`, key);
}
