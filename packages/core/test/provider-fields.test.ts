import { describe, expect, it } from 'vitest';
import { Credentials, OAuth2AuthorizationFlow, OAuth2Error } from '../src/index.js';
import { parseDeviceResponse } from '../src/grants/device-authorization.js';
import { clientHint, noRefreshTokenError } from '../src/grants/error-hints.js';

describe("refresh_token_expires_in (Google's, for apps in testing)", () => {
  it('becomes refreshTokenExpiresAt, survives the stored form, and is no longer an extra field', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const credentials = Credentials.fromTokenResponse(
      { access_token: 'a'.repeat(20), expires_in: 3599, refresh_token: 'r'.repeat(20), refresh_token_expires_in: 604_799 },
      now,
    );
    expect(credentials.refreshTokenExpiresAt?.toISOString()).toBe('2026-01-07T23:59:59.000Z');
    expect(credentials.extra).toEqual({});
    const stored = JSON.parse(JSON.stringify(credentials.toStored())) as unknown;
    expect(Credentials.fromJSON(stored).refreshTokenExpiresAt?.getTime()).toBe(credentials.refreshTokenExpiresAt?.getTime());
    expect(credentials.with({ accessToken: 'b'.repeat(20) }).refreshTokenExpiresAt?.getTime()).toBe(credentials.refreshTokenExpiresAt?.getTime());
  });

  it('refuses a negative or non-numeric value', () => {
    expect(() => Credentials.fromTokenResponse({ access_token: 'x', refresh_token_expires_in: 'soon' })).toThrow(/refresh_token_expires_in/);
  });
});

describe('device authorization responses', () => {
  it("reads Google's verification_url and verification_url_complete as RFC 8628's names; 5 s when no interval", () => {
    const parsed = parseDeviceResponse({
      device_code: 'd',
      user_code: 'ABC-DEF-GHI',
      verification_url: 'https://www.google.com/device',
      verification_url_complete: 'https://www.google.com/device?c=1',
      expires_in: 1800,
    });
    expect(parsed).toMatchObject({
      verificationUri: 'https://www.google.com/device',
      verificationUriComplete: 'https://www.google.com/device?c=1',
      interval: 5,
    });
    expect(() => parseDeviceResponse({ device_code: 'd', user_code: 'u', expires_in: 1 })).toThrow(/verification_uri \(or verification_url\)/);
  });
});

describe('no refresh token', () => {
  it('says "expired" only when the access token has expired, and always how to ask for offline access', () => {
    const expired = new Credentials({ accessToken: 'a'.repeat(20), expiresAt: new Date(Date.now() - 1000) });
    const message = noRefreshTokenError('k', expired).message;
    expect(message).toMatch(/expired and cannot be refreshed: the server issued no refresh token/);
    expect(message).toMatch(/offline_access scope/);
    expect(message).not.toContain('a'.repeat(20));
  });
});

describe('invalid_client under client_secret_basic', () => {
  const refused = () => new OAuth2Error('The authorization server refused the request: invalid_client', { error: 'invalid_client', status: 401 });

  it('suggests client_secret_post only when form-encoding changes the secret, and never shows it', () => {
    const hinted = clientHint(refused(), { secret: 'abc+def/ghi=', authentication: 'client_secret_basic' });
    expect(hinted.message).toContain("try clientAuthentication: 'client_secret_post'");
    expect(hinted.message).not.toContain('abc+def/ghi=');
    expect(hinted).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(clientHint(refused(), { secret: 'plain-secret_123', authentication: 'client_secret_basic' }).message).not.toContain('client_secret_post');
    expect(clientHint(refused(), { secret: 'abc+def', authentication: 'client_secret_post' }).message).not.toContain('try clientAuthentication');
  });
});

describe('a refresh that keeps the refresh token', () => {
  class Probe extends OAuth2AuthorizationFlow {
    merge(previous: Credentials, refreshed: Credentials): Credentials {
      return this.mergeRefreshed(previous, refreshed);
    }
  }
  const probe = new Probe({
    client_id: 'c',
    auth_uri: 'https://as.example/a',
    token_uri: 'https://as.example/t',
    scope: 's',
    redirect_uri: 'http://127.0.0.1/cb',
  });
  const expiry = new Date('2026-01-08T00:00:00Z');

  it('keeps its expiry when the response repeats none; a new refresh token brings its own (or none)', () => {
    const previous = new Credentials({ accessToken: 'a1', refreshToken: 'r1', refreshTokenExpiresAt: expiry });
    expect(probe.merge(previous, new Credentials({ accessToken: 'a2' })).refreshTokenExpiresAt).toEqual(expiry);
    const later = new Date('2026-01-09T00:00:00Z');
    expect(probe.merge(previous, new Credentials({ accessToken: 'a2', refreshTokenExpiresAt: later })).refreshTokenExpiresAt).toEqual(later);
    expect(probe.merge(previous, new Credentials({ accessToken: 'a2', refreshToken: 'r2' })).refreshTokenExpiresAt).toBeUndefined();
  });
});
