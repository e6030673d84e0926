import { OAuth2AuthorizationFlow } from '@oauthflow/core';

/** The endpoints of a server, as discovery found them. */
export interface DiscoveredEndpoints {
  authUri: string;
  tokenUri: string;
  revokeUri?: string;
  deviceUri?: string;
  /** The metadata's issuer: authorization responses must name it (RFC 9207). */
  issuer?: string;
  /** The metadata says every authorization response carries `iss`. */
  issuerInResponse: boolean;
}

/**
 * Fetches an issuer's metadata (OpenID Connect discovery, then RFC 8414) through core, so that
 * login can save the endpoints and later commands need no discovery round trip.
 * @throws {ConfigurationError} for a bad issuer URL or metadata naming another issuer
 * @throws {OAuthFlowError} with code ERR_OAUTHFLOW_NETWORK when the server cannot be reached
 */
export async function discoverEndpoints(issuer: string, client: { clientId: string; scope: readonly string[]; redirectUri: string }): Promise<DiscoveredEndpoints> {
  const flow = await OAuth2AuthorizationFlow.discover(issuer, { client_id: client.clientId, scope: client.scope, redirect_uri: client.redirectUri });
  const { auth_uri, token_uri, revoke_uri, device_uri } = flow.endpoints;
  return {
    authUri: auth_uri, tokenUri: token_uri, ...(revoke_uri ? { revokeUri: revoke_uri } : {}), ...(device_uri ? { deviceUri: device_uri } : {}),
    ...(flow.issuer ? { issuer: flow.issuer } : {}), issuerInResponse: flow.issuerRequiredInResponse,
  };
}
