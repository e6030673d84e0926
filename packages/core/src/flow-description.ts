import type { ValidatedParams } from './params.js';
import type { Storage } from './storage/storage.js';

/** What `JSON.stringify(flow)` and `util.inspect(flow)` show: the configuration, never a secret. */
export interface FlowDescription {
  client_id: string;
  /** Whether the flow authenticates with a client secret; the secret itself is never shown. */
  confidential: boolean;
  auth_uri: string;
  token_uri: string;
  revoke_uri?: string;
  device_uri?: string;
  redirect_uri: string;
  scope: readonly string[];
  issuer?: string;
  key: string;
  /** The storage's class name, e.g. `FileStorage`. */
  storage: string;
}

/** A flow's configuration as {@link FlowDescription}: an allow-list, so a new secret field is never shown by accident. */
export function describeFlow(params: ValidatedParams, key: string, storage: Storage, issuer: string | undefined): FlowDescription {
  return {
    client_id: params.client_id,
    confidential: params.client_secret !== undefined,
    auth_uri: withoutCredentials(params.auth_uri),
    token_uri: withoutCredentials(params.token_uri),
    ...(params.revoke_uri === undefined ? {} : { revoke_uri: withoutCredentials(params.revoke_uri) }),
    ...(params.device_uri === undefined ? {} : { device_uri: withoutCredentials(params.device_uri) }),
    redirect_uri: withoutCredentials(params.redirect_uri),
    scope: [...params.scope],
    ...(issuer === undefined ? {} : { issuer }),
    key,
    storage: storage.constructor?.name ?? 'Storage',
  };
}

/** An endpoint without user info or query (either may carry a key someone pasted in). */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '[invalid URL]';
  }
}
