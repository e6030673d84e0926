import type { AxiosInstance } from 'axios';
import type { AuthorizationCode, ClientCredentials, ModuleOptions } from 'simple-oauth2';
import { Credentials } from '../credentials.js';
import { ConfigurationError, InvalidResponseError, NetworkError, OAuth2Error, OAuthFlowError, safeCause } from '../errors.js';
import type { ValidatedParams } from '../params.js';
import { parseRetryAfter } from '../retry-after.js';
import { DEVICE_CODE_GRANT } from './device-authorization.js';
import { clientHint } from './error-hints.js';
import { formEncode } from './http-form.js';
import { revokeToken, type RevocationOptions, type RevocationOutcome } from './revocation.js';

/** How the client proves its identity at the token endpoint (RFC 6749 §2.3, OIDC Core §9). */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post' | 'none';

/** Options of the token endpoint client. */
export interface TokenEndpointOptions {
  clientAuthentication?: ClientAuthentication;
  /** Abandon a token request after this long. Default 30 s. */
  timeoutMs?: number;
  /** How the revocation endpoint wants the token (default: RFC 7009's way). */
  revocation?: RevocationOptions;
  /** Token types besides Bearer that the client can use (see Credentials.fromTokenResponse). */
  acceptsTokenType?: (tokenType: string) => boolean;
}

type TokenParams = Record<string, string | undefined>;

interface Grants {
  authorizationCode: AuthorizationCode;
  clientCredentials: ClientCredentials;
}

/** simple-oauth2 (with joi and wreck) loads on the first token request, not at start-up: a CLI printing a cached token never pays for it. */
let simpleOAuth2: Promise<typeof import('simple-oauth2')> | undefined;

/**
 * Speaks the grant protocol through simple-oauth2 and turns every outcome into Credentials or a
 * typed error. simple-oauth2's errors carry the request (Basic header, form body): they never
 * leave this module except through safeCause.
 */
export class TokenEndpoint {
  readonly #config: ModuleOptions;
  #grants: Promise<Grants> | undefined;
  readonly #httpOptions: { timeout: number };
  readonly #revokeUri: string | undefined;
  readonly #revocation: RevocationOptions;
  readonly #client: { id: string; secret: string | undefined; authentication: ClientAuthentication };
  readonly #acceptsTokenType: ((tokenType: string) => boolean) | undefined;

  constructor(params: ValidatedParams, options: TokenEndpointOptions = {}) {
    const authentication = options.clientAuthentication ?? (params.client_secret === undefined ? 'none' : 'client_secret_basic');
    const config: ModuleOptions = {
      // A public client sends no client_secret at all: simple-oauth2 always writes the secret's
      // field in body mode, so for `none` that field is client_id again, with the same value.
      client:
        authentication === 'none'
          ? { id: params.client_id, secret: params.client_id, secretParamName: 'client_id' }
          : { id: params.client_id, secret: params.client_secret ?? '' },
      // Absolute URLs: wreck resolves them against tokenHost, so each endpoint may live anywhere.
      auth: { tokenHost: new URL(params.token_uri).origin, tokenPath: params.token_uri, revokePath: params.revoke_uri ?? params.token_uri },
      options: { authorizationMethod: authentication === 'client_secret_basic' ? 'header' : 'body' },
    };
    this.#config = config;
    this.#httpOptions = { timeout: options.timeoutMs ?? 30_000 };
    this.#revokeUri = params.revoke_uri;
    this.#revocation = { ...options.revocation };
    this.#client = { id: params.client_id, secret: params.client_secret, authentication };
    this.#acceptsTokenType = options.acceptsTokenType;
  }

  /** The authorization code grant (RFC 6749 §4.1.3). */
  exchangeCode(params: { code: string; redirect_uri: string; code_verifier: string } & TokenParams): Promise<Credentials> {
    return this.#call('code exchange', ({ authorizationCode }) => authorizationCode.getToken(params as never, this.#httpOptions));
  }

  /** The refresh grant (RFC 6749 §6). The caller keeps the old refresh token when none comes back. */
  refresh(refreshToken: string, params: TokenParams = {}): Promise<Credentials> {
    return this.#call('refresh', ({ authorizationCode }) => authorizationCode.createToken({ refresh_token: refreshToken }).refresh(params, this.#httpOptions));
  }

  /** The client credentials grant (RFC 6749 §4.4). */
  clientCredentials(params: TokenParams = {}): Promise<Credentials> {
    // No scopes asked means no scope parameter (RFC 6749 §4.4.2: the server's default), not `scope=`.
    const sent = Object.fromEntries(Object.entries(params).filter(([name, value]) => value !== undefined && !(name === 'scope' && value === '')));
    return this.#call('client credentials grant', ({ clientCredentials }) => clientCredentials.getToken(sent as never, this.#httpOptions));
  }

  /** The device access token request (RFC 8628 §3.4); simple-oauth2 lets params override grant_type. */
  deviceToken(deviceCode: string): Promise<Credentials> {
    const params = { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode };
    return this.#call('device token request', ({ clientCredentials }) => clientCredentials.getToken(params as never, this.#httpOptions));
  }

