// Bad input by property tests: whatever a FileStorage finds in its file — random bytes,
// random JSON, something shaped almost like ours, a valid file truncated or with a byte changed —
// every call gives a value or a StorageError, never another error; no message shows a token from
// the file; and a file that is not an oauthflow credentials file is never rewritten, whatever is
// called. (test/property.test.ts covers token responses, stored JSON, callbacks and configs.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Credentials, FileStorage, StorageError } from '@oauthflow/core';

const dir = mkdtempSync(join(tmpdir(), 'oauthflow-file-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Tokens carry a marker, so a leak is easy to find; long enough never to appear by chance.
const secret = fc.string({ minLength: 12, maxLength: 30, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')) }).map((s) => `tok${s}`);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const storedCredential = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.constant(1), anyJson),
    access_token: fc.oneof(secret, secret, anyJson),
    token_type: fc.oneof(fc.constant('Bearer'), anyJson),
    refresh_token: fc.oneof(secret, anyJson),
    expires_at: fc.oneof(fc.double(), fc.integer({ min: 0, max: 4e9 }), anyJson),
    issued_at: fc.oneof(fc.integer({ min: 0, max: 4e9 }), anyJson),
    scope: fc.oneof(fc.string(), anyJson),
    id_token: secret,
  },
  { requiredKeys: ['access_token'] },
);
const pendingEntry = fc.record(
  { codeVerifier: secret, redirectUri: fc.webUrl(), key: fc.string(), createdAt: fc.integer(), expiresAt: fc.oneof(fc.integer(), anyJson) },
  { requiredKeys: [] },
);
const key = fc.oneof(fc.constantFrom('default', 'other', '__proto__', 'constructor', ''), fc.string({ maxLength: 8 }));
const almostOurs = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.constant(1), fc.constant(2), fc.constant('1'), anyJson),
    credentials: fc.oneof(fc.dictionary(key, fc.oneof(storedCredential, anyJson), { maxKeys: 3 }), fc.array(storedCredential, { maxLength: 2 }), anyJson),
    pending: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(pendingEntry, anyJson), { maxKeys: 2 }),
      fc.array(pendingEntry, { maxLength: 2 }),
      anyJson,
    ),
  },
  { requiredKeys: [] },
);
/** A file FileStorage itself wrote, then damaged: truncated, or one byte changed or inserted. */
const damaged = fc
  .tuple(secret, secret, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('truncate', 'replace', 'insert'))
  .map(([access, refresh, at, byte, how]) => {
    const good = Buffer.from(
      `${JSON.stringify(
        {
          version: 1,
          credentials: { default: new Credentials({ accessToken: access, refreshToken: refresh, expiresAt: new Date(2e12) }).toStored() },
          pending: {},
        },
        null,
        2,
      )}\n`,
    );
    const i = at % good.length;
    if (how === 'truncate') return good.subarray(0, i);
    if (how === 'replace') return Buffer.concat([good.subarray(0, i), Buffer.from([byte]), good.subarray(i + 1)]);
    return Buffer.concat([good.subarray(0, i), Buffer.from([byte]), good.subarray(i)]);
  });
const content = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  anyJson.map((json) => Buffer.from(JSON.stringify(json) ?? '')),
  almostOurs.map((json) => Buffer.from(JSON.stringify(json))),
  damaged,
);

/** Whether `text` is an oauthflow credentials file: version 1 (bare credentials) or 2 (records with revisions), with objects (not arrays) for credentials and pending. */
function isOurs(bytes: Buffer): boolean {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return false;
  }
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(json)) return false;
  const file = json as Record<string, unknown>;
  return (file['version'] === 1 || file['version'] === 2) && isObject(file['credentials']) && (file['pending'] === undefined || isObject(file['pending']));
}

/** Every token-like string in the file. */
function secretsIn(bytes: Buffer): string[] {
  return [...new Set(bytes.toString('utf8').match(/tok[a-z0-9]{12,30}/g) ?? [])];
}

/** Runs `call`: a value, or a StorageError whose every view is free of `secrets`. Returns whether it threw. */
async function valueOrStorageError(call: () => Promise<unknown>, secrets: string[]): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (error) {
    if (!(error instanceof StorageError)) throw new Error(`not a StorageError: ${String(error)}`, { cause: error });
    for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 5 }), error.stack ?? '']) {
      for (const token of secrets) expect(view).not.toContain(token);
    }
    return true;
  }
}

let run = 0;

/** The property, for one file's bytes. */
async function check(bytes: Buffer): Promise<void> {
  const path = join(dir, `store-${run++}.json`);
  writeFileSync(path, bytes, { mode: 0o600 });
  const storage = new FileStorage(path, { lockTimeoutMs: 2000 });
  const secrets = secretsIn(bytes);
  const fresh = new Credentials({ accessToken: 'fresh-access-token-value', refreshToken: 'fresh-refresh-token-value' });
  const pending = { codeVerifier: 'a-pkce-verifier-value-long-enough', redirectUri: 'http://127.0.0.1/cb', key: 'default', createdAt: Date.now() };

  for (const read of [() => storage.get(), () => storage.get('other'), () => storage.keys()]) await valueOrStorageError(read, secrets);
  const writes = [
    () => storage.save(fresh, 'written'),
    () => storage.delete('other'),
    () => storage.putPending('state-1', pending, 60),
    () => storage.takePending('state-1'),
    () => storage.takePending('unknown'),
  ];
  const ours = isOurs(bytes);
  for (const write of writes) {
    const threw = await valueOrStorageError(write, secrets);
    if (!ours) {
      expect(threw, `a write to a file that is not ours succeeded: ${JSON.stringify(bytes.toString('utf8').slice(0, 120))}`).toBe(true);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
  }
  if (ours) expect((await storage.get('written'))?.accessToken).toBe('fresh-access-token-value');
}

describe('property: a FileStorage over a random file', () => {
  it('gives values or StorageErrors without tokens in them, and never rewrites a file that is not ours', async () => {
    await fc.assert(
      fc.asyncProperty(content, async (bytes) => {
        await check(bytes);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  // The shapes this property found (FileStorage once threw a TypeError on the first, and took the others for its own).
  it.each([
    ['a null pending entry', '{"version":1,"credentials":{},"pending":{"":null}}'],
    ['credentials as an array', '{"version":1,"credentials":[],"pending":{}}'],
    ['pending as a string', '{"version":1,"credentials":{},"pending":"abc"}'],
  ])('handles %s', async (_, text) => {
    await check(Buffer.from(text));
  });
});
