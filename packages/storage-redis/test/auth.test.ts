// A Redis that refuses the URL's credentials: a StorageError that says authentication failed, at
// once (node-redis alone retries the handshake until the connection timeout), without the password.
import { inspect } from 'node:util';
import { StorageError } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, haveRedisServer, RedisServer } from './fixtures/redis-server.js';

const PASSWORD = 'the-right-pa55word';

if (!haveRedisServer) {
  const message = 'the Redis authentication tests need the redis-server binary on the PATH (apt-get install redis-server)';
  if (process.env['CI'] === 'true') throw new Error(`${message}; CI=true requires it`);
  console.warn(`\n!!!!! SKIPPING: ${message}.\n`);
}

describe.runIf(haveRedisServer)('RedisStorage against a Redis with a password', () => {
  let server: RedisServer;
  let open: RedisServer;
  beforeAll(async () => {
    [server, open] = [new RedisServer(await freePort(), { password: PASSWORD }), new RedisServer(await freePort())];
    await Promise.all([server.start(), open.start()]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), open?.stop()]);
  });

  const failure = async (url: string): Promise<{ error: StorageError; ms: number }> => {
    const storage = new RedisStorage({ url, connectTimeoutMs: 5000 });
    const started = Date.now();
    try {
      const error = await storage.get().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageError);
      return { error: error as StorageError, ms: Date.now() - started };
    } finally {
      await storage.close();
    }
  };

  it('a wrong password: "authentication failed", at once, and the password shown nowhere', async () => {
    const { error, ms } = await failure(`redis://:wrong-pa55word@127.0.0.1:${server.port}`);
    expect(ms).toBeLessThan(1000); // not the 5 s connection timeout
    expect(error.message).toMatch(/^Redis at 127\.0\.0\.1:\d+ refused the connection's credentials \(authentication failed: WRONGPASS/);
    expect(error.message).toMatch(/check the user and password in the URL/);
    for (const text of [error.message, JSON.stringify(error), inspect(error)]) expect(text).not.toContain('wrong-pa55word');
  });

  it('no password for a server that needs one, and one for a server that has none', async () => {
    const missing = await failure(`redis://127.0.0.1:${server.port}`);
    expect(missing.error.message).toMatch(/authentication failed: NOAUTH.*requires a password/);
    const extra = await failure(`redis://:${PASSWORD}@127.0.0.1:${open.port}`);
    expect(extra.error.message).toMatch(/authentication failed.*has no password: remove it from the URL/);
    expect(extra.error.message).not.toContain(PASSWORD);
  });

  it('the right password works', async () => {
    const storage = new RedisStorage({ url: `redis://:${PASSWORD}@127.0.0.1:${server.port}` });
    try {
      expect(await storage.get()).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
