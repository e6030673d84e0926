import type { Readable, Writable } from 'node:stream';
import type { Credentials } from '../credentials.js';
import type { AuthorizationRequest, AuthorizationUrlOptions, ExchangeCodeOptions } from '../flow-types.js';
import { callbackState, checkIssuer } from '../grants/authorization-code.js';
import { isLoopbackHost } from '../params.js';
import { startLoopbackReceiver } from './loopback-receiver.js';
import { readLine } from './prompt.js';

/** Options of an interactive authorization (retrieveToken). */
export interface RetrieveTokenOptions {
  /** `loopback` (default for http://127.0.0.1 redirect URIs) receives the redirect; `paste` reads it from the terminal. */
  mode?: 'loopback' | 'paste';
  /** Authorize anew even when usable credentials are stored (e.g. to switch accounts). They are replaced only on success. */
  force?: boolean;
  /** Shows the authorization URL to the user, e.g. opens a browser. Default: prints it to `output`. */
  openUrl?: (url: string) => void | Promise<void>;
  input?: Readable;
  output?: Writable;
  /** Give up waiting for the user after this long. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Application data saved with the new credentials (see ExchangeCodeOptions.meta); stored credentials returned as they are keep theirs. */
  meta?: Readonly<Record<string, unknown>>;
}

/** The two steps of the code flow that an interactive authorization drives. */
interface CodeFlow {
  getAuthorizationUrl(options?: AuthorizationUrlOptions): Promise<AuthorizationRequest>;
  exchangeCode(codeOrRedirectUrl: string, options?: ExchangeCodeOptions): Promise<Credentials>;
}

/** The issuer an authorization response must name (RFC 9207), as the flow knows it. */
export interface ExpectedIssuer {
  issuer: string | undefined;
  issuerRequired: boolean;
}

/**
 * Asks a person to authorize: shows the URL, then receives the redirect on a loopback port
 * (RFC 8252 §7.3) or reads the pasted redirect URL — pyoauth2's console prompt without the
 * out-of-band redirect Google shut down.
 */
export async function authorizeInteractively(
  flow: CodeFlow,
  redirectUri: string,
  options: RetrieveTokenOptions,
  expected: ExpectedIssuer,
): Promise<Credentials> {
  const output = options.output ?? process.stderr;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const signal = options.signal ? { signal: options.signal } : {};
  const meta = options.meta === undefined ? {} : { meta: options.meta };
  const show =
    options.openUrl ??
    ((url: string) => {
      output.write(`Open this URL in your browser to authorize:\n\n  ${url}\n\n`);
    });
  const url = new URL(redirectUri);
  const loopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);

  if ((options.mode ?? (loopback ? 'loopback' : 'paste')) === 'paste') {
    const { url: authorizationUrl, state } = await flow.getAuthorizationUrl();
    await show(authorizationUrl);
    const answer = await readLine({
      input: options.input ?? process.stdin,
      output,
      question: 'Paste the URL you were redirected to (or the code): ',
      timeoutMs,
      ...signal,
    });
    return flow.exchangeCode(answer, { state, ...meta });
  }

  const receiver = await startLoopbackReceiver(redirectUri);
  let callbackUrl: string;
  let state: string;
  try {
    const request = await flow.getAuthorizationUrl({ redirectUri: receiver.redirectUri });
    state = request.state;
    // Only the redirect answering this authorization ends the wait: other requests are refused and ignored.
    const callback = receiver.waitForCallback({
      timeoutMs,
      ...signal,
      accept: (params) => {
        callbackState(params, request.state, false);
        checkIssuer(params, expected.issuer, expected.issuerRequired);
      },
    });
    callback.catch(() => undefined);
    await show(request.url);
    callbackUrl = await callback;
  } catch (error) {
    await receiver.close();
    throw error;
  }
  try {
    const credentials = await flow.exchangeCode(callbackUrl, { state, ...meta });
    await receiver.finish({ ok: true });
    return credentials;
  } catch (error) {
    await receiver.finish({ ok: false, message: (error as Error).message });
    throw error;
  }
}
