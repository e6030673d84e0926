/**
 * What an authorization response must prove before its code is exchanged: its state (a redirect
 * without one is never "the last one"), and its issuer (RFC 9207 mix-up defence). And what an
 * authorization request may carry: per-call params cannot replace the flow's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  FileStorage,
  IssuerMismatchError,
  MemoryStorage,
  OAuth2AuthorizationFlow,
  OAuth2Error,
  StateMismatchError,
  parsePending,
} from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFlow } from '../helpers/flow-fixtures.js';

let server: AuthorizationServer;

beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await server?.close();
});

const codeExchanges = () => server.stats().token['authorization_code'] ?? 0;

const discovered = (options: { storage?: MemoryStorage | FileStorage } = {}) =>
  OAuth2AuthorizationFlow.discover(
    server.issuer,
    {
      client_id: server.clients.confidential.client_id,
      client_secret: server.clients.confidential.client_secret,
      scope: 'openid api:read',
      redirect_uri: 'http://127.0.0.1/callback',
    },
    {},
    {},
    { storage: options.storage ?? new MemoryStorage() },
  );

/** The real redirect for a new authorization, with its query changed by `tamper`. */
async function tamperedRedirect(flow: OAuth2AuthorizationFlow, tamper: (query: URLSearchParams) => void, deny = false) {
  const { url, state } = await flow.getAuthorizationUrl();
  const redirect = new URL(await server.authorize(url, { deny }));
  tamper(redirect.searchParams);
  return { redirect: redirect.toString(), state };
}

