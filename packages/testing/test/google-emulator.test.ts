import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../src/index.js';

// Google's wire behaviour, request by request, with plain fetch.
let google: GoogleEmulator;

beforeAll(async () => {
  google = await startGoogleEmulator({ deviceInterval: 1 });
});
afterAll(async () => {
  await google?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function post(url: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, form(fields));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function codeFor(params: Record<string, string> = {}): Promise<{ code: string; verifier: string; redirect: URL }> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(google.endpoints.authorization);
  const query = {
    client_id: google.clients.desktop.client_id,
    redirect_uri: 'http://127.0.0.1:8765/',
    response_type: 'code',
    scope: 'openid email',
    access_type: 'offline',
    prompt: 'consent',
    state: 's1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const redirect = new URL(await google.authorize(url.href));
  return { code: redirect.searchParams.get('code') ?? '', verifier, redirect };
}

const desktop = () => ({ client_id: google.clients.desktop.client_id, client_secret: google.clients.desktop.client_secret });

describe('authorization endpoint', () => {
  it('redirects with code, state and the granted scopes; refuses unregistered redirects and unknown clients with an error page', async () => {
    const { redirect } = await codeFor();
    expect(redirect.searchParams.get('state')).toBe('s1');
    expect(redirect.searchParams.get('scope')).toBe('openid https://www.googleapis.com/auth/userinfo.email');
    await expect(codeFor({ redirect_uri: 'https://evil.example/' })).rejects.toThrow(/redirect_uri_mismatch/);
    await expect(codeFor({ client_id: 'nobody.apps.googleusercontent.com' })).rejects.toThrow(/invalid_client/);
    const denied = new URL(google.endpoints.authorization);
    for (const [name, value] of Object.entries({
      client_id: google.clients.web.client_id,
      redirect_uri: 'https://localhost/',
      response_type: 'code',
      scope: 'email',
      state: 'x',
    })) {
      denied.searchParams.set(name, value);
    }
    expect(new URL(await google.authorize(denied.href, { deny: true })).searchParams.get('error')).toBe('access_denied');
  });
});

describe('token endpoint', () => {
  it('answers Google-shaped tokens; a refresh carries no refresh_token and the old one keeps working', async () => {
    const { code, verifier } = await codeFor();
    const exchanged = await post(google.endpoints.token, {
      ...desktop(),
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1:8765/',
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, scope: 'openid https://www.googleapis.com/auth/userinfo.email' });
    expect(exchanged.body['refresh_token_expires_in']).toBeGreaterThan(604_700);
    const refreshToken = String(exchanged.body['refresh_token']);
    for (let i = 0; i < 2; i += 1) {
      const refreshed = await post(google.endpoints.token, { ...desktop(), grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body['refresh_token']).toBeUndefined();
      expect(refreshed.body['scope']).toBe('openid https://www.googleapis.com/auth/userinfo.email');
    }
    const reused = await post(google.endpoints.token, {
      ...desktop(),
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1:8765/',
    });
    expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } });
  });

  it('refuses as Google does: wrong verifier, missing or wrong secret, unknown grant type', async () => {
    const { code } = await codeFor();
    expect(
      (
        await post(google.endpoints.token, {
          ...desktop(),
          grant_type: 'authorization_code',
          code,
          code_verifier: 'x'.repeat(43),
          redirect_uri: 'http://127.0.0.1:8765/',
        })
      ).body,
    ).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    expect(await post(google.endpoints.token, { client_id: desktop().client_id, grant_type: 'refresh_token', refresh_token: 'x' })).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'client_secret is missing.' },
    });
    expect(await post(google.endpoints.token, { ...desktop(), client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'x' })).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Unauthorized' },
    });
    expect((await post(google.endpoints.token, { ...desktop(), grant_type: 'client_credentials' })).body['error']).toBe('unsupported_grant_type');
  });
});

describe('revocation endpoint', () => {
  it('one revocation ends the grant; the next one answers 400 invalid_token', async () => {
    const { code, verifier } = await codeFor();
    const tokens = (
      await post(google.endpoints.token, {
        ...desktop(),
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: 'http://127.0.0.1:8765/',
      })
    ).body;
    const revoked = await fetch(google.endpoints.revocation, form({ token: String(tokens['refresh_token']) }));
    expect(revoked.status).toBe(200);
    const again = await post(google.endpoints.revocation, { token: String(tokens['access_token']) });
    expect(again).toEqual({ status: 400, body: { error: 'invalid_token', error_description: 'Token expired or revoked' } });
    expect((await post(google.endpoints.token, { ...desktop(), grant_type: 'refresh_token', refresh_token: String(tokens['refresh_token']) })).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
  });
});

describe('device authorization endpoint', () => {
  it('answers verification_url; needs client_id in the body and a TV client; polling too fast gets slow_down', async () => {
    const tv = google.clients.tv;
    const basicOnly = await fetch(google.endpoints.deviceAuthorization, {
      ...form({ scope: 'email' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${tv.client_id}:${tv.client_secret}`).toString('base64')}`,
      },
    });
    expect(basicOnly.status).toBe(400);
    expect((await post(google.endpoints.deviceAuthorization, { client_id: desktop().client_id, scope: 'email' })).body['error_description']).toBe(
      'Invalid client type.',
    );
    expect(
      (await post(google.endpoints.deviceAuthorization, { client_id: tv.client_id, scope: 'https://www.googleapis.com/auth/gmail.readonly' })).body['error'],
    ).toBe('invalid_scope');

    const started = await post(google.endpoints.deviceAuthorization, { client_id: tv.client_id, scope: 'email' });
    expect(started.body).toMatchObject({ verification_url: `${google.issuer}/device`, expires_in: 1800, interval: 1 });
    expect(started.body['verification_uri']).toBeUndefined();
    const poll = () =>
      post(google.endpoints.token, {
        client_id: tv.client_id,
        client_secret: tv.client_secret,
        device_code: String(started.body['device_code']),
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });
    expect(await poll()).toEqual({ status: 428, body: { error: 'authorization_pending', error_description: 'Precondition Required' } });
    expect(await poll()).toEqual({ status: 403, body: { error: 'slow_down', error_description: 'Forbidden' } });
    await google.approveDevice(String(started.body['user_code']));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await poll()).body['refresh_token']).toBeDefined();
  });
});

describe('userinfo and discovery', () => {
  it('serves the test user by scope and a discovery document naming every endpoint', async () => {
    const { code, verifier } = await codeFor({ scope: 'openid email' });
    const tokens = (
      await post(google.endpoints.token, {
        ...desktop(),
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: 'http://127.0.0.1:8765/',
      })
    ).body;
    const me = (await (await fetch(google.endpoints.userinfo, { headers: { authorization: `Bearer ${String(tokens['access_token'])}` } })).json()) as Record<
      string,
      unknown
    >;
    expect(me).toMatchObject({ email: 'test.user@gmail.com', email_verified: true });
    expect(me['name']).toBeUndefined();
    expect((await fetch(google.endpoints.userinfo, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const discovery = (await (await fetch(google.endpoints.discovery)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: google.issuer,
      revocation_endpoint: google.endpoints.revocation,
      device_authorization_endpoint: google.endpoints.deviceAuthorization,
    });
  });
});
