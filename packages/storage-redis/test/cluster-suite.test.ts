// RedisStorage on a real 3-master Redis Cluster: the conformance suite (with its cross-process
// lock tests), the hash-tag key layout, keys() across every master, and a cluster option.
import { join } from 'node:path';
import { Credentials, openStorage } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { samplePending, storageTestSuite } from '@oauthflow/storage-test-suite';
import { createCluster, type RedisClusterType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from './fixtures/open-cluster-storage.js';
import { RedisCluster, requireRedisCluster } from './fixtures/redis-cluster.js';

const available = requireRedisCluster();

describe.runIf(available)('on a Redis Cluster (3 masters)', () => {
  let cluster: RedisCluster;
  let raw: RedisClusterType;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3 });
    process.env['OAUTHFLOW_TEST_CLUSTER_URL'] = cluster.url;
    raw = createCluster({ rootNodes: cluster.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) }) as unknown as RedisClusterType;
    raw.on('error', () => undefined);
    await raw.connect();
  }, 60_000);
  afterAll(async () => {
    await raw?.close().catch(() => undefined);
    await cluster?.stop();
  });

  storageTestSuite('RedisStorage (cluster)', createStorage, {
    crossProcess: { module: join(import.meta.dirname, 'fixtures/open-cluster-storage.ts'), takeoverMs: 3000 },
    writeRaw: (storage, key, value) => (storage as RedisStorage).keyv.set(`credentials:${key}`, value).then(() => undefined),
  });

  it('openStorage opens it from a redis+cluster:// URI, with its namespace', async () => {
    const storage = await openStorage(`${cluster.url}?namespace=opened`);
    try {
      expect(storage).toBeInstanceOf(RedisStorage);
      await storage.save(new Credentials({ accessToken: 'opened' }), 'k');
      expect(await raw.exists('opened:{k}:credentials')).toBe(1);
    } finally {
      await storage.close?.();
    }
  });

  describe('key layout', () => {
    it('keeps a credential, its lease and a pending authorization under one hash tag: <ns>:{<key>}:…', async () => {
      const storage = new RedisStorage({ url: cluster.url, namespace: 'layout' });
      try {
        await storage.save(new Credentials({ accessToken: 'a' }), 'user:42');
        expect(await raw.get('layout:{user:42}:credentials')).toContain('"access_token":"a"');
        await storage.withLock('user:42', async () => {
          expect(await raw.get('layout:{user:42}:lock')).toMatch(/^[0-9a-f-]{36}$/);
          // One slot: a script may touch the record and the lease together.
          expect(
            await raw.eval("return {redis.call('exists', KEYS[1]), redis.call('exists', KEYS[2])}", {
              keys: ['layout:{user:42}:credentials', 'layout:{user:42}:lock'],
            }),
          ).toEqual([1, 1]);
        });
        expect(await raw.exists('layout:{user:42}:lock')).toBe(0);
        // Braces would end the tag early, and the empty key would have none: both are escaped.
        await storage.save(new Credentials({ accessToken: 'b' }), 'odd}{key%');
        await storage.save(new Credentials({ accessToken: 'c' }), '');
        expect(await raw.exists('layout:{odd%7D%7Bkey%25}:credentials')).toBe(1);
        expect(await raw.exists('layout:{%}:credentials')).toBe(1);
        expect((await storage.get('odd}{key%'))?.accessToken).toBe('b');
        expect((await storage.get(''))?.accessToken).toBe('c');
      } finally {
        await storage.close();
      }
    });

    it('keys() lists the credentials of every master, and never a lease, a pending authorization or another namespace', async () => {
      const storage = new RedisStorage({ cluster: { rootNodes: [`redis://127.0.0.1:${cluster.ports[0]}`] }, namespace: 'listing' });
      const other = new RedisStorage({ url: cluster.url, namespace: 'listing:other' });
      try {
        const keys = Array.from({ length: 30 }, (_, i) => `user-${i}`);
        await Promise.all(keys.map((key) => storage.save(new Credentials({ accessToken: key }), key)));
        await other.save(new Credentials({ accessToken: 'x' }), 'not-mine');
        const masters = new Set(await Promise.all(keys.map((key) => cluster.masterOf(`listing:{${key}}:credentials`))));
        expect(masters.size).toBe(3); // spread over every master
        await storage.putPending('some-state', samplePending(), 60);
        const listed = await storage.withLock('user-1', () => storage.keys());
        expect(listed.sort()).toEqual([...keys].sort());
      } finally {
        await storage.close();
        await other.close();
      }
    });
  });
});
