import type { AxiosInstance } from 'axios';
import { isAxiosError } from '../lazy-axios.js';
import { InvalidResponseError, NetworkError, OAuth2Error, safeCause, type OAuthFlowError } from '../errors.js';

/**
 * POSTs a form to an OAuth endpoint that is not the token endpoint (device authorization) and
 * returns the JSON body, turning failures into typed errors without the request attached.
 */
export async function postForm(
  http: AxiosInstance,
  url: string,
  what: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  try {
    const response = await http.post<unknown>(url, new URLSearchParams(form).toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
      responseType: 'text',
      transformResponse: (body: unknown) => body,
    });
    return parseJsonObject(response.data, what, response.status);
  } catch (error) {
    throw httpError(error, what);
  }
}

/** application/x-www-form-urlencoded for one value (RFC 6749 Appendix B), as simple-oauth2's strict mode. */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** GETs a JSON document (discovery metadata). */
export async function getJson(http: AxiosInstance, url: string, what: string): Promise<Record<string, unknown>> {
  try {
    const response = await http.get<unknown>(url, {
      headers: { accept: 'application/json' },
      responseType: 'text',
      transformResponse: (body: unknown) => body,
    });
    return parseJsonObject(response.data, what, response.status);
  } catch (error) {
    throw httpError(error, what);
  }
}

function parseJsonObject(data: unknown, what: string, status: number): Record<string, unknown> {
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data);
    } catch {
      throw new InvalidResponseError(`The ${what} answered HTTP ${status} with a body that is not JSON`, { status });
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidResponseError(`The ${what} answered with JSON that is not an object`, { status });
  return body as Record<string, unknown>;
}

/** An axios failure as a typed error: an OAuth error body becomes an OAuth2Error, no response a NetworkError. */
export function httpError(error: unknown, what: string): OAuthFlowError | unknown {
  // Not instanceof: the application's instance may come from another copy of axios.
  if (!isAxiosError(error)) return error;
  const response = error.response;
  if (response === undefined) return new NetworkError(`Cannot reach the ${what}: ${error.code ?? error.message}`, { cause: safeCause(error) });
  let body: unknown = response.data;
  try {
    body = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    /* not JSON: handled below */
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof fields['error'] === 'string') {
    return new OAuth2Error(`The ${what} refused the request: ${fields['error']}`, {
      error: fields['error'],
      status: response.status,
      ...(typeof fields['error_description'] === 'string' ? { errorDescription: fields['error_description'] } : {}),
    });
  }
  return new InvalidResponseError(`The ${what} answered HTTP ${response.status}`, { status: response.status }, { cause: safeCause(error) });
}
