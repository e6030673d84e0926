import type { KeyvPostgres } from '@keyv/postgres';
import { CONFLICT, ConfigurationError, KeyvStorage, passwordsOf, redact, type RecordWrite } from '@oauthflow/core';
import { Keyv } from 'keyv';
import pg from 'pg';
import { advisoryLock } from './advisory-lock.js';
import { pooledKeyvPostgres } from './pooled-store.js';

/** Options of {@link PostgresStorage}; all optional. */
export interface PostgresStorageOptions {
  /** `postgres://user[:password]@host[:port]/database[?sslmode=…]`. Default `postgres://127.0.0.1:5432/postgres`. */
  url?: string;
  /** The table credentials live in, created when missing. Default `oauthflow`. */
  table?: string;
  /** The schema of the table, created when missing. Default `public`. */
  schema?: string;
  /** Prefix of every key, so several applications can share one table. Default `oauthflow`. */
  namespace?: string;
  /** How long to wait for a connection before a StorageError. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** How long to wait for a statement's result before a StorageError. Default 10 000 ms. */
  queryTimeoutMs?: number;
  /** How long `withLock` waits before a StorageError with code LOCK_TIMEOUT. Default 30 000 ms. */
  acquireTimeoutMs?: number;
  /** The most connections the storage's pool opens (locks use their own). Default 4. */
  maxConnections?: number;
}

const DEFAULTS = {
  url: 'postgres://127.0.0.1:5432/postgres',
  table: 'oauthflow',
  schema: 'public',
  namespace: 'oauthflow',
  connectTimeoutMs: 5000,
  queryTimeoutMs: 10_000,
  acquireTimeoutMs: 30_000,
  maxConnections: 4,
} satisfies Required<PostgresStorageOptions>;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** The revision at the start of a stored record (`{"value":{"revision":N,…`); records from before revisions have none (0). */
const REVISION_PATTERN = '^\\{"value":\\{"revision":([0-9]+),';

/**
 * Credentials in a PostgreSQL table (via `@keyv/postgres`), shared by processes on many machines.
 * `withLock` holds a session advisory lock (`pg_advisory_lock` on a 64-bit hash of
 * schema.table, namespace and key) on a dedicated connection while `fn` runs; PostgreSQL frees it
 * the moment a dead holder's connection closes. Pending authorizations are taken with one
 * `DELETE … RETURNING`. A save is one statement: `UPDATE … WHERE` the stored revision matches when
 * conditional, an upsert that increments the stored revision otherwise.
 *
 * It fails closed: an unreachable server is a StorageError after at most `connectTimeoutMs`, and
 * the pool reconnects by itself once the server is back.
 *
 * @example
 * const storage = new PostgresStorage({ url: process.env.DATABASE_URL, table: 'oauth_tokens' });
 */
export class PostgresStorage extends KeyvStorage {
  readonly #store: KeyvPostgres;
  readonly #qualifiedTable: string;

