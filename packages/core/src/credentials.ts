import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigurationError, InvalidResponseError, StorageError } from './errors.js';

/** The JSON shape credentials are stored in. Unknown provider fields ride along at the top level. */
export interface StoredCredentials {
  version: 1;
  access_token: string;
  token_type: string;
  refresh_token?: string;
  /** Expiry as epoch seconds (fractional, so a Date survives the round trip exactly). */
  expires_at?: number;
  /** When the token was issued, as epoch seconds: with `expires_at` it gives the token's lifetime. */
  issued_at?: number;
  /** Granted scopes, space-separated as on the wire. */
  scope?: string;
  /** When the refresh token expires, as epoch seconds (from Google's `refresh_token_expires_in`). */
  refresh_token_expires_at?: number;
  id_token?: string;
  /** The application's own fields ({@link Credentials.meta}); absent when there are none. */
  meta?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The fields a {@link Credentials} is made of. */
export interface CredentialsInit {
  accessToken: string;
  tokenType?: string;
  refreshToken?: string;
  expiresAt?: Date;
  issuedAt?: Date;
  refreshTokenExpiresAt?: Date;
  scope?: readonly string[];
  idToken?: string;
  extra?: Readonly<Record<string, unknown>>;
  meta?: Readonly<Record<string, unknown>>;
}

/**
 * The longest access token lifetime believed: a longer `expires_in` (e.g. 1e10 s, the year 2343)
 * is cut to one year, so a broken or hostile server cannot make a token look valid forever.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 365 * 24 * 3600;

/**
 * The shortest access token lifetime believed: a shorter `expires_in` (e.g. 0) counts as one
 * second, so such a token is refreshed at most about once a second per key (the refresh skew is
 * capped at a quarter of the lifetime), not on every call.
 */
export const MIN_TOKEN_LIFETIME_SECONDS = 1;

/** Options of {@link Credentials.fromTokenResponse}. */
export interface TokenResponseOptions {
  /**
   * Token types besides Bearer that the caller can use; any other `token_type` is refused
   * (RFC 6749 §7.1). Default: Bearer only. The flow passes its `handlesTokenType()` hook.
   */
  acceptsTokenType?: (tokenType: string) => boolean;
}

const KNOWN_FIELDS = new Set([
  'version',
  'access_token',
  'token_type',
  'refresh_token',
  'expires_at',
  'expires_in',
  'issued_at',
  'scope',
  'id_token',
  'refresh_token_expires_at',
  // The application's field: a token response's `meta` is not taken (it is no provider field we keep).
  'meta',
]);

const NO_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});

/** Whether a spread of `object` would copy anything: an own enumerable field. */
function hasOwnFields(object: object): boolean {
  for (const field in object) if (Object.hasOwn(object, field)) return true;
  return Object.getOwnPropertySymbols(object).some((symbol) => Object.prototype.propertyIsEnumerable.call(object, symbol));
}

/**
 * An immutable set of OAuth 2.0 tokens. `toStored()` is the stored form; `toJSON()`,
 * `util.inspect` and `toString()` show no token.
 *
 * @example
 * const credentials = Credentials.fromTokenResponse(await response.json());
 * if (credentials.expired(60)) await flow.refresh();
 */
export class Credentials {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly refreshToken?: string;
  readonly expiresAt?: Date;
  readonly issuedAt?: Date;
  /**
   * When the refresh token expires, if the server said so (`refresh_token_expires_in`: Google
   * sends 7 days for apps in testing mode). Kept across refreshes that keep the refresh token.
   */
  readonly refreshTokenExpiresAt?: Date;
  readonly scope?: readonly string[];
  readonly idToken?: string;
  /** Other fields the provider sent (e.g. a vendor's `user_id`). */
  readonly extra: Readonly<Record<string, unknown>>;
  /**
   * The application's own data about these credentials (JSON values; e.g. which client they
   * were issued to): stored with them, kept across refreshes, never sent to or taken from the
   * token endpoint. May hold secrets: `toJSON()` and `util.inspect` show its field names only.
   */
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(init: CredentialsInit) {
    this.accessToken = init.accessToken;
    this.tokenType = init.tokenType ?? 'Bearer';
    if (init.refreshToken !== undefined) this.refreshToken = init.refreshToken;
    if (init.expiresAt !== undefined) this.expiresAt = new Date(init.expiresAt.getTime());
    if (init.issuedAt !== undefined) this.issuedAt = new Date(init.issuedAt.getTime());
    if (init.refreshTokenExpiresAt !== undefined) this.refreshTokenExpiresAt = new Date(init.refreshTokenExpiresAt.getTime());
    if (init.scope !== undefined) this.scope = Object.freeze([...init.scope]);
    if (init.idToken !== undefined) this.idToken = init.idToken;
    // Most credentials have no other fields: they share one frozen empty object (a flow caching
    // thousands of keys would otherwise hold an empty object per key).
    this.extra = init.extra === undefined || !hasOwnFields(init.extra) ? NO_EXTRA : Object.freeze({ ...init.extra });
    this.meta = copyMeta(init.meta);
    Object.freeze(this);
  }

