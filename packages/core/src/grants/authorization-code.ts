import type { CallbackParams } from '../callback.js';
import { OAuth2Error, StateMismatchError } from '../errors.js';
import type { ExtraAuthParams, ValidatedParams } from '../params.js';

/**
 * The authorization request URL (RFC 6749 §4.1.1) with PKCE S256 (RFC 7636 §4.3). The flow's own
 * parameters (state, challenge) come last, so extra params cannot replace them.
 */
export function buildAuthorizationUrl(params: ValidatedParams, request: {
  redirectUri: string; scope: readonly string[]; state: string; codeChallenge: string; extra: ExtraAuthParams;
}): string {
  const url = new URL(params.auth_uri);
  const query: Record<string, string> = {
    response_type: 'code',
    client_id: params.client_id,
    redirect_uri: request.redirectUri,
    scope: request.scope.join(' '),
    ...request.extra,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * The state a callback answers: the one in the redirect, else the caller's, else the last one
 * this instance issued (for a pasted bare code).
 * @throws {StateMismatchError} when the redirect's state differs from the caller's, or there is none
 */
export function callbackState(callback: CallbackParams, expected: string | undefined, lastIssued: string | undefined): string {
  if (callback.state !== undefined && expected !== undefined && callback.state !== expected) {
    throw new StateMismatchError('The state in the redirect differs from the one this authorization started with: the response is not for this request');
  }
  const state = callback.state ?? expected ?? lastIssued;
  if (state === undefined) throw new StateMismatchError('No state to check: pass the whole redirect URL, or the state returned by getAuthorizationUrl()');
  return state;
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
