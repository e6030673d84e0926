// The flow over an EncryptedStorage with a store binding, rollback detection and two keys, against
// the real local server: logins (unconditional saves), refreshes (conditional saves) from two
// storage objects at once, a key rotation in the middle, and a revoke.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedStorage, type Storage } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFlow } from './helpers/flow-fixtures.js';

let server: AuthorizationServer;
const dir = mkdtempSync(join(tmpdir(), 'oauthflow-enc-flow-'));
const closing: Storage[] = [];
beforeAll(async () => {
  server = await startAuthorizationServer({ rotateRefreshTokens: true });
});
afterAll(async () => {
  for (const storage of closing) await storage.close?.();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(keys: Buffer[]): EncryptedStorage {
  const storage = new EncryptedStorage(new SQLiteStorage({ path: join(dir, 'tokens.db') }), { keys, binding: 'flow-test', detectRollback: true });
  closing.push(storage);
  return storage;
}

describe('the flow over a bound, rollback-detecting EncryptedStorage', () => {
  it('logs in, refreshes from two storage objects at once, survives a key rotation and revokes', async () => {
    const [oldKey, newKey] = [EncryptedStorage.generateKey(), EncryptedStorage.generateKey()];
    const [storageA, storageB] = [open([oldKey]), open([oldKey])];
    const [flowA, flowB] = [makeFlow(server, { storage: storageA }), makeFlow(server, { storage: storageB })];
    const { url } = await flowA.getAuthorizationUrl();
    const first = await flowA.exchangeCode(await server.authorize(url));
    // A second login over the first (an unconditional save of an existing record).
    const { url: again } = await flowB.getAuthorizationUrl();
    const second = await flowB.exchangeCode(await server.authorize(again));
    expect(second.accessToken).not.toBe(first.accessToken);

    // Forced refreshes from both at once: each one saved conditionally, none lost, both agree after.
    const refreshed = await Promise.all([flowA.refresh(), flowB.refresh(), flowA.refresh(), flowB.refresh()]);
    const stored = (await storageA.get())!;
    expect(refreshed.map((c) => c.accessToken)).toContain(stored.accessToken);
    expect((await storageB.get())!.accessToken).toBe(stored.accessToken);

    // Rotate: the new key first, re-encrypt, then the old key goes and the flow keeps working.
    const report = await open([newKey, oldKey]).reencrypt();
    expect(report).toMatchObject({ reencrypted: 1, unchanged: 0, failed: [] });
    const rotated = open([newKey]);
    const flowC = makeFlow(server, { storage: rotated });
    const afterRotation = await flowC.refresh();
    expect((await rotated.get())!.accessToken).toBe(afterRotation.accessToken);
    await expect(open([oldKey]).get()).rejects.toThrow(/sealed with key id/);

    await flowC.revoke();
    expect(await rotated.get()).toBeUndefined();
  });
});
