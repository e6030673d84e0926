import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileStorage } from '@oauthflow/core';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { afterAll } from 'vitest';
import { createStorage } from './fixtures/open-file-storage.js';

process.env['OAUTHFLOW_TEST_FILE_DIR'] = mkdtempSync(join(tmpdir(), 'oauthflow-file-suite-'));
afterAll(() => rmSync(process.env['OAUTHFLOW_TEST_FILE_DIR']!, { recursive: true, force: true }));

storageTestSuite('FileStorage', createStorage, {
  crossProcess: { module: join(import.meta.dirname, 'fixtures/open-file-storage.ts'), takeoverMs: 5000 },
  writeRaw: async (storage, key, value) => {
    const { path } = storage as FileStorage;
    const contents = JSON.parse(await readFile(path, 'utf8').catch(() => '{"version":2,"credentials":{},"pending":{}}')) as {
      credentials: Record<string, unknown>;
    };
    contents.credentials[key] = value;
    await writeFile(path, JSON.stringify(contents));
  },
});
