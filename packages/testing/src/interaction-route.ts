import type { Middleware } from 'koa';
import type { InteractionResults, Provider } from 'oidc-provider';
import { TEST_USER_ID } from './test-user.js';

/** Path prefix of the login/consent interaction pages (oidc-provider `interactions.url`). */
export const INTERACTION_PATH = '/interaction/';

/** Query parameter a user agent adds to an interaction URL to refuse instead of consenting. */
export const DECISION_PARAM = 'decision';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

// Logs the test user in and grants everything the client asked for, in one step.
async function consentToEverything(provider: Provider, interaction: Interaction): Promise<InteractionResults> {
  const accountId = interaction.session?.accountId ?? TEST_USER_ID;
  const clientId = String(interaction.params.client_id);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });

  const scope = interaction.params.scope;
  if (typeof scope === 'string' && scope) grant.addOIDCScope(scope);
  const claims = stringList(interaction.prompt.details.missingOIDCClaims);
  if (claims.length) grant.addOIDCClaims(claims);
  const resourceScopes = interaction.prompt.details.missingResourceScopes;
  if (typeof resourceScopes === 'object' && resourceScopes !== null) {
    for (const [resource, scopes] of Object.entries(resourceScopes)) grant.addResourceScope(resource, stringList(scopes));
  }

  return { login: { accountId }, consent: { grantId: await grant.save() } };
}

/**
 * Koa middleware answering `GET /interaction/:uid` without any page: the test user logs in and
 * consents at once (or refuses when `?decision=deny`), then the browser is sent back to the
 * provider. Works for a real browser too, which makes demos click-free.
 */
export function interactionRoute(provider: Provider): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(INTERACTION_PATH) || ctx.method !== 'GET') return next();

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'interaction session not found or expired' };
      return;
    }

    const result: InteractionResults =
      ctx.query[DECISION_PARAM] === 'deny'
        ? { error: 'access_denied', error_description: 'End-User denied the request' }
        : await consentToEverything(provider, interaction);
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.redirect(returnTo);
    ctx.status = 303;
  };
}
