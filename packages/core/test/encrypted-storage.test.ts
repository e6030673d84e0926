import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, Credentials, EncryptedStorage, FileStorage, MemoryStorage, StorageError, type Storage } from '@oauthflow/core';
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
    expect(bytes).toContain('oauthflow-enc:1:raw:');
    expect((await storage.get())!.toStored()).toEqual(original.toStored());
    expect(await storage.takePending('state-xyz')).toEqual(samplePending('bytes'));
  });

  it('a wrong key is a StorageError, never garbage credentials (raw key and passphrase)', async () => {
    const inner = new MemoryStorage();
    await new EncryptedStorage(inner, EncryptedStorage.generateKey()).save(fullCredentials());
    await expect(new EncryptedStorage(inner, EncryptedStorage.generateKey()).get()).rejects.toThrow(/wrong key/);
    await new EncryptedStorage(inner, 'the right passphrase').save(fullCredentials(), 'p');
    await expect(new EncryptedStorage(inner, 'a wrong passphrase').get('p')).rejects.toThrow(StorageError);
    // A raw-key storage cannot open a passphrase record, and the other way round.
    await expect(new EncryptedStorage(inner, 'the right passphrase').get()).rejects.toThrow(StorageError);
    await expect(new EncryptedStorage(inner, EncryptedStorage.generateKey()).get('p')).rejects.toThrow(StorageError);
  });

  it('two instances with one passphrase (two random salts) read each other', async () => {
    const inner = new MemoryStorage();
    const [a, b] = [new EncryptedStorage(inner, 'shared passphrase'), new EncryptedStorage(inner, 'shared passphrase')];
    await a.save(fullCredentials('a'), 'a');
    await b.save(fullCredentials('b'), 'b');
    expect((await b.get('a'))!.accessToken).toBe(fullCredentials('a').accessToken);
    expect((await a.get('b'))!.accessToken).toBe(fullCredentials('b').accessToken);
  });

  it('a tampered record is a StorageError', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptedStorage(inner, EncryptedStorage.generateKey());
    await storage.save(fullCredentials());
    const envelope = await envelopeOf(inner);
    const fields = envelope.split(':');
    const sealed = Buffer.from(fields[5]!, 'base64url');
    sealed[3] = sealed[3]! ^ 1;
    fields[5] = sealed.toString('base64url');
    await inner.save(new Credentials({ accessToken: fields.join(':'), tokenType: 'oauthflow-encrypted' }));
    await expect(storage.get()).rejects.toThrow(/wrong key, or the record was tampered with/);
    await inner.save(new Credentials({ accessToken: 'oauthflow-enc:1:raw::short', tokenType: 'oauthflow-encrypted' }));
    await expect(storage.get()).rejects.toThrow(/malformed/);
  });

  it('a record copied to another key does not open there', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptedStorage(inner, EncryptedStorage.generateKey());
    await storage.save(fullCredentials(), 'alice');
    await inner.save((await inner.get('alice'))!, 'mallory');
    await expect(storage.get('mallory')).rejects.toThrow(StorageError);
  });

  it('refuses a plaintext record instead of trusting it', async () => {
    const inner = new MemoryStorage();
    await inner.save(fullCredentials());
    await expect(new EncryptedStorage(inner, EncryptedStorage.generateKey()).get()).rejects.toThrow(/not encrypted/);
    await inner.putPending('s', samplePending(), 60);
    await expect(new EncryptedStorage(inner, EncryptedStorage.generateKey()).takePending('s')).rejects.toThrow(/not encrypted/);
  });

  it('a pending authorization under a wrong key is a StorageError', async () => {
    const inner = new MemoryStorage();
    await new EncryptedStorage(inner, 'one').putPending('s', samplePending(), 60);
    await expect(new EncryptedStorage(inner, 'two').takePending('s')).rejects.toThrow(StorageError);
  });

  it('rejects a key that is not 32 bytes, and an empty passphrase', () => {
    expect(() => new EncryptedStorage(new MemoryStorage(), Buffer.alloc(16))).toThrow(ConfigurationError);
    expect(() => new EncryptedStorage(new MemoryStorage(), '')).toThrow(ConfigurationError);
    expect(() => new EncryptedStorage(new MemoryStorage(), new Uint8Array(32))).not.toThrow();
  });
});
