import { setTimeout as sleep } from 'node:timers/promises';
import type { Query } from './sqlite-leases.js';

const ATTEMPTS = 5;

/**
 * Retries a statement that failed with SQLITE_BUSY or SQLITE_LOCKED. The busy timeout already
 * waits for other writers; this covers what it cannot (e.g. a WAL checkpoint racing a writer), so
 * concurrent writers never see SQLITE_BUSY.
 */
export function retryBusy(query: Query): Query {
  return async (sql, ...parameters) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await query(sql, ...parameters);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || attempt >= ATTEMPTS) throw error;
        await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  };
}
