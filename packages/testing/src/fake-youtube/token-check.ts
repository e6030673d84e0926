import type { FakeIntrospectionSettings, FakeTokenInfo, FakeTokenValidator } from './types.js';

/** Scopes that open the YouTube Data API (youtube.readonly for reads only). */
const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube',
  'https://www.googleapis.com/auth/youtube.force-ssl',
  'https://www.googleapis.com/auth/youtubepartner',
];
const READ_SCOPE = 'https://www.googleapis.com/auth/youtube.readonly';
const UPLOAD_SCOPE = 'https://www.googleapis.com/auth/youtube.upload';

/** The bearer token of an Authorization header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
}

/** Builds the validator: introspection, a function, or accept-anything. */
export function tokenValidator(options: { authorizationServer?: FakeIntrospectionSettings; validateToken?: FakeTokenValidator }): FakeTokenValidator {
  if (options.validateToken) return options.validateToken;
  if (options.authorizationServer) return introspector(options.authorizationServer);
  return (token) => (token === '' ? undefined : { sub: 'fake-user' });
}

function introspector(settings: FakeIntrospectionSettings): FakeTokenValidator {
  const { endpoint, clientId, clientSecret } =
    'introspection' in settings
      ? { endpoint: settings.introspection, clientId: settings.clientId, clientSecret: settings.clientSecret }
      : {
          endpoint: settings.endpoints.introspection,
          clientId: settings.clients.confidential.client_id,
          clientSecret: settings.clients.confidential.client_secret,
        };
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  return async (token) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
    });
    if (!response.ok) throw new Error(`introspection answered HTTP ${response.status}`);
    const body = (await response.json()) as { active?: boolean; sub?: string; client_id?: string; scope?: string; token_type?: string };
    if (body.active !== true || body.token_type === 'refresh_token') return undefined;
    return { sub: body.sub ?? body.client_id ?? 'unknown', ...(body.scope === undefined ? {} : { scope: body.scope }) };
  };
}

/** True when the token's scopes allow this request (no scope information allows everything). */
export function scopeAllows(info: FakeTokenInfo, method: string, path: string): boolean {
  if (info.scope === undefined) return true;
  const scopes = typeof info.scope === 'string' ? info.scope.split(/\s+/) : info.scope;
  if (scopes.some((scope) => YOUTUBE_SCOPES.includes(scope))) return true;
  if (method === 'GET' && scopes.includes(READ_SCOPE)) return true;
  return path.includes('/upload/') && scopes.includes(UPLOAD_SCOPE);
}

/** True when the token may read the profile (Google releases the name with `profile` scopes). */
export function profileAllowed(info: FakeTokenInfo): boolean {
  if (info.scope === undefined) return true;
  const scopes = typeof info.scope === 'string' ? info.scope.split(/\s+/) : info.scope;
  return scopes.some((scope) => scope === 'profile' || scope === 'https://www.googleapis.com/auth/userinfo.profile');
}
