import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigurationError, Credentials, EncryptedStorage, FileStorage, MemoryStorage, StorageError, type Storage, type StoredRecord } from '@oauthflow/core';
import { fullCredentials, samplePending } from '@oauthflow/storage-test-suite';
import { describe, expect, it } from 'vitest';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'oauthflow-enc-')), 'tokens.json');
const secretsOf = (credentials: Credentials): string[] => [
  credentials.accessToken,
  credentials.refreshToken!,
  credentials.idToken!,
  'Zm9vYmFy',
  'refresh_token_expires_in',
  'Grüße',
];

/** The inner storage sees stand-ins; this reads the stand-in's envelope. */
async function envelopeOf(inner: Storage, key = 'default'): Promise<string> {
  return (await inner.get(key))!.accessToken;
}

/** Writes an envelope into the inner storage as EncryptedStorage would (someone with write access to the store). */
async function writeEnvelope(inner: Storage, envelope: string, key = 'default'): Promise<number> {
  return inner.save(new Credentials({ accessToken: envelope, tokenType: 'oauthflow-encrypted' }), key);
}

// Sealed by oauthflow before key ids and bindings existed (format 1), under `credentials:default`.
const V1_KEY = Buffer.alloc(32, 7);
const V1_RAW =
  'oauthflow-enc:1:raw::S4mmie_e7VaSf4cz:QY5RDfv23jJJagwiTH-PZZ_W-Bt5H_LJS52Xj2tezWo6x2ooTnSKPdwMRAMGbMwiSHVmv1lNzZDEuCiM8teZ5HbvIIPD0Hay-Fm2B82C9YekaKU4tpUFeQQ71Nu8d6KzhZF2FdWgF1tJmyDZdsVHUTXqm7OGPks2C4dfVk15D4qRo9KWQw';
const V1_PASSPHRASE = 'old passphrase';
const V1_SCRYPT =
  'oauthflow-enc:1:scrypt:B_Tga0Vyymb1NZ-UGQos0g:g1H3fWJdBGb9q_Zc:42XMQvbIU9hNw5hJ602D8k41hC7TpTGRm_yQCpGppASh_kfWli7MMmSklLG1Evfm3YGeMUhcCOGoD7iSngOMWYqOBeMCSyzNy4zV4lk291AMJUiNvn3LuU4IwsOhgnS_LN1DAUkG_MVBNWQk9BOMvPUGPigWmPKlyrAAqwcUC54FApKYqA';

/** A storage whose revisions count up by two: allowed by the contract, unlike what revision binding assumes. */
function countingByTwo(inner: MemoryStorage): Storage {
  const twice = (record: StoredRecord | undefined) => (record === undefined ? undefined : { ...record, revision: record.revision * 2 });
  return {
    get: (key) => inner.get(key),
    read: async (key) => twice(await inner.read(key)),
    save: async (c, key, options = {}) =>
      2 * (await inner.save(c, key, options.ifRevision === undefined ? options : { ...options, ifRevision: options.ifRevision / 2 })),
    delete: (key, options = {}) => inner.delete(key, options.ifRevision === undefined ? options : { ifRevision: options.ifRevision / 2 }),
    keys: () => inner.keys(),
    withLock: (key, fn) => inner.withLock(key, fn),
    putPending: (state, pending, ttl) => inner.putPending(state, pending, ttl),
    takePending: (state) => inner.takePending(state),
  };
}

