import { ConfigurationError, type Credentials } from '@oauthflow/core';

/** How a key's credentials were obtained, so later commands renew them the same way. */
export type Grant = 'authorization_code' | 'device_code' | 'client_credentials';

/**
 * The client a key was logged in with: what token, refresh, revoke and request need to reach
 * the right server. `login` stores it in the credentials' meta (see {@link CLI_META_FIELD}), so
 * it lives in the same store, under the same key, as the tokens it belongs to.
 */
export interface SavedClient {
  version: 1;
  /** `google`, the issuer URL, or `custom` for hand-given endpoints. */
  provider: string;
  issuer?: string;
  /**
   * Set when the issuer came from discovery: the login then refuses redirects naming another
   * issuer, and, when true, redirects naming none (RFC 9207).
   */
  issuerInResponse?: boolean;
  clientId: string;
  /** The client has a secret (stored below unless `login --no-save-secret`). */
  confidential: boolean;
  authUri: string;
  tokenUri: string;
  revokeUri?: string;
  deviceUri?: string;
  scope: string[];
  redirectUri: string;
  /** Extra authorization parameters of the provider preset (Google's access_type=offline). */
  extraAuth: Record<string, string>;
  grant: Grant;
  /** Google's downloaded client file the login used: read again for the secret when none is stored. */
  clientSecretsFile?: string;
  /**
   * Whether the provider gives a new refresh token at each refresh (the old one then stops
   * working), as seen at this key's last refresh; the Google preset says false at login. Unknown
   * until then. `migrate` warns when copying such a credential: the two copies cannot both live.
   */
  refreshTokenRotates?: boolean;
  savedAt: string;
}

/** The client as stored with the credentials: the settings, and the secret unless `login --no-save-secret`. */
export interface StoredClient {
  client: SavedClient;
  secret?: string;
}

/** The field of `Credentials.meta` that holds the CLI's client settings (other applications may keep their own fields there). */
export const CLI_META_FIELD = 'oauthflowCli';

/**
 * The client stored with `credentials`, or undefined when they carry none (credentials saved by
 * another program, or by a CLI version that kept the settings in a file).
 * @throws {ConfigurationError} when the stored settings are unreadable
 */
export function storedClientOf(credentials: Credentials | undefined, key: string): StoredClient | undefined {
  const value = credentials?.meta[CLI_META_FIELD];
  if (value === undefined) return undefined;
  const client = isRecord(value) ? (value as Partial<SavedClient> & { clientSecret?: unknown }) : undefined;
  if (client?.version !== 1 || typeof client.clientId !== 'string' || typeof client.tokenUri !== 'string' || typeof client.authUri !== 'string') {
    throw new ConfigurationError(
      `The client settings stored with key "${key}" are unreadable: log in again (oauthflow login --key "${key}" with the client's flags)`,
    );
  }
  const { clientSecret, ...settings } = client;
  return typeof clientSecret === 'string' && clientSecret !== ''
    ? { client: settings as SavedClient, secret: clientSecret }
    : { client: settings as SavedClient };
}

/** `meta` with the CLI's field set to `client` (and its secret, when given); other fields are kept. */
export function metaWithClient(meta: Readonly<Record<string, unknown>> | undefined, client: SavedClient, secret?: string): Record<string, unknown> {
  return { ...meta, [CLI_META_FIELD]: { ...client, ...(secret === undefined ? {} : { clientSecret: secret }) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
