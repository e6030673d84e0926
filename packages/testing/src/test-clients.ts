import { randomBytes } from 'node:crypto';
import type { ClientMetadata, Provider } from 'oidc-provider';
import type { AuthorizationServerClients } from './types.js';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

// Native clients get RFC 8252 §7.3 port-agnostic matching of loopback redirect URIs from
// oidc-provider, so http://127.0.0.1:ANY/callback is accepted.
const LOOPBACK_REDIRECTS = ['http://127.0.0.1/callback', 'http://localhost/callback'];

// python-youtube's default redirect; oidc-provider refuses to register https loopback URIs for
// native clients, so it is accepted by patching the provider's own Client class (see below).
const EXTRA_REDIRECTS = new Set(['https://localhost/']);

/** Fresh client credentials for one server (the secret is random per server). */
export function createClients(): AuthorizationServerClients {
  return {
    confidential: { client_id: 'confidential-client', client_secret: randomBytes(24).toString('base64url') },
    public: { client_id: 'public-client' },
  };
}

/** oidc-provider client registrations for {@link createClients}'s clients. */
export function clientMetadata(clients: AuthorizationServerClients): ClientMetadata[] {
  const common = {
    application_type: 'native',
    redirect_uris: LOOPBACK_REDIRECTS,
    response_types: ['code'],
  } as const;
  return [
    {
      ...common,
      client_id: clients.confidential.client_id,
      client_secret: clients.confidential.client_secret,
      // oidc-provider accepts client_secret_post for a client_secret_basic client and vice versa.
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE],
    },
    {
      ...common,
      client_id: clients.public.client_id,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE],
    },
  ];
}

/** Lets every client also use the {@link EXTRA_REDIRECTS}; the Client class is per provider. */
export function allowExtraRedirects(provider: Provider): void {
  const prototype = provider.Client.prototype;
  const original = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowed(redirectUri: string): boolean {
    return EXTRA_REDIRECTS.has(redirectUri) || original.call(this, redirectUri);
  };
}
