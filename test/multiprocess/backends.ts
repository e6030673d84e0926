// The four shared stores the multi-process tests run against, opened the same way in the test
// process and in its children (a spec travels to the children as JSON). Children import this
// file, so it stays light: service checks live in ./services.ts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileStorage, type Storage } from '@oauthflow/core';

export type BackendKind = 'file' | 'sqlite' | 'redis' | 'postgres';
export const BACKENDS: readonly BackendKind[] = ['file', 'sqlite', 'redis', 'postgres'];

export const REDIS_URL = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env['OAUTHFLOW_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where one run keeps its credentials: its own file, namespace or table. */
export type BackendSpec =
  | { kind: 'file'; path: string; leaseMs: number }
  | { kind: 'sqlite'; path: string; namespace: string; leaseMs: number }
  | { kind: 'redis'; url: string; namespace: string; leaseMs: number }
  | { kind: 'postgres'; url: string; table: string; namespace: string };

/**
 * A fresh place for one run of `kind`: files under `dir`, a random namespace (Redis, SQLite) or a
 * random table (PostgreSQL). `leaseMs` is how long a dead lock holder blocks the others (FileStorage
 * allows no less than 2000 ms; PostgreSQL frees a dead session's advisory lock at once).
 */
export function newSpec(kind: BackendKind, dir: string, leaseMs = 2000): BackendSpec {
  const run = randomBytes(4).toString('hex');
  switch (kind) {
    case 'file':
      return { kind, path: join(dir, `file-${run}.json`), leaseMs };
    case 'sqlite':
      return { kind, path: join(dir, `sqlite-${run}.db`), namespace: `mp${run}`, leaseMs };
    case 'redis':
      return { kind, url: REDIS_URL, namespace: `oauthflow-mp-${run}`, leaseMs };
    case 'postgres':
      return { kind, url: POSTGRES_URL, table: `oauthflow_mp_${run}`, namespace: `mp${run}` };
  }
}

/** Opens the storage a spec names; adapter packages are imported only when used. */
export async function openBackend(spec: BackendSpec): Promise<Storage> {
  switch (spec.kind) {
    case 'file':
      return new FileStorage(spec.path, { lockLeaseMs: spec.leaseMs });
    case 'sqlite': {
      const { SQLiteStorage } = await import('@oauthflow/storage-sqlite');
      return new SQLiteStorage({ path: spec.path, namespace: spec.namespace, leaseMs: spec.leaseMs });
    }
    case 'redis': {
      const { RedisStorage } = await import('@oauthflow/storage-redis');
      return new RedisStorage({ url: spec.url, namespace: spec.namespace, leaseMs: spec.leaseMs });
    }
    case 'postgres': {
      const { PostgresStorage } = await import('@oauthflow/storage-postgres');
      return new PostgresStorage({ url: spec.url, table: spec.table, namespace: spec.namespace });
    }
  }
}

/** Removes what a run left in a server-backed store (files go with their temporary directory). */
export async function cleanUp(spec: BackendSpec, storage: Storage): Promise<void> {
  try {
    for (const key of await storage.keys()) await storage.delete(key);
    if (spec.kind === 'postgres') {
      // Through the adapter's own connection: the root workspace does not depend on pg.
      const store = (storage as unknown as { keyv: { store: { query(sql: string): Promise<unknown> } } }).keyv.store;
      await store.query(`DROP TABLE IF EXISTS public.${spec.table}`);
    }
  } finally {
    await storage.close?.();
  }
}
