import { inspect } from 'node:util';
import { Credentials, StorageError } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { samplePending } from '@oauthflow/storage-test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, haveRedisServer, RedisServer } from './fixtures/redis-server.js';

const PASSWORD = 'pa55-w0rd-never-shown';
const credentials = new Credentials({ accessToken: 'access-outage', refreshToken: 'refresh-outage' });

/** Runs `call` and returns its StorageError and how long it took to fail. */
async function failure(call: () => Promise<unknown>): Promise<{ error: StorageError; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return { error: error as StorageError, ms: Date.now() - started };
  }
  throw new Error('expected a StorageError, got a result');
}

function expectNoSecret(error: StorageError): void {
  for (const text of [error.message, JSON.stringify(error), inspect(error), String((error.cause as Error | undefined)?.message)]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('access-outage');
  }
}

if (!haveRedisServer) {
  const message = 'the Redis outage tests need the redis-server binary on the PATH (apt-get install redis-server)';
  if (process.env['CI'] === 'true') throw new Error(`${message}; CI=true requires it`);
  console.warn(`\n!!!!! SKIPPING: ${message}.\n`);
}

describe.runIf(haveRedisServer)('RedisStorage when Redis goes away', () => {
  const servers: RedisServer[] = [];
  const storages: RedisStorage[] = [];
  afterEach(async () => {
    await Promise.allSettled(storages.splice(0).map((storage) => storage.close()));
    await Promise.allSettled(servers.splice(0).map((server) => server.stop()));
  });
  const setUp = async (running: boolean) => {
    const server = new RedisServer(await freePort(), { password: PASSWORD });
    servers.push(server);
    if (running) await server.start();
    const storage = new RedisStorage({
      url: `redis://:${PASSWORD}@127.0.0.1:${server.port}`,
      connectTimeoutMs: 1000,
      commandTimeoutMs: 1000,
      leaseMs: 1000,
      acquireTimeoutMs: 2000,
    });
    storages.push(storage);
    return { server, storage };
  };

  it('fails every call with a StorageError, quickly, then works again once Redis is back', async () => {
    const { server, storage } = await setUp(true);
    await storage.save(credentials);
    expect((await storage.get())?.accessToken).toBe('access-outage');

    await server.stop();
    const calls: Array<() => Promise<unknown>> = [
      () => storage.get(),
      () => storage.save(credentials),
      () => storage.delete(),
      () => storage.keys(),
      () => storage.putPending('s', samplePending(), 60),
      () => storage.takePending('s'),
      () => storage.withLock('default', async () => 'never runs'),
    ];
    for (const call of calls) {
      const { error, ms } = await failure(call);
      expect(ms).toBeLessThan(2500);
      expectNoSecret(error);
    }

    await server.start();
    // The client reconnects in the background (backoff up to 1 s).
    let restored: Credentials | undefined | 'down' = 'down';
    for (let i = 0; i < 50 && restored === 'down'; i += 1) {
      restored = await storage.get().catch(() => 'down' as const);
      if (restored === 'down') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(restored).toBeUndefined(); // a fresh server without persistence: nothing stored, and no error
    await storage.save(credentials);
    expect((await storage.get())?.accessToken).toBe('access-outage');
    expect(await storage.withLock('default', async () => 'locked')).toBe('locked');
  });

  it('a storage opened while Redis is down fails fast, and works once Redis starts', async () => {
    const { server, storage } = await setUp(false);
    const { error, ms } = await failure(() => storage.get());
    expect(ms).toBeLessThan(2500);
    expect(error.message).toMatch(/^Redis storage could not read credentials "default"/);
    expectNoSecret(error);
    await server.start();
    await storage.save(credentials);
    expect((await storage.get())?.refreshToken).toBe('refresh-outage');
  });

  it('a Redis that stops answering fails calls after the command timeout, then works again', async () => {
    const { server, storage } = await setUp(true);
    await storage.save(credentials);
    server.pause();
    try {
      const { error, ms } = await failure(() => storage.get());
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(2500);
      expectNoSecret(error);
    } finally {
      server.resume();
    }
    expect((await storage.get())?.accessToken).toBe('access-outage');
  });

  it('close() does not hang while Redis is down', async () => {
    const { server, storage } = await setUp(true);
    await storage.get();
    await server.stop();
    const started = Date.now();
    await storage.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
