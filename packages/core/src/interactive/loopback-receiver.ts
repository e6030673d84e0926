import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackFromQuery, type CallbackParams } from '../callback.js';
import { ConfigurationError, ErrorCodes, OAuthFlowError } from '../errors.js';
import { isLoopbackHost } from '../params.js';
import { PAGE_HEADERS, ignoredPage, renderPage, signInFailedPage, signedInPage, type PageContent } from './pages.js';

/** A one-shot HTTP server on the loopback interface that receives the authorization redirect (RFC 8252 §7.3). */
export interface LoopbackReceiver {
  /** The redirect URI to send, with the port actually bound. */
  readonly redirectUri: string;
  /**
   * Resolves with the callback URL of the first request that `accept` takes (it throws to refuse
   * one: a wrong or missing state, another issuer). Refused and malformed requests get a 400 page
   * and the receiver keeps waiting, so no other local process can end or spoil the sign-in.
   * Rejects on timeout or abort.
   */
  waitForCallback(options: { accept: (callback: CallbackParams) => void; timeoutMs: number; signal?: AbortSignal }): Promise<string>;
  /** Answers the accepted request with the outcome's page, then stops listening. */
  finish(outcome: { ok: true } | { ok: false; message: string }): Promise<void>;
  /** Stops listening without an outcome (the sign-in failed before a redirect arrived). */
  close(): Promise<void>;
}

/**
 * Listens on the host and path of `redirectUri`; a URI without a port gets a free one
 * (RFC 8252 §7.3 lets native clients use any port on loopback).
 *
 * Only the request line's path and query are read, never the Host header (which any local
 * process or a DNS-rebinding web page controls) except to refuse a Host that is not the
 * registered one.
 */
export async function startLoopbackReceiver(redirectUri: string): Promise<LoopbackReceiver> {
  const registered = new URL(redirectUri);
  if (registered.protocol !== 'http:' || !isLoopbackHost(registered.hostname)) {
    throw new ConfigurationError(`The loopback mode needs an http://127.0.0.1 redirect_uri; ${registered.origin} is not one (use the paste mode instead)`);
  }
  let waiting: { accept: (callback: CallbackParams) => void; deliver: (url: string) => void } | undefined;
  let accepted: ServerResponse | undefined;
  let expectedHost = '';
  let callbackBase = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // DNS rebinding: a web page whose name now points at 127.0.0.1 still sends its own name.
    if (req.headers.host?.toLowerCase() !== expectedHost) {
      answer(res, 400, ignoredPage('The request was addressed to another host name than this sign-in listens on.'));
      return;
    }
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) {
      answer(res, 400, ignoredPage('The request could not be read.'));
      return;
    }
    const [path = '', query = ''] = target.split('#', 1)[0]!.split(/\?(.*)/s, 2);
    if (path !== registered.pathname) {
      answer(res, 404, { tone: 'ignored', title: 'Not found', message: 'This address only receives the sign-in redirect.', next: 'You can close this tab.' });
      return;
    }
    if (req.method !== 'GET') {
      answer(res, 405, ignoredPage('The sign-in redirect is a GET request.'));
      return;
    }
    const current = waiting;
    if (current === undefined) {
      answer(res, 400, ignoredPage(accepted ? 'This sign-in already received its redirect.' : 'No sign-in is waiting for a redirect here.'));
      return;
    }
    try {
      current.accept(callbackFromQuery(new URLSearchParams(query)));
    } catch (error) {
      answer(res, 400, ignoredPage(error instanceof OAuthFlowError ? error.message : 'The redirect could not be read.'));
      return;
    }
    waiting = undefined;
    accepted = res;
    // Built from the registered URI, not from anything the request said about itself.
    current.deliver(query === '' ? callbackBase : `${callbackBase}?${query}`);
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      // Nothing a request carries may stop the sign-in: answer and keep listening.
      if (!res.headersSent) answer(res, 400, ignoredPage('The request could not be read.'));
    }
  });
  const host = registered.hostname === '[::1]' ? '::1' : registered.hostname.toLowerCase() === 'localhost' ? '127.0.0.1' : registered.hostname;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConfigurationError(`Cannot listen on ${registered.host} for the OAuth callback: ${error.message}`)));
    server.listen(Number(registered.port || 0), host, resolve);
  });
  const actual = new URL(registered.toString());
  actual.port = String((server.address() as AddressInfo).port);
  actual.search = '';
  actual.hash = '';
  expectedHost = actual.host.toLowerCase();
  callbackBase = `${actual.origin}${actual.pathname}`;

  let stop: (() => void) | undefined;
  const close = () =>
    new Promise<void>((resolve) => {
      stop?.();
      waiting = undefined;
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    redirectUri: actual.toString(),
    waitForCallback: ({ accept, timeoutMs, signal }) =>
      new Promise<string>((resolve, reject) => {
        const onAbort = () => fail(new OAuthFlowError('The authorization was cancelled', { code: ErrorCodes.ABORTED }));
        const timer = setTimeout(
          () =>
            fail(
              new OAuthFlowError(`No authorization arrived at ${actual.origin} within ${Math.round(timeoutMs / 1000)} s; run the command again`, {
                code: ErrorCodes.ABORTED,
              }),
            ),
          timeoutMs,
        );
        stop = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        function fail(error: Error): void {
          void close();
          reject(error);
        }
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting = {
          accept,
          deliver: (url) => {
            stop?.();
            resolve(url);
          },
        };
      }),
    finish: async (outcome) => {
      if (accepted !== undefined) answer(accepted, outcome.ok ? 200 : 400, outcome.ok ? signedInPage() : signInFailedPage(outcome.message));
      await close();
    },
    close,
  };
}

function answer(res: ServerResponse, status: number, content: PageContent): void {
  res.writeHead(status, { ...PAGE_HEADERS, connection: 'close' }).end(renderPage(content));
}
