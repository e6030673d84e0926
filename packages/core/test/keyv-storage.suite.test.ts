import { KeyvStorage } from '@oauthflow/core';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { Keyv } from 'keyv';

// Storages with the same name share one Keyv (an in-memory Map), as processes share a server.
const keyvs = new Map<string, Keyv>();
storageTestSuite(
  'KeyvStorage (Map store)',
  (name) => {
    let keyv = keyvs.get(name);
    if (keyv === undefined) keyvs.set(name, (keyv = new Keyv({ namespace: `ns${name}` })));
    return new KeyvStorage(keyv);
  },
  {
    writeRaw: (storage, key, value) => (storage as KeyvStorage).keyv.set(`credentials:${key}`, value).then(() => undefined),
  },
);
