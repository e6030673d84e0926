import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Credentials, EncryptedStorage, ErrorCodes, FileStorage, MemoryStorage, StorageError, type KeyvLike, type Storage } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { fullCredentials, minimalCredentials, requireService } from '@oauthflow/storage-test-suite';
import { afterAll, describe, expect, it } from 'vitest';

// Store binding, rollback detection and key rotation, through the public API, on several backends.

interface Backend {
  /** A store; two names are two stores or namespaces of one backend. */
  open(name: string): Storage;
  /** Reads / writes the whole stored row of `key`, as someone with write access to the backend would (a backup restored). */
  raw?: { get(storage: Storage, key: string): Promise<unknown>; set(storage: Storage, key: string, value: unknown): Promise<void> };
}

const dir = mkdtempSync(join(tmpdir(), 'oauthflow-enc-binding-'));
const opened: Storage[] = [];
afterAll(async () => {
  for (const storage of opened) {
    for (const key of await storage.keys().catch(() => [])) await storage.delete(key).catch(() => undefined);
    await storage.close?.();
  }
  rmSync(dir, { recursive: true, force: true });
});
function track<S extends Storage>(storage: S): S {
  opened.push(storage);
  return storage;
}
const keyvRaw = {
  get: (storage: Storage, key: string) => (storage as unknown as { keyv: KeyvLike }).keyv.get(`credentials:${key}`),
  set: async (storage: Storage, key: string, value: unknown) => {
    await (storage as unknown as { keyv: KeyvLike }).keyv.set(`credentials:${key}`, value);
  },
};
const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const run = `crypto-${randomBytes(4).toString('hex')}`;
const memories = new Map<string, MemoryStorage>();

const backends: Record<string, Backend> = {
  memory: {
    open: (name) => {
      const storage = memories.get(name) ?? new MemoryStorage();
      memories.set(name, storage);
      return storage;
    },
  },
  file: {
    open: (name) => track(new FileStorage(join(dir, `${name}.json`))),
    raw: {
      // The whole file: every record of the store, as a restored backup would bring back.
      get: (storage) => readFile((storage as FileStorage).path, 'utf8'),
      set: (storage, _key, value) => writeFile((storage as FileStorage).path, value as string, { mode: 0o600 }),
    },
  },
  sqlite: {
    open: (name) => track(new SQLiteStorage({ path: join(dir, 'tokens.db'), namespace: `enc-${name}` })),
    raw: keyvRaw,
  },
};
if (await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL')) {
  backends['redis'] = { open: (name) => track(new RedisStorage({ url: redisUrl, namespace: `oauthflow-${run}-${name}` })), raw: keyvRaw };
}

/** Writes an envelope (a stand-in's access token) back through the inner storage's API. */
const writeBack = (inner: Storage, envelope: string, key: string) =>
  inner.save(new Credentials({ accessToken: envelope, tokenType: 'oauthflow-encrypted' }), key);
const envelopeOf = async (inner: Storage, key: string) => (await inner.get(key))!.accessToken;
let names = 0;
/** A raw key: a passphrase would cost a scrypt per storage object (covered in encrypted-storage.test.ts). */
const KEY = EncryptedStorage.generateKey();
const fresh = () => `s${(names += 1)}`;

