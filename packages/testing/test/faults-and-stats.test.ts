import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.js';
import type { AuthorizationServer } from '../src/index.js';
import { REDIRECT_URI, authorizationUrl, callApi, confidentialAuth, field, pkce, postForm, publicAuth, publicCodeFlow } from './helpers.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

function clientCredentials() {
  return postForm(server.endpoints.token, { grant_type: 'client_credentials' }, confidentialAuth(server));
}

describe('stats', () => {
  it('counts token calls per grant type, failures included, and the error codes', async () => {
    const tokens = await publicCodeFlow(server);
    const refreshToken = field(tokens.json, 'refresh_token');
    const refresh = (token: string) => postForm(server.endpoints.token, { grant_type: 'refresh_token', refresh_token: token }, publicAuth(server));
    await callApi(server, field(tokens.json, 'access_token'));
    await refresh(refreshToken);
    await refresh(refreshToken); // consumed → invalid_grant (and the grant is revoked)
    await refresh('bogus');
    await clientCredentials();
    await postForm(server.endpoints.token, { grant_type: 'password', username: 'a', password: 'b' }, confidentialAuth(server));
    await postForm(server.endpoints.token, {}, confidentialAuth(server));
    await callApi(server);

    expect(server.stats()).toEqual({
      token: { authorization_code: 1, refresh_token: 3, client_credentials: 1, password: 1, unknown: 1 },
      tokenErrors: { invalid_grant: 2, unsupported_grant_type: 1, invalid_request: 1 },
      revocation: 0,
      introspection: 0,
      api: { ok: 1, unauthorized: 1 },
    });
  });

  it('hands out snapshots and resets to zero', async () => {
    await clientCredentials();
    const snapshot = server.stats();
    snapshot.token.client_credentials = 99;
    expect(server.stats().token.client_credentials).toBe(1);
    server.resetStats();
    expect(server.stats()).toEqual({ token: {}, tokenErrors: {}, revocation: 0, introspection: 0, api: { ok: 0, unauthorized: 0 } });
  });
});

describe('injectTokenFault', () => {
  it('500 once, then normal service', async () => {
    server.injectTokenFault({ kind: 'status', status: 500 });
    const faulted = await clientCredentials();
    expect(faulted.status).toBe(500);
    expect(faulted.json.error).toBe('server_error');
    expect((await clientCredentials()).status).toBe(200);
    expect(server.stats().token.client_credentials).toBe(2);
    // Injected answers are not provider errors.
    expect(server.stats().tokenErrors).toEqual({});
  });

  it('503 with Retry-After', async () => {
    server.injectTokenFault({ kind: 'status', status: 503, headers: { 'Retry-After': '2' } });
    const faulted = await clientCredentials();
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.json.error).toBe('temporarily_unavailable');
  });

  it('200 with a non-JSON body, then 200 with JSON lacking access_token', async () => {
    server.injectTokenFault({ kind: 'status', status: 200, body: '<html>proxy says hi</html>' });
    server.injectTokenFault({ kind: 'status', status: 200, body: '{"token_type":"Bearer"}' });
    const html = await clientCredentials();
    expect(html.status).toBe(200);
    expect(html.text).toBe('<html>proxy says hi</html>');
    expect(html.headers.get('content-type')).toMatch(/^text\/plain/);
    const partial = await clientCredentials();
    expect(partial.headers.get('content-type')).toMatch(/^application\/json/);
    expect(partial.json).toEqual({ token_type: 'Bearer' });
    expect((await clientCredentials()).json.access_token).toEqual(expect.any(String));
  });

  it('answers faults for any grant type without consuming the code', async () => {
    server.injectTokenFault({ kind: 'status', status: 502, body: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const faulted = await publicCodeFlow(server);
    expect(faulted.status).toBe(502);
    expect(faulted.headers.get('content-type')).toBe('text/html');
    expect(server.stats().token).toEqual({ authorization_code: 1 });
  });

  it('delay holds the answer, once', async () => {
    server.injectTokenFault({ kind: 'delay', ms: 300 });
    let started = Date.now();
    expect((await clientCredentials()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await clientCredentials();
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('a delayed call the client gave up on never reaches the provider, so a retry succeeds', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.public.client_id, challenge }));
    const form = {
      grant_type: 'authorization_code',
      code: new URL(redirect).searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: server.clients.public.client_id,
    };
    server.injectTokenFault({ kind: 'delay', ms: 400 });
    const abandoned = fetch(server.endpoints.token, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(100) });
    await expect(abandoned).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const retry = await postForm(server.endpoints.token, form, publicAuth(server));
    expect(retry.status).toBe(200);
    expect(server.stats().token).toEqual({ authorization_code: 2 });
  });

  it('counts calls whose body has no Content-Length (chunked)', async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...clientSecretPost() }).toString();
    const response = await fetch(server.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(server.stats().token).toEqual({ client_credentials: 1 });
  });

  it('rejects malformed faults at the call site', () => {
    expect(() => server.injectTokenFault({ kind: 'status', status: 42 })).toThrow(RangeError);
    expect(() => server.injectTokenFault({ kind: 'delay', ms: -1 })).toThrow(RangeError);
  });
});

function clientSecretPost(): Record<string, string> {
  return { client_id: server.clients.confidential.client_id, client_secret: server.clients.confidential.client_secret };
}

it('close() returns promptly despite keep-alive connections and in-flight delays', async () => {
  const other = await startAuthorizationServer();
  await callApi(other); // leaves a keep-alive socket open
  other.injectTokenFault({ kind: 'delay', ms: 10_000 });
  const pending = fetch(other.endpoints.token, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) }).catch(
    (error: unknown) => error,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await other.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await pending).toBeInstanceOf(Error);
  await expect(fetch(other.endpoints.api)).rejects.toThrow();
});
