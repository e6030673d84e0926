import KeyvRedis, { type KeyvRedisOptions, type RedisClientConnectionType } from '@keyv/redis';
import { StorageError } from '@oauthflow/core';
import { ErrorReply, type RedisClientType, type RedisClusterType } from '@redis/client';
import type { KeyLayout } from './key-layout.js';

/** A client of one Redis server, or of a Redis Cluster. */
export type RedisConnection = RedisClientType | RedisClusterType;

/** How a {@link ConnectedKeyvRedis} makes its client. */
export interface ConnectionFactory {
  /** A new, unconnected client. `knownNodes` are `host:port` of nodes a previous cluster client saw. */
  create(knownNodes: readonly string[]): RedisConnection;
  /** True for a cluster: a failure that may mean the topology changed drops the client (see {@link ConnectedKeyvRedis.failed}). */
  readonly cluster: boolean;
  /** `host:port` of the server, for messages. */
  readonly where: string;
}

/**
 * KeyvRedis whose first connection is shared by every caller and bounded by a timeout. Plain
 * KeyvRedis lets a second caller use a client that is still connecting, which with the offline
 * queue disabled fails at once ("The client is offline"). After a failed connection attempt the
 * client is dropped, so the next call tries afresh; after a drop later on, a single-server client
 * reconnects by itself and commands fail fast meanwhile.
 *
 * Keys go where the {@link KeyLayout} says, and a refused password fails the connection at once
 * with a StorageError that says so (node-redis would retry the handshake until the timeout).
 */
export class ConnectedKeyvRedis extends KeyvRedis<unknown> {
  readonly #factory: ConnectionFactory;
  readonly #layout: KeyLayout;
  readonly #timeoutMs: number;
  #redis: RedisConnection;
  #connecting: Promise<void> | undefined;
  #droppedAt = 0;

  constructor(factory: ConnectionFactory, layout: KeyLayout, options: KeyvRedisOptions, timeoutMs: number) {
    const redis = factory.create([]);
    super(redis as unknown as RedisClientConnectionType, options);
    this.#factory = factory;
    this.#layout = layout;
    this.#timeoutMs = timeoutMs;
    this.#redis = redis;
    ignoreErrors(redis, factory.cluster);
  }

  /** The client in use now (a cluster's is replaced after a topology change). */
  get redis(): RedisConnection {
    return this.#redis;
  }

  override createKeyPrefix(key: string): string {
    return this.#layout.storeKey(key);
  }

  override async getClient(): Promise<RedisClientConnectionType> {
    if (this.#connecting === undefined && !this.#redis.isOpen) {
      this.#connecting = this.#connect().finally(() => {
        this.#connecting = undefined;
      });
    }
    if (this.#connecting !== undefined) await this.#connecting;
    return this.#redis as unknown as RedisClientConnectionType;
  }

  /** {@link getClient}, typed. */
  async connected(): Promise<RedisConnection> {
    await this.getClient();
    return this.#redis;
  }

  /**
   * Reports a failed call. node-redis learns a cluster's new topology only from a MOVED reply, which
   * a master that died (failed over) never sends: so after a failure that is not an ordinary reply,
   * the cluster client is replaced (at most once per 250 ms) and the next call discovers the
   * topology again, from the root nodes and every node the old client knew. The old client
   * finishes what it has in flight before it closes.
   */
  failed(error: unknown): void {
    if (!this.#factory.cluster || !topologyMayHaveChanged(error)) return;
    if (this.#connecting !== undefined || Date.now() - this.#droppedAt < 250) return;
    this.#droppedAt = Date.now();
    const old = this.#redis as RedisClusterType;
    const known = old.isOpen ? [...old.masters, ...old.replicas].map((node) => `${node.host}:${node.port}`) : [];
    this.#redis = this.#factory.create(known);
    this.client = this.#redis as unknown as RedisClientConnectionType;
    ignoreErrors(this.#redis, true);
    if (old.isOpen) {
      const force = setTimeout(() => drop(old), this.#timeoutMs).unref();
      old.close().then(
        () => clearTimeout(force),
        () => drop(old),
      );
    }
  }

  /**
   * The error to report for a failed call: a refusal of the credentials (NOAUTH comes with the
   * first command, not the handshake) becomes a StorageError that says authentication failed.
   */
  explain(error: unknown): unknown {
    return !(error instanceof StorageError) && isAuthFailure(error) ? authFailure(error, this.#factory.where) : error;
  }

  /** Drops the client now, failing what it has in flight; the next call connects afresh. */
  drop(): void {
    drop(this.#redis);
  }

  async #connect(): Promise<void> {
    const redis = this.#redis;
    let timer: NodeJS.Timeout | undefined;
    let onError: ((error: unknown) => void) | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection to Redis within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      onError = (error) => {
        if (isAuthFailure(error)) reject(authFailure(error, this.#factory.where));
      };
      redis.on('error', onError);
    });
    try {
      await Promise.race([redis.connect(), failure]);
    } catch (error) {
      // Stop the reconnection loop of the failed attempt; the next call starts a new one.
      drop(redis);
      throw this.explain(error);
    } finally {
      clearTimeout(timer);
      if (onError !== undefined) redis.off('error', onError);
    }
  }
}

/**
 * Failures reach callers through their commands; without a listener an 'error' event would crash
 * the process. A cluster client also reports each root node it could not reach while another one
 * answered: passed on (KeyvRedis forwards client errors to Keyv, whose 'error' events fail the
 * calls in flight) they would fail calls that succeeded, so `alone` removes KeyvRedis's listener.
 */
function ignoreErrors(redis: RedisConnection, alone: boolean): void {
  if (alone) redis.removeAllListeners('error');
  redis.on('error', () => undefined);
}

function drop(redis: RedisConnection): void {
  try {
    if (redis.isOpen) redis.destroy();
  } catch {
    // already closed
  }
}

/** Redis's refusals of a connection's credentials: WRONGPASS (6+), "invalid password" (5), NOAUTH, a password the server has none for. */
function isAuthFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    /^(WRONGPASS|NOAUTH)\b|^ERR (invalid (username-)?password|.*(without any password configured|no password is set))/i.test(error.message)
  );
}

function authFailure(error: unknown, where: string): StorageError {
  const message = (error as Error).message;
  const hint = /^NOAUTH/i.test(message)
    ? 'the server requires a password: give it in the URL, e.g. redis://:PASSWORD@host:6379'
    : /without any password|no password is set/i.test(message)
      ? 'the server has no password: remove it from the URL'
      : 'check the user and password in the URL';
  const reason = message.split(/[.\r\n]/, 1)[0] ?? message;
  return new StorageError(`Redis at ${where} refused the connection's credentials (authentication failed: ${reason}): ${hint}`);
}

/** Whether a failed call may mean that a cluster's topology changed: anything but an ordinary reply of the server. */
function topologyMayHaveChanged(error: unknown): boolean {
  const cause = error instanceof StorageError && error.cause !== undefined ? error.cause : error;
  if (!(cause instanceof ErrorReply)) return true;
  return /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING|READONLY|MOVED|ASK)\b/.test(cause.message);
}