describe.each(Object.entries(backends))('EncryptedStorage over %s', (_name, backend) => {
  it('refuses a record copied from another store or namespace, and leaves it there', async () => {
    const key = EncryptedStorage.generateKey();
    const [innerA, innerB] = [backend.open(fresh()), backend.open(fresh())];
    const a = new EncryptedStorage(innerA, { keys: [key], binding: 'app/a' });
    const b = new EncryptedStorage(innerB, { keys: [key], binding: 'app/b' });
    await a.save(fullCredentials('alice'), 'alice');
    await innerB.save((await innerA.get('alice'))!, 'alice');
    const error = await b.get('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /sealed for the store binding "app\/a", not this EncryptedStorage's "app\/b": the record was copied from another store or namespace/,
    );
    expect((error as Error).message).toMatch(/open it with \{ binding: "app\/a" \}/);
    // A login does not overwrite it silently; deleting it first does.
    await expect(b.save(fullCredentials('mallory'), 'alice')).rejects.toThrow(/copied from another store/);
    expect(await envelopeOf(innerB, 'alice')).toBe(await envelopeOf(innerA, 'alice'));
    await b.delete('alice');
    await b.save(fullCredentials('bob'), 'alice');
    expect((await b.get('alice'))!.accessToken).toBe(fullCredentials('bob').accessToken);
    expect((await a.get('alice'))!.accessToken).toBe(fullCredentials('alice').accessToken);
  });

  it('with detectRollback, an older record written back is refused by every reader', async () => {
    const inner = backend.open(fresh());
    const storage = new EncryptedStorage(inner, { keys: [KEY], detectRollback: true });
    await storage.save(fullCredentials('old'), 'k');
    const older = await envelopeOf(inner, 'k');
    await storage.save(fullCredentials('new'), 'k');
    await writeBack(inner, older, 'k');
    for (const reader of [storage, new EncryptedStorage(inner, { keys: [KEY], detectRollback: true })]) {
      await expect(reader.get('k')).rejects.toThrow(
        /were sealed for revision \d+, but the store holds them at revision \d+: an older copy of the record was written back \(rolled back\)/,
      );
    }
    await expect(storage.save(fullCredentials('login'), 'k')).rejects.toThrow(/rolled back/);
    // Without the option the revision is not bound: the same write-back opens.
    const plain = new EncryptedStorage(inner, KEY);
    await plain.delete('k');
    await plain.save(fullCredentials('old'), 'k');
    const unbound = await envelopeOf(inner, 'k');
    await plain.save(fullCredentials('new'), 'k');
    await writeBack(inner, unbound, 'k');
    expect((await plain.get('k'))!.accessToken).toBe(fullCredentials('old').accessToken);
  });

  it.runIf(backend.raw !== undefined)('with detectRollback, a whole row restored from a backup is refused by a reader that saw the newer one', async () => {
    const raw = backend.raw!;
    const inner = backend.open(fresh());
    const reader = new EncryptedStorage(inner, { keys: [KEY], detectRollback: true });
    const writer = new EncryptedStorage(inner, { keys: [KEY], detectRollback: true });
    await writer.save(fullCredentials('old'), 'k');
    const backup = await raw.get(inner, 'k');
    const revision = await writer.save(fullCredentials('new'), 'k', { ifRevision: (await writer.read('k'))!.revision });
    expect((await reader.read('k'))!.revision).toBe(revision);
    await raw.set(inner, 'k', backup);
    await expect(reader.get('k')).rejects.toThrow(/older than a version of them this process already read/);
    // What it does not do: a reader that never saw the newer record cannot tell.
    const newcomer = new EncryptedStorage(inner, { keys: [KEY], detectRollback: true });
    expect((await newcomer.get('k'))!.accessToken).toBe(fullCredentials('old').accessToken);
    // A record deleted and created again by another object is a new one, not a rollback.
    await writer.delete('k');
    await writer.save(fullCredentials('again'), 'k');
    expect((await reader.get('k'))!.accessToken).toBe(fullCredentials('again').accessToken);
  });

  it('rotates keys: old keys open, reencrypt() rewrites every record under the current key and reports', async () => {
    const inner = backend.open(fresh());
    const [oldKey, newKey] = [EncryptedStorage.generateKey(), EncryptedStorage.generateKey()];
    const old = new EncryptedStorage(inner, oldKey);
    await old.save(fullCredentials('x'), 'x');
    const marked = await old.save(fullCredentials('y'), 'y');
    await old.save(fullCredentials('y'), 'y', { ifRevision: marked, refreshing: { fingerprint: '0123456789abcdef', holder: 'h', startedAt: 1 } });
    await new EncryptedStorage(inner, EncryptedStorage.generateKey()).save(minimalCredentials('z'), 'z');
    const foreign = await envelopeOf(inner, 'z');

    const rotated = new EncryptedStorage(inner, { keys: [newKey, oldKey], detectRollback: true });
    expect((await rotated.get('x'))!.accessToken).toBe(fullCredentials('x').accessToken);
    const report = await rotated.reencrypt();
    expect([report.reencrypted, report.unchanged, report.failed.map((f) => f.key)]).toEqual([2, 0, ['z']]);
    expect(report.failed[0]!.error.message).toMatch(/key id "[0-9a-f]{12}", which is none of this EncryptedStorage's keys/);
    expect(await envelopeOf(inner, 'z')).toBe(foreign);
    expect((await rotated.read('y'))!.refreshing?.holder).toBe('h');
    const again = await rotated.reencrypt();
    expect([again.reencrypted, again.unchanged, again.failed.length]).toEqual([0, 2, 1]);

    // The old key can go: the new one alone opens everything; the old one alone opens nothing and says which key it needs.
    const current = new EncryptedStorage(inner, newKey);
    expect((await current.get('y'))!.toStored()).toEqual(fullCredentials('y').toStored());
    await expect(new EncryptedStorage(inner, oldKey).get('x')).rejects.toThrow(/sealed with key id "[0-9a-f]{12}", which is none of/);
  });

  it('with detectRollback, concurrent logins and refreshes from two objects lose nothing and leave a record that opens', async () => {
    const inner = backend.open(fresh());
    const [one, two] = [0, 1].map(() => new EncryptedStorage(inner, { keys: [KEY], binding: 'b', detectRollback: true })) as [
      EncryptedStorage,
      EncryptedStorage,
    ];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        const storage = i % 2 === 0 ? one : two;
        if (i % 3 === 0) return storage.save(minimalCredentials(`login-${i}`), 'race');
        const record = await storage.read('race');
        return record === undefined
          ? storage.save(minimalCredentials(`first-${i}`), 'race')
          : storage.save(minimalCredentials(`refresh-${i}`), 'race', { ifRevision: record.revision });
      }),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as StorageError).code).toBe(ErrorCodes.REVISION_CONFLICT);
    }
    const [a, b] = [await one.read('race'), await two.read('race')];
    expect(a!.credentials.accessToken).toBe(b!.credentials.accessToken);
    expect(a!.revision).toBe(b!.revision);
    expect((await new EncryptedStorage(inner, { keys: [KEY], binding: 'b', detectRollback: true }).get('race'))!.accessToken).toMatch(/^access-/);
  });
});
