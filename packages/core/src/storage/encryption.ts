import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { ConfigurationError } from '../errors.js';

/**
 * The key of an {@link EncryptedStorage}: 32 random bytes, or a passphrase (any non-empty string)
 * stretched with scrypt.
 */
export type EncryptionKey = Uint8Array | string;

const PREFIX = 'oauthflow-enc';
const VERSION = '1';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** Why an envelope could not be opened. */
export type OpenFailure = 'malformed' | 'unauthentic';

/**
 * Seals and opens AES-256-GCM envelopes:
 * `oauthflow-enc:1:<raw|scrypt>:<salt>:<iv>:<ciphertext+tag>` (base64url fields). `aad` binds an
 * envelope to where it is stored, so a record moved to another key fails to open.
 */
export class Envelopes {
  readonly #raw: Buffer | undefined;
  readonly #passphrase: string | undefined;
  readonly #derived = new Map<string, Promise<Buffer>>();
  #salt: string | undefined;

  constructor(key: EncryptionKey) {
    if (typeof key === 'string') {
      if (key.length === 0) throw new ConfigurationError('The EncryptedStorage passphrase is empty');
      this.#passphrase = key;
    } else {
      if (!(key instanceof Uint8Array) || key.byteLength !== 32) {
        throw new ConfigurationError('An EncryptedStorage key must be 32 bytes (or a passphrase string)');
      }
      this.#raw = Buffer.from(key);
    }
  }

  async seal(plaintext: string, aad: string): Promise<string> {
    let kdf = 'raw';
    let salt = '';
    let key = this.#raw;
    if (key === undefined) {
      kdf = 'scrypt';
      salt = this.#salt ??= randomBytes(16).toString('base64url');
      key = await this.#derive(salt);
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, VERSION, kdf, salt, iv.toString('base64url'), sealed.toString('base64url')].join(':');
  }

  /** The plaintext, or why there is none. */
  async open(envelope: string, aad: string): Promise<string | OpenFailure> {
    const [prefix, version, kdf, salt = '', ivText = '', sealedText = '', ...rest] = envelope.split(':');
    if (prefix !== PREFIX || version !== VERSION || rest.length > 0) return 'malformed';
    const iv = Buffer.from(ivText, 'base64url');
    const sealed = Buffer.from(sealedText, 'base64url');
    if (iv.length !== 12 || sealed.length < 16) return 'malformed';
    let key: Buffer;
    if (kdf === 'raw' && this.#raw !== undefined) key = this.#raw;
    else if (kdf === 'scrypt' && this.#passphrase !== undefined && salt !== '') key = await this.#derive(salt);
    else return kdf === 'raw' || kdf === 'scrypt' ? 'unauthentic' : 'malformed';
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return 'unauthentic';
    }
  }

  /** scrypt(passphrase, salt), cached per salt: one derivation per salt and instance. */
  #derive(salt: string): Promise<Buffer> {
    let derived = this.#derived.get(salt);
    if (derived === undefined) {
      derived = new Promise<Buffer>((resolve, reject) => {
        scrypt(this.#passphrase!, Buffer.from(salt, 'base64url'), 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
      });
      if (this.#derived.size >= 32) this.#derived.delete(this.#derived.keys().next().value!);
      this.#derived.set(salt, derived);
    }
    return derived;
  }
}

/** True when `value` looks like an envelope made by {@link Envelopes.seal}. */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
}
