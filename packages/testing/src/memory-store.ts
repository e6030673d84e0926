import type { Adapter, AdapterPayload } from 'oidc-provider';

// Models whose entries belong to a grant and must vanish with it (mirrors oidc-provider's own adapter).
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

// Expired entries are removed lazily on read and by a sweep every so many writes.
const SWEEP_EVERY = 512;

interface Entry {
  payload: AdapterPayload;
  /** Milliseconds since the epoch; Infinity when the provider gave no lifetime. */
  expiresAt: number;
}

/**
 * Unbounded in-memory storage for one provider. oidc-provider's default adapter is a 1000-entry LRU
 * shared by the whole process, so tokens would vanish under load and leak between servers.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #grants = new Map<string, Set<string>>();
  readonly #userCodes = new Map<string, string>();
  readonly #sessionUids = new Map<string, string>();
  #writes = 0;

  /** Adapter factory to pass as oidc-provider's `adapter` option. */
  readonly factory = (model: string): Adapter => this.#adapterFor(model);

  /**
   * When the entry expires, in epoch milliseconds. More precise than the provider's whole-second
   * `exp`, which can make a 1-second token expire almost at once.
   */
  expiresAt(model: string, id: string): number | undefined {
    return this.#live(`${model}:${id}`)?.expiresAt;
  }

  /** Removes every grant, every grant-bound token and every client credentials token. */
  revokeAll(): void {
    for (const grantId of [...this.#grants.keys()]) this.#revokeGrant(grantId);
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith('Grant:') || key.startsWith('ClientCredentials:')) this.#delete(key);
    }
  }

  #adapterFor(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => this.#upsert(model, key(id), payload, expiresIn),
      find: async (id) => this.#copy(this.#live(key(id))),
      findByUserCode: async (userCode) => this.#findIndexed(this.#userCodes, userCode),
      findByUid: async (uid) => this.#findIndexed(this.#sessionUids, uid),
      consume: async (id) => {
        const entry = this.#live(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => this.#delete(key(id)),
      revokeByGrantId: async (grantId) => this.#revokeGrant(grantId),
    };
  }

  #upsert(model: string, key: string, payload: AdapterPayload, expiresIn?: number): void {
    this.#delete(key);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.#entries.set(key, { payload: { ...payload }, expiresAt });
    if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
      const members = this.#grants.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.#grants.set(payload.grantId, members);
    }
    if (typeof payload.userCode === 'string') this.#userCodes.set(payload.userCode, key);
    if (model === 'Session' && typeof payload.uid === 'string') this.#sessionUids.set(payload.uid, key);
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep();
  }

  #findIndexed(index: Map<string, string>, value: string): AdapterPayload | undefined {
    const key = index.get(value);
    return key === undefined ? undefined : this.#copy(this.#live(key));
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.#delete(key);
      return undefined;
    }
    return entry;
  }

  // Copies keep the provider's in-memory model objects from aliasing stored state.
  #copy(entry: Entry | undefined): AdapterPayload | undefined {
    return entry ? { ...entry.payload } : undefined;
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const { grantId, userCode, uid } = entry.payload;
    if (typeof grantId === 'string') this.#grants.get(grantId)?.delete(key);
    if (typeof userCode === 'string' && this.#userCodes.get(userCode) === key) this.#userCodes.delete(userCode);
    if (typeof uid === 'string' && this.#sessionUids.get(uid) === key) this.#sessionUids.delete(uid);
  }

  #revokeGrant(grantId: string): void {
    const members = this.#grants.get(grantId);
    this.#grants.delete(grantId);
    for (const key of members ?? []) this.#delete(key);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#delete(key);
    }
    for (const [grantId, members] of this.#grants) {
      if (members.size === 0) this.#grants.delete(grantId);
    }
  }
}
