import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import type { AxiosInstance } from 'axios';
import { asAxiosInstance } from './axios-like.js';
import { readCallback } from './callback.js';
import type { Credentials } from './credentials.js';
import { ConfigurationError, ErrorCodes, NoCredentialsError, OAuth2Error, StateMismatchError, StorageError } from './errors.js';
import { TokenEndpoint, type ClientAuthentication } from './grants/token-endpoint.js';
import { buildAuthorizationUrl, callbackError, callbackState, checkIssuer } from './grants/authorization-code.js';
import { parseDeviceResponse, pollForToken, type DeviceAuthorization } from './grants/device-authorization.js';
import { discoverEndpoints, type ClientParams } from './grants/discovery.js';
import { noRefreshTokenError } from './grants/error-hints.js';
import { postForm } from './grants/http-form.js';
import type { RetrieveTokenOptions } from './interactive/interactive-authorization.js';
import { describeFlow, type FlowDescription } from './flow-description.js';
import { createAxios } from './lazy-axios.js';
import {
  checkAuthParams,
  normalizeScope,
  validateParams,
  type ExtraAuthParams,
  type ExtraTokenParams,
  type RequiredParams,
  type ValidatedParams,
} from './params.js';
import { createPkcePair, randomToken } from './pkce.js';
import { KeyHandle, type KeyOperations } from './key-handle.js';
import { KeyState, KeyStates } from './key-state.js';
import { refreshUnderLock, type LockedRefreshOutcome } from './locked-refresh.js';
import { MemoryStorage } from './storage/memory-storage.js';
import { DEFAULT_KEY, type LockHandle, type Storage, type StoredRecord } from './storage/storage.js';
import { checkStorageKey } from './storage/storage-key.js';
import type { AuthorizationRequest, AuthorizationUrlOptions, ClientCredentialsOptions, ExchangeCodeOptions, FlowEvents, FlowOptions } from './flow-types.js';

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
  /** Private, so no log, inspect or JSON of the flow shows the client secret; subclasses read {@link params}. */
  readonly #params: ValidatedParams;
  protected readonly extraAuthParams: ExtraAuthParams;
  protected readonly extraTokenParams: ExtraTokenParams;
  protected readonly tokenEndpoint: TokenEndpoint;
  #http: AxiosInstance | undefined;
  readonly #timeoutMs: number;
  readonly #options: Required<Pick<FlowOptions, 'refreshSkewSeconds' | 'pendingTtlSeconds' | 'inFlightWaitMs'>>;
  /** Set once clientCredentials() ran: expired credentials are then renewed by that grant, not a refresh token. */
  #clientCredentialsScope: readonly string[] | undefined;
  readonly #events = new EventEmitter<FlowEvents>();
  /** The flow's own key: never evicted. */
  readonly #own: KeyState;
  /** Other keys served through forKey(), most recently used last, bounded. */
  readonly #states: KeyStates;
  readonly #operations: KeyOperations;
  /** RFC 9207: the issuer callbacks must name, and whether they must name it at all. */
  readonly #issuer: { identifier: string; required: boolean } | undefined;
  /** needsRefresh() is this class's own, so a cached key's freshness can be kept as a deadline. */
  readonly #plainFreshness: boolean;

  constructor(required: RequiredParams, extraAuthParams: ExtraAuthParams = {}, extraTokenParams: ExtraTokenParams = {}, options: FlowOptions = {}) {
    this.#params = validateParams(required, extraAuthParams, extraTokenParams);
    this.extraAuthParams = { ...extraAuthParams };
    this.extraTokenParams = { ...extraTokenParams };
    this.storage = options.storage ?? new MemoryStorage();
    this.key = checkStorageKey(options.key ?? DEFAULT_KEY);
    if (options.issuer !== undefined && (typeof options.issuer !== 'string' || options.issuer === ''))
      throw new ConfigurationError("issuer must be the server's issuer identifier (a URL)");
    if (options.requireIssuerInResponse === true && options.issuer === undefined)
      throw new ConfigurationError('requireIssuerInResponse needs the issuer option: the iss of a response is compared with it');
    this.#issuer = options.issuer === undefined ? undefined : { identifier: options.issuer, required: options.requireIssuerInResponse === true };
    const cacheSize = options.cacheSize ?? 10_000;
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new ConfigurationError('cacheSize must be a whole number, zero or more');
    this.#plainFreshness = this.needsRefresh === OAuth2AuthorizationFlow.prototype.needsRefresh;
    this.#own = new KeyState(this.key);
    this.#states = new KeyStates(cacheSize);
    this.#operations = {
      getCredentials: (state) => this.#getCredentials(state),
      getAccessToken: (state) => this.#getAccessToken(state),
      refresh: (state) => this.#refresh(state),
      refreshIfCurrent: (state, token) => this.#refreshIfCurrent(state, token),
      revoke: (state) => this.#revoke(state),
      on: (listener) => {
        this.#events.on('tokens', listener);
      },
      off: (listener) => {
        this.#events.off('tokens', listener);
      },
    };
    const skew = options.refreshSkewSeconds ?? 60;
    if (!(skew >= 0)) throw new ConfigurationError('refreshSkewSeconds must be zero or more');
    const inFlightWaitMs = options.inFlightWaitMs ?? 60_000;
    if (!(inFlightWaitMs >= 0)) throw new ConfigurationError('inFlightWaitMs must be zero or more');
    this.#options = { refreshSkewSeconds: skew, pendingTtlSeconds: options.pendingTtlSeconds ?? 600, inFlightWaitMs };
    this.#http = options.http === undefined ? undefined : asAxiosInstance(options.http);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.tokenEndpoint = new TokenEndpoint(this.params, {
      ...(options.clientAuthentication ? { clientAuthentication: options.clientAuthentication } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.revocation ? { revocation: options.revocation } : {}),
      acceptsTokenType: (tokenType) => this.handlesTokenType(tokenType),
    });
  }

  /** The validated required params; private to the flow and its subclasses (they hold the client secret). */
  protected get params(): ValidatedParams {
    return this.#params;
  }

  /** The issuer authorization responses must name (RFC 9207), when known: from discovery or `options.issuer`. */
  get issuer(): string | undefined {
    return this.#issuer?.identifier;
  }

  /** True when authorization responses without `iss` are refused: the server's metadata says it always sends one. */
  get issuerRequiredInResponse(): boolean {
    return this.#issuer?.required ?? false;
  }

  /**
   * A flow whose endpoints come from the issuer's metadata (OpenID Connect discovery or RFC 8414).
   *
   * @example
   * const flow = await OAuth2AuthorizationFlow.discover('https://accounts.google.com', { client_id, client_secret, scope, redirect_uri });
   */
  static async discover(
    issuer: string,
    client: ClientParams,
    extraAuthParams: ExtraAuthParams = {},
    extraTokenParams: ExtraTokenParams = {},
    options: FlowOptions = {},
  ): Promise<OAuth2AuthorizationFlow> {
    const discovered = await discoverEndpoints(
      options.http ? asAxiosInstance(options.http) : createAxios({ timeout: options.timeoutMs ?? 30_000 }),
      issuer,
      client,
    );
    return new this(discovered.required, extraAuthParams, extraTokenParams, {
      issuer: discovered.issuer,
      requireIssuerInResponse: discovered.issuerInResponse,
      ...options,
    });
  }

  /** The axios instance for the device authorization and discovery requests (made on first use: axios loads only then). */
  protected get http(): AxiosInstance {
    this.#http ??= createAxios({ timeout: this.#timeoutMs });
    return this.#http;
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
    const extra = { ...this.extraAuthParams, ...checkAuthParams('getAuthorizationUrl() params', options.params ?? {}) };
    const url = buildAuthorizationUrl(this.params, { redirectUri, scope, state, codeChallenge, extra });
    const key = checkStorageKey(options.key ?? this.key);
    const issuer = this.#issuer === undefined ? {} : { issuer: this.#issuer.identifier };
    await this.storage.putPending(state, { codeVerifier, redirectUri, key, createdAt: Date.now(), ...issuer }, this.#options.pendingTtlSeconds);
    return { url, state };
  }

  /**
   * Finishes an authorization: takes the full redirect URL (or the bare code), checks its state
   * against a pending authorization (each works once), exchanges the code and saves the result.
   * @throws {OAuth2Error} when the redirect carries an error (e.g. access_denied) or the server refuses the code
   * @throws {StateMismatchError} when the state is missing, unknown, expired, already used or differs from
   * `options.state`; a bare code needs `options.state`
   * @throws {IssuerMismatchError} when the redirect names another issuer than the authorization was sent to (RFC 9207)
   */
  async exchangeCode(codeOrRedirectUrl: string, options: ExchangeCodeOptions = {}): Promise<Credentials> {
    const { params: callback, bareCode } = readCallback(codeOrRedirectUrl);
    const state = callbackState(callback, options.state, bareCode);
    // Taken (and so spent) even when the callback is an error: a state works once.
    const pending = await this.storage.takePending(state);
    // Before the error too: an error redirect from another server must not pass for this one's.
    // A bare code has nowhere to carry an iss: only a redirect must have one.
    if (pending !== undefined) checkIssuer(callback, pending.issuer, this.issuerRequiredInResponse && !bareCode);
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
    return this.#saveNew(credentials, pending.key, options.meta);
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
    // Loaded here: its loopback server and prompt (node:http, node:readline) cost every other caller start-up time.
    const { authorizeInteractively } = await import('./interactive/interactive-authorization.js');
    return authorizeInteractively(this, this.params.redirect_uri, options, {
      issuer: this.#issuer?.identifier,
      issuerRequired: this.issuerRequiredInResponse,
    });
  }

  /**
   * Starts the device authorization grant (RFC 8628) for input-constrained devices and CLIs:
   * show `userCode` and `verificationUri` to the user, then await `poll()`.
   * @throws {ConfigurationError} when no device_uri is configured
   */
  async deviceAuthorization(options: { scope?: string | readonly string[] } = {}): Promise<DeviceAuthorization> {
    if (this.params.device_uri === undefined) throw new ConfigurationError('required params: device_uri is not set, so the device flow cannot start');
    const scope = options.scope === undefined ? this.params.scope : normalizeScope(options.scope);
    // client_id goes in the body whatever the authentication: RFC 8628 §3.1 and Google ask for it there.
    const authenticated = this.tokenEndpoint.authenticate({ scope: scope.join(' ') });
    const form = { ...authenticated.form, client_id: this.params.client_id };
    const headers = authenticated.headers;
    const device = parseDeviceResponse(await postForm(this.http, this.params.device_uri, 'device authorization endpoint', form, headers));
    const { deviceCode, ...shown } = device;
    return {
      ...shown,
      poll: async (pollOptions = {}) => {
        const credentials = await pollForToken(() => this.tokenEndpoint.deviceToken(deviceCode), {
          interval: device.interval,
          expiresIn: device.expiresIn,
          ...(pollOptions.signal ? { signal: pollOptions.signal } : {}),
        });
        return this.#saveNew(credentials, this.key, pollOptions.meta);
      },
    };
  }

  /**
   * The client credentials grant (RFC 6749 §4.4) for machine-to-machine calls: the stored token
   * while fresh, otherwise a new one, fetched once under the storage lock and saved. Afterwards
   * getCredentials() renews expired tokens the same way, and refresh() fetches a new one.
   * `force` fetches a new token even when the stored one is fresh; it replaces it only on success.
   * A token it fetches keeps the stored meta, or takes `meta` when given.
   */
  clientCredentials(options: ClientCredentialsOptions = {}): Promise<Credentials> {
    this.#clientCredentialsScope = options.scope === undefined ? this.params.scope : normalizeScope(options.scope);
    if (options.meta === undefined) return options.force ? this.refresh() : this.getCredentials();
    const grant = { force: options.force === true, meta: options.meta };
    return this.#own.flight(options.force ? 'forced' : 'fresh', () => this.#freshClientCredentials(this.#own, grant));
  }

  /**
   * Fresh credentials: from memory while they are fresh (no storage round trip), otherwise from
   * the storage, refreshed under `storage.withLock` when stale — once per expiry across every
   * process sharing the store.
   * @throws {NoCredentialsError} when nothing usable is stored: authorize first
   */
  getCredentials(): Promise<Credentials> {
    return this.#getCredentials(this.#own);
  }

  /** A fresh access token (see {@link getCredentials}). */
  getAccessToken(): Promise<string> {
    return this.#getAccessToken(this.#own);
  }

  /** Refreshes now, whatever the expiry says, and saves the result (after clientCredentials(): a new token by that grant). */
  refresh(): Promise<Credentials> {
    return this.#refresh(this.#own);
  }

  /**
   * For API clients whose request came back 401: refreshes only if `rejectedAccessToken` is
   * still the stored one. When another caller already refreshed, returns the newer credentials,
   * so many failing requests cause one refresh, not one each.
   */
  refreshIfCurrent(rejectedAccessToken: string): Promise<Credentials> {
    return this.#refreshIfCurrent(this.#own, rejectedAccessToken);
  }

  /**
   * A handle on another key of the same store, for services that hold credentials for many users:
   * the same operations as the flow's own (getAccessToken, getCredentials, refresh,
   * refreshIfCurrent, revoke, on('tokens')), sharing this flow's configuration, HTTP client and a
   * bounded in-memory cache of hot credentials (`cacheSize`, default 10 000 keys, least recently
   * used out first; an evicted key is read from the store again on its next use). Calls for one key
   * share one refresh (single flight); keys never touch each other's credentials.
   *
   * @example
   * const token = await flow.forKey(`user:${userId}`).getAccessToken();
   * const api = new OAuth2APIRequest(flow.forKey(`user:${userId}`), { baseURL });
   */
  forKey(key: string): KeyHandle {
    const state = key === this.key ? this.#own : this.#states.get(key, checkStorageKey);
    return (state.handle ??= new KeyHandle(state, this.#operations));
  }

  /**
   * Revokes the grant at the server (RFC 7009) with one request — the refresh token when there
   * is one (which ends the grant with its access tokens), else the access token — then deletes
   * the credentials from the storage. A token the server calls already revoked (`invalid_token`)
   * counts as revoked, so calling revoke() again resolves. If the server cannot be reached or
   * refuses otherwise, nothing is deleted.
   * @throws {ConfigurationError} when no revoke_uri is configured
   */
  revoke(): Promise<void> {
    return this.#revoke(this.#own);
  }

  /**
   * Whether the flow can use tokens of `tokenType` (RFC 6749 §7.1: a client must not use a token
   * type it does not understand). The default takes Bearer only (RFC 6750, any letter case); a
   * token response of another type fails with an InvalidResponseError. A subclass that sends
   * such tokens properly (e.g. DPoP, with its own API request class) overrides this.
   */
  protected handlesTokenType(tokenType: string): boolean {
    return tokenType.toLowerCase() === 'bearer';
  }

  /** What a log may show of the flow: endpoints, client id, scopes, key, storage kind; never a secret. */
  toJSON(): FlowDescription {
    return describeFlow(this.#params, this.key, this.storage, this.#issuer?.identifier);
  }

  /** `util.inspect` (and console.log) show {@link toJSON}. */
  [inspect.custom](): string {
    return `${this.constructor.name} ${inspect(this.toJSON())}`;
  }

  toString(): string {
    return `${this.constructor.name} { client_id: ${this.#params.client_id}, key: ${this.key} }`;
  }

  /**
   * Combines refreshed credentials with the ones they replace. The default keeps the old
   * refresh token when the server sends none (Google does; RFC 6749 §6 allows it) and the old
   * scope and id_token when absent, and always the application's meta (a server sends none).
   * Override to keep provider-specific fields; meta stays even when an override leaves it out.
   */
  protected mergeRefreshed(previous: Credentials, refreshed: Credentials): Credentials {
    return refreshed.with({
      meta: previous.meta,
      ...(refreshed.refreshToken === undefined && previous.refreshToken !== undefined ? { refreshToken: previous.refreshToken } : {}),
      ...(refreshed.scope === undefined && previous.scope !== undefined ? { scope: previous.scope } : {}),
      ...(refreshed.idToken === undefined && previous.idToken !== undefined ? { idToken: previous.idToken } : {}),
      ...(refreshed.refreshToken === undefined && refreshed.refreshTokenExpiresAt === undefined && previous.refreshTokenExpiresAt !== undefined
        ? { refreshTokenExpiresAt: previous.refreshTokenExpiresAt }
        : {}),
    });
  }

  #getCredentials(state: KeyState): Promise<Credentials> {
    const cached = this.#freshCached(state);
    if (cached !== undefined) return Promise.resolve(cached);
    return state.flight('fresh', async () => {
      if (this.#clientCredentialsScope !== undefined) return this.#freshClientCredentials(state);
      if (state.unsaved === undefined) {
        const stored = await this.#readStored(state);
        if (!this.needsRefresh(stored)) return remember(state, stored);
      }
      try {
        return await this.#refreshLocked(state, (record) => this.needsRefresh(record.credentials));
      } catch (error) {
        // The store still cannot take the refresh it missed: meanwhile that refresh's token is good.
        const unsaved = state.unsaved?.credentials;
        if (error instanceof StorageError && unsaved !== undefined && !this.needsRefresh(unsaved)) return unsaved;
        throw error;
      }
    });
  }

  async #getAccessToken(state: KeyState): Promise<string> {
    // The hot path: a deadline worked out by #freshCached, and the token, both in the state.
    if (state.unsaved === undefined && Date.now() < state.freshUntil * 1000 && state.token !== undefined) return state.token;
    return (this.#freshCached(state) ?? (await this.#getCredentials(state))).accessToken;
  }

  #refresh(state: KeyState): Promise<Credentials> {
    if (this.#clientCredentialsScope !== undefined) return state.flight('forced', () => this.#freshClientCredentials(state, { force: true }));
    // Forced, unless another process refreshed while we waited for its in-flight refresh.
    let first: number | undefined;
    return state.flight('forced', () => this.#refreshLocked(state, (record) => (first ??= record.revision) === record.revision));
  }

  #refreshIfCurrent(state: KeyState, rejectedAccessToken: string): Promise<Credentials> {
    return state.flight(`rejected:${rejectedAccessToken}`, () =>
      this.#refreshLocked(state, (record) => record.credentials.accessToken === rejectedAccessToken || this.needsRefresh(record.credentials)),
    );
  }

  async #revoke(state: KeyState): Promise<void> {
    if (this.params.revoke_uri === undefined) throw new ConfigurationError('required params: revoke_uri is not set, so tokens cannot be revoked');
    await this.storage.withLock(state.key, async () => {
      const record = await this.storage.read(state.key);
      const stored = record?.credentials;
      if (stored !== undefined) {
        const [token, hint] =
          stored.refreshToken === undefined ? [stored.accessToken, 'access_token' as const] : [stored.refreshToken, 'refresh_token' as const];
        await this.tokenEndpoint.revoke(this.http, token, hint);
      }
      // Only what was revoked: credentials another instance saved meanwhile (a new login) stay.
      if (record !== undefined) await this.storage.delete(state.key, { ifRevision: record.revision }).catch(ignoreConflict);
      state.cached = undefined;
    });
  }

  /**
   * Runs the refresh protocol (see locked-refresh.ts) under the key's lock, for records `due`
   * says must be refreshed. A lock lost before anything was sent (an overloaded or paused
   * process) is taken again, a few times: nothing was sent, so trying again is safe.
   */
  async #refreshLocked(state: KeyState, due: (record: StoredRecord) => boolean): Promise<Credentials> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.storage.withLock(state.key, async (lock) =>
          this.#settle(
            state,
            await refreshUnderLock(
              {
                storage: this.storage,
                key: state.key,
                lock,
                due,
                send: (current) => this.#sendRefresh(state, current),
                cannotRefresh: (current) => noRefreshTokenError(state.key, current),
                inFlightWaitMs: this.#options.inFlightWaitMs,
                minLockRemainingMs: MIN_LOCK_REMAINING_MS,
              },
              await this.#readLocked(state, lock),
            ),
          ),
        );
      } catch (error) {
        // Deleted meanwhile (a disconnect on another instance): the cached token must not outlive it.
        if (error instanceof NoCredentialsError) state.cached = undefined;
        if (attempt >= LOCK_LOST_ATTEMPTS || !(error instanceof StorageError) || error.code !== ErrorCodes.LOCK_LOST) throw error;
      }
    }
  }

  #settle(state: KeyState, outcome: LockedRefreshOutcome): Credentials {
    switch (outcome.kind) {
      case 'current':
        return remember(state, outcome.credentials);
      case 'saved':
        this.#adopt(outcome.credentials, state.key);
        return outcome.credentials;
      case 'superseded':
        return outcome.credentials;
      case 'unsaved':
        // The server has already rotated: keep the new credentials, and save them once the store answers.
        state.unsaved = { credentials: outcome.credentials, markRevision: outcome.markRevision };
        this.#adopt(outcome.credentials, state.key);
        throw outcome.error;
    }
  }

  /** One refresh request for `current`, merged; a refused refresh token is remembered and never sent again. */
  async #sendRefresh(state: KeyState, current: Credentials): Promise<Credentials> {
    const refreshToken = current.refreshToken ?? '';
    // A dead grant must not cost a token request per API request: the refused token stays refused.
    if (state.refused?.refreshToken === refreshToken) throw state.refused.error;
    try {
      return keepMeta(current, this.mergeRefreshed(current, await this.tokenEndpoint.refresh(refreshToken, refreshParams(this.extraTokenParams))));
    } catch (error) {
      if (!(error instanceof OAuth2Error) || error.error !== 'invalid_grant') throw error;
      // Another writer may have rotated the refresh token meanwhile (a process whose wait for our
      // mark ran out): its credentials then win the conditional save that follows.
      const latest = await this.storage.get(state.key);
      if (latest !== undefined && latest.refreshToken !== refreshToken && !this.needsRefresh(latest)) return latest;
      const refused = new OAuth2Error(
        `The refresh token stored under "${state.key}" was refused (invalid_grant): the grant was revoked or has expired; authorize again`,
        {
          error: error.error,
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.errorDescription === undefined ? {} : { errorDescription: error.errorDescription }),
        },
        { cause: error },
      );
      state.refused = { refreshToken, error: refused };
      throw refused;
    }
  }

  /**
   * Saves credentials a new authorization produced, under the key's lock, replacing whatever is
   * stored: with `meta` when given, else with the meta of the credentials they replace.
   */
  async #saveNew(issued: Credentials, key: string, meta: Readonly<Record<string, unknown>> | undefined): Promise<Credentials> {
    const credentials = await this.storage.withLock(key, async () => {
      // Unreadable stored data must not stop a new authorization: it has no meta to keep then.
      const kept = meta ?? (await this.storage.get(key).catch(() => undefined))?.meta;
      const saved = kept === undefined ? issued : issued.with({ meta: kept });
      await this.storage.save(saved, key);
      return saved;
    });
    const state = this.#stateIfKnown(key);
    if (state !== undefined) state.unsaved = undefined;
    this.#adopt(credentials, key);
    return credentials;
  }

  /** The credentials in memory, while they are fresh and saved: the hot path, with no storage round trip. */
  #freshCached(state: KeyState): Credentials | undefined {
    const cached = state.cached;
    if (cached === undefined || state.unsaved !== undefined) return undefined;
    if (Date.now() < state.freshUntil * 1000) return cached;
    if (this.needsRefresh(cached)) return undefined;
    // Worked out once per credentials, unless a subclass decides freshness its own way.
    if (this.#plainFreshness) state.freshUntil = freshUntilSeconds(cached, this.#options.refreshSkewSeconds);
    return cached;
  }

  /** The in-memory state of `key`, if it has one (the flow's own key always does). */
  #stateIfKnown(key: string): KeyState | undefined {
    return key === this.key ? this.#own : this.#states.peek(key);
  }

  async #freshClientCredentials(state: KeyState, options: { force?: boolean; meta?: Readonly<Record<string, unknown>> } = {}): Promise<Credentials> {
    const isFresh = (c: Credentials | undefined): c is Credentials => !options.force && c !== undefined && !this.needsRefresh(c);
    const stored = options.force ? undefined : await this.storage.get(state.key);
    if (isFresh(stored)) return remember(state, stored);
    return this.storage.withLock(state.key, async () => {
      const current = await this.storage.read(state.key);
      if (!options.force && isFresh(current?.credentials)) return remember(state, current.credentials);
      const issued = await this.tokenEndpoint.clientCredentials({ scope: (this.#clientCredentialsScope ?? []).join(' ') });
      // A new token by the same grant: the application's meta stays with the key.
      const meta = options.meta ?? current?.credentials.meta;
      const credentials = meta === undefined ? issued : issued.with({ meta });
      // Conditional, so a delete meanwhile stays a delete.
      await this.storage.save(credentials, state.key, current === undefined ? {} : { ifRevision: current.revision });
      this.#adopt(credentials, state.key);
      return credentials;
    });
  }

  async #readStored(state: KeyState): Promise<Credentials> {
    const stored = await this.storage.get(state.key);
    if (stored === undefined) {
      state.cached = undefined;
      throw new NoCredentialsError(
        `No credentials are stored under "${state.key}": authorize first (retrieveToken() or getAuthorizationUrl() + exchangeCode())`,
        state.key,
      );
    }
    return stored;
  }

  /**
   * The stored record, read under the lock. A refresh the store missed is saved first, if the
   * record is still at the revision of that refresh's in-flight mark; if the store moved on
   * (another instance saved, deleted or re-authorized meanwhile), the store wins.
   */
  async #readLocked(state: KeyState, lock: LockHandle): Promise<StoredRecord | undefined> {
    const record = await this.storage.read(state.key);
    const unsaved = state.unsaved;
    if (unsaved === undefined) return record;
    state.unsaved = undefined;
    if (record === undefined || record.revision !== unsaved.markRevision || lock.signal.aborted) return record;
    const revision = await this.storage.save(unsaved.credentials, state.key, { ifRevision: unsaved.markRevision }).catch((error: unknown) => {
      state.unsaved = unsaved;
      throw error;
    });
    return { credentials: unsaved.credentials, revision };
  }

  /** Caches credentials saved for a key in memory and tells listeners. */
  #adopt(credentials: Credentials, key: string): void {
    const state = this.#stateIfKnown(key);
    if (state !== undefined) state.cached = credentials;
    try {
      this.#events.emit('tokens', credentials, key);
    } catch (error) {
      // A listener's bug must not turn a saved refresh into a failure.
      process.emitWarning(`A 'tokens' listener threw: ${(error as Error).message}`);
    }
  }
}

