// Upgrading RedisStorage on one Redis server: records and leases written by earlier versions (the
// `<ns>::credentials:<key>` / `<ns>:lock:<key>` layout, records from before revisions) are found,
// updated in place, listed, and respected, so old and new processes can share the server during a
// rolling upgrade.
import { randomBytes } from 'node:crypto';
import { Credentials, ErrorCodes, StorageError } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { requireService } from '@oauthflow/storage-test-suite';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUrl } from './fixtures/open-storage.js';
import { createRawKeyv } from './fixtures/raw-keyv.js';

const available = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');

describe.runIf(available)('RedisStorage over a server written by an earlier version', () => {
  const namespace = `oauthflow-test-upgrade-${randomBytes(4).toString('hex')}`;
  const client = createClient({ url: redisUrl });
  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${namespace}*` })) if (keys.length > 0) await client.del(keys);
    await client.close();
  });

  it('reads, lists, updates and deletes a record of the old layout where it is', async () => {
    // As the first release stored it: through @keyv/redis, the bare credential (no revision).
    const old = createRawKeyv(redisUrl, namespace);
    const stored = new Credentials({ accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: new Date(Date.now() + 3_600_000) }).toStored();
    await old.set('credentials:alice', stored);
    await old.disconnect();
    expect(await client.exists(`${namespace}::credentials:alice`)).toBe(1);

    const storage = new RedisStorage({ url: redisUrl, namespace });
    try {
      expect((await storage.get('alice'))?.refreshToken).toBe('old-refresh');
      expect((await storage.read('alice'))?.revision).toBe(0);
      expect(await storage.keys()).toEqual(['alice']);
      const revision = await storage.save(new Credentials({ accessToken: 'new-access', refreshToken: 'new-refresh' }), 'alice', { ifRevision: 0 });
      expect(revision).toBe(1);
      expect(await client.get(`${namespace}::credentials:alice`)).toContain('new-refresh'); // moved nowhere
      expect((await client.keys(`${namespace}*`)).sort()).toEqual([`${namespace}::credentials:alice`]);
      await storage.delete('alice', { ifRevision: 1 });
      expect(await storage.get('alice')).toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('waits for a lease an older process holds at <ns>:lock:<key>', async () => {
    await client.set(`${namespace}:lock:bob`, 'older-process', { expiration: { type: 'PX', value: 10_000 } });
    const storage = new RedisStorage({ url: redisUrl, namespace, acquireTimeoutMs: 300 });
    try {
      const error = await storage.withLock('bob', async () => 'ran').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe(ErrorCodes.LOCK_TIMEOUT);
      expect(await storage.keys()).toEqual([]); // a lease is never a key
    } finally {
      await storage.close();
      await client.del(`${namespace}:lock:bob`);
    }
  });
});
