// Faults: test/token-faults.test.ts drives a failing token endpoint through the flow; this
// is the same through OAuth2APIRequest, as an application meets it — the refresh an API request
// needs (credential expired, or the API answered 401) hits a 500, a 503 with Retry-After, a
// timeout, a non-JSON body or a body without access_token. The request rejects with the typed
// error (not an APIRequestError, not a raw axios error), the stored credential is unchanged, and
// a later request succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidResponseError, MemoryStorage, NetworkError, OAuth2APIRequest, type OAuthFlowError } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer, type TokenFault } from '@oauthflow/testing';
import { authorize, makeFlow } from './helpers/flow-fixtures.js';
import { SecretWatch } from './helpers/secrets.js';

let server: AuthorizationServer;
const watch = new SecretWatch();

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 60, rotateRefreshTokens: true });
  watch.add(server.clients.confidential.client_secret);
});
afterAll(async () => {
  await server?.close();
});

const json = { 'content-type': 'application/json' };
const faults: Array<[string, TokenFault, new (...args: never[]) => OAuthFlowError, Record<string, unknown>]> = [
  ['a 500', { kind: 'status', status: 500, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } }, InvalidResponseError, { status: 500 }],
  [
    'a 503 with Retry-After',
    { kind: 'status', status: 503, body: '{}', headers: { ...json, 'retry-after': '7' } },
    InvalidResponseError,
    { status: 503, retryAfter: 7 },
  ],
  ['a timeout', { kind: 'delay', ms: 3000 }, NetworkError, {}],
  [
    'a non-JSON body',
    { kind: 'status', status: 200, body: '<html>hello</html>', headers: { 'content-type': 'text/html' } },
    InvalidResponseError,
    { status: 200 },
  ],
  ['a JSON body without access_token', { kind: 'status', status: 200, body: '{"token_type":"Bearer"}', headers: json }, InvalidResponseError, {}],
];

/** A flow whose stored credential makes the next API request refresh: expired, or refused by the API. */
async function needingRefresh(trigger: 'expired' | '401') {
  const storage = new MemoryStorage();
  const flow = makeFlow(server, { storage, timeoutMs: 1000 });
  flow.on('tokens', (c) => watch.add(c.accessToken, c.refreshToken));
  const { credentials } = await authorize(server, flow);
  const stale =
    trigger === 'expired'
      ? credentials.with({ issuedAt: new Date(Date.now() - 3600_000), expiresAt: new Date(Date.now() - 1000) })
      : // Locally fresh, but the API refuses it: the 401 path (refreshIfCurrent).
        credentials.with({ accessToken: 'an-access-token-the-api-refuses' });
  await storage.save(stale);
  return { storage, api: new OAuth2APIRequest(makeFlow(server, { storage, timeoutMs: 1000 })) };
}

describe.each(['expired', '401'] as const)('an API request whose refresh fails (%s credential)', (trigger) => {
  it.each(faults)('%s: the typed error, the stored credential unchanged, a later request succeeds', async (_, fault, type, fields) => {
    const { storage, api } = await needingRefresh(trigger);
    const before = JSON.stringify(await storage.get());
    server.injectTokenFault(fault);
    const error = await watch.catch(api.request(server.endpoints.api));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
    expect(JSON.stringify(await storage.get())).toBe(before);

    expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    expect(JSON.stringify(await storage.get())).not.toBe(before);
  });
});

describe('secrets', () => {
  it('no error leaks a token or the client secret', () => {
    watch.assertNoLeaks();
  });
});
