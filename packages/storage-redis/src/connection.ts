import KeyvRedis, { type KeyvRedisOptions, type RedisClientConnectionType } from '@keyv/redis';
import type { RedisClientType } from '@redis/client';

/**
 * KeyvRedis whose first connection is shared by every caller and bounded by a timeout. Plain
 * KeyvRedis lets a second caller use a client that is still connecting, which with the offline
 * queue disabled fails at once ("The client is offline"). After a failed connection attempt the
 * client is dropped, so the next call tries afresh; after a drop later on, the client reconnects
 * by itself and commands fail fast meanwhile.
 */
export class ConnectedKeyvRedis extends KeyvRedis<unknown> {
  readonly #redis: RedisClientType;
  readonly #timeoutMs: number;
  #connecting: Promise<void> | undefined;

  constructor(client: RedisClientType, options: KeyvRedisOptions, timeoutMs: number) {
    super(client as unknown as RedisClientConnectionType, options);
    this.#redis = client;
    this.#timeoutMs = timeoutMs;
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

  async #connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection to Redis within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      await Promise.race([this.#redis.connect(), timeout]);
    } catch (error) {
      // Stop the reconnection loop of the failed attempt; the next call starts a new one.
      if (this.#redis.isOpen) this.#redis.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
