import { Credentials, MemoryStorage } from '@oauthflow/core';
import { freshCredentials } from '../lib/fixtures.js';
import { growth, snapshot, type MemorySnapshot } from './heap.js';

/**
 * Memory held by `count` credentials under their own keys: in MemoryStorage, or parsed into
 * plain objects in a Map (the baseline). Both start from the same token JSON, made before the
 * first snapshot and kept alive to the last, so only what each store holds is measured.
 */
export async function holdCredentials(count: number, where: 'memory-storage' | 'map'): Promise<MemorySnapshot> {
  const input = Array.from({ length: count }, () => JSON.stringify(freshCredentials().toStored()));
  const before = snapshot();
  let held: MemoryStorage | Map<string, object>;
  if (where === 'memory-storage') {
    const storage = new MemoryStorage();
    for (let i = 0; i < count; i += 1) await storage.save(Credentials.fromJSON(JSON.parse(input[i]!)), `user-${i}`);
    held = storage;
  } else {
    const map = new Map<string, object>();
    for (let i = 0; i < count; i += 1) map.set(`user-${i}`, JSON.parse(input[i]!) as object);
    held = map;
  }
  const after = snapshot();
  // Read both after the snapshot, so neither can be collected before it.
  if (input.length !== count || held === undefined) throw new Error('unreachable');
  return growth(before, after);
}
