/**
 * The exit codes scripts can rely on.
 *
 * @example
 * oauthflow token > /dev/null; case $? in 3) oauthflow login ;; esac
 */
export const ExitCodes = {
  /** The command did what it was asked. */
  OK: 0,
  /** A user error: an unknown flag, a bad setting, a refused client or scope, a cancelled login. */
  USER: 1,
  /** The server, the network or the store failed; trying again later may work. */
  SERVER: 2,
  /** No usable credentials: log in (again). */
  NEEDS_LOGIN: 3,
  /** Interrupted (Ctrl-C, SIGINT) while waiting for the user, e.g. during login: nothing was stored. 128 + SIGINT, as shells report it. */
  INTERRUPTED: 130,
} as const;

/** One of the values of {@link ExitCodes}. */
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/** OAuth 2.0 error codes that mean the request or the client was wrong, not the server. */
const USER_OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'invalid_target',
  'expired_token',
  'unsupported_token_type',
]);

/** The fields of an oauthflow error the mapping looks at; read by shape, so this module loads no core code. */
interface ErrorShape {
  code?: unknown;
  error?: unknown;
  status?: unknown;
}

/**
 * The exit code for an error thrown by a command: by the error's stable `code`, and for OAuth 2.0
 * errors by the server's `error` (`invalid_grant` means the login is gone: 3).
 */
export function exitCodeFor(error: unknown): ExitCode {
  const { code, error: oauthError, status } = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  switch (code) {
    case 'ERR_OAUTHFLOW_NO_CREDENTIALS':
      return ExitCodes.NEEDS_LOGIN;
    case 'ERR_OAUTHFLOW_OAUTH2':
      if (oauthError === 'invalid_grant') return ExitCodes.NEEDS_LOGIN;
      if (typeof status === 'number' && status >= 500) return ExitCodes.SERVER;
      return typeof oauthError === 'string' && USER_OAUTH_ERRORS.has(oauthError) ? ExitCodes.USER : ExitCodes.SERVER;
    case 'ERR_OAUTHFLOW_API_REQUEST':
      // The API refused the token even after a refresh and a retry.
      return status === 401 ? ExitCodes.NEEDS_LOGIN : ExitCodes.SERVER;
    case 'ERR_OAUTHFLOW_STORAGE':
    case 'ERR_OAUTHFLOW_LOCK_TIMEOUT':
    case 'ERR_OAUTHFLOW_INVALID_RESPONSE':
    case 'ERR_OAUTHFLOW_NETWORK':
      return ExitCodes.SERVER;
    default:
      // Configuration, state mismatch, aborted, and anything unexpected.
      return ExitCodes.USER;
  }
}