/** Refreshed credentials with the meta of those they replace, unless the merge set its own. */
function keepMeta(previous: Credentials, merged: Credentials): Credentials {
  return Object.keys(merged.meta).length === 0 && Object.keys(previous.meta).length > 0 ? merged.with({ meta: previous.meta }) : merged;
}

/** Keeps `credentials` as the key's cached ones. */
function remember(state: KeyState, credentials: Credentials): Credentials {
  state.cached = credentials;
  return credentials;
}

/** The largest small integer V8 keeps inside an object (2038 in epoch seconds); past it, the exact check runs. */
const MAX_FRESH_UNTIL = 2 ** 31 - 1;

/**
 * Epoch seconds before which `credentials` do not need a refresh (Credentials.needsRefresh with
 * this skew), rounded down so that the check stays exact: a later `now` falls back to needsRefresh.
 */
function freshUntilSeconds(credentials: Credentials, skewSeconds: number): number {
  const expiresAt = credentials.expiresAt?.getTime();
  if (expiresAt === undefined) return MAX_FRESH_UNTIL;
  const lifetime = credentials.lifetimeSeconds;
  const skew = lifetime === undefined ? skewSeconds : Math.min(skewSeconds, lifetime / 4);
  const seconds = Math.floor((expiresAt - skew * 1000) / 1000);
  return Number.isNaN(seconds) ? 0 : Math.min(MAX_FRESH_UNTIL, seconds);
}

/** A refresh request is not sent with less of the lock's lease left than this. */
const MIN_LOCK_REMAINING_MS = 500;
/** How often a refresh whose lock was lost before sending is tried again. */
const LOCK_LOST_ATTEMPTS = 5;

function ignoreConflict(error: unknown): void {
  if (!(error instanceof StorageError) || error.code !== ErrorCodes.REVISION_CONFLICT) throw error;
}

/** The extra token params minus the code exchange's own grant_type. */
function refreshParams(extra: ExtraTokenParams): Record<string, string> {
  const { grant_type: _grantType, ...rest } = extra;
  return rest;
}
