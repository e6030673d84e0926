import { ConfigurationError, OAuth2AuthorizationFlow, OAuth2Error, type Credentials, type RequiredParams, type Storage } from '@oauthflow/core';
import type { ResolvedClient } from './resolve-client.js';

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
  const issuer = client.issuer !== undefined && client.issuerInResponse !== undefined
    ? { issuer: client.issuer, requireIssuerInResponse: client.issuerInResponse } : {};
  return new OAuth2AuthorizationFlow(required, client.extraAuth, {}, { storage, key, ...issuer });
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
  if (resolved.client.confidential && resolved.secret === undefined) throw missingSecret(key);
}

/**
 * A server's `invalid_client` for a confidential client whose secret was not given becomes that
 * explanation (oauthflow does not save secrets); other errors pass through.
 */
export function explainClientError(error: unknown, resolved: ResolvedClient | undefined, key: string): unknown {
  if (error instanceof OAuth2Error && error.error === 'invalid_client' && resolved?.client.confidential && resolved.secret === undefined) {
    return missingSecret(key);
  }
  return error;
}

function missingSecret(key: string): ConfigurationError {
  return new ConfigurationError(`The client of key "${key}" needs its client secret, which oauthflow does not save: set OAUTHFLOW_CLIENT_SECRET or pass --client-secret`);
}
