import { describe, expect, it } from 'vitest';
import { ConfigurationError, OAuth2AuthorizationFlow, type RequiredParams } from '@oauthflow/core';

const good: RequiredParams = {
  client_id: 'id',
  client_secret: 'shh',
  auth_uri: 'https://as.example/auth',
  token_uri: 'https://as.example/token',
  scope: ['a', 'b'],
  redirect_uri: 'http://127.0.0.1/callback',
};

describe('required params', () => {
  it('accepts pyoauth2-style params', () => {
    expect(() => new OAuth2AuthorizationFlow(good, { response_type: 'code', access_type: 'offline' }, { grant_type: 'authorization_code' })).not.toThrow();
  });

  it.each([
    [{ client_id: '' }, /client_id/],
    [{ client_id: undefined }, /client_id/],
    [{ auth_uri: 'not a url' }, /auth_uri is not a valid/],
    [{ token_uri: undefined }, /token_uri is missing/],
    [{ token_uri: 'http://as.example/token' }, /token_uri must use https/],
    [{ auth_uri: 'ftp://as.example/auth' }, /auth_uri must be an https URL/],
    [{ redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' }, /out-of-band/],
    [{ redirect_uri: 'http://example.com/cb' }, /redirect_uri must use https/],
    [{ scope: 42 }, /scope/],
    [{ client_secret: '' }, /client_secret/],
    [{ client_id: 'clïent' }, /printable ASCII/],
    [{ client_secret: 'sécret' }, /printable ASCII/],
  ])('refuses %o with a ConfigurationError naming it', (change, message) => {
    const make = () => new OAuth2AuthorizationFlow({ ...good, ...change } as unknown as RequiredParams);
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(message);
  });

  it('allows http only for loopback endpoints', () => {
    expect(() => new OAuth2AuthorizationFlow({ ...good, token_uri: 'http://127.0.0.1:8080/token' })).not.toThrow();
    expect(() => new OAuth2AuthorizationFlow({ ...good, token_uri: 'http://localhost:8080/token' })).not.toThrow();
  });

  it('refuses extra params that would break the flow', () => {
    expect(() => new OAuth2AuthorizationFlow(good, { response_type: 'token' })).toThrow(/response_type/);
    expect(() => new OAuth2AuthorizationFlow(good, { state: 'fixed' })).toThrow(/state is set by the flow/);
    expect(() => new OAuth2AuthorizationFlow(good, {}, { grant_type: 'password' })).toThrow(/grant_type/);
    expect(() => new OAuth2AuthorizationFlow(good, { access_type: 1 as unknown as string })).toThrow(/access_type must be a string/);
  });

  it('never puts the client secret in a configuration error', () => {
    try {
      new OAuth2AuthorizationFlow({ ...good, token_uri: 'nope' });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('shh');
      expect(String(error)).not.toContain('shh');
    }
  });
});
