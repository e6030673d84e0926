import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidResponseError, MemoryStorage, NetworkError, OAuthFlowError } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer, type TokenFault } from '@oauthflow/testing';
import { authorize, makeFlow } from './helpers/flow-fixtures.js';
import { SecretWatch } from './helpers/secrets.js';

let server: AuthorizationServer;
const watch = new SecretWatch();

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 60 });
  watch.add(server.clients.confidential.client_secret);
});
afterAll(async () => {
  await server?.close();
});

describe('a failing token endpoint', () => {
  it.each<[string, TokenFault, new (...args: never[]) => OAuthFlowError, Record<string, unknown>]>([
    ['a 500', { kind: 'status', status: 500, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } }, InvalidResponseError, { status: 500 }],
    [
      'a 503 with Retry-After',
      { kind: 'status', status: 503, body: '{}', headers: { 'content-type': 'application/json', 'retry-after': '7' } },
      InvalidResponseError,
      { status: 503, retryAfter: 7 },
    ],
    [
      'a non-JSON 200',
      { kind: 'status', status: 200, body: '<html>hello</html>', headers: { 'content-type': 'text/html' } },
      InvalidResponseError,
      { status: 200 },
    ],
    [
      'a broken JSON 200',
      { kind: 'status', status: 200, body: '{"access_token": "abc', headers: { 'content-type': 'application/json' } },
      InvalidResponseError,
      {},
    ],
    [
      'a 200 without access_token',
      { kind: 'status', status: 200, body: '{"token_type":"Bearer"}', headers: { 'content-type': 'application/json' } },
      InvalidResponseError,
      {},
    ],
    ['a timeout', { kind: 'delay', ms: 3000 }, NetworkError, {}],
  ])('%s gives a typed error, keeps the stored credential, and a later retry succeeds', async (_, fault, type, fields) => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage, timeoutMs: 1000 });
    flow.on('tokens', (c) => watch.add(c.accessToken, c.refreshToken));
    const { credentials } = await authorize(server, flow);
    const before = JSON.stringify(await storage.get());

    server.injectTokenFault(fault);
    const error = await watch.catch(flow.refresh());
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
    expect(JSON.stringify(await storage.get())).toBe(before);

    const after = await flow.refresh();
    expect(after.accessToken).not.toBe(credentials.accessToken);
  });

  it('an unreachable token endpoint gives a NetworkError', async () => {
    const flow = makeFlow(server);
    await authorize(server, flow);
    const offline = makeFlow({ ...server, endpoints: { ...server.endpoints, token: 'http://127.0.0.1:1/token' } });
    await offline.storage.save((await flow.getCredentials()).with({ expiresAt: new Date(0) }));
    expect(await watch.catch(offline.getCredentials())).toBeInstanceOf(NetworkError);
  });

  it('no error leaks a secret', () => {
    watch.assertNoLeaks();
  });
});
