import { createHash, randomBytes } from 'node:crypto';

/** A stored resource: the full object, every part included. */
export type Item = Record<string, unknown> & { kind: string; etag?: string; id?: string };

/** The fake's data: one map of items per resource, plus the user's video ratings. */
export class FakeStore {
  readonly #collections = new Map<string, Map<string, Item>>();
  /** videoId → `like` | `dislike` (the authorized user's ratings). */
  readonly ratings = new Map<string, string>();
  /** `pollingIntervalMillis` of live chat list answers. */
  liveChatPollingIntervalMillis = 2000;

  constructor(readonly myChannelId: string) {}

  all(resource: string): Item[] {
    return [...this.#collection(resource).values()];
  }

  get(resource: string, id: string): Item | undefined {
    return this.#collection(resource).get(id);
  }

  /** Stores (or replaces) an item under its id, with a fresh etag. */
  put(resource: string, item: Item): Item {
    const key = item.id ?? this.newId('key');
    const stored = { ...item, etag: etagOf(item) };
    this.#collection(resource).set(key, stored);
    return stored;
  }

  delete(resource: string, id: string): boolean {
    return this.#collection(resource).delete(id);
  }

  /** A new id that looks like YouTube's: a prefix and random base64url characters. */
  newId(prefix: string, length = 22): string {
    const random = randomBytes(length).toString('base64url');
    return `${prefix}${random}`.slice(0, prefix.length + length);
  }

  #collection(resource: string): Map<string, Item> {
    let collection = this.#collections.get(resource);
    if (!collection) {
      collection = new Map();
      this.#collections.set(resource, collection);
    }
    return collection;
  }
}

function etagOf(item: Item): string {
  const { etag: _etag, ...content } = item;
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27);
}

/** Reads a nested field: `at(item, 'snippet.channelId')`. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The parts of a `part` parameter (`part=a,b&part=c` → a, b, c). */
export function partsOf(query: URLSearchParams): string[] {
  return query
    .getAll('part')
    .flatMap((value) => value.split(','))
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Keeps `kind`, `etag`, `id` and the requested parts, as the API does. */
export function withParts(item: Item, parts: readonly string[]): Item {
  const kept: Item = { kind: item.kind };
  if (item.etag !== undefined) kept.etag = item.etag;
  if (item.id !== undefined) kept.id = item.id;
  for (const part of parts) if (part !== 'id' && item[part] !== undefined) kept[part] = structuredClone(item[part]);
  return kept;
}

/** The values of a comma-or-repeat list parameter (`id=a,b&id=c`). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}
