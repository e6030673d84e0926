import { MemoryStorage, OAuth2AuthorizationFlow, type FlowOptions, type RequiredParams, type Storage } from '@oauthflow/core';
import type { AuthorizationServer } from '@oauthflow/testing';

/** pyoauth2-style required params for one of the local server's clients. */
export function requiredParams(server: AuthorizationServer, client: 'confidential' | 'public' = 'confidential'): RequiredParams {
  return {
    client_id: server.clients[client].client_id,
    ...(client === 'confidential' ? { client_secret: server.clients.confidential.client_secret } : {}),
    auth_uri: server.endpoints.authorization,
    token_uri: server.endpoints.token,
    revoke_uri: server.endpoints.revocation,
    device_uri: server.endpoints.deviceAuthorization,
    scope: ['openid', 'offline_access', 'api:read'],
    redirect_uri: 'http://127.0.0.1/callback',
  };
}

/** A flow against the local server, with its storage (a MemoryStorage unless given). */
export function makeFlow(server: AuthorizationServer, options: FlowOptions & { client?: 'confidential' | 'public' } = {}): OAuth2AuthorizationFlow {
  const { client, ...flowOptions } = options;
  return new OAuth2AuthorizationFlow(
    requiredParams(server, client),
    { access_type: 'offline' },
    { grant_type: 'authorization_code' },
    {
      storage: new MemoryStorage(),
      ...flowOptions,
    },
  );
}

/** Runs the whole code flow headlessly: URL → the server's consent → exchange. */
export async function authorize(server: AuthorizationServer, flow: OAuth2AuthorizationFlow) {
  const { url, state } = await flow.getAuthorizationUrl();
  const redirect = await server.authorize(url);
  return { credentials: await flow.exchangeCode(redirect), redirect, state };
}

/** Calls the token endpoint directly, as a second client would, to check what the server accepts. */
export async function refreshDirectly(server: AuthorizationServer, refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const { client_id, client_secret } = server.clients.confidential;
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Calls the protected resource with a bare token. */
export async function callApi(server: AuthorizationServer, accessToken: string): Promise<number> {
  return (await fetch(server.endpoints.api, { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type { Storage };
