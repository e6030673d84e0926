/**
 * The provider matrix: which scenario runs against which authorization server. matrix.test.ts
 * runs every entry (a ✓ must pass; a ✗ must fail, so no claim goes stale), and write-table.ts
 * turns this definition into docs/providers.md.
 */

/** The scenarios, in table order. */
export const FEATURES = {
  code: 'code + PKCE + state',
  refresh: 'refresh',
  rotation: 'refresh token rotation',
  revoke: 'revoke',
  clientCredentials: 'client credentials',
  device: 'device flow',
  discovery: 'discovery',
  basic: 'client_secret_basic',
  post: 'client_secret_post',
  public: 'public client (PKCE, no secret)',
} as const;

export type Feature = keyof typeof FEATURES;

/** A combination the server does not support, and why (the server's answer or its documentation). */
export interface Unsupported {
  reason: string;
}

/** One server under test. */
export interface ServerEntry {
  /** Shown in the table. */
  title: string;
  /** How it is set up, in a sentence. */
  setup: string;
  /** Everything not listed here is supported (✓). */
  unsupported: Partial<Record<Feature, Unsupported>>;
  /** Limits of a supported feature, shown as a footnote to its ✓. */
  notes?: Partial<Record<Feature, string>>;
}

export const SERVERS = {
  own: {
    title: '`@oauthflow/testing` (`startAuthorizationServer`)',
    setup: "oidc-provider configured for oauthflow's tests (refresh tokens for every refresh-capable client, rotation, device interval 1 s)",
    unsupported: {},
  },
  stockOidcProvider: {
    title: '[oidc-provider](https://github.com/panva/node-oidc-provider), default configuration',
    setup:
      "library defaults; clients registered, revocation, device flow and client credentials switched on; refresh tokens need `offline_access` with `prompt=consent`; no device `interval` (the client's 5 s default applies)",
    unsupported: {},
    notes: {
      refresh: "only with the `offline_access` scope and `prompt=consent`; without them oauthflow's error says so (tested)",
      rotation:
        "for public clients; a confidential client's refresh token rotates only after 70 % of its lifetime (oidc-provider's default `rotateRefreshToken`)",
    },
  },
  nodeOAuth: {
    title: '[@node-oauth/oauth2-server](https://github.com/node-oauth/node-oauth2-server)',
    setup: 'a small HTTP app with an in-memory model, library defaults (client authentication required, rotation)',
    unsupported: {
      revoke: { reason: 'the library has no revocation endpoint (RFC 7009 is not implemented)' },
      device: { reason: 'the library has no device authorization grant (RFC 8628)' },
      discovery: { reason: 'the library publishes no metadata (no RFC 8414 / OpenID discovery document)' },
    },
    notes: {
      basic:
        "the Basic credentials are not form-decoded (RFC 6749 §2.3.1): a secret with `+ / =` fails with `invalid_client`, and oauthflow's error suggests `client_secret_post` (tested)",
      public: 'the code exchange only: a refresh needs client authentication (the library requires it for every grant but the PKCE code exchange; tested)',
    },
  },
  mockServer: {
    title: '[oauth2-mock-server](https://github.com/axa-group/oauth2-mock-server)',
    setup: "defaults; it checks PKCE but accepts any client, code and refresh token, so its ✓ prove oauthflow's requests and parsing only",
    unsupported: {
      device: { reason: 'no device authorization endpoint' },
    },
    notes: {
      revoke: 'the mock answers 200 to any revocation and keeps accepting the tokens: only the request is proven',
    },
  },
  google: {
    title: 'Google (`startGoogleEmulator`)',
    setup: 'the emulator of Google\'s documented behaviour; desktop client for the code flow, "TVs and Limited Input devices" client for the device flow',
    unsupported: {
      rotation: { reason: 'Google does not rotate: refresh responses carry no `refresh_token`, the old one keeps working (oauthflow keeps it)' },
      clientCredentials: { reason: 'Google has no client credentials grant (`unsupported_grant_type`); service accounts use the JWT bearer grant' },
      public: { reason: 'Google asks every client type of these flows for its `client_secret` (`invalid_request: client_secret is missing.`)' },
    },
    notes: {
      revoke:
        'one revocation ends the whole grant; a second answers 400 `invalid_token`, which oauthflow counts as revoked; the Google preset sends the token alone',
      device: 'only "TVs and Limited Input devices" clients and a short list of scopes; Google answers `verification_url`',
    },
  },
} as const satisfies Record<string, ServerEntry>;

export type ServerName = keyof typeof SERVERS;

/** The footnote to a supported combination, if any. */
export function supportNote(server: ServerName, feature: Feature): string | undefined {
  const entry: ServerEntry = SERVERS[server];
  return entry.notes?.[feature];
}

/** The reason a combination is unsupported, or undefined when it is supported. */
export function unsupportedReason(server: ServerName, feature: Feature): string | undefined {
  const entry: ServerEntry = SERVERS[server];
  return entry.unsupported[feature]?.reason;
}
