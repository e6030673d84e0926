import { MemoryStorage } from '@oauthflow/core';
import { storageTestSuite } from '@oauthflow/storage-test-suite';

// A MemoryStorage is its own backend: storages opened with the same name are one instance.
const byName = new Map<string, MemoryStorage>();
storageTestSuite('MemoryStorage', (name) => {
  let storage = byName.get(name);
  if (storage === undefined) byName.set(name, (storage = new MemoryStorage()));
  return storage;
});
