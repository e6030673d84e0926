import type { LeaseBackend } from '@oauthflow/core';

/** Runs one SQL statement and resolves with its rows. */
export type Query = (sql: string, ...parameters: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * Leases as rows of a table next to the credentials: `(name, token, expires_at)`. Taking one is a
 * single upsert that only overwrites an expired row, so two processes never both get it; the
 * clock is the machine's, which every process on it shares.
 */
export function sqliteLeases(query: Query, table: string): LeaseBackend {
  let created: Promise<unknown> | undefined;
  const ready = (): Promise<unknown> => {
    created ??= query(`CREATE TABLE IF NOT EXISTS ${table} (name TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL)`)
      .catch((error: unknown) => { created = undefined; throw error; });
    return created;
  };
  return {
    async acquire(name, token, leaseMs) {
      await ready();
      const now = Date.now();
      const rows = await query(
        `INSERT INTO ${table} (name, token, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
         WHERE ${table}.expires_at <= ? RETURNING token`,
        name, token, now + leaseMs, now,
      );
      return rows.length === 1;
    },
    async renew(name, token, leaseMs) {
      const rows = await query(`UPDATE ${table} SET expires_at = ? WHERE name = ? AND token = ? RETURNING name`, Date.now() + leaseMs, name, token);
      return rows.length === 1;
    },
    async release(name, token) {
      await query(`DELETE FROM ${table} WHERE name = ? AND token = ?`, name, token);
    },
  };
}
