import { createLeaseLock, ErrorCodes, StorageError, type LeaseBackend } from '@oauthflow/core';
import { describe, expect, it } from 'vitest';

/** Leases in a Map, with a switch to make the backend fail. */
class MapLeases implements LeaseBackend {
  readonly leases = new Map<string, { token: string; until: number }>();
  down = false;
  renewals = 0;

  async acquire(name: string, token: string, leaseMs: number) {
    if (this.down) throw new Error('backend down');
    const lease = this.leases.get(name);
    if (lease !== undefined && lease.until > Date.now()) return false;
    this.leases.set(name, { token, until: Date.now() + leaseMs });
    return true;
  }

  async renew(name: string, token: string, leaseMs: number) {
    const lease = this.leases.get(name);
    if (lease?.token !== token) return false;
    this.renewals += 1;
    lease.until = Date.now() + leaseMs;
    return true;
  }

  async release(name: string, token: string) {
    if (this.leases.get(name)?.token === token) this.leases.delete(name);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLeaseLock', () => {
  it('renews the lease while fn runs longer than the lease, and releases it afterwards', async () => {
    const backend = new MapLeases();
    const lock = createLeaseLock(backend, { leaseMs: 150 });
    await lock('k', async () => {
      await sleep(400);
      expect(backend.leases.get('k')!.until).toBeGreaterThan(Date.now());
    });
    expect(backend.renewals).toBeGreaterThanOrEqual(2);
    expect(backend.leases.has('k')).toBe(false);
  });

  it('releases when fn throws, passing the error through', async () => {
    const backend = new MapLeases();
    const lock = createLeaseLock(backend);
    const boom = new Error('boom');
    await expect(lock('k', async () => { throw boom; })).rejects.toBe(boom);
    expect(backend.leases.has('k')).toBe(false);
  });

  it('waits for a held lease and gives up with LOCK_TIMEOUT', async () => {
    const backend = new MapLeases();
    backend.leases.set('k', { token: 'someone else', until: Date.now() + 60_000 });
    const lock = createLeaseLock(backend, { acquireTimeoutMs: 200, label: 'Test' });
    const error = await lock('k', async () => 'never').then(() => undefined, (e: unknown) => e) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe(ErrorCodes.LOCK_TIMEOUT);
    expect(error.message).toBe('Test lock "k" was not free within 200 ms');
  });

  it('takes over an expired lease (its holder died)', async () => {
    const backend = new MapLeases();
    backend.leases.set('k', { token: 'dead holder', until: Date.now() + 100 });
    const started = Date.now();
    expect(await createLeaseLock(backend)('k', async () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('a failing backend is a StorageError naming the reason', async () => {
    const backend = new MapLeases();
    backend.down = true;
    await expect(createLeaseLock(backend)('k', async () => 1)).rejects.toThrow(/could not be taken: backend down/);
  });
});
