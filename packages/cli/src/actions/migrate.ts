import { ConfigurationError, StorageError } from '@oauthflow/core';
import type { MigrateFlags } from '../commands/migrate.js';
import { emit, note } from '../runtime/output.js';
import { displayUri, storeMayExist, withStore } from '../runtime/store.js';

/**
 * `oauthflow migrate --from URI --to URI`: copies every key, then reads each back from the
 * target to check it arrived intact. Keys already in the target are kept unless --overwrite
 * (the target's may be newer: a rotated refresh token must not be replaced by an old one).
 * Saved client settings are per key, not per store, so they stay valid.
 */
export async function migrate(flags: MigrateFlags): Promise<void> {
  if (flags.from === flags.to) throw new ConfigurationError('--from and --to name the same store');
  if (!storeMayExist(flags.from)) throw new ConfigurationError(`The source store ${displayUri(flags.from)} does not exist (check the path in --from)`);
  const copied: string[] = [];
  const skipped: string[] = [];
  await withStore(flags.from, {}, (from) =>
    withStore(flags.to, { create: true }, async (to) => {
      for (const key of (await from.storage.keys()).sort()) {
        // Each key under both stores' locks, so no refresh in either writes between the read and the copy.
        const outcome = await from.storage.withLock(key, () =>
          to.storage.withLock(key, async () => {
            const credentials = await from.storage.get(key);
            if (credentials === undefined) return 'gone'; // removed meanwhile
            const existing = await to.storage.read(key);
            if (!flags.overwrite && existing !== undefined) return 'skipped';
            await to.storage.save(credentials, key, existing === undefined ? {} : { ifRevision: existing.revision });
            const check = await to.storage.get(key);
            if (check === undefined || JSON.stringify(check.toStored()) !== JSON.stringify(credentials.toStored())) {
              throw new StorageError(`Key "${key}" did not read back intact from ${to.display}; the source is unchanged`);
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
  emit(
    flags,
    { from: source, to: target, copied, skipped },
    () => `Copied ${copied.length} key(s) from ${source} to ${target}${copied.length ? `: ${copied.join(', ')}` : ''}`,
  );
}
