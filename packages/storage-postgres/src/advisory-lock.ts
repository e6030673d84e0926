import { createHash } from 'node:crypto';
import { ErrorCodes, StorageError, redact, safeCause, type LockFunction, type LockHandle } from '@oauthflow/core';
import pg from 'pg';

/** The application_name of lock connections, so an operator (or a test) can tell them in pg_stat_activity. */
export const LOCK_APPLICATION = 'oauthflow-lock';

/** A 64-bit advisory lock id for `name` within `scope`: the first 8 bytes of a SHA-256. */
export function lockId(scope: string, name: string): string {
  return createHash('sha256').update(`${scope}\0${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * `withLock` as a PostgreSQL session advisory lock, on a connection of its own for each hold:
 * `pg_advisory_lock` waits in the server (woken the moment the holder unlocks, no polling) up to
 * `timeoutMs` (`lock_timeout`). The lock lives as long as the session, so a holder that dies,
 * whose connection drops, is released by PostgreSQL at once: its "lease" is its connection.
 * TCP keepalives on both ends notice a vanished peer within seconds, and the holder's handle
 * fires the moment its connection errs or closes (e.g. `pg_terminate_backend`), since from then on
 * another process may hold the lock. Needs a session-mode connection (not a transaction-mode
 * pooler such as PgBouncer's).
 */
export function advisoryLock(config: pg.ClientConfig, scope: string, timeoutMs: number, secrets: readonly string[]): LockFunction {
  return async <T>(name: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> => {
    const id = lockId(scope, name);
    const client = new pg.Client({ ...config, keepAlive: true, keepAliveInitialDelayMillis: 1000, application_name: LOCK_APPLICATION });
    const controller = new AbortController();
    const lost = (reason: string): void => {
      if (!controller.signal.aborted) controller.abort(new Error(`The PostgreSQL lock "${name}" was lost: ${reason}`));
    };
    // A dropped connection ends the hold; PostgreSQL releases the lock on its side.
    client.on('error', () => lost('its connection failed'));
    client.on('end', () => lost('its connection closed'));
    const handle: LockHandle = {
      signal: controller.signal,
      remainingMs: () => (controller.signal.aborted ? 0 : Number.POSITIVE_INFINITY),
    };
    try {
      await client.connect();
      // The server side of the keepalive: a holder whose machine vanished is dropped (and its lock freed) in about 10 s.
      await client.query(
        `SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}; SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3`,
      );
      await client.query('SELECT pg_advisory_lock($1::bigint)', [id]);
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: unknown }).code === '55P03') {
        throw new StorageError(`PostgreSQL lock "${name}" was not free within ${timeoutMs} ms`, { code: ErrorCodes.LOCK_TIMEOUT });
      }
      const reason = redact((error as Error).message ?? String(error), secrets);
      throw new StorageError(`PostgreSQL lock "${name}" could not be taken: ${reason}`, { cause: safeCause(new Error(reason)) });
    }
    try {
      return await fn(handle);
    } finally {
      controller.abort();
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [id]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  };
}
