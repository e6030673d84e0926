/**
 * pyoauth2's getting-started sample, in TypeScript: a FileStorage credential store, the three
 * parameter objects, retrieveToken() when nothing is stored, and a YouTubeAPIRequest subclass of
 * OAuth2APIRequest that sets the bearer header.
 *
 *   OAUTHFLOW_CLIENT_ID=… OAUTHFLOW_CLIENT_SECRET=… pnpm tsx --conditions=@oauthflow/source examples/pyoauth2-youtube.ts
 *
 * Two things changed since pyoauth2: Google ended the out-of-band redirect
 * (urn:ietf:wg:oauth:2.0:oob) in 2023, so retrieveToken() receives the redirect on a loopback
 * port (or reads the pasted redirect URL with OAUTHFLOW_MODE=paste); and the GData feed is gone,
 * so the request goes to the YouTube Data API v3. Every endpoint can be overridden by an
 * environment variable, which is how the test suite runs this file against local servers.
 */
import {
  FileStorage,
  OAuth2APIRequest,
  OAuth2AuthorizationFlow,
  type ExtraAuthParams,
  type ExtraTokenParams,
  type RequiredParams,
  type TokenSource,
} from '@oauthflow/core';

const env = process.env;

class YouTubeAPIRequest extends OAuth2APIRequest {
  constructor(source: TokenSource) {
    super(source, { baseURL: env['OAUTHFLOW_YOUTUBE_API'] ?? 'https://www.googleapis.com/youtube/v3' });
  }

  // The same header pyoauth2's sample set by hand; override this for other schemes.
  protected override authorizationHeader(accessToken: string): Record<string, string> {
    return { Authorization: `Bearer ${accessToken}` };
  }
}

const requiredParams: RequiredParams = {
  client_id: env['OAUTHFLOW_CLIENT_ID'] ?? 'XXXXXXXXXXXXX.apps.googleusercontent.com',
  client_secret: env['OAUTHFLOW_CLIENT_SECRET'] ?? 'XXXXXXXXXXXXXXXXXXX',
  auth_uri: env['OAUTHFLOW_AUTH_URI'] ?? 'https://accounts.google.com/o/oauth2/v2/auth',
  token_uri: env['OAUTHFLOW_TOKEN_URI'] ?? 'https://oauth2.googleapis.com/token',
  revoke_uri: env['OAUTHFLOW_REVOKE_URI'] ?? 'https://oauth2.googleapis.com/revoke',
  scope: (env['OAUTHFLOW_SCOPE'] ?? 'https://www.googleapis.com/auth/youtube.readonly').split(' '),
  redirect_uri: env['OAUTHFLOW_REDIRECT_URI'] ?? 'http://127.0.0.1/callback',
};

const extraAuthParams: ExtraAuthParams = {
  response_type: 'code',
  access_type: 'offline',
};

const extraTokenParams: ExtraTokenParams = {
  grant_type: 'authorization_code',
};

const storage = new FileStorage(env['OAUTHFLOW_TOKEN_FILE'] ?? 'youtube.json');
const flow = new OAuth2AuthorizationFlow(requiredParams, extraAuthParams, extraTokenParams, { storage });

let credentials = await storage.get();
if (credentials === undefined) {
  credentials = await flow.retrieveToken({ mode: env['OAUTHFLOW_MODE'] === 'paste' ? 'paste' : 'loopback' });
}

// With the flow as source, every request carries a fresh token: expired ones are refreshed first.
const request = new YouTubeAPIRequest(flow);
const data = await request.request('/channels', { params: { part: 'snippet', mine: true } });
console.log(JSON.stringify(data, null, 2));
