import { inspect } from 'node:util';
import { createServer } from 'node:net';
import { Credentials, ErrorCodes, StorageError } from '@oauthflow/core';
import { PostgresStorage } from '@oauthflow/storage-postgres';
import { requireService } from '@oauthflow/storage-test-suite';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { postgresUrl, runTable } from './fixtures/open-storage.js';
import { startRun } from './fixtures/run.js';

const available = await requireService('PostgreSQL', postgresUrl, 'OAUTHFLOW_POSTGRES_URL');
const credentials = new Credentials({ accessToken: 'pg-access-token', refreshToken: 'pg-refresh-token' });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.runIf(available)('PostgresStorage', () => {
  afterAll(startRun());
  const opened: PostgresStorage[] = [];
  const open = (namespace: string, options: { acquireTimeoutMs?: number } = {}) => {
    const storage = new PostgresStorage({ url: postgresUrl, table: runTable(), namespace, ...options });
    opened.push(storage);
    return storage;
  };
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
  });

  it('an unreachable server is a StorageError at once, without the password', async () => {
    const storage = new PostgresStorage({ url: `postgres://postgres:pg-pass-w0rd@127.0.0.1:${await freePort()}/test`, connectTimeoutMs: 1000 });
    opened.push(storage);
    for (const call of [() => storage.get(), () => storage.save(credentials), () => storage.withLock('k', async () => 1)]) {
      const started = Date.now();
      const error = (await call().then(
        () => undefined,
        (e: unknown) => e,
      )) as StorageError;
      expect(error).toBeInstanceOf(StorageError);
      expect(Date.now() - started).toBeLessThan(1500);
      for (const text of [error.message, JSON.stringify(error), inspect(error)]) expect(text).not.toMatch(/pg-pass-w0rd|pg-access-token/);
    }
  });

  it('works again after the server dropped its connections (the same object)', async () => {
    // Its own application_name, so that only its connections are dropped, not other tests'.
    const name = `oauthflow-dropped-${process.pid}`;
    const url = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}application_name=${name}`;
    const storage = new PostgresStorage({ url, table: runTable(), namespace: 'dropped' });
    opened.push(storage);
    await storage.save(credentials);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const { rows } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
    expect(rows.length).toBeGreaterThan(0);
    await admin.end();
    // The pool notices the dead connections; at worst one call fails, as a StorageError.
    const first = await storage.get().catch((e: unknown) => e);
    if (!(first instanceof Credentials)) expect(first).toBeInstanceOf(StorageError);
    expect((await storage.get())?.refreshToken).toBe('pg-refresh-token');
  });

  it('recreates its table when it disappears', async () => {
    const storage = open('recreate');
    await storage.save(credentials);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP TABLE public.${runTable()}`);
    await admin.end();
    expect(await storage.get()).toBeUndefined();
    await storage.save(credentials);
    expect((await storage.get())?.accessToken).toBe('pg-access-token');
  });

  it('a lock held elsewhere times out with LOCK_TIMEOUT', async () => {
    const holder = open('timeout');
    const waiter = open('timeout', { acquireTimeoutMs: 300 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holding = holder.withLock('k', async () => {
      entered();
      await held;
    });
    await inside;
    const error = (await waiter
      .withLock('k', async () => 'never')
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as StorageError;
    release();
    await holding;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe(ErrorCodes.LOCK_TIMEOUT);
    expect(await waiter.withLock('k', async () => 'now free')).toBe('now free');
  });

  it('closing one storage leaves others on the same URL working', async () => {
    const [a, b] = [open('shared-url'), open('shared-url')];
    await a.save(credentials);
    await a.close();
    expect((await b.get())?.accessToken).toBe('pg-access-token');
  });

  it('sweeps expired pending authorizations out of the table', async () => {
    const storage = open('sweep');
    const pending = { codeVerifier: 'v', redirectUri: 'r', key: 'k', createdAt: 1 };
    await storage.putPending('abandoned', pending, 0.2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await storage.putPending('fresh', pending, 60);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const { rows } = await admin.query(`SELECT key FROM public.${runTable()} WHERE key LIKE 'sweep:%'`);
    await admin.end();
    expect(rows.map((row: { key: string }) => row.key)).toEqual(['sweep:pending:fresh']);
  });

  it('rejects table and schema names that are not plain lower-case identifiers', () => {
    expect(() => new PostgresStorage({ url: postgresUrl, table: 'Tokens' })).toThrow(/lower-case SQL identifier/);
    expect(() => new PostgresStorage({ url: postgresUrl, schema: 'a;b' })).toThrow(/lower-case SQL identifier/);
  });
});
