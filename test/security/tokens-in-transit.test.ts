/**
 * Where an access token may go and which tokens are used at all: no bearer token over plain http
 * to another machine (RFC 6750 §5.3), no token of a type the client does not understand (RFC 6749
 * §7.1), and no lifetime that makes a token look valid for centuries or expired on arrival.
 */
import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  Credentials,
  InvalidResponseError,
  MAX_TOKEN_LIFETIME_SECONDS,
  MemoryStorage,
  OAuth2APIRequest,
  OAuth2AuthorizationFlow,
} from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { authorize, makeFlow, requiredParams } from '../helpers/flow-fixtures.js';

let server: AuthorizationServer;

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 600 });
});
afterAll(async () => {
  await server?.close();
});

/** An axios instance whose adapter records every request it would send, and answers 200. */
function recordingAxios() {
  const sent: InternalAxiosRequestConfig[] = [];
  const adapter: AxiosAdapter = async (config) => {
    sent.push(config);
    return { data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config };
  };
  return { http: axios.create({ adapter }), sent };
}

describe('OAuth2APIRequest and plain http', () => {
  const token = new Credentials({ accessToken: 'secret-access-token-123' });

  it.each([
    ['an absolute http URL', 'http://api.example.com/v1/me', {}],
    ['an http baseURL', '/v1/me', { baseURL: 'http://api.example.com' }],
    ['a host that only starts like localhost', 'http://localhost.example.com/me', {}],
    ['another loopback-looking name', 'http://127.0.0.1.nip.io/me', {}],
  ])('refuses %s before fetching the token or sending a byte', async (_, url, options) => {
    const { http, sent } = recordingAxios();
    // An empty store: had the token been fetched first, this would be a NoCredentialsError.
    const flow = makeFlow(server, { storage: new MemoryStorage() });
    for (const source of [token, flow]) {
      const error = await new OAuth2APIRequest(source, { axios: http, ...options }).request(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/plain http .*RFC 6750 §5\.3.*allowInsecureHttp/);
      expect((error as Error).message).not.toContain('secret-access-token-123');
    }
    expect(sent).toEqual([]);
  });

  it('sends to https, and to http on loopback (the local test server)', async () => {
    const { http, sent } = recordingAxios();
    await new OAuth2APIRequest(token, { axios: http }).request('https://api.example.com/me');
    expect(sent[0]?.headers['Authorization']).toBe('Bearer secret-access-token-123');

    const flow = makeFlow(server);
    await authorize(server, flow);
    await expect(new OAuth2APIRequest(flow).request(server.endpoints.api)).resolves.toMatchObject({ sub: 'test-user' });
  });

  it('allowInsecureHttp: true is the explicit opt-out for test setups', async () => {
    const { http, sent } = recordingAxios();
    await new OAuth2APIRequest(token, { axios: http, allowInsecureHttp: true }).request('http://api.example.com/me');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['Authorization']).toBe('Bearer secret-access-token-123');
  });
});

/** A 200 token response with `fields`, answered instead of the real one for the next token request. */
function nextTokenResponse(fields: Record<string, unknown>): void {
  server.injectTokenFault({
    kind: 'status',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: 'injected-access-token', refresh_token: 'injected-refresh-token', expires_in: 3600, ...fields }),
  });
}

describe('token types', { timeout: 30_000 }, () => {
  it.each(['N_A', 'DPoP', 'mac', 'Basic', 'bearer-ish'])('a %s token is refused and the stored credentials stay', async (tokenType) => {
    const flow = makeFlow(server);
    const { credentials } = await authorize(server, flow);
    nextTokenResponse({ token_type: tokenType });
    const error = await flow.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(`type "${tokenType}"`);
    expect((await flow.storage.get())?.accessToken).toBe(credentials.accessToken);
  });

  it('Bearer in any letter case is accepted and normalized', async () => {
    const flow = makeFlow(server);
    await authorize(server, flow);
    for (const tokenType of ['bearer', 'BEARER', 'Bearer']) {
      nextTokenResponse({ token_type: tokenType });
      expect((await flow.refresh()).tokenType).toBe('Bearer');
    }
  });

  it('a subclass that handles a type says so through handlesTokenType()', async () => {
    class DPoPFlow extends OAuth2AuthorizationFlow {
      protected override handlesTokenType(tokenType: string): boolean {
        return tokenType === 'DPoP' || super.handlesTokenType(tokenType);
      }
    }
    const flow = new DPoPFlow(requiredParams(server), {}, {}, { storage: new MemoryStorage() });
    await authorize(server, flow);
    nextTokenResponse({ token_type: 'DPoP' });
    expect((await flow.refresh()).tokenType).toBe('DPoP');
    nextTokenResponse({ token_type: 'mac' });
    await expect(flow.refresh()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe('token lifetimes', { timeout: 30_000 }, () => {
  it('expires_in: 0 does not make every call refresh: one refresh, then the token is used', async () => {
    const flow = makeFlow(server);
    await authorize(server, flow);
    nextTokenResponse({ token_type: 'Bearer', expires_in: 0 });
    const refreshed = await flow.refresh();
    expect(refreshed.lifetimeSeconds).toBe(1);
    const refreshes = server.stats().token['refresh_token'] ?? 0;
    // One after another (concurrent calls would share one refresh anyway).
    const tokens: string[] = [];
    for (let call = 0; call < 20; call += 1) tokens.push(await flow.getAccessToken());
    expect(new Set(tokens)).toEqual(new Set(['injected-access-token']));
    expect(server.stats().token['refresh_token'] ?? 0).toBe(refreshes);
  });

  it('an absurd expires_in is cut to one year', async () => {
    const flow = makeFlow(server);
    await authorize(server, flow);
    nextTokenResponse({ token_type: 'Bearer', expires_in: 1e10 });
    const refreshed = await flow.refresh();
    expect(refreshed.lifetimeSeconds).toBe(MAX_TOKEN_LIFETIME_SECONDS);
    expect(refreshed.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + MAX_TOKEN_LIFETIME_SECONDS * 1000);
  });
});
