import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedStorage, KeyvStorage } from '@oauthflow/core';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { Keyv } from 'keyv';
import { afterAll } from 'vitest';
import { createStorage } from './fixtures/open-encrypted-storage.js';

process.env['OAUTHFLOW_TEST_FILE_DIR'] = mkdtempSync(join(tmpdir(), 'oauthflow-enc-suite-'));
afterAll(() => rmSync(process.env['OAUTHFLOW_TEST_FILE_DIR']!, { recursive: true, force: true }));

// A passphrase over FileStorage, across processes.
storageTestSuite('EncryptedStorage over FileStorage (passphrase)', createStorage, {
  crossProcess: { module: join(import.meta.dirname, 'fixtures/open-encrypted-storage.ts'), takeoverMs: 5000 },
});

// A 32-byte key over a Keyv store (plaintext records are refused: see encrypted-storage.test.ts).
const key = EncryptedStorage.generateKey();
const keyvs = new Map<string, Keyv>();
storageTestSuite('EncryptedStorage over KeyvStorage (32-byte key)', (name) => {
  let keyv = keyvs.get(name);
  if (keyv === undefined) keyvs.set(name, (keyv = new Keyv()));
  return new EncryptedStorage(new KeyvStorage(keyv), key);
});

// Bound to a store and to revisions, with a key ring, over SQLite: the contract holds unchanged.
const ring = [EncryptedStorage.generateKey(), EncryptedStorage.generateKey()];
storageTestSuite('EncryptedStorage over SQLiteStorage (binding, detectRollback, two keys)', (name) => {
  return new EncryptedStorage(new SQLiteStorage({ path: join(process.env['OAUTHFLOW_TEST_FILE_DIR']!, 'suite.db'), namespace: `enc-${name}` }), {
    keys: ring,
    binding: `suite/${name}`,
    detectRollback: true,
  });
});
