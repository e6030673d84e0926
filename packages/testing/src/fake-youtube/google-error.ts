/** An error the fake answers in Google's JSON format. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message?: string,
    readonly domain?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[reason] ?? reason);
  }
}

const DEFAULT_REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'quotaExceeded',
  404: 'notFound',
  409: 'conflict',
  429: 'rateLimitExceeded',
  500: 'backendError',
  502: 'backendError',
  503: 'backendError',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  authError: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  quotaExceeded: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
  rateLimitExceeded: 'The request cannot be completed because the rate limit was exceeded. Slow down.',
  backendError: 'Backend Error',
  notFound: 'Requested entity was not found.',
  insufficientPermissions: 'Request had insufficient authentication scopes.',
};

const DEFAULT_DOMAINS: Record<string, string> = {
  quotaExceeded: 'youtube.quota',
  rateLimitExceeded: 'youtube.quota',
  authError: 'global',
  backendError: 'global',
  insufficientPermissions: 'global',
  badRequest: 'global',
  required: 'global',
};

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** The default reason for a status (`401` → `authError`, …). */
export function defaultReason(status: number): string {
  return DEFAULT_REASONS[status] ?? (status >= 500 ? 'backendError' : 'badRequest');
}

/** Google's error body: `{"error":{"code":403,"message":"…","errors":[{"reason":"…","domain":"…"}],"status":"…"}}`. */
export function googleErrorBody(error: FakeApiError): unknown {
  const domain = error.domain ?? DEFAULT_DOMAINS[error.reason] ?? 'youtube.api';
  const status = STATUS_NAMES[error.status];
  return {
    error: {
      code: error.status,
      message: error.message,
      errors: [{ message: error.message, domain, reason: error.reason }],
      ...(status === undefined ? {} : { status }),
    },
  };
}

/** Shorthands for the errors the routes answer. */
export const fail = {
  required: (name: string) => new FakeApiError(400, 'required', `Required parameter: ${name}`),
  badRequest: (message: string, reason = 'badRequest') => new FakeApiError(400, reason, message),
  notFound: (reason: string, message: string) => new FakeApiError(404, reason, message),
  forbidden: (reason: string, message: string) => new FakeApiError(403, reason, message),
};
