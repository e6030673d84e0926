import type { Storage } from '@oauthflow/core';

/** SQLiteStorage when @oauthflow/storage-sqlite loads; otherwise a note saying why it was left out. */
export async function openSqlite(path: string): Promise<{ storage?: Storage; note?: string }> {
  try {
    const { SQLiteStorage } = await import('@oauthflow/storage-sqlite');
    return { storage: new SQLiteStorage({ path }) };
  } catch (error) {
    return { note: `SQLiteStorage left out: @oauthflow/storage-sqlite did not load (${(error as Error).message})` };
  }
}
