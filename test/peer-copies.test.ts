// axios and keyv are peer dependencies: the application's copy may not be core's. These tests run
// core (which resolves axios 1.21 here) with instances from the oldest supported releases,
// installed as separate copies (axios 1.7.9, keyv 5.4.0), and with the newest, against the real
// local authorization server: the bearer is sent, errors are typed, a 401 refreshes.
import axios from 'axios';
import oldestAxios from 'axios-oldest';
import { Keyv as OldestKeyv } from 'keyv-oldest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIRequestError,
  Credentials,
  KeyvStorage,
  MemoryStorage,
  OAuth2APIRequest,
  OAuth2AuthorizationFlow,
  OAuth2Error,
  type AxiosLike,
} from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { authorize, makeFlow, requiredParams } from './helpers/flow-fixtures.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await server?.close();
});

const copies: Array<[string, () => AxiosLike]> = [
  [`axios ${oldestAxios.VERSION} (another copy)`, () => oldestAxios.create()],
  [`axios ${axios.VERSION}`, () => axios.create()],
];

describe.each(copies)('OAuth2APIRequest with %s', (_, createAxios) => {
  it("really is a copy other than core's for the oldest release", () => {
    expect(oldestAxios.VERSION).toBe('1.7.9');
    expect(oldestAxios.AxiosHeaders).not.toBe(axios.AxiosHeaders);
  });

  it('sends the bearer token: the protected resource answers', async () => {
    const flow = makeFlow(server);
    await authorize(server, flow);
    const api = new OAuth2APIRequest(flow, { axios: createAxios() });
    expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
  });

  it('an HTTP error is an APIRequestError without the token, not a raw AxiosError', async () => {
    const api = new OAuth2APIRequest('a-token-the-server-never-issued', { axios: createAxios() });
    const error: unknown = await api.request(server.endpoints.api).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIRequestError);
    expect(error).toMatchObject({ status: 401, method: 'GET' });
    expect(JSON.stringify(error)).not.toContain('a-token-the-server-never-issued');
    expect(String((error as Error).cause)).not.toContain('a-token-the-server-never-issued');
  });

  it('a 401 on a locally fresh token refreshes once and retries with the new token', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const { credentials } = await authorize(server, flow);
    await storage.save(credentials.with({ accessToken: 'an-access-token-the-api-refuses' }));
    const api = new OAuth2APIRequest(makeFlow(server, { storage }), { axios: createAxios() });
    expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    const after = await storage.get();
    expect(after?.accessToken).not.toBe('an-access-token-the-api-refuses');
    expect(after?.refreshToken).not.toBe(credentials.refreshToken);
  });

  it("the flow's own requests (discovery, device authorization) use it, with typed errors", async () => {
    const { client_id, client_secret, scope, redirect_uri } = requiredParams(server);
    const flow = await OAuth2AuthorizationFlow.discover(server.issuer, { client_id, client_secret, scope, redirect_uri }, {}, {}, { http: createAxios() });
    expect((await flow.deviceAuthorization()).userCode).toEqual(expect.any(String));
    const stranger = new OAuth2AuthorizationFlow(
      { ...requiredParams(server), client_id: 'a-client-the-server-does-not-know' },
      {},
      {},
      { http: createAxios() },
    );
    const error: unknown = await stranger.deviceAuthorization().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect(error).toMatchObject({ error: 'invalid_client' });
  });
});

describe('KeyvStorage with keyv 5.4.0 (another copy)', () => {
  it('saves and reads credentials, and fails closed (throwOnErrors on)', async () => {
    const keyv = new OldestKeyv();
    const storage = new KeyvStorage(keyv);
    expect(keyv.throwOnErrors).toBe(true);
    await storage.save(new Credentials({ accessToken: 'access-1', refreshToken: 'refresh-1' }), 'one');
    expect((await storage.get('one'))?.refreshToken).toBe('refresh-1');
    await storage.putPending('state-1', { codeVerifier: 'v', redirectUri: 'http://127.0.0.1/cb', key: 'one', createdAt: Date.now() }, 60);
    expect(await storage.takePending('state-1')).toMatchObject({ key: 'one' });
    expect(await storage.takePending('state-1')).toBeUndefined();
    await storage.close();
  });
});
