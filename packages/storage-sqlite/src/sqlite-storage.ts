import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import { CONFLICT, ConfigurationError, KeyvStorage, createLeaseLock, type RecordWrite } from '@oauthflow/core';
import { Keyv } from 'keyv';
import { retryBusy } from './busy-retry.js';
import { sqliteLeases, type Query } from './sqlite-leases.js';

/** Options of {@link SQLiteStorage}; all optional. */
export interface SQLiteStorageOptions {
  /**
   * The database file, created (mode 0600) when missing; an existing one, and its `-wal` and `-shm`
   * files, are made 0600 on open when this process owns them. `:memory:` for a private in-memory
   * one. Default `./oauthflow.db`.
   */
  path?: string;
  /** The table credentials live in; the lock table is `<table>_locks`. Default `oauthflow`. */
  table?: string;
  /** Prefix of every key, so several applications can share one table. Default `oauthflow`. */
  namespace?: string;
  /** How long a statement waits for another process's write lock (SQLite busy timeout). Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Journal in WAL mode, so readers never wait for a writer. Turn off on network file systems. Default true. */
  wal?: boolean;
  /** How long a lock holder that stopped renewing (it died) blocks the others. Default 10 000 ms. */
  leaseMs?: number;
  /** How long `withLock` waits before a StorageError with code LOCK_TIMEOUT. Default 30 000 ms. */
  acquireTimeoutMs?: number;
}

const DEFAULTS = {
  path: './oauthflow.db',
  table: 'oauthflow',
  namespace: 'oauthflow',
  busyTimeoutMs: 5000,
  wal: true,
  leaseMs: 10_000,
  acquireTimeoutMs: 30_000,
} satisfies Required<SQLiteStorageOptions>;

/**
 * Credentials in a SQLite database file (via `@keyv/sqlite`): the embedded default, shared by the
 * processes of one machine. `withLock` excludes every process using the file: a lease row in
 * `<table>_locks`, taken with one atomic upsert, renewed every third of `leaseMs` while held and
 * taken over when a dead holder's lease ends. Concurrent writers wait (busy timeout, WAL, retry)
 * instead of failing with SQLITE_BUSY. A save is one statement: `UPDATE … WHERE` the stored
 * revision matches when conditional, an upsert that increments the stored revision otherwise.
 * `secure_delete` is on: deleted and replaced tokens are overwritten with zeros in the file, not
 * left readable in free pages.
 *
 * @example
 * const storage = new SQLiteStorage({ path: './tokens.db' });
 * const same = new SQLiteStorage('./tokens.db');
 */
export class SQLiteStorage extends KeyvStorage {
  /** The database file's absolute path, or `:memory:`. */
  readonly path: string;
  readonly #query: Query;
  readonly #table: string;

