import { ConfigurationError } from './errors.js';

/** pyoauth2's required parameters, named as the wire names them. */
export interface RequiredParams {
  client_id: string;
  /** Omit for a public client (PKCE only, RFC 8252). */
  client_secret?: string;
  /** The authorization endpoint. */
  auth_uri: string;
  /** The token endpoint. */
  token_uri: string;
  /** One scope string (space-separated) or a list of scopes. */
  scope: string | readonly string[];
  /** Where the server sends the user back with `?code=…&state=…`. */
  redirect_uri: string;
  /** The revocation endpoint (RFC 7009). */
  revoke_uri?: string;
  /** The device authorization endpoint (RFC 8628). */
  device_uri?: string;
}

/** Extra parameters of the authorization request, e.g. `{ access_type: 'offline', prompt: 'consent' }`. */
export type ExtraAuthParams = Readonly<Record<string, string>>;

/** Extra parameters of the token request, e.g. `{ grant_type: 'authorization_code' }`. */
export type ExtraTokenParams = Readonly<Record<string, string>>;

/** Required parameters after validation: scopes as a list, URLs checked. */
export interface ValidatedParams extends Omit<RequiredParams, 'scope'> {
  scope: readonly string[];
}

const VSCHAR = /^[\x20-\x7E]+$/;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parameters the flow sets itself: an extra param must not silently replace them. */
const RESERVED_AUTH_PARAMS = new Set(['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

/**
 * The one check of authorization request parameters given by the caller, at construction (extra
 * auth params) and per call (`getAuthorizationUrl({ params })`): strings only, none of the
 * parameters the flow sets itself, and no response type but `code`.
 * @throws {ConfigurationError} naming the parameter
 */
export function checkAuthParams(what: string, params: unknown): ExtraAuthParams {
  checkStringRecord(what, params);
  const record = params as ExtraAuthParams;
  const responseType = record['response_type'];
  if (responseType !== undefined && responseType !== 'code') {
    throw new ConfigurationError(`${what}: response_type "${responseType}" is not supported; oauthflow runs the code flow (response_type=code)`);
  }
  for (const name of Object.keys(record)) {
    if (RESERVED_AUTH_PARAMS.has(name))
      throw new ConfigurationError(`${what}: ${name} is set by the flow; give it in the required params or the call's options instead`);
  }
  return record;
}

/** True for the host names of the loopback interface, where plain http never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Checks pyoauth2's parameter objects and names the first problem found.
 * @throws {ConfigurationError}
 */
export function validateParams(required: RequiredParams, extraAuth: ExtraAuthParams, extraToken: ExtraTokenParams): ValidatedParams {
  if (typeof required !== 'object' || required === null) throw new ConfigurationError('required params must be an object');
  if (typeof required.client_id !== 'string' || required.client_id.trim() === '') {
    throw new ConfigurationError('required params: client_id is missing or empty');
  }
  if (required.client_secret !== undefined && (typeof required.client_secret !== 'string' || required.client_secret === '')) {
    throw new ConfigurationError('required params: client_secret must be a non-empty string, or left out for a public client');
  }
  // RFC 6749 Appendix A.1/A.2: client credentials are printable ASCII (VSCHAR).
  if (!VSCHAR.test(required.client_id)) throw new ConfigurationError('required params: client_id may hold only printable ASCII characters');
  if (required.client_secret !== undefined && !VSCHAR.test(required.client_secret)) {
    throw new ConfigurationError('required params: client_secret may hold only printable ASCII characters');
  }
  checkEndpoint('auth_uri', required.auth_uri);
  checkEndpoint('token_uri', required.token_uri);
  if (required.revoke_uri !== undefined) checkEndpoint('revoke_uri', required.revoke_uri);
  if (required.device_uri !== undefined) checkEndpoint('device_uri', required.device_uri);
  checkRedirectUri(required.redirect_uri);
  const scope = normalizeScope(required.scope);

  checkAuthParams('extra auth params', extraAuth);
  checkStringRecord('extra token params', extraToken);
  const grantType = extraToken['grant_type'];
  if (grantType !== undefined && grantType !== 'authorization_code') {
    throw new ConfigurationError(`extra token params: grant_type "${grantType}" is not valid for the code exchange; use authorization_code or leave it out`);
  }
  return { ...required, scope };
}

/** Splits a space-separated scope string; keeps a list as it is. */
export function normalizeScope(scope: string | readonly string[] | undefined): readonly string[] {
  if (typeof scope === 'string') return scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string' && s.trim() !== '' && !/\s/.test(s))) return [...scope];
  throw new ConfigurationError('required params: scope must be a string or a list of scope strings without spaces');
}

/** An endpoint must be https, or http on a loopback address (tests, local servers). */
export function checkEndpoint(name: string, value: unknown): URL {
  const url = parseUrl(name, value);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') throw new ConfigurationError(`${name} must use https (plain http is allowed only for loopback addresses): ${url.origin}`);
  throw new ConfigurationError(`${name} must be an https URL, not ${url.protocol}`);
}

function checkRedirectUri(value: unknown): void {
  if (value === 'urn:ietf:wg:oauth:2.0:oob') {
    throw new ConfigurationError(
      'redirect_uri "urn:ietf:wg:oauth:2.0:oob" (out-of-band) was shut down by Google in 2023; use a loopback redirect such as http://127.0.0.1/callback (retrieveToken opens one for you)',
    );
  }
  const url = parseUrl('redirect_uri', value);
  if (url.hash) throw new ConfigurationError('redirect_uri must not contain a fragment (RFC 6749 §3.1.2)');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(`redirect_uri must use https unless it is a loopback address: ${url.origin}`);
  }
}

function parseUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new ConfigurationError(`required params: ${name} is missing`);
  try {
    return new URL(value);
  } catch {
    throw new ConfigurationError(`required params: ${name} is not a valid absolute URL`);
  }
}

function checkStringRecord(what: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigurationError(`${what} must be an object of strings`);
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new ConfigurationError(`${what}: ${name} must be a string`);
  }
}
