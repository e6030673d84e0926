import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedStorage, KeyvStorage, type Storage } from '@oauthflow/core';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { Keyv } from 'keyv';
import { afterAll } from 'vitest';
import { createStorage } from './fixtures/open-encrypted-storage.js';

process.env['OAUTHFLOW_TEST_FILE_DIR'] = mkdtempSync(join(tmpdir(), 'oauthflow-enc-suite-'));
afterAll(() => rmSync(process.env['OAUTHFLOW_TEST_FILE_DIR']!, { recursive: true, force: true }));

// A passphrase over FileStorage, across processes.
storageTestSuite('EncryptedStorage over FileStorage (passphrase)', createStorage, {
  crossProcess: { module: join(import.meta.dirname, 'fixtures/open-encrypted-storage.ts'), takeoverMs: 5000 },
});

// A 32-byte key over a Keyv store; a plaintext record put under a key must not be read.
const key = EncryptedStorage.generateKey();
const keyvs = new Map<string, Keyv>();
const keyvOf = new WeakMap<Storage, Keyv>();
storageTestSuite('EncryptedStorage over KeyvStorage (32-byte key)', (name) => {
  let keyv = keyvs.get(name);
  if (keyv === undefined) keyvs.set(name, (keyv = new Keyv()));
  const storage = new EncryptedStorage(new KeyvStorage(keyv), key);
  keyvOf.set(storage, keyv);
  return storage;
}, {
  corrupt: async (storage, storageKey) => {
    await keyvOf.get(storage)!.set(`credentials:${storageKey}`, { version: 1, access_token: 'plaintext-token' });
  },
});
