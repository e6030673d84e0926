import { randomInt } from 'node:crypto';
import { Credentials, type StoredCredentials } from '../credentials.js';
import { ErrorCodes, StorageError } from '../errors.js';
import type { RefreshMark, StoredRecord } from './storage.js';

/**
 * The JSON form of a {@link StoredRecord}, as adapters store it. `revision` comes first, so an
 * adapter can splice a revision computed by its backend in front of the rest (see
 * `splitRecord`).
 */
export interface RecordJSON {
  revision: number;
  credentials: StoredCredentials;
  refreshing?: RefreshMark;
}

/** The largest first revision: random starts stay far below 2^53 however long a record lives. */
const FIRST_REVISION_RANGE = 2 ** 40;

/** The revision of a record created anew: random, so a deleted-and-recreated key never repeats one. */
export function firstRevision(): number {
  return randomInt(1, FIRST_REVISION_RANGE);
}

/** The stored JSON of a record. */
export function encodeRecord(record: { revision: number; credentials: Credentials; refreshing?: RefreshMark | undefined }): RecordJSON {
  const json: RecordJSON = { revision: record.revision, credentials: record.credentials.toStored() };
  if (record.refreshing !== undefined) json.refreshing = { ...record.refreshing };
  return json;
}

/**
 * Reads a stored value back as a record. `undefined` means "no record"; anything else that is not
 * a record oauthflow wrote — `null`, `{}`, a number, a string, an array — is a StorageError naming
 * the key, so a foreign value never reads as "not logged in". Credentials stored before revisions
 * existed (`{ version: 1, access_token, … }`) read as revision 0.
 */
export function decodeRecord(value: unknown, key: string, label = 'The'): StoredRecord | undefined {
  if (value === undefined) return undefined;
  const where = `${label} storage holds a value under "${key}" that`;
  if (!isObject(value)) {
    throw new StorageError(`${where} is not an oauthflow record (${describeType(value)}); it was left untouched: delete it or use another namespace`);
  }
  if (value['version'] === 1 && 'access_token' in value) return { credentials: readCredentials(value, where), revision: 0 };
  const { revision, credentials, refreshing } = value;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0 || !isObject(credentials)) {
    throw new StorageError(`${where} is not an oauthflow record (no revision and credentials); it was left untouched: delete it or use another namespace`);
  }
  const record: { credentials: Credentials; revision: number; refreshing?: RefreshMark } = { credentials: readCredentials(credentials, where), revision };
  const mark = parseMark(refreshing);
  if (mark !== undefined) record.refreshing = mark;
  return record;
}

/**
 * Splits a serialized record whose revision was written as 0 into the text before and after the
 * revision's digits, so a backend can write `before + newRevision + after` in one atomic step.
 * Returns undefined when the text does not start as expected (a custom serializer).
 */
export function splitRecord(serialized: string, opening: string): { before: string; after: string } | undefined {
  const before = `${opening}"revision":`;
  if (!serialized.startsWith(`${before}0,`)) return undefined;
  return { before, after: serialized.slice(before.length + 1) };
}

/** The StorageError of a conditional write whose condition failed. */
export function revisionConflict(key: string, expected: number, actual?: number): StorageError {
  const now = actual === undefined ? 'another writer changed or deleted it' : `another writer changed it (now ${actual})`;
  return new StorageError(`The record under "${key}" is no longer at revision ${expected}: ${now}; read it again`, { code: ErrorCodes.REVISION_CONFLICT });
}

function readCredentials(value: Record<string, unknown>, where: string): Credentials {
  try {
    return Credentials.fromJSON(value);
  } catch (error) {
    throw new StorageError(`${where} holds unreadable credentials: ${(error as Error).message}`, { cause: error });
  }
}

function parseMark(value: unknown): RefreshMark | undefined {
  if (!isObject(value)) return undefined;
  const { fingerprint: print, holder, startedAt } = value;
  if (typeof print !== 'string' || typeof holder !== 'string' || typeof startedAt !== 'number') return undefined;
  return { fingerprint: print, holder, startedAt };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