  constructor(options: SQLiteStorageOptions | string = {}) {
    const opts = { ...DEFAULTS, ...(typeof options === 'string' ? { path: options } : options) };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.table)) throw new ConfigurationError(`SQLiteStorage table "${opts.table}" must be a plain SQL identifier`);
    if (opts.namespace === '' || opts.namespace.includes(':')) throw new ConfigurationError('SQLiteStorage namespace must be non-empty, without ":"');
    const path = opts.path === ':memory:' ? ':memory:' : resolve(opts.path.replace(/^sqlite:(\/\/)?/, ''));
    if (path !== ':memory:') createPrivateFile(path);

    const store = new KeyvSqlite({ uri: `sqlite://${path}`, table: opts.table, busyTimeout: opts.busyTimeoutMs });
    const query = prepared(retryBusy(store.query as Query), opts.wal);
    store.query = query;
    const keyv = new Keyv({ store, namespace: opts.namespace, throwOnErrors: true });
    const lock = createLeaseLock(sqliteLeases(query, `${opts.table}_locks`), {
      leaseMs: opts.leaseMs,
      acquireTimeoutMs: opts.acquireTimeoutMs,
      label: 'SQLite',
    });
    super(keyv, { label: 'SQLite', lock: (name, fn) => lock(`${opts.namespace}:${name}`, fn) });
    this.path = path;
    this.#query = query;
    this.#table = opts.table;
  }

  protected override async sweepExpiredPending(prefix: string): Promise<void> {
    await this.#query(
      `DELETE FROM ${this.#table} WHERE substr(key, 1, ?) = ?
       AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) <= ?`,
      prefix.length,
      prefix,
      Date.now(),
    );
  }

  /** One statement: a conditional `UPDATE … WHERE` revision matches, or an upsert that increments it. */
  protected override async writeRecord(key: string, write: RecordWrite): Promise<number | typeof CONFLICT> {
    const parts = await this.serializeRecord(write);
    if (parts === undefined) return super.writeRecord(key, write);
    const storedKey = this.keyv._getKeyPrefix(this.credentialsKey(key));
    const table = this.#table;
    if (write.ifRevision !== undefined) {
      const next = write.ifRevision + 1;
      const rows = await this.#query(
        `UPDATE ${table} SET value = ? WHERE key = ? AND ${revisionOf('value')} = ? RETURNING 1`,
        parts.before + String(next) + parts.after,
        storedKey,
        write.ifRevision,
      );
      return rows.length === 1 ? next : CONFLICT;
    }
    const rows = await this.#query(
      `INSERT INTO ${table} (key, value) VALUES (?1, ?2 || ?4 || ?3)
       ON CONFLICT (key) DO UPDATE SET value = ?2 || (${revisionOf(`${table}.value`)} + 1) || ?3
       RETURNING ${revisionOf('value')} AS revision`,
      storedKey,
      parts.before,
      parts.after,
      this.firstRevision(),
    );
    return Number(rows[0]?.['revision']);
  }

  /** `DELETE … WHERE` revision matches; a row left behind is at another revision. */
  protected override async deleteRecord(key: string, ifRevision: number | undefined): Promise<true | typeof CONFLICT> {
    if (ifRevision === undefined) return super.deleteRecord(key, ifRevision);
    const storedKey = this.keyv._getKeyPrefix(this.credentialsKey(key));
    const deleted = await this.#query(`DELETE FROM ${this.#table} WHERE key = ? AND ${revisionOf('value')} = ? RETURNING 1`, storedKey, ifRevision);
    if (deleted.length === 1) return true;
    const left = await this.#query(`SELECT 1 FROM ${this.#table} WHERE key = ?`, storedKey);
    return left.length === 0 ? true : CONFLICT;
  }

  /** One `DELETE … RETURNING`: of concurrent takers, exactly one gets the row. */
  protected override async take(key: string): Promise<unknown> {
    const rows = await this.#query(`DELETE FROM ${this.#table} WHERE key = ? RETURNING value`, this.keyv._getKeyPrefix(key));
    return this.decode(rows[0]?.['value']);
  }
}

/** How every stored record starts: its revision follows. */
const RECORD_START = '{"value":{"revision":';

/**
 * The stored revision of a record in column `column`, read from the record's fixed start (string
 * functions: JSON parsing here made a save several times slower); 0 for records from before
 * revisions and for values that are not records.
 */
function revisionOf(column: string): string {
  const from = RECORD_START.length + 1;
  return `(CASE WHEN substr(${column}, 1, ${RECORD_START.length}) = '${RECORD_START}'
    THEN CAST(substr(${column}, ${from}, instr(substr(${column}, ${from}, 20), ',') - 1) AS INTEGER) ELSE 0 END)`;
}

/**
 * Creates the file readable by its owner only, and makes an existing one so (a database created by
 * another tool is often 0644). SQLite gives new -wal and -shm files the database's mode; existing
 * ones are fixed here too. Files of another user are left alone: chmod would fail, and the owner
 * chose their mode.
 */
function createPrivateFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  } catch (error) {
    throw new ConfigurationError(`SQLiteStorage cannot create ${path}: ${(error as Error).message}`, { cause: error });
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) makePrivateIfOwned(file);
}

function makePrivateIfOwned(file: string): void {
  try {
    const stats = statSync(file);
    if (process.getuid !== undefined && stats.uid !== process.getuid()) return;
    if ((stats.mode & 0o077) !== 0) chmodSync(file, stats.mode & 0o7700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigurationError(`SQLiteStorage cannot make ${file} private (mode 0600): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs the set-up statements (secure_delete, then WAL or a no-op) at once, so a database that cannot be opened is
 * reported by the first call instead of as an unhandled rejection, and again before the next call
 * while it fails.
 */
function prepared(query: Query, wal: boolean): Query {
  // secure_delete is per connection, and @keyv/sqlite keeps one: deleted tokens are zeroed in the file.
  const setUp = (): Promise<unknown> =>
    query('PRAGMA secure_delete = ON')
      .then(() => query(wal ? 'PRAGMA journal_mode = WAL' : 'SELECT 1'))
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
  let ready: Promise<unknown> | undefined = setUp();
  ready.catch(() => undefined);
  return async (sql, ...parameters) => {
    await (ready ??= setUp());
    return query(sql, ...parameters);
  };
}
