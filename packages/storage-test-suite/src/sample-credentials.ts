import { Credentials, type PendingAuthorization } from '@oauthflow/core';

/** Credentials with every field set, including provider fields a serializer could mangle. */
export function fullCredentials(tag = 'full'): Credentials {
  return new Credentials({
    accessToken: `ya29.access-${tag}-Zm9vYmFy`,
    tokenType: 'Bearer',
    refreshToken: `1//refresh-${tag}`,
    // Milliseconds matter: they must survive the round trip.
    expiresAt: new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 678)),
    issuedAt: new Date(Date.UTC(2031, 0, 2, 2, 4, 5, 679)),
    scope: ['openid', 'email', 'https://www.googleapis.com/auth/youtube.readonly'],
    idToken: `eyJhbGciOiJSUzI1NiJ9.id-${tag}.sig`,
    extra: {
      refresh_token_expires_in: 604_799,
      // A leading colon is an escape character for Keyv's serializer; "base64:" one of its tags.
      provider_note: ':colon-first',
      tagged: ':base64:bm90IGEgYnVmZmVy',
      nested: { list: [1, 'two', null, { three: true }], empty: {} },
      unicode: 'Grüße, 東京 🎉',
      flag: false,
      zero: 0,
    },
    // The application's own fields, which a store keeps apart from the provider's.
    meta: { app: { clientId: `client-${tag}`, secret: `meta-secret-${tag}`, scopes: ['a', 'b'] }, ':colon': ':base64:eA==' },
  });
}

/** Credentials with only an access token. */
export function minimalCredentials(tag = 'min'): Credentials {
  return new Credentials({ accessToken: `access-${tag}` });
}

/** A pending authorization with every field set. */
export function samplePending(tag = 'p'): PendingAuthorization {
  return {
    codeVerifier: `verifier-${tag}-${'x'.repeat(43)}`,
    redirectUri: 'http://127.0.0.1:8765/callback',
    key: `key-${tag}`,
    createdAt: 1_767_225_600_123,
    nonce: `nonce-${tag}`,
  };
}
