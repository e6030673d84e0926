import { ErrorCodes, StorageError, type Storage } from '@oauthflow/core';
import { describe, expect, it } from 'vitest';
import { fullCredentials, minimalCredentials } from './sample-credentials.js';
import type { StorageTestSuiteOptions } from './types.js';

type Open = (name: string) => Promise<Storage>;

const conflict = (error: unknown): boolean => error instanceof StorageError && error.code === ErrorCodes.REVISION_CONFLICT;

/** Revisions and compare-and-set: what the refresh protocol relies on. */
export function revisionTests(fresh: () => Promise<Storage>, freshName: () => string, open: Open): void {
  describe('revisions and compare-and-set', () => {
    it('save resolves with the revision read() then reports; every save makes it larger', async () => {
      const storage = await fresh();
      expect(await storage.read('k')).toBeUndefined();
      const first = await storage.save(minimalCredentials('1'), 'k');
      expect(Number.isSafeInteger(first) && first > 0).toBe(true);
      const record = await storage.read('k');
      expect(record?.revision).toBe(first);
      expect(record?.credentials.accessToken).toBe('access-1');
      expect(record?.refreshing).toBeUndefined();
      const second = await storage.save(minimalCredentials('2'), 'k');
      expect(second).toBeGreaterThan(first);
      expect((await storage.read('k'))?.revision).toBe(second);
    });

    it('a conditional save writes only at the expected revision', async () => {
      const storage = await fresh();
      const revision = await storage.save(minimalCredentials('a'), 'k');
      const error = await storage.save(minimalCredentials('stale'), 'k', { ifRevision: revision - 1 }).catch((e: unknown) => e);
      expect(conflict(error)).toBe(true);
      expect((await storage.get('k'))?.accessToken).toBe('access-a');
      const next = await storage.save(minimalCredentials('b'), 'k', { ifRevision: revision });
      expect(next).toBeGreaterThan(revision);
      expect((await storage.read('k'))?.revision).toBe(next);
      expect((await storage.get('k'))?.accessToken).toBe('access-b');
    });

    it('a conditional save never recreates a deleted record', async () => {
      const storage = await fresh();
      const revision = await storage.save(fullCredentials('gone'), 'k');
      await storage.delete('k');
      const error = await storage.save(fullCredentials('late'), 'k', { ifRevision: revision }).catch((e: unknown) => e);
      expect(conflict(error)).toBe(true);
      expect(await storage.get('k')).toBeUndefined();
      expect(await storage.keys()).not.toContain('k');
    });

    it('a record deleted and created again does not repeat the revisions an old reader holds', async () => {
      const storage = await fresh();
      const old = await storage.save(minimalCredentials('old'), 'k');
      await storage.delete('k');
      await storage.save(minimalCredentials('new'), 'k');
      const error = await storage.save(minimalCredentials('stale'), 'k', { ifRevision: old }).catch((e: unknown) => e);
      expect(conflict(error)).toBe(true);
      expect((await storage.get('k'))?.accessToken).toBe('access-new');
    });

    it('of concurrent conditional saves at one revision, from two storage objects, exactly one wins', async () => {
      const shared = freshName();
      const storages = [await open(shared), await open(shared)];
      for (let round = 0; round < 3; round += 1) {
        const revision = await storages[0]!.save(minimalCredentials(`base-${round}`), 'race');
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            storages[i % 2]!.save(minimalCredentials(`racer-${round}-${i}`), 'race', { ifRevision: revision }).then(
              (next) => ({ won: i, next }),
              (error: unknown) => {
                if (!conflict(error)) throw error;
                return undefined;
              },
            ),
          ),
        );
        const winners = outcomes.filter((o) => o !== undefined);
        expect(winners).toHaveLength(1);
        const record = await storages[1]!.read('race');
        expect(record?.revision).toBe(winners[0]!.next);
        expect(record?.credentials.accessToken).toBe(`access-racer-${round}-${winners[0]!.won}`);
      }
    });

    it('a conditional delete removes only the expected revision; a missing record is no conflict', async () => {
      const storage = await fresh();
      const revision = await storage.save(minimalCredentials('x'), 'k');
      const newer = await storage.save(minimalCredentials('y'), 'k');
      const error = await storage.delete('k', { ifRevision: revision }).catch((e: unknown) => e);
      expect(conflict(error)).toBe(true);
      expect((await storage.get('k'))?.accessToken).toBe('access-y');
      await storage.delete('k', { ifRevision: newer });
      expect(await storage.get('k')).toBeUndefined();
      await expect(storage.delete('k', { ifRevision: newer })).resolves.toBeUndefined();
    });

    it('keeps an in-flight refresh mark with the record until a save without one', async () => {
      const storage = await fresh();
      const revision = await storage.save(fullCredentials('m'), 'k');
      const mark = { fingerprint: '0123456789abcdef', holder: 'holder-1', startedAt: 1_700_000_000_000 };
      const marked = await storage.save(fullCredentials('m'), 'k', { ifRevision: revision, refreshing: mark });
      const record = await storage.read('k');
      expect(record?.revision).toBe(marked);
      expect(record?.refreshing).toEqual(mark);
      expect(record?.credentials.toStored()).toEqual(fullCredentials('m').toStored());
      await storage.save(fullCredentials('n'), 'k', { ifRevision: marked });
      expect((await storage.read('k'))?.refreshing).toBeUndefined();
    });
  });
}

/** Values oauthflow did not write are errors, never "no credentials"; records from before revisions still read. */
export function foreignValueTests(fresh: () => Promise<Storage>, writeRaw: NonNullable<StorageTestSuiteOptions['writeRaw']>): void {
  describe('values oauthflow did not write', () => {
    const foreign: Array<[string, unknown]> = [
      ['{}', {}],
      ['null', null],
      ['a number', 42],
      ['a string', 'hello'],
      ['an array', [1, 2]],
      ['credentials without an access token', { version: 1, access_token: 42 }],
      ['a record without credentials', { revision: 3 }],
    ];
    for (const [what, value] of foreign) {
      it(`${what} under a credentials key is a StorageError, and is left alone`, async () => {
        const storage = await fresh();
        await writeRaw(storage, 'foreign', value);
        await expect(storage.get('foreign')).rejects.toBeInstanceOf(StorageError);
        await expect(storage.read('foreign')).rejects.toBeInstanceOf(StorageError);
        await expect(storage.get('foreign')).rejects.toBeInstanceOf(StorageError);
      });
    }

    it('credentials stored before revisions existed read as revision 0 and take a conditional save', async () => {
      const storage = await fresh();
      await writeRaw(storage, 'legacy', fullCredentials('legacy').toStored());
      const record = await storage.read('legacy');
      expect(record?.revision).toBe(0);
      expect(record?.credentials.toStored()).toEqual(fullCredentials('legacy').toStored());
      const next = await storage.save(fullCredentials('upgraded'), 'legacy', { ifRevision: 0 });
      expect(next).toBeGreaterThan(0);
      expect((await storage.read('legacy'))?.credentials.accessToken).toBe(fullCredentials('upgraded').accessToken);
    });
  });
}
