// The raw Keyv store of a backend: the baseline "raw reads of the same store".
import type { Keyv } from 'keyv';
import { createRawClusterKeyv, createRawKeyv as rawRedis } from '../../packages/storage-redis/test/fixtures/raw-keyv.js';
import { createRawKeyv as rawSqlite } from '../../packages/storage-sqlite/test/fixtures/raw-keyv.js';
import type { Backend } from './types.js';

export function openRawStore(raw: Backend['raw']): Keyv {
  switch (raw.kind) {
    case 'redis':
      return rawRedis(raw.url, raw.namespace);
    case 'redis-cluster':
      return createRawClusterKeyv(raw.rootNodes, raw.namespace);
    case 'sqlite':
      return rawSqlite(raw.path);
  }
}

/** How the baseline is named in the table. */
export function rawStoreName(raw: Backend['raw']): string {
  return raw.kind === 'sqlite' ? '@keyv/sqlite' : raw.kind === 'redis' ? '@keyv/redis' : '@keyv/redis, cluster';
}
