// A dead grant (revoked, or killed by a reused rotated refresh token): the flow says
// "authorize again" with an OAuth2Error, and does not present the refused refresh token again —
// a fleet whose grant died must not send one token request per API request. Once someone
// authorizes again (the store holds a new refresh token), it works at once.
import { MemoryStorage, OAuth2APIRequest, OAuth2Error } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, makeFlow } from './helpers/flow-fixtures.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 60, rotateRefreshTokens: true });
});
afterAll(async () => {
  await server?.close();
});

describe('a refused refresh token', () => {
  it('is presented once: later calls fail the same way without a token request, until the store holds a new one', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const { credentials } = await authorize(server, flow);
    await server.revokeAll();
    await storage.save(credentials.with({ issuedAt: new Date(Date.now() - 3600_000), expiresAt: new Date(Date.now() - 1000) }));
    server.resetStats();

    const api = new OAuth2APIRequest(flow);
    for (let i = 0; i < 20; i += 1) {
      const error = await api.request(server.endpoints.api).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OAuth2Error);
      expect((error as OAuth2Error).error).toBe('invalid_grant');
      expect((error as OAuth2Error).message).toMatch(/authorize again/);
    }
    await expect(flow.refresh()).rejects.toBeInstanceOf(OAuth2Error);
    expect(server.stats().token['refresh_token']).toBe(1);

    await authorize(server, makeFlow(server, { storage })); // another instance logs in again
    expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    await flow.refresh();
    expect(server.stats().tokenErrors['invalid_grant']).toBe(1);
  });
});
