import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from 'node:crypto';
import { ConfigurationError } from '../errors.js';

/**
 * The key of an {@link EncryptedStorage}: 32 random bytes, or a passphrase (any non-empty string)
 * stretched with scrypt.
 */
export type EncryptionKey = Uint8Array | string;

/** A key with a name of your choosing, shown in errors instead of the derived key id. */
export interface NamedEncryptionKey {
  /** 1–64 characters of `A-Z a-z 0-9 . _ -`; stored in the clear in every envelope the key seals. */
  id: string;
  key: EncryptionKey;
}

const PREFIX = 'oauthflow-enc';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Why an envelope could not be opened. `unknown-key`: sealed with a key id none of ours has. */
export type OpenFailure = { reason: 'malformed' } | { reason: 'unauthentic'; keyId?: string } | { reason: 'unknown-key'; keyId: string };

/** An opened envelope: its plaintext, its format version and the index of the key that opened it. */
export interface Opened {
  plaintext: string;
  version: 1 | 2;
  keyIndex: number;
}

interface Slot {
  /** The id given by the user; undefined: derived (raw keys) or per salt (passphrases). */
  readonly givenId: string | undefined;
  readonly raw: Buffer | undefined;
  readonly passphrase: string | undefined;
  readonly derived: Map<string, Promise<Buffer>>;
}

/**
 * Seals and opens AES-256-GCM envelopes with a key ring: the first key seals, every key opens.
 *
 * Version 2, sealed now: `oauthflow-enc:2:<key id>:<raw|scrypt>:<salt>:<iv>:<ciphertext+tag>`
 * (base64url fields), with the header up to the salt as additional authenticated data; what binds
 * the envelope to its place (key, store, revision) is inside the plaintext, so a mismatch can be
 * told apart from tampering. The key id is the given id, or 12 hex digits of an HMAC under the key
 * (for a passphrase: under the scrypt-stretched key of that envelope's salt, so it tells an
 * attacker nothing the envelope does not).
 *
 * Version 1, still opened: `oauthflow-enc:1:<raw|scrypt>:<salt>:<iv>:<ciphertext+tag>`, with the
 * place (`credentials:<key>`) as additional authenticated data.
 */
export class Envelopes {
  readonly #slots: Slot[];
  #salt: string | undefined;

