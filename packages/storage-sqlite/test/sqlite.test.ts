import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Credentials, StorageError } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join(import.meta.dirname, '../../../node_modules/.bin/tsx');
const tempDb = (name = 'tokens.db') => join(mkdtempSync(join(tmpdir(), 'oauthflow-sqlite-')), name);
const credentials = (token: string) => new Credentials({ accessToken: token });

describe('SQLiteStorage', () => {
  const opened: SQLiteStorage[] = [];
  const open = (...args: ConstructorParameters<typeof SQLiteStorage>) => {
    const storage = new SQLiteStorage(...args);
    opened.push(storage);
    return storage;
  };
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
  });

  it('creates the database readable by its owner only, WAL files too, in WAL mode', async () => {
    const path = tempDb();
    const storage = open({ path });
    await storage.save(credentials('a'));
    expect(storage.path).toBe(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}-wal`)).mode & 0o777).toBe(0o600);
    const store = storage.keyv.store as { query: (sql: string) => Promise<Array<{ journal_mode: string }>> };
    expect((await store.query('PRAGMA journal_mode'))[0]!.journal_mode).toBe('wal');
  });

  it('accepts a path string, a sqlite: URI and :memory:', async () => {
    const path = tempDb();
    await open(path).save(credentials('by-string'));
    expect((await open(`sqlite://${path}`).get())?.accessToken).toBe('by-string');
    const memory = open({ path: ':memory:' });
    await memory.save(credentials('in-memory'));
    expect((await memory.get())?.accessToken).toBe('in-memory');
  });

  it('6 processes writing at once never surface SQLITE_BUSY', async () => {
    const path = tempDb();
    const saver = join(import.meta.dirname, 'fixtures/saver.ts');
    // (The raw @keyv/sqlite store fails this: a few SQLITE_BUSY errors per run.)
    const startAt = String(Date.now() + 2500);
    await Promise.all(Array.from({ length: 6 }, (_, worker) => run(tsx, ['--conditions=@oauthflow/source', saver, path, String(worker), '100', startAt])));
    const storage = open({ path, namespace: 'stress' });
    expect(await storage.keys()).toHaveLength(600);
    expect((await storage.get('w5-k99'))?.accessToken).toBe('token-5-99');
  }, 60_000);

  it('a row that is not JSON is a StorageError that does not echo it', async () => {
    const storage = open({ path: tempDb() });
    const store = storage.keyv.store as { query: (sql: string, ...p: unknown[]) => Promise<unknown> };
    await store.query('INSERT INTO oauthflow (key, value) VALUES (?, ?)', 'oauthflow:credentials:default', '{"value": secret-token-garbage');
    const error = (await storage.get().then(
      () => undefined,
      (e: unknown) => e,
    )) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe('SQLite storage could not read credentials "default": a stored value is not valid JSON');
    expect(JSON.stringify(error)).not.toContain('secret-token');
  });

  it('a file that is not a database is a StorageError on every call, not a crash', async () => {
    const path = tempDb();
    await writeFile(path, 'this is not a SQLite database, it is a text file that is long enough to look like a header');
    const storage = open({ path });
    await expect(storage.get()).rejects.toThrow(StorageError);
    await expect(storage.save(credentials('x'))).rejects.toThrow(/SQLite storage could not save credentials/);
    await expect(storage.withLock('k', async () => 1)).rejects.toThrow(StorageError);
  });

  it('keeps its lease in <table>_locks while held, and removes it on release', async () => {
    const storage = open({ path: tempDb(), leaseMs: 5000 });
    const store = storage.keyv.store as { query: (sql: string) => Promise<Array<{ name: string; expires_at: number }>> };
    await storage.withLock('alice', async () => {
      const rows = await store.query('SELECT name, expires_at FROM oauthflow_locks');
      expect(rows.map((row) => row.name)).toEqual(['oauthflow:alice']);
      expect(rows[0]!.expires_at).toBeGreaterThan(Date.now() + 4000);
    });
    expect(await store.query('SELECT name FROM oauthflow_locks')).toEqual([]);
  });

  it('sweeps expired pending authorizations out of the table', async () => {
    const storage = open({ path: tempDb() });
    const store = storage.keyv.store as { query: (sql: string) => Promise<Array<{ key: string }>> };
    const pending = { codeVerifier: 'v', redirectUri: 'r', key: 'k', createdAt: 1 };
    await storage.putPending('abandoned', pending, 0.2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await storage.putPending('fresh', pending, 60);
    expect((await store.query('SELECT key FROM oauthflow')).map((row) => row.key)).toEqual(['oauthflow:pending:fresh']);
  });

  it('rejects a table name that is not an identifier, and a namespace with a colon', () => {
    expect(() => new SQLiteStorage({ path: ':memory:', table: 'x; DROP TABLE y' })).toThrow(/plain SQL identifier/);
    expect(() => new SQLiteStorage({ path: ':memory:', namespace: 'a:b' })).toThrow(/without ":"/);
  });
});
