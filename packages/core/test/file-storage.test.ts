import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Credentials, FileStorage, StorageError } from '@oauthflow/core';

const run = promisify(execFile);
const tsx = join(import.meta.dirname, '../../../node_modules/.bin/tsx');
const tempFile = async (name = 'tokens.json') => join(await mkdtemp(join(tmpdir(), 'oauthflow-file-')), name);
const credentials = (token: string) => new Credentials({ accessToken: token, refreshToken: `r-${token}`, expiresAt: new Date(Date.now() + 60_000) });

describe('FileStorage', () => {
  it('writes the file with mode 0600', async () => {
    const path = await tempFile();
    await new FileStorage(path).save(credentials('a'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps many keys in one file and reads them back from a new instance', async () => {
    const path = await tempFile();
    const storage = new FileStorage(path);
    await storage.save(credentials('a'));
    await storage.save(credentials('b'), 'other');
    const fresh = new FileStorage(path);
    expect((await fresh.get())?.accessToken).toBe('a');
    expect((await fresh.get('other'))?.accessToken).toBe('b');
    expect((await fresh.keys()).sort()).toEqual(['default', 'other']);
    await fresh.delete('other');
    expect(await storage.get('other')).toBeUndefined();
  });

  it('reports a corrupt file as a StorageError and never overwrites it', async () => {
    const path = await tempFile();
    await writeFile(path, '{"version":1,"credentials":{"default":{"version":1,"access_tok');
    const storage = new FileStorage(path);
    await expect(storage.get()).rejects.toThrow(StorageError);
    await expect(storage.save(credentials('new'))).rejects.toThrow(/not valid JSON/);
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"credentials":{"default":{"version":1,"access_tok');
  });

  it('refuses a JSON file that is not a credentials file, leaving it intact', async () => {
    const path = await tempFile();
    await writeFile(path, '{"something":"else"}');
    await expect(new FileStorage(path).save(credentials('x'))).rejects.toThrow(/not an oauthflow credentials file/);
    expect(await readFile(path, 'utf8')).toBe('{"something":"else"}');
  });

  it('removes temp files a killed writer left behind (they hold tokens), and nothing else', async () => {
    const path = await tempFile();
    const dir = join(path, '..');
    await writeFile(join(dir, '.tokens.json.oauthflow-0123456789abcdef.tmp'), '{"version":1,"credentials":{"default":{"access_token":"leaked"');
    // A user's own files next to the store, even ones that look like numbered temp files, stay.
    await writeFile(`${path}.backup`, 'mine');
    await writeFile(`${path}.20250101`, 'my dated backup');
    await writeFile(join(dir, '.tokens.json.oauthflow-notes.tmp'), 'mine too');
    await new FileStorage(path).save(credentials('a'));
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['.tokens.json.oauthflow-notes.tmp', 'tokens.json', 'tokens.json.20250101', 'tokens.json.backup']);
  });

  it('8 processes × 100 saves leave valid JSON holding every key', async () => {
    const path = await tempFile();
    await Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        run(tsx, ['--conditions=@oauthflow/source', join(import.meta.dirname, 'fixtures/file-saver.ts'), path, String(worker), '100']),
      ),
    );
    const contents = JSON.parse(await readFile(path, 'utf8')) as { credentials: Record<string, { credentials: { access_token: string } }> };
    expect(Object.keys(contents.credentials)).toHaveLength(800);
    expect(contents.credentials['w7-k99']?.credentials.access_token).toBe('token-7-99');
  }, 120_000);
});
