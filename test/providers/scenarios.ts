import { expect } from 'vitest';
import { MemoryStorage, OAuth2AuthorizationFlow, OAuth2Error, StateMismatchError, type Credentials } from '@oauthflow/core';
import type { Feature } from './matrix.js';
import { flowFor, type ClientRole, type MatrixServer } from './servers.js';

/** The code flow through the server's own authorization page; checks what the URL carries. */
export async function authorizeWith(server: MatrixServer, flow: OAuth2AuthorizationFlow): Promise<{ credentials: Credentials; redirect: string }> {
  const { url, state } = await flow.getAuthorizationUrl();
  const query = new URL(url).searchParams;
  expect(query.get('code_challenge_method')).toBe('S256');
  expect(query.get('state')).toBe(state);
  const redirect = await server.authorize(url);
  expect(new URL(redirect).searchParams.get('state')).toBe(state);
  return { credentials: await flow.exchangeCode(redirect, { state }), redirect };
}

/** Authorizes, refreshes, and checks the refreshed credentials replaced the first ones in the store. */
async function authorizeAndRefresh(
  server: MatrixServer,
  role: ClientRole,
): Promise<{ first: Credentials; refreshed: Credentials; flow: OAuth2AuthorizationFlow }> {
  const storage = new MemoryStorage();
  const flow = flowFor(server, role, { storage });
  const { credentials: first } = await authorizeWith(server, flow);
  expect(first.refreshToken).toBeDefined();
  const refreshed = await flow.refresh();
  // A new token came back (oauth2-mock-server signs identical access tokens within one second: its refresh token differs).
  expect([refreshed.accessToken, refreshed.refreshToken]).not.toEqual([first.accessToken, first.refreshToken]);
  expect(refreshed.refreshToken).toBeDefined();
  expect((await storage.get())?.accessToken).toBe(refreshed.accessToken);
  return { first, refreshed, flow };
}

/** One scenario per feature of the matrix, through oauthflow's public API only. */
export const SCENARIOS: Record<Feature, (server: MatrixServer) => Promise<void>> = {
  async code(server) {
    const storage = new MemoryStorage();
    const flow = flowFor(server, 'basic', { storage });
    const { credentials, redirect } = await authorizeWith(server, flow);
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
    // The state worked once: the same redirect again is refused before reaching the server.
    await expect(flow.exchangeCode(redirect)).rejects.toBeInstanceOf(StateMismatchError);
  },

  async refresh(server) {
    await authorizeAndRefresh(server, 'basic');
  },

  async rotation(server) {
    const { first, refreshed, flow } = await authorizeAndRefresh(server, 'rotation');
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    // The rotated token is the one stored, and it works.
    const again = await flow.refresh();
    expect(again.refreshToken).not.toBe(refreshed.refreshToken);
  },

  async revoke(server) {
    const storage = new MemoryStorage();
    const flow = flowFor(server, 'basic', { storage });
    const { credentials } = await authorizeWith(server, flow);
    await flow.revoke();
    expect(await storage.get()).toBeUndefined();
    await expect(flow.revoke()).resolves.toBeUndefined();
    if (server.validatesGrants) {
      // The grant is dead at the server: its refresh token is refused.
      const replay = flowFor(server, 'basic');
      await replay.storage.save(credentials, replay.key);
      await expect(replay.refresh()).rejects.toBeInstanceOf(OAuth2Error);
    }
  },

  async clientCredentials(server) {
    const storage = new MemoryStorage();
    const flow = flowFor(server, 'machine', { storage });
    const credentials = await flow.clientCredentials({ scope: [] });
    expect(credentials.accessToken).toBeTruthy();
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
  },

  async device(server) {
    const storage = new MemoryStorage();
    const flow = flowFor(server, 'device', { storage });
    const device = await flow.deviceAuthorization();
    expect(device.userCode).toBeTruthy();
    expect(device.verificationUri).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\//);
    if (server.approveDevice === undefined) throw new Error('no way to approve a device on this server');
    await server.approveDevice(device.userCode);
    // The first poll waits one interval: the server's, or RFC 8628's 5 s where it sends none.
    expect(device.interval).toBe(server.deviceInterval);
    const started = Date.now();
    const credentials = await device.poll();
    expect(Date.now() - started).toBeGreaterThanOrEqual(device.interval * 1000 - 50);
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
  },

  async discovery(server) {
    const client = server.client('basic');
    if (client === undefined) throw new Error('no confidential client');
    const flow = await OAuth2AuthorizationFlow.discover(
      server.issuer,
      {
        client_id: client.client_id,
        ...(client.client_secret === undefined ? {} : { client_secret: client.client_secret }),
        scope: server.offline.scope,
        redirect_uri: server.redirectUri,
      },
      server.offline.extraAuth,
      {},
      { storage: new MemoryStorage(), clientAuthentication: client.authentication, ...server.flowOptions },
    );
    expect(flow.endpoints.token_uri).toBe(server.endpoints.token_uri);
    await authorizeWith(server, flow);
  },

  async basic(server) {
    await authorizeAndRefresh(server, 'basic');
  },

  async post(server) {
    await authorizeAndRefresh(server, 'post');
  },

  async public(server) {
    const storage = new MemoryStorage();
    const flow = flowFor(server, 'public', { storage });
    const { credentials } = await authorizeWith(server, flow);
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
  },
};
