import { CONFLICT, ConfigurationError, KeyvStorage, createLeaseLock, passwordsOf, type RecordWrite } from '@oauthflow/core';
import type { RedisClientType, RedisClusterType } from '@redis/client';
import { Keyv } from 'keyv';
import { clusterTarget, isClusterUrl, parseClusterUrl, type ClusterTarget, type RedisClusterOptions } from './cluster-options.js';
import { clusterFactory, singleNodeFactory } from './connect.js';
import { ConnectedKeyvRedis } from './connection.js';
import { Deadline } from './deadline.js';
import { checkNamespace, clusterLayout, singleNodeLayout, type KeyLayout } from './key-layout.js';
import { DELETE_RECORD, WRITE_RECORD } from './record-scripts.js';
import { redisLeases } from './redis-leases.js';

/** Options of {@link RedisStorage}; all optional. */
export interface RedisStorageOptions {
  /**
   * One server: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. A Redis
   * Cluster: `redis+cluster://[[user]:password@]host1:port1,host2:port2,…` (or `rediss+cluster://`).
   * Default `redis://127.0.0.1:6379`.
   */
  url?: string;
  /** A Redis Cluster, by some of its nodes (instead of `url`). */
  cluster?: RedisClusterOptions;
  /**
   * Prefix of every key, so applications can share a server. Letters, digits, `.`, `_` and `-`,
   * optionally in segments joined by `:` (none after the first named `lock`). Default `oauthflow`.
   */
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
};

/** The commands the record scripts and pending takes use, which both kinds of client have. */
type RecordCommands = Pick<RedisClientType, 'eval' | 'getDel'>;

/**
 * Credentials in Redis (via `@keyv/redis`), shared by processes on many machines: one server, or
 * a Redis Cluster (`cluster: { rootNodes }` or a `redis+cluster://` URL). `withLock` is a lease in
 * Redis: `SET <lock key> <token> NX PX <leaseMs>`, renewed every third of the lease while the
 * holder works, released only by its holder (compare-and-delete script), and expired by Redis when
 * a holder dies. Pending authorizations expire with Redis TTLs and are taken with GETDEL. Saves and
 * deletes conditional on a record's revision are one Lua script each.
 *
 * Keys: on one server `<namespace>::credentials:<key>`, `<namespace>::pending:<state>` and
 * `<namespace>:lock:<key>` (the layout of every earlier version, so old and new processes agree
 * during an upgrade); on a cluster `<namespace>:{<key>}:credentials`, `<namespace>:{<key>}:lock`,
 * `<namespace>:{<state>}:pending`, so all of one credential is in one hash slot. On a cluster,
 * `keys()` scans every master, and after a failover the client rediscovers the topology by itself.
 *
 * It fails closed and fast: with Redis down, calls reject with a StorageError at once (no offline
 * queue) or after `connectTimeoutMs`; the client reconnects in the background, and the same
 * object works again once Redis is back. A refused password is a StorageError that says
 * "authentication failed", at once.
 *
 * @throws {ConfigurationError} for a URL that is not redis://, rediss://, redis+cluster:// or
 * rediss+cluster://, for both `url` and `cluster`, or for a namespace that is not allowed.
 * @example
 * const storage = new RedisStorage({ url: process.env.REDIS_URL, namespace: 'my-app' });
 * const clustered = new RedisStorage({ cluster: { rootNodes: ['redis://10.0.0.1:6379', 'redis://10.0.0.2:6379'] } });
 */
export class RedisStorage extends KeyvStorage {
  readonly #store: ConnectedKeyvRedis;
  readonly #layout: KeyLayout;
  readonly #cluster: boolean;
  readonly #deadline: Deadline;

