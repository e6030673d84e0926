import type { RegisteredClient } from './clients.js';
import { basicCredentials, oauthError, type Reply } from './http.js';
import { pkceMatches, type Grant, type GoogleState } from './state.js';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Settings the token endpoint answers with. */
export interface TokenSettings {
  accessTokenTtl: number;
  deviceInterval: number;
}

/** A token endpoint request, already parsed. */
export interface TokenRequest {
  params: URLSearchParams;
  authorization: string | undefined;
}

/**
 * Google's client authentication at the token endpoint: the secret in the body or a Basic header
 * (form-decoded). Every client type used here has a secret, and Google asks for it.
 */
export function authenticateClient(request: TokenRequest, registry: Map<string, RegisteredClient>): RegisteredClient | Reply {
  const basic = basicCredentials(request.authorization);
  const clientId = basic?.id ?? request.params.get('client_id');
  if (!clientId) return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
  const client = registry.get(clientId);
  if (client === undefined) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  const secret = basic?.secret ?? request.params.get('client_secret');
  if (secret === null || secret === '') return oauthError(400, 'invalid_request', 'client_secret is missing.');
  if (secret !== client.client_secret) return oauthError(401, 'invalid_client', 'Unauthorized');
  return client;
}

/** Google's token response; on refresh there is no `refresh_token`, on every response `scope`. */
function tokenResponse(grant: Grant, accessToken: string, withRefreshToken: boolean, settings: TokenSettings, now: number): Reply {
  return {
    status: 200,
    json: {
      access_token: accessToken,
      expires_in: settings.accessTokenTtl,
      ...(withRefreshToken && grant.refreshToken !== undefined ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scope.join(' '),
      token_type: 'Bearer',
      ...(grant.refreshExpiresAt === undefined ? {} : { refresh_token_expires_in: Math.floor((grant.refreshExpiresAt - now) / 1000) }),
    },
  };
}

/** `POST /token`: the authorization code, refresh and device code grants, with Google's errors. */
export function tokenRoute(request: TokenRequest, registry: Map<string, RegisteredClient>, state: GoogleState, settings: TokenSettings): Reply {
  const { params } = request;
  const grantType = params.get('grant_type') ?? '';
  if (!['authorization_code', 'refresh_token', DEVICE_CODE_GRANT].includes(grantType)) {
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
  }
  const client = authenticateClient(request, registry);
  if ('status' in client) return client;
  const now = Date.now();

  if (grantType === 'authorization_code') {
    const code = params.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
    const pending = state.codes.get(code);
    state.codes.delete(code);
    if (pending === undefined || pending.expiresAt <= now || pending.clientId !== client.client_id) return oauthError(400, 'invalid_grant', 'Bad Request');
    if (params.get('redirect_uri') !== pending.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
    if (pending.codeChallenge !== undefined) {
      const verifier = params.get('code_verifier');
      if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
      if (!pkceMatches(verifier, pending.codeChallenge, pending.codeChallengeMethod)) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
    }
    const { grant, accessToken } = state.createGrant(client.client_id, pending.scope, pending.offline, now);
    return tokenResponse(grant, accessToken, true, settings, now);
  }

  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = state.grantOfRefreshToken(refreshToken, now);
    if (grant === undefined || grant.clientId !== client.client_id) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    return tokenResponse(grant, state.issueAccessToken(grant, now), false, settings, now);
  }

  const deviceCode = params.get('device_code');
  if (!deviceCode) return oauthError(400, 'invalid_request', 'Missing required parameter: device_code');
  const device = state.devices.get(deviceCode);
  if (device === undefined || device.clientId !== client.client_id) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
  if (device.expiresAt <= now) return oauthError(400, 'expired_token', 'Bad Request');
  const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < settings.deviceInterval * 1000 - 250;
  device.lastPollAt = now;
  if (tooSoon) return oauthError(403, 'slow_down', 'Forbidden');
  if (device.status === 'pending') return oauthError(428, 'authorization_pending', 'Precondition Required');
  state.devices.delete(deviceCode);
  if (device.status === 'denied') return oauthError(403, 'access_denied', 'Forbidden');
  const { grant, accessToken } = state.createGrant(client.client_id, device.scope, true, now);
  return tokenResponse(grant, accessToken, true, settings, now);
}
