import type { CallbackParams } from '../callback.js';
import { IssuerMismatchError, OAuth2Error, StateMismatchError } from '../errors.js';
import type { ExtraAuthParams, ValidatedParams } from '../params.js';

/**
 * The authorization request URL (RFC 6749 §4.1.1) with PKCE S256 (RFC 7636 §4.3). The flow's own
 * parameters come last, so extra params (checked by checkAuthParams) can never replace them.
 */
export function buildAuthorizationUrl(
  params: ValidatedParams,
  request: {
    redirectUri: string;
    scope: readonly string[];
    state: string;
    codeChallenge: string;
    extra: ExtraAuthParams;
  },
): string {
  const url = new URL(params.auth_uri);
  const query: Record<string, string> = {
    ...request.extra,
    response_type: 'code',
    client_id: params.client_id,
    redirect_uri: request.redirectUri,
    scope: request.scope.join(' '),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * The state a callback answers. A redirect must carry one (the flow always sends one, and RFC 6749
 * §4.1.2 makes the server return it); only a bare code may go without, when the caller names the
 * state it answers. Nothing is assumed: a callback with no state never matches "the last one".
 * @throws {StateMismatchError} when the state is missing or differs from the caller's
 */
export function callbackState(callback: CallbackParams, expected: string | undefined, bareCode: boolean): string {
  if (callback.state === undefined) {
    if (bareCode && expected !== undefined) return expected;
    throw new StateMismatchError(
      bareCode
        ? 'A bare code needs the state it answers: pass { state } (returned by getAuthorizationUrl()), or the whole redirect URL'
        : 'The redirect carries no state: it does not answer an authorization this client started',
    );
  }
  if (expected !== undefined && callback.state !== expected) {
    throw new StateMismatchError('The state in the redirect differs from the one this authorization started with: the response is not for this request');
  }
  return callback.state;
}

/**
 * RFC 9207 mix-up defence: a callback's `iss` must be the issuer the authorization was sent to,
 * and must be present when that server's metadata says it sends one
 * (`authorization_response_iss_parameter_supported`). Without an expected issuer there is nothing
 * to compare (§2.4: clients that know no issuer ignore it).
 * @throws {IssuerMismatchError}
 */
export function checkIssuer(callback: CallbackParams, expected: string | undefined, required: boolean): void {
  if (expected === undefined) return;
  if (callback.iss === undefined) {
    if (!required) return;
    throw new IssuerMismatchError(
      `The authorization response carries no iss, although ${expected} says it always sends one (RFC 9207): it may come from another server, so its code was not used`,
    );
  }
  if (callback.iss !== expected) {
    throw new IssuerMismatchError(
      `The authorization response comes from issuer ${quote(callback.iss)}, not ${expected} (RFC 9207 mix-up defence), so its code was not used`,
    );
  }
}

/** The error a callback carries (RFC 6749 §4.1.2.1), e.g. access_denied, as an OAuth2Error. */
export function callbackError(callback: CallbackParams): OAuth2Error | undefined {
  if (callback.error === undefined) return undefined;
  return new OAuth2Error(`The authorization was refused: ${callback.error}${callback.errorDescription ? ` (${callback.errorDescription})` : ''}`, {
    error: callback.error,
    ...(callback.errorDescription ? { errorDescription: callback.errorDescription } : {}),
    ...(callback.errorUri ? { errorUri: callback.errorUri } : {}),
  });
}

/** A value from an untrusted request, quoted and cut short for a message. */
function quote(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
