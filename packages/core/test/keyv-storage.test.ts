import { inspect } from 'node:util';
import { Credentials, ErrorCodes, KeyvStorage, StorageError, type LockHandle } from '@oauthflow/core';
import { EventEmitter } from 'node:events';
import { Keyv } from 'keyv';
import { describe, expect, it } from 'vitest';

const credentials = new Credentials({ accessToken: 'secret-access-token', refreshToken: 'secret-refresh-token' });

/** A Keyv store that behaves like a backend which can go down. */
class FlakyStore extends EventEmitter {
  opts = {};
  namespace?: string;
  down = false;
  /** Like @keyv/redis by default: swallow the error, emit it, answer undefined. */
  swallow = false;
  throwOnErrors = false;
  readonly data = new Map<string, unknown>();
  message = 'connect ECONNREFUSED 10.0.0.7:6379 (redis://:hunter2-pw@10.0.0.7:6379)';

  #fail<T>(fallback: T): T {
    const error = new Error(this.message);
    if (this.swallow && !this.throwOnErrors) {
      this.emit('error', error);
      return fallback;
    }
    throw error;
  }

  async get(key: string) {
    return this.down ? this.#fail(undefined) : this.data.get(key);
  }
  async set(key: string, value: unknown) {
    if (this.down) return this.#fail(undefined);
    this.data.set(key, value);
  }
  async delete(key: string) {
    return this.down ? this.#fail(false) : this.data.delete(key);
  }
  async clear() {
    this.data.clear();
  }
}

const calls = (storage: KeyvStorage): Array<[string, () => Promise<unknown>]> => [
  ['get', () => storage.get()],
  ['save', () => storage.save(credentials)],
  ['delete', () => storage.delete()],
  ['putPending', () => storage.putPending('s', { codeVerifier: 'v', redirectUri: 'r', key: 'k', createdAt: 1 }, 60)],
  ['takePending', () => storage.takePending('s')],
];

describe('KeyvStorage fails closed', () => {
  it('a store that throws: every call is a StorageError, none resolves to undefined', async () => {
    const store = new FlakyStore();
    const storage = new KeyvStorage(new Keyv({ store }));
    store.down = true;
    for (const [name, call] of calls(storage)) {
      await expect(call(), name).rejects.toBeInstanceOf(StorageError);
    }
  });

  it('a store that swallows errors and emits them (as @keyv/redis does by default) is caught too', async () => {
    const store = new FlakyStore();
    store.swallow = true;
    const storage = new KeyvStorage(new Keyv({ store }));
    // It turned on the store's own throwOnErrors option ...
    expect(store.throwOnErrors).toBe(true);
    // ... and, for a store that ignores it, watches the error events.
    store.throwOnErrors = false;
    store.down = true;
    for (const [name, call] of calls(storage)) {
      await expect(call(), name).rejects.toThrow(/could not/);
    }
  });

  it('works again, the same object, once the store is back', async () => {
    const store = new FlakyStore();
    const storage = new KeyvStorage(new Keyv({ store }), { label: 'Flaky' });
    await storage.save(credentials);
    store.down = true;
    await expect(storage.get()).rejects.toThrow(/^Flaky storage could not read credentials "default"/);
    store.down = false;
    expect((await storage.get())?.refreshToken).toBe('secret-refresh-token');
  });

  it('never shows a URL password, a listed secret or a token in its errors', async () => {
    const store = new FlakyStore();
    store.message = 'auth failed for redis://:hunter2-pw@10.0.0.7 with other-secret-xyz';
    const storage = new KeyvStorage(new Keyv({ store }), { secrets: ['other-secret-xyz'] });
    store.down = true;
    const error = (await storage.save(credentials).then(
      () => undefined,
      (e: unknown) => e,
    )) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe(ErrorCodes.STORAGE);
    for (const text of [error.message, JSON.stringify(error), inspect(error), (error.cause as Error).message]) {
      expect(text).not.toMatch(/hunter2-pw|other-secret-xyz|secret-access-token|secret-refresh-token/);
    }
    expect(error.message).toContain('redis://:***@10.0.0.7');
  });

  it('a stored value that is not JSON is a StorageError that does not echo the value', async () => {
    const store = new FlakyStore();
    const keyv = new Keyv({ store });
    const storage = new KeyvStorage(keyv);
    store.data.set('keyv:credentials:default', 'not json, contains secret-access-token');
    const error = (await storage.get().then(
      () => undefined,
      (e: unknown) => e,
    )) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toContain('not valid JSON');
    expect(JSON.stringify(error)).not.toContain('secret-access-token');
  });

  it('a store without an iterator cannot list keys: a StorageError, not an empty list', async () => {
    const storage = new KeyvStorage(new Keyv({ store: new FlakyStore() }));
    await expect(storage.keys()).rejects.toThrow(/cannot list its keys/);
  });
});

describe('KeyvStorage locks', () => {
  it('uses the lock it is given, behind its in-process mutex', async () => {
    const names: string[] = [];
    const lock = <T>(name: string, fn: (handle: LockHandle) => Promise<T>): Promise<T> => {
      names.push(name);
      return fn({ signal: new AbortController().signal, remainingMs: () => 1000 });
    };
    const storage = new KeyvStorage(new Keyv(), { lock });
    expect(await storage.withLock('alice', async () => 'done')).toBe('done');
    expect(names).toEqual(['alice']);
  });

  it('without a lock, two KeyvStorage objects over one Keyv still exclude each other', async () => {
    const keyv = new Keyv();
    const [a, b] = [new KeyvStorage(keyv), new KeyvStorage(keyv)];
    const order: string[] = [];
    await Promise.all([
      a.withLock('k', async () => {
        order.push('a-in');
        await new Promise((r) => setTimeout(r, 20));
        order.push('a-out');
      }),
      b.withLock('k', async () => {
        order.push('b-in');
        order.push('b-out');
      }),
    ]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in', 'b-out']);
  });
});
