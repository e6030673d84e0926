// openStorage() against every scheme this workspace supports, for real: core imports each adapter
// package dynamically (an optional peer dependency), with no static dependency on it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Credentials, openStorage, type Storage } from '@oauthflow/core';
import { requireService } from '@oauthflow/storage-test-suite';
import { afterAll, describe, expect, it } from 'vitest';

const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const postgresUrl = process.env['OAUTHFLOW_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = randomBytes(4).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'oauthflow-open-'));
const redisUp = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');
const postgresUp = await requireService('PostgreSQL', postgresUrl, 'OAUTHFLOW_POSTGRES_URL');

const withParams = (url: string, params: string) => `${url}${url.includes('?') ? '&' : '?'}${params}`;

async function roundTrip(storage: Storage): Promise<void> {
  const credentials = new Credentials({ accessToken: `a-${run}`, refreshToken: `r-${run}` });
  try {
    await storage.save(credentials, 'open-storage');
    expect((await storage.get('open-storage'))?.toStored()).toEqual(credentials.toStored());
    expect(await storage.withLock('open-storage', async () => 'locked')).toBe('locked');
    await storage.delete('open-storage');
    expect(await storage.get('open-storage')).toBeUndefined();
  } finally {
    await storage.close?.();
  }
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // The PostgreSQL run made its own table; drop it through the storage's own connection string.
  if (postgresUp) {
    // pg is the PostgreSQL adapter's dependency, not the workspace root's.
    const pg = createRequire(join(import.meta.dirname, '../packages/storage-postgres/package.json'))('pg') as {
      Client: new (options: { connectionString: string }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
    };
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS public.oauthflow_open_${run}`);
    await client.end();
  }
});

describe('openStorage picks the adapter from the URI', () => {
  const cases: Array<[string, () => string, string, boolean]> = [
    ['memory:', () => 'memory:', 'MemoryStorage', true],
    ['file:', () => `file:${join(dir, 'tokens.json')}`, 'FileStorage', true],
    ['sqlite:', () => `sqlite:${join(dir, 'oauthflow.db')}`, 'SQLiteStorage', true],
    ['redis://', () => withParams(redisUrl, `namespace=oauthflow-open-${run}`), 'RedisStorage', redisUp],
    ['postgres://', () => withParams(postgresUrl, `table=oauthflow_open_${run}`), 'PostgresStorage', postgresUp],
    ['postgresql://', () => withParams(postgresUrl.replace(/^postgres:/, 'postgresql:'), `table=oauthflow_open_${run}`), 'PostgresStorage', postgresUp],
  ];
  for (const [scheme, uri, className, available] of cases) {
    it.runIf(available)(`${scheme} opens a working ${className}`, async () => {
      const storage = await openStorage(uri());
      expect(storage.constructor.name).toBe(className);
      await roundTrip(storage);
    });
  }
});
