/**
 * A Keyv 5 instance (`new Keyv(...)`, keyv ≥ 5.4), from any copy of keyv.
 *
 * `Keyv` is a class with private fields, so TypeScript treats the classes of two keyv copies as
 * different types: this interface names the members {@link KeyvStorage} uses instead, so a Keyv
 * the application created with its own copy fits.
 */
export interface KeyvLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  disconnect(): Promise<void>;
  /** Present when the store can list its entries. */
  iterator?: ((namespace?: string) => AsyncGenerator<unknown, void>) | undefined;
  /** The stored key of `key` (with the namespace prefix, when the Keyv adds one). */
  _getKeyPrefix(key: string): string;
  deserializeData<T>(data: string): Promise<{ value?: T; expires?: number | null } | undefined>;
  /** The stored text of a value, as `set` would write it (adapters write records with it in one command). */
  serializeData<T>(data: { value?: T; expires?: number | null | undefined }): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'error', listener: (error: unknown) => void): unknown;
  /** Keyv ≥ 5.4: throw a backend error instead of only emitting it. */
  throwOnErrors: boolean;
  readonly store: unknown;
}
