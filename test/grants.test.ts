import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ErrorCodes, MemoryStorage, OAuth2AuthorizationFlow, OAuth2Error, OAuthFlowError } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { callApi, makeFlow, requiredParams, sleep } from './helpers/flow-fixtures.js';

let server: AuthorizationServer;

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 2, deviceInterval: 1 });
});
afterAll(async () => {
  await server?.close();
});

const deviceFlow = (storage = new MemoryStorage()) => makeFlow(server, { storage, client: 'public' });

describe('retrieveToken', () => {
  it('loopback: receives the redirect on a one-shot 127.0.0.1 server and answers the browser', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    let page = '';
    const credentials = await flow.retrieveToken({
      mode: 'loopback',
      openUrl: async (url) => {
        // Play the browser without blocking the flow: consent, then follow the redirect.
        void server.authorize(url).then(async (redirect) => {
          page = await (await fetch(redirect)).text();
        });
      },
    });
    expect(await callApi(server, credentials.accessToken)).toBe(200);
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
    await sleep(50);
    expect(page).toContain('go back to the terminal');
  });

  it('returns the stored credentials without asking when they are usable', async () => {
    const flow = makeFlow(server);
    await flow.retrieveToken({
      openUrl: (url) => {
        void server.authorize(url).then((r) => fetch(r));
      },
    });
    let asked = false;
    await flow.retrieveToken({
      openUrl: () => {
        asked = true;
      },
    });
    expect(asked).toBe(false);
  });

  it('force: authorizes anew even with usable credentials stored, replacing them only on success', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const first = await flow.retrieveToken({
      openUrl: (url) => {
        void server.authorize(url).then((r) => fetch(r));
      },
    });
    const denied = await flow
      .retrieveToken({
        force: true,
        openUrl: (url) => {
          void server.authorize(url, { deny: true }).then((r) => fetch(r));
        },
      })
      .catch((e: unknown) => e);
    expect((denied as OAuth2Error).error).toBe('access_denied');
    expect((await storage.get())?.accessToken).toBe(first.accessToken);
    const second = await flow.retrieveToken({
      force: true,
      openUrl: (url) => {
        void server.authorize(url).then((r) => fetch(r));
      },
    });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await storage.get())?.accessToken).toBe(second.accessToken);
  });

  it('paste: reads the redirect URL from the input stream', async () => {
    const flow = makeFlow(server);
    const input = new PassThrough();
    const output = new PassThrough();
    const credentials = await flow.retrieveToken({
      mode: 'paste',
      input,
      output,
      openUrl: async (url) => {
        input.write(`${await server.authorize(url)}\n`);
      },
    });
    expect(credentials.refreshToken).toBeDefined();
  });

  it('gives up after the timeout with a clear, typed error', async () => {
    const error = await makeFlow(server)
      .retrieveToken({ mode: 'loopback', timeoutMs: 200, openUrl: () => undefined })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect((error as OAuthFlowError).code).toBe(ErrorCodes.ABORTED);
    expect((error as Error).message).toMatch(/No authorization arrived/);
  });

  it('surfaces a denial in the loopback callback as an OAuth2Error', async () => {
    const flow = makeFlow(server);
    const error = await flow
      .retrieveToken({
        openUrl: (url) => {
          void server.authorize(url, { deny: true }).then((r) => fetch(r));
        },
      })
      .catch((e: unknown) => e);
    expect((error as OAuth2Error).error).toBe('access_denied');
  });
});

describe('device authorization (RFC 8628)', () => {
  it('shows a user code, polls until the user approves, and saves the credentials', async () => {
    const storage = new MemoryStorage();
    const flow = deviceFlow(storage);
    const device = await flow.deviceAuthorization();
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toContain(server.issuer);
    const polled = device.poll();
    await sleep(1500);
    await server.approveDevice(device.userCode);
    const credentials = await polled;
    expect(await callApi(server, credentials.accessToken)).toBe(200);
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
    expect(server.stats().token['urn:ietf:params:oauth:grant-type:device_code']).toBeGreaterThanOrEqual(2);
  });

  it('ends with access_denied when the user refuses', async () => {
    const device = await deviceFlow().deviceAuthorization();
    const polled = device.poll().catch((e: unknown) => e);
    await server.approveDevice(device.userCode, { deny: true });
    expect(((await polled) as OAuth2Error).error).toBe('access_denied');
  });

  it('adds 5 seconds to the interval on slow_down, and ends on expired_token', async () => {
    const device = await deviceFlow().deviceAuthorization();
    server.injectTokenFault({ kind: 'status', status: 400, body: '{"error":"slow_down"}', headers: { 'content-type': 'application/json' } });
    server.injectTokenFault({ kind: 'status', status: 400, body: '{"error":"expired_token"}', headers: { 'content-type': 'application/json' } });
    const started = Date.now();
    const error = await device.poll().catch((e: unknown) => e);
    expect((error as OAuth2Error).error).toBe('expired_token');
    // 1 s before the first poll, then 1 + 5 s before the second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(6900);
  }, 15_000);

  it('can be cancelled with an AbortSignal', async () => {
    const device = await deviceFlow().deviceAuthorization();
    const controller = new AbortController();
    const polled = device.poll({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await polled) as OAuthFlowError).code).toBe(ErrorCodes.ABORTED);
  });

  it('needs a device_uri', async () => {
    const flow = new OAuth2AuthorizationFlow({ ...requiredParams(server), device_uri: undefined });
    await expect(flow.deviceAuthorization()).rejects.toThrow(ConfigurationError);
  });
});