  /**
   * True when the access token expires within `skewSeconds` from now. Credentials without an
   * expiry never count as expired: the API's 401 tells.
   */
  expired(skewSeconds = 0, now: number = Date.now()): boolean {
    if (this.expiresAt === undefined) return false;
    return this.expiresAt.getTime() - skewSeconds * 1000 <= now;
  }

  /**
   * True when these credentials are due for a refresh: within `skewSeconds` of expiry, the skew
   * capped at a quarter of the token's lifetime, so a token that lives less than the skew is not
   * refreshed on every call.
   */
  needsRefresh(skewSeconds = 60, now: number = Date.now()): boolean {
    const lifetime = this.lifetimeSeconds;
    return this.expired(lifetime === undefined ? skewSeconds : Math.min(skewSeconds, lifetime / 4), now);
  }

  /** Seconds between issue and expiry, when both are known. */
  get lifetimeSeconds(): number | undefined {
    if (this.expiresAt === undefined || this.issuedAt === undefined) return undefined;
    return (this.expiresAt.getTime() - this.issuedAt.getTime()) / 1000;
  }

  /** A copy with some fields replaced. */
  with(changes: Partial<CredentialsInit>): Credentials {
    return new Credentials({ ...this.toInit(), ...changes });
  }

  /**
   * The stored form, `{ version: 1, access_token, token_type, ... }`, tokens and all: for storage
   * adapters only. Read it back with {@link Credentials.fromJSON}.
   */
  toStored(): StoredCredentials {
    const json: StoredCredentials = { ...this.extra, version: 1, access_token: this.accessToken, token_type: this.tokenType };
    if (this.refreshToken !== undefined) json.refresh_token = this.refreshToken;
    if (this.expiresAt !== undefined) json.expires_at = this.expiresAt.getTime() / 1000;
    if (this.issuedAt !== undefined) json.issued_at = this.issuedAt.getTime() / 1000;
    if (this.refreshTokenExpiresAt !== undefined) json.refresh_token_expires_at = this.refreshTokenExpiresAt.getTime() / 1000;
    if (this.scope !== undefined) json.scope = this.scope.join(' ');
    if (this.idToken !== undefined) json.id_token = this.idToken;
    if (Object.keys(this.meta).length > 0) json.meta = structuredClone(this.meta) as Record<string, unknown>;
    return json;
  }

  /**
   * What `JSON.stringify` and structured loggers see: the fields that are present, tokens as
   * {@link fingerprint}s only. The stored form is {@link Credentials.toStored}.
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { tokenType: this.tokenType, accessToken: `sha256:${fingerprint(this.accessToken)}` };
    if (this.refreshToken !== undefined) json['refreshToken'] = `sha256:${fingerprint(this.refreshToken)}`;
    if (this.idToken !== undefined) json['idToken'] = `sha256:${fingerprint(this.idToken)}`;
    if (this.expiresAt !== undefined) json['expiresAt'] = this.expiresAt.toISOString();
    if (this.issuedAt !== undefined) json['issuedAt'] = this.issuedAt.toISOString();
    if (this.refreshTokenExpiresAt !== undefined) json['refreshTokenExpiresAt'] = this.refreshTokenExpiresAt.toISOString();
    if (this.scope !== undefined) json['scope'] = this.scope.join(' ');
    const extra = Object.keys(this.extra);
    if (extra.length > 0) json['extra'] = extra;
    const meta = Object.keys(this.meta);
    if (meta.length > 0) json['meta'] = meta;
    return json;
  }

  /**
   * Reads the stored form back.
   * @throws {StorageError} when `json` is not a stored credential of a known version.
   */
  static fromJSON(json: unknown): Credentials {
    if (!isRecord(json)) throw new StorageError('Stored credentials are not a JSON object');
    if (json['version'] !== 1) {
      throw new StorageError(`Stored credentials have an unknown version (${describe(json['version'])}); expected 1`);
    }
    try {
      return fromFields(json, 'stored');
    } catch (error) {
      throw new StorageError(`Stored credentials are malformed: ${(error as Error).message}`);
    }
  }