describe('EncryptedStorage', () => {
  it('stores no token, verifier or provider field in the clear (raw file bytes)', async () => {
    const file = new FileStorage(tempPath());
    const storage = new EncryptedStorage(file, EncryptedStorage.generateKey());
    const original = fullCredentials('bytes');
    await storage.save(original);
    await storage.putPending('state-xyz', samplePending('bytes'), 60);
    const bytes = await readFile(file.path, 'utf8');
    for (const secret of [...secretsOf(original), samplePending('bytes').codeVerifier, samplePending('bytes').nonce!, 'key-bytes', '127.0.0.1:8765']) {
      expect(bytes).not.toContain(secret);
    }
    expect(bytes).toMatch(/oauthflow-enc:2:[0-9a-f]{12}:raw::/);
    expect((await storage.get())!.toStored()).toEqual(original.toStored());
    expect(await storage.takePending('state-xyz')).toEqual(samplePending('bytes'));
  });

  it('a wrong key is a StorageError naming the key id, never the key (raw key and passphrase)', async () => {
    const inner = new MemoryStorage();
    const [right, wrong] = [EncryptedStorage.generateKey(), EncryptedStorage.generateKey()];
    await new EncryptedStorage(inner, right).save(fullCredentials());
    const error = await new EncryptedStorage(inner, wrong).get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/sealed with key id "[0-9a-f]{12}", which is none of this EncryptedStorage's keys \([0-9a-f]{12}\)/);
    for (const key of [right, wrong]) {
      for (const text of [(error as Error).message, JSON.stringify(error), inspect(error)]) {
        expect(text).not.toContain(key.toString('base64'));
        expect(text).not.toContain(key.toString('hex'));
        expect(text).not.toContain(key.toString('base64url'));
      }
    }
    await new EncryptedStorage(inner, 'the right passphrase').save(fullCredentials(), 'p');
    const wrongPassphrase = await new EncryptedStorage(inner, 'a wrong passphrase').get('p').catch((e: unknown) => e);
    expect(wrongPassphrase).toBeInstanceOf(StorageError);
    expect((wrongPassphrase as Error).message).toMatch(/key id "[0-9a-f]{12}".*\(passphrase #1\)/);
    expect((wrongPassphrase as Error).message).not.toContain('passphrase"');
    // A raw-key storage cannot open a passphrase record, and the other way round.
    await expect(new EncryptedStorage(inner, 'the right passphrase').get()).rejects.toThrow(StorageError);
    await expect(new EncryptedStorage(inner, EncryptedStorage.generateKey()).get('p')).rejects.toThrow(StorageError);
    // Named keys are named in messages.
    await new EncryptedStorage(inner, { keys: [{ id: '2026-q4', key: right }] }).save(fullCredentials(), 'named');
    await expect(new EncryptedStorage(inner, { keys: [{ id: '2027-q1', key: wrong }] }).get('named')).rejects.toThrow(
      /key id "2026-q4", which is none of this EncryptedStorage's keys \(2027-q1\)/,
    );
  });

  it('a key given a name later still opens what it sealed unnamed (raw key and passphrase)', async () => {
    const inner = new MemoryStorage();
    const key = EncryptedStorage.generateKey();
    await new EncryptedStorage(inner, key).save(fullCredentials('raw'), 'raw');
    await new EncryptedStorage(inner, 'a passphrase').save(fullCredentials('pass'), 'pass');
    const named = new EncryptedStorage(inner, {
      keys: [
        { id: 'new', key: EncryptedStorage.generateKey() },
        { id: 'raw-2026', key },
        { id: 'pass-2026', key: 'a passphrase' },
      ],
    });
    expect((await named.get('raw'))!.accessToken).toBe(fullCredentials('raw').accessToken);
    expect((await named.get('pass'))!.accessToken).toBe(fullCredentials('pass').accessToken);
  });

  it('two instances with one passphrase (two random salts) read each other', async () => {
    const inner = new MemoryStorage();
    const [a, b] = [new EncryptedStorage(inner, 'shared passphrase'), new EncryptedStorage(inner, 'shared passphrase')];
    await a.save(fullCredentials('a'), 'a');
    await b.save(fullCredentials('b'), 'b');
    expect((await b.get('a'))!.accessToken).toBe(fullCredentials('a').accessToken);
    expect((await a.get('b'))!.accessToken).toBe(fullCredentials('b').accessToken);
  });

  it('a tampered record is a StorageError, and a save does not overwrite it', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptedStorage(inner, EncryptedStorage.generateKey());
    await storage.save(fullCredentials());
    const fields = (await envelopeOf(inner)).split(':');
    const sealed = Buffer.from(fields[6]!, 'base64url');
    sealed[3] = sealed[3]! ^ 1;
    fields[6] = sealed.toString('base64url');
    const tampered = fields.join(':');
    await writeEnvelope(inner, tampered);
    await expect(storage.get()).rejects.toThrow(/does not authenticate under key id "[0-9a-f]{12}": the record was tampered with/);
    await expect(storage.save(fullCredentials('new'))).rejects.toThrow(/tampered/);
    expect(await envelopeOf(inner)).toBe(tampered);
    // Deleting it first is the way to replace it.
    await storage.delete();
    await storage.save(fullCredentials('new'));
    expect((await storage.get())!.accessToken).toBe(fullCredentials('new').accessToken);
    await writeEnvelope(inner, 'oauthflow-enc:1:raw::short');
    await expect(storage.get()).rejects.toThrow(/malformed/);
  });

  it('a record copied to another key does not open there', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptedStorage(inner, EncryptedStorage.generateKey());
    await storage.save(fullCredentials(), 'alice');
    await inner.save((await inner.get('alice'))!, 'mallory');
    await expect(storage.get('mallory')).rejects.toThrow(/sealed for "credentials:alice" and copied here/);
  });

  it('refuses a plaintext record instead of trusting it; a save encrypts over it', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptedStorage(inner, EncryptedStorage.generateKey());
    await inner.save(fullCredentials());
    await expect(storage.get()).rejects.toThrow(/not encrypted/);
    await inner.putPending('s', samplePending(), 60);
    await expect(storage.takePending('s')).rejects.toThrow(/not encrypted/);
    // Migrating: read with the plain storage, save through the encrypted one.
    await storage.save((await inner.get())!);
    expect((await storage.get())!.toStored()).toEqual(fullCredentials().toStored());
  });

  it('a pending authorization under a wrong key or another binding is a StorageError', async () => {
    const inner = new MemoryStorage();
    await new EncryptedStorage(inner, 'one').putPending('s', samplePending(), 60);
    await expect(new EncryptedStorage(inner, 'two').takePending('s')).rejects.toThrow(StorageError);
    await new EncryptedStorage(inner, { keys: ['one'], binding: 'a' }).putPending('t', samplePending(), 60);
    await expect(new EncryptedStorage(inner, { keys: ['one'], binding: 'b' }).takePending('t')).rejects.toThrow(/store binding "a"/);
  });

  it('opens records sealed in the first format (raw key and passphrase), and upgrades them on the next write', async () => {
    const inner = new MemoryStorage();
    await writeEnvelope(inner, V1_RAW);
    const storage = new EncryptedStorage(inner, V1_KEY);
    const read = (await storage.get())!;
    expect([read.accessToken, read.refreshToken]).toEqual(['old-access', 'old-refresh']);
    await storage.save(read);
    expect(await envelopeOf(inner)).toMatch(/^oauthflow-enc:2:/);
    expect((await storage.get())!.accessToken).toBe('old-access');

    const other = new MemoryStorage();
    await writeEnvelope(other, V1_SCRYPT);
    expect((await new EncryptedStorage(other, { keys: [EncryptedStorage.generateKey(), V1_PASSPHRASE] }).get())!.refreshToken).toBe('old-refresh');
    await expect(new EncryptedStorage(other, 'another passphrase').get()).rejects.toThrow(/without a key id\): wrong key/);
    // A first-format envelope is bound to its key, too.
    await writeEnvelope(inner, V1_RAW, 'elsewhere');
    await expect(storage.get('elsewhere')).rejects.toThrow(StorageError);
  });

  it('with detectRollback over a storage that does not count revisions by one, falls back to unbound records and loses nothing', async () => {
    const storage = new EncryptedStorage(countingByTwo(new MemoryStorage()), { keys: ['p'], detectRollback: true });
    await storage.save(fullCredentials('a'));
    expect((await storage.get())!.accessToken).toBe(fullCredentials('a').accessToken);
    const record = (await storage.read())!;
    await storage.save(fullCredentials('b'), 'default', { ifRevision: record.revision });
    await storage.save(fullCredentials('c'));
    expect((await storage.get())!.accessToken).toBe(fullCredentials('c').accessToken);
  });

  it('rejects a key that is not 32 bytes, an empty passphrase, no key, and bad or repeated ids', () => {
    const memory = new MemoryStorage();
    expect(() => new EncryptedStorage(memory, Buffer.alloc(16))).toThrow(ConfigurationError);
    expect(() => new EncryptedStorage(memory, '')).toThrow(ConfigurationError);
    expect(() => new EncryptedStorage(memory, [])).toThrow(ConfigurationError);
    expect(() => new EncryptedStorage(memory, { keys: [{ id: 'a:b', key: 'x' }] })).toThrow(ConfigurationError);
    expect(
      () =>
        new EncryptedStorage(memory, {
          keys: [
            { id: 'a', key: 'x' },
            { id: 'a', key: 'y' },
          ],
        }),
    ).toThrow(/given twice/);
    expect(() => new EncryptedStorage(memory, new Uint8Array(32))).not.toThrow();
  });

  it('never shows key material (inspect, JSON.stringify, String)', async () => {
    const key = EncryptedStorage.generateKey();
    const storage = new EncryptedStorage(new MemoryStorage(), { keys: [key, 'old passphrase value'], binding: 'b' });
    await storage.save(fullCredentials());
    for (const text of [inspect(storage, { showHidden: true, depth: 10 }), JSON.stringify(storage), String(storage)]) {
      for (const secret of [key.toString('base64'), key.toString('hex'), 'old passphrase value', fullCredentials().accessToken]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
