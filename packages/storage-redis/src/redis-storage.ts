import { CONFLICT, ConfigurationError, KeyvStorage, createLeaseLock, passwordsOf, type RecordWrite } from '@oauthflow/core';
import { createClient, type RedisClientType } from '@redis/client';
import { Keyv } from 'keyv';
import { ConnectedKeyvRedis } from './connection.js';
import { Deadline } from './deadline.js';
import { DELETE_RECORD, WRITE_RECORD } from './record-scripts.js';
import { redisLeases } from './redis-leases.js';

/** Options of {@link RedisStorage}; all optional. */
export interface RedisStorageOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prefix of every key (`<namespace>::credentials:<key>`), so applications can share a server. Default `oauthflow`. */
  namespace?: string;
  /** How long to wait for a connection before a StorageError. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** How long to wait for a reply before a StorageError; a call may take `connectTimeoutMs` more to connect first. Default 5000 ms. */
  commandTimeoutMs?: number;
  /** How long a lock holder that stopped renewing (it died) blocks the others. Default 10 000 ms. */
  leaseMs?: number;
  /** How long `withLock` waits before a StorageError with code LOCK_TIMEOUT. Default 30 000 ms. */
  acquireTimeoutMs?: number;
}

const DEFAULTS = {
  url: 'redis://127.0.0.1:6379',
  namespace: 'oauthflow',
  connectTimeoutMs: 2000,
  commandTimeoutMs: 5000,
  leaseMs: 10_000,
  acquireTimeoutMs: 30_000,
} satisfies Required<RedisStorageOptions>;

/**
 * Credentials in Redis (via `@keyv/redis`), shared by processes on many machines. `withLock` is a
 * lease in Redis: `SET <namespace>:lock:<key> <token> NX PX <leaseMs>`, renewed every third of
 * the lease while the holder works, released only by its holder (compare-and-delete script), and
 * expired by Redis when a holder dies. Pending authorizations expire with Redis TTLs and are taken
 * with GETDEL. Saves and deletes conditional on a record's revision are one Lua script each.
 *
 * It fails closed and fast: with Redis down, calls reject with a StorageError at once (no offline
 * queue) or after `connectTimeoutMs`; the client reconnects in the background, and the same
 * object works again once Redis is back.
 *
 * @example
 * const storage = new RedisStorage({ url: process.env.REDIS_URL, namespace: 'my-app' });
 */
export class RedisStorage extends KeyvStorage {
  readonly #client: RedisClientType;
  readonly #store: ConnectedKeyvRedis;
  readonly #namespace: string;
  readonly #deadline: Deadline;

  constructor(options: RedisStorageOptions | string = {}) {
    const opts = { ...DEFAULTS, ...(typeof options === 'string' ? { url: options } : options) };
    if (!/^rediss?:\/\//i.test(opts.url)) throw new ConfigurationError('RedisStorage needs a redis:// or rediss:// URL');
    if (opts.namespace === '') throw new ConfigurationError('RedisStorage namespace must not be empty');
    const client = createClient({
      url: opts.url,
      // Reject commands while disconnected instead of queueing them until Redis returns.
      disableOfflineQueue: true,
      socket: { connectTimeout: opts.connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
    }) as RedisClientType;
    // Failures reach callers through their commands; without a listener an 'error' event would crash the process.
    client.on('error', () => undefined);
    const store = new ConnectedKeyvRedis(client, { namespace: opts.namespace, throwOnErrors: true }, opts.connectTimeoutMs);
    const keyv = new Keyv({ store, namespace: opts.namespace, useKeyPrefix: false, throwOnErrors: true });
    const connected = (): Promise<RedisClientType> => store.getClient() as Promise<RedisClientType>;
    const deadline = new Deadline(opts.connectTimeoutMs + opts.commandTimeoutMs, () => {
      if (client.isOpen) client.destroy();
    });
    // Outside the `<namespace>::*` pattern the Keyv iterator scans, so keys() never meets a lease.
    const lock = createLeaseLock(
      redisLeases(connected, (name) => `${opts.namespace}:lock:${name}`, deadline),
      {
        leaseMs: opts.leaseMs,
        acquireTimeoutMs: opts.acquireTimeoutMs,
        label: 'Redis',
      },
    );
    super(keyv, { label: 'Redis', lock, secrets: passwordsOf(opts.url) });
    this.#client = client;
    this.#store = store;
    this.#namespace = opts.namespace;
    this.#deadline = deadline;
  }

  /** Every Keyv call, bounded by the deadline. */
  protected override call<T>(action: string, operation: () => Promise<T>): Promise<T> {
    return super.call(action, () => this.#deadline.run(operation));
  }

  override async close(): Promise<void> {
    // A graceful QUIT would wait for a server that may be gone; a reconnecting client is dropped.
    if (this.#client.isOpen && !this.#client.isReady) this.#client.destroy();
    await super.close();
  }

  /** One script: compares the stored revision and writes the record with the next one. */
  protected override async writeRecord(key: string, write: RecordWrite): Promise<number | typeof CONFLICT> {
    const parts = await this.serializeRecord(write);
    if (parts === undefined) return super.writeRecord(key, write);
    const client = (await this.#store.getClient()) as RedisClientType;
    const reply = await client.eval(WRITE_RECORD, {
      keys: [this.#recordKey(key)],
      arguments: [write.ifRevision === undefined ? '' : String(write.ifRevision), parts.before, parts.after, String(this.firstRevision())],
    });
    return reply === -1 ? CONFLICT : Number(reply);
  }

  /** One script: deletes the record if it is at `ifRevision` (or absent). */
  protected override async deleteRecord(key: string, ifRevision: number | undefined): Promise<true | typeof CONFLICT> {
    if (ifRevision === undefined) return super.deleteRecord(key, ifRevision);
    const client = (await this.#store.getClient()) as RedisClientType;
    const reply = await client.eval(DELETE_RECORD, { keys: [this.#recordKey(key)], arguments: [String(ifRevision)] });
    return reply === -1 ? CONFLICT : true;
  }

  #recordKey(key: string): string {
    return this.#store.createKeyPrefix(this.credentialsKey(key), this.#namespace);
  }

  /** GETDEL: of concurrent takers, exactly one gets the value. */
  protected override async take(key: string): Promise<unknown> {
    const client = (await this.#store.getClient()) as RedisClientType;
    return this.decode(await client.getDel(this.#store.createKeyPrefix(key, this.#namespace)));
  }
}
