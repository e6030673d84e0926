import { ConfigurationError, OAuth2AuthorizationFlow, OAuth2Error, type Credentials, type RequiredParams, type Storage } from '@oauthflow/core';
import type { ResolvedClient } from './resolve-client.js';
import { CLI_META_FIELD } from './stored-client.js';

/**
 * The CLI's flow: at each refresh it notes in the stored client settings whether the provider
 * gave a new refresh token (rotation), in the same save, so `migrate` can warn about copies.
 */
class CliFlow extends OAuth2AuthorizationFlow {
  protected override mergeRefreshed(previous: Credentials, refreshed: Credentials): Credentials {
    const merged = super.mergeRefreshed(previous, refreshed);
    const client = merged.meta[CLI_META_FIELD];
    if (typeof client !== 'object' || client === null || Array.isArray(client)) return merged;
    const rotates = refreshed.refreshToken !== undefined && refreshed.refreshToken !== previous.refreshToken;
    if ((client as { refreshTokenRotates?: unknown }).refreshTokenRotates === rotates) return merged;
    return merged.with({ meta: { ...merged.meta, [CLI_META_FIELD]: { ...client, refreshTokenRotates: rotates } } });
  }
}

/** A flow for a resolved client, storing under `key`. */
export function createFlow({ client, secret }: ResolvedClient, storage: Storage, key: string): OAuth2AuthorizationFlow {
  const required: RequiredParams = {
    client_id: client.clientId,
    auth_uri: client.authUri,
    token_uri: client.tokenUri,
    scope: client.scope,
    redirect_uri: client.redirectUri,
    ...(secret === undefined ? {} : { client_secret: secret }),
    ...(client.revokeUri ? { revoke_uri: client.revokeUri } : {}),
    ...(client.deviceUri ? { device_uri: client.deviceUri } : {}),
  };
  // Only a discovered issuer is enforced: one given by hand may differ from what the server sends.
  const issuer =
    client.issuer !== undefined && client.issuerInResponse !== undefined ? { issuer: client.issuer, requireIssuerInResponse: client.issuerInResponse } : {};
  // Google's revocation endpoint takes the token alone (as @oauthflow/youtube's GOOGLE_REVOCATION
  // says; not imported here, so that plain commands never load the YouTube package).
  const revocation = client.provider === 'google' ? { revocation: { clientAuthentication: 'none', tokenTypeHint: false } as const } : {};
  return new CliFlow(required, client.extraAuth, {}, { storage, key, ...issuer, ...revocation });
}

/**
 * Fresh credentials the way the key got them: a client credentials login is renewed by that
 * grant, anything else by its refresh token.
 */
export function freshCredentials(flow: OAuth2AuthorizationFlow, resolved: ResolvedClient): Promise<Credentials> {
  return resolved.client.grant === 'client_credentials' ? flow.clientCredentials({ scope: resolved.client.scope }) : flow.getCredentials();
}

/** Fails early when a call to the token endpoint needs the client secret and none was given. */
export function requireSecret(resolved: ResolvedClient, key: string): void {
  if (resolved.client.confidential && resolved.secret === undefined) throw missingSecret(resolved, key);
}

/**
 * A server's `invalid_client` explained: for a confidential client without its secret, that the
 * secret is missing (and where to give it); with a secret, which source gave it (and the
 * client id), so the wrong one can be found. Other errors pass through.
 */
export function explainClientError(error: unknown, resolved: ResolvedClient | undefined, key: string): unknown {
  if (!(error instanceof OAuth2Error) || error.error !== 'invalid_client' || resolved === undefined) return error;
  if (resolved.secret === undefined) return resolved.client.confidential ? missingSecret(resolved, key) : error;
  const { clientIdFrom, secretFrom } = resolved.sources;
  return new OAuth2Error(
    `The server refused client "${resolved.client.clientId}"${clientIdFrom ? ` (from ${clientIdFrom})` : ''} of key "${key}" with the client secret from ${secretFrom ?? 'the settings'} (invalid_client): check that secret`,
    { error: error.error, ...(error.status === undefined ? {} : { status: error.status }) },
    { cause: error },
  );
}

function missingSecret(resolved: ResolvedClient, key: string): ConfigurationError {
  const notUsed = resolved.sources.secretsNotUsed;
  const id = resolved.client.clientId;
  return new ConfigurationError(
    `The client "${id}" of key "${key}" needs its client secret, and none is stored with the key (logged in with --no-save-secret, or before oauthflow stored it): ` +
      `pass --client-secret, set OAUTHFLOW_CLIENT_SECRET with OAUTHFLOW_CLIENT_ID=${id}, or log in again to store it${notUsed?.length ? ` (${notUsed.join('; ')})` : ''}`,
  );
}
