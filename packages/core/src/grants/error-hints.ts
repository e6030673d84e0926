import type { Credentials } from '../credentials.js';
import { NoCredentialsError, OAuth2Error, type OAuthFlowError } from '../errors.js';
import { formEncode } from './http-form.js';
import type { ClientAuthentication } from './token-endpoint.js';

/** How to ask each kind of server for a refresh token. */
export const OFFLINE_ACCESS_HINT =
  'ask for offline access and authorize again: on Google, access_type=offline with prompt=consent ' +
  '(the refresh token comes only with a consent); on OpenID Connect servers, the offline_access scope (most also need prompt=consent)';

/**
 * The error for credentials that cannot be refreshed because the server issued no refresh token.
 * While the access token is still valid the cause is not expiry: the message says what is.
 */
export function noRefreshTokenError(key: string, credentials: Credentials, now: number = Date.now()): NoCredentialsError {
  const stillValid = credentials.expiresAt !== undefined && credentials.expiresAt.getTime() > now;
  const state = stillValid
    ? `The credentials stored under "${key}" cannot be refreshed: the server issued no refresh token (the access token stays valid until ${credentials.expiresAt?.toISOString() ?? ''})`
    : `The credentials stored under "${key}" expired and cannot be refreshed: the server issued no refresh token`;
  return new NoCredentialsError(`${state}; to get one, ${OFFLINE_ACCESS_HINT}`, key);
}

/**
 * Adds what to try to an `invalid_client` under client_secret_basic when the secret holds
 * characters that the Basic header form-encodes (RFC 6749 §2.3.1): some servers
 * (@node-oauth/oauth2-server, Authlib) compare the secret without decoding it. The secret itself
 * never appears in the message.
 */
export function clientHint(error: OAuthFlowError, client: { secret: string | undefined; authentication: ClientAuthentication }): OAuthFlowError {
  if (!(error instanceof OAuth2Error) || error.error !== 'invalid_client') return error;
  if (client.authentication !== 'client_secret_basic' || client.secret === undefined || formEncode(client.secret) === client.secret) return error;
  return new OAuth2Error(
    `${error.message}. The client secret holds characters that client_secret_basic form-encodes (RFC 6749 §2.3.1) and some servers do not decode: ` +
      "try clientAuthentication: 'client_secret_post'",
    {
      error: error.error,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.errorDescription === undefined ? {} : { errorDescription: error.errorDescription }),
      ...(error.errorUri === undefined ? {} : { errorUri: error.errorUri }),
    },
    { cause: error },
  );
}
