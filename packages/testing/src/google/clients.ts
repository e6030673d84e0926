import { randomBytes } from 'node:crypto';
import type { GoogleEmulatorClient, GoogleEmulatorClients } from './types.js';

/** The kind of client Google registered, which decides redirects and grants. */
export type ClientType = 'desktop' | 'web' | 'tv';

/** A registered client with its type. */
export interface RegisteredClient extends GoogleEmulatorClient {
  type: ClientType;
  redirectUris: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Fresh clients for one emulator; secrets look like Google's (`GOCSPX-…`). */
export function createGoogleClients(): { clients: GoogleEmulatorClients; registry: Map<string, RegisteredClient> } {
  const make = (name: string) => ({
    client_id: `${randomBytes(6).readUIntBE(0, 6)}-${name}.apps.googleusercontent.com`,
    client_secret: `GOCSPX-${randomBytes(21).toString('base64url')}`,
  });
  const webRedirects = ['https://localhost/', 'http://127.0.0.1/callback'];
  const clients: GoogleEmulatorClients = { desktop: make('desktop'), web: { ...make('web'), redirect_uris: webRedirects }, tv: make('tv') };
  const registry = new Map<string, RegisteredClient>([
    [clients.desktop.client_id, { ...clients.desktop, type: 'desktop', redirectUris: [] }],
    [clients.web.client_id, { client_id: clients.web.client_id, client_secret: clients.web.client_secret, type: 'web', redirectUris: webRedirects }],
    [clients.tv.client_id, { ...clients.tv, type: 'tv', redirectUris: [] }],
  ]);
  return { clients, registry };
}

/** Google's redirect rules: desktop clients take any loopback http URL (any port), web clients their registered URIs exactly. */
export function redirectAllowed(client: RegisteredClient, redirectUri: string): boolean {
  if (client.type === 'web') return client.redirectUris.includes(redirectUri);
  if (client.type !== 'desktop') return false;
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}
