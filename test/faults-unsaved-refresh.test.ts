// "nothing lost": a refresh the store fails to save. With refresh token rotation the
// server has already retired the refresh token still in the store, so the flow must keep the new
// credentials, use them, and save them once the store answers — and never present the retired
// token (the local server, like oidc-provider, revokes the whole grant when it sees one).
// test/faults-redis.test.ts shows the same with a real Redis crash.
import { Credentials, MemoryStorage, OAuth2APIRequest, StorageError, type SaveOptions } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, makeFlow } from './helpers/flow-fixtures.js';

/**
 * A MemoryStorage whose reads and writes fail while `down` is set, as an unreachable store's do;
 * `failNextSave` fails the next save of a refresh's answer (not the in-flight mark before it).
 */
class FlakyStorage extends MemoryStorage {
  down = false;
  failNextSave = false;
  override async read(key?: string) {
    if (this.down) throw new StorageError('the store is unreachable (test)');
    return super.read(key);
  }
  override async save(credentials: Credentials, key?: string, options?: SaveOptions) {
    if (this.down || (this.failNextSave && options?.refreshing === undefined)) {
      this.failNextSave = false;
      throw new StorageError('the store is unreachable (test)');
    }
    return super.save(credentials, key, options);
  }
}

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 60, rotateRefreshTokens: true });
});
afterAll(async () => {
  await server?.close();
});

describe('a refresh whose save fails', () => {
  it('throws the StorageError, serves the new token from memory, saves it at the next call, never presents the retired refresh token', async () => {
    const storage = new FlakyStorage();
    const flow = makeFlow(server, { storage });
    const { credentials: first } = await authorize(server, flow);
    server.resetStats();

    storage.failNextSave = true;
    await expect(flow.refresh()).rejects.toBeInstanceOf(StorageError);
    expect((await storage.get())?.refreshToken).toBe(first.refreshToken); // the store missed it
    // The next request saves what the store missed, and uses it.
    expect(await new OAuth2APIRequest(flow).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    const kept = await storage.get();
    expect(kept?.accessToken).not.toBe(first.accessToken);
    expect(kept?.accessToken).toBe(await flow.getAccessToken());

    await flow.refresh(); // with the rotated token
    expect(await new OAuth2APIRequest(flow).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    expect(server.stats().tokenErrors).toEqual({});
    expect(server.stats().token['refresh_token']).toBe(2);
  });

  it('while the store stays down, the unsaved credentials still serve requests; a forced refresh first saves them once it is back', async () => {
    const storage = new FlakyStorage();
    const flow = makeFlow(server, { storage });
    await authorize(server, flow);
    server.resetStats();
    storage.failNextSave = true;
    await expect(flow.refresh()).rejects.toBeInstanceOf(StorageError);
    storage.down = true;
    expect(await new OAuth2APIRequest(flow).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    await expect(flow.refresh()).rejects.toBeInstanceOf(StorageError); // no refresh without the store
    storage.down = false;
    await flow.refresh();
    expect(server.stats().tokenErrors).toEqual({});
    expect(server.stats().token['refresh_token']).toBe(2);
  });

  it('when another instance saved meanwhile (or the credential was deleted), the store wins', async () => {
    const storage = new FlakyStorage();
    const flow = makeFlow(server, { storage });
    await authorize(server, flow);
    storage.failNextSave = true;
    await expect(flow.refresh()).rejects.toBeInstanceOf(StorageError);
    const other = new Credentials({
      accessToken: 'saved-by-another-instance',
      refreshToken: 'another-refresh-token',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    await storage.save(other);
    expect((await flow.getCredentials()).accessToken).toBe('saved-by-another-instance');
    expect((await storage.get())?.accessToken).toBe('saved-by-another-instance');

    const second = makeFlow(server, { storage });
    await authorize(server, second);
    storage.failNextSave = true;
    await expect(second.refresh()).rejects.toBeInstanceOf(StorageError);
    await storage.delete();
    await expect(second.getCredentials()).rejects.toMatchObject({ name: 'NoCredentialsError' });
  });
});
