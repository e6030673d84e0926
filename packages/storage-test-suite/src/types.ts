import type { Storage } from '@oauthflow/core';

/**
 * Opens a storage. Calls with the same `name` must share data (one backend, one namespace);
 * calls with different names must not see each other's data.
 */
export type MakeStorage = (name: string) => Storage | Promise<Storage>;

/** What a module given as {@link CrossProcessOptions.module} exports. */
export interface StorageModule {
  createStorage: MakeStorage;
}

/** Lets the suite check `withLock` across real processes. */
export interface CrossProcessOptions {
  /**
   * Absolute path of a module exporting `createStorage(name)` ({@link StorageModule}), opened in
   * child processes (`node --import tsx`, so it may be TypeScript). It must reach the same backend as
   * `makeStorage`; children inherit `process.env`, so settings can travel there.
   */
  module: string;
  /**
   * Longest time, in ms, from killing a lock's holder with SIGKILL until another process holds the
   * lock: the adapter's lease plus slack.
   */
  takeoverMs: number;
}

/** Options of {@link storageTestSuite}. */
export interface StorageTestSuiteOptions {
  /** Run the cross-process lock tests: only for backends that processes share. */
  crossProcess?: CrossProcessOptions;
  /** The TTL, in seconds, the pending-expiry test uses (the test waits it out). Default 1. */
  pendingTtlSeconds?: number;
  /**
   * Writes `value` under credentials key `key` raw, past the Storage API, as another program
   * sharing the backend might (e.g. `keyv.set('credentials:' + key, value)`). The suite then
   * expects values oauthflow did not write (`{}`, `null`, numbers, strings, arrays, malformed
   * credentials) to read as a StorageError, and credentials stored before revisions existed
   * (`{ version: 1, access_token, … }`) to read as revision 0.
   */
  writeRaw?: (storage: Storage, key: string, value: unknown) => Promise<void>;
}

/** @internal What the suite asks a lock-holder child to do. */
export interface HolderTask {
  module: string;
  name: string;
  lock: string;
  mode: 'count' | 'hold';
  iterations: number;
  counterKey: string;
  holdMs: number;
}

/** @internal A span during which one holder held the lock, epoch ms with sub-ms precision. */
export interface Interval {
  start: number;
  end: number;
}
