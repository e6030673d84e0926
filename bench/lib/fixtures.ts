import { randomBytes } from 'node:crypto';
import { Credentials, MemoryStorage, OAuth2AuthorizationFlow, type RequiredParams, type Storage } from '@oauthflow/core';
import type { AuthorizationServer } from '@oauthflow/testing';

/** Endpoints nobody listens on: for benches whose credential must never need the server. */
const UNUSED_SERVER = 'http://127.0.0.1:9';

/** pyoauth2-style params for the local server's confidential client (or unused endpoints). */
export function requiredParams(server?: AuthorizationServer): RequiredParams {
  const endpoint = (path: string, url?: string) => url ?? `${UNUSED_SERVER}${path}`;
  return {
    client_id: server?.clients.confidential.client_id ?? 'bench-client',
    client_secret: server?.clients.confidential.client_secret ?? 'bench-secret',
    auth_uri: endpoint('/auth', server?.endpoints.authorization),
    token_uri: endpoint('/token', server?.endpoints.token),
    revoke_uri: endpoint('/revoke', server?.endpoints.revocation),
    scope: ['openid', 'offline_access', 'api:read'],
    redirect_uri: 'http://127.0.0.1/callback',
  };
}

/** A flow as an application builds it. */
export function makeFlow(storage: Storage, server?: AuthorizationServer): OAuth2AuthorizationFlow {
  return new OAuth2AuthorizationFlow(requiredParams(server), { access_type: 'offline' }, { grant_type: 'authorization_code' }, { storage });
}

/** Credentials shaped like a real provider's, valid for another hour. */
export function freshCredentials(now = Date.now()): Credentials {
  return new Credentials({
    accessToken: randomBytes(32).toString('base64url'),
    refreshToken: randomBytes(32).toString('base64url'),
    issuedAt: new Date(now),
    expiresAt: new Date(now + 3600_000),
    scope: ['openid', 'offline_access', 'api:read'],
  });
}

/** The same credentials, issued an hour ago and expired a second ago. */
export function expired(credentials: Credentials, now = Date.now()): Credentials {
  return credentials.with({ issuedAt: new Date(now - 3600_000), expiresAt: new Date(now - 1000) });
}

/** Runs the code flow against the local server headlessly: a real refresh token for the bench. */
export async function authorizeAtServer(server: AuthorizationServer): Promise<Credentials> {
  const flow = makeFlow(new MemoryStorage(), server);
  const { url } = await flow.getAuthorizationUrl();
  return flow.exchangeCode(await server.authorize(url));
}
