/**
 * `pnpm demo`: the whole life of a credential, with no account anywhere. A real OAuth 2.0
 * authorization server (oidc-provider) starts on 127.0.0.1; oauthflow authorizes with the code
 * flow + PKCE, stores the tokens, calls a protected API, lets the token expire and refreshes it
 * (the server rotates refresh tokens), then revokes everything.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2APIRequest, OAuth2AuthorizationFlow, type Credentials } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { startAuthorizationServer } from '@oauthflow/testing';

const ACCESS_TOKEN_SECONDS = 3;
const say = (text: string) => console.log(text);
const step = (n: number, text: string) => say(`\n${n}. ${text}`);
/** Tokens are secrets: show a short fingerprint instead. */
const fingerprint = (token: string | undefined) => (token ? `#${createHash('sha256').update(token).digest('hex').slice(0, 8)}` : '(none)');

const dir = await mkdtemp(join(tmpdir(), 'oauthflow-demo-'));
const server = await startAuthorizationServer({ accessTokenTtl: ACCESS_TOKEN_SECONDS, rotateRefreshTokens: true });
// SQLite is the embedded default: one file, shared safely by every process on the machine.
const storage = new SQLiteStorage({ path: join(dir, 'oauthflow.db') });
const description = `a SQLite database (${join(dir, 'oauthflow.db')})`;

try {
  step(1, `A local OAuth 2.0 authorization server is running at ${server.issuer}.`);
  say(`   Access tokens live ${ACCESS_TOKEN_SECONDS} seconds; every refresh rotates the refresh token.`);
  say(`   Credentials will be kept in ${description}.`);

  const flow = new OAuth2AuthorizationFlow(
    {
      client_id: server.clients.confidential.client_id,
      client_secret: server.clients.confidential.client_secret,
      auth_uri: server.endpoints.authorization,
      token_uri: server.endpoints.token,
      revoke_uri: server.endpoints.revocation,
      scope: ['openid', 'offline_access', 'api:read'],
      redirect_uri: 'http://127.0.0.1/callback',
    },
    { access_type: 'offline' },
    { grant_type: 'authorization_code' },
    { storage },
  );
  flow.on('tokens', (c: Credentials) =>
    say(`   (event 'tokens': new access token ${fingerprint(c.accessToken)}, refresh token ${fingerprint(c.refreshToken)})`),
  );

  step(2, 'oauthflow builds the authorization URL, with a random state and a PKCE challenge:');
  const { url, state } = await flow.getAuthorizationUrl();
  const query = new URL(url).searchParams;
  say(`   ${url.split('?')[0]}?client_id=${query.get('client_id')}&state=…&code_challenge=…&code_challenge_method=${query.get('code_challenge_method')}`);

  step(3, 'A user opens it and consents (the test user does so headlessly); the server redirects back with a code:');
  const redirect = await server.authorize(url);
  say(`   ${redirect.split('?')[0]}?code=…&state=${new URL(redirect).searchParams.get('state') === state ? '(matches)' : '(DIFFERENT!)'}`);

  step(4, 'oauthflow checks the state, exchanges the code (sending the PKCE verifier) and stores the tokens.');
  const first = await flow.exchangeCode(redirect);
  say(`   Stored: access token ${fingerprint(first.accessToken)}, refresh token ${fingerprint(first.refreshToken)}, expires ${first.expiresAt?.toISOString()}`);

  step(5, 'A protected API call, with the bearer token added by OAuth2APIRequest:');
  const api = new OAuth2APIRequest(flow);
  say(`   GET /api/me → ${JSON.stringify(await api.request(server.endpoints.api))}`);

  step(6, `Waiting ${ACCESS_TOKEN_SECONDS} seconds for the access token to expire…`);
  await new Promise((resolve) => setTimeout(resolve, ACCESS_TOKEN_SECONDS * 1000 + 200));
  say('   The next call notices the expiry and refreshes first (once, under a storage lock):');
  say(`   GET /api/me → ${JSON.stringify(await api.request(server.endpoints.api))}`);
  const second = await storage.get();
  say(`   Refresh token rotated: ${fingerprint(first.refreshToken)} → ${fingerprint(second?.refreshToken)}; the store holds the new one.`);
  say(`   Token endpoint calls so far: ${JSON.stringify(server.stats().token)}`);

  step(7, 'oauthflow revokes the tokens at the server (RFC 7009) and deletes them from the store.');
  await flow.revoke();
  const status = (await fetch(server.endpoints.api, { headers: { authorization: `Bearer ${second?.accessToken}` } })).status;
  say(`   The old access token now gets HTTP ${status}; the store holds ${(await storage.keys()).length} credentials.`);

  say('\nDone: authorize → store → call → refresh with rotation → revoke, all against a real OAuth 2.0 server.');
} finally {
  await storage.close?.();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
