import { inspect } from 'node:util';

/** Stable machine-readable codes carried by every {@link OAuthFlowError}. */
export const ErrorCodes = {
  /** A required parameter is missing or malformed. */
  CONFIGURATION: 'ERR_OAUTHFLOW_CONFIGURATION',
  /** The authorization server answered with an OAuth 2.0 error (RFC 6749 §5.2, §4.1.2.1). */
  OAUTH2: 'ERR_OAUTHFLOW_OAUTH2',
  /** The `state` of a callback does not match a pending authorization (or was already used). */
  STATE_MISMATCH: 'ERR_OAUTHFLOW_STATE_MISMATCH',
  /** An authorization response names another issuer than the one the authorization started with (RFC 9207 mix-up defence). */
  ISSUER_MISMATCH: 'ERR_OAUTHFLOW_ISSUER_MISMATCH',
  /** The storage holds no credentials for the key, or they cannot be refreshed. */
  NO_CREDENTIALS: 'ERR_OAUTHFLOW_NO_CREDENTIALS',
  /** The storage backend failed, is unreachable, or holds data it cannot read. */
  STORAGE: 'ERR_OAUTHFLOW_STORAGE',
  /** A storage lock could not be acquired in time. */
  LOCK_TIMEOUT: 'ERR_OAUTHFLOW_LOCK_TIMEOUT',
  /** A storage lock was lost while held (its lease ran out, its connection dropped): the work it guarded was not done. */
  LOCK_LOST: 'ERR_OAUTHFLOW_LOCK_LOST',
  /** A conditional save or delete found the record at another revision (or gone): read it again. */
  REVISION_CONFLICT: 'ERR_OAUTHFLOW_REVISION_CONFLICT',
  /** The server answered something that is not a valid OAuth 2.0 response (5xx, non-JSON, no access_token). */
  INVALID_RESPONSE: 'ERR_OAUTHFLOW_INVALID_RESPONSE',
  /** The server could not be reached or did not answer in time. */
  NETWORK: 'ERR_OAUTHFLOW_NETWORK',
  /** An API request answered with an HTTP error status. */
  API_REQUEST: 'ERR_OAUTHFLOW_API_REQUEST',
  /** A self-imposed limit (e.g. an API quota budget) stopped a request before it was sent. */
  QUOTA_LIMIT: 'ERR_OAUTHFLOW_QUOTA_LIMIT',
  /** The user or the caller gave up waiting (timeout, AbortSignal). */
  ABORTED: 'ERR_OAUTHFLOW_ABORTED',
} as const;

/** One of the values of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Options shared by every oauthflow error. */
export interface OAuthFlowErrorOptions {
  code?: ErrorCode;
  /** The underlying error. Pass it through {@link safeCause} first if it may carry secrets. */
  cause?: unknown;
}

/**
 * The base of every error oauthflow throws. Its message, `toJSON()` and `util.inspect` output
 * never contain tokens, codes, verifiers or client secrets.
 */
export class OAuthFlowError extends Error {
  readonly code: ErrorCode;

  constructor(message: string, options: OAuthFlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? ErrorCodes.CONFIGURATION;
  }

  /** The fields safe to log: name, code, message and the subclass's own public fields. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [field, value] of Object.entries(this)) {
      if (value !== undefined) json[field] = value;
    }
    if (this.cause !== undefined) json['cause'] = describeCause(this.cause);
    return json;
  }

  /** `util.inspect` shows the safe JSON view and the stack, never a raw cause object. */
  [inspect.custom](): string {
    const { name, message, ...rest } = this.toJSON();
    const stackFrames = (this.stack ?? '').split('\n').slice(1).join('\n');
    return `${String(name)}: ${String(message)}\n${stackFrames}\n${inspect(rest)}`;
  }
}

/** A cause as one line (name, code, message): test runners and loggers print strings reliably. */
function describeCause(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return String(cause);
  // Not always an Error: test runners replace causes with plain (even prototype-less) copies.
  const { name, code, message } = cause as { name?: unknown; code?: unknown; message?: unknown };
  return `${typeof name === 'string' ? name : 'Error'}${typeof code === 'string' ? ` [${code}]` : ''}: ${typeof message === 'string' ? message : ''}`;
}

