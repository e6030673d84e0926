import { createHash, randomBytes } from 'node:crypto';
import type { AuthorizationServer } from '../src/index.js';

/** Loopback redirect on a port that was never registered (RFC 8252 §7.3). */
export const REDIRECT_URI = 'http://127.0.0.1:54321/callback';

/** A PKCE verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Builds an authorization request URL for `clientId`. */
export function authorizationUrl(
  server: AuthorizationServer,
  params: { clientId: string; scope?: string; state?: string; redirectUri?: string; challenge?: string },
): string {
  const url = new URL(server.endpoints.authorization);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri ?? REDIRECT_URI);
  url.searchParams.set('scope', params.scope ?? 'openid offline_access api:read');
  url.searchParams.set('state', params.state ?? randomBytes(8).toString('hex'));
  if (params.challenge) {
    url.searchParams.set('code_challenge', params.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}

/** A parsed HTTP answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or an empty object when the body is not JSON. */
  json: Record<string, unknown>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the tests that care look at `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** How the caller authenticates to a token-ish endpoint. */
export type ClientAuth =
  | { method: 'basic'; clientId: string; secret: string }
  | { method: 'post'; clientId: string; secret: string }
  | { method: 'none'; clientId: string };

/** POSTs a form to `url` with the given client authentication. */
export async function postForm(url: string, form: Record<string, string>, auth: ClientAuth): Promise<Answer> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.method === 'basic') {
    const credentials = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.secret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    body.set('client_id', auth.clientId);
    if (auth.method === 'post') body.set('client_secret', auth.secret);
  }
  return answer(await fetch(url, { method: 'POST', headers, body }));
}

/** Client authentication for the server's public client. */
export function publicAuth(server: AuthorizationServer): ClientAuth {
  return { method: 'none', clientId: server.clients.public.client_id };
}

/** Client authentication for the server's confidential client. */
export function confidentialAuth(server: AuthorizationServer, method: 'basic' | 'post' = 'basic'): ClientAuth {
  const { client_id: clientId, client_secret: secret } = server.clients.confidential;
  return { method, clientId, secret };
}

/** Runs the whole code flow for the public client (with PKCE) and returns the token response. */
export async function publicCodeFlow(server: AuthorizationServer, scope?: string): Promise<Answer> {
  const { verifier, challenge } = pkce();
  const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.public.client_id, challenge, scope }));
  const code = new URL(redirect).searchParams.get('code') ?? '';
  return postForm(server.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }, publicAuth(server));
}

/** Calls the protected resource with an optional bearer token. */
export async function callApi(server: AuthorizationServer, token?: string): Promise<Answer> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return answer(await fetch(server.endpoints.api, { headers }));
}

/** GETs a JSON document. */
export async function getJson(url: string): Promise<Answer> {
  return answer(await fetch(url));
}

/** Reads a string field of a JSON answer, failing loudly when absent. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw new Error(`expected string field ${name} in ${JSON.stringify(body)}`);
  return value;
}