  /** How this client authenticates a form POST to another endpoint of the server (device authorization). */
  authenticate(form: Record<string, string>): { form: Record<string, string>; headers: Record<string, string> } {
    const { id, secret, authentication } = this.#client;
    if (authentication === 'client_secret_basic' && secret !== undefined) {
      // RFC 6749 §2.3.1: form-encode id and secret before base64, as simple-oauth2 does for the token endpoint.
      const basic = Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64');
      return { form, headers: { authorization: `Basic ${basic}` } };
    }
    return {
      form: { ...form, client_id: id, ...(authentication === 'client_secret_post' && secret !== undefined ? { client_secret: secret } : {}) },
      headers: {},
    };
  }

  /**
   * Revokes one token (RFC 7009) the way the server wants it (see RevocationOptions); an
   * already revoked token counts as success. Resolves to 'revoked' without a revocation endpoint.
   */
  revoke(http: AxiosInstance, token: string, hint: 'access_token' | 'refresh_token'): Promise<RevocationOutcome> {
    if (this.#revokeUri === undefined) return Promise.resolve('revoked');
    return revokeToken(http, { uri: this.#revokeUri, token, hint, authenticate: (form) => this.authenticate(form), options: this.#revocation });
  }

  #loadGrants(): Promise<Grants> {
    this.#grants ??= (simpleOAuth2 ??= import('simple-oauth2')).then(({ AuthorizationCode, ClientCredentials }) => {
      try {
        return { authorizationCode: new AuthorizationCode(this.#config), clientCredentials: new ClientCredentials(this.#config) };
      } catch {
        // joi's message quotes the refused value, which may be the secret: name the problem only.
        throw new ConfigurationError('simple-oauth2 refused the client settings (client_id, client_secret or token_uri)');
      }
    });
    return this.#grants;
  }

  async #call(what: string, request: (grants: Grants) => Promise<{ token: unknown }>): Promise<Credentials> {
    const grants = await this.#loadGrants();
    let body: unknown;
    const now = new Date();
    try {
      body = (await request(grants)).token;
    } catch (error) {
      throw clientHint(toTypedError(what, error), this.#client);
    }
    const oauthError = readOAuthError(body, 200);
    if (oauthError) throw oauthError;
    return Credentials.fromTokenResponse(body, now, this.#acceptsTokenType ? { acceptsTokenType: this.#acceptsTokenType } : {});
  }
}

interface WreckError extends Error {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: {
    isResponseError?: boolean;
    payload?: unknown;
    res?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
    code?: string;
    message?: string;
  };
}

function toTypedError(what: string, error: unknown): OAuthFlowError {
  if (error instanceof OAuthFlowError) return error;
  const boom = error as WreckError;
  const res = boom.data?.res;
  const status = res?.statusCode;
  if (boom.data?.isResponseError && status !== undefined) {
    const oauthError = readOAuthError(boom.data.payload, status);
    if (oauthError) return oauthError;
    const retryAfter = parseRetryAfter(res?.headers?.['retry-after']);
    return new InvalidResponseError(
      `The token endpoint answered the ${what} with HTTP ${status} and no OAuth error${retryAfter === undefined ? '' : `; retry after ${retryAfter} s`}`,
      {
        status,
        ...(retryAfter === undefined ? {} : { retryAfter }),
      },
      { cause: safeCause(error) },
    );
  }
  if (status !== undefined) {
    return new InvalidResponseError(
      `The token endpoint answered the ${what} with HTTP ${status} and a body that is not JSON`,
      { status },
      { cause: safeCause(error) },
    );
  }
  if (boom.output?.statusCode === 504 || /timeout/i.test(boom.message)) {
    return new NetworkError(`The token endpoint did not answer the ${what} in time`, { cause: safeCause(error) });
  }
  // wreck answers an unparsable JSON body with a 502 that carries the raw payload.
  if (boom.isBoom && boom.output?.statusCode === 502 && boom.data?.payload !== undefined) {
    return new InvalidResponseError(`The token endpoint answered the ${what} with a body that is not valid JSON`, {}, { cause: safeCause(error) });
  }
  return new NetworkError(`Cannot reach the token endpoint for the ${what}: ${boom.message}`, { cause: safeCause(error) });
}

/** An OAuth error body (RFC 6749 §5.2), from an error status or, as some servers do, from a 200. */
function readOAuthError(body: unknown, status: number): OAuth2Error | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, error_description: description, error_uri: uri } = body as Record<string, unknown>;
  if (typeof error !== 'string') return undefined;
  const fields = {
    error,
    status,
    ...(typeof description === 'string' ? { errorDescription: description } : {}),
    ...(typeof uri === 'string' ? { errorUri: uri } : {}),
  };
  return new OAuth2Error(`The authorization server refused the request: ${error}${fields.errorDescription ? ` (${fields.errorDescription})` : ''}`, fields);
}
