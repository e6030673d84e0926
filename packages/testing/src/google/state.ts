import { createHash, randomBytes, randomInt } from 'node:crypto';

/** One user's consent to one client: what its refresh token and access tokens hang on. */
export interface Grant {
  clientId: string;
  scope: string[];
  refreshToken?: string;
  /** Epoch ms; undefined when refresh tokens do not expire (production apps). */
  refreshExpiresAt?: number;
  revoked: boolean;
  accessTokens: Set<string>;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

/** An authorization code waiting for its exchange. */
export interface PendingCode {
  clientId: string;
  redirectUri: string;
  scope: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  offline: boolean;
  expiresAt: number;
}

/** A device authorization waiting for the user. */
export interface PendingDevice {
  clientId: string;
  scope: string[];
  userCode: string;
  expiresAt: number;
  status: 'pending' | 'approved' | 'denied';
  /** When the client last polled, to answer slow_down to a client polling faster than the interval. */
  lastPollAt?: number;
}

/** The emulated test user (Google's userinfo fields). */
export const GOOGLE_TEST_USER = {
  sub: '110248495921238986420',
  name: 'Test User',
  given_name: 'Test',
  family_name: 'User',
  picture: 'https://lh3.googleusercontent.com/a/default-user',
  email: 'test.user@gmail.com',
  email_verified: true,
  locale: 'en',
} as const;

const token = (prefix: string, bytes = 32) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Everything the emulator remembers: codes, grants, tokens, consents. */
export class GoogleState {
  readonly codes = new Map<string, PendingCode>();
  readonly devices = new Map<string, PendingDevice>();
  readonly #refreshTokens = new Map<string, Grant>();
  readonly #accessTokens = new Map<string, AccessToken>();
  /** Clients the user consented to at least once: Google sends a refresh token on the first consent only (unless prompt=consent). */
  readonly #consented = new Set<string>();

  constructor(private readonly settings: { accessTokenTtl: number; refreshTokenTtl: number | undefined }) {}

  /** A new authorization code. */
  issueCode(pending: PendingCode): string {
    const code = token('4/0A', 24);
    this.codes.set(code, pending);
    return code;
  }

  /** Records a consent; true when it was the first for this client. */
  consent(clientId: string): boolean {
    const first = !this.#consented.has(clientId);
    this.#consented.add(clientId);
    return first;
  }

  /** A new grant with an access token, and a refresh token when `offline`. */
  createGrant(clientId: string, scope: string[], offline: boolean, now = Date.now()): { grant: Grant; accessToken: string } {
    const grant: Grant = { clientId, scope, revoked: false, accessTokens: new Set() };
    if (offline) {
      grant.refreshToken = token('1//0g');
      if (this.settings.refreshTokenTtl !== undefined) grant.refreshExpiresAt = now + this.settings.refreshTokenTtl * 1000;
      this.#refreshTokens.set(grant.refreshToken, grant);
    }
    return { grant, accessToken: this.issueAccessToken(grant, now) };
  }

  issueAccessToken(grant: Grant, now = Date.now()): string {
    const accessToken = token('ya29.a0');
    grant.accessTokens.add(accessToken);
    this.#accessTokens.set(accessToken, { grant, expiresAt: now + this.settings.accessTokenTtl * 1000 });
    return accessToken;
  }

  /** The live grant of a refresh token, if any. */
  grantOfRefreshToken(refreshToken: string, now = Date.now()): Grant | undefined {
    const grant = this.#refreshTokens.get(refreshToken);
    if (grant === undefined || grant.revoked || (grant.refreshExpiresAt !== undefined && grant.refreshExpiresAt <= now)) return undefined;
    return grant;
  }

  /** The live grant of an access token, if any. */
  grantOfAccessToken(accessToken: string, now = Date.now()): Grant | undefined {
    const entry = this.#accessTokens.get(accessToken);
    if (entry === undefined || entry.grant.revoked || entry.expiresAt <= now) return undefined;
    return entry.grant;
  }

  /**
   * Google's revocation: either token of a grant ends the whole grant (its refresh token and every
   * access token). False when the token is unknown, expired or already revoked.
   */
  revoke(anyToken: string): boolean {
    const grant = this.grantOfRefreshToken(anyToken) ?? this.grantOfAccessToken(anyToken);
    if (grant === undefined) return false;
    grant.revoked = true;
    return true;
  }

  /** A device authorization; returns the device code. Google's user codes look like `ABC-DEF-GHI`. */
  startDevice(clientId: string, scope: string[], ttlSeconds: number): { deviceCode: string; userCode: string } {
    const letters = 'BCDFGHJKLMNPQRSTVWXZ';
    const part = () => Array.from({ length: 3 }, () => letters[randomInt(letters.length)]).join('');
    const userCode = `${part()}-${part()}-${part()}`;
    const deviceCode = token('AH-1Ng', 40);
    this.devices.set(deviceCode, { clientId, scope, userCode, expiresAt: Date.now() + ttlSeconds * 1000, status: 'pending' });
    return { deviceCode, userCode };
  }

  deviceByUserCode(userCode: string): PendingDevice | undefined {
    const wanted = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    for (const device of this.devices.values()) if (device.userCode.replace(/-/g, '') === wanted) return device;
    return undefined;
  }
}

/** RFC 7636 §4.6: does the verifier match the challenge? */
export function pkceMatches(verifier: string, challenge: string, method: string | undefined): boolean {
  if (method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}
