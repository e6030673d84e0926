import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Credentials, StorageError, type Storage } from '@oauthflow/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crossProcessTests } from './cross-process-tests.js';
import { foreignValueTests, revisionTests } from './revision-tests.js';
import { incrementCounter, overlaps, readCounter } from './counter.js';
import { fullCredentials, minimalCredentials, samplePending } from './sample-credentials.js';
import type { MakeStorage, StorageTestSuiteOptions } from './types.js';

/**
 * The conformance suite of the {@link Storage} contract, as vitest `describe`/`it` blocks. Every
 * adapter runs it from a `test/suite.test.ts` of a few lines; backend-specific cases go elsewhere.
 * Each test opens its storages with a fresh random name and closes them afterwards.
 *
 * @example
 * storageTestSuite('RedisStorage', (name) => new RedisStorage({ url, namespace: `test-${name}` }), {
 *   crossProcess: { module: fileURLToPath(new URL('./open-storage.ts', import.meta.url)), takeoverMs: 4000 },
 * });
 */
export function storageTestSuite(name: string, makeStorage: MakeStorage, options: StorageTestSuiteOptions = {}): void {
  const run = randomBytes(3).toString('hex');
  let sequence = 0;
  const opened: Storage[] = [];
  const freshName = (): string => `${run}${(sequence += 1)}`;
  const open = async (storageName: string): Promise<Storage> => {
    const storage = await makeStorage(storageName);
    opened.push(storage);
    return storage;
  };
  const fresh = (): Promise<Storage> => open(freshName());

  describe(`${name} (Storage conformance)`, () => {
    afterEach(async () => {
      await Promise.allSettled(opened.splice(0).map((storage) => storage.close?.()));
    });

    describe('credentials', () => {
      it('returns undefined for a key never saved', async () => {
        const storage = await fresh();
        expect(await storage.get()).toBeUndefined();
        expect(await storage.get('never-saved')).toBeUndefined();
      });

      it("saves and reads under the default key, which is 'default'", async () => {
        const storage = await fresh();
        await storage.save(minimalCredentials('d'));
        expect((await storage.get())?.accessToken).toBe('access-d');
        expect((await storage.get('default'))?.accessToken).toBe('access-d');
        await storage.delete();
        expect(await storage.get('default')).toBeUndefined();
      });

      it('keeps many keys side by side; save replaces, delete removes one', async () => {
        const storage = await fresh();
        const keys = ['alice@example.com', 'bob', 'with:colons:and spaces', 'ünïcødé-鍵', 'default'];
        for (const key of keys) await storage.save(minimalCredentials(key), key);
        for (const key of keys) expect((await storage.get(key))?.accessToken).toBe(`access-${key}`);
        await storage.save(minimalCredentials('bob-2'), 'bob');
        await storage.delete('alice@example.com');
        expect(await storage.get('alice@example.com')).toBeUndefined();
        expect((await storage.get('bob'))?.accessToken).toBe('access-bob-2');
        expect((await storage.get('default'))?.accessToken).toBe('access-default');
      });

      it('deleting a missing key is not an error', async () => {
        const storage = await fresh();
        await expect(storage.delete('missing')).resolves.toBeUndefined();
        await expect(storage.delete()).resolves.toBeUndefined();
      });

      it('keys() lists exactly the keys holding credentials, not pending authorizations', async () => {
        const storage = await fresh();
        expect(await storage.keys()).toEqual([]);
        await storage.save(minimalCredentials('a'), 'a');
        await storage.save(minimalCredentials('b'), 'b:c');
        await storage.save(minimalCredentials('c'));
        await storage.putPending('some-state', samplePending(), 60);
        await storage.withLock('a', async () => undefined);
        expect((await storage.keys()).sort()).toEqual(['a', 'b:c', 'default']);
        await storage.delete('a');
        expect((await storage.keys()).sort()).toEqual(['b:c', 'default']);
      });

      it('round-trips every Credentials field: dates stay Dates, scopes arrays, provider fields and meta kept', async () => {
        const storage = await fresh();
        const original = fullCredentials();
        await storage.save(original, 'full');
        const read = await storage.get('full');
        expect(read).toBeInstanceOf(Credentials);
        expect(read!.accessToken).toBe(original.accessToken);
        expect(read!.tokenType).toBe('Bearer');
        expect(read!.refreshToken).toBe(original.refreshToken);
        expect(read!.idToken).toBe(original.idToken);
        expect(read!.expiresAt).toBeInstanceOf(Date);
        expect(read!.expiresAt!.getTime()).toBe(original.expiresAt!.getTime());
        expect(read!.issuedAt!.getTime()).toBe(original.issuedAt!.getTime());
        expect(Array.isArray(read!.scope)).toBe(true);
        expect(read!.scope).toEqual(original.scope);
        expect(read!.extra).toEqual(original.extra);
        expect(read!.meta).toEqual(original.meta);
        expect(read!.toStored()).toEqual(original.toStored());

        await storage.save(minimalCredentials(), 'minimal');
        const minimal = await storage.get('minimal');
        expect(minimal!.toStored()).toEqual(minimalCredentials().toStored());
        expect(minimal!.refreshToken).toBeUndefined();
        expect(minimal!.expiresAt).toBeUndefined();
        expect(minimal!.scope).toBeUndefined();
        expect(minimal!.meta).toEqual({});
      });

      it('is seen by a second storage object on the same backend', async () => {
        const shared = freshName();
        const first = await open(shared);
        const second = await open(shared);
        await first.save(fullCredentials('shared'), 'k');
        expect((await second.get('k'))?.toStored()).toEqual(fullCredentials('shared').toStored());
      });
    });

    revisionTests(fresh, freshName, open);
    if (options.writeRaw !== undefined) foreignValueTests(fresh, options.writeRaw);

    describe('withLock', () => {
      it("returns fn's value", async () => {
        const storage = await fresh();
        expect(await storage.withLock('default', async () => 42)).toBe(42);
      });

      it('hands fn a lock handle: a signal that has not fired and time left', async () => {
        const storage = await fresh();
        await storage.withLock('default', async (lock) => {
          expect(lock.signal).toBeInstanceOf(AbortSignal);
          expect(lock.signal.aborted).toBe(false);
          expect(lock.remainingMs()).toBeGreaterThan(0);
        });
      });

      it('two holders never overlap (two storage objects, one backend, one process)', async () => {
        const shared = freshName();
        const storages = [await open(shared), await open(shared)];
        const intervals = await Promise.all(
          Array.from({ length: 8 }, (_, i) => storages[i % 2]!.withLock('counter', () => incrementCounter(storages[i % 2]!, 'counter', 5))),
        );
        expect(overlaps(intervals)).toEqual([]);
        expect(await readCounter(storages[0]!, 'counter')).toBe(8);
      });

      it("is released when fn throws, and passes fn's error through unchanged", async () => {
        const storage = await fresh();
        const failure = new Error('boom');
        await expect(
          storage.withLock('k', async () => {
            throw failure;
          }),
        ).rejects.toBe(failure);
        const started = Date.now();
        expect(await storage.withLock('k', async () => 'again')).toBe('again');
        expect(Date.now() - started).toBeLessThan(1000);
      });

      it('locks with different names do not block each other', async () => {
        const storage = await fresh();
        let releaseOuter!: () => void;
        const outerMayEnd = new Promise<void>((resolve) => {
          releaseOuter = resolve;
        });
        // Deadlocks (and times out) if lock "two" waits for lock "one".
        await Promise.all([
          storage.withLock('one', () => outerMayEnd),
          storage.withLock('two', async () => {
            releaseOuter();
          }),
        ]);
      });
    });

    describe('pending authorizations', () => {
      it('takePending returns what putPending stored, exactly once', async () => {
        const storage = await fresh();
        await storage.putPending('state-1', samplePending('1'), 60);
        expect(await storage.takePending('state-1')).toEqual(samplePending('1'));
        expect(await storage.takePending('state-1')).toBeUndefined();
        expect(await storage.takePending('never-put')).toBeUndefined();
      });

      it('expires after its TTL', async () => {
        const ttl = options.pendingTtlSeconds ?? 1;
        const storage = await fresh();
        await storage.putPending('short', samplePending('short'), ttl);
        await storage.putPending('long', samplePending('long'), 600);
        await sleep(ttl * 1000 + 250);
        expect(await storage.takePending('short')).toBeUndefined();
        expect(await storage.takePending('long')).toEqual(samplePending('long'));
      });

      it('works once even when taken concurrently from two storage objects', async () => {
        const shared = freshName();
        const storages = [await open(shared), await open(shared)];
        for (let round = 0; round < 3; round += 1) {
          await storages[0]!.putPending(`race-${round}`, samplePending(`r${round}`), 60);
          const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => storages[i % 2]!.takePending(`race-${round}`)));
          expect(taken.filter((pending) => pending !== undefined)).toEqual([samplePending(`r${round}`)]);
        }
      });
    });

    describe('close', () => {
      it('closes cleanly, also twice and when never used', async () => {
        const used = await makeStorage(freshName());
        await used.save(minimalCredentials(), 'k');
        await expect(used.close?.()).resolves.toBeUndefined();
        await expect(used.close?.()).resolves.toBeUndefined();
        const unused = await makeStorage(freshName());
        await expect(unused.close?.()).resolves.toBeUndefined();
      });
    });

    if (options.crossProcess) crossProcessTests(options.crossProcess, freshName, open);
  });
}
