import type { Credentials } from './credentials.js';
import type { OAuth2Error } from './errors.js';
import type { KeyHandle } from './key-handle.js';
import { SingleFlight } from './single-flight.js';

/** What a flow keeps in memory for one storage key. */
export class KeyState {
  readonly key: string;
  #cached: Credentials | undefined;
  /**
   * Epoch seconds before which `cached` is certainly fresh (0: not worked out yet). The hot path
   * reads this small integer, kept in the state itself, instead of the credentials' Date objects:
   * with thousands of keys each object read is likely a cache miss.
   */
  freshUntil = 0;
  /** The cached credentials' access token, so the hot path reads only this state. */
  token: string | undefined;
  /**
   * A refresh the storage failed to save. With rotation the server has already retired the refresh
   * token still in the store, so losing these credentials would lose the grant: they are used from
   * memory and saved at the next locked read, if the record is still at the revision of the
   * in-flight mark. A key holding them is never evicted.
   */
  unsaved: { credentials: Credentials; markRevision: number } | undefined;
  /** The last refresh token the server refused: presenting it again cannot work, so it is not sent. */
  refused: { refreshToken: string; error: OAuth2Error } | undefined;
  /** The key's handle, made on the first forKey(key). */
  handle: KeyHandle | undefined;
  /** Neighbours in the flow's recency list (see KeyStates): the next less and more recently used. */
  older: KeyState | undefined;
  newer: KeyState | undefined;
  #flights: SingleFlight | undefined;

  constructor(key: string) {
    this.key = key;
  }

  /** The last credentials seen for the key: the hot path serves them while fresh. */
  get cached(): Credentials | undefined {
    return this.#cached;
  }

  set cached(credentials: Credentials | undefined) {
    this.#cached = credentials;
    this.token = credentials?.accessToken;
    this.freshUntil = 0;
  }

  /**
   * Concurrent calls for this key with the same name share one run. The single-flight table is
   * kept only while something runs: a cached key needs none, and a flow may hold thousands.
   */
  flight<T>(name: string, work: () => Promise<T>): Promise<T> {
    const flights = (this.#flights ??= new SingleFlight());
    return flights.run(name, work).finally(() => {
      if (this.#flights?.idle) this.#flights = undefined;
    });
  }
}

/**
 * The flow's hot keys, least recently used first out once there are more than `limit`. A key is
 * only ever dropped from memory, never from the store: its next use reads the store again. Keys
 * holding unsaved credentials stay.
 *
 * Recency is a doubly linked list through the states, so a hit moves a few pointers: re-inserting
 * into the Map on every use (the simpler way to keep it in order) costs more than the rest of a
 * cached getAccessToken().
 */
export class KeyStates {
  readonly #limit: number;
  readonly #states = new Map<string, KeyState>();
  #oldest: KeyState | undefined;
  #newest: KeyState | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * The state of `key`, made when missing, and marked as the most recently used. `check` runs on
   * keys not in memory only: a key found here was checked when it came in.
   */
  get(key: string, check?: (key: string) => string): KeyState {
    let state = this.#states.get(key);
    if (state !== undefined) {
      if (state !== this.#newest) {
        this.#unlink(state);
        this.#append(state);
      }
      return state;
    }
    state = new KeyState(check === undefined ? key : check(key));
    this.#states.set(key, state);
    this.#append(state);
    if (this.#states.size > this.#limit) this.#evict();
    return state;
  }

  /** The state of `key` if it is in memory, without touching its place. */
  peek(key: string): KeyState | undefined {
    return this.#states.get(key);
  }

  get size(): number {
    return this.#states.size;
  }

  #append(state: KeyState): void {
    state.older = this.#newest;
    state.newer = undefined;
    if (this.#newest === undefined) this.#oldest = state;
    else this.#newest.newer = state;
    this.#newest = state;
  }

  #unlink(state: KeyState): void {
    if (state.older === undefined) this.#oldest = state.newer;
    else state.older.newer = state.newer;
    if (state.newer === undefined) this.#newest = state.older;
    else state.newer.older = state.older;
    state.older = undefined;
    state.newer = undefined;
  }

  #evict(): void {
    let state = this.#oldest;
    while (state !== undefined && this.#states.size > this.#limit) {
      const newer = state.newer;
      if (state.unsaved === undefined) {
        this.#unlink(state);
        this.#states.delete(state.key);
      }
      state = newer;
    }
  }
}
