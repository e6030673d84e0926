// A Redis Cluster with a password: every node the client discovers is reached with the root
// node's credentials, and a wrong password is a StorageError that says authentication failed, at
// once, without the password.
import { inspect } from 'node:util';
import { Credentials, StorageError } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCluster, requireRedisCluster } from './fixtures/redis-cluster.js';

const PASSWORD = 'cluster-pa55word';
const available = requireRedisCluster();

describe.runIf(available)('RedisStorage on a Redis Cluster with a password', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3, password: PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reaches every master with the password of the one root node it was given', async () => {
    const storage = new RedisStorage({ cluster: { rootNodes: [`redis://:${PASSWORD}@127.0.0.1:${cluster.ports[0]}`] }, namespace: 'auth' });
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `user-${i}`);
      await Promise.all(keys.map((key) => storage.save(new Credentials({ accessToken: key }), key)));
      expect(new Set(await Promise.all(keys.map((key) => cluster.masterOf(`auth:{${key}}:credentials`)))).size).toBe(3);
      expect((await storage.keys()).sort()).toEqual([...keys].sort());
      expect((await storage.get('user-7'))?.accessToken).toBe('user-7');
    } finally {
      await storage.close();
    }
  });

  it('a wrong password: "authentication failed", at once, and the password shown nowhere', async () => {
    const url = cluster.url.replace('redis+cluster://', 'redis+cluster://:not-the-pa55word@');
    const storage = new RedisStorage({ url, connectTimeoutMs: 5000 });
    try {
      const started = Date.now();
      const error = await storage.get().catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toMatch(/refused the connection's credentials \(authentication failed: WRONGPASS/);
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error)]) expect(text).not.toContain('not-the-pa55word');
    } finally {
      await storage.close();
    }
  });
});
