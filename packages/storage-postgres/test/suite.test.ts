import { join } from 'node:path';
import type { PostgresStorage } from '@oauthflow/storage-postgres';
import { requireService, storageTestSuite } from '@oauthflow/storage-test-suite';
import { afterAll, describe } from 'vitest';
import { createStorage, postgresUrl } from './fixtures/open-storage.js';
import { startRun } from './fixtures/run.js';

const available = await requireService('PostgreSQL', postgresUrl, 'OAUTHFLOW_POSTGRES_URL');
describe.runIf(available)('against a real PostgreSQL', () => {
  afterAll(startRun());
  storageTestSuite('PostgresStorage', createStorage, {
    // PostgreSQL frees a dead session's advisory locks at once: no lease to wait out.
    crossProcess: { module: join(import.meta.dirname, 'fixtures/open-storage.ts'), takeoverMs: 1500 },
    writeRaw: (storage, key, value) => (storage as PostgresStorage).keyv.set(`credentials:${key}`, value).then(() => undefined),
  });
});
