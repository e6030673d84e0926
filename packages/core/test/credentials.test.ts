import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Credentials, InvalidResponseError, StorageError } from '@oauthflow/core';

describe('Credentials', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const response = {
    access_token: 'at-secret',
    token_type: 'bearer',
    refresh_token: 'rt-secret',
    expires_in: 3600,
    scope: 'openid api:read',
    id_token: 'id.token.sig',
    refresh_token_expires_in: 7200,
  };

  it('parses a token response, turning expires_in into an absolute expiry', () => {
    const c = Credentials.fromTokenResponse(response, now);
    expect(c.accessToken).toBe('at-secret');
    expect(c.tokenType).toBe('Bearer');
    expect(c.refreshToken).toBe('rt-secret');
    expect(c.expiresAt?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(c.lifetimeSeconds).toBe(3600);
    expect(c.scope).toEqual(['openid', 'api:read']);
    expect(c.idToken).toBe('id.token.sig');
    expect(c.extra).toEqual({});
    expect(c.refreshTokenExpiresAt).toEqual(new Date(now.getTime() + 7200_000));
  });

  it('round-trips every field through toJSON/fromJSON, dates as dates and scopes as arrays', () => {
    const c = Credentials.fromTokenResponse({ ...response, expires_in: 1.5 }, new Date(1_700_000_000_123));
    const back = Credentials.fromJSON(JSON.parse(JSON.stringify(c.toStored())));
    expect(back.expiresAt).toBeInstanceOf(Date);
    expect(back.expiresAt?.getTime()).toBe(c.expiresAt?.getTime());
    expect(back.issuedAt?.getTime()).toBe(c.issuedAt?.getTime());
    expect(back.scope).toEqual(['openid', 'api:read']);
    expect(back.extra).toEqual(c.extra);
    expect(back.toStored()).toEqual(c.toStored());
    expect(c.toStored().version).toBe(1);
  });

  it('is immutable', () => {
    const c = Credentials.fromTokenResponse(response, now);
    expect(() => {
      (c as { accessToken: string }).accessToken = 'x';
    }).toThrow(TypeError);
    expect(() => {
      (c.scope as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('expired() honours the skew; no expiry never expires', () => {
    const c = Credentials.fromTokenResponse(response, now);
    expect(c.expired(0, now.getTime())).toBe(false);
    expect(c.expired(3599, now.getTime())).toBe(false);
    expect(c.expired(3600, now.getTime())).toBe(true);
    expect(c.expired(0, now.getTime() + 3600_000)).toBe(true);
    expect(new Credentials({ accessToken: 'a' }).expired(1e9)).toBe(false);
  });

  it('rejects token responses without an access_token with a typed error', () => {
    expect(() => Credentials.fromTokenResponse({ token_type: 'Bearer' })).toThrow(InvalidResponseError);
    expect(() => Credentials.fromTokenResponse('<html>')).toThrow(InvalidResponseError);
    expect(() => Credentials.fromTokenResponse({ access_token: 'a', expires_in: 'soon' })).toThrow(InvalidResponseError);
  });

  it('rejects stored data of another version or shape with a StorageError', () => {
    expect(() => Credentials.fromJSON({ access_token: 'a' })).toThrow(StorageError);
    expect(() => Credentials.fromJSON({ version: 2, access_token: 'a' })).toThrow(/unknown version/);
    expect(() => Credentials.fromJSON({ version: 1, access_token: 'a', expires_at: 'x' })).toThrow(StorageError);
    expect(() => Credentials.fromJSON(null)).toThrow(StorageError);
  });

  it('never shows a token in util.inspect or String()', () => {
    const c = Credentials.fromTokenResponse(response, now);
    for (const text of [inspect(c), String(c), inspect({ nested: c })]) {
      expect(text).not.toContain('secret');
      expect(text).not.toContain('id.token.sig');
    }
  });
});

describe('Credentials in logs', () => {
  it('JSON.stringify, String and util.inspect show fingerprints and fields, never a token', () => {
    const credentials = new Credentials({
      accessToken: 'ya29.secret-access-token-value',
      refreshToken: '1//secret-refresh-token-value',
      idToken: 'eyJ.secret-id-token.sig',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      scope: ['openid', 'email'],
      extra: { provider_field: 'x' },
    });
    const json = JSON.parse(JSON.stringify({ credentials })) as { credentials: Record<string, unknown> };
    expect(json.credentials).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
      refreshToken: expect.stringMatching(/^sha256:/),
      expiresAt: '2030-01-01T00:00:00.000Z',
      scope: 'openid email',
      extra: ['provider_field'],
    });
    for (const view of [JSON.stringify(credentials), String(credentials), inspect({ credentials }, { depth: 5 })]) {
      expect(view).not.toMatch(/secret-(access|refresh|id)-token/);
    }
    // The stored form, for adapters, still has everything.
    expect(credentials.toStored()).toMatchObject({ access_token: 'ya29.secret-access-token-value', refresh_token: '1//secret-refresh-token-value' });
  });
});
