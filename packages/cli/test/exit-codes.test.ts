import { describe, expect, it } from 'vitest';
import {
  APIRequestError,
  ConfigurationError,
  ErrorCodes,
  InvalidResponseError,
  NetworkError,
  NoCredentialsError,
  OAuth2Error,
  OAuthFlowError,
  StateMismatchError,
  StorageError,
} from '@oauthflow/core';
import { ExitCodes, exitCodeFor } from '../src/exit-codes.js';

describe('exitCodeFor', () => {
  it('1 for user errors', () => {
    expect(exitCodeFor(new ConfigurationError('bad'))).toBe(ExitCodes.USER);
    expect(exitCodeFor(new StateMismatchError('forged'))).toBe(ExitCodes.USER);
    expect(exitCodeFor(new OAuthFlowError('gave up', { code: ErrorCodes.ABORTED }))).toBe(ExitCodes.USER);
    for (const error of ['invalid_client', 'invalid_scope', 'access_denied', 'unauthorized_client', 'expired_token']) {
      expect(exitCodeFor(new OAuth2Error('no', { error, status: 400 })), error).toBe(ExitCodes.USER);
    }
    expect(exitCodeFor(new TypeError('a bug'))).toBe(ExitCodes.USER);
    expect(exitCodeFor('a string')).toBe(ExitCodes.USER);
  });

  it('2 for server, network and store failures', () => {
    expect(exitCodeFor(new NetworkError('ECONNREFUSED'))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new InvalidResponseError('502', { status: 502 }))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new StorageError('redis down'))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new StorageError('busy', { code: ErrorCodes.LOCK_TIMEOUT }))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new OAuth2Error('oops', { error: 'server_error', status: 500 }))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new OAuth2Error('busy', { error: 'temporarily_unavailable' }))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new OAuth2Error('odd', { error: 'invalid_client', status: 503 }))).toBe(ExitCodes.SERVER);
    expect(exitCodeFor(new APIRequestError('404', { status: 404, body: '', method: 'GET', url: 'https://x' }))).toBe(ExitCodes.SERVER);
    // Discovery failures are plain OAuthFlowErrors with the network code.
    expect(exitCodeFor(new OAuthFlowError('no metadata', { code: ErrorCodes.NETWORK }))).toBe(ExitCodes.SERVER);
  });

  it('3 when the login is gone', () => {
    expect(exitCodeFor(new NoCredentialsError('none', 'default'))).toBe(ExitCodes.NEEDS_LOGIN);
    expect(exitCodeFor(new OAuth2Error('revoked', { error: 'invalid_grant', status: 400 }))).toBe(ExitCodes.NEEDS_LOGIN);
    expect(exitCodeFor(new APIRequestError('401', { status: 401, body: '', method: 'GET', url: 'https://x' }))).toBe(ExitCodes.NEEDS_LOGIN);
  });
});
