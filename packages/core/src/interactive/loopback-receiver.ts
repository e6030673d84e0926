import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, ErrorCodes, OAuthFlowError } from '../errors.js';

/** A one-shot HTTP server on the loopback interface that receives the authorization redirect (RFC 8252 §7.3). */
export interface LoopbackReceiver {
  /** The redirect URI to send, with the port actually bound. */
  readonly redirectUri: string;
  /** Resolves with the full callback URL; rejects on timeout or abort. */
  waitForCallback(options: { timeoutMs: number; signal?: AbortSignal }): Promise<string>;
  /** Answers the browser with a short page, then stops listening. */
  finish(outcome: { ok: boolean; message: string }): Promise<void>;
}

/**
 * Listens on the host and path of `redirectUri`; a URI without a port gets a free one
 * (RFC 8252 §7.3 lets native clients use any port on loopback).
 */
export async function startLoopbackReceiver(redirectUri: string): Promise<LoopbackReceiver> {
  const registered = new URL(redirectUri);
  if (registered.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(registered.hostname)) {
    throw new ConfigurationError(`The loopback mode needs an http://127.0.0.1 redirect_uri; ${registered.origin} is not one (use the paste mode instead)`);
  }
  let onCallback: ((url: string) => void) | undefined;
  let pendingResponse: ((outcome: { ok: boolean; message: string }) => void) | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? registered.host}`);
    if (url.pathname !== registered.pathname || onCallback === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not the OAuth callback.');
      return;
    }
    const deliver = onCallback;
    onCallback = undefined;
    pendingResponse = ({ ok, message }) => {
      res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(page(ok, message));
    };
    deliver(url.toString());
  });
  const host = registered.hostname === '[::1]' ? '::1' : registered.hostname === 'localhost' ? '127.0.0.1' : registered.hostname;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConfigurationError(`Cannot listen on ${registered.host} for the OAuth callback: ${error.message}`)));
    server.listen(Number(registered.port || 0), host, resolve);
  });
  const actual = new URL(registered.toString());
  actual.port = String((server.address() as AddressInfo).port);
  const close = () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });

  return {
    redirectUri: actual.toString(),
    waitForCallback: ({ timeoutMs, signal }) => new Promise<string>((resolve, reject) => {
      const fail = (error: Error) => { clearTimeout(timer); onCallback = undefined; void close(); reject(error); };
      const timer = setTimeout(() => fail(new OAuthFlowError(`No authorization arrived at ${actual.origin} within ${Math.round(timeoutMs / 1000)} s; run the command again`, { code: ErrorCodes.ABORTED })), timeoutMs);
      signal?.addEventListener('abort', () => fail(new OAuthFlowError('The authorization was cancelled', { code: ErrorCodes.ABORTED })), { once: true });
      onCallback = (url) => { clearTimeout(timer); resolve(url); };
    }),
    finish: async (outcome) => {
      pendingResponse?.(outcome);
      await close();
    },
  };
}

function page(ok: boolean, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>oauthflow</title><body style="font-family:sans-serif;margin:3em">`
    + `<h1>${ok ? 'Signed in' : 'Sign-in failed'}</h1><p>${escaped}</p><p>You can close this tab and go back to the terminal.</p></body>`;
}