/** A setting given to oauthflow is missing or malformed. */
export class ConfigurationError extends OAuthFlowError {
  constructor(message: string, options: Omit<OAuthFlowErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: ErrorCodes.CONFIGURATION });
  }
}

/** Fields of an OAuth 2.0 error response (RFC 6749 §5.2). */
export interface OAuth2ErrorFields {
  /** The `error` code, e.g. `invalid_grant`, `access_denied`. */
  error: string;
  errorDescription?: string;
  errorUri?: string;
  /** The HTTP status of the response; undefined for an error delivered in a redirect. */
  status?: number;
}

/** The authorization server refused a request with an OAuth 2.0 `error`. */
export class OAuth2Error extends OAuthFlowError {
  readonly error: string;
  readonly errorDescription?: string;
  readonly errorUri?: string;
  readonly status?: number;

  constructor(message: string, fields: OAuth2ErrorFields, options: Omit<OAuthFlowErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: ErrorCodes.OAUTH2 });
    this.error = fields.error;
    if (fields.errorDescription !== undefined) this.errorDescription = fields.errorDescription;
    if (fields.errorUri !== undefined) this.errorUri = fields.errorUri;
    if (fields.status !== undefined) this.status = fields.status;
  }
}

/** A callback's `state` is unknown, expired, already used, or missing. */
export class StateMismatchError extends OAuthFlowError {
  constructor(message: string) {
    super(message, { code: ErrorCodes.STATE_MISMATCH });
  }
}

/**
 * An authorization response's `iss` is not the issuer the authorization was sent to, or is
 * missing although the server's metadata says it sends one: the response may come from another
 * server (a mix-up attack, RFC 9207 §2.4). The code it carries is never exchanged.
 */
export class IssuerMismatchError extends OAuthFlowError {
  constructor(message: string) {
    super(message, { code: ErrorCodes.ISSUER_MISMATCH });
  }
}

/** No usable credentials are stored for a key: the user has to authorize (log in) again. */
export class NoCredentialsError extends OAuthFlowError {
  readonly key: string;

  constructor(message: string, key: string, options: Omit<OAuthFlowErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: ErrorCodes.NO_CREDENTIALS });
    this.key = key;
  }
}

/** The storage backend failed or holds unreadable data. Stored credentials are left as they were. */
export class StorageError extends OAuthFlowError {
  constructor(message: string, options: OAuthFlowErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? ErrorCodes.STORAGE });
  }
}

/** The server's answer is not a usable OAuth 2.0 response (a 5xx, a non-JSON body, no access_token). */
export class InvalidResponseError extends OAuthFlowError {
  readonly status?: number;
  /** Seconds to wait before trying again, from a `Retry-After` header. */
  readonly retryAfter?: number;

  constructor(message: string, fields: { status?: number; retryAfter?: number } = {}, options: Omit<OAuthFlowErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: ErrorCodes.INVALID_RESPONSE });
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.retryAfter !== undefined) this.retryAfter = fields.retryAfter;
  }
}

/** The server could not be reached, or did not answer in time. */
export class NetworkError extends OAuthFlowError {
  constructor(message: string, options: Omit<OAuthFlowErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: ErrorCodes.NETWORK });
  }
}

/** An API request answered with an HTTP error status. `body` is the parsed response body. */
export class APIRequestError extends OAuthFlowError {
  readonly status: number;
  readonly body: unknown;
  readonly method: string;
  /** The request URL without its query string (queries may carry keys). */
  readonly url: string;
  /** Seconds to wait before trying again, from a `Retry-After` header. */
  readonly retryAfter?: number;

  constructor(
    message: string,
    fields: { status: number; body: unknown; method: string; url: string; retryAfter?: number },
    options: Omit<OAuthFlowErrorOptions, 'code'> = {},
  ) {
    super(message, { ...options, code: ErrorCodes.API_REQUEST });
    this.status = fields.status;
    this.body = fields.body;
    this.method = fields.method;
    this.url = fields.url;
    if (fields.retryAfter !== undefined) this.retryAfter = fields.retryAfter;
  }
}

/**
 * A copy of an error that keeps only its name, message and code: HTTP client errors carry the
 * request (with its Authorization header and form body), which must never travel as a `cause`.
 */
export function safeCause(error: unknown): Error {
  if (error instanceof OAuthFlowError) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
