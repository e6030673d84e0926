import { redirectAllowed, type RegisteredClient } from './clients.js';
import type { Reply } from './http.js';
import { parseScope } from './scopes.js';
import type { GoogleState } from './state.js';

/** Header the emulator's own headless user sends to refuse consent. */
export const DECISION_HEADER = 'x-google-emulator-decision';

/** Google's error page: HTML with status 400 (or 401 for an unknown client), no redirect. */
function errorPage(status: number, error: string, description: string): Reply {
  const text =
    `<!doctype html><title>Error ${status}: ${error}</title><main data-error="${error}"><h1>Access blocked: Authorization Error</h1>` +
    `<p>Error ${status}: ${error}</p><p>${description.replace(/[<>&"]/g, '')}</p></main>`;
  return { status, text };
}

/**
 * `GET /o/oauth2/v2/auth`: checks the request as Google does (unknown client, redirect mismatch and
 * missing parameters end on an error page), then consents as the test user and redirects with a code.
 * A refresh token will come with the code only for `access_type=offline`, and after the user's first
 * consent to this client only with `prompt=consent`.
 */
export function authorizeRoute(url: URL, decision: string | undefined, registry: Map<string, RegisteredClient>, state: GoogleState): Reply {
  const q = url.searchParams;
  const clientId = q.get('client_id');
  if (!clientId) return errorPage(400, 'invalid_request', 'Missing required parameter: client_id');
  const client = registry.get(clientId);
  if (client === undefined) return errorPage(401, 'invalid_client', 'The OAuth client was not found.');
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri) return errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri');
  if (!redirectAllowed(client, redirectUri)) {
    return errorPage(
      400,
      'redirect_uri_mismatch',
      `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`,
    );
  }
  if (q.get('response_type') !== 'code') return errorPage(400, 'unsupported_response_type', `Invalid response_type: ${q.get('response_type') ?? ''}`);
  const scope = parseScope(q.get('scope'));
  if (scope.length === 0) return errorPage(400, 'invalid_request', 'Missing required parameter: scope');
  const method = q.get('code_challenge_method') ?? undefined;
  const challenge = q.get('code_challenge') ?? undefined;
  if (challenge !== undefined && method !== undefined && method !== 'S256' && method !== 'plain') {
    return errorPage(400, 'invalid_request', `Invalid code_challenge_method: ${method}`);
  }

  const back = new URL(redirectUri);
  const stateParam = q.get('state');
  if (stateParam !== null) back.searchParams.set('state', stateParam);
  if (decision === 'deny') {
    back.searchParams.set('error', 'access_denied');
    return { status: 302, headers: { location: back.href } };
  }
  const prompts = (q.get('prompt') ?? '').split(' ');
  const firstConsent = state.consent(client.client_id);
  const offline = q.get('access_type') === 'offline' && (firstConsent || prompts.includes('consent'));
  const code = state.issueCode({
    clientId: client.client_id,
    redirectUri,
    scope,
    offline,
    expiresAt: Date.now() + 60_000,
    ...(challenge === undefined ? {} : { codeChallenge: challenge, codeChallengeMethod: method ?? 'plain' }),
  });
  back.searchParams.set('code', code);
  back.searchParams.set('scope', scope.join(' '));
  back.searchParams.set('authuser', '0');
  back.searchParams.set('prompt', firstConsent || prompts.includes('consent') ? 'consent' : 'none');
  return { status: 302, headers: { location: back.href } };
}
