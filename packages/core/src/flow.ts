import { EventEmitter } from 'node:events';
import axios, { type AxiosInstance } from 'axios';
import { asAxiosInstance } from './axios-like.js';
import { parseCallback } from './callback.js';
import type { Credentials } from './credentials.js';
import { ConfigurationError, NoCredentialsError, OAuth2Error, StateMismatchError, StorageError } from './errors.js';
import { TokenEndpoint, type ClientAuthentication } from './grants/token-endpoint.js';
import { buildAuthorizationUrl, callbackError, callbackState } from './grants/authorization-code.js';
import { parseDeviceResponse, pollForToken, type DeviceAuthorization } from './grants/device-authorization.js';
import { discoverEndpoints, type ClientParams } from './grants/discovery.js';
import { postForm } from './grants/http-form.js';
import { authorizeInteractively, type RetrieveTokenOptions } from './interactive/interactive-authorization.js';
import {
  normalizeScope, validateParams, type ExtraAuthParams, type ExtraTokenParams, type RequiredParams, type ValidatedParams,
} from './params.js';
import { createPkcePair, randomToken } from './pkce.js';
import { SingleFlight } from './single-flight.js';
import { MemoryStorage } from './storage/memory-storage.js';
import { DEFAULT_KEY, type Storage } from './storage/storage.js';
import type { AuthorizationRequest, AuthorizationUrlOptions, ExchangeCodeOptions, FlowEvents, FlowOptions } from './flow-types.js';

/**
 * An OAuth 2.0 authorization code flow with PKCE, refresh, revocation and storage — pyoauth2's
 * `OAuth2AuthorizationFlow`, made safe for many processes sharing one store.
 *
 * @example
 * const flow = new OAuth2AuthorizationFlow(required, { access_type: 'offline' }, {}, { storage });
 * const { url, state } = await flow.getAuthorizationUrl();
 * await flow.exchangeCode(redirectUrlTheUserPasted, { state });
 * const token = await flow.getAccessToken(); // refreshed when needed, once across all instances
 */
export class OAuth2AuthorizationFlow {
  readonly storage: Storage;
  readonly key: string;
  protected readonly params: ValidatedParams;
  protected readonly extraAuthParams: ExtraAuthParams;
  protected readonly extraTokenParams: ExtraTokenParams;
  protected readonly tokenEndpoint: TokenEndpoint;
  /** The axios instance for the device authorization and discovery requests. */
  protected readonly http: AxiosInstance;
  readonly #options: Required<Pick<FlowOptions, 'refreshSkewSeconds' | 'pendingTtlSeconds'>>;
  /** Set once clientCredentials() ran: expired credentials are then renewed by that grant, not a refresh token. */
  #clientCredentialsScope: readonly string[] | undefined;
  readonly #events = new EventEmitter<FlowEvents>();
  readonly #flights = new SingleFlight();
  #cached: Credentials | undefined;
  /**
   * A refresh the storage failed to save. With rotation the server has already retired the refresh
   * token still in the store, so losing these credentials would lose the grant: they are used from
   * memory and saved at the next locked read (see #readLocked).
   */
  #unsaved: { credentials: Credentials; replaces: Credentials } | undefined;
  /** The last refresh token the server refused: presenting it again cannot work, so it is not sent. */
  #refused: { refreshToken: string; error: OAuth2Error } | undefined;
  #lastState: string | undefined;

