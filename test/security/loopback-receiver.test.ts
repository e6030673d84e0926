/**
 * The loopback receiver under attack from the same machine: while a sign-in waits, other local
 * processes (or a web page through DNS rebinding) send it junk and forged redirects. None may
 * crash it, end the wait or get a code exchanged; the real redirect still completes the sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage, OAuth2AuthorizationFlow, type Credentials } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { getWithHost, hostileRequests } from './helpers.js';

let server: AuthorizationServer;

beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await server?.close();
});

/** Starts retrieveToken() in loopback mode; resolves once the authorization URL is shown. */
async function startSignIn(flow: OAuth2AuthorizationFlow) {
  let shown!: (url: string) => void;
  const urlShown = new Promise<string>((resolve) => {
    shown = resolve;
  });
  const done: Promise<Credentials> = flow.retrieveToken({ mode: 'loopback', timeoutMs: 60_000, openUrl: (url) => shown(url) });
  done.catch(() => undefined);
  const url = await urlShown;
  const query = new URL(url).searchParams;
  const redirectUri = new URL(query.get('redirect_uri')!);
  return { url, done, state: query.get('state')!, port: Number(redirectUri.port), path: redirectUri.pathname };
}

const discovered = () =>
  OAuth2AuthorizationFlow.discover(
    server.issuer,
    {
      client_id: server.clients.public.client_id,
      scope: 'openid api:read',
      redirect_uri: 'http://127.0.0.1/callback',
    },
    {},
    {},
    { storage: new MemoryStorage() },
  );

describe('the loopback receiver', { timeout: 60_000 }, () => {
  it('refuses every hostile request with a 4xx page, keeps listening, and the real redirect still signs in', async () => {
    const flow = await discovered();
    expect(flow.issuerRequiredInResponse).toBe(true);
    const tokenCalls = () => server.stats().token['authorization_code'] ?? 0;
    const callsBefore = tokenCalls();
    const { url, done, state, port, path } = await startSignIn(flow);

    for (const [what, send] of hostileRequests(port, path, state)) {
      const answer = await send();
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      // Whatever the request carried is escaped, never markup.
      expect(answer.body, what).not.toContain('<script>');
    }
    // The right state without the iss this server always sends: refused too (RFC 9207).
    const noIss = await getWithHost(port, `${path}?code=attacker-code&state=${state}`, `127.0.0.1:${port}`);
    expect(noIss.status).toBe(400);
    expect(noIss.body).toMatch(/carries no iss/);
    const evilIss = await getWithHost(port, `${path}?code=attacker-code&state=${state}&iss=https%3A%2F%2Fevil.example`, `127.0.0.1:${port}`);
    expect(evilIss.status).toBe(400);
    expect(evilIss.body).toContain('not the sign-in in progress');
    expect(evilIss.body).toMatch(/comes from issuer &#34;https:\/\/evil\.example&#34;/);
    // No forged code reached the token endpoint.
    expect(tokenCalls()).toBe(callsBefore);

    const redirect = await server.authorize(url);
    expect(new URL(redirect).searchParams.get('iss')).toBe(server.issuer);
    const page = await fetch(redirect);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Signed in · oauthflow</title>');
    expect(html).toContain('You can close this tab and go back to the terminal.');
    expect(html).not.toMatch(/[{[]\s*"/); // no raw JSON
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const credentials = await done;
    expect(credentials.accessToken).toBeTruthy();
    expect((await flow.storage.get())?.accessToken).toBe(credentials.accessToken);
    expect(tokenCalls()).toBe(callsBefore + 1);
    // The port is closed once the sign-in ended.
    await expect(fetch(`http://127.0.0.1:${port}${path}`)).rejects.toThrow();
  });

  it("a redirect that the user denied ends the wait with the server's error and a finished failure page", async () => {
    const flow = await discovered();
    const { url, done } = await startSignIn(flow);
    const page = await fetch(await server.authorize(url, { deny: true }));
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<title>Sign-in failed · oauthflow</title>');
    expect(html).toContain('access_denied');
    expect(html).toContain('run the command again');
    await expect(done).rejects.toMatchObject({ code: 'ERR_OAUTHFLOW_OAUTH2', error: 'access_denied' });
  });

  it('junk does not keep a sign-in alive: the timeout still ends it and closes the port', async () => {
    const flow = await discovered();
    let shown!: (url: string) => void;
    const urlShown = new Promise<string>((resolve) => {
      shown = resolve;
    });
    const done = flow.retrieveToken({ mode: 'loopback', timeoutMs: 1500, openUrl: (url) => shown(url) });
    done.catch(() => undefined);
    const redirectUri = new URL(new URL(await urlShown).searchParams.get('redirect_uri')!);
    const port = Number(redirectUri.port);
    expect((await getWithHost(port, `${redirectUri.pathname}?code=x&state=junk`, redirectUri.host)).status).toBe(400);
    await expect(done).rejects.toMatchObject({ code: 'ERR_OAUTHFLOW_ABORTED' });
    await expect(fetch(`http://127.0.0.1:${port}${redirectUri.pathname}`)).rejects.toThrow();
  });

  it('other paths get a 404 and do not disturb the wait; a flow without a known issuer still checks the state', async () => {
    const flow = new OAuth2AuthorizationFlow(
      {
        client_id: server.clients.public.client_id,
        auth_uri: server.endpoints.authorization,
        token_uri: server.endpoints.token,
        scope: 'openid api:read',
        redirect_uri: 'http://127.0.0.1/callback',
      },
      {},
      {},
      { storage: new MemoryStorage() },
    );
    const { url, done, port, path } = await startSignIn(flow);
    const host = `127.0.0.1:${port}`;
    expect((await getWithHost(port, '/favicon.ico', host)).status).toBe(404);
    expect((await getWithHost(port, `${path}?code=x&state=junk`, host)).status).toBe(400);
    const page = await fetch(await server.authorize(url));
    expect(page.status).toBe(200);
    await expect(done).resolves.toBeDefined();
  });
});
