import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The temp files of {@link writeFileAtomically} for `path`: hidden, and named so that no file a
 * person keeps next to the store (`tokens.json.bak`, `tokens.json.20250101`) can match.
 */
export function isTempFileOf(path: string, name: string): boolean {
  const prefix = `.${basename(path)}.oauthflow-`;
  return name.startsWith(prefix) && /^[0-9a-f]{16}\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Replaces `path` with `data`, readable by its owner only (mode 0600): write a temp file next to
 * it, fsync it, rename it over. A reader, or a process killed at any point, sees the old file or
 * the new one, never half of one; a killed writer can leave a temp file behind, which
 * {@link isTempFileOf} recognises. The same steps as write-file-atomic (which does not fsync the
 * directory either: every write holds the store's lock, and a directory fsync on a busy disk can
 * outlast the lock's lease), hand-written because its temp names (`<file>.<number>`) cannot be
 * told apart from a user's own files.
 */
export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.oauthflow-${randomBytes(8).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o600);
  try {
    try {
      await file.chmod(0o600); // whatever the umask
      await file.writeFile(data, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
