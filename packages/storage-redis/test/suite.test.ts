import { join } from 'node:path';
import type { RedisStorage } from '@oauthflow/storage-redis';
import { requireService, storageTestSuite } from '@oauthflow/storage-test-suite';
import { afterAll, describe } from 'vitest';
import { createStorage, redisUrl } from './fixtures/open-storage.js';
import { startRun } from './fixtures/run.js';

const available = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');
describe.runIf(available)('against a real Redis', () => {
  afterAll(startRun());
  storageTestSuite('RedisStorage', createStorage, {
    crossProcess: { module: join(import.meta.dirname, 'fixtures/open-storage.ts'), takeoverMs: 3000 },
    writeRaw: (storage, key, value) => (storage as RedisStorage).keyv.set(`credentials:${key}`, value).then(() => undefined),
  });
});
