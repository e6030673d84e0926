import { ConfigurationError } from './errors.js';

/** What came back from the authorization server: a code, or an error (RFC 6749 §4.1.2). */
export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  /** RFC 9207 issuer identifier, when the server sends one. */
  iss?: string;
}

/**
 * Reads a pasted redirect URL (`https://localhost/?code=…&state=…`), a bare query string
 * (`code=…&state=…`) or a bare authorization code.
 */
export function parseCallback(input: string): CallbackParams {
  return readCallback(input).params;
}

/**
 * {@link parseCallback}, telling also whether the input was a bare code: only a bare code may
 * lack the state (the caller then has to name the state it answers).
 */
export function readCallback(input: string): { params: CallbackParams; bareCode: boolean } {
  if (typeof input !== 'string' || input.trim() === '')
    throw new ConfigurationError('The authorization response is empty: paste the whole redirect URL or the code');
  const text = input.trim();
  const query = queryOf(text);
  if (query === undefined) {
    if (/\s/.test(text)) throw new ConfigurationError('The authorization response is neither a redirect URL nor a code');
    return { params: { code: text }, bareCode: true };
  }
  return { params: callbackFromQuery(query), bareCode: false };
}

/**
 * The callback parameters of a redirect's query.
 * @throws {ConfigurationError} when it carries neither a code nor an error
 */
export function callbackFromQuery(query: URLSearchParams): CallbackParams {
  const params: CallbackParams = {};
  for (const name of ['code', 'state', 'error', 'iss'] as const) {
    const value = query.get(name);
    if (value !== null) params[name] = value;
  }
  const description = query.get('error_description');
  if (description !== null) params.errorDescription = description;
  const uri = query.get('error_uri');
  if (uri !== null) params.errorUri = uri;
  if (params.code === undefined && params.error === undefined) {
    throw new ConfigurationError('The redirect URL carries neither a code nor an error: was it copied whole?');
  }
  return params;
}

function queryOf(text: string): URLSearchParams | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('/')) {
    let url: URL;
    try {
      url = new URL(text, 'http://placeholder.invalid');
    } catch {
      throw new ConfigurationError('The redirect URL is malformed: was it copied whole?');
    }
    // Some servers (implicit-style) answer in the fragment; read it when the query is empty.
    return url.search ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  }
  if (text.startsWith('?')) return new URLSearchParams(text.slice(1));
  if (/(^|&)(code|error|state)=/.test(text)) return new URLSearchParams(text);
  return undefined;
}