  constructor(options: RedisStorageOptions | string = {}) {
    const given = typeof options === 'string' ? { url: options } : options;
    if (given.url !== undefined && given.cluster !== undefined) {
      throw new ConfigurationError('RedisStorage takes either url or cluster, not both');
    }
    const opts = { ...DEFAULTS, ...given };
    const target: ClusterTarget | undefined =
      given.cluster !== undefined ? clusterTarget(given.cluster) : isClusterUrl(opts.url) ? parseClusterUrl(opts.url) : undefined;
    if (target === undefined && !/^rediss?:\/\//i.test(opts.url)) {
      throw new ConfigurationError('RedisStorage needs a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL');
    }
    checkNamespace(opts.namespace);
    const layout = target === undefined ? singleNodeLayout(opts.namespace) : clusterLayout(opts.namespace);
    const timeouts = { connectTimeoutMs: opts.connectTimeoutMs };
    const factory = target === undefined ? singleNodeFactory(opts.url, timeouts) : clusterFactory(target, timeouts);
    const store = new ConnectedKeyvRedis(factory, layout, { namespace: opts.namespace, throwOnErrors: true }, opts.connectTimeoutMs);
    const keyv = new Keyv({ store, namespace: opts.namespace, useKeyPrefix: false, throwOnErrors: true });
    const deadline = new Deadline(opts.connectTimeoutMs + opts.commandTimeoutMs, () => {
      if (target === undefined) store.drop();
      else store.failed(new Error('a Redis Cluster node did not answer in time'));
    });
    const run = <T>(operation: () => Promise<T>): Promise<T> =>
      deadline.run(operation).catch((error: unknown) => {
        store.failed(error);
        throw store.explain(error);
      });
    const lock = createLeaseLock(
      redisLeases(() => store.connected(), layout.lockKey, run),
      {
        leaseMs: opts.leaseMs,
        acquireTimeoutMs: opts.acquireTimeoutMs,
        label: target === undefined ? 'Redis' : 'Redis Cluster',
      },
    );
    const secrets = target === undefined ? passwordsOf(opts.url) : target.password === undefined ? [] : [target.password, encodeURIComponent(target.password)];
    super(keyv, { label: target === undefined ? 'Redis' : 'Redis Cluster', lock, secrets });
    this.#store = store;
    this.#layout = layout;
    this.#cluster = target !== undefined;
    this.#deadline = deadline;
  }

  /** Every Keyv call, bounded by the deadline; on a cluster a failure may send the client to rediscover the topology. */
  protected override call<T>(action: string, operation: () => Promise<T>): Promise<T> {
    return super.call(action, () =>
      this.#deadline.run(operation).catch((error: unknown) => {
        this.#store.failed(error);
        throw this.#store.explain(error);
      }),
    );
  }

  /** The credentials keys in the store; on a cluster, from every master. Never a lease or a pending authorization. */
  override async keys(): Promise<string[]> {
    return this.call('list keys', async () => {
      const redis = await this.#store.connected();
      // A cluster's masters each hold part of the keys; their node clients are plain clients.
      const nodes = this.#cluster
        ? ((await Promise.all(
            (redis as RedisClusterType).masters.map((master) => (redis as RedisClusterType).nodeClient(master)),
          )) as unknown as RedisClientType[])
        : [redis as RedisClientType];
      const found = new Set<string>();
      for (const node of nodes) {
        for await (const batch of node.scanIterator({ MATCH: this.#layout.credentialsPattern, TYPE: 'string', COUNT: 1000 })) {
          for (const redisKey of batch) {
            const key = this.#layout.credentialsKeyOf(redisKey);
            if (key !== undefined) found.add(key);
          }
        }
      }
      return [...found];
    });
  }

  override async close(): Promise<void> {
    const redis = this.#store.redis;
    // A graceful QUIT would wait for a server that may be gone; a reconnecting client is dropped.
    if (this.#cluster) {
      await closeWithin(redis as RedisClusterType, 1000);
    } else if (redis.isOpen && !(redis as RedisClientType).isReady) {
      redis.destroy();
    }
    await super.close();
  }

  /** One script: compares the stored revision and writes the record with the next one. */
  protected override async writeRecord(key: string, write: RecordWrite): Promise<number | typeof CONFLICT> {
    const parts = await this.serializeRecord(write);
    if (parts === undefined) return super.writeRecord(key, write);
    const reply = await (await this.#commands()).eval(WRITE_RECORD, {
      keys: [this.#recordKey(key)],
      arguments: [write.ifRevision === undefined ? '' : String(write.ifRevision), parts.before, parts.after, String(this.firstRevision())],
    });
    return reply === -1 ? CONFLICT : Number(reply);
  }

  /** One script: deletes the record if it is at `ifRevision` (or absent). */
  protected override async deleteRecord(key: string, ifRevision: number | undefined): Promise<true | typeof CONFLICT> {
    if (ifRevision === undefined) return super.deleteRecord(key, ifRevision);
    const reply = await (await this.#commands()).eval(DELETE_RECORD, { keys: [this.#recordKey(key)], arguments: [String(ifRevision)] });
    return reply === -1 ? CONFLICT : true;
  }

  /** GETDEL: of concurrent takers, exactly one gets the value. */
  protected override async take(key: string): Promise<unknown> {
    return this.decode(await (await this.#commands()).getDel(this.#store.createKeyPrefix(key)));
  }

  #recordKey(key: string): string {
    return this.#store.createKeyPrefix(this.credentialsKey(key));
  }

  async #commands(): Promise<RecordCommands> {
    return (await this.#store.connected()) as unknown as RecordCommands;
  }
}

/** Closes a cluster client, waiting at most `ms` for replies in flight, then drops it. */
async function closeWithin(redis: RedisClusterType, ms: number): Promise<void> {
  if (!redis.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  try {
    if (redis.isOpen) redis.destroy();
  } catch {
    // already closed
  }
}
