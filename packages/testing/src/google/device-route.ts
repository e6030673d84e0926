import type { RegisteredClient } from './clients.js';
import { oauthError, type Reply } from './http.js';
import { DEVICE_FLOW_SCOPES, parseScope } from './scopes.js';
import type { GoogleState } from './state.js';

/**
 * `POST /device/code`: Google reads `client_id` from the body (a Basic header alone does not
 * identify the client), allows only "TVs and Limited Input devices" clients and a short list of
 * scopes, and answers with `verification_url` (its pre-RFC 8628 name for `verification_uri`).
 */
export function deviceCodeRoute(
  params: URLSearchParams,
  registry: Map<string, RegisteredClient>,
  state: GoogleState,
  settings: {
    verificationUrl: string;
    interval: number;
    ttl: number;
  },
): Reply {
  const clientId = params.get('client_id');
  if (!clientId) return oauthError(400, 'invalid_request', 'Missing required parameter: client_id');
  const client = registry.get(clientId);
  if (client === undefined) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (client.type !== 'tv') return oauthError(401, 'invalid_client', 'Invalid client type.');
  const scope = parseScope(params.get('scope'));
  if (scope.length === 0) return oauthError(400, 'invalid_scope', 'Missing required parameter: scope');
  const refused = scope.find((s) => !DEVICE_FLOW_SCOPES.has(s));
  if (refused !== undefined) return oauthError(400, 'invalid_scope', `Invalid device flow scope: ${refused}`);
  const { deviceCode, userCode } = state.startDevice(client.client_id, scope, settings.ttl);
  return {
    status: 200,
    json: { device_code: deviceCode, user_code: userCode, expires_in: settings.ttl, interval: settings.interval, verification_url: settings.verificationUrl },
  };
}

/** The user's decision at the verification URL. */
export function decideDevice(state: GoogleState, userCode: string, deny: boolean): void {
  const device = state.deviceByUserCode(userCode);
  if (device === undefined || device.expiresAt <= Date.now()) throw new Error(`approveDevice(${userCode}): no pending device authorization has this code`);
  if (device.status !== 'pending') throw new Error(`approveDevice(${userCode}): the code was already used`);
  device.status = deny ? 'denied' : 'approved';
}
