import { NetworkError, OAuth2AuthorizationFlow, OAuthFlowError } from '@oauthflow/core';

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

/** Socket errors that mean the issuer's host cannot be reached at all, not that it lacks metadata. */
const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ECONNABORTED)\b/;

/**
 * Fetches an issuer's metadata (OpenID Connect discovery, then RFC 8414) through core, so that
 * login can save the endpoints and later commands need no discovery round trip.
 * @throws {ConfigurationError} for a bad issuer URL or metadata naming another issuer
 * @throws {NetworkError} when the issuer's host cannot be reached (refused, unknown host, timeout), saying so
 * @throws {OAuthFlowError} when the server answers but publishes no metadata
 */
export async function discoverEndpoints(
  issuer: string,
  client: { clientId: string; scope: readonly string[]; redirectUri: string },
): Promise<DiscoveredEndpoints> {
  let flow: OAuth2AuthorizationFlow;
  try {
    flow = await OAuth2AuthorizationFlow.discover(issuer, { client_id: client.clientId, scope: client.scope, redirect_uri: client.redirectUri });
  } catch (error) {
    throw unreachable(error, issuer) ?? error;
  }
  const { auth_uri, token_uri, revoke_uri, device_uri } = flow.endpoints;
  return {
    authUri: auth_uri,
    tokenUri: token_uri,
    ...(revoke_uri ? { revokeUri: revoke_uri } : {}),
    ...(device_uri ? { deviceUri: device_uri } : {}),
    ...(flow.issuer ? { issuer: flow.issuer } : {}),
    issuerInResponse: flow.issuerRequiredInResponse,
  };
}

/** Core reports every failed discovery as "no metadata found"; a host that cannot be reached is named as such (undefined otherwise). */
export function unreachable(error: unknown, issuer: string): NetworkError | undefined {
  if (!(error instanceof OAuthFlowError)) return undefined;
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    const match = UNREACHABLE.exec(`${typeof code === 'string' ? code : ''} ${cause.message}`);
    if (match) {
      const host = new URL(issuer).host;
      const what =
        match[1] === 'ENOTFOUND' || match[1] === 'EAI_AGAIN' ? `the host ${host} is unknown (${match[1]})` : `${host} could not be reached (${match[1]})`;
      return new NetworkError(`Cannot discover the endpoints of ${issuer}: ${what}; check the --provider URL and that the server is up`, { cause: error });
    }
  }
  return undefined;
}