  /**
   * Parses a token endpoint response (RFC 6749 §5.1). `expires_in` becomes an absolute expiry,
   * kept between {@link MIN_TOKEN_LIFETIME_SECONDS} (1 s) and {@link MAX_TOKEN_LIFETIME_SECONDS}
   * (one year). A missing `token_type` counts as Bearer.
   * @throws {InvalidResponseError} when the body is not an object with a string `access_token`, or
   * its `token_type` is neither Bearer (any letter case) nor accepted by `options.acceptsTokenType`.
   */
  static fromTokenResponse(body: unknown, now: Date = new Date(), options: TokenResponseOptions = {}): Credentials {
    if (!isRecord(body)) throw new InvalidResponseError('The token response is not a JSON object');
    checkTokenType(body['token_type'], options.acceptsTokenType);
    try {
      return fromFields(body, 'response', now);
    } catch (error) {
      throw new InvalidResponseError(`The token response is malformed: ${(error as Error).message}`);
    }
  }

  /** Shows which fields are present, never their values. */
  [inspect.custom](): string {
    return this.toString();
  }

  toString(): string {
    const parts = [`tokenType: ${this.tokenType}`, `refreshToken: ${this.refreshToken ? 'yes' : 'no'}`];
    if (this.expiresAt) parts.push(`expiresAt: ${this.expiresAt.toISOString()}`);
    if (this.scope) parts.push(`scope: ${this.scope.join(' ')}`);
    const meta = Object.keys(this.meta);
    if (meta.length > 0) parts.push(`meta: [${meta.join(', ')}]`);
    return `Credentials { ${parts.join(', ')} }`;
  }

  private toInit(): CredentialsInit {
    const init: CredentialsInit = { accessToken: this.accessToken, tokenType: this.tokenType, extra: this.extra, meta: this.meta };
    if (this.refreshToken !== undefined) init.refreshToken = this.refreshToken;
    if (this.expiresAt !== undefined) init.expiresAt = this.expiresAt;
    if (this.issuedAt !== undefined) init.issuedAt = this.issuedAt;
    if (this.refreshTokenExpiresAt !== undefined) init.refreshTokenExpiresAt = this.refreshTokenExpiresAt;
    if (this.scope !== undefined) init.scope = this.scope;
    if (this.idToken !== undefined) init.idToken = this.idToken;
    return init;
  }
}

