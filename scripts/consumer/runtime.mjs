// Run by the consumer test in a directory where the packed packages are installed with plain npm
// next to the application's own axios (1.7.9, the oldest supported) and keyv (5.4.0): a real
// authorization server on 127.0.0.1, real requests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import axiosLatest from 'axios-latest';
import { Keyv } from 'keyv';
import { APIRequestError, KeyvStorage, OAuth2APIRequest, OAuth2AuthorizationFlow } from '@oauthflow/core';
import { startAuthorizationServer } from '@oauthflow/testing';

const coreAxios = createRequire(fileURLToPath(import.meta.resolve('@oauthflow/core')))('axios/package.json').version;
console.log(
  `application axios ${axios.VERSION}, core resolves axios ${coreAxios}, other copy ${axiosLatest.VERSION}, keyv ${JSON.parse(readFileSync('node_modules/keyv/package.json', 'utf8')).version}`,
);

const server = await startAuthorizationServer();
const seen = [];
const echo = createServer((request, response) => {
  seen.push(request.headers.authorization);
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
const echoUrl = `http://127.0.0.1:${echo.address().port}/echo`;

const required = {
  client_id: server.clients.confidential.client_id,
  client_secret: server.clients.confidential.client_secret,
  auth_uri: server.endpoints.authorization,
  token_uri: server.endpoints.token,
  revoke_uri: server.endpoints.revocation,
  scope: ['openid', 'offline_access', 'api:read'],
  redirect_uri: 'http://127.0.0.1/callback',
};
const makeFlow = (storage, http) => new OAuth2AuthorizationFlow(required, { access_type: 'offline' }, { grant_type: 'authorization_code' }, { storage, http });

try {
  for (const [label, copy] of [
    [`axios ${axios.VERSION}`, axios],
    [`axios ${axiosLatest.VERSION} (another copy)`, axiosLatest],
  ]) {
    const storage = new KeyvStorage(new Keyv());
    const flow = makeFlow(storage, copy.create());
    const { url } = await flow.getAuthorizationUrl();
    const credentials = await flow.exchangeCode(await server.authorize(url));

    seen.length = 0;
    const api = new OAuth2APIRequest(flow, { axios: copy.create() });
    await api.request(echoUrl);
    assert.equal(seen[0], `Bearer ${credentials.accessToken}`, `${label}: the bearer header reaches the server`);
    assert.equal((await api.request(server.endpoints.api)).sub, 'test-user', `${label}: the protected resource accepts it`);

    const refused = await new OAuth2APIRequest('a-token-nobody-issued', { axios: copy.create() }).request(server.endpoints.api).catch((error) => error);
    assert.ok(refused instanceof APIRequestError, `${label}: an HTTP error is an APIRequestError, got ${refused?.name}`);
    assert.equal(refused.status, 401);
    assert.ok(!JSON.stringify(refused).includes('a-token-nobody-issued'), `${label}: the error does not carry the token`);

    await storage.save(credentials.with({ accessToken: 'an-access-token-the-api-refuses' }));
    const retrying = new OAuth2APIRequest(makeFlow(storage, copy.create()), { axios: copy.create() });
    assert.equal((await retrying.request(server.endpoints.api)).sub, 'test-user', `${label}: a 401 refreshes and retries`);
    const after = await storage.get();
    assert.notEqual(after.accessToken, 'an-access-token-the-api-refuses', `${label}: the refreshed credentials are saved`);
    assert.notEqual(after.refreshToken, credentials.refreshToken, `${label}: the rotated refresh token is saved`);
    console.log(`ok: ${label}: bearer header, APIRequestError, 401 refresh with KeyvStorage(keyv 5.4)`);
  }
} finally {
  echo.close();
  await server.close();
}
