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
    await expect(
      lock('k', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(backend.leases.has('k')).toBe(false);
  });

  it('waits for a held lease and gives up with LOCK_TIMEOUT', async () => {
    const backend = new MapLeases();
    backend.leases.set('k', { token: 'someone else', until: Date.now() + 60_000 });
    const lock = createLeaseLock(backend, { acquireTimeoutMs: 200, label: 'Test' });
    const error = (await lock('k', async () => 'never').then(
      () => undefined,
      (e: unknown) => e,
    )) as StorageError;
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

  it("the holder's handle: time left while renewals succeed, its signal untouched", async () => {
    const backend = new MapLeases();
    await createLeaseLock(backend, { leaseMs: 150 })('k', async (lock) => {
      await sleep(400);
      expect(lock.signal.aborted).toBe(false);
      expect(lock.remainingMs()).toBeGreaterThan(0);
      expect(lock.remainingMs()).toBeLessThanOrEqual(150);
    });
  });

  it('fires the signal when another holder took the lease over (a renewal is refused)', async () => {
    const backend = new MapLeases();
    await createLeaseLock(backend, { leaseMs: 150 })('k', async (lock) => {
      backend.leases.set('k', { token: 'taken over', until: Date.now() + 60_000 });
      await sleep(120);
      expect(lock.signal.aborted).toBe(true);
      expect(lock.remainingMs()).toBe(0);
    });
    // The new holder's lease stays.
    expect(backend.leases.get('k')?.token).toBe('taken over');
  });

  it('fires the signal when no renewal succeeds within the lease (the backend stopped answering)', async () => {
    const backend = new MapLeases();
    await createLeaseLock(backend, { leaseMs: 150 })('k', async (lock) => {
      backend.renew = () => new Promise<boolean>(() => {});
      await sleep(250);
      expect(lock.signal.aborted).toBe(true);
    });
  });

  it('fires the signal after the event loop was blocked for longer than the lease', async () => {
    const backend = new MapLeases();
    await createLeaseLock(backend, { leaseMs: 150 })('k', async (lock) => {
      const until = Date.now() + 300;
      while (Date.now() < until) {
        /* a paused holder: no timer, no renewal runs */
      }
      expect(lock.remainingMs()).toBe(0);
      await sleep(0);
      expect(lock.signal.aborted).toBe(true);
    });
  });
});
