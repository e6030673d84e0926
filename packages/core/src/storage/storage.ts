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
 * Where credentials live. One store may hold many credentials, by key; every method that takes a
 * key defaults it to `'default'`.
 *
 * Adapters turn every backend failure into a {@link StorageError}: an unreachable store must never
 * look like "no credentials".
 */
export interface Storage {
  /** The credentials stored under `key`, or undefined when there are none. */
  get(key?: string): Promise<Credentials | undefined>;
  /** Stores credentials under `key`, replacing what was there. */
  save(credentials: Credentials, key?: string): Promise<void>;
  /** Removes the credentials under `key`; removing a missing key is not an error. */
  delete(key?: string): Promise<void>;
  /** Every key that holds credentials (for status listings and migrations). */
  keys(): Promise<string[]>;
  /**
   * Runs `fn` while holding the lock named `key`, excluding every other holder of that lock that
   * shares this store: in this process, and across processes or machines where the backend
   * allows. The lock is released when `fn` settles, and taken over once a dead holder's lease ends.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
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
