import type { AxiosInstance } from 'axios';
import { ConfigurationError, ErrorCodes, OAuthFlowError } from '../errors.js';
import { checkEndpoint, type RequiredParams } from '../params.js';
import { getJson } from './http-form.js';

/** The client's own settings; discovery fills in the endpoints. */
export type ClientParams = Omit<RequiredParams, 'auth_uri' | 'token_uri' | 'revoke_uri' | 'device_uri'>;

/** What discovery learned: the endpoints, and what the RFC 9207 mix-up defence needs. */
export interface DiscoveredServer {
  required: RequiredParams;
  /** The metadata's `issuer`, exactly as the server names itself in `iss`. */
  issuer: string;
  /** The metadata's `authorization_response_iss_parameter_supported`: every authorization response carries `iss`. */
  issuerInResponse: boolean;
}

/**
 * Fetches the server's metadata: OpenID Connect discovery first, then RFC 8414
 * (`/.well-known/oauth-authorization-server`, inserted before the issuer's path), and checks that
 * it describes the issuer asked for (RFC 8414 §3.3).
 */
export async function discoverEndpoints(http: AxiosInstance, issuer: string, client: ClientParams): Promise<DiscoveredServer> {
  const issuerUrl = checkEndpoint('issuer', issuer);
  const path = issuerUrl.pathname.replace(/\/$/, '');
  const candidates = [`${issuerUrl.origin}${path}/.well-known/openid-configuration`, `${issuerUrl.origin}/.well-known/oauth-authorization-server${path}`];
  let lastError: unknown;
  for (const url of candidates) {
    try {
      const metadata = await getJson(http, url, 'discovery endpoint');
      if (typeof metadata['issuer'] !== 'string' || metadata['issuer'].replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
        throw new ConfigurationError(`The metadata at ${url} names another issuer (${String(metadata['issuer'])}); refusing it`);
      }
      const endpoint = (name: string) => (typeof metadata[name] === 'string' ? metadata[name] : undefined);
      const auth = endpoint('authorization_endpoint');
      const token = endpoint('token_endpoint');
      if (auth === undefined || token === undefined) throw new ConfigurationError(`The metadata at ${url} lacks authorization_endpoint or token_endpoint`);
      const revoke = endpoint('revocation_endpoint');
      const device = endpoint('device_authorization_endpoint');
      return {
        required: { ...client, auth_uri: auth, token_uri: token, ...(revoke ? { revoke_uri: revoke } : {}), ...(device ? { device_uri: device } : {}) },
        issuer: metadata['issuer'],
        issuerInResponse: metadata['authorization_response_iss_parameter_supported'] === true,
      };
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      lastError = error;
    }
  }
  throw new OAuthFlowError(`No OAuth 2.0 metadata found for ${issuer} (tried OpenID Connect discovery and RFC 8414)`, {
    code: (lastError as OAuthFlowError | undefined)?.code ?? ErrorCodes.NETWORK,
    cause: lastError,
  });
}
