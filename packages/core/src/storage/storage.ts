import type { Credentials } from '../credentials.js';

/** The key credentials are stored under when none is given. */
export const DEFAULT_KEY = 'default';

/**
 * An authorization in progress, kept between `getAuthorizationUrl()` and `exchangeCode()` so the
 * callback may land on any instance that shares the storage.
 */
export interface PendingAuthorization {
  /** The PKCE code verifier (RFC 7636): a secret, stored but never shown. */
  codeVerifier: string;
  /** The redirect_uri sent in the authorization request: the token request must repeat it. */
  redirectUri: string;
  /** The storage key the resulting credentials are saved under. */
  key: string;
  /** When the authorization started, epoch milliseconds. */
  createdAt: number;
  /** An OpenID Connect nonce, when one was sent. */
  nonce?: string;
  /** The issuer the authorization request went to: the callback's `iss` must name it (RFC 9207). */
  issuer?: string;
}

/**
 * A refresh whose token request may be on the wire: written into the record (conditionally, under
 * the lock) before the request goes out, so that no other process presents the same refresh token
 * while it is in flight. See the refresh protocol in the README's guarantees.
 */
export interface RefreshMark {
  /** The fingerprint (`fingerprint()`: 16 hex digits of a SHA-256) of the refresh token being presented, never the token. */
  fingerprint: string;
  /** A random id of the refresh attempt, so a holder recognises its own mark. */
  holder: string;
  /** When the mark was written, epoch ms by the writer's clock: shown to people, never compared. */
  startedAt: number;
}

/** What a store keeps under a key: the credentials, their revision and an in-flight refresh mark. */
export interface StoredRecord {
  readonly credentials: Credentials;
  /**
   * Kept by the store: every write of the key gives a larger one; a record created anew starts at a
   * random one, so a record deleted and created again never repeats a revision a reader holds.
   * Records written by oauthflow before revisions existed read as revision 0.
   */
  readonly revision: number;
  /** A refresh of these credentials that may be in flight. */
  readonly refreshing?: RefreshMark;
}

/** Conditions and extras of {@link Storage.save}. */
export interface SaveOptions {
  /**
   * Compare-and-set: save only if the record is now at this revision; otherwise nothing is written
   * and the save rejects with a StorageError whose code is `REVISION_CONFLICT` (also when the
   * record was deleted: a conditional save never recreates a record).
   */
  ifRevision?: number;
  /** Store this in-flight mark with the credentials; a save without it clears any mark. */
  refreshing?: RefreshMark;
}

/** Conditions of {@link Storage.delete}. */
export interface DeleteOptions {
  /**
   * Delete only if the record is now at this revision; a record at another revision stays and the
   * delete rejects with code `REVISION_CONFLICT`. A missing record is not a conflict.
   */
  ifRevision?: number;
}

/** What {@link Storage.withLock} hands the function that holds the lock. */
export interface LockHandle {
  /**
   * Fires when the lock is lost: its lease could not be renewed in time (e.g. the process was
   * paused), or the connection holding it is gone. Work the holder has not started yet must not
   * start once it fired.
   */
  readonly signal: AbortSignal;
  /**
   * How long, in ms, the lock is certain to stay ours without another renewal: `Infinity` for
   * locks that cannot lapse while the process lives (in-process locks, PostgreSQL's session locks,
   * which fire the signal instead).
   */
  remainingMs(): number;
}

/**
 * Where credentials live. One store may hold many credentials, by key; every method that takes a
 * key defaults it to `'default'`.
 *
 * Every record carries a store-kept revision (see {@link StoredRecord}); `save` and `delete` can be
 * made conditional on it, atomically on the backend. Adapters turn every backend failure into a
 * {@link StorageError}: an unreachable store must never look like "no credentials", and neither
 * may a stored value oauthflow did not write.
 *
 * To write an adapter, extend {@link KeyvStorage} when a Keyv store exists for the backend (and
 * override its compare-and-set with the backend's own atomic operation), or implement this
 * interface with the helpers `encodeRecord`/`decodeRecord`, and run `@oauthflow/storage-test-suite`.
 */
export interface Storage {
  /** The credentials stored under `key`, or undefined when there are none. */
  get(key?: string): Promise<Credentials | undefined>;
  /** The record stored under `key` (credentials, revision, in-flight mark), or undefined. */
  read(key?: string): Promise<StoredRecord | undefined>;
  /** Stores credentials under `key`, replacing what was there; resolves with the new revision. */
  save(credentials: Credentials, key?: string, options?: SaveOptions): Promise<number>;
  /** Removes the credentials under `key`; removing a missing key is not an error. */
  delete(key?: string, options?: DeleteOptions): Promise<void>;
  /** Every key that holds credentials (for status listings and migrations). */
  keys(): Promise<string[]>;
  /**
   * Runs `fn` while holding the lock named `key`, excluding every other holder of that lock that
   * shares this store: in this process, and across processes or machines where the backend
   * allows. The lock is released when `fn` settles, and taken over once a dead holder's lease ends;
   * `fn`'s {@link LockHandle} tells it when that happened to it.
   */
  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T>;
  /** Keeps a pending authorization under its `state` for `ttlSeconds`. */
  putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void>;
  /** Gets and deletes a pending authorization in one step: a state works once. */
  takePending(state: string): Promise<PendingAuthorization | undefined>;
  /** Releases connections and timers. */
  close?(): Promise<void>;
}

/** Validates an unknown value read back from a store as a {@link PendingAuthorization}. */
export function parsePending(value: unknown): PendingAuthorization | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { codeVerifier, redirectUri, key, createdAt, nonce, issuer } = record;
  if (typeof codeVerifier !== 'string' || typeof redirectUri !== 'string' || typeof key !== 'string' || typeof createdAt !== 'number') {
    return undefined;
  }
  const pending: PendingAuthorization = { codeVerifier, redirectUri, key, createdAt };
  if (typeof nonce === 'string') pending.nonce = nonce;
  if (typeof issuer === 'string') pending.issuer = issuer;
  return pending;
}
