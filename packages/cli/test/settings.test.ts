import { describe, expect, it } from 'vitest';
import type { StoredClient } from '../src/runtime/stored-client.js';
import { clientInput, type Settings } from '../src/runtime/settings.js';

function settings(env: Record<string, string>, config: Settings['config']['config'] = {}, key = 'default'): Settings {
  return { env, config: { path: '/x/config.json', config }, storeUri: 'memory:', storeIsDefault: false, key };
}

const client: StoredClient['client'] = {
  version: 1,
  provider: 'https://saved.example',
  issuer: 'https://saved.example',
  clientId: 'saved-client',
  confidential: true,
  authUri: 'https://saved.example/auth',
  tokenUri: 'https://saved.example/token',
  scope: ['openid'],
  redirectUri: 'http://127.0.0.1/callback',
  extraAuth: {},
  grant: 'device_code',
  savedAt: '2025-01-01T00:00:00.000Z',
};
/** A key logged in with --no-save-secret (or by an older CLI): its settings without the secret. */
const saved: StoredClient = { client };
/** A key whose secret is stored with it. */
const withStoredSecret: StoredClient = { client, secret: 'stored-secret' };
const publicClient: StoredClient = { client: { ...client, confidential: false } };

describe('clientInput', () => {
  it('login: flags, then environment, then config (per key first), then the saved client', () => {
    const s = settings(
      { OAUTHFLOW_CLIENT_ID: 'env-client', OAUTHFLOW_SCOPE: 'a,b c' },
      {
        provider: 'https://saved.example',
        clientId: 'config-client',
        redirectUri: 'http://127.0.0.1:9/cb',
        keys: { default: { clientId: 'key-client', clientSecret: 'config-secret' } },
      },
    );
    expect(clientInput(s, { clientId: 'flag-client' }, saved, 'login')).toEqual({
      provider: 'https://saved.example',
      clientId: 'flag-client',
      clientSecret: 'config-secret',
      scope: ['a', 'b', 'c'],
      redirectUri: 'http://127.0.0.1:9/cb',
      extraAuth: {},
      clientIdFrom: '--client-id',
      secretFrom: '"keys.default.clientSecret" in /x/config.json',
    });
    expect(clientInput(s, {}, saved, 'login').clientId).toBe('env-client');
  });

  it('login: a different provider discards the saved client; discovered endpoints are not reused', () => {
    expect(clientInput(settings({}), { provider: 'https://other.example' }, saved, 'login')).toEqual({ provider: 'https://other.example' });
    expect(clientInput(settings({}), {}, saved, 'login')).not.toHaveProperty('tokenUri');
  });

  it('use: the stored client wins over environment and config', () => {
    const s = settings({ OAUTHFLOW_CLIENT_ID: 'env-client', OAUTHFLOW_ISSUER: 'https://env.example', OAUTHFLOW_CLIENT_SECRET: 'env-secret' });
    expect(clientInput(s, {}, saved, 'use')).toMatchObject({
      provider: 'https://saved.example',
      clientId: 'saved-client',
      tokenUri: 'https://saved.example/token',
      grant: 'device_code',
      confidential: true,
      clientIdFrom: 'the client settings stored with key "default"',
    });
    expect(clientInput(s, { clientId: 'flag-client' }, saved, 'use').clientId).toBe('flag-client');
    expect(clientInput(s, { provider: 'https://flag.example' }, saved, 'use')).toMatchObject({ provider: 'https://flag.example', clientId: 'env-client' });
    expect(clientInput(settings({}), {}, saved, 'use')).not.toHaveProperty('clientSecret');
  });
});

describe('clientInput: which client a secret is for', () => {
  const env = (extra: Record<string, string> = {}) => settings({ OAUTHFLOW_CLIENT_SECRET: 'env-secret', ...extra });

  it('the stored secret, named as its source', () => {
    expect(clientInput(settings({}), {}, withStoredSecret, 'use')).toMatchObject({
      clientSecret: 'stored-secret',
      secretFrom: 'the client secret stored with key "default"',
    });
  });

  it("after login, OAUTHFLOW_CLIENT_SECRET only with OAUTHFLOW_CLIENT_ID naming the key's client; then it overrides the stored one", () => {
    const alone = clientInput(env(), {}, saved, 'use');
    expect(alone).not.toHaveProperty('clientSecret');
    expect(alone.secretsNotUsed).toEqual(["OAUTHFLOW_CLIENT_SECRET is used after login only with OAUTHFLOW_CLIENT_ID naming the key's client"]);
    expect(clientInput(env(), {}, withStoredSecret, 'use')).toMatchObject({ clientSecret: 'stored-secret' });
    expect(clientInput(env({ OAUTHFLOW_CLIENT_ID: 'saved-client' }), {}, withStoredSecret, 'use')).toMatchObject({
      clientSecret: 'env-secret',
      secretFrom: 'OAUTHFLOW_CLIENT_SECRET',
    });
  });

  it('a re-login reuses the stored secret only for the same client', () => {
    expect(clientInput(settings({}), {}, withStoredSecret, 'login')).toMatchObject({ clientId: 'saved-client', clientSecret: 'stored-secret' });
    expect(clientInput(settings({}), { clientId: 'another' }, withStoredSecret, 'login')).not.toHaveProperty('clientSecret');
  });

  it('never to a key whose login used a public client', () => {
    const input = clientInput(env({ OAUTHFLOW_CLIENT_ID: 'saved-client' }), {}, publicClient, 'use');
    expect(input).not.toHaveProperty('clientSecret');
    expect(input.secretsNotUsed).toEqual(['OAUTHFLOW_CLIENT_SECRET is not sent: key "default" logged in with a public client']);
  });

  it('not when OAUTHFLOW_CLIENT_ID names another client, at login too', () => {
    const input = clientInput(env({ OAUTHFLOW_CLIENT_ID: 'other-client' }), {}, saved, 'use');
    expect(input).not.toHaveProperty('clientSecret');
    expect(input.secretsNotUsed).toEqual(['OAUTHFLOW_CLIENT_SECRET is for client "other-client" (OAUTHFLOW_CLIENT_ID), not "saved-client"']);
    expect(
      clientInput(env({ OAUTHFLOW_CLIENT_ID: 'other-client' }), { clientId: 'cli-client', provider: 'https://x.example' }, undefined, 'login'),
    ).not.toHaveProperty('clientSecret');
    expect(clientInput(env(), { clientId: 'cli-client', provider: 'https://x.example' }, undefined, 'login')).toMatchObject({ clientSecret: 'env-secret' });
  });

  it('--client-secret and keys.<key>.clientSecret are explicit: always used; the top-level clientSecret pairs with clientId', () => {
    expect(clientInput(env(), { clientSecret: 'flag-secret' }, publicClient, 'use')).toMatchObject({
      clientSecret: 'flag-secret',
      secretFrom: '--client-secret',
    });
    const config = settings({}, { clientId: 'other-client', clientSecret: 'top-secret', keys: { work: { clientSecret: 'work-secret' } } });
    expect(clientInput(config, {}, saved, 'use')).not.toHaveProperty('clientSecret');
    expect(clientInput({ ...config, key: 'work' }, {}, saved, 'use')).toMatchObject({
      clientSecret: 'work-secret',
      secretFrom: '"keys.work.clientSecret" in /x/config.json',
    });
  });
});
