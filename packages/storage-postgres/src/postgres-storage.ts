import type { KeyvPostgres } from '@keyv/postgres';
import { ConfigurationError, KeyvStorage, passwordsOf, redact } from '@oauthflow/core';
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
  url: 'postgres://127.0.0.1:5432/postgres', table: 'oauthflow', schema: 'public', namespace: 'oauthflow',
  connectTimeoutMs: 5000, queryTimeoutMs: 10_000, acquireTimeoutMs: 30_000, maxConnections: 4,
} satisfies Required<PostgresStorageOptions>;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Credentials in a PostgreSQL table (via `@keyv/postgres`), shared by processes on many machines.
 * `withLock` holds a session advisory lock (`pg_advisory_lock` on a 64-bit hash of
 * schema.table, namespace and key) on a dedicated connection while `fn` runs; PostgreSQL frees it
 * the moment a dead holder's connection closes. Pending authorizations are taken with one
 * `DELETE … RETURNING`.
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
    for (const [what, name] of [['table', opts.table], ['schema', opts.schema]] as const) {
      if (!IDENTIFIER.test(name)) throw new ConfigurationError(`PostgresStorage ${what} "${name}" must be a lower-case SQL identifier`);
    }
    if (opts.namespace === '' || opts.namespace.includes(':')) throw new ConfigurationError('PostgresStorage namespace must be non-empty, without ":"');
    const connection: pg.ClientConfig = {
      connectionString: opts.url, connectionTimeoutMillis: opts.connectTimeoutMs, application_name: 'oauthflow',
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

  /** One `DELETE … RETURNING`: of concurrent takers, exactly one gets the row. */
  protected override async take(key: string): Promise<unknown> {
    const rows = (await this.#store.query(
      `DELETE FROM ${this.#qualifiedTable} WHERE key = $1 RETURNING value`, [this.keyv._getKeyPrefix(key)],
    )) as Array<{ value?: unknown }>;
    return this.decode(rows[0]?.value);
  }
}
