import type { AxiosInstance } from 'axios';
import { OAuth2Error } from '../errors.js';
import { httpError } from './http-form.js';

/**
 * How a server's revocation endpoint wants the token. The default is RFC 7009's: the client
 * authenticates as at the token endpoint and sends a `token_type_hint`.
 *
 * @example
 * // Google: one POST with the token alone (no client authentication, no hint)
 * const revocation: RevocationOptions = { clientAuthentication: 'none', tokenTypeHint: false };
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export interface RevocationOptions {
  /**
   * `'client'` (default): authenticate as at the token endpoint (RFC 7009 §2.1 asks it of
   * confidential clients). `'none'`: send the token alone, as Google's endpoint expects.
   */
  clientAuthentication?: 'client' | 'none';
  /** Send `token_type_hint` (RFC 7009 §2.1). Default true. */
  tokenTypeHint?: boolean;
}

/** What a revocation request ended with. */
export type RevocationOutcome = 'revoked' | 'already-revoked';

/**
 * Revokes one token (RFC 7009 §2). A 2xx is success whatever its body (usually empty). An
 * `invalid_token` answer means the token is already revoked or expired — Google answers so for
 * a grant ended earlier, where RFC 7009 §2.2 servers answer 200 — and counts as success too.
 * @throws {OAuth2Error} for any other OAuth error (e.g. invalid_client)
 */
export async function revokeToken(
  http: AxiosInstance,
  request: {
    uri: string;
    token: string;
    hint: 'access_token' | 'refresh_token';
    /** Adds the client's authentication to the form (see TokenEndpoint.authenticate). */
    authenticate: (form: Record<string, string>) => { form: Record<string, string>; headers: Record<string, string> };
    options?: RevocationOptions;
  },
): Promise<RevocationOutcome> {
  const options = request.options ?? {};
  const base: Record<string, string> = { token: request.token, ...(options.tokenTypeHint === false ? {} : { token_type_hint: request.hint }) };
  const { form, headers } = options.clientAuthentication === 'none' ? { form: base, headers: {} } : request.authenticate(base);
  try {
    await http.post<unknown>(request.uri, new URLSearchParams(form).toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
      responseType: 'text',
      transformResponse: (body: unknown) => body,
    });
    return 'revoked';
  } catch (error) {
    const typed = httpError(error, 'revocation endpoint');
    if (typed instanceof OAuth2Error && typed.error === 'invalid_token') return 'already-revoked';
    throw typed;
  }
}
