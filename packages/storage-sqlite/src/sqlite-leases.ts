import type { LeaseBackend } from '@oauthflow/core';

/** Runs one SQL statement and resolves with its rows. */
export type Query = (sql: string, ...parameters: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Now, in epoch ms, by SQLite's reading of the system clock: one clock for every process, whatever each one's `Date` says. */
const NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

/**
 * Leases as rows of a table next to the credentials: `(name, token, expires_at)`. Taking one is a
 * single upsert that only overwrites an expired row, so two processes never both get it. Expiry is
 * judged by SQLite's own reading of the machine's clock, never by a process's, so a process whose
 * clock is off (or faked) cannot hold a lease longer than it renews it.
 */
export function sqliteLeases(query: Query, table: string): LeaseBackend {
  let created: Promise<unknown> | undefined;
  const ready = (): Promise<unknown> => {
    created ??= query(`CREATE TABLE IF NOT EXISTS ${table} (name TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL)`).catch(
      (error: unknown) => {
        created = undefined;
        throw error;
      },
    );
    return created;
  };
  return {
    async acquire(name, token, leaseMs) {
      await ready();
      const rows = await query(
        `INSERT INTO ${table} (name, token, expires_at) VALUES (?1, ?2, ${NOW_MS} + ?3)
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
         WHERE ${table}.expires_at <= ${NOW_MS} RETURNING token`,
        name,
        token,
        leaseMs,
      );
      return rows.length === 1;
    },
    async renew(name, token, leaseMs) {
      const rows = await query(`UPDATE ${table} SET expires_at = ${NOW_MS} + ? WHERE name = ? AND token = ? RETURNING name`, leaseMs, name, token);
      return rows.length === 1;
    },
    async release(name, token) {
      await query(`DELETE FROM ${table} WHERE name = ? AND token = ?`, name, token);
    },
  };
}
