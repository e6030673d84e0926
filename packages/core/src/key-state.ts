import type { Credentials } from './credentials.js';
import type { OAuth2Error } from './errors.js';
import type { KeyHandle } from './key-handle.js';
import { SingleFlight } from './single-flight.js';

/** What a flow keeps in memory for one storage key. */
export class KeyState {
  readonly key: string;
  /** The last credentials seen for the key: the hot path serves them while fresh. */
  cached: Credentials | undefined;
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
  #flights: SingleFlight | undefined;

  constructor(key: string) {
    this.key = key;
  }

  /** Concurrent calls for this key with the same name share one run (made on first use: most keys never need one). */
  get flights(): SingleFlight {
    return (this.#flights ??= new SingleFlight());
  }
}

/**
 * The flow's hot keys, least recently used first out once there are more than `limit`. A key is
 * only ever dropped from memory, never from the store: its next use reads the store again. Keys
 * holding unsaved credentials stay.
 */
export class KeyStates {
  readonly #limit: number;
  readonly #states = new Map<string, KeyState>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The state of `key`, made when missing, and marked as the most recently used. */
  get(key: string): KeyState {
    let state = this.#states.get(key);
    if (state !== undefined) {
      this.#states.delete(key);
      this.#states.set(key, state);
      return state;
    }
    state = new KeyState(key);
    this.#states.set(key, state);
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

  #evict(): void {
    for (const [key, state] of this.#states) {
      if (this.#states.size <= this.#limit) return;
      if (state.unsaved === undefined) this.#states.delete(key);
    }
  }
}
