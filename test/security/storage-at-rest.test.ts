/**
 * What the stores leave on disk: who can read it, which neighbouring files they touch, which
 * keys they take, and whether a deleted token is really gone from the bytes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, Credentials, FileStorage, OAuth2AuthorizationFlow } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';

const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), prefix));
const credentials = (token: string) => new Credentials({ accessToken: token, refreshToken: `${token}-refresh` });
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('FileStorage on disk', () => {
  it("its first write leaves a user's numbered backups alone, and writes mode 0600", async () => {
    const dir = await tempDir('oauthflow-at-rest-');
    const path = join(dir, 'tokens.json');
    await writeFile(`${path}.20250101`, 'my backup');
    await writeFile(`${path}.1`, 'another');
    await new FileStorage(path).save(credentials('a'));
    expect((await readdir(dir)).sort()).toEqual(['tokens.json', 'tokens.json.1', 'tokens.json.20250101']);
    expect(await readFile(`${path}.20250101`, 'utf8')).toBe('my backup');
    expect(await mode(path)).toBe(0o600);
  });

  it('refuses __proto__ and keys with control characters with a ConfigurationError, in the store and in the flow', async () => {
    const storage = new FileStorage(join(await tempDir('oauthflow-keys-'), 'tokens.json'));
    for (const key of ['__proto__', '', 'x'.repeat(201), 'evil\u001b[2Jkey', 'line\nbreak']) {
      await expect(storage.save(credentials('a'), key)).rejects.toBeInstanceOf(ConfigurationError);
      await expect(storage.get(key)).rejects.toBeInstanceOf(ConfigurationError);
      expect(
        () =>
          new OAuth2AuthorizationFlow(
            {
              client_id: 'c',
              auth_uri: 'https://as.example/a',
              token_uri: 'https://as.example/t',
              scope: 'x',
              redirect_uri: 'http://127.0.0.1/cb',
            },
            {},
            {},
            { storage, key },
          ),
      ).toThrow(ConfigurationError);
    }
    // Names of Object.prototype's members are ordinary keys, not inherited values.
    expect(await storage.get('constructor')).toBeUndefined();
    await storage.save(credentials('ctor'), 'constructor');
    expect((await storage.get('constructor'))?.accessToken).toBe('ctor');
    expect(await storage.takePending('__proto__')).toBeUndefined();
    expect(await storage.takePending('hasOwnProperty')).toBeUndefined();
  });
});

describe('SQLiteStorage on disk', () => {
  it('makes an existing 0644 database and its -wal and -shm files 0600 on open', async () => {
    const dir = await tempDir('oauthflow-sqlite-modes-');
    const path = join(dir, 'tokens.db');
    const first = new SQLiteStorage({ path });
    await first.save(credentials('before'));
    await first.close();
    await chmod(path, 0o644);
    // Left behind by another tool or a crashed process, world-readable.
    await writeFile(`${path}-wal`, '', { mode: 0o644 });
    await writeFile(`${path}-shm`, '', { mode: 0o644 });
    await chmod(`${path}-wal`, 0o644);
    await chmod(`${path}-shm`, 0o644);

    const storage = new SQLiteStorage({ path });
    try {
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(await mode(file), file).toBe(0o600);
      expect((await storage.get())?.accessToken).toBe('before');
    } finally {
      await storage.close();
    }
  });

  it("a deleted token is gone from the database file's bytes (secure_delete)", async () => {
    const dir = await tempDir('oauthflow-sqlite-delete-');
    const path = join(dir, 'tokens.db');
    const token = `deleted-token-${randomBytes(12).toString('hex')}`;
    const storage = new SQLiteStorage({ path });
    await storage.save(credentials('kept-token'), 'kept');
    await storage.save(credentials(token), 'gone');
    const store = storage.keyv.store as { query: (sql: string) => Promise<Array<Record<string, unknown>>> };
    expect((await store.query('PRAGMA secure_delete'))[0]).toEqual({ secure_delete: 1 });
    await storage.delete('gone');
    await storage.close(); // checkpoints the WAL into the database file
    const files = [path, `${path}-wal`, `${path}-journal`].filter((file) => existsSync(file));
    const bytes = Buffer.concat(await Promise.all(files.map((file) => readFile(file))));
    expect(bytes.includes('kept-token')).toBe(true); // the check does see tokens in the file
    expect(bytes.includes(token)).toBe(false);
  });
});
