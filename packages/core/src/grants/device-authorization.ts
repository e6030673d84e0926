import { Credentials } from '../credentials.js';
import { ErrorCodes, InvalidResponseError, OAuth2Error, OAuthFlowError } from '../errors.js';

/** The grant type of the device access token request (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What to show the user, and how to wait for their approval (RFC 8628 §3.2). */
export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  /** The verification URI with the user code in it, for a QR code or a link. */
  verificationUriComplete?: string;
  /** Seconds the codes stay valid. */
  expiresIn: number;
  /** Seconds between polls, as the server asked. */
  interval: number;
  /**
   * Polls the token endpoint until the user approves, denies, or the code expires; saves the
   * credentials, with `meta` when given (see ExchangeCodeOptions.meta).
   */
  poll(options?: { signal?: AbortSignal; meta?: Readonly<Record<string, unknown>> }): Promise<Credentials>;
}

/**
 * Reads a device authorization response into its fields (minus poll). Google names the URIs
 * `verification_url` and `verification_url_complete` (its pre-RFC 8628 names): both are accepted.
 */
export function parseDeviceResponse(body: Record<string, unknown>): Omit<DeviceAuthorization, 'poll'> & { deviceCode: string } {
  const { device_code, user_code, expires_in, interval } = body;
  const verification_uri = body['verification_uri'] ?? body['verification_url'];
  const verification_uri_complete = body['verification_uri_complete'] ?? body['verification_url_complete'];
  if (typeof device_code !== 'string' || typeof user_code !== 'string' || typeof verification_uri !== 'string' || typeof expires_in !== 'number') {
    throw new InvalidResponseError('The device authorization response lacks device_code, user_code, verification_uri (or verification_url) or expires_in');
  }
  return {
    deviceCode: device_code,
    userCode: user_code,
    verificationUri: verification_uri,
    expiresIn: expires_in,
    interval: typeof interval === 'number' && interval > 0 ? interval : 5,
    ...(typeof verification_uri_complete === 'string' ? { verificationUriComplete: verification_uri_complete } : {}),
  };
}

/**
 * Polls at the server's interval: `authorization_pending` waits, `slow_down` adds 5 seconds,
 * anything else (access_denied, expired_token) ends with its OAuth2Error.
 */
export async function pollForToken(
  request: () => Promise<Credentials>,
  timing: { interval: number; expiresIn: number; signal?: AbortSignal },
): Promise<Credentials> {
  let intervalSeconds = timing.interval;
  const deadline = Date.now() + timing.expiresIn * 1000;
  for (;;) {
    await wait(intervalSeconds * 1000, timing.signal);
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      if (error.error === 'slow_down') intervalSeconds += 5;
      else if (error.error !== 'authorization_pending') throw error;
    }
    if (Date.now() + intervalSeconds * 1000 > deadline) {
      throw new OAuth2Error('The device code expired before the user approved it: start again', { error: 'expired_token' });
    }
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new OAuthFlowError('The device authorization was cancelled', { code: ErrorCodes.ABORTED });
    if (signal?.aborted) return reject(aborted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
