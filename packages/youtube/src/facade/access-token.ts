import { inspect } from 'node:util';
import type { Credentials } from '@oauthflow/core';

/** python-youtube's `AccessToken.to_dict()` shape. */
export interface AccessTokenJSON {
  access_token: string;
  token_type: string;
  expires_in?: number;
  expires_at?: number;
  refresh_token?: string;
  scope?: string[];
  id_token?: string;
}

/**
 * python-youtube's `AccessToken`, over core's {@link Credentials}. Printing it (console.log,
 * util.inspect, String) shows no token; `toJSON()` is python-youtube's dict, tokens included.
 */
export class AccessToken {
  readonly accessToken: string;
  readonly tokenType: string;
  /** Lifetime in seconds as the server gave it (e.g. 3600). */
  readonly expiresIn?: number;
  readonly expiresAt?: Date;
  readonly refreshToken?: string;
  readonly scope?: readonly string[];
  readonly idToken?: string;
  /** The credentials this token came from (what the storage holds). */
  readonly credentials: Credentials;

  constructor(credentials: Credentials) {
    this.credentials = credentials;
    this.accessToken = credentials.accessToken;
    this.tokenType = credentials.tokenType;
    const lifetime = credentials.lifetimeSeconds;
    if (lifetime !== undefined) this.expiresIn = Math.round(lifetime);
    if (credentials.expiresAt !== undefined) this.expiresAt = credentials.expiresAt;
    if (credentials.refreshToken !== undefined) this.refreshToken = credentials.refreshToken;
    if (credentials.scope !== undefined) this.scope = credentials.scope;
    if (credentials.idToken !== undefined) this.idToken = credentials.idToken;
    Object.freeze(this);
  }

  /** python-youtube's dict form (contains the tokens: store it, do not log it). */
  toJSON(): AccessTokenJSON {
    return {
      access_token: this.accessToken,
      token_type: this.tokenType,
      ...(this.expiresIn === undefined ? {} : { expires_in: this.expiresIn }),
      ...(this.expiresAt === undefined ? {} : { expires_at: Math.floor(this.expiresAt.getTime() / 1000) }),
      ...(this.refreshToken === undefined ? {} : { refresh_token: this.refreshToken }),
      ...(this.scope === undefined ? {} : { scope: [...this.scope] }),
      ...(this.idToken === undefined ? {} : { id_token: this.idToken }),
    };
  }

  /** `AccessToken(token_type='Bearer', expires_in=3600, refresh_token=yes)` — no token values. */
  toString(): string {
    const parts = [`token_type='${this.tokenType}'`];
    if (this.expiresIn !== undefined) parts.push(`expires_in=${this.expiresIn}`);
    parts.push(`refresh_token=${this.refreshToken === undefined ? 'no' : 'yes'}`);
    return `AccessToken(${parts.join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
