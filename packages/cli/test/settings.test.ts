import { describe, expect, it } from 'vitest';
import type { SavedClient } from '../src/runtime/saved-clients.js';
import { clientInput, type Settings } from '../src/runtime/settings.js';

function settings(env: Record<string, string>, config: Settings['config']['config'] = {}, key = 'default'): Settings {
  return { env, config: { path: '/x/config.json', config }, storeUri: 'memory:', storeIsDefault: false, key };
}

const saved: SavedClient = {
  version: 1, provider: 'https://saved.example', issuer: 'https://saved.example', clientId: 'saved-client', confidential: true,
  authUri: 'https://saved.example/auth', tokenUri: 'https://saved.example/token', scope: ['openid'], redirectUri: 'http://127.0.0.1/callback',
  extraAuth: {}, grant: 'device_code', savedAt: '2025-01-01T00:00:00.000Z',
};

describe('clientInput', () => {
  it('login: flags, then environment, then config (per key first), then the saved client', () => {
    const s = settings(
      { OAUTHFLOW_CLIENT_ID: 'env-client', OAUTHFLOW_SCOPE: 'a,b c' },
      { provider: 'https://saved.example', clientId: 'config-client', redirectUri: 'http://127.0.0.1:9/cb', keys: { default: { clientId: 'key-client', clientSecret: 'config-secret' } } },
    );
    expect(clientInput(s, { clientId: 'flag-client' }, saved, 'login')).toEqual({
      provider: 'https://saved.example', clientId: 'flag-client', clientSecret: 'config-secret', scope: ['a', 'b', 'c'],
      redirectUri: 'http://127.0.0.1:9/cb', extraAuth: {},
    });
    expect(clientInput(s, {}, saved, 'login').clientId).toBe('env-client');
  });

  it('login: a different provider discards the saved client; discovered endpoints are not reused', () => {
    expect(clientInput(settings({}), { provider: 'https://other.example' }, saved, 'login')).toEqual({ provider: 'https://other.example' });
    expect(clientInput(settings({}), {}, saved, 'login')).not.toHaveProperty('tokenUri');
  });

  it('use: the saved client wins over environment and config; the secret never comes from it', () => {
    const s = settings({ OAUTHFLOW_CLIENT_ID: 'env-client', OAUTHFLOW_ISSUER: 'https://env.example', OAUTHFLOW_CLIENT_SECRET: 'env-secret' });
    expect(clientInput(s, {}, saved, 'use')).toMatchObject({
      provider: 'https://saved.example', clientId: 'saved-client', tokenUri: 'https://saved.example/token', grant: 'device_code', confidential: true, clientSecret: 'env-secret',
    });
    expect(clientInput(s, { clientId: 'flag-client' }, saved, 'use').clientId).toBe('flag-client');
    expect(clientInput(s, { provider: 'https://flag.example' }, saved, 'use')).toMatchObject({ provider: 'https://flag.example', clientId: 'env-client' });
    expect(clientInput(settings({}), {}, saved, 'use')).not.toHaveProperty('clientSecret');
  });
});
