import { describe, expect, it } from 'vitest';
import { ConfigurationError, ErrorCodes, NetworkError, OAuthFlowError } from '@oauthflow/core';
import { unreachable } from '../src/runtime/discover.js';

/** Core's discovery failure, as it wraps the last attempt's error. */
function noMetadata(cause: Error): OAuthFlowError {
  return new OAuthFlowError('No OAuth 2.0 metadata found for https://auth.example.com (tried OpenID Connect discovery and RFC 8414)', {
    code: ErrorCodes.NETWORK,
    cause,
  });
}

describe('unreachable (discovery errors)', () => {
  it('names an unknown host and a refused connection, from the cause chain', () => {
    const dns = unreachable(noMetadata(new NetworkError('Cannot reach the discovery endpoint: ENOTFOUND')), 'https://auth.example.com');
    expect(dns).toBeInstanceOf(NetworkError);
    expect(dns?.message).toBe(
      'Cannot discover the endpoints of https://auth.example.com: the host auth.example.com is unknown (ENOTFOUND); check the --provider URL and that the server is up',
    );
    const refused = unreachable(noMetadata(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' })), 'https://auth.example.com:8443/tenant');
    expect(refused?.message).toContain('auth.example.com:8443 could not be reached (ECONNREFUSED)');
  });

  it('leaves other failures alone: a server without metadata, a configuration error', () => {
    expect(unreachable(noMetadata(new Error('The discovery endpoint answered HTTP 404')), 'https://auth.example.com')).toBeUndefined();
    expect(unreachable(new ConfigurationError('names another issuer'), 'https://auth.example.com')).toBeUndefined();
  });
});