  constructor(options: PostgresStorageOptions | string = {}) {
    const opts = { ...DEFAULTS, ...(typeof options === 'string' ? { url: options } : options) };
    if (!/^postgres(ql)?:\/\//i.test(opts.url)) throw new ConfigurationError('PostgresStorage needs a postgres:// or postgresql:// URL');
    for (const [what, name] of [
      ['table', opts.table],
      ['schema', opts.schema],
    ] as const) {
      if (!IDENTIFIER.test(name)) throw new ConfigurationError(`PostgresStorage ${what} "${name}" must be a lower-case SQL identifier`);
    }
    if (opts.namespace === '' || opts.namespace.includes(':')) throw new ConfigurationError('PostgresStorage namespace must be non-empty, without ":"');
    const connection: pg.ClientConfig = {
      connectionString: opts.url,
      connectionTimeoutMillis: opts.connectTimeoutMs,
      application_name: 'oauthflow',
    };
    const pool = new pg.Pool({ ...connection, query_timeout: opts.queryTimeoutMs, max: opts.maxConnections, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // An idle connection that the server dropped: the pool discards it, the next query opens another.
    pool.on('error', () => undefined);
    const secrets = passwordsOf(opts.url);
    const store = pooledKeyvPostgres(pool, { schema: opts.schema, table: opts.table, uri: redact(opts.url, secrets) });
    const keyv = new Keyv({ store, namespace: opts.namespace, throwOnErrors: true });
    const scope = `${opts.schema}.${opts.table}:${opts.namespace}`;
    super(keyv, { label: 'PostgreSQL', lock: advisoryLock(connection, scope, opts.acquireTimeoutMs, secrets), secrets });
    this.#store = store;
    this.#qualifiedTable = `${opts.schema}.${opts.table}`;
  }

  protected override async sweepExpiredPending(prefix: string): Promise<void> {
    // Keyv stores `{"value":…,"expires":<ms>}`; a text match, so one malformed row cannot stop the sweep.
    await this.#store.query(
      `DELETE FROM ${this.#qualifiedTable} WHERE left(key, $1) = $2
       AND substring(value from '"expires":([0-9]+)\\}$')::bigint <= $3`,
      [prefix.length, prefix, Date.now()],
    );
  }

  /** One statement: a conditional `UPDATE … WHERE` revision matches, or an upsert that increments it. */
  protected override async writeRecord(key: string, write: RecordWrite): Promise<number | typeof CONFLICT> {
    const parts = await this.serializeRecord(write);
    if (parts === undefined) return super.writeRecord(key, write);
    const storedKey = this.keyv._getKeyPrefix(this.credentialsKey(key));
    const table = this.#qualifiedTable;
    if (write.ifRevision !== undefined) {
      const next = write.ifRevision + 1;
      const rows = await this.#rows(`UPDATE ${table} SET value = $1 WHERE key = $2 AND coalesce(substring(value from $3)::bigint, 0) = $4 RETURNING 1`, [
        parts.before + String(next) + parts.after,
        storedKey,
        REVISION_PATTERN,
        write.ifRevision,
      ]);
      return rows.length === 1 ? next : CONFLICT;
    }
    const rows = await this.#rows(
      `INSERT INTO ${table} (key, value) VALUES ($1, $2 || $4::text || $3)
       ON CONFLICT (key) DO UPDATE SET value = $2 || (coalesce(substring(${table}.value from $5)::bigint, 0) + 1)::text || $3
       RETURNING substring(value from $5) AS revision`,
      [storedKey, parts.before, parts.after, this.firstRevision(), REVISION_PATTERN],
    );
    return Number(rows[0]?.['revision']);
  }

  /** One `DELETE … WHERE` revision matches; a row there and not deleted is at another revision. */
  protected override async deleteRecord(key: string, ifRevision: number | undefined): Promise<true | typeof CONFLICT> {
    if (ifRevision === undefined) return super.deleteRecord(key, ifRevision);
    const table = this.#qualifiedTable;
    const rows = await this.#rows(
      `WITH deleted AS (DELETE FROM ${table} WHERE key = $1 AND coalesce(substring(value from $2)::bigint, 0) = $3 RETURNING 1)
       SELECT (SELECT count(*) FROM deleted) AS deleted, (SELECT count(*) FROM ${table} WHERE key = $1) AS present`,
      [this.keyv._getKeyPrefix(this.credentialsKey(key)), REVISION_PATTERN, ifRevision],
    );
    return Number(rows[0]?.['deleted']) === 0 && Number(rows[0]?.['present']) > 0 ? CONFLICT : true;
  }

  async #rows(sql: string, values: unknown[]): Promise<Array<Record<string, unknown>>> {
    return (await this.#store.query(sql, values)) as Array<Record<string, unknown>>;
  }

  /** One `DELETE … RETURNING`: of concurrent takers, exactly one gets the row. */
  protected override async take(key: string): Promise<unknown> {
    const rows = (await this.#store.query(`DELETE FROM ${this.#qualifiedTable} WHERE key = $1 RETURNING value`, [this.keyv._getKeyPrefix(key)])) as Array<{
      value?: unknown;
    }>;
    return this.decode(rows[0]?.value);
  }
}
