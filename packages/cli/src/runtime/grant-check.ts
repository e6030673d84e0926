import type { Credentials } from '@oauthflow/core';
import type { ResolvedClient } from './resolve-client.js';

/** Who the credentials belong to, and where that was read. */
export interface Identity {
  sub?: string;
  email?: string;
  name?: string;
  /** `id_token (not verified)`, `userinfo`, `introspection` or `Google tokeninfo`. */
  from: string;
}

/** What the server says about a stored grant. */
export interface GrantCheck {
  /** True: the server accepts it; false: it refused it (log in again); undefined: it could not tell. */
  alive: boolean | undefined;
  /** How that was decided (or why it could not be). */
  how: string;
  identity?: Identity;
  /** The scopes granted, as the server reports them (else as stored). */
  scope?: string[];
  refreshTokenExpiresAt?: Date;
}

const GOOGLE_TOKENINFO = 'https://oauth2.googleapis.com/tokeninfo';
const TIMEOUT_MS = 10_000;

/**
 * Asks the server whether a stored grant is alive, without refreshing it (a refresh would spend a
 * rotating refresh token): RFC 7662 introspection of the refresh token (else the access token)
 * where the server publishes an introspection endpoint, else its userinfo endpoint with the access
 * token, and for Google its tokeninfo endpoint. Identity comes from the answer or the id_token.
 */
export async function checkGrant(resolved: ResolvedClient, credentials: Credentials, env: Readonly<Record<string, string | undefined>>): Promise<GrantCheck> {
  const fromIdToken = identityOf(decodeJwtPayload(credentials.idToken), 'id_token (not verified)');
  const base: Omit<GrantCheck, 'alive' | 'how'> = {
    ...(fromIdToken ? { identity: fromIdToken } : {}),
    ...(credentials.scope ? { scope: [...credentials.scope] } : {}),
    ...storedRefreshExpiry(credentials),
  };
  const accessUsable = !credentials.expired();
  try {
    if (resolved.client.provider === 'google') {
      if (!accessUsable)
        return {
          ...base,
          alive: undefined,
          how: "the access token expired and Google's tokeninfo checks only access tokens: run oauthflow refresh, then check again",
        };
      const url = `${env['OAUTHFLOW_GOOGLE_TOKENINFO_URI'] ?? GOOGLE_TOKENINFO}?access_token=${encodeURIComponent(credentials.accessToken)}`;
      const answer = await getJson(url, {});
      if (answer.status !== 200) return { ...base, alive: false, how: `Google's tokeninfo refused the access token (HTTP ${answer.status})` };
      return merge(base, answer.body, 'Google tokeninfo', true);
    }
    const metadata = resolved.client.issuer === undefined ? {} : await serverMetadata(resolved.client.issuer);
    const introspection = stringField(metadata, 'introspection_endpoint');
    const canIntrospect = resolved.secret !== undefined || !resolved.client.confidential;
    if (introspection !== undefined && canIntrospect) {
      const token = credentials.refreshToken ?? credentials.accessToken;
      const hint = credentials.refreshToken === undefined ? 'access_token' : 'refresh_token';
      const answer = await introspect(introspection, resolved, token, hint);
      if (answer.status === 200) {
        const active = answer.body['active'] === true;
        const checked = merge(base, active ? answer.body : {}, 'introspection', active);
        if (active && hint === 'refresh_token' && typeof answer.body['exp'] === 'number') checked.refreshTokenExpiresAt = new Date(answer.body['exp'] * 1000);
        return {
          ...checked,
          how: `${hint === 'refresh_token' ? 'the refresh token' : 'the access token'} ${active ? 'is active' : 'is NOT active'} (introspection, ${introspection})`,
        };
      }
      // A client the server does not let introspect: try userinfo.
    }
    const userinfo = stringField(metadata, 'userinfo_endpoint');
    const noSecret =
      introspection !== undefined && !canIntrospect ? 'introspection needs the client secret (OAUTHFLOW_CLIENT_SECRET or the config file)' : undefined;
    // userinfo answers only for a user's token with the openid scope: anything else proves nothing.
    const userToken = resolved.client.grant !== 'client_credentials' && (credentials.scope === undefined || credentials.scope.includes('openid'));
    if (userinfo === undefined || !userToken) {
      return {
        ...base,
        alive: undefined,
        how:
          noSecret ??
          (userinfo === undefined
            ? 'the server publishes no introspection or userinfo endpoint'
            : 'no introspection, and userinfo does not apply to this token'),
      };
    }
    if (!accessUsable)
      return { ...base, alive: undefined, how: 'the access token expired and the check does not refresh: run oauthflow refresh, then check again' };
    const answer = await getJson(userinfo, { authorization: `Bearer ${credentials.accessToken}` });
    if (answer.status === 401 || answer.status === 403)
      return { ...base, alive: false, how: `userinfo refused the access token (HTTP ${answer.status}, ${userinfo})` };
    if (answer.status !== 200) return { ...base, alive: undefined, how: `userinfo answered HTTP ${answer.status} (${userinfo})` };
    return { ...merge(base, answer.body, 'userinfo', true), how: `the access token is accepted (userinfo, ${userinfo})` };
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    return { ...base, alive: undefined, how: `the server could not be asked (${typeof code === 'string' ? code : (error as Error).message})` };
  }
}

function merge(base: Omit<GrantCheck, 'alive' | 'how'>, body: Record<string, unknown>, from: string, alive: boolean): GrantCheck {
  const identity = identityOf(body, from) ?? base.identity;
  const scope = stringField(body, 'scope')?.split(' ').filter(Boolean);
  return { ...base, ...(identity ? { identity } : {}), ...(scope ? { scope } : {}), alive, how: from };
}

function identityOf(claims: Record<string, unknown> | undefined, from: string): Identity | undefined {
  if (claims === undefined) return undefined;
  const sub = stringField(claims, 'sub') ?? stringField(claims, 'username');
  const email = stringField(claims, 'email');
  const name = stringField(claims, 'name');
  if (sub === undefined && email === undefined) return undefined;
  return { ...(sub ? { sub } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}), from };
}

/** Google (and others) send `refresh_token_expires_in` with tokens whose refresh token is time-limited; core keeps it as refreshTokenExpiresAt. */
function storedRefreshExpiry(credentials: Credentials): { refreshTokenExpiresAt?: Date } {
  return credentials.refreshTokenExpiresAt === undefined ? {} : { refreshTokenExpiresAt: credentials.refreshTokenExpiresAt };
}

/** The claims of a JWT, unverified: only for display. */
function decodeJwtPayload(jwt: string | undefined): Record<string, unknown> | undefined {
  const payload = jwt?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function serverMetadata(issuer: string): Promise<Record<string, unknown>> {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  for (const candidate of [`${url.origin}${path}/.well-known/openid-configuration`, `${url.origin}/.well-known/oauth-authorization-server${path}`]) {
    const answer = await getJson(candidate, {});
    if (answer.status === 200) return answer.body;
  }
  return {};
}

async function introspect(endpoint: string, resolved: ResolvedClient, token: string, hint: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({ token, token_type_hint: hint });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (resolved.secret === undefined) form.set('client_id', resolved.client.clientId);
  else
    headers['authorization'] =
      `Basic ${Buffer.from(`${encodeURIComponent(resolved.client.clientId)}:${encodeURIComponent(resolved.secret)}`).toString('base64')}`;
  const response = await fetch(endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, body: await jsonBody(response) };
}

async function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, body: await jsonBody(response) };
}

async function jsonBody(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