  constructor(required: RequiredParams, extraAuthParams: ExtraAuthParams = {}, extraTokenParams: ExtraTokenParams = {}, options: FlowOptions = {}) {
    this.params = validateParams(required, extraAuthParams, extraTokenParams);
    this.extraAuthParams = { ...extraAuthParams };
    this.extraTokenParams = { ...extraTokenParams };
    this.storage = options.storage ?? new MemoryStorage();
    this.key = checkKey(options.key ?? DEFAULT_KEY);
    const skew = options.refreshSkewSeconds ?? 60;
    if (!(skew >= 0)) throw new ConfigurationError('refreshSkewSeconds must be zero or more');
    this.#options = { refreshSkewSeconds: skew, pendingTtlSeconds: options.pendingTtlSeconds ?? 600 };
    this.http = options.http ? asAxiosInstance(options.http) : axios.create({ timeout: options.timeoutMs ?? 30_000 });
    this.tokenEndpoint = new TokenEndpoint(this.params, {
      ...(options.clientAuthentication ? { clientAuthentication: options.clientAuthentication } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  /**
   * A flow whose endpoints come from the issuer's metadata (OpenID Connect discovery or RFC 8414).
   *
   * @example
   * const flow = await OAuth2AuthorizationFlow.discover('https://accounts.google.com', { client_id, client_secret, scope, redirect_uri });
   */
  static async discover(issuer: string, client: ClientParams, extraAuthParams: ExtraAuthParams = {}, extraTokenParams: ExtraTokenParams = {}, options: FlowOptions = {}): Promise<OAuth2AuthorizationFlow> {
    const required = await discoverEndpoints(options.http ? asAxiosInstance(options.http) : axios.create({ timeout: options.timeoutMs ?? 30_000 }), issuer, client);
    return new this(required, extraAuthParams, extraTokenParams, options);
  }

  /** The server's endpoints this flow uses (after discovery, the discovered ones). */
  get endpoints(): Readonly<Pick<RequiredParams, 'auth_uri' | 'token_uri' | 'revoke_uri' | 'device_uri'>> {
    const { auth_uri, token_uri, revoke_uri, device_uri } = this.params;
    return { auth_uri, token_uri, ...(revoke_uri ? { revoke_uri } : {}), ...(device_uri ? { device_uri } : {}) };
  }

  /** True when `credentials` are due for a refresh under this flow's `refreshSkewSeconds` (see Credentials.needsRefresh). */
  needsRefresh(credentials: Credentials): boolean {
    return credentials.needsRefresh(this.#options.refreshSkewSeconds);
  }

  /** Listens to flow events: `'tokens'` fires with every new credential. */
  on<E extends keyof FlowEvents>(event: E, listener: (...args: FlowEvents[E]) => void): this {
    this.#events.on(event, listener as never);
    return this;
  }

  /** Stops listening. */
  off<E extends keyof FlowEvents>(event: E, listener: (...args: FlowEvents[E]) => void): this {
    this.#events.off(event, listener as never);
    return this;
  }

  /**
   * Builds the authorization URL with a fresh `state` and a PKCE S256 challenge (RFC 7636). The
   * verifier waits in the storage, so any instance sharing it can finish the callback.
   */
  async getAuthorizationUrl(options: AuthorizationUrlOptions = {}): Promise<AuthorizationRequest> {
    const state = randomToken();
    const { codeVerifier, codeChallenge } = createPkcePair();
    const redirectUri = options.redirectUri ?? this.params.redirect_uri;
    const scope = options.scope === undefined ? this.params.scope : normalizeScope(options.scope);
    const url = buildAuthorizationUrl(this.params, { redirectUri, scope, state, codeChallenge, extra: { ...this.extraAuthParams, ...options.params } });
    const key = checkKey(options.key ?? this.key);
    await this.storage.putPending(state, { codeVerifier, redirectUri, key, createdAt: Date.now() }, this.#options.pendingTtlSeconds);
    this.#lastState = state;
    return { url, state };
  }

  /**
   * Finishes an authorization: takes the full redirect URL (or the bare code), checks its state
   * against a pending authorization (each works once), exchanges the code and saves the result.
   * @throws {OAuth2Error} when the redirect carries an error (e.g. access_denied) or the server refuses the code
   * @throws {StateMismatchError} when the state is unknown, expired, already used or differs from `options.state`
   */
  async exchangeCode(codeOrRedirectUrl: string, options: ExchangeCodeOptions = {}): Promise<Credentials> {
    const callback = parseCallback(codeOrRedirectUrl);
    const state = callbackState(callback, options.state, this.#lastState);
    // Taken (and so spent) even when the callback is an error: a state works once.
    const pending = await this.storage.takePending(state);
    if (this.#lastState === state) this.#lastState = undefined;
    const refused = callbackError(callback);
    if (refused) throw refused;
    if (pending === undefined) {
      throw new StateMismatchError('The state is unknown, expired or already used: start the authorization again');
    }
    const credentials = await this.tokenEndpoint.exchangeCode({
      ...this.extraTokenParams,
      code: callback.code ?? '',
      redirect_uri: pending.redirectUri,
      code_verifier: pending.codeVerifier,
    });
    await this.storage.save(credentials, pending.key);
    this.#adopt(credentials, pending.key);
    return credentials;
  }

  /**
   * pyoauth2's `retrieve_token()`: the stored credentials when there are usable ones, otherwise
   * an interactive authorization — a loopback redirect (RFC 8252) or a pasted redirect URL.
   */
  async retrieveToken(options: RetrieveTokenOptions = {}): Promise<Credentials> {
    if (!options.force) {
      try {
        return await this.getCredentials();
      } catch (error) {
        if (!(error instanceof NoCredentialsError) && !(error instanceof OAuth2Error && error.error === 'invalid_grant')) throw error;
      }
    }
    return authorizeInteractively(this, this.params.redirect_uri, options);
  }

  /**
   * Starts the device authorization grant (RFC 8628) for input-constrained devices and CLIs:
   * show `userCode` and `verificationUri` to the user, then await `poll()`.
   * @throws {ConfigurationError} when no device_uri is configured
   */
  async deviceAuthorization(options: { scope?: string | readonly string[] } = {}): Promise<DeviceAuthorization> {
    if (this.params.device_uri === undefined) throw new ConfigurationError('required params: device_uri is not set, so the device flow cannot start');
    const scope = options.scope === undefined ? this.params.scope : normalizeScope(options.scope);
    const { form, headers } = this.tokenEndpoint.authenticate({ scope: scope.join(' ') });
    const device = parseDeviceResponse(await postForm(this.http, this.params.device_uri, 'device authorization endpoint', form, headers));
    const { deviceCode, ...shown } = device;
    return {
      ...shown,
      poll: async (pollOptions = {}) => {
        const credentials = await pollForToken(() => this.tokenEndpoint.deviceToken(deviceCode), {
          interval: device.interval, expiresIn: device.expiresIn, ...(pollOptions.signal ? { signal: pollOptions.signal } : {}),
        });
        await this.storage.save(credentials, this.key);
        this.#adopt(credentials, this.key);
        return credentials;
      },
    };
  }

  /**
   * The client credentials grant (RFC 6749 §4.4) for machine-to-machine calls: the stored token
   * while fresh, otherwise a new one, fetched once under the storage lock and saved. Afterwards
   * getCredentials() renews expired tokens the same way, and refresh() fetches a new one.
   * `force` fetches a new token even when the stored one is fresh; it replaces it only on success.
   */
  clientCredentials(options: { scope?: string | readonly string[]; force?: boolean } = {}): Promise<Credentials> {
    this.#clientCredentialsScope = options.scope === undefined ? this.params.scope : normalizeScope(options.scope);
    return options.force ? this.refresh() : this.getCredentials();
  }

  /**
   * Fresh credentials: from memory while they are fresh (no storage round trip), otherwise from
   * the storage, refreshed under `storage.withLock` when stale — once per expiry across every
   * process sharing the store.
   * @throws {NoCredentialsError} when nothing usable is stored: authorize first
   */
  getCredentials(): Promise<Credentials> {
    const cached = this.#freshCached();
    if (cached !== undefined) return Promise.resolve(cached);
    return this.#flights.run('fresh', async () => {
      if (this.#clientCredentialsScope !== undefined) return this.#freshClientCredentials();
      if (this.#unsaved === undefined) {
        const stored = await this.#readStored();
        if (!this.needsRefresh(stored)) return this.#remember(stored);
      }
      try {
        return await this.storage.withLock(this.key, async () => {
          const current = await this.#readLocked();
          return this.needsRefresh(current) ? this.#refreshStored(current) : this.#remember(current);
        });
      } catch (error) {
        // The store still cannot take the refresh it missed: meanwhile that refresh's token is good.
        const unsaved = this.#unsaved?.credentials;
        if (error instanceof StorageError && unsaved !== undefined && !this.needsRefresh(unsaved)) return unsaved;
        throw error;
      }
    });
  }

  /** A fresh access token (see {@link getCredentials}). */
  async getAccessToken(): Promise<string> {
    return (this.#freshCached() ?? await this.getCredentials()).accessToken;
  }

  /** Refreshes now, whatever the expiry says, and saves the result (after clientCredentials(): a new token by that grant). */
  refresh(): Promise<Credentials> {
    if (this.#clientCredentialsScope !== undefined) return this.#flights.run('forced', () => this.#freshClientCredentials({ force: true }));
    return this.#flights.run('forced', () => this.storage.withLock(this.key, async () => this.#refreshStored(await this.#readLocked())));
  }

  /**
   * For API clients whose request came back 401: refreshes only if `rejectedAccessToken` is
   * still the stored one. When another caller already refreshed, returns the newer credentials,
   * so many failing requests cause one refresh, not one each.
   */
  refreshIfCurrent(rejectedAccessToken: string): Promise<Credentials> {
    return this.#flights.run(`rejected:${rejectedAccessToken}`, () => this.storage.withLock(this.key, async () => {
      const current = await this.#readLocked();
      if (current.accessToken !== rejectedAccessToken && !this.needsRefresh(current)) return this.#remember(current);
      return this.#refreshStored(current);
    }));
  }

  /**
   * Revokes the refresh and access tokens at the server (RFC 7009), then deletes them from the
   * storage. If the server cannot be reached, nothing is deleted.
   * @throws {ConfigurationError} when no revoke_uri is configured
   */
  async revoke(): Promise<void> {
    if (this.params.revoke_uri === undefined) throw new ConfigurationError('required params: revoke_uri is not set, so tokens cannot be revoked');
    await this.storage.withLock(this.key, async () => {
      const stored = await this.storage.get(this.key);
      if (stored?.refreshToken !== undefined) await this.tokenEndpoint.revoke(stored.refreshToken, 'refresh_token');
      if (stored !== undefined) await this.tokenEndpoint.revoke(stored.accessToken, 'access_token');
      await this.storage.delete(this.key);
      this.#cached = undefined;
    });
  }

  /**
   * Combines refreshed credentials with the ones they replace. The default keeps the old
   * refresh token when the server sends none (Google does; RFC 6749 §6 allows it) and the old
   * scope and id_token when absent. Override to keep provider-specific fields.
   */
  protected mergeRefreshed(previous: Credentials, refreshed: Credentials): Credentials {
    return refreshed.with({
      ...(refreshed.refreshToken === undefined && previous.refreshToken !== undefined ? { refreshToken: previous.refreshToken } : {}),
      ...(refreshed.scope === undefined && previous.scope !== undefined ? { scope: previous.scope } : {}),
      ...(refreshed.idToken === undefined && previous.idToken !== undefined ? { idToken: previous.idToken } : {}),
    });
  }

  async #refreshStored(current: Credentials): Promise<Credentials> {
    if (current.refreshToken === undefined) {
      throw new NoCredentialsError(`The credentials stored under "${this.key}" expired and hold no refresh token: authorize again`, this.key);
    }
    // A dead grant must not cost a token request per API request: the refused token stays refused.
    if (this.#refused?.refreshToken === current.refreshToken) throw this.#refused.error;
    let refreshed: Credentials;
    try {
      refreshed = await this.tokenEndpoint.refresh(current.refreshToken, refreshParams(this.extraTokenParams));
    } catch (error) {
      if (!(error instanceof OAuth2Error) || error.error !== 'invalid_grant') throw error;
      // Another instance may have rotated the refresh token (e.g. one whose lock lease ran out).
      const latest = await this.storage.get(this.key);
      if (latest !== undefined && latest.refreshToken !== current.refreshToken && !this.needsRefresh(latest)) return this.#remember(latest);
      const refused = new OAuth2Error(`The refresh token stored under "${this.key}" was refused (invalid_grant): the grant was revoked or has expired; authorize again`, {
        error: error.error, ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.errorDescription === undefined ? {} : { errorDescription: error.errorDescription }),
      }, { cause: error });
      this.#refused = { refreshToken: current.refreshToken, error: refused };
      throw refused;
    }
    const merged = this.mergeRefreshed(current, refreshed);
    try {
      // Under a healthy lock nobody else wrote; if our lease ran out meanwhile, never replace newer credentials.
      const latest = await this.storage.get(this.key);
      if (latest !== undefined && latest.accessToken !== current.accessToken && isNewer(latest, merged)) return this.#remember(latest);
      await this.storage.save(merged, this.key);
    } catch (error) {
      // The server has already rotated: keep the new credentials, and save them once the store answers.
      this.#unsaved = { credentials: merged, replaces: current };
      this.#adopt(merged, this.key);
      throw error;
    }
    this.#adopt(merged, this.key);
    return merged;
  }

  /** The credentials in memory, while they are fresh and saved: the hot path, with no storage round trip. */
  #freshCached(): Credentials | undefined {
    const cached = this.#cached;
    return cached !== undefined && !this.needsRefresh(cached) && this.#unsaved === undefined ? cached : undefined;
  }

  async #freshClientCredentials(options: { force?: boolean } = {}): Promise<Credentials> {
    const isFresh = (c: Credentials | undefined): c is Credentials => !options.force && c !== undefined && !this.needsRefresh(c);
    const stored = options.force ? undefined : await this.storage.get(this.key);
    if (isFresh(stored)) return this.#remember(stored);
    return this.storage.withLock(this.key, async () => {
      const current = options.force ? undefined : await this.storage.get(this.key);
      if (isFresh(current)) return this.#remember(current);
      const credentials = await this.tokenEndpoint.clientCredentials({ scope: (this.#clientCredentialsScope ?? []).join(' ') });
      await this.storage.save(credentials, this.key);
      this.#adopt(credentials, this.key);
      return credentials;
    });
  }

  async #readStored(): Promise<Credentials> {
    const stored = await this.storage.get(this.key);
    if (stored === undefined) {
      this.#cached = undefined;
      throw new NoCredentialsError(`No credentials are stored under "${this.key}": authorize first (retrieveToken() or getAuthorizationUrl() + exchangeCode())`, this.key);
    }
    return stored;
  }

  /**
   * The stored credentials, read under the lock. A refresh the store missed is saved first, if the
   * store still holds what that refresh replaced; if the store moved on (another instance saved,
   * deleted or re-authorized meanwhile), the store wins.
   */
  async #readLocked(): Promise<Credentials> {
    const unsaved = this.#unsaved;
    if (unsaved !== undefined) {
      const stored = await this.storage.get(this.key);
      if (stored !== undefined && stored.accessToken === unsaved.replaces.accessToken) {
        await this.storage.save(unsaved.credentials, this.key);
        this.#unsaved = undefined;
        return unsaved.credentials;
      }
      this.#unsaved = undefined;
    }
    return this.#readStored();
  }

  #remember(credentials: Credentials): Credentials {
    this.#cached = credentials;
    return credentials;
  }

  /** Caches credentials saved for this flow's key and tells listeners. */
  #adopt(credentials: Credentials, key: string): void {
    if (key === this.key) this.#cached = credentials;
    try {
      this.#events.emit('tokens', credentials, key);
    } catch (error) {
      // A listener's bug must not turn a saved refresh into a failure.
      process.emitWarning(`A 'tokens' listener threw: ${(error as Error).message}`);
    }
  }
}

function isNewer(a: Credentials, b: Credentials): boolean {
  return (a.issuedAt?.getTime() ?? 0) > (b.issuedAt?.getTime() ?? 0);
}

/** The extra token params minus the code exchange's own grant_type. */
function refreshParams(extra: ExtraTokenParams): Record<string, string> {
  const { grant_type: _grantType, ...rest } = extra;
  return rest;
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '' || key.length > 200 || key === '__proto__') {
    throw new ConfigurationError('key must be a non-empty string of at most 200 characters');
  }
  return key;
}
