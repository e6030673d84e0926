import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, Credentials, EncryptedStorage, FileStorage, MemoryStorage, OAuth2AuthorizationFlow } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { authorize, makeFlow, requiredParams } from './helpers/flow-fixtures.js';

const META = { client: { id: 'app-client', secret: 'meta-secret-value-123' }, note: 'kept' };

describe('Credentials meta (the application data stored with the credentials)', () => {
  it('survives the stored form, and toJSON, inspect and toString show its field names only', () => {
    const credentials = new Credentials({ accessToken: 'a'.repeat(20), meta: META });
    const stored = JSON.parse(JSON.stringify(credentials.toStored())) as Record<string, unknown>;
    expect(stored['meta']).toEqual(META);
    expect(Credentials.fromJSON(stored).meta).toEqual(META);
    for (const shown of [JSON.stringify(credentials), inspect(credentials), String(credentials)]) {
      expect(shown).not.toContain('meta-secret-value-123');
      expect(shown).not.toContain('app-client');
      expect(shown).toContain('client');
    }
    expect(credentials.toJSON()['meta']).toEqual(['client', 'note']);
  });

  it('is copied and frozen: changing the caller object or toStored() output changes nothing', () => {
    const given = { list: [1, 2] };
    const credentials = new Credentials({ accessToken: 'a', meta: given });
    given.list.push(3);
    (credentials.toStored()['meta'] as { list: number[] }).list.push(4);
    expect(credentials.meta).toEqual({ list: [1, 2] });
    expect(Object.isFrozen(credentials.meta['list'])).toBe(true);
  });

  it('with({ meta }) replaces it; other changes keep it; empty meta is not stored', () => {
    const credentials = new Credentials({ accessToken: 'a', meta: META });
    expect(credentials.with({ accessToken: 'b' }).meta).toEqual(META);
    expect(credentials.with({ meta: { other: 1 } }).meta).toEqual({ other: 1 });
    expect(credentials.with({ meta: {} }).toStored()).not.toHaveProperty('meta');
  });

  it('is never taken from a token response, and a stored meta that is no object is a StorageError', () => {
    const credentials = Credentials.fromTokenResponse({ access_token: 'a', meta: { injected: true } });
    expect(credentials.meta).toEqual({});
    expect(credentials.extra).toEqual({});
    expect(() => Credentials.fromJSON({ version: 1, access_token: 'a', meta: 'text' })).toThrow(/meta is not a JSON object/);
  });

  it('refuses a meta that is not JSON (a cycle, a BigInt) with a ConfigurationError', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => new Credentials({ accessToken: 'a', meta: cycle })).toThrow(ConfigurationError);
    expect(() => new Credentials({ accessToken: 'a', meta: { n: 1n } })).toThrow(ConfigurationError);
  });

  it('is encrypted with the tokens by EncryptedStorage', async () => {
    const path = join(tmpdir(), `oauthflow-meta-${process.pid}-${Date.now()}.json`);
    try {
      const storage = new EncryptedStorage(new FileStorage(path), EncryptedStorage.generateKey());
      await storage.save(new Credentials({ accessToken: 'a'.repeat(20), meta: META }), 'k');
      const bytes = await readFile(path, 'utf8');
      expect(bytes).not.toContain('meta-secret-value-123');
      expect(bytes).not.toContain('app-client');
      expect((await storage.get('k'))?.meta).toEqual(META);
    } finally {
      await rm(path, { force: true });
    }
  });
});

describe('the flow keeps meta with the key', () => {
  let server: AuthorizationServer;
  beforeAll(async () => {
    server = await startAuthorizationServer({ accessTokenTtl: 60 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exchangeCode({ meta }) saves it in the same write; refreshes and a new login without meta keep it', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const { url, state } = await flow.getAuthorizationUrl();
    const saved: unknown[] = [];
    const save = storage.save.bind(storage);
    storage.save = async (...args) => {
      saved.push(args[0].meta);
      return save(...args);
    };
    const credentials = await flow.exchangeCode(await server.authorize(url), { state, meta: META });
    // One write, with the meta in it.
    expect(saved).toEqual([META]);
    expect(credentials.meta).toEqual(META);
    expect((await storage.get())?.meta).toEqual(META);

    const refreshed = await flow.refresh();
    expect(refreshed.accessToken).not.toBe(credentials.accessToken);
    expect(refreshed.meta).toEqual(META);
    expect((await storage.get())?.meta).toEqual(META);

    await authorize(server, flow);
    expect((await storage.get())?.meta).toEqual(META);
  });

  it('keeps meta when a mergeRefreshed override leaves it out', async () => {
    class Dropping extends OAuth2AuthorizationFlow {
      protected override mergeRefreshed(previous: Credentials, refreshed: Credentials): Credentials {
        return refreshed.with({ refreshToken: refreshed.refreshToken ?? previous.refreshToken, meta: {} });
      }
    }
    const storage = new MemoryStorage();
    const first = makeFlow(server, { storage });
    const { url, state } = await first.getAuthorizationUrl();
    await first.exchangeCode(await server.authorize(url), { state, meta: META });
    const flow = new Dropping(requiredParams(server), {}, {}, { storage });
    expect((await flow.refresh()).meta).toEqual(META);
    expect((await storage.get())?.meta).toEqual(META);
  });

  it('a client credentials token takes meta when given and keeps it on the next grant', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage, key: 'machine' });
    const first = await flow.clientCredentials({ scope: 'api:read', force: true, meta: META });
    expect((await storage.get('machine'))?.meta).toEqual(META);
    const second = await makeFlow(server, { storage, key: 'machine' }).clientCredentials({ scope: 'api:read', force: true });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.meta).toEqual(META);
    expect((await storage.get('machine'))?.meta).toEqual(META);
  });
});