  constructor(keys: readonly (EncryptionKey | NamedEncryptionKey)[]) {
    if (keys.length === 0) throw new ConfigurationError('EncryptedStorage needs at least one key');
    const ids = new Set<string>();
    this.#slots = keys.map((entry, index) => {
      const named = isNamed(entry);
      const key = named ? entry.key : entry;
      const givenId = named ? entry.id : undefined;
      if (givenId !== undefined) {
        if (typeof givenId !== 'string' || !ID_PATTERN.test(givenId)) {
          throw new ConfigurationError(`EncryptedStorage key #${index + 1}: an id must be 1-64 characters of A-Z a-z 0-9 . _ -`);
        }
        if (ids.has(givenId)) throw new ConfigurationError(`EncryptedStorage key #${index + 1}: the id "${givenId}" is given twice`);
        ids.add(givenId);
      }
      if (typeof key === 'string') {
        if (key.length === 0) throw new ConfigurationError(`EncryptedStorage key #${index + 1}: the passphrase is empty`);
        return { givenId, raw: undefined, passphrase: key, derived: new Map() };
      }
      if (!(key instanceof Uint8Array) || key.byteLength !== 32) {
        throw new ConfigurationError(`EncryptedStorage key #${index + 1} must be 32 bytes (or a passphrase string)`);
      }
      return { givenId, raw: Buffer.from(key), passphrase: undefined, derived: new Map() };
    });
  }

  /** The ids of the keys, for messages: given ids, derived ids of raw keys, `passphrase #n` otherwise. */
  describeKeys(): string {
    return this.#slots.map((slot, index) => slot.givenId ?? (slot.raw ? keyId(slot.raw) : `passphrase #${index + 1}`)).join(', ');
  }

  /** A version 2 envelope of `plaintext` under the first key. */
  async seal(plaintext: string): Promise<string> {
    const slot = this.#slots[0]!;
    let kdf = 'raw';
    let salt = '';
    let key = slot.raw;
    if (key === undefined) {
      kdf = 'scrypt';
      salt = this.#salt ??= randomBytes(16).toString('base64url');
      key = await derive(slot, salt);
    }
    const header = [PREFIX, '2', slot.givenId ?? keyId(key), kdf, salt].join(':');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(header));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${header}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** The plaintext of a version 1 or 2 envelope, or why there is none. `legacyAad`: a version 1 envelope's place. */
  async open(envelope: string, legacyAad: string): Promise<Opened | OpenFailure> {
    const fields = envelope.split(':');
    if (fields[0] !== PREFIX) return { reason: 'malformed' };
    if (fields[1] === '1' && fields.length === 6) return this.#openV1(fields, legacyAad);
    if (fields[1] === '2' && fields.length === 7) return this.#openV2(fields);
    return { reason: 'malformed' };
  }

  async #openV1(fields: string[], aad: string): Promise<Opened | OpenFailure> {
    const [, , kdf, salt = '', ivText = '', sealedText = ''] = fields;
    if (kdf !== 'raw' && kdf !== 'scrypt') return { reason: 'malformed' };
    const parts = splitSealed(ivText, sealedText);
    if (parts === undefined) return { reason: 'malformed' };
    for (const [index, slot] of this.#slots.entries()) {
      const key = kdf === 'raw' ? slot.raw : slot.passphrase !== undefined && salt !== '' ? await derive(slot, salt) : undefined;
      if (key === undefined) continue;
      const plaintext = decrypt(key, parts, aad);
      if (plaintext !== undefined) return { plaintext, version: 1, keyIndex: index };
    }
    return { reason: 'unauthentic' };
  }

  async #openV2(fields: string[]): Promise<Opened | OpenFailure> {
    const [, , id = '', kdf, salt = '', ivText = '', sealedText = ''] = fields;
    if ((kdf !== 'raw' && kdf !== 'scrypt') || (kdf === 'scrypt') === (salt === '')) return { reason: 'malformed' };
    const parts = splitSealed(ivText, sealedText);
    if (parts === undefined) return { reason: 'malformed' };
    const header = fields.slice(0, 5).join(':');
    const found = await this.#find(id, kdf, salt);
    if (found === undefined) return { reason: 'unknown-key', keyId: id };
    const plaintext = decrypt(found.key, parts, header);
    return plaintext === undefined ? { reason: 'unauthentic', keyId: id } : { plaintext, version: 2, keyIndex: found.index };
  }

  /**
   * The key an envelope's id names: a given id, or the id derived from the key (so a key that
   * sealed before it was given a name still opens). Passphrases without a matching given id are
   * derived last, as deriving costs a scrypt.
   */
  async #find(id: string, kdf: string, salt: string): Promise<{ key: Buffer; index: number } | undefined> {
    for (const [index, slot] of this.#slots.entries()) {
      if (kdf === 'raw' && slot.raw !== undefined && (slot.givenId === id || keyId(slot.raw) === id)) return { key: slot.raw, index };
      if (kdf === 'scrypt' && slot.passphrase !== undefined && slot.givenId === id) return { key: await derive(slot, salt), index };
    }
    if (kdf === 'raw') return undefined;
    for (const [index, slot] of this.#slots.entries()) {
      if (slot.passphrase === undefined) continue;
      const key = await derive(slot, salt);
      if (keyId(key) === id) return { key, index };
    }
    return undefined;
  }
}

/** True when `value` looks like an envelope made by {@link Envelopes.seal} (either version). */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
}

function isNamed(entry: EncryptionKey | NamedEncryptionKey): entry is NamedEncryptionKey {
  return typeof entry === 'object' && !(entry instanceof Uint8Array) && entry !== null;
}

/** 12 hex digits naming a key without revealing it: an HMAC under the key itself. */
function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('oauthflow-enc key id').digest('hex').slice(0, 12);
}

function splitSealed(ivText: string, sealedText: string): { iv: Buffer; body: Buffer; tag: Buffer } | undefined {
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== 12 || sealed.length < 16) return undefined;
  return { iv, body: sealed.subarray(0, sealed.length - 16), tag: sealed.subarray(sealed.length - 16) };
}

function decrypt(key: Buffer, parts: { iv: Buffer; body: Buffer; tag: Buffer }, aad: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** scrypt(passphrase, salt), cached per salt and key: one derivation per salt and instance. */
function derive(slot: Slot, salt: string): Promise<Buffer> {
  let derived = slot.derived.get(salt);
  if (derived === undefined) {
    derived = new Promise<Buffer>((resolve, reject) => {
      scrypt(slot.passphrase!, Buffer.from(salt, 'base64url'), 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
    });
    if (slot.derived.size >= 32) slot.derived.delete(slot.derived.keys().next().value!);
    slot.derived.set(salt, derived);
  }
  return derived;
}