function fromFields(fields: Record<string, unknown>, source: 'stored' | 'response', now?: Date): Credentials {
  const accessToken = fields['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') throw new Error('access_token is missing or not a string');
  const init: CredentialsInit = { accessToken, tokenType: normalizeTokenType(optionalString(fields, 'token_type') ?? 'Bearer') };
  const refreshToken = optionalString(fields, 'refresh_token');
  if (refreshToken !== undefined && refreshToken !== '') init.refreshToken = refreshToken;
  const idToken = optionalString(fields, 'id_token');
  if (idToken !== undefined) init.idToken = idToken;
  const scope = fields['scope'];
  // Space-separated on the wire (RFC 6749 §3.3); some providers use commas or send a list.
  const scopeText = Array.isArray(scope) && scope.every((s) => typeof s === 'string') ? scope.join(' ') : scope;
  if (typeof scopeText === 'string') init.scope = scopeText.split(/[\s,]+/).filter(Boolean);
  else if (scope !== undefined && scope !== null) throw new Error('scope is not a string');

  if (source === 'stored') {
    const meta = fields['meta'];
    if (meta !== undefined && meta !== null) {
      if (!isRecord(meta)) throw new Error('meta is not a JSON object');
      init.meta = meta;
    }
    const expiresAt = optionalEpoch(fields, 'expires_at');
    if (expiresAt) init.expiresAt = expiresAt;
    const issuedAt = optionalEpoch(fields, 'issued_at');
    if (issuedAt) init.issuedAt = issuedAt;
    const refreshExpiresAt = optionalEpoch(fields, 'refresh_token_expires_at');
    if (refreshExpiresAt) init.refreshTokenExpiresAt = refreshExpiresAt;
  } else {
    const issued = now ?? new Date();
    init.issuedAt = issued;
    const expiresIn = fields['expires_in'];
    if (expiresIn !== undefined && expiresIn !== null) {
      const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new Error('expires_in is not a non-negative number');
      const believed = Math.min(Math.max(seconds, MIN_TOKEN_LIFETIME_SECONDS), MAX_TOKEN_LIFETIME_SECONDS);
      init.expiresAt = validDate(issued.getTime() + believed * 1000, 'expires_in');
    }
    const refreshExpiresIn = optionalSeconds(fields, 'refresh_token_expires_in');
    if (refreshExpiresIn !== undefined) init.refreshTokenExpiresAt = validDate(issued.getTime() + refreshExpiresIn * 1000, 'refresh_token_expires_in');
  }

  const extra: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    // A response's refresh_token_expires_in became refreshTokenExpiresAt (a stored one stays as it was saved).
    if (!KNOWN_FIELDS.has(field) && value !== undefined && !(source === 'response' && field === 'refresh_token_expires_in')) extra[field] = value;
  }
  init.extra = extra;
  return new Credentials(init);
}

/**
 * RFC 6749 §7.1: a client must not use a token whose type it does not understand. Bearer (any
 * letter case) is understood; a missing type is taken as Bearer; others only when accepted.
 */
function checkTokenType(type: unknown, accepts: ((tokenType: string) => boolean) | undefined): void {
  if (type === undefined || type === null || (typeof type === 'string' && type.toLowerCase() === 'bearer')) return;
  if (typeof type === 'string' && accepts?.(type) === true) return;
  const shown = typeof type === 'string' && /^[\x21-\x7e]{1,40}$/.test(type) ? `"${type}"` : 'an unreadable type';
  throw new InvalidResponseError(
    `The token endpoint issued a token of type ${shown}, which this client cannot use (only Bearer, RFC 6750); ` +
      'a flow subclass that handles it overrides handlesTokenType()',
  );
}

/** RFC 6750 says the type is case-insensitive; servers send "bearer" as often as "Bearer". */
function normalizeTokenType(type: string): string {
  return type.toLowerCase() === 'bearer' ? 'Bearer' : type;
}

function optionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${name} is not a string`);
  return value;
}

function optionalSeconds(fields: Record<string, unknown>, name: string): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new Error(`${name} is not a non-negative number`);
  return seconds;
}

function optionalEpoch(fields: Record<string, unknown>, name: string): Date | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name} is not a number of seconds`);
  return validDate(Math.round(value * 1000), name);
}

function validDate(epochMs: number, name: string): Date {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) throw new Error(`${name} is out of range`);
  return date;
}

const NO_META: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * A deep, frozen copy of the application's meta, as JSON would store it: later changes to the
 * caller's object do not reach the credentials, and what is kept is what a store reads back.
 * @throws {ConfigurationError} when meta is not a plain object of JSON values
 */
function copyMeta(meta: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> {
  if (meta === undefined || meta === NO_META) return NO_META;
  if (frozenCopies.has(meta)) return meta;
  let copy: unknown;
  try {
    copy = isRecord(meta) ? JSON.parse(JSON.stringify(meta)) : undefined;
  } catch {
    copy = undefined;
  }
  if (!isRecord(copy)) throw new ConfigurationError('Credentials meta must be a plain object of JSON values (no cycles, no BigInt)');
  if (Object.keys(copy).length === 0) return NO_META;
  const frozen = deepFreeze(copy);
  frozenCopies.add(frozen);
  return frozen;
}

/** Meta objects made by copyMeta: passing one from Credentials to Credentials needs no new copy. */
const frozenCopies = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}

/** The first 16 hex digits of a token's SHA-256: names it in logs without revealing it. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
