import { StorageError } from '../errors.js';

interface Seen {
  /** The generation of the record last seen under the key; undefined after it was gone. */
  generation: string | undefined;
  /** The highest revision seen bound to that generation, or null when none was bound yet. */
  revision: number | null;
  /** Generations this process saw replaced or deleted: they must never come back. */
  retired: string[];
}

const MAX_KEYS = 10_000;
const MAX_RETIRED = 16;

/**
 * A reader-side high-water mark, per key, kept in memory for as long as the EncryptedStorage
 * object lives. Each record carries (authenticated) a random generation, drawn when the record is
 * created and kept by every later write, and the revision it was sealed for. A record is refused
 * when it goes back: a lower revision of the generation last seen, an unbound copy of a generation
 * already seen bound, or a generation this process saw replaced or deleted. A new generation (a
 * record deleted and created again by another process) is accepted.
 */
export class RollbackGuard {
  readonly #seen = new Map<string, Seen>();

  /**
   * Throws when the record read under `key` is older than one this process already saw.
   * `unboundIsNewer`: records are now sealed without a revision (the inner storage does not count by one).
   */
  check(key: string, generation: string | undefined, revision: number | null, unboundIsNewer = false): void {
    const seen = this.#seen.get(key);
    if (seen === undefined) return;
    const older =
      generation === undefined
        ? seen.generation !== undefined || seen.retired.length > 0
        : seen.retired.includes(generation) ||
          (generation === seen.generation && seen.revision !== null && (revision === null ? !unboundIsNewer : revision < seen.revision));
    if (older) {
      throw new StorageError(
        `The credentials under "${key}" are older than a version of them this process already read: an older copy of the record was written back (rolled back). It was left untouched: log in again to replace it, and find out who can write to the store`,
      );
    }
  }

  /** Remembers the record read or written under `key`. */
  note(key: string, generation: string | undefined, revision: number | null): void {
    const seen = this.#entry(key);
    if (seen.generation !== generation) {
      if (seen.generation !== undefined) retire(seen, seen.generation);
      seen.generation = generation;
      seen.revision = revision;
    } else if (revision !== null && (seen.revision === null || revision > seen.revision)) {
      seen.revision = revision;
    }
  }

  /** The record under `key` is gone: its generation must not come back. */
  gone(key: string): void {
    const seen = this.#seen.get(key);
    if (seen?.generation === undefined) return;
    retire(seen, seen.generation);
    seen.generation = undefined;
    seen.revision = null;
  }

  #entry(key: string): Seen {
    let seen = this.#seen.get(key);
    if (seen === undefined) {
      if (this.#seen.size >= MAX_KEYS) this.#seen.delete(this.#seen.keys().next().value!);
      seen = { generation: undefined, revision: null, retired: [] };
      this.#seen.set(key, seen);
    }
    return seen;
  }
}

function retire(seen: Seen, generation: string): void {
  seen.retired.push(generation);
  if (seen.retired.length > MAX_RETIRED) seen.retired.shift();
}