describe('client credentials', () => {
  it('caches the token in the storage and renews it after expiry, once', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage, key: 'machine' });
    server.resetStats();
    const first = await flow.clientCredentials({ scope: 'api:read' });
    expect(await callApi(server, first.accessToken)).toBe(200);
    expect((await flow.clientCredentials({ scope: 'api:read' })).accessToken).toBe(first.accessToken);
    expect((await storage.get('machine'))?.accessToken).toBe(first.accessToken);
    await sleep(first.expiresAt!.getTime() - Date.now() + 50);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => flow.getAccessToken()));
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(first.accessToken);
    expect(server.stats().token['client_credentials']).toBe(2);
  });
});

describe('client credentials, forced', () => {
  it('force and refresh() fetch a new token even while the stored one is fresh', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage, key: 'machine' });
    const first = await flow.clientCredentials({ scope: 'api:read' });
    const forced = await flow.clientCredentials({ scope: 'api:read', force: true });
    expect(forced.accessToken).not.toBe(first.accessToken);
    const refreshed = await flow.refresh();
    expect(refreshed.accessToken).not.toBe(forced.accessToken);
    expect((await storage.get('machine'))?.accessToken).toBe(refreshed.accessToken);
  });

  it('a forced grant that fails leaves the stored token in place', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage, key: 'machine' });
    const first = await flow.clientCredentials({ scope: 'api:read' });
    server.injectTokenFault({ kind: 'status', status: 500, body: 'down', headers: { 'content-type': 'text/plain' } });
    await expect(flow.clientCredentials({ scope: 'api:read', force: true })).rejects.toThrow(/HTTP 500/);
    expect((await storage.get('machine'))?.accessToken).toBe(first.accessToken);
  });
});

describe('discovery', () => {
  it('fills the endpoints from the issuer metadata and runs the code flow', async () => {
    const { client_id, client_secret } = server.clients.confidential;
    const flow = await OAuth2AuthorizationFlow.discover(server.issuer, {
      client_id,
      client_secret,
      scope: ['openid', 'api:read'],
      redirect_uri: 'http://127.0.0.1/callback',
    });
    const { url } = await flow.getAuthorizationUrl();
    expect(url.startsWith(server.endpoints.authorization)).toBe(true);
    const credentials = await flow.exchangeCode(await server.authorize(url));
    expect(await callApi(server, credentials.accessToken)).toBe(200);
    await flow.revoke();
    expect(await callApi(server, credentials.accessToken)).toBe(401);
  });

  it('refuses metadata that names another issuer (RFC 8414 §3.3)', async () => {
    const impostor = createServer((req, res) => {
      const body = JSON.stringify({ issuer: server.issuer, authorization_endpoint: server.endpoints.authorization, token_endpoint: server.endpoints.token });
      res.writeHead(req.url?.includes('.well-known') ? 200 : 404, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
      await expect(OAuth2AuthorizationFlow.discover(issuer, { client_id: 'x', scope: 'a', redirect_uri: 'http://127.0.0.1/cb' })).rejects.toThrow(
        /names another issuer/,
      );
    } finally {
      impostor.closeAllConnections();
      impostor.close();
    }
  });

  it('names the problem when there is no metadata', async () => {
    await expect(
      OAuth2AuthorizationFlow.discover(`${server.issuer}/nowhere`, {
        client_id: 'x',
        scope: 'a',
        redirect_uri: 'http://127.0.0.1/cb',
      }),
    ).rejects.toThrow(/No OAuth 2.0 metadata found/);
  });
});
