import type { Credentials } from './credentials.js';
import type { FlowEvents } from './flow-types.js';
import type { KeyState } from './key-state.js';

/** @internal What a {@link KeyHandle} asks its flow to do for its key. */
export interface KeyOperations {
  getCredentials(state: KeyState): Promise<Credentials>;
  getAccessToken(state: KeyState): Promise<string>;
  refresh(state: KeyState): Promise<Credentials>;
  refreshIfCurrent(state: KeyState, rejectedAccessToken: string): Promise<Credentials>;
  revoke(state: KeyState): Promise<void>;
  on(listener: (...args: FlowEvents['tokens']) => void): void;
  off(listener: (...args: FlowEvents['tokens']) => void): void;
}

type TokensListener = (...args: FlowEvents['tokens']) => void;

/**
 * One of many keys of a flow: `flow.forKey(key)`. It shares the flow's configuration, HTTP client,
 * token endpoint and in-memory cache; every operation works on its key only. Handles are cheap and
 * made once per key while the key is in the flow's cache; `OAuth2APIRequest` takes one as its
 * token source.
 *
 * @example
 * const flow = new OAuth2AuthorizationFlow(required, extraAuth, extraToken, { storage });
 * app.get('/playlists', async (req) => {
 *   const youtube = new YouTubeAPIRequest(flow.forKey(req.user.id));
 *   return youtube.request('/playlists', { params: { part: 'snippet', mine: true } });
 * });
 */
export class KeyHandle {
  /** The storage key this handle works on. */
  readonly key: string;
  readonly #state: KeyState;
  readonly #operations: KeyOperations;
  #listeners: Map<TokensListener, TokensListener> | undefined;

  /** @internal Made by `flow.forKey(key)`. */
  constructor(state: KeyState, operations: KeyOperations) {
    this.key = state.key;
    this.#state = state;
    this.#operations = operations;
  }

  /** Fresh credentials for this key (see `OAuth2AuthorizationFlow.getCredentials`). */
  getCredentials(): Promise<Credentials> {
    return this.#operations.getCredentials(this.#state);
  }

  /** A fresh access token for this key: from memory while fresh, with no store round trip. */
  getAccessToken(): Promise<string> {
    return this.#operations.getAccessToken(this.#state);
  }

  /** Refreshes this key's credentials now and saves them. */
  refresh(): Promise<Credentials> {
    return this.#operations.refresh(this.#state);
  }

  /** After a 401: refreshes only if `rejectedAccessToken` is still this key's current token. */
  refreshIfCurrent(rejectedAccessToken: string): Promise<Credentials> {
    return this.#operations.refreshIfCurrent(this.#state, rejectedAccessToken);
  }

  /** Revokes this key's grant at the server and deletes its credentials. */
  revoke(): Promise<void> {
    return this.#operations.revoke(this.#state);
  }

  /** Listens to `'tokens'` of this key only: every new credential saved under it. */
  on(event: 'tokens', listener: TokensListener): this {
    if (event !== 'tokens') return this;
    const filtered: TokensListener = (credentials, key) => {
      if (key === this.key) listener(credentials, key);
    };
    (this.#listeners ??= new Map()).set(listener, filtered);
    this.#operations.on(filtered);
    return this;
  }

  /** Stops listening. */
  off(event: 'tokens', listener: TokensListener): this {
    const filtered = this.#listeners?.get(listener);
    if (event === 'tokens' && filtered !== undefined) {
      this.#operations.off(filtered);
      this.#listeners?.delete(listener);
    }
    return this;
  }

  /** Shows the key, never a token. */
  toString(): string {
    return `KeyHandle { key: ${JSON.stringify(this.key)} }`;
  }
}
