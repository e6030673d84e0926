import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { NoCredentialsError, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { YouTube } from '@oauthflow/youtube';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppConfig } from './config.js';
import { describeError } from './errors.js';
import { connectPage, errorPage, playlistsPage } from './pages.js';
import { csrfToken, csrfValid, currentUser, ensureUser, rememberState, signOut, takeState, type CookiePolicy } from './session.js';

/** How long an authorization started here may take (the flow keeps its PKCE verifier in Redis as long). */
const PENDING_TTL_SECONDS = 600;

/** Each user's credentials live under their own key in the shared store. */
const keyOf = (user: string) => `user:${user}`;

/**
 * The app: one flow for every user (`flow.forKey(key)` per user), no state in the process but
 * a cache — any instance sharing the Redis store serves any request, callbacks included.
 */
export async function buildApp(config: AppConfig, flow: OAuth2AuthorizationFlow): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: process.env['LOG_LEVEL'] ?? 'warn' } });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody);
  const policy: CookiePolicy = { secure: new URL(config.redirectUri).protocol === 'https:', sessionSecret: config.sessionSecret };
  const instance = config.instanceName;
  const html = (reply: FastifyReply, status: number, page: string) => reply.status(status).type('text/html; charset=utf-8').send(page);

  /** The signed-in user of a form post, or undefined after answering 403 (no session, or a forged form). */
  function postingUser(request: FastifyRequest, reply: FastifyReply): string | undefined {
    const user = currentUser(request);
    const body = request.body as Record<string, unknown> | undefined;
    if (user !== undefined && csrfValid(policy, user, body?.['csrf'])) return user;
    void html(
      reply,
      403,
      errorPage({
        instance,
        status: 403,
        title: 'Form expired',
        message: 'This form did not come from this app, or your session ended. Go back and try again.',
      }),
    );
    return undefined;
  }

  app.get('/', async (request, reply) => {
    ensureUser(request, reply, policy);
    return reply.redirect('/playlists', 303);
  });

  app.get('/connect', async (request, reply) => {
    const user = ensureUser(request, reply, policy);
    return html(reply, 200, connectPage({ instance, csrf: csrfToken(policy, user) }));
  });

  // "Connect your YouTube account": Google's consent, then back to the callback on any instance.
  app.post('/connect', async (request, reply) => {
    const user = postingUser(request, reply);
    if (user === undefined) return reply;
    const { url, state } = await flow.getAuthorizationUrl({ key: keyOf(user) });
    rememberState(reply, policy, user, state, PENDING_TTL_SECONDS);
    return reply.redirect(url, 303);
  });

  app.get(config.redirectPath, async (request, reply) => {
    const user = currentUser(request);
    const state = user === undefined ? undefined : takeState(request, reply, policy, user);
    if (user === undefined || state === undefined) {
      return html(
        reply,
        400,
        errorPage({
          instance,
          status: 400,
          title: 'Connection not started here',
          message: 'This sign-in link did not start in this browser, or it expired. Start again from the app.',
        }),
      );
    }
    // The flow checks the state against this browser's, takes the PKCE verifier from Redis
    // (wherever the authorization started) and saves the credentials under the user's key.
    await flow.exchangeCode(new URL(request.url, config.redirectUri).href, { state });
    return reply.redirect('/playlists', 303);
  });

  app.get('/playlists', async (request, reply) => {
    const user = ensureUser(request, reply, policy);
    const csrf = csrfToken(policy, user);
    const yt = new YouTube({ flow: flow.forKey(keyOf(user)), ...(config.youtubeBaseURL ? { baseURL: config.youtubeBaseURL } : {}) });
    try {
      const { data } = await yt.playlists.list({ part: ['snippet', 'contentDetails'], mine: true, maxResults: 50 });
      return html(reply, 200, playlistsPage({ instance, csrf, playlists: data.items ?? [] }));
    } catch (error) {
      // Never connected, disconnected (on any instance), or the grant ended at Google.
      if (error instanceof NoCredentialsError || describeError(error).reconnect) {
        return html(reply, 200, connectPage({ instance, csrf, notice: 'Your YouTube account is not connected.' }));
      }
      throw error;
    }
  });

  // Revokes the grant at Google and deletes the credentials from Redis, for every instance.
  app.post('/disconnect', async (request, reply) => {
    const user = postingUser(request, reply);
    if (user === undefined) return reply;
    await flow.forKey(keyOf(user)).revoke();
    return reply.redirect('/connect', 303);
  });

  app.post('/logout', async (request, reply) => {
    if (postingUser(request, reply) === undefined) return reply;
    signOut(reply, policy);
    return reply.redirect('/', 303);
  });

  app.setNotFoundHandler((request, reply) =>
    html(reply, 404, errorPage({ instance, status: 404, title: 'Not found', message: `There is no page at ${request.url.split('?')[0]}.` })),
  );
  app.setErrorHandler((error, request, reply) => {
    const shown = describeError(error);
    if (shown.status >= 500) request.log.error({ err: error }, 'request failed');
    return html(reply, shown.status, errorPage({ instance, ...shown }));
  });
  return app;
}
