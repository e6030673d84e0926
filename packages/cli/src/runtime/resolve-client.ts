import { ConfigurationError } from '@oauthflow/core';
import { discoverEndpoints } from './discover.js';
import type { Grant, SavedClient } from './stored-client.js';
import type { ClientInput } from './settings.js';

/** A client ready for a flow: its settings, and the secret when one was given or stored. */
export interface ResolvedClient {
  client: SavedClient;
  secret?: string;
  /** Where the values came from, for messages (see ClientInput). */
  sources: Pick<ClientInput, 'clientIdFrom' | 'secretFrom' | 'secretsNotUsed'>;
}

const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';
// Google's installed-app clients accept any port on the loopback address, at the root path.
const GOOGLE_REDIRECT_URI = 'http://127.0.0.1/';

/**
 * Turns client settings into endpoints and parameters: the Google preset (from
 * @oauthflow/youtube), endpoints given by hand, or discovery from an issuer URL.
 * @throws {ConfigurationError} when no provider or client id is given (naming the flag and variable to set)
 */
export async function resolveClient(input: ClientInput, options: { key: string; grant?: Grant }): Promise<ResolvedClient> {
  const grant = options.grant ?? input.grant ?? 'authorization_code';
  const clientId = input.clientId;
  if (clientId === undefined) {
    throw new ConfigurationError(`No client id for key "${options.key}": pass --client-id or set OAUTHFLOW_CLIENT_ID (or log in with one)`);
  }
  const secret = input.clientSecret;
  const base = {
    version: 1 as const,
    clientId,
    grant,
    confidential: secret !== undefined || input.confidential === true,
    savedAt: new Date().toISOString(),
    ...(input.clientSecretsFile ? { clientSecretsFile: input.clientSecretsFile } : {}),
  };
  const given = {
    ...(input.revokeUri ? { revokeUri: input.revokeUri } : {}),
    ...(input.deviceUri ? { deviceUri: input.deviceUri } : {}),
  };

  // A saved Google client carries its endpoints and parameters: no need to load the preset.
  if (input.provider === 'google' && !(input.authUri !== undefined && input.tokenUri !== undefined && input.extraAuth !== undefined)) {
    const { googleProvider, youtubeSettingsFromEnv, YOUTUBE_SCOPES } = await import('@oauthflow/youtube');
    const google = googleProvider({
      clientId,
      redirectUri: input.redirectUri ?? GOOGLE_REDIRECT_URI,
      scopes: input.scope ?? (grant === 'client_credentials' ? [] : [...YOUTUBE_SCOPES]),
      endpoints: {
        ...youtubeSettingsFromEnv().endpoints,
        ...(input.authUri ? { authorization: input.authUri } : {}),
        ...(input.tokenUri ? { token: input.tokenUri } : {}),
        ...(input.revokeUri ? { revocation: input.revokeUri } : {}),
        ...(input.deviceUri ? { deviceAuthorization: input.deviceUri } : {}),
      },
    });
    const { required } = google;
    return withSecret(
      {
        ...base,
        provider: 'google',
        // Google keeps a refresh token until it is revoked or expires: copies of it stay valid.
        refreshTokenRotates: false,
        authUri: required.auth_uri,
        tokenUri: required.token_uri,
        ...(required.revoke_uri ? { revokeUri: required.revoke_uri } : {}),
        ...(required.device_uri ? { deviceUri: required.device_uri } : {}),
        scope: typeof required.scope === 'string' ? required.scope.split(' ') : [...required.scope],
        redirectUri: required.redirect_uri,
        extraAuth: input.extraAuth ?? { ...google.extraAuth },
      },
      input,
    );
  }

  const redirectUri = input.redirectUri ?? DEFAULT_REDIRECT_URI;
  if (input.authUri !== undefined && input.tokenUri !== undefined) {
    const provider = input.provider ?? 'custom';
    return withSecret(
      {
        ...base,
        provider,
        ...(isUrl(provider) ? { issuer: provider } : {}),
        authUri: input.authUri,
        tokenUri: input.tokenUri,
        ...given,
        scope: input.scope ?? [],
        redirectUri,
        extraAuth: input.extraAuth ?? {},
      },
      input,
    );
  }
  if (input.provider === undefined || input.provider === 'custom') {
    throw new ConfigurationError(
      `No provider for key "${options.key}": pass --provider google|<issuer URL> (or set OAUTHFLOW_ISSUER), or --auth-uri and --token-uri`,
    );
  }
  if (!isUrl(input.provider)) {
    throw new ConfigurationError(`Unknown provider ${JSON.stringify(input.provider)}: use "google" or the issuer's URL (e.g. https://auth.example.com)`);
  }
  const scope = input.scope ?? (grant === 'client_credentials' ? [] : ['openid']);
  const discovered = await discoverEndpoints(input.provider, { clientId, scope, redirectUri });
  return withSecret(
    {
      ...base,
      provider: input.provider,
      issuer: input.provider,
      ...discovered,
      ...given,
      scope,
      redirectUri,
      extraAuth: input.extraAuth ?? {},
    },
    input,
  );
}

function withSecret(client: SavedClient, input: ClientInput): ResolvedClient {
  const { clientIdFrom, secretFrom, secretsNotUsed } = input;
  const sources = { ...(clientIdFrom ? { clientIdFrom } : {}), ...(secretFrom ? { secretFrom } : {}), ...(secretsNotUsed ? { secretsNotUsed } : {}) };
  return input.clientSecret === undefined ? { client, sources } : { client, secret: input.clientSecret, sources };
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}
