import { randomBytes } from 'node:crypto';
import { RedisStorage } from '@oauthflow/storage-redis';
import { requireService } from '@oauthflow/storage-test-suite';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl } from './fixtures/open-storage.js';

const available = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');

describe.runIf(available)('RedisStorage lease lock, in Redis', () => {
  const namespace = `oauthflow-test-lease-${randomBytes(4).toString('hex')}`;
  const client = createClient({ url: redisUrl });
  const storage = new RedisStorage({ url: redisUrl, namespace, leaseMs: 3000 });
  afterAll(async () => {
    await storage.close();
    if (client.isOpen) {
      for await (const keys of client.scanIterator({ MATCH: `${namespace}*` })) if (keys.length > 0) await client.del(keys);
      await client.close();
    }
  });

  it('is <namespace>:lock:<key> with a PX lease while held, and gone after', async () => {
    await client.connect();
    await storage.withLock('alice', async () => {
      expect(await client.get(`${namespace}:lock:alice`)).toMatch(/^[0-9a-f-]{36}$/);
      const ttl = await client.pTTL(`${namespace}:lock:alice`);
      expect(ttl).toBeGreaterThan(2000);
      expect(ttl).toBeLessThanOrEqual(3000);
    });
    expect(await client.exists(`${namespace}:lock:alice`)).toBe(0);
  });

  it('never deletes a lease that another holder took over', async () => {
    await storage.withLock('bob', async () => {
      // As if our lease had expired and another process had taken it.
      await client.set(`${namespace}:lock:bob`, 'another-holder', { expiration: { type: 'PX', value: 10_000 } });
    });
    expect(await client.get(`${namespace}:lock:bob`)).toBe('another-holder');
  });

  it('stores credentials as <namespace>::credentials:<key>', async () => {
    const { Credentials } = await import('@oauthflow/core');
    await storage.save(new Credentials({ accessToken: 'x' }), 'carol');
    expect(await client.exists(`${namespace}::credentials:carol`)).toBe(1);
    await storage.delete('carol');
  });
});
