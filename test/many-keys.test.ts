// One flow, many users: flow.forKey(key) against the real local server. Keys stay apart (a refresh
// or revoke of one never touches another), the in-memory cache is bounded (an evicted key is read
// from the store again, never lost), and concurrent calls for one key share one refresh.
import { Credentials, fingerprint, MemoryStorage, OAuth2APIRequest, OAuth2AuthorizationFlow } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CountingStorage } from '../bench/lib/counting-storage.js';
import { makeFlow, requiredParams } from './helpers/flow-fixtures.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer({ rotateRefreshTokens: true });
});
afterAll(async () => {
  await server?.close();
});

/** Connects `key` through the code flow, as a web app's callback would. */
async function connect(flow: OAuth2AuthorizationFlow, key: string): Promise<Credentials> {
  const { url } = await flow.getAuthorizationUrl({ key });
  return flow.exchangeCode(await server.authorize(url));
}

/** Makes the stored credentials of `key` stale for every flow (the store keeps them, their expiry passed). */
async function expire(storage: MemoryStorage | CountingStorage, key: string): Promise<void> {
  const stored = (await storage.get(key))!;
  await storage.save(stored.with({ issuedAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 3_600_000) }), key);
}

describe('flow.forKey(key)', () => {
  it('keeps keys apart: a refresh or a revoke of one never touches another', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const alice = await connect(flow, 'alice');
    const bob = await connect(flow, 'bob');
    const bobRecord = await storage.read('bob');

    const refreshed = await flow.forKey('alice').refresh();
    expect(refreshed.accessToken).not.toBe(alice.accessToken);
    expect(await storage.read('bob')).toEqual(bobRecord);
    expect(await flow.forKey('bob').getAccessToken()).toBe(bob.accessToken);

    await flow.forKey('alice').revoke();
    expect(await storage.get('alice')).toBeUndefined();
    expect((await storage.get('bob'))?.accessToken).toBe(bob.accessToken);
    expect(await new OAuth2APIRequest(flow.forKey('bob')).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    // The flow's own key was never involved.
    expect(await storage.get('default')).toBeUndefined();
  });

  it('forgets a cached key another instance disconnected, once an API call finds its token rejected', async () => {
    const storage = new MemoryStorage();
    const one = makeFlow(server, { storage });
    const two = makeFlow(server, { storage });
    await connect(one, 'carol');
    const cached = await two.forKey('carol').getAccessToken(); // instance two caches her token
    await one.forKey('carol').revoke(); // she disconnects on instance one
    expect(await two.forKey('carol').getAccessToken()).toBe(cached); // still fresh in two's memory
    // Two's API call gets a 401; the refresh under the lock finds the record gone ...
    await expect(new OAuth2APIRequest(two.forKey('carol')).request(server.endpoints.api)).rejects.toThrow(/No credentials are stored under "carol"/);
    // ... and the revoked token is no longer served from memory.
    await expect(two.forKey('carol').getAccessToken()).rejects.toMatchObject({ name: 'NoCredentialsError' });
  });

  it("is one handle per key while the key is cached, and the flow is its own key's handle", async () => {
    const flow = makeFlow(server, { key: 'mine' });
    expect(flow.forKey('x')).toBe(flow.forKey('x'));
    expect(flow.forKey('x').key).toBe('x');
    expect(flow.forKey('mine').key).toBe('mine');
    expect(() => flow.forKey('')).toThrow(/key must be/);
    expect(String(flow.forKey('x'))).toBe('KeyHandle { key: "x" }');
  });

  it('serves cached fresh keys with no store round trip; a cache miss costs one read', async () => {
    const storage = new CountingStorage(new MemoryStorage());
    const flow = makeFlow(server, { storage });
    await connect(flow, 'a');
    const handle = flow.forKey('a');
    const first = await handle.getAccessToken(); // cached by the exchange
    storage.reads = 0;
    for (let i = 0; i < 100; i += 1) expect(await handle.getAccessToken()).toBe(first);
    expect(storage.reads).toBe(0);

    const other = makeFlow(server, { storage }); // a cold instance
    expect(await other.forKey('a').getAccessToken()).toBe(first);
    expect(storage.reads).toBe(1);
  });

  it('evicts the least recently used keys beyond cacheSize; an evicted key is read again, never lost', async () => {
    const storage = new CountingStorage(new MemoryStorage());
    const flow = makeFlow(server, { storage, cacheSize: 2 });
    const tokens = new Map<string, string>();
    for (const key of ['k1', 'k2', 'k3']) tokens.set(key, (await connect(flow, key)).accessToken);
    storage.reads = 0;
    const read = async (key: string) => expect(await flow.forKey(key).getAccessToken()).toBe(tokens.get(key));
    await read('k1');
    await read('k2');
    expect(storage.reads).toBe(2); // both now cached
    await read('k3'); // in: k1, the least recently used, goes out
    await read('k2');
    await read('k3');
    expect(storage.reads).toBe(3);
    await read('k1'); // back from the store, the same credentials
    expect(storage.reads).toBe(4);
  });

  it('single-flights per key: 20 concurrent calls on a stale key, one refresh; two stale keys, one each', async () => {
    const storage = new MemoryStorage();
    const setup = makeFlow(server, { storage });
    await connect(setup, 'p');
    await connect(setup, 'q');
    await expire(storage, 'p');
    await expire(storage, 'q');
    const flow = makeFlow(server, { storage });
    server.resetStats();
    const [p, q] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => flow.forKey('p').getAccessToken())),
      Promise.all(Array.from({ length: 20 }, () => flow.forKey('q').getAccessToken())),
    ]);
    expect(new Set(p).size).toBe(1);
    expect(new Set(q).size).toBe(1);
    expect(p[0]).not.toBe(q[0]);
    expect(server.stats().token['refresh_token']).toBe(2);
    expect(server.stats().tokenErrors).toEqual({});
  });

  it("on('tokens') of a handle hears its own key only", async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    await connect(flow, 'left');
    await connect(flow, 'right');
    const heard: string[] = [];
    const listener = (credentials: Credentials, key: string) => {
      heard.push(`${key}:${fingerprint(credentials.accessToken)}`);
    };
    flow.forKey('left').on('tokens', listener);
    await flow.forKey('right').refresh();
    const left = await flow.forKey('left').refresh();
    expect(heard).toEqual([`left:${fingerprint(left.accessToken)}`]);
    flow.forKey('left').off('tokens', listener);
    await flow.forKey('left').refresh();
    expect(heard).toHaveLength(1);
  });

  it('OAuth2APIRequest takes a handle as its token source and refreshes that key on a 401', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    await connect(flow, 'api-user');
    // The stored access token is refused by the API (as a revoked one would be), though it looks fresh.
    const stored = (await storage.get('api-user'))!;
    await storage.save(stored.with({ accessToken: 'refused-by-the-api' }), 'api-user');
    const cold = makeFlow(server, { storage }).forKey('api-user');
    expect(await new OAuth2APIRequest(cold).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    const after = await cold.getAccessToken();
    expect(after).not.toBe('refused-by-the-api');
    expect((await storage.get('api-user'))?.accessToken).toBe(after);
  });
});

