import { MemoryStorage, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { startAuthorizationServer, startFakeYouTube, type AuthorizationServer, type AuthorizationServerOptions, type FakeYouTube } from '@oauthflow/testing';
import { createGoogleFlow, YOUTUBE_SCOPES, type GoogleEndpoints } from '@oauthflow/youtube';

/** A local authorization server that knows Google's scopes, and a fake YouTube checking its tokens. */
export interface LocalGoogle {
  server: AuthorizationServer;
  youtube: FakeYouTube;
  endpoints: GoogleEndpoints;
  close(): Promise<void>;
}

export async function startLocalGoogle(options: AuthorizationServerOptions = {}): Promise<LocalGoogle> {
  const server = await startAuthorizationServer({ scopes: [...YOUTUBE_SCOPES], ...options });
  const youtube = await startFakeYouTube({ authorizationServer: server });
  return {
    server,
    youtube,
    endpoints: {
      authorization: server.endpoints.authorization,
      token: server.endpoints.token,
      revocation: server.endpoints.revocation,
      deviceAuthorization: server.endpoints.deviceAuthorization,
      userinfo: youtube.userinfoURL,
    },
    close: async () => {
      await youtube.close();
      await server.close();
    },
  };
}

/** A Google flow against the local server, authorized headlessly. */
export async function authorizedFlow(local: LocalGoogle): Promise<OAuth2AuthorizationFlow> {
  const flow = createGoogleFlow({
    clientId: local.server.clients.confidential.client_id,
    clientSecret: local.server.clients.confidential.client_secret,
    endpoints: local.endpoints,
    storage: new MemoryStorage(),
  });
  const { url } = await flow.getAuthorizationUrl();
  await flow.exchangeCode(await local.server.authorize(url));
  return flow;
}

/** `part=a&part=b` style summary of a recorded request. */
export function describeRequest(request: { method: string; path: string; query: Array<[string, string]> }): string {
  return `${request.method} ${request.path}?${new URLSearchParams(request.query).toString()}`;
}
