import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Credentials, FileStorage } from '../src/index.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('FileStorage in a directory that does not exist yet', () => {
  it('creates the directory (mode 0700) on the first save, lock or pending authorization', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oauthflow-file-dir-'));
    dirs.push(root);
    const saving = new FileStorage(join(root, 'a/b/tokens.json'));
    await saving.save(new Credentials({ accessToken: 'at-0123456789' }), 'default');
    expect((await saving.get('default'))?.accessToken).toBe('at-0123456789');
    expect(statSync(join(root, 'a/b')).mode & 0o777).toBe(0o700);

    const locking = new FileStorage(join(root, 'c/tokens.json'));
    await expect(locking.withLock('default', async () => 'held')).resolves.toBe('held');

    const pending = new FileStorage(join(root, 'd/tokens.json'));
    await pending.putPending(
      'state-0123456789',
      { codeVerifier: 'v'.repeat(43), redirectUri: 'http://127.0.0.1/cb', key: 'default', createdAt: Date.now() },
      60,
    );
    expect(await pending.takePending('state-0123456789')).toMatchObject({ key: 'default' });
  });

  it('reading creates nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oauthflow-file-dir-'));
    dirs.push(root);
    const storage = new FileStorage(join(root, 'missing/tokens.json'));
    expect(await storage.get('default')).toBeUndefined();
    expect(await storage.keys()).toEqual([]);
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });
});