describe('the cached freshness deadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // Due at 12:00:00.750: refreshSkewSeconds 60 before an expiry at 12:01:00.750, in a 1 h lifetime.
  const due = Date.parse('2030-01-01T12:00:00.750Z');
  const credentials = new Credentials({
    accessToken: 'cached-token',
    refreshToken: 'refresh-token',
    issuedAt: new Date(due + 60_000 - 3_600_000),
    expiresAt: new Date(due + 60_000),
  });

  it('serves a cached key up to the millisecond it falls due, and not at that millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const storage = new CountingStorage(new MemoryStorage());
    await storage.save(credentials, 'k');
    const flow = makeFlow(server, { storage });
    vi.setSystemTime(due - 5_000);
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token'); // read once, cached
    storage.reads = 0;
    vi.setSystemTime(due - 2_000);
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token');
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token'); // the deadline's own path
    vi.setSystemTime(due - 1);
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token');
    expect(storage.reads).toBe(0);
    vi.setSystemTime(due);
    // Due: not served from memory; the store is read and a refresh is tried (this refresh token is unknown to the server).
    await expect(flow.forKey('k').getAccessToken()).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(storage.reads).toBeGreaterThan(0);
  });

  it('leaves freshness to a subclass that overrides needsRefresh()', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(due - 5_000);
    const storage = new CountingStorage(new MemoryStorage());
    await storage.save(credentials, 'k');
    let stale = false;
    class Strict extends OAuth2AuthorizationFlow {
      override needsRefresh(c: Credentials): boolean {
        return stale || super.needsRefresh(c);
      }
    }
    const flow = new Strict(requiredParams(server), {}, {}, { storage });
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token');
    expect(await flow.forKey('k').getAccessToken()).toBe('cached-token');
    stale = true;
    storage.reads = 0;
    await expect(flow.forKey('k').getAccessToken()).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(storage.reads).toBeGreaterThan(0);
  });
});
