import { ConfigurationError, ErrorCodes, StorageError, type Credentials, type Storage } from '@oauthflow/core';
import type { MigrateFlags } from '../commands/migrate.js';
import { emit, note } from '../runtime/output.js';
import { CLI_META_FIELD } from '../runtime/stored-client.js';
import { displayUri, storeMayExist, withStore } from '../runtime/store.js';

/**
 * `oauthflow migrate --from URI --to URI`: copies every key — tokens and the client settings
 * stored with them — then reads each back from the target to check it arrived intact. Keys
 * already in the target are kept unless --overwrite (the target's may be newer: a rotated
 * refresh token must not be replaced by an old one). With --move, each key verified in the
 * target is deleted from the source, conditionally and under the source's lock, so one copy
 * stays. A copy of a refresh token the provider rotates cannot live in both stores: a warning says so.
 */
export async function migrate(flags: MigrateFlags): Promise<void> {
  if (flags.from === flags.to) throw new ConfigurationError('--from and --to name the same store');
  if (!storeMayExist(flags.from)) throw new ConfigurationError(`The source store ${displayUri(flags.from)} does not exist (check the path in --from)`);
  const copied: string[] = [];
  const skipped: string[] = [];
  const rotating: { key: string; known: boolean }[] = [];
  await withStore(flags.from, {}, (from) =>
    withStore(flags.to, { create: true }, async (to) => {
      for (const key of (await from.storage.keys()).sort()) {
        // Each key under both stores' locks, so no refresh in either writes between the read and
        // the copy (or, with --move, the delete).
        const outcome = await from.storage.withLock(key, () =>
          to.storage.withLock(key, async () => {
            const record = await from.storage.read(key);
            if (record === undefined) return 'gone'; // removed meanwhile
            const { credentials } = record;
            const existing = await to.storage.read(key);
            if (!flags.overwrite && existing !== undefined) return 'skipped';
            await to.storage.save(credentials, key, existing === undefined ? {} : { ifRevision: existing.revision });
            const check = await to.storage.get(key);
            if (check === undefined || JSON.stringify(check.toStored()) !== JSON.stringify(credentials.toStored())) {
              throw new StorageError(`Key "${key}" did not read back intact from ${to.display}; the source is unchanged`);
            }
            // Only the revision that was copied: a conflict means the source changed, and then it stays.
            if (flags.move) await deleteMoved(from.storage, key, record.revision, from.display);
            else {
              const rotates = rotation(credentials);
              if (rotates !== false) rotating.push({ key, known: rotates === true });
            }
            return 'copied';
          }),
        );
        if (outcome === 'copied') copied.push(key);
        if (outcome === 'skipped') skipped.push(key);
      }
    }),
  );
  const source = displayUri(flags.from);
  const target = displayUri(flags.to);
  if (skipped.length > 0 && !flags.json) note(`Kept ${skipped.length} key(s) already in the target (use --overwrite to replace): ${skipped.join(', ')}`);
  if (rotating.length > 0) note(rotationWarning(rotating));
  const verb = flags.move ? 'Moved' : 'Copied';
  emit(
    flags,
    { from: source, to: target, copied, skipped, ...(flags.move ? { moved: true } : {}) },
    () => `${verb} ${copied.length} key(s) from ${source} to ${target}${copied.length ? `: ${copied.join(', ')}` : ''}`,
  );
}

/** Deletes the source's copy of a moved key, only at the revision copied. */
async function deleteMoved(storage: Storage, key: string, revision: number, display: string): Promise<void> {
  try {
    await storage.delete(key, { ifRevision: revision });
  } catch (error) {
    if (!(error instanceof StorageError) || error.code !== ErrorCodes.REVISION_CONFLICT) throw error;
    throw new StorageError(
      `Key "${key}" changed in ${display} while it was moved (a program that does not take the store's lock wrote it); both stores hold it now: check which is current, then run the migration again with --overwrite`,
      { code: ErrorCodes.REVISION_CONFLICT, cause: error },
    );
  }
}

/**
 * Whether the provider of these credentials rotates refresh tokens: true or false as the CLI
 * saw at the key's last refresh (or as its provider preset says: Google does not), undefined
 * when not known yet. Credentials without a refresh token have nothing to rotate.
 */
function rotation(credentials: Credentials): boolean | undefined {
  if (credentials.refreshToken === undefined) return false;
  const client = credentials.meta[CLI_META_FIELD];
  const rotates = typeof client === 'object' && client !== null ? (client as { refreshTokenRotates?: unknown }).refreshTokenRotates : undefined;
  return typeof rotates === 'boolean' ? rotates : undefined;
}

/** One warning (stderr, never in --json) naming the keys whose two copies cannot both keep working. */
function rotationWarning(keys: readonly { key: string; known: boolean }[]): string {
  const names = (known: boolean) =>
    keys
      .filter((entry) => entry.known === known)
      .map(({ key }) => `"${key}"`)
      .join(', ');
  const parts = [
    ...(keys.some((entry) => entry.known) ? [`the provider rotates the refresh tokens of ${names(true)}`] : []),
    ...(keys.some((entry) => !entry.known) ? [`the refresh tokens of ${names(false)} may rotate (not refreshed by oauthflow yet, so not known)`] : []),
  ];
  return (
    `oauthflow: warning: ${parts.join('; ')}: both stores now hold them, and the first refresh in one store makes the other's copy stop working. ` +
    'Use one store from now on, delete the key from the other (oauthflow logout --store … --key …), or migrate with --move instead'
  );
}
