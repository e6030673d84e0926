import { IssuerMismatchError, NetworkError, OAuth2Error, StateMismatchError, StorageError } from '@oauthflow/core';
import { YouTubeAPIError } from '@oauthflow/youtube';

/** What the user sees of an error: a status, a title and what to do. No stack, no token. */
export interface ShownError {
  status: number;
  title: string;
  message: string;
  /** The YouTube connection is gone: show the connect page instead. */
  reconnect?: boolean;
}

export function describeError(error: unknown): ShownError {
  if (error instanceof StateMismatchError || error instanceof IssuerMismatchError)
    return { status: 400, title: 'Connection expired', message: 'This connection attempt expired or was already used. Start again from the app.' };
  if (error instanceof OAuth2Error && error.error === 'access_denied')
    return { status: 403, title: 'Not connected', message: 'You did not allow access to your YouTube account. You can connect it at any time.' };
  if (error instanceof OAuth2Error && error.error === 'invalid_grant')
    return { status: 200, title: 'Connection ended', message: 'Your YouTube connection was revoked or has expired. Connect it again.', reconnect: true };
  if (error instanceof OAuth2Error || error instanceof NetworkError)
    return { status: 502, title: 'Google did not answer as expected', message: 'Signing in with Google failed. Try again in a moment.' };
  if (error instanceof YouTubeAPIError)
    return {
      status: 502,
      title: 'YouTube did not answer as expected',
      message: `YouTube answered ${error.status}${error.reason ? ` (${error.reason})` : ''}. Try again in a moment.`,
    };
  if (error instanceof StorageError)
    return { status: 503, title: 'Temporarily unavailable', message: 'Our credential store is not reachable. Try again in a moment.' };
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, title: 'Bad request', message: 'The request was not understood.' };
  return { status: 500, title: 'Something went wrong', message: 'An unexpected error happened on our side. Try again in a moment.' };
}