describe('RFC 9207: the issuer of an authorization response', { timeout: 30_000 }, () => {
  it('discovery records the issuer and that the server always sends iss; the pending authorization keeps the issuer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oauthflow-iss-'));
    const storage = new FileStorage(join(dir, 'tokens.json'));
    const flow = await discovered({ storage });
    expect(flow.issuer).toBe(server.issuer);
    expect(flow.issuerRequiredInResponse).toBe(true);
    const { state } = await flow.getAuthorizationUrl();
    const file = JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8')) as { pending: Record<string, unknown> };
    expect(parsePending(file.pending[state])?.issuer).toBe(server.issuer);
  });

  it('a redirect naming another issuer is refused with IssuerMismatchError and its code is never exchanged', async () => {
    const flow = await discovered();
    const before = codeExchanges();
    const { redirect } = await tamperedRedirect(flow, (q) => q.set('iss', 'https://evil.example'));
    const error = await flow.exchangeCode(redirect).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error).toMatchObject({ code: 'ERR_OAUTHFLOW_ISSUER_MISMATCH' });
    expect((error as Error).message).toContain('https://evil.example');
    expect(codeExchanges()).toBe(before);
    expect(await flow.storage.get()).toBeUndefined();
  });

  it('a redirect without iss is refused when the metadata says the server sends it', async () => {
    const flow = await discovered();
    const before = codeExchanges();
    const { redirect } = await tamperedRedirect(flow, (q) => q.delete('iss'));
    await expect(flow.exchangeCode(redirect)).rejects.toBeInstanceOf(IssuerMismatchError);
    expect(codeExchanges()).toBe(before);
  });

  it("an error redirect from another issuer is an IssuerMismatchError, not the other server's error", async () => {
    const flow = await discovered();
    const { redirect } = await tamperedRedirect(flow, (q) => q.set('iss', 'https://evil.example'), true);
    await expect(flow.exchangeCode(redirect)).rejects.toBeInstanceOf(IssuerMismatchError);
    const { redirect: genuine } = await tamperedRedirect(flow, () => undefined, true);
    await expect(flow.exchangeCode(genuine)).rejects.toBeInstanceOf(OAuth2Error);
  });

  it('a bare code (pasted without its URL) has no iss to check: with its state, it signs in', async () => {
    const flow = await discovered();
    const { redirect, state } = await tamperedRedirect(flow, () => undefined);
    await expect(flow.exchangeCode(new URL(redirect).searchParams.get('code')!, { state })).resolves.toBeDefined();
  });

  it('requireIssuerInResponse without an issuer is a ConfigurationError', () => {
    expect(() => makeFlow(server, { requireIssuerInResponse: true })).toThrow(/needs the issuer option/);
  });

  it('the genuine redirect, iss and all, signs in', async () => {
    const flow = await discovered();
    const { redirect } = await tamperedRedirect(flow, () => undefined);
    expect(new URL(redirect).searchParams.get('iss')).toBe(server.issuer);
    await expect(flow.exchangeCode(redirect)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('an issuer given by hand: a wrong iss is refused, a missing one accepted unless required', async () => {
    const flow = makeFlow(server, { issuer: server.issuer });
    const { redirect: evil } = await tamperedRedirect(flow, (q) => q.set('iss', `${server.issuer}/`));
    await expect(flow.exchangeCode(evil)).rejects.toBeInstanceOf(IssuerMismatchError);
    const { redirect: bare } = await tamperedRedirect(flow, (q) => q.delete('iss'));
    await expect(flow.exchangeCode(bare)).resolves.toBeDefined();
    const strict = makeFlow(server, { issuer: server.issuer, requireIssuerInResponse: true });
    const { redirect: missing } = await tamperedRedirect(strict, (q) => q.delete('iss'));
    await expect(strict.exchangeCode(missing)).rejects.toBeInstanceOf(IssuerMismatchError);
  });
});

describe('the state of an authorization response', { timeout: 30_000 }, () => {
  it('a redirect without state is refused, even right after getAuthorizationUrl() and with the state passed', async () => {
    const flow = makeFlow(server);
    const before = codeExchanges();
    const { redirect, state } = await tamperedRedirect(flow, (q) => q.delete('state'));
    await expect(flow.exchangeCode(redirect)).rejects.toBeInstanceOf(StateMismatchError);
    await expect(flow.exchangeCode(redirect, { state })).rejects.toBeInstanceOf(StateMismatchError);
    expect(codeExchanges()).toBe(before);
  });

  it('a bare code needs the state named explicitly; with it, the code is exchanged', async () => {
    const flow = makeFlow(server);
    const { redirect, state } = await tamperedRedirect(flow, () => undefined);
    const code = new URL(redirect).searchParams.get('code')!;
    await expect(flow.exchangeCode(code)).rejects.toThrow(/bare code needs the state/);
    await expect(flow.exchangeCode(code, { state })).resolves.toBeDefined();
  });

  it('a redirect with another state than the caller names is refused', async () => {
    const flow = makeFlow(server);
    const first = await flow.getAuthorizationUrl();
    const { redirect } = await tamperedRedirect(flow, () => undefined);
    await expect(flow.exchangeCode(redirect, { state: first.state })).rejects.toBeInstanceOf(StateMismatchError);
  });
});

describe('what an authorization request may carry', () => {
  it.each([
    ['redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['client_id', { client_id: 'someone-else' }],
    ['response_type', { response_type: 'token' }],
    ['scope', { scope: 'admin' }],
    ['state', { state: 'fixed' }],
    ['code_challenge', { code_challenge: 'known' }],
    ['code_challenge_method', { code_challenge_method: 'plain' }],
  ])('getAuthorizationUrl({ params }) cannot set %s, as the constructor cannot', async (name, params) => {
    const flow = makeFlow(server);
    await expect(flow.getAuthorizationUrl({ params })).rejects.toThrow(ConfigurationError);
    await expect(flow.getAuthorizationUrl({ params })).rejects.toThrow(new RegExp(name));
    expect(
      () =>
        new OAuth2AuthorizationFlow(
          {
            client_id: 'c',
            auth_uri: server.endpoints.authorization,
            token_uri: server.endpoints.token,
            scope: 'openid',
            redirect_uri: 'http://127.0.0.1/cb',
          },
          params,
        ),
    ).toThrow(ConfigurationError);
  });

  it("other per-call params pass, and the flow's own values win in the URL", async () => {
    const flow = makeFlow(server);
    await expect(flow.getAuthorizationUrl({ params: { prompt: 1 as unknown as string } })).rejects.toThrow(/must be a string/);
    const { url, state } = await flow.getAuthorizationUrl({ params: { prompt: 'consent', response_type: 'code' } });
    const query = new URL(url).searchParams;
    expect(query.get('prompt')).toBe('consent');
    expect(query.get('response_type')).toBe('code');
    expect(query.get('state')).toBe(state);
    expect(query.get('redirect_uri')).toBe('http://127.0.0.1/callback');
    expect(query.get('code_challenge_method')).toBe('S256');
  });
});
