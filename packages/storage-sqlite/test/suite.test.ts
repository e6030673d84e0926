import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { afterAll } from 'vitest';
import { createStorage } from './fixtures/open-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'oauthflow-sqlite-suite-'));
process.env['OAUTHFLOW_TEST_SQLITE'] = join(dir, 'suite.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storageTestSuite('SQLiteStorage', createStorage, {
  crossProcess: { module: join(import.meta.dirname, 'fixtures/open-storage.ts'), takeoverMs: 3000 },
  writeRaw: (storage, key, value) => (storage as SQLiteStorage).keyv.set(`credentials:${key}`, value).then(() => undefined),
});
